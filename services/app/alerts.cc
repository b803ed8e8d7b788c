#include "services/app/alerts.h"

#include <algorithm>
#include <unordered_map>

#include "domain/journal_document.h"
#include "domain/json.h"
#include "printing/format.h"

namespace zapas {

const std::vector<std::string>& AlertKinds() {
  static const std::vector<std::string> kKinds = {
      "expired",        "expiring", "below_minimum", "undistributed", "unconfirmed_delivery",
      "request_overdue"};
  return kKinds;
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
      if (r.needed_by && *r.needed_by < today) late_requests.push_back(std::move(r));
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
Date FellBelow(std::vector<DatedDelta>& changes, int64_t level) {
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
  return Date::FromDays(since);
}

}  // namespace

std::vector<Alert> ComputeAlerts(const Catalog& catalog, const StockIndex& index,
                                 const JournalFacts& facts, const Config::Alerts& settings,
                                 Date today) {
  std::vector<Alert> out;
  // Lots in stock: expiry, and how long the cluster has held them (from the
  // first day any warehouse had them).
  std::unordered_map<int32_t, int32_t> first_day;
  std::vector<const LotBalance*> held;
  index.ForEach([&](const LotBalance& b) {
    if (b.timeline.empty()) return true;
    auto [it, added] = first_day.try_emplace(b.lot_id, b.timeline.front().day);
    if (!added) it->second = std::min(it->second, b.timeline.front().day);
    if (b.quantity > 0) held.push_back(&b);
    return true;
  });
  const Date expiring_until = today.AddDays(settings.expiring_days);
  for (const LotBalance* b : held) {
    const Lot* lot = catalog.LotById(b->lot_id);
    const Item* item = catalog.ItemById(b->item_id);
    const Warehouse* wh = catalog.WarehouseById(b->warehouse_id);
    if (lot == nullptr || item == nullptr || wh == nullptr) continue;
    const auto [unit_uk, unit_en] = printing::UnitLabels(item->unit);
    const std::string qty_uk = Qty(b->quantity) + " " + unit_uk;
    const std::string qty = Qty(b->quantity) + " " + unit_en;
    Alert a{.warehouse = wh->code, .sku = item->sku, .lot = lot->batch};
    if (!lot->expiry.is_never() && lot->expiry < today) {
      a.kind = "expired";
      a.since = lot->expiry.AddDays(1);
      a.detail_uk = qty_uk + " «" + item->name_uk + "» прострочено " + lot->expiry.ToString();
      a.detail_en = qty + " of " + item->name_en + " expired on " + lot->expiry.ToString();
      out.push_back(a);
    } else if (!lot->expiry.is_never() && lot->expiry <= expiring_until) {
      a.kind = "expiring";
      a.since = lot->expiry.AddDays(-settings.expiring_days);
      a.detail_uk = qty_uk + " «" + item->name_uk + "» спливає " + lot->expiry.ToString();
      a.detail_en = qty + " of " + item->name_en + " expires on " + lot->expiry.ToString();
      out.push_back(a);
    }
    const Date in = Date::FromDays(first_day[b->lot_id]);
    if (in.AddDays(settings.undistributed_days) < today) {
      const std::string days = std::to_string(today.days() - in.days());
      a.kind = "undistributed";
      a.since = in.AddDays(settings.undistributed_days + 1);
      a.detail_uk = qty_uk + " «" + item->name_uk + "» на складі " + days + " дн. з " +
                    in.ToString() + " (допустимо 90)";
      a.detail_en = qty + " of " + item->name_en + " held " + days + " days since " +
                    in.ToString() + " (90 allowed)";
      out.push_back(a);
    }
  }
  for (const WorkStore::MinimumRow& m : facts.minimums) {
    const Item* item = catalog.ItemBySku(m.sku);
    const Warehouse* wh = catalog.WarehouseByCode(m.warehouse);
    if (item == nullptr || wh == nullptr || m.milli <= 0) continue;
    int64_t usable = 0;
    std::vector<DatedDelta> changes;
    index.ForEachOfItem(item->id, Date::FromDays(INT32_MIN / 2), [&](const LotBalance& b) {
      if (b.warehouse_id != wh->id) return true;
      if (b.expiry_day >= today.days()) usable += b.quantity;
      changes.insert(changes.end(), b.timeline.begin(), b.timeline.end());
      return true;
    });
    if (usable >= m.milli) continue;
    const auto [unit_uk, unit] = printing::UnitLabels(item->unit);
    Alert a{.kind = "below_minimum", .warehouse = wh->code, .sku = item->sku};
    a.since = changes.empty() ? today : std::min(today, FellBelow(changes, m.milli));
    a.detail_uk =
        "«" + item->name_uk + "»: " + Qty(usable) + " " + unit_uk + ", мінімум " + Qty(m.milli);
    a.detail_en = item->name_en + ": " + Qty(usable) + " " + unit + ", minimum " + Qty(m.milli);
    out.push_back(a);
  }
  for (const auto& [id, d] : facts.unconfirmed) {
    if (d.date.AddDays(settings.unconfirmed_days) >= today) continue;
    const std::string days = std::to_string(today.days() - d.date.days());
    out.push_back(Alert{.kind = "unconfirmed_delivery",
                        .warehouse = d.warehouse,
                        .document = d.number,
                        .detail_uk = d.number + " від " + d.date.ToString() + " до " + d.recipient +
                                     ": немає підтвердження отримання " + days + " дн.",
                        .detail_en = d.number + " of " + d.date.ToString() + " to " + d.recipient +
                                     ": no proof of delivery for " + days + " days",
                        .since = d.date.AddDays(settings.unconfirmed_days + 1)});
  }
  for (const WorkStore::StoredRequest& r : facts.late_requests) {
    out.push_back(Alert{.kind = "request_overdue",
                        .document = r.number,
                        .detail_uk = r.number + " від " + r.recipient + ": потрібно до " +
                                     r.needed_by->ToString() + ", не виконано",
                        .detail_en = r.number + " from " + r.recipient + ": needed by " +
                                     r.needed_by->ToString() + ", not fulfilled",
                        .since = r.needed_by->AddDays(1)});
  }
  const auto& kinds = AlertKinds();
  auto rank = [&](const std::string& k) { return std::find(kinds.begin(), kinds.end(), k); };
  std::stable_sort(out.begin(), out.end(), [&](const Alert& a, const Alert& b) {
    if (a.kind != b.kind) return rank(a.kind) < rank(b.kind);
    if (a.since != b.since) return a.since < b.since;
    return std::tie(a.warehouse, a.sku, a.lot, a.document) <
           std::tie(b.warehouse, b.sku, b.lot, b.document);
  });
  return out;
}

Result<std::vector<Alert>> AlertBoard::Current(Store& store, Date today) {
  std::lock_guard<std::mutex> lock(mu_);
  {
    ZAPAS_ASSIGN_OR_RETURN(auto conn, store.Reader());
    ZAPAS_RETURN_IF_ERROR(facts_.CatchUp(*conn, today, minimums_changed_));
  }
  const uint64_t state =
      store.Read([&](const Catalog&, const StockIndex&) { return store.published(); });
  if (facts_.seen_entry == cached_entry_ && state == cached_state_ && today == cached_day_ &&
      !minimums_changed_) {
    return cached_;
  }
  minimums_changed_ = false;
  cached_ = store.Read([&](const Catalog& catalog, const StockIndex& index) {
    cached_state_ = store.published();
    return ComputeAlerts(catalog, index, facts_, settings_, today);
  });
  cached_entry_ = facts_.seen_entry;
  cached_day_ = today;
  return cached_;
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
