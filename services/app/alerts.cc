#include "services/app/alerts.h"

#include <algorithm>
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

}  // namespace

std::vector<AlertRow> ComputeAlerts(const Catalog& catalog, const StockIndex& index,
                                    const JournalFacts& facts, const Config::Alerts& settings,
                                    Date today) {
  std::vector<AlertRow> out;
  const int32_t now = today.days();
  const int32_t expiring_until = now + settings.expiring_days;
  // Lots in stock, by expiry, and how long the cluster has held each (from
  // the first day any warehouse had it: a lot's balances are few).
  std::vector<const LotBalance*> held;
  held.reserve(index.size());
  index.ForEach([&](const LotBalance& b) {
    if (b.quantity > 0 && !b.timeline.empty()) held.push_back(&b);
    return true;
  });
  std::vector<std::pair<int32_t, int32_t>> first_day;  // (lot, day), sorted
  first_day.reserve(held.size());
  index.ForEach([&](const LotBalance& b) {
    if (!b.timeline.empty()) first_day.emplace_back(b.lot_id, b.timeline.front().day);
    return true;
  });
  std::sort(first_day.begin(), first_day.end());
  auto first_of = [&](int32_t lot) {
    auto it = std::lower_bound(first_day.begin(), first_day.end(), std::pair{lot, INT32_MIN});
    return it->second;  // the lot's smallest day: pairs sort by day within a lot
  };
  for (const LotBalance* b : held) {
    AlertRow row{.warehouse_id = b->warehouse_id,
                 .item_id = b->item_id,
                 .lot_id = b->lot_id,
                 .day = b->expiry_day,
                 .quantity = b->quantity};
    if (b->expiry_day < now) {
      row.kind = AlertKind::kExpired;
      row.since = b->expiry_day + 1;
      out.push_back(row);
    } else if (b->expiry_day <= expiring_until) {
      row.kind = AlertKind::kExpiring;
      row.since = b->expiry_day - settings.expiring_days;
      out.push_back(row);
    }
    const int32_t in = first_of(b->lot_id);
    if (in + settings.undistributed_days < now) {
      row.kind = AlertKind::kUndistributed;
      row.since = in + settings.undistributed_days + 1;
      row.day = in;
      out.push_back(row);
    }
  }
  // Reorder levels: the usable (unexpired) stock of each item with a level,
  // summed from the lots in stock; the day it fell below, only for those short.
  auto key = [](int32_t wh, int32_t item) { return (static_cast<int64_t>(wh) << 32) | item; };
  std::unordered_map<int64_t, int64_t> level, usable;
  for (const WorkStore::MinimumRow& m : facts.minimums) {
    const Item* item = catalog.ItemBySku(m.sku);
    const Warehouse* wh = catalog.WarehouseByCode(m.warehouse);
    if (item != nullptr && wh != nullptr && m.milli > 0) level[key(wh->id, item->id)] = m.milli;
  }
  if (!level.empty()) {
    for (const LotBalance* b : held) {
      const int64_t k = key(b->warehouse_id, b->item_id);
      if (b->expiry_day >= now && level.count(k) > 0) usable[k] += b->quantity;
    }
  }
  for (const auto& [k, minimum] : level) {
    const int64_t have = usable.count(k) > 0 ? usable[k] : 0;
    if (have >= minimum) continue;
    const int32_t wh = static_cast<int32_t>(k >> 32), item = static_cast<int32_t>(k & 0xffffffff);
    std::vector<DatedDelta> changes;
    index.ForEachOfItem(item, Date::FromDays(INT32_MIN / 2), [&](const LotBalance& b) {
      if (b.warehouse_id == wh) changes.insert(changes.end(), b.timeline.begin(), b.timeline.end());
      return true;
    });
    out.push_back(
        AlertRow{.kind = AlertKind::kBelowMinimum,
                 .since = changes.empty() ? now : std::min(now, FellBelow(changes, minimum)),
                 .warehouse_id = wh,
                 .item_id = item,
                 .quantity = have,
                 .ref = minimum});
  }
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
  std::sort(out.begin(), out.end(), [](const AlertRow& a, const AlertRow& b) {
    return std::tie(a.kind, a.since, a.warehouse_id, a.item_id, a.lot_id, a.ref) <
           std::tie(b.kind, b.since, b.warehouse_id, b.item_id, b.lot_id, b.ref);
  });
  return out;
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
                            const JournalFacts& facts, Date today, const AlertFilter& keep,
                            size_t skip, size_t limit, size_t per_kind) {
  AlertSelection s;
  for (const AlertRow& row : rows) {
    if (keep && !keep(row, catalog)) continue;
    size_t& of_kind = s.counts[static_cast<int>(row.kind)];
    ++of_kind;
    if (s.total++ < skip || s.alerts.size() >= limit || of_kind > per_kind) continue;
    s.alerts.push_back(RenderAlert(row, catalog, facts, today));
  }
  return s;
}

Result<AlertSelection> AlertBoard::Select(Store& store, Date today, const AlertFilter& keep,
                                          size_t skip, size_t limit, size_t per_kind) {
  std::lock_guard<std::mutex> lock(mu_);
  {
    ZAPAS_ASSIGN_OR_RETURN(auto conn, store.Reader());
    ZAPAS_RETURN_IF_ERROR(facts_.CatchUp(*conn, today, minimums_changed_));
  }
  return store.Read([&](const Catalog& catalog, const StockIndex& index) {
    if (facts_.seen_entry != cached_entry_ || store.published() != cached_state_ ||
        today != cached_day_ || minimums_changed_) {
      rows_ = ComputeAlerts(catalog, index, facts_, settings_, today);
      cached_entry_ = facts_.seen_entry;
      cached_state_ = store.published();
      cached_day_ = today;
      minimums_changed_ = false;
    }
    return SelectAlerts(rows_, catalog, facts_, today, keep, skip, limit, per_kind);
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
