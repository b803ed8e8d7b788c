// Crash-safety harness: the real `zapas serve` on a temporary database (of the
// backend ZAPAS_TEST_BACKEND names, server_process.h), written to by parallel
// clients and killed with SIGKILL at a random moment, round after round, then
// restarted and checked. Shared by the bounded test
// (tests/services/crash_safety_test.cc) and the soak (bench/crash_soak).
//
// Each client thread sends receipts (2-4 lines, each its own lot), deliveries,
// transfers and cash donations, every one under its own Idempotency-Key, and
// records what was acknowledged (201 with id and number) and what was still
// unanswered when the server died. After each kill the harness:
//   1. runs `zapas verify` on the database as the crash left it (exit 0);
//   2. restarts the server and reads the whole journal, the whole stock and
//      the cash account's balance;
//   3. finds every acknowledged write with its kind and number, and for the
//      movements GET /<kind>/<id> answers the acknowledged reply byte for byte;
//   4. retries every unanswered request with its own key and body: each must
//      succeed, and an id at or below the journal's head before the retries
//      says the request had landed whole before the kill;
//   5. checks that the journal holds exactly the acknowledged and landed writes
//      (nothing else, nothing half), and that stock per lot and the cash
//      balance equal the sum of their effects, line by line;
//   6. checks the same after the retries with every request counted once, and
//      that replaying the retries again writes nothing.
// Randomness (the writes and the moment of each kill) comes from one seed, so
// a failing run can be replayed with the same seed. Not thread-safe: one
// harness per process, driven from one thread.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include "tests/services/server_process.h"

namespace zapas::testing {

struct CrashOptions {
  uint64_t seed = 1;
  int threads = 4;
  int min_kill_ms = 100;        // the kill comes this long after the first answer,
  int max_kill_ms = 600;        // or later, up to this (uniform)
  std::ostream* log = nullptr;  // one line per round when given
};

struct CrashTotals {
  int rounds = 0;
  int64_t acknowledged = 0;           // 201 replies received before a kill
  int64_t unanswered = 0;             // requests in flight (or never sent) at a kill
  int64_t landed = 0;                 // unanswered requests that were stored whole anyway
  int64_t lost = 0;                   // acknowledged writes missing after the restart
  double write_seconds = 0;           // time the writers ran, summed over rounds
  std::vector<std::string> failures;  // every check that failed, with its round
};

// The seed to use: $ZAPAS_CRASH_SEED when set, else one drawn from the clock.
uint64_t CrashSeedFromEnvironment();

class CrashHarness {
 public:
  explicit CrashHarness(CrashOptions options);
  ~CrashHarness();

  // Creates the database, the admin user and the master data, and starts the
  // server. Throws std::runtime_error when that fails.
  void Setup();
  // One round: write, SIGKILL, verify, restart, check, retry, check again.
  // Failed checks are added to totals().failures; returns whether this round
  // added none.
  bool RunRound();
  // Stops the server with SIGTERM and runs `zapas verify` once more.
  void Finish();

  const CrashTotals& totals() const { return totals_; }

  // One expected stock balance: "warehouse|sku|lot" -> thousandths.
  using StockMap = std::map<std::string, int64_t>;

  struct Write {
    std::string path;  // "/api/v1/receipts"
    std::string body;
    std::string key;         // Idempotency-Key
    std::string kind;        // the journal kind: receipt, delivery, transfer, cash_donation
    StockMap stock;          // its effect on stock
    int64_t cash_minor = 0;  // its effect on the cash account
  };

 private:
  struct Acked {
    Write write;
    int64_t id;
    std::string number;
    std::string body;
  };
  struct Snapshot {
    std::map<int64_t, std::pair<std::string, std::string>> journal;  // id -> kind, number
    StockMap stock;
    int64_t cash_minor = 0;
  };

  void Fail(const std::string& what);
  void Login();
  HttpReply Call(const std::string& method, const std::string& path, const std::string& body = "",
                 const std::string& key = "");
  void Must(const std::string& path, const std::string& body);
  void WriteUntilKilled(int kill_ms, std::vector<Acked>& acked, std::vector<Write>& unanswered);
  void RunVerify(const std::string& when);
  // Calls f on every item of a paged list (GET path?limit=1000&after=...).
  void ForEachListed(const std::string& path,
                     const std::function<void(const Poco::JSON::Object::Ptr&)>& f);
  Snapshot Read();
  void CheckAcked(const std::vector<Acked>& acked, const Snapshot& s);
  void CheckState(const Snapshot& s, const std::set<int64_t>& ids, const StockMap& stock,
                  int64_t cash_minor, const std::string& when);
  void Count(const Write& w, StockMap& stock, int64_t& cash_minor) const;

  CrashOptions options_;
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<HttpClient> client_;
  std::string token_;
  uint64_t rng_state_;
  int round_ = 0;

  // Everything stored so far (confirmed by an acknowledgement or a retry).
  std::set<int64_t> stored_ids_;
  StockMap stock_;
  int64_t cash_minor_ = 0;

  CrashTotals totals_;
};

}  // namespace zapas::testing
