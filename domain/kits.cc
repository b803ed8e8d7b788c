#include "domain/kits.h"

#include <algorithm>
#include <charconv>
#include <memory>

#include "domain/decimal.h"

#include "domain/ledger_draft.h"

namespace zapas {

int64_t KitShare(int64_t part_milli, int64_t of, int64_t held) {
  if (of <= 0 || held <= 0) return 0;
  held = std::min(held, of);
  return static_cast<int64_t>(static_cast<__int128>(part_milli) * held / of);
}

std::string EncodeKitComposition(const KitComposition& kit) {
  std::string out = std::to_string(kit.of) + ":";
  for (size_t i = 0; i < kit.parts.size(); ++i) {
    if (i > 0) out += ',';
    out += std::to_string(kit.parts[i].lot_id) + "=" + std::to_string(kit.parts[i].milli);
  }
  return out;
}

Result<KitComposition> DecodeKitComposition(std::string_view text) {
  const Status bad =
      Status::Internal("a kit lot's composition does not read: " + std::string(text));
  auto number = [](std::string_view s, int64_t& v) {
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    return ec == std::errc() && end == s.data() + s.size() && v > 0;
  };
  KitComposition kit;
  const size_t colon = text.find(':');
  if (colon == std::string_view::npos || !number(text.substr(0, colon), kit.of)) return bad;
  std::string_view rest = text.substr(colon + 1);
  while (!rest.empty()) {
    const size_t comma = std::min(rest.find(','), rest.size());
    std::string_view part = rest.substr(0, comma);
    const size_t eq = part.find('=');
    int64_t lot = 0, milli = 0;
    if (eq == std::string_view::npos || !number(part.substr(0, eq), lot) ||
        !number(part.substr(eq + 1), milli) || lot > INT32_MAX) {
      return bad;
    }
    kit.parts.push_back(KitPart{static_cast<int32_t>(lot), milli});
    if (comma == rest.size()) break;
    rest = rest.substr(comma + 1);
    if (rest.empty()) return bad;  // a trailing comma
  }
  if (kit.parts.empty()) return bad;
  return kit;
}

std::vector<Posting> KitHoldings::Expand(const std::vector<Posting>& postings, bool* changed) {
  std::vector<Posting> out;
  out.reserve(postings.size());
  bool any = false;
  for (const Posting& p : postings) {
    const Lot* lot = catalog_.LotById(p.lot_id);
    if (lot == nullptr || lot->kit == nullptr) {
      out.push_back(p);
      continue;
    }
    any = true;
    int64_t& held = held_[p.lot_id];
    const int64_t before = held;
    held += p.delta;
    for (const KitPart& part : lot->kit->parts) {
      const int64_t delta =
          KitShare(part.milli, lot->kit->of, held) - KitShare(part.milli, lot->kit->of, before);
      if (delta != 0) out.push_back(Posting{p.warehouse_id, part.lot_id, p.date, delta});
    }
  }
  if (changed != nullptr) *changed = any;
  return out;
}

// ---- Planning ----

namespace {

std::string Qty(int64_t milli) { return Quantity::FromMilli(milli).ToString(); }

// A failure of one component's take, told as the assembly's: its field
// becomes `components[i].sku` or the request's `quantity`.
Status AsComponent(const Status& s, size_t i) {
  if (s.errors().empty()) return s;
  const std::string& field = s.errors().front().field;
  const bool stock = field.size() > 9 && field.compare(field.size() - 9, 9, ".quantity") == 0;
  return Status::Field(stock ? "quantity" : "components[" + std::to_string(i) + "].sku",
                       s.errors().front().message, s.code());
}

}  // namespace

int64_t Ledger::HeldOn(const Lot& lot, Date date) const {
  int64_t held = pending_.HeldOn(lot.id, date);
  index_.ForEachOfItem(lot.item_id, lot.expiry, [&](const LotBalance& b) {
    if (b.expiry_day > lot.expiry.days()) return false;
    if (b.lot_id != lot.id) return true;
    for (const DatedDelta& d : b.timeline) {
      if (d.day <= date.days()) held += d.delta;
    }
    return true;
  });
  return held;
}

Result<MovementPlan> Ledger::PlanAssembly(const AssemblyRequest& r) const {
  const Warehouse* wh = catalog_.WarehouseByCode(r.warehouse);
  if (wh == nullptr) {
    return Status::Field("warehouse", catalog_.Unknown(CodeKind::kWarehouse, r.warehouse));
  }
  const Item* kit = catalog_.ItemBySku(r.kit);
  if (kit == nullptr) return Status::Field("kit", catalog_.Unknown(CodeKind::kItem, r.kit));
  if (r.components.empty()) return Status::Field("kit", r.kit + " is not a kit: define it first");
  if (!r.quantity.is_positive()) return Status::Field("quantity", "must be greater than zero");
  ZAPAS_RETURN_IF_ERROR(CheckLineQuantity(r.quantity, "quantity"));
  const std::string batch = r.lot.empty() ? r.default_lot : r.lot;
  if (FindLotByBatch(kit->id, batch) != nullptr) {
    return Status::Field("lot", "lot \"" + batch + "\" of " + kit->sku + " already exists",
                         StatusCode::kConflict);
  }

  Draft draft(MovementKind::kAssembly, r.date);
  KitComposition composition{.of = r.quantity.milli()};
  for (size_t i = 0; i < r.components.size(); ++i) {
    const KitComponent& c = r.components[i];
    const __int128 need = static_cast<__int128>(c.quantity.milli()) * r.quantity.milli();
    if (need % Quantity::kScale != 0) {
      return Status::Field("quantity", Qty(r.quantity.milli()) + " kits would take " +
                                           "a part of a thousandth of " + c.sku);
    }
    if (need / Quantity::kScale > kMaxLineQuantityUnits * Quantity::kScale) {
      return Status::Field("quantity", "too many kits: they would take more than " +
                                           std::to_string(kMaxLineQuantityUnits) + " of " + c.sku);
    }
    const OutLine line{c.sku, Quantity::FromMilli(static_cast<int64_t>(need / Quantity::kScale)),
                       ""};
    const size_t first = draft.plan.postings.size();
    if (Status s = TakeOut(draft, wh->id, line, static_cast<int>(i), r.date,
                           /*allow_expired_lot=*/false, /*fefo=*/true);
        !s.ok()) {
      return AsComponent(s, i);
    }
    for (size_t k = first; k < draft.plan.postings.size(); ++k) {
      const PlannedPosting& p = draft.plan.postings[k];
      auto same = std::find_if(composition.parts.begin(), composition.parts.end(),
                               [&](const KitPart& part) { return part.lot_id == p.lot_id; });
      if (same == composition.parts.end()) {
        composition.parts.push_back(KitPart{p.lot_id, -p.delta});
      } else {
        same->milli -= p.delta;
      }
    }
  }

  // The kit lot: the earliest expiry of its parts; the donor, currency and
  // per-kit value (rounded) of its first part's currency, for display.
  Lot made;
  made.item_id = kit->id;
  made.batch = batch;
  const Lot* first = FindLot(composition.parts.front().lot_id);
  if (first == nullptr) return Status::Internal("an assembly took an unknown lot");
  made.donor_id = first->donor_id;
  made.currency = first->currency;
  __int128 value = 0;
  for (const KitPart& part : composition.parts) {
    const Lot* lot = FindLot(part.lot_id);
    if (lot == nullptr) return Status::Internal("an assembly took an unknown lot");
    made.expiry = std::min(made.expiry, lot->expiry);
    if (lot->currency != made.currency) continue;
    ZAPAS_ASSIGN_OR_RETURN(Money v, lot->unit_value().Times(Quantity::FromMilli(part.milli)));
    value += v.minor_units();
  }
  ZAPAS_ASSIGN_OR_RETURN(
      __int128 per_kit,
      MultiplyDivideRound(value, Quantity::kScale, static_cast<uint64_t>(r.quantity.milli())));
  if (per_kit > INT64_MAX ||
      !CheckAmountLimit(Money::FromMinor(static_cast<int64_t>(per_kit), *made.currency), "").ok()) {
    return Status::Field("quantity",
                         "one kit's value would pass " + AmountLimitText(*made.currency));
  }
  made.unit_value_minor = static_cast<int64_t>(per_kit);
  made.kit = std::make_shared<const KitComposition>(std::move(composition));
  draft.plan.new_lots.push_back(std::move(made));
  draft.Post(wh->id, 0, 0, r.quantity.milli(), static_cast<int>(r.components.size()));
  return std::move(draft.plan);
}

Result<MovementPlan> Ledger::PlanDisassembly(const DisassemblyRequest& r) const {
  const Warehouse* wh = catalog_.WarehouseByCode(r.warehouse);
  if (wh == nullptr) {
    return Status::Field("warehouse", catalog_.Unknown(CodeKind::kWarehouse, r.warehouse));
  }
  const Item* kit = catalog_.ItemBySku(r.kit);
  if (kit == nullptr) return Status::Field("kit", catalog_.Unknown(CodeKind::kItem, r.kit));
  const Lot* lot = FindLotByBatch(kit->id, r.lot);
  if (lot == nullptr) {
    return Status::Field("lot", "unknown lot \"" + r.lot + "\" of SKU " + r.kit);
  }
  if (lot->kit == nullptr) {
    return Status::Field("lot", "lot " + r.lot + " of " + r.kit +
                                    " was not assembled here: it has no components to restore");
  }
  if (!r.quantity.is_positive()) return Status::Field("quantity", "must be greater than zero");
  ZAPAS_RETURN_IF_ERROR(CheckLineQuantity(r.quantity, "quantity"));
  const int64_t held = HeldOn(*lot, r.date);

  Draft draft(MovementKind::kDisassembly, r.date);
  if (Status s = TakeOut(draft, wh->id, OutLine{r.kit, r.quantity, r.lot}, 0, r.date,
                         /*allow_expired_lot=*/true, /*fefo=*/false);
      !s.ok()) {
    return AsComponent(s, 0);
  }
  const KitComposition& c = *lot->kit;
  for (size_t i = 0; i < c.parts.size(); ++i) {
    const KitPart& part = c.parts[i];
    const int64_t back =
        KitShare(part.milli, c.of, held) - KitShare(part.milli, c.of, held - r.quantity.milli());
    if (back == 0) continue;
    ZAPAS_RETURN_IF_ERROR(
        CheckCeiling(draft, wh->id, part.lot_id, back, r.date, static_cast<int>(i + 1)));
    draft.Post(wh->id, part.lot_id, -1, back, static_cast<int>(i + 1));
  }
  return std::move(draft.plan);
}

}  // namespace zapas
