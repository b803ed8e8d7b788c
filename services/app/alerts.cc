#include "services/app/alerts.h"

#include <algorithm>
#include <chrono>
#include <iterator>
#include <set>
#include <tuple>
#include <unordered_map>

#include "domain/journal_document.h"
#include "domain/json.h"
#include "printing/format.h"

namespace zapas {

namespace {
constexpr std::string_view kKindNames[kAlertKinds] = {
    "expired",        "expiring", "below_minimum", "undistributed", "unconfirmed_delivery",
    "request_overdue"};
}  // namespace

std::string_view AlertKindName(AlertKind k) { return kKindNames[static_cast<int>(k)]; }

std::optional<AlertKind> ParseAlertKind(std::string_view s) {
  for (int i = 0; i < kAlertKinds; ++i) {
    if (kKindNames[i] == s) return static_cast<AlertKind>(i);
  }
  return std::nullopt;
}

Status JournalFacts::CatchUp(Repository& repo, Date today, bool minimums_changed) {
  bool grew = false;
  if (seen_entry == 0) {
    ZAPAS_ASSIGN_OR_RETURN(StateMark mark, repo.CurrentMark());
    JournalStore::DocumentQuery q;
    q.kinds = {"delivery"};
    q.confirmed = false;
    q.reversed = false;
    q.limit = 1000;
    for (;;) {
      ZAPAS_ASSIGN_OR_RETURN(auto page, repo.ListDocuments(q));
      for (const auto& d : page) {
        unconfirmed[d.id] = OpenDelivery{d.number, d.warehouse, d.recipient, d.date};
        q.before = d.id;
      }
      if (page.size() < static_cast<size_t>(q.limit)) break;
    }
    seen_entry = std::max<int64_t>(mark.entries, 1);
    grew = true;
  } else {
    Status bad = Status::Ok();
    ZAPAS_RETURN_IF_ERROR(repo.ForEachEntry(seen_entry, [&](const JournalEntry& e) {
      seen_entry = e.id;
      grew = true;
      if (e.kind == "delivery") {
        auto doc = DecodeMovement(e.kind, e.document);
        if (!doc.ok()) {
          bad = doc.status();
          return false;
        }
        unconfirmed[e.id] = OpenDelivery{e.number, doc->warehouse, doc->recipient, e.date};
      } else if (e.kind == "confirmation" || e.kind == "reversal") {
        unconfirmed.erase(e.refers_to);
      }
      return true;
    }));
    ZAPAS_RETURN_IF_ERROR(bad);
  }
  if (grew || requests_day != today) {
    WorkStore::RequestQuery q;
    q.statuses = {RequestStatus::kOpen, RequestStatus::kPartial};
    q.limit = 1 << 20;
    ZAPAS_ASSIGN_OR_RETURN(auto open, repo.ListRequests(q));
    late_requests.clear();
    for (auto& r : open) {
      if (r.needed_by && *r.needed_by < today) late_requests[r.id] = std::move(r);
    }
    requests_day = today;
  }
  if (minimums_changed) {
    ZAPAS_ASSIGN_OR_RETURN(minimums, repo.ListMinimums());
  }
  return Status::Ok();
}

namespace {

std::string Qty(int64_t milli) { return Quantity::FromMilli(milli).ToString(); }

// The last day the item's stock in a warehouse fell below `level`, from the
// per-day changes of its lots there.
int32_t FellBelow(std::vector<DatedDelta>& changes, int64_t level) {
  std::sort(changes.begin(), changes.end(),
            [](const DatedDelta& a, const DatedDelta& b) { return a.day < b.day; });
  int64_t balance = 0;
  int32_t since = changes.empty() ? 0 : changes.front().day;
  for (size_t i = 0; i < changes.size();) {
    const int32_t day = changes[i].day;
    const bool was_below = balance < level;
    while (i < changes.size() && changes[i].day == day) balance += changes[i++].delta;
    if (!was_below && balance < level) since = day;
  }
  return since;
}

bool RowBefore(const AlertRow& a, const AlertRow& b) {
  return std::tie(a.kind, a.since, a.warehouse_id, a.item_id, a.lot_id, a.ref) <
         std::tie(b.kind, b.since, b.warehouse_id, b.item_id, b.lot_id, b.ref);
}

bool IsStockKind(AlertKind k) {
  return k == AlertKind::kExpired || k == AlertKind::kExpiring || k == AlertKind::kUndistributed;
}

int64_t LevelKey(int32_t wh, int32_t item) { return (static_cast<int64_t>(wh) << 32) | item; }

// The reorder levels by (warehouse, item).
std::unordered_map<int64_t, int64_t> Levels(const Catalog& catalog, const JournalFacts& facts) {
  std::unordered_map<int64_t, int64_t> level;
  for (const KitStore::MinimumRow& m : facts.minimums) {
    const Item* item = catalog.ItemBySku(m.sku);
    const Warehouse* wh = catalog.WarehouseByCode(m.warehouse);
    if (item != nullptr && wh != nullptr && m.milli > 0)
      level[LevelKey(wh->id, item->id)] = m.milli;
  }
  return level;
}

// The alerts of a balance in stock: expired or expiring, and held too long
// since `first_day` (the first day any warehouse held its lot).
void BalanceRows(const LotBalance& b, int32_t first_day, const Config::Alerts& settings,
                 int32_t now, std::vector<AlertRow>& out) {
  AlertRow row{.warehouse_id = b.warehouse_id,
               .item_id = b.item_id,
               .lot_id = b.lot_id,
               .day = b.expiry_day,
               .quantity = b.quantity};
  if (b.expiry_day < now) {
    row.kind = AlertKind::kExpired;
    row.since = b.expiry_day + 1;
    out.push_back(row);
  } else if (b.expiry_day <= now + settings.expiring_days) {
    row.kind = AlertKind::kExpiring;
    row.since = b.expiry_day - settings.expiring_days;
    out.push_back(row);
  }
  if (first_day + settings.undistributed_days < now) {
    row.kind = AlertKind::kUndistributed;
    row.since = first_day + settings.undistributed_days + 1;
    row.day = first_day;
    out.push_back(row);
  }
}

// The alert of an item short of its level in a warehouse, if it is.
void MinimumRow(int64_t k, int64_t minimum, int64_t usable, std::vector<DatedDelta>& changes,
                int32_t now, std::vector<AlertRow>& out) {
  if (usable >= minimum) return;
  out.push_back(
      AlertRow{.kind = AlertKind::kBelowMinimum,
               .since = changes.empty() ? now : std::min(now, FellBelow(changes, minimum)),
               .warehouse_id = static_cast<int32_t>(k >> 32),
               .item_id = static_cast<int32_t>(k & 0xffffffff),
               .quantity = usable,
               .ref = minimum});
}

// The alerts of the journal's facts, sorted.
std::vector<AlertRow> JournalRows(const Catalog& catalog, const JournalFacts& facts,
                                  const Config::Alerts& settings, int32_t now) {
  std::vector<AlertRow> out;
  for (const auto& [id, d] : facts.unconfirmed) {
    if (d.date.days() + settings.unconfirmed_days >= now) continue;
    const Warehouse* wh = catalog.WarehouseByCode(d.warehouse);
    out.push_back(AlertRow{.kind = AlertKind::kUnconfirmedDelivery,
                           .since = d.date.days() + settings.unconfirmed_days + 1,
                           .warehouse_id = wh ? wh->id : 0,
                           .day = d.date.days(),
                           .ref = id});
  }
  for (const auto& [id, r] : facts.late_requests) {
    out.push_back(AlertRow{.kind = AlertKind::kRequestOverdue,
                           .since = r.needed_by->days() + 1,
                           .day = r.needed_by->days(),
                           .ref = id});
  }
  std::sort(out.begin(), out.end(), RowBefore);
  return out;
}

}  // namespace

std::vector<AlertRow> ComputeAlerts(const Catalog& catalog, const StockIndex& index,
                                    const JournalFacts& facts, const Config::Alerts& settings,
                                    Date today) {
  std::vector<AlertRow> out;
  const int32_t now = today.days();
  const std::unordered_map<int64_t, int64_t> level = Levels(catalog, facts);
  std::unordered_map<int64_t, int64_t> usable;
  // One pass over the stock: the lots in stock; the first day each lot was
  // held anywhere (a lot's balances are few); the usable (unexpired) stock of
  // the items with a level.
  std::vector<const LotBalance*> held;
  std::vector<std::pair<int32_t, int32_t>> first_day;  // (lot, day), sorted below
  held.reserve(index.size());
  first_day.reserve(index.size());
  index.ForEach([&](const LotBalance& b) {
    if (b.timeline.empty()) return true;
    first_day.emplace_back(b.lot_id, b.timeline.front().day);
    if (b.quantity <= 0) return true;
    held.push_back(&b);
    if (!level.empty() && b.expiry_day >= now) {
      const int64_t k = LevelKey(b.warehouse_id, b.item_id);
      if (level.count(k) > 0) usable[k] += b.quantity;
    }
    return true;
  });
  std::sort(first_day.begin(), first_day.end());
  out.reserve(held.size() + level.size() + facts.unconfirmed.size());
  for (const LotBalance* b : held) {
    // The lot's smallest day: pairs sort by day within a lot.
    auto first =
        std::lower_bound(first_day.begin(), first_day.end(), std::pair{b->lot_id, INT32_MIN});
    BalanceRows(*b, first->second, settings, now, out);
  }
  // The items short of their level, and since when: from the per-day
  // changes of their lots there (read in a second pass, only when some item
  // is short).
  std::unordered_map<int64_t, std::vector<DatedDelta>> changes;
  for (const auto& [k, minimum] : level) {
    if (usable[k] < minimum) changes[k];
  }
  if (!changes.empty()) {
    index.ForEach([&](const LotBalance& b) {
      auto it = changes.find(LevelKey(b.warehouse_id, b.item_id));
      if (it != changes.end()) {
        it->second.insert(it->second.end(), b.timeline.begin(), b.timeline.end());
      }
      return true;
    });
  }
  for (auto& [k, deltas] : changes) MinimumRow(k, level.at(k), usable[k], deltas, now, out);
  std::vector<AlertRow> journal = JournalRows(catalog, facts, settings, now);
  std::sort(out.begin(), out.end(), RowBefore);
  out.insert(out.end(), journal.begin(), journal.end());  // their kinds come last
  return out;
}

void UpdateAlerts(std::vector<AlertRow>& rows,
                  const std::vector<std::pair<int32_t, int32_t>>& changed, bool journal_changed,
                  const Catalog& catalog, const StockIndex& index, const JournalFacts& facts,
                  const Config::Alerts& settings, Date today) {
  const int32_t now = today.days();
  if (journal_changed) {
    const auto cut = std::lower_bound(
        rows.begin(), rows.end(), AlertRow{.kind = AlertKind::kUnconfirmedDelivery},
        [](const AlertRow& a, const AlertRow& b) { return a.kind < b.kind; });
    rows.erase(cut, rows.end());
    std::vector<AlertRow> journal = JournalRows(catalog, facts, settings, now);
    rows.insert(rows.end(), journal.begin(), journal.end());
  }
  if (changed.empty()) return;
  const std::unordered_map<int64_t, int64_t> level = Levels(catalog, facts);
  // A changed balance may change its lot's first day, hence the lot's alerts
  // in every warehouse: those are computed again.
  std::set<int32_t> lots;
  std::set<int64_t> items;  // (warehouse, item) with a level
  for (const auto& [wh, lot_id] : changed) {
    lots.insert(lot_id);
    const Lot* lot = catalog.LotById(lot_id);
    if (lot != nullptr && level.count(LevelKey(wh, lot->item_id)) > 0) {
      items.insert(LevelKey(wh, lot->item_id));
    }
  }
  std::erase_if(rows, [&](const AlertRow& r) {
    if (IsStockKind(r.kind)) return lots.count(r.lot_id) > 0;
    return r.kind == AlertKind::kBelowMinimum && items.count(LevelKey(r.warehouse_id, r.item_id));
  });
  std::vector<AlertRow> fresh;
  for (int32_t lot_id : lots) {
    const Lot* lot = catalog.LotById(lot_id);
    if (lot == nullptr) continue;
    std::vector<const LotBalance*> balances;
    int32_t first = INT32_MAX;
    index.ForEachOfItem(lot->item_id, lot->expiry, [&](const LotBalance& b) {
      if (b.expiry_day > lot->expiry.days()) return false;
      if (b.lot_id == lot_id && !b.timeline.empty()) {
        first = std::min(first, b.timeline.front().day);
        if (b.quantity > 0) balances.push_back(&b);
      }
      return true;
    });
    for (const LotBalance* b : balances) BalanceRows(*b, first, settings, now, fresh);
  }
  for (int64_t k : items) {
    const int32_t wh = static_cast<int32_t>(k >> 32), item = static_cast<int32_t>(k & 0xffffffff);
    int64_t usable = 0;
    std::vector<DatedDelta> changes;
    index.ForEachOfItem(item, Date::FromDays(INT32_MIN / 2), [&](const LotBalance& b) {
      if (b.warehouse_id != wh) return true;
      if (b.expiry_day >= now) usable += b.quantity;
      changes.insert(changes.end(), b.timeline.begin(), b.timeline.end());
      return true;
    });
    MinimumRow(k, level.at(k), usable, changes, now, fresh);
  }
  std::sort(fresh.begin(), fresh.end(), RowBefore);
  std::vector<AlertRow> merged;
  merged.reserve(rows.size() + fresh.size());
  std::merge(rows.begin(), rows.end(), fresh.begin(), fresh.end(), std::back_inserter(merged),
             RowBefore);
  rows = std::move(merged);
}

Alert RenderAlert(const AlertRow& row, const Catalog& catalog, const JournalFacts& facts,
                  Date today) {
  Alert a;
  a.kind = std::string(AlertKindName(row.kind));
  a.since = Date::FromDays(row.since);
  const Warehouse* wh = row.warehouse_id ? catalog.WarehouseById(row.warehouse_id) : nullptr;
  const Item* item = row.item_id ? catalog.ItemById(row.item_id) : nullptr;
  const Lot* lot = row.lot_id ? catalog.LotById(row.lot_id) : nullptr;
  if (wh) a.warehouse = wh->code;
  if (item) a.sku = item->sku;
  if (lot) a.lot = lot->batch;
  const std::string day = Date::FromDays(row.day).ToString();
  std::string qty_uk, qty_en, name_uk, name_en;
  if (item) {
    const auto [unit_uk, unit_en] = printing::UnitLabels(item->unit);
    qty_uk = Qty(row.quantity) + " " + unit_uk;
    qty_en = Qty(row.quantity) + " " + unit_en;
    name_uk = "«" + item->name_uk + "»";
    name_en = item->name_en;
  }
  switch (row.kind) {
    case AlertKind::kExpired:
      a.detail_uk = qty_uk + " " + name_uk + " прострочено " + day;
      a.detail_en = qty_en + " of " + name_en + " expired on " + day;
      break;
    case AlertKind::kExpiring:
      a.detail_uk = qty_uk + " " + name_uk + " спливає " + day;
      a.detail_en = qty_en + " of " + name_en + " expires on " + day;
      break;
    case AlertKind::kUndistributed: {
      const std::string days = std::to_string(today.days() - row.day);
      a.detail_uk =
          qty_uk + " " + name_uk + " на складі " + days + " дн. з " + day + " (допустимо 90)";
      a.detail_en =
          qty_en + " of " + name_en + " held " + days + " days since " + day + " (90 allowed)";
      break;
    }
    case AlertKind::kBelowMinimum:
      a.detail_uk = name_uk + ": " + qty_uk + ", мінімум " + Qty(row.ref);
      a.detail_en = name_en + ": " + qty_en + ", minimum " + Qty(row.ref);
      break;
    case AlertKind::kUnconfirmedDelivery: {
      auto it = facts.unconfirmed.find(row.ref);
      if (it == facts.unconfirmed.end()) break;
      const JournalFacts::OpenDelivery& d = it->second;
      const std::string days = std::to_string(today.days() - row.day);
      a.document = d.number;
      a.detail_uk = d.number + " від " + day + " до " + d.recipient +
                    ": немає підтвердження отримання " + days + " дн.";
      a.detail_en = d.number + " of " + day + " to " + d.recipient + ": no proof of delivery for " +
                    days + " days";
      break;
    }
    case AlertKind::kRequestOverdue: {
      auto it = facts.late_requests.find(row.ref);
      if (it == facts.late_requests.end()) break;
      a.document = it->second.number;
      a.detail_uk =
          a.document + " від " + it->second.recipient + ": потрібно до " + day + ", не виконано";
      a.detail_en =
          a.document + " from " + it->second.recipient + ": needed by " + day + ", not fulfilled";
      break;
    }
  }
  return a;
}

AlertSelection SelectAlerts(const std::vector<AlertRow>& rows, const Catalog& catalog,
                            const JournalFacts& facts, Date today, std::optional<AlertKind> kind,
                            const AlertFilter& keep, size_t skip, size_t limit, size_t per_kind) {
  AlertSelection s;
  const bool page = per_kind == SIZE_MAX;
  auto first = rows.begin(), last = rows.end();
  if (kind) {
    auto by_kind = [](const AlertRow& a, const AlertRow& b) { return a.kind < b.kind; };
    std::tie(first, last) = std::equal_range(first, last, AlertRow{.kind = *kind}, by_kind);
  }
  for (auto it = first; it != last; ++it) {
    const AlertRow& row = *it;
    if (keep && !keep(row, catalog)) continue;
    if (page && s.alerts.size() >= limit && s.total >= skip) {
      ++s.total;  // one more than shown: there is a next page
      break;
    }
    size_t& of_kind = s.counts[static_cast<int>(row.kind)];
    ++of_kind;
    if (s.total++ < skip || s.alerts.size() >= limit || of_kind > per_kind) continue;
    s.alerts.push_back(RenderAlert(row, catalog, facts, today));
  }
  return s;
}

Result<AlertSelection> AlertBoard::Select(Store& store, Date today, std::optional<AlertKind> kind,
                                          const AlertFilter& keep, size_t skip, size_t limit,
                                          size_t per_kind) {
  std::lock_guard<std::mutex> lock(mu_);
  {
    ZAPAS_ASSIGN_OR_RETURN(auto conn, store.Reader());
    // The levels are read again when set here, and every 30 s for those set
    // through another server on the same database; they count as changed
    // only when they differ.
    const auto now = std::chrono::steady_clock::now();
    const bool reread = minimums_changed_ || now - minimums_read_ > std::chrono::seconds(30);
    std::vector<KitStore::MinimumRow> before;
    if (reread) before = facts_.minimums;
    ZAPAS_RETURN_IF_ERROR(facts_.CatchUp(*conn, today, reread));
    if (reread) {
      minimums_read_ = now;
      minimums_changed_ = minimums_changed_ || before != facts_.minimums;
    }
  }
  return store.Read([&](const Catalog& catalog, const StockIndex& index) {
    // Everything again when the day turned or the levels changed; else the
    // balances the publications since changed, and the journal's facts.
    std::vector<std::pair<int32_t, int32_t>> changed;
    const bool journal_changed = facts_.seen_entry != cached_entry_;
    bool full = today != cached_day_ || minimums_changed_;
    if (!full && store.published() != cached_state_) {
      full = !store.ChangedSince(cached_state_, changed);
    }
    if (full) {
      rows_ = ComputeAlerts(catalog, index, facts_, settings_, today);
    } else if (journal_changed || !changed.empty()) {
      UpdateAlerts(rows_, changed, journal_changed, catalog, index, facts_, settings_, today);
    }
    cached_entry_ = facts_.seen_entry;
    cached_state_ = store.published();
    cached_day_ = today;
    minimums_changed_ = false;
    return SelectAlerts(rows_, catalog, facts_, today, kind, keep, skip, limit, per_kind);
  });
}

void AlertBoard::MinimumsChanged() {
  std::lock_guard<std::mutex> lock(mu_);
  minimums_changed_ = true;
}

void WriteAlert(JsonWriter& w, const Alert& a, const std::string& language) {
  w.BeginObject().Field("kind", a.kind);
  if (!a.warehouse.empty()) w.Field("warehouse", a.warehouse);
  if (!a.sku.empty()) w.Field("sku", a.sku);
  if (!a.lot.empty()) w.Field("lot", a.lot);
  if (!a.document.empty()) w.Field("document", a.document);
  w.Field("detail", language == "en" ? a.detail_en : a.detail_uk)
      .Field("since", a.since.ToString())
      .EndObject();
}

}  // namespace zapas
