#include "domain/ledger.h"

#include <algorithm>

#include "domain/ledger_draft.h"

namespace zapas {
namespace {

std::string LineField(int line, const char* field) {
  return "lines[" + std::to_string(line) + "]." + field;
}

std::string Qty(int64_t milli) { return Quantity::FromMilli(milli).ToString(); }

}  // namespace

std::string_view MovementKindName(MovementKind k) {
  switch (k) {
    case MovementKind::kReceipt:
      return "receipt";
    case MovementKind::kTransfer:
      return "transfer";
    case MovementKind::kDelivery:
      return "delivery";
    case MovementKind::kAdjustment:
      return "adjustment";
    case MovementKind::kReversal:
      return "reversal";
    case MovementKind::kReturn:
      return "return";
    case MovementKind::kAssembly:
      return "assembly";
    case MovementKind::kDisassembly:
      return "disassembly";
    case MovementKind::kArrival:
      return "arrival";
  }
  return "";
}

// ---- PendingChanges ----

void PendingChanges::AddLot(const Lot& lot) {
  lot_by_batch_[{lot.item_id, lot.batch}] = lots_.size();
  lot_by_id_[lot.id] = lots_.size();
  lots_.push_back(lot);
}

void PendingChanges::AddPosting(const Posting& p, int32_t item_id, Date expiry) {
  postings_.push_back(Entry{p, item_id, expiry});
  auto key = std::make_pair(p.warehouse_id, p.lot_id);
  auto [it, inserted] = deltas_.try_emplace(key);
  it->second.push_back(DatedDelta{p.date.days(), p.delta});
  if (inserted) lots_by_wh_item_[{p.warehouse_id, item_id}].push_back(p.lot_id);
}

const Lot* PendingChanges::LotByBatch(int32_t item_id, const std::string& batch) const {
  auto it = lot_by_batch_.find({item_id, batch});
  return it == lot_by_batch_.end() ? nullptr : &lots_[it->second];
}

const Lot* PendingChanges::LotById(int32_t id) const {
  auto it = lot_by_id_.find(id);
  return it == lot_by_id_.end() ? nullptr : &lots_[it->second];
}

const std::vector<DatedDelta>* PendingChanges::Deltas(int32_t warehouse_id, int32_t lot_id) const {
  auto it = deltas_.find({warehouse_id, lot_id});
  return it == deltas_.end() ? nullptr : &it->second;
}

std::vector<int32_t> PendingChanges::LotsOf(int32_t warehouse_id, int32_t item_id) const {
  auto it = lots_by_wh_item_.find({warehouse_id, item_id});
  return it == lots_by_wh_item_.end() ? std::vector<int32_t>{} : it->second;
}

int64_t PendingChanges::HeldOn(int32_t lot_id, Date date) const {
  int64_t held = 0;
  for (const auto& [key, deltas] : deltas_) {
    if (key.second != lot_id) continue;
    for (const DatedDelta& d : deltas) {
      if (d.day <= date.days()) held += d.delta;
    }
  }
  return held;
}

void PendingChanges::CommitTo(Catalog& catalog, StockIndex& index) {
  for (Lot& l : lots_) catalog.AddLot(std::move(l));
  for (const Entry& e : postings_) index.Apply(e.posting, e.item_id, e.expiry);
  Clear();
}

void PendingChanges::Clear() {
  lots_.clear();
  lot_by_batch_.clear();
  lot_by_id_.clear();
  postings_.clear();
  deltas_.clear();
  lots_by_wh_item_.clear();
}

// ---- Ledger ----

const Lot* Ledger::FindLot(int32_t id) const {
  const Lot* lot = catalog_.LotById(id);
  return lot != nullptr ? lot : pending_.LotById(id);
}

const Lot* Ledger::FindLotByBatch(int32_t item_id, const std::string& batch) const {
  const Lot* lot = catalog_.LotByBatch(item_id, batch);
  return lot != nullptr ? lot : pending_.LotByBatch(item_id, batch);
}

BalanceRange Ledger::RangeOf(const Draft& draft, int32_t warehouse_id, int32_t item_id,
                             int32_t lot_id, Date date) const {
  std::vector<DatedDelta> extra;
  if (const auto* p = pending_.Deltas(warehouse_id, lot_id)) extra = *p;
  if (auto it = draft.local.find({warehouse_id, lot_id}); it != draft.local.end()) {
    extra.insert(extra.end(), it->second.begin(), it->second.end());
  }
  const LotBalance* b = index_.Find(warehouse_id, item_id, lot_id);
  if (b == nullptr && extra.empty()) return BalanceRange{};
  return RangeFrom(b ? &b->timeline : nullptr, extra.data(), extra.size(), date);
}

Status Ledger::CheckCeiling(const Draft& draft, int32_t warehouse_id, int32_t lot_id, int64_t delta,
                            Date date, int line) const {
  if (delta <= 0) return Status::Ok();
  const Lot* lot = FindLot(lot_id);
  if (lot == nullptr) return Status::Internal("a posting of an unknown lot");
  const int64_t highest = RangeOf(draft, warehouse_id, lot->item_id, lot_id, date).highest;
  if (highest <= kMaxLotStockMilli - delta) return Status::Ok();
  return CeilingError(warehouse_id, "lot " + lot->batch, date, line);
}

Status Ledger::CeilingError(int32_t warehouse_id, const std::string& lot_name, Date date,
                            int line) const {
  const Warehouse* wh = catalog_.WarehouseById(warehouse_id);
  return Status::Field(LineField(line, "quantity"), "the stock of " + lot_name + " in warehouse " +
                                                        (wh ? wh->code : std::string("?")) +
                                                        " would pass the limit of " +
                                                        std::to_string(kMaxLotStockUnits) + " on " +
                                                        date.ToString() + " or later");
}

Status Ledger::TakeOut(Draft& draft, int32_t warehouse_id, const OutLine& line, int line_no,
                       Date date, bool allow_expired_lot, bool fefo) const {
  const Item* item = catalog_.ItemBySku(line.sku);
  if (item == nullptr) {
    return Status::Field(LineField(line_no, "sku"), catalog_.Unknown(CodeKind::kItem, line.sku));
  }
  if (!line.quantity.is_positive()) {
    return Status::Field(LineField(line_no, "quantity"), "must be greater than zero");
  }
  ZAPAS_RETURN_IF_ERROR(CheckLineQuantity(line.quantity, LineField(line_no, "quantity")));

  auto available = [&](int32_t lot_id) {
    return RangeOf(draft, warehouse_id, item->id, lot_id, date).lowest;
  };
  const Warehouse* wh = catalog_.WarehouseById(warehouse_id);
  const std::string where = " in warehouse " + (wh ? wh->code : std::string("?"));

  if (!line.lot.empty() || !fefo) {
    if (line.lot.empty()) return Status::Field(LineField(line_no, "lot"), "must be given");
    const Lot* lot = FindLotByBatch(item->id, line.lot);
    if (lot == nullptr) {
      return Status::Field(LineField(line_no, "lot"),
                           "unknown lot \"" + line.lot + "\" of SKU " + line.sku);
    }
    if (!allow_expired_lot && lot->expiry < date) {
      return Status::Field(LineField(line_no, "lot"),
                           "lot " + lot->batch + " expired on " + lot->expiry.ToString());
    }
    int64_t have = available(lot->id);
    if (have < line.quantity.milli()) {
      return Status::Field(LineField(line_no, "quantity"),
                           "not enough stock of " + line.sku + " lot " + lot->batch + where +
                               " on " + date.ToString() + " or later: available " +
                               Qty(std::max<int64_t>(have, 0)) + ", requested " +
                               line.quantity.ToString(),
                           StatusCode::kConflict);
    }
    draft.Post(warehouse_id, lot->id, -1, -line.quantity.milli(), line_no);
    return Status::Ok();
  }

  // First-expiry-first-out over committed and pending lots not expired on `date`.
  struct Candidate {
    int32_t expiry_day;
    int32_t lot_id;
    int64_t available;
  };
  std::vector<Candidate> candidates;
  int64_t need = line.quantity.milli();
  int64_t gathered = 0;
  index_.ForEachOfItem(item->id, date, [&](const LotBalance& b) {
    if (b.warehouse_id != warehouse_id) return true;
    bool touched = pending_.Deltas(warehouse_id, b.lot_id) != nullptr ||
                   draft.local.count({warehouse_id, b.lot_id}) > 0;
    if (!touched && b.quantity <= 0) return true;
    int64_t a = available(b.lot_id);
    if (a > 0) {
      candidates.push_back(Candidate{b.expiry_day, b.lot_id, a});
      gathered += a;
    }
    return gathered < need;
  });
  for (int32_t lot_id : pending_.LotsOf(warehouse_id, item->id)) {
    bool seen = std::any_of(candidates.begin(), candidates.end(),
                            [&](const Candidate& c) { return c.lot_id == lot_id; });
    const Lot* lot = FindLot(lot_id);
    if (seen || lot == nullptr || lot->expiry < date) continue;
    int64_t a = available(lot_id);
    if (a > 0) candidates.push_back(Candidate{lot->expiry.days(), lot_id, a});
  }
  std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    return a.expiry_day != b.expiry_day ? a.expiry_day < b.expiry_day : a.lot_id < b.lot_id;
  });
  int64_t total = 0;
  for (const Candidate& c : candidates) total += c.available;
  if (total < need) {
    return Status::Field(LineField(line_no, "quantity"),
                         "not enough stock of " + line.sku + where + " on " + date.ToString() +
                             " or later: available " + Qty(total) + ", requested " +
                             line.quantity.ToString(),
                         StatusCode::kConflict);
  }
  for (const Candidate& c : candidates) {
    if (need == 0) break;
    int64_t take = std::min(need, c.available);
    draft.Post(warehouse_id, c.lot_id, -1, -take, line_no);
    need -= take;
  }
  return Status::Ok();
}

Result<MovementPlan> Ledger::PlanReceipt(const ReceiptRequest& r) const {
  const Warehouse* wh = catalog_.WarehouseByCode(r.warehouse);
  if (wh == nullptr)
    return Status::Field("warehouse", catalog_.Unknown(CodeKind::kWarehouse, r.warehouse));
  const Donor* donor = catalog_.DonorByCode(r.donor);
  if (donor == nullptr) return Status::Field("donor", catalog_.Unknown(CodeKind::kDonor, r.donor));
  if (r.lines.empty()) return Status::Field("lines", "must hold at least one line");

  Draft draft(MovementKind::kReceipt, r.date);
  MoneyTotals totals;
  std::vector<int64_t> new_lot_milli;  // by new lot
  for (size_t i = 0; i < r.lines.size(); ++i) {
    const ReceiptLine& line = r.lines[i];
    const int n = static_cast<int>(i);
    const Item* item = catalog_.ItemBySku(line.sku);
    if (item == nullptr) {
      return Status::Field(LineField(n, "sku"), catalog_.Unknown(CodeKind::kItem, line.sku));
    }
    if (!line.quantity.is_positive()) {
      return Status::Field(LineField(n, "quantity"), "must be greater than zero");
    }
    if (!line.unit_value.has_value()) {
      return Status::Field(LineField(n, "unit_value"), "is required");
    }
    if (line.unit_value->is_negative()) {
      return Status::Field(LineField(n, "unit_value"), "must not be negative");
    }
    ZAPAS_RETURN_IF_ERROR(CheckLineQuantity(line.quantity, LineField(n, "quantity")));
    ZAPAS_RETURN_IF_ERROR(
        CheckAmountLimit(*line.unit_value, LineField(n, "unit_value") + ".amount"));
    // The line's value: unit value x quantity, within one amount's limit.
    auto value = line.unit_value->Times(line.quantity);
    if (!value.ok() || !CheckAmountLimit(*value, "").ok()) {
      const Currency& c = line.unit_value->currency();
      const __int128 exact = static_cast<__int128>(line.unit_value->minor_units()) *
                             line.quantity.milli() / Quantity::kScale;
      return Status::Field(LineField(n, "quantity"),
                           "the line's value (unit value x quantity, " +
                               MoneySum::FromMinor(exact, c).AmountString() + " " +
                               std::string(c.code) + ") must be at most " + AmountLimitText(c));
    }
    ZAPAS_RETURN_IF_ERROR(totals.Add(*value));
    if (item->expiry_tracked && !line.expiry.has_value()) {
      return Status::Field(LineField(n, "expiry"), "is required for " + item->sku);
    }
    Lot wanted;
    wanted.item_id = item->id;
    wanted.batch = line.lot.empty() ? r.default_lot_prefix + "/" + std::to_string(i + 1) : line.lot;
    wanted.expiry = line.expiry.value_or(Date::Never());
    wanted.unit_value_minor = line.unit_value->minor_units();
    wanted.currency = &line.unit_value->currency();
    wanted.donor_id = donor->id;

    auto same = [&](const Lot& l) {
      return l.kit == nullptr && l.expiry == wanted.expiry && l.donor_id == wanted.donor_id &&
             l.unit_value_minor == wanted.unit_value_minor && l.currency == wanted.currency;
    };
    auto mismatch = [&] {
      return Status::Field(LineField(n, "lot"),
                           "lot \"" + wanted.batch + "\" of " + item->sku +
                               " already exists with another expiry, donor or unit value",
                           StatusCode::kConflict);
    };
    if (const Lot* existing = FindLotByBatch(item->id, wanted.batch)) {
      if (!same(*existing)) return mismatch();
      ZAPAS_RETURN_IF_ERROR(
          CheckCeiling(draft, wh->id, existing->id, line.quantity.milli(), r.date, n));
      draft.Post(wh->id, existing->id, -1, line.quantity.milli(), n);
      continue;
    }
    auto& lots = draft.plan.new_lots;
    auto it = std::find_if(lots.begin(), lots.end(), [&](const Lot& l) {
      return l.item_id == wanted.item_id && l.batch == wanted.batch;
    });
    if (it != lots.end() && !same(*it)) return mismatch();
    int32_t index = static_cast<int32_t>(it - lots.begin());
    if (it == lots.end()) {
      lots.push_back(wanted);
      new_lot_milli.push_back(0);
    }
    int64_t& in_lot = new_lot_milli[static_cast<size_t>(index)];
    if (in_lot > kMaxLotStockMilli - line.quantity.milli()) {
      return CeilingError(wh->id, "lot " + wanted.batch, r.date, n);
    }
    in_lot += line.quantity.milli();
    draft.Post(wh->id, 0, index, line.quantity.milli(), n);
  }
  for (const MoneySum& total : totals.sums()) {
    ZAPAS_RETURN_IF_ERROR(CheckDocumentTotal(total, "lines"));
  }
  return std::move(draft.plan);
}

Result<MovementPlan> Ledger::PlanTransfer(const TransferRequest& r) const {
  const Warehouse* from = catalog_.WarehouseByCode(r.from);
  if (from == nullptr) return Status::Field("from", catalog_.Unknown(CodeKind::kWarehouse, r.from));
  const Warehouse* to = catalog_.WarehouseByCode(r.to);
  if (to == nullptr) return Status::Field("to", catalog_.Unknown(CodeKind::kWarehouse, r.to));
  if (from->id == to->id) return Status::Field("to", "must differ from \"from\"");
  if (r.lines.empty()) return Status::Field("lines", "must hold at least one line");
  Draft draft(MovementKind::kTransfer, r.date);
  for (size_t i = 0; i < r.lines.size(); ++i) {
    ZAPAS_RETURN_IF_ERROR(TakeOut(draft, from->id, r.lines[i], static_cast<int>(i), r.date,
                                  /*allow_expired_lot=*/true, /*fefo=*/true));
  }
  std::vector<PlannedPosting> outs = draft.plan.postings;
  for (const PlannedPosting& p : outs) {
    ZAPAS_RETURN_IF_ERROR(CheckCeiling(draft, to->id, p.lot_id, -p.delta, r.date, p.line));
    draft.Post(to->id, p.lot_id, -1, -p.delta, p.line);
  }
  return std::move(draft.plan);
}

Result<const Warehouse*> Ledger::RecipientMove(const std::string& warehouse,
                                               const std::string& recipient, size_t lines) const {
  const Warehouse* wh = catalog_.WarehouseByCode(warehouse);
  if (wh == nullptr)
    return Status::Field("warehouse", catalog_.Unknown(CodeKind::kWarehouse, warehouse));
  if (catalog_.RecipientByCode(recipient) == nullptr) {
    return Status::Field("recipient", catalog_.Unknown(CodeKind::kRecipient, recipient));
  }
  if (lines == 0) return Status::Field("lines", "must hold at least one line");
  return wh;
}

Result<MovementPlan> Ledger::PlanDelivery(const DeliveryRequest& r) const {
  ZAPAS_ASSIGN_OR_RETURN(const Warehouse* wh,
                         RecipientMove(r.warehouse, r.recipient, r.lines.size()));
  Draft draft(MovementKind::kDelivery, r.date);
  for (size_t i = 0; i < r.lines.size(); ++i) {
    ZAPAS_RETURN_IF_ERROR(TakeOut(draft, wh->id, r.lines[i], static_cast<int>(i), r.date,
                                  /*allow_expired_lot=*/false, /*fefo=*/true));
  }
  return std::move(draft.plan);
}

Result<MovementPlan> Ledger::PlanAdjustment(const AdjustmentRequest& r) const {
  const Warehouse* wh = catalog_.WarehouseByCode(r.warehouse);
  if (wh == nullptr)
    return Status::Field("warehouse", catalog_.Unknown(CodeKind::kWarehouse, r.warehouse));
  if (r.lines.empty()) return Status::Field("lines", "must hold at least one line");
  Draft draft(MovementKind::kAdjustment, r.date);
  for (size_t i = 0; i < r.lines.size(); ++i) {
    const OutLine& line = r.lines[i];
    const int n = static_cast<int>(i);
    if (line.quantity.is_zero()) {
      return Status::Field(LineField(n, "quantity"), "must not be zero");
    }
    if (line.quantity.is_negative()) {
      OutLine out = line;
      out.quantity = line.quantity.Negated();
      ZAPAS_RETURN_IF_ERROR(TakeOut(draft, wh->id, out, n, r.date, /*allow_expired_lot=*/true,
                                    /*fefo=*/false));
      continue;
    }
    ZAPAS_RETURN_IF_ERROR(PutBack(draft, wh->id, line, n, r.date));
  }
  return std::move(draft.plan);
}

Status Ledger::PutBack(Draft& draft, int32_t warehouse_id, const OutLine& line, int n,
                       Date date) const {
  const Item* item = catalog_.ItemBySku(line.sku);
  if (item == nullptr) {
    return Status::Field(LineField(n, "sku"), catalog_.Unknown(CodeKind::kItem, line.sku));
  }
  ZAPAS_RETURN_IF_ERROR(CheckLineQuantity(line.quantity, LineField(n, "quantity")));
  if (line.lot.empty()) return Status::Field(LineField(n, "lot"), "must be given");
  const Lot* lot = FindLotByBatch(item->id, line.lot);
  if (lot == nullptr) {
    return Status::Field(LineField(n, "lot"),
                         "unknown lot \"" + line.lot + "\" of SKU " + line.sku);
  }
  ZAPAS_RETURN_IF_ERROR(CheckCeiling(draft, warehouse_id, lot->id, line.quantity.milli(), date, n));
  draft.Post(warehouse_id, lot->id, -1, line.quantity.milli(), n);
  return Status::Ok();
}

Result<MovementPlan> Ledger::PlanReturn(const ReturnRequest& r) const {
  ZAPAS_ASSIGN_OR_RETURN(const Warehouse* wh,
                         RecipientMove(r.warehouse, r.recipient, r.lines.size()));
  Draft draft(MovementKind::kReturn, r.date);
  for (size_t i = 0; i < r.lines.size(); ++i) {
    const OutLine& line = r.lines[i];
    const int n = static_cast<int>(i);
    if (!line.quantity.is_positive()) {
      return Status::Field(LineField(n, "quantity"), "must be positive");
    }
    ZAPAS_RETURN_IF_ERROR(PutBack(draft, wh->id, line, n, r.date));
  }
  return std::move(draft.plan);
}

Result<MovementPlan> Ledger::PlanReversal(const std::vector<Posting>& original, Date original_date,
                                          Date date) const {
  if (date < original_date) {
    return Status::Field(
        "date", "must not be before the reversed movement's date " + original_date.ToString());
  }
  if (original.empty()) return Status::Invalid("the movement has no postings to reverse");
  Draft draft(MovementKind::kReversal, date);
  // Net change per balance, so a transfer's out and in are checked as a whole.
  std::map<std::pair<int32_t, int32_t>, int64_t> net;
  for (const Posting& p : original) net[{p.warehouse_id, p.lot_id}] -= p.delta;
  int line = 0;
  for (const auto& [key, delta] : net) {
    const auto [warehouse_id, lot_id] = key;
    if (delta < 0) {
      const Lot* lot = FindLot(lot_id);
      if (lot == nullptr) return Status::Internal("reversal of an unknown lot");
      std::vector<DatedDelta> extra;
      if (const auto* p = pending_.Deltas(warehouse_id, lot_id)) extra = *p;
      const LotBalance* b = index_.Find(warehouse_id, lot->item_id, lot_id);
      int64_t have = AvailableFrom(b ? &b->timeline : nullptr, extra.data(), extra.size(), date);
      if (have < -delta) {
        const Item* item = catalog_.ItemById(lot->item_id);
        const Warehouse* wh = catalog_.WarehouseById(warehouse_id);
        return Status::Field("date",
                             "cannot reverse: " + std::string(item ? item->sku : "?") + " lot " +
                                 lot->batch + " in " + (wh ? wh->code : std::string("?")) +
                                 " has only " + Qty(std::max<int64_t>(have, 0)) + " from " +
                                 date.ToString() + " on, and the reversal takes back " +
                                 Qty(-delta),
                             StatusCode::kConflict);
      }
    }
    if (delta > 0) {
      ZAPAS_RETURN_IF_ERROR(CheckCeiling(draft, warehouse_id, lot_id, delta, date, line));
    }
    if (delta != 0) draft.Post(warehouse_id, lot_id, -1, delta, line++);
  }
  return std::move(draft.plan);
}

}  // namespace zapas
