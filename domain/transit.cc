// Goods between the sites of an alliance: a transfer from another site
// received (Ledger::PlanArrival, domain/ledger.h).
#include "domain/ledger.h"
#include "domain/ledger_draft.h"

namespace zapas {

Result<MovementPlan> Ledger::PlanArrival(int32_t transit_id, int32_t to_id, Date date,
                                         const std::vector<ArrivalLine>& lines) const {
  if (lines.empty()) return Status::Field("lines", "must hold at least one line");
  Draft draft(MovementKind::kArrival, date);
  for (size_t i = 0; i < lines.size(); ++i) {
    const ArrivalLine& a = lines[i];
    const int n = static_cast<int>(i);
    const std::string field = "lines[" + std::to_string(i) + "].received";
    const Lot* lot = FindLot(a.lot_id);
    if (lot == nullptr) return Status::Internal("an arriving line names an unknown lot");
    if (a.received.is_negative()) return Status::Field(field, "must not be negative");
    if (a.received.milli() > a.dispatched.milli()) {
      return Status::Field(field, "is more than the " + a.dispatched.ToString() + " dispatched");
    }
    // What is in transit arrives whole: in, or short.
    if (RangeOf(draft, transit_id, lot->item_id, a.lot_id, date).lowest < a.dispatched.milli()) {
      return Status::Field(field,
                           "lot " + lot->batch + " is no longer in transit on " + date.ToString() +
                               " or later (received already, or dated before its dispatch)",
                           StatusCode::kConflict);
    }
    draft.Post(transit_id, a.lot_id, -1, -a.dispatched.milli(), n);
    if (a.received.is_positive()) {
      ZAPAS_RETURN_IF_ERROR(CheckCeiling(draft, to_id, a.lot_id, a.received.milli(), date, n));
      draft.Post(to_id, a.lot_id, -1, a.received.milli(), n);
    }
  }
  return std::move(draft.plan);
}

}  // namespace zapas
