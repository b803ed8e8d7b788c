// The ledger rules of stock: how a receipt, transfer, delivery or adjustment
// becomes postings, and when it is refused.
//
//  - stock never goes negative, on the movement's date or any later date
//    (so a back-dated movement is refused if a later balance would dip below 0);
//  - nothing passes the limits of domain/limits.h: a quantity or an amount on
//    one line, a receipt's total per currency (kInvalid naming the field), a
//    lot's stock in one warehouse on any day (kInvalid, field "lines[n].quantity");
//  - a movement is all-or-nothing: one bad line refuses the whole movement;
//  - deliveries and transfers without a lot pick first-expiry-first-out: lots
//    expired on the movement date are never picked, lots without expiry go last;
//  - a lot remembers its donor, and postings move lots, so the donor follows.
//
// Planning is pure: it reads committed state (Catalog, StockIndex) plus the
// changes not yet committed in the current batch (PendingChanges), and returns
// a MovementPlan or the reason for refusal. Thread-compatible.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "domain/catalog.h"
#include "domain/limits.h"
#include "domain/stock_index.h"

namespace zapas {

// kReversal undoes an earlier movement with a new entry of opposite postings;
// kReturn takes goods back from a recipient into the lots they left;
// kAssembly makes kits of components, kDisassembly takes kits apart.
enum class MovementKind {
  kReceipt,
  kTransfer,
  kDelivery,
  kAdjustment,
  kReversal,
  kReturn,
  kAssembly,
  kDisassembly,
  kArrival  // a transfer from another site of the alliance, received
};
std::string_view MovementKindName(MovementKind k);  // "receipt", ...

struct ReceiptLine {
  std::string sku;
  Quantity quantity = Quantity::Zero();
  std::string lot;  // empty: Zapas names the lot
  std::optional<Date> expiry;
  std::optional<Money> unit_value;  // required; optional only to be default-constructible
};
struct ReceiptRequest {
  std::string warehouse;
  std::string donor;
  Date date = Date::FromDays(0);
  std::string reference;
  std::vector<ReceiptLine> lines;
  std::string default_lot_prefix;  // lot name for lines without one: prefix + "/" + line number
};

struct OutLine {
  std::string sku;
  Quantity quantity = Quantity::Zero();  // signed for adjustments, positive otherwise
  std::string lot;                       // empty: first-expiry-first-out
};
struct TransferRequest {
  std::string from;
  std::string to;
  Date date = Date::FromDays(0);
  std::vector<OutLine> lines;
};
struct DeliveryRequest {
  std::string warehouse;
  std::string recipient;
  Date date = Date::FromDays(0);
  std::vector<OutLine> lines;
  int64_t request = 0;  // the request it serves (its id), 0: none; not the Ledger's concern
};
struct AdjustmentRequest {
  std::string warehouse;
  Date date = Date::FromDays(0);
  AdjustmentReason reason = AdjustmentReason::kCount;
  std::vector<OutLine> lines;
};

// Goods a recipient brings back: each line names its lot, and goes back into
// it in `warehouse`.
struct ReturnRequest {
  std::string warehouse;
  std::string recipient;
  Date date = Date::FromDays(0);
  std::vector<OutLine> lines;  // positive quantities, lot required
};

// One component of a kit: how much of an item one kit holds.
struct KitComponent {
  std::string sku;
  Quantity quantity = Quantity::Zero();
};

// `quantity` kits of the item `kit` made in `warehouse` of `components` (the
// kit's definition), taken first-expiry-first-out, into a new lot named `lot`
// (or `default_lot` when empty).
struct AssemblyRequest {
  std::string warehouse;
  Date date = Date::FromDays(0);
  std::string kit;
  Quantity quantity = Quantity::Zero();
  std::string lot;
  std::vector<KitComponent> components;
  std::string default_lot;
};

// `quantity` kits of the assembled kit lot `lot` taken apart in `warehouse`:
// their components go back into the lots they came from.
struct DisassemblyRequest {
  std::string warehouse;
  Date date = Date::FromDays(0);
  std::string kit;
  std::string lot;
  Quantity quantity = Quantity::Zero();
};

// A posting of a plan. lot_id is 0 when the lot is new_lots[new_lot].
struct PlannedPosting {
  int32_t warehouse_id = 0;
  int32_t lot_id = 0;
  int32_t new_lot = -1;
  int64_t delta = 0;
  int line = 0;  // index of the request line it came from
};

struct MovementPlan {
  MovementKind kind = MovementKind::kReceipt;
  Date date = Date::FromDays(0);
  std::vector<Lot> new_lots;  // id 0: the caller stores them and learns their ids
  std::vector<PlannedPosting> postings;
};

// Changes written in the open batch but not yet committed.
class PendingChanges {
 public:
  void AddLot(const Lot& lot);
  void AddPosting(const Posting& p, int32_t item_id, Date expiry);
  const Lot* LotByBatch(int32_t item_id, const std::string& batch) const;
  const Lot* LotById(int32_t id) const;
  // Not-yet-committed deltas of one balance.
  const std::vector<DatedDelta>* Deltas(int32_t warehouse_id, int32_t lot_id) const;
  // Lots of an item with pending postings in a warehouse.
  std::vector<int32_t> LotsOf(int32_t warehouse_id, int32_t item_id) const;
  // The sum of a lot's pending deltas dated on or before `date`, in every warehouse.
  int64_t HeldOn(int32_t lot_id, Date date) const;
  // After commit: moves everything into the committed state and clears.
  void CommitTo(Catalog& catalog, StockIndex& index);
  void Clear();
  bool empty() const { return postings_.empty() && lots_.empty(); }
  // Calls f(posting) for each pending posting, in the order they were added.
  template <typename F>
  void ForEachPosting(F&& f) const {
    for (const Entry& e : postings_) f(e.posting);
  }

 private:
  struct Entry {
    Posting posting;
    int32_t item_id;
    Date expiry;
  };
  std::vector<Lot> lots_;
  // Positions in lots_: an import stages many thousands of lots in one job.
  std::map<std::pair<int32_t, std::string>, size_t> lot_by_batch_;
  std::map<int32_t, size_t> lot_by_id_;
  std::vector<Entry> postings_;
  std::map<std::pair<int32_t, int32_t>, std::vector<DatedDelta>> deltas_;  // (wh, lot)
  std::map<std::pair<int32_t, int32_t>, std::vector<int32_t>> lots_by_wh_item_;
};

class Ledger {
 public:
  Ledger(const Catalog& catalog, const StockIndex& index, const PendingChanges& pending)
      : catalog_(catalog), index_(index), pending_(pending) {}

  Result<MovementPlan> PlanReceipt(const ReceiptRequest& r) const;
  Result<MovementPlan> PlanTransfer(const TransferRequest& r) const;
  Result<MovementPlan> PlanDelivery(const DeliveryRequest& r) const;
  Result<MovementPlan> PlanAdjustment(const AdjustmentRequest& r) const;
  Result<MovementPlan> PlanReturn(const ReturnRequest& r) const;
  // A transfer from another site arriving (domain/transit.cc): each line's
  // lot leaves the transit location `transit_id` as dispatched, and what was
  // received of it enters `to_id`; the rest is short, gone from stock.
  // kInvalid naming the line when more is received than was dispatched;
  // kConflict when the transit location no longer holds the lot.
  struct ArrivalLine {
    int32_t lot_id = 0;
    Quantity dispatched = Quantity::Zero();
    Quantity received = Quantity::Zero();
  };
  Result<MovementPlan> PlanArrival(int32_t transit_id, int32_t to_id, Date date,
                                   const std::vector<ArrivalLine>& lines) const;
  // Kits (domain/kits.cc). An assembly takes every component first-expiry-
  // first-out (never an expired lot) and makes one new kit lot: its expiry
  // the earliest of the lots taken, its composition those lots. Not enough
  // of a component: kConflict naming it, nothing planned.
  Result<MovementPlan> PlanAssembly(const AssemblyRequest& r) const;
  // Takes kits of an assembled lot apart: the components go back into their
  // lots in the same warehouse, each the share domain/kits.h gives.
  Result<MovementPlan> PlanDisassembly(const DisassemblyRequest& r) const;
  // The postings that undo `original` on `date` (not before the original's
  // own date): refused with kConflict when taking the goods back would make a
  // lot negative on that date or later (e.g. a receipt already delivered).
  Result<MovementPlan> PlanReversal(const std::vector<Posting>& original, Date original_date,
                                    Date date) const;

  const Lot* FindLot(int32_t id) const;

 private:
  class Draft;
  // Takes `line.quantity` of `line.sku` out of `warehouse_id` on `date`, from the
  // given lot or first-expiry-first-out, recording postings in `draft`.
  Status TakeOut(Draft& draft, int32_t warehouse_id, const OutLine& line, int line_no, Date date,
                 bool allow_expired_lot, bool fefo) const;
  const Lot* FindLotByBatch(int32_t item_id, const std::string& batch) const;
  // The stock of a lot on `date` in every warehouse together, committed and pending.
  int64_t HeldOn(const Lot& lot, Date date) const;
  // The warehouse of a movement between it and a recipient, once both are
  // known and there are lines (kInvalid naming the field otherwise).
  Result<const Warehouse*> RecipientMove(const std::string& warehouse, const std::string& recipient,
                                         size_t lines) const;
  // Puts `line.quantity` (positive) of the named lot into `warehouse_id`.
  Status PutBack(Draft& draft, int32_t warehouse_id, const OutLine& line, int line_no,
                 Date date) const;
  // The lowest and highest balance of a lot in a warehouse from `date` on,
  // with the pending changes and the draft's own.
  BalanceRange RangeOf(const Draft& draft, int32_t warehouse_id, int32_t item_id, int32_t lot_id,
                       Date date) const;
  // kInvalid naming `line`'s quantity when adding `delta` to a lot in a
  // warehouse on `date` would take its stock on some day above the limit.
  Status CheckCeiling(const Draft& draft, int32_t warehouse_id, int32_t lot_id, int64_t delta,
                      Date date, int line) const;
  Status CeilingError(int32_t warehouse_id, const std::string& lot_name, Date date, int line) const;

  const Catalog& catalog_;
  const StockIndex& index_;
  const PendingChanges& pending_;
};

}  // namespace zapas
