// The bench cluster: the database the HTTP benchmarks run against, built fast
// through the Repository API (not over HTTP), and the deliveries they send.
// 30 items (BENCH-001 ...), warehouses WH-KYIV and WH-LVIV, the donor EU-ECHO
// (EUR), the recipient MU-A1234 (a military unit); lot k is PlanLot(k), 1000
// units received on 2026-01-12.
//
// For programs run by hand: failures end the program through Die().
#pragma once

#include <cstdint>
#include <random>
#include <string>

#include "bench/bench_support.h"
#include "domain/date.h"

namespace zapas::bench {

inline constexpr int kItems = 30;
inline constexpr const char* kWarehouses[] = {"WH-KYIV", "WH-LVIV"};
inline constexpr const char* kRecipient = "MU-A1234";

// The SKU of item i (0-based): "BENCH-001" ...
std::string Sku(int i);

// Lot k of the bench database, as BuildDatabase makes it: item k % kItems in
// warehouse (k / kItems) % 2, batch "B%08lld". Of the lots of items that
// track expiry, 1 in 20 expired before the deliveries' date (2026-11-27); the
// rest expire over ~4 years from 2026-12-01.
struct LotPlan {
  int item = 0;
  int warehouse = 0;
  std::string batch;
  zapas::Date expiry = zapas::Date::Never();
  bool expired = false;  // on the deliveries' date
};
LotPlan PlanLot(int64_t k);

struct BuildStats {
  double seconds = 0;
  int64_t lots = 0;
  int64_t entries = 0;
  int64_t postings = 0;
  double file_mb = 0;
};

// Builds a database of `lots` lots at `db` (a SQLite file or a PostgreSQL
// URL) through the Repository API. Each lot is received (1000 units) by a
// journal entry of kind "receipt" holding the postings of 100 lots; lots are
// spread over the items, both warehouses and many expiry dates (a few
// already expired, some never).
BuildStats BuildDatabase(const std::string& db, int64_t lots);

// BuildDatabase, printing what it built; `what` is "" or "big ".
void Build(const std::string& path, int64_t lots, const char* what);

// Waits for `server` (Die after 300 s), then prints its stock index rebuild
// line and its port.
void AwaitServer(Server& server);

// The delivery entries in the journal of `db` (a SQLite file or a PostgreSQL
// URL); -1 when it cannot be read.
int64_t CountDeliveries(const std::string& db);

// The body of a delivery of one unit of `sku` from `warehouse` to the
// recipient, dated 2026-11-27; from `lot`, or first-expiry-first-out when it
// is empty.
Request Delivery(const char* warehouse, const std::string& sku, const std::string& lot);

// A delivery from a lot picked at random among all the lots that have not
// expired, named in the request. The load spreads over every lot, item and
// both warehouses, as the many warehouses of a cluster spread it, instead of
// piling onto the 60 lots first-expiry-first-out picks first, which servers
// sharing a database would fight over far more than real use does. A lot
// holds 1000 units; at R deliveries/s for S s each lot gives about R*S/lots.
Request SpreadDelivery(std::mt19937_64& rng, int64_t lots);

}  // namespace zapas::bench
