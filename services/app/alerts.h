// Alerts: what needs someone's attention, computed from the in-memory stock
// index and the facts of the journal, never by scanning the database per
// call (GET /alerts, the daily digest of services/app/notify.h).
//
//   expired               a lot with stock past its expiry (since the day after it)
//   expiring              a lot with stock expiring within `expiring_days`
//   below_minimum         an item's stock in a warehouse below its reorder level
//   undistributed         a lot held longer than `undistributed_days` (of the
//                         90 Resolution 953 allows) since it first came in
//   unconfirmed_delivery  a delivery without proof of delivery after `unconfirmed_days`
//   request_overdue       a request past its needed-by date and not fulfilled
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "config/config.h"
#include "domain/catalog.h"
#include "domain/json.h"
#include "domain/stock_index.h"
#include "persistence/repository.h"
#include "services/app/store.h"

namespace zapas {

struct Alert {
  std::string kind;
  std::string warehouse, sku, lot, document;  // "" when the kind has none
  std::string detail_uk, detail_en;
  Date since = Date::FromDays(0);
};

// The kinds, in the order alerts are listed.
const std::vector<std::string>& AlertKinds();

// What the journal says that the stock index does not: deliveries still
// waiting for their proof, and requests past their needed-by date.
struct JournalFacts {
  struct OpenDelivery {
    std::string number, warehouse, recipient;
    Date date = Date::FromDays(0);
  };
  std::map<int64_t, OpenDelivery> unconfirmed;  // by entry id
  std::vector<WorkStore::StoredRequest> late_requests;
  std::vector<WorkStore::MinimumRow> minimums;
  int64_t seen_entry = 0;  // the journal read up to this entry
  Date requests_day = Date::FromDays(0);

  // Reads what is new since `seen_entry` (everything the first time), and
  // the requests and levels again when anything was or the day changed.
  Status CatchUp(Repository& repo, Date today, bool minimums_changed);
};

// Every alert on `today`, sorted by kind then since. Pure.
std::vector<Alert> ComputeAlerts(const Catalog& catalog, const StockIndex& index,
                                 const JournalFacts& facts, const Config::Alerts& settings,
                                 Date today);

// The alerts a server answers, recomputed only when the journal grew, the
// levels changed or the day turned. Thread-safe.
class AlertBoard {
 public:
  explicit AlertBoard(Config::Alerts settings) : settings_(std::move(settings)) {}
  Result<std::vector<Alert>> Current(Store& store, Date today);
  void MinimumsChanged();
  const Config::Alerts& settings() const { return settings_; }

 private:
  const Config::Alerts settings_;
  std::mutex mu_;
  JournalFacts facts_;
  bool minimums_changed_ = true;
  int64_t cached_entry_ = -1;
  uint64_t cached_state_ = UINT64_MAX;
  Date cached_day_ = Date::FromDays(0);
  std::vector<Alert> cached_;
};

// {"kind", "warehouse"?, "sku"?, "lot"?, "document"?, "detail", "since"} in
// `language` ("en", else Ukrainian).
void WriteAlert(JsonWriter& w, const Alert& a, const std::string& language);

}  // namespace zapas
