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

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.h"
#include "domain/catalog.h"
#include "domain/json.h"
#include "domain/stock_index.h"
#include "persistence/repository.h"
#include "services/app/store.h"

namespace zapas {

// One alert as computed: ids and figures, 40 bytes (a million lots may raise
// a million alerts); its text is made only when it is shown (RenderAlert).
enum class AlertKind : uint8_t {
  kExpired,
  kExpiring,
  kBelowMinimum,
  kUndistributed,
  kUnconfirmedDelivery,
  kRequestOverdue
};
inline constexpr int kAlertKinds = 6;
std::string_view AlertKindName(AlertKind k);  // "expired", ...
std::optional<AlertKind> ParseAlertKind(std::string_view s);

struct AlertRow {
  AlertKind kind = AlertKind::kExpired;
  int32_t since = 0;         // day
  int32_t warehouse_id = 0;  // 0: none
  int32_t item_id = 0;       // 0: none
  int32_t lot_id = 0;        // 0: none
  int32_t day = 0;           // the expiry, the day first held, the needed-by date
  int64_t quantity = 0;      // thousandths: in the lot, or usable of the item
  int64_t ref = 0;           // the minimum (thousandths), or the delivery's or request's id
};

// An alert as shown.
struct Alert {
  std::string kind;
  std::string warehouse, sku, lot, document;  // "" when the kind has none
  std::string detail_uk, detail_en;
  Date since = Date::FromDays(0);
};

// What the journal says that the stock index does not: deliveries still
// waiting for their proof, and requests past their needed-by date.
struct JournalFacts {
  struct OpenDelivery {
    std::string number, warehouse, recipient;
    Date date = Date::FromDays(0);
  };
  std::map<int64_t, OpenDelivery> unconfirmed;                // by entry id
  std::map<int64_t, WorkStore::StoredRequest> late_requests;  // by id
  std::vector<KitStore::MinimumRow> minimums;
  int64_t seen_entry = 0;  // the journal read up to this entry
  Date requests_day = Date::FromDays(0);

  // Reads what is new since `seen_entry` (everything the first time), and
  // the requests and levels again when anything was or the day changed.
  Status CatchUp(Repository& repo, Date today, bool minimums_changed);
};

// Every alert on `today`, sorted by kind, then since, then warehouse, item,
// lot and document. Pure.
std::vector<AlertRow> ComputeAlerts(const Catalog& catalog, const StockIndex& index,
                                    const JournalFacts& facts, const Config::Alerts& settings,
                                    Date today);
// `rows` (ComputeAlerts' of the same day) brought up to date: the alerts of
// the balances `changed` (warehouse id, lot id) and of their items' levels
// computed again, and the journal's when `journal_changed`.
void UpdateAlerts(std::vector<AlertRow>& rows,
                  const std::vector<std::pair<int32_t, int32_t>>& changed, bool journal_changed,
                  const Catalog& catalog, const StockIndex& index, const JournalFacts& facts,
                  const Config::Alerts& settings, Date today);
// An alert's text and codes, from the catalog and facts it was computed from.
Alert RenderAlert(const AlertRow& row, const Catalog& catalog, const JournalFacts& facts,
                  Date today);

// The alerts chosen to show and how many there are of each kind.
// Something about the server itself that a digest says before the alerts
// (a failed or missing backup), in both languages.
struct Notice {
  std::string uk, en;
};

struct AlertSelection {
  std::vector<Notice> notices;
  std::vector<Alert> alerts;
  size_t counts[kAlertKinds] = {};
  size_t total = 0;  // how many matched in all
};
// The rows that `keep` takes, after skipping `skip` of them, at most `limit`
// (and at most `per_kind` of each kind), rendered. A page (per_kind
// unlimited) stops at the first row past it: `total` is then skip + the
// alerts + 1 when there are more; a digest (per_kind given) counts every
// row, per kind in `counts`.
using AlertFilter = std::function<bool(const AlertRow&, const Catalog&)>;
// `kind`, when given, narrows the rows to that kind's (they are sorted by kind).
AlertSelection SelectAlerts(const std::vector<AlertRow>& rows, const Catalog& catalog,
                            const JournalFacts& facts, Date today, std::optional<AlertKind> kind,
                            const AlertFilter& keep, size_t skip, size_t limit,
                            size_t per_kind = SIZE_MAX);

// The alerts a server answers, recomputed only when the journal grew, the
// committed state was republished, the levels changed or the day turned.
// Thread-safe.
class AlertBoard {
 public:
  explicit AlertBoard(Config::Alerts settings) : settings_(std::move(settings)) {}
  // SelectAlerts over the current alerts.
  Result<AlertSelection> Select(Store& store, Date today, std::optional<AlertKind> kind,
                                const AlertFilter& keep, size_t skip, size_t limit,
                                size_t per_kind = SIZE_MAX);
  void MinimumsChanged();
  const Config::Alerts& settings() const { return settings_; }

 private:
  const Config::Alerts settings_;
  std::mutex mu_;
  JournalFacts facts_;
  bool minimums_changed_ = true;
  std::chrono::steady_clock::time_point minimums_read_;
  int64_t cached_entry_ = -1;
  uint64_t cached_state_ = UINT64_MAX;
  Date cached_day_ = Date::FromDays(0);
  std::vector<AlertRow> rows_;
};

// {"kind", "warehouse"?, "sku"?, "lot"?, "document"?, "detail", "since"} in
// `language` ("en", else Ukrainian).
void WriteAlert(JsonWriter& w, const Alert& a, const std::string& language);

}  // namespace zapas
