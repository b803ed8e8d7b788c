// The plan a Ledger builds, shared by the files that define its planners
// (ledger.cc, kits.cc). Not part of the domain's interface.
#pragma once

#include <map>
#include <utility>
#include <vector>

#include "domain/ledger.h"

namespace zapas {

// The plan being built, with the deltas it has taken so far, so that two lines
// of one movement never take the same units twice.
class Ledger::Draft {
 public:
  explicit Draft(MovementKind kind, Date date) {
    plan.kind = kind;
    plan.date = date;
  }
  void Post(int32_t warehouse_id, int32_t lot_id, int32_t new_lot, int64_t delta, int line) {
    plan.postings.push_back(PlannedPosting{warehouse_id, lot_id, new_lot, delta, line});
    if (lot_id != 0) local[{warehouse_id, lot_id}].push_back(DatedDelta{plan.date.days(), delta});
  }
  MovementPlan plan;
  std::map<std::pair<int32_t, int32_t>, std::vector<DatedDelta>> local;
};

}  // namespace zapas
