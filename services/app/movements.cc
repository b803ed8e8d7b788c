// The movements' write jobs: receipts, transfers, deliveries, adjustments,
// reversals and proofs of delivery, each planned by the domain Ledger and
// stored as one journal entry (services/app/requests.h).
#include <cstdio>

#include "domain/journal_document.h"
#include "domain/ledger.h"
#include "services/app/confirmation.h"
#include "services/app/periods.h"
#include "services/app/requests.h"
#include "services/app/scope.h"

namespace zapas {
namespace {

// The counter and number prefix of a movement of `kind`.
std::string PrefixOf(MovementKind kind) {
  return std::string(NumberPrefix(MovementKindName(kind)));
}

// Stores a plan as one journal entry and stages its effects. `doc` holds the
// movement's own fields (warehouse, recipient, ...); the rest comes from the
// plan.
Result<Written> StorePlan(WriteContext& ctx, MovementPlan plan, MovementDocument doc,
                          int64_t refers_to = 0) {
  // New lots get their ids from the database, and their value is booked at
  // the NBU rate in force on the receipt's date, as cash is (none known yet:
  // the books take the rate in force when they are read).
  std::vector<Lot> new_lots = plan.new_lots;
  for (Lot& lot : new_lots) {
    if (lot.currency->code != "UAH") {
      ZAPAS_ASSIGN_OR_RETURN(std::optional<Rate> rate,
                             ctx.repo.RateInForce(*lot.currency, plan.date));
      if (rate) {
        lot.booked_rate = rate->uah_per_unit;
        lot.booked_rate_date = rate->date;
      }
    }
    ZAPAS_ASSIGN_OR_RETURN(lot.id, ctx.repo.InsertLot(lot));
  }
  Ledger ledger(ctx.catalog, ctx.index, ctx.pending);
  auto lot_of = [&](const PlannedPosting& p) -> const Lot* {
    return p.new_lot >= 0 ? &new_lots[static_cast<size_t>(p.new_lot)] : ledger.FindLot(p.lot_id);
  };

  JournalEntry entry;
  entry.kind = std::string(MovementKindName(plan.kind));
  entry.number = doc.number;
  entry.date = plan.date;
  entry.recorded_at = ctx.recorded_at;
  entry.recorded_by = ctx.who.username;
  entry.refers_to = refers_to;
  for (const PlannedPosting& p : plan.postings) {
    const Lot* lot = lot_of(p);
    if (lot == nullptr) return Status::Internal("a planned posting names an unknown lot");
    entry.postings.push_back(Posting{p.warehouse_id, lot->id, plan.date, p.delta});
  }

  doc.kind = plan.kind;
  doc.date = plan.date;
  ZAPAS_RETURN_IF_ERROR(FillLines(doc, ctx.catalog, plan, lot_of));
  doc.recorded_at = ctx.recorded_at;
  doc.recorded_by = ctx.who.username;
  entry.document = EncodeDocument(doc);

  ZAPAS_ASSIGN_OR_RETURN(int64_t id, ctx.repo.InsertEntry(entry));
  for (const Lot& lot : new_lots) ctx.StageLot(lot);
  for (const Posting& p : entry.postings) {
    const Lot* lot = ledger.FindLot(p.lot_id);
    if (lot == nullptr) {
      for (const Lot& l : new_lots) {
        if (l.id == p.lot_id) lot = &l;
      }
    }
    ctx.StagePosting(p, lot->item_id, lot->expiry);
  }
  return Written{EntryJson(id, entry.document)};
}

// Plans with `plan`, numbers the document, and stores it. `header` holds the
// movement's own fields.
template <typename Request, typename Plan>
WriteWork MovementWork(MovementKind kind, Request request, Plan plan, MovementDocument header) {
  return [=](WriteContext& ctx) mutable -> Result<Written> {
    for (const std::string& code : {header.warehouse, header.from, header.to}) {
      ZAPAS_RETURN_IF_ERROR(CheckWarehouseInScope(ctx.who, ctx.catalog, code));
    }
    ZAPAS_RETURN_IF_ERROR(CheckDateWritable(ctx, request.date));
    ZAPAS_ASSIGN_OR_RETURN(int64_t n, ctx.repo.NextNumber(PrefixOf(kind), request.date.year()));
    MovementDocument doc = header;
    doc.number = DocumentNumber(PrefixOf(kind), request.date.year(), n);
    if constexpr (std::is_same_v<Request, ReceiptRequest>) request.default_lot_prefix = doc.number;
    Ledger ledger(ctx.catalog, ctx.index, ctx.pending);
    ZAPAS_ASSIGN_OR_RETURN(MovementPlan p, plan(ledger, request));
    return StorePlan(ctx, std::move(p), std::move(doc));
  };
}

}  // namespace

WriteWork CreateReceiptWork(const ReceiptCommand& input) {
  const ReceiptRequest& r = input.request;
  return MovementWork(
      MovementKind::kReceipt, r,
      [](const Ledger& l, const ReceiptRequest& x) { return l.PlanReceipt(x); },
      [&] {
        MovementDocument d{.warehouse = r.warehouse, .donor = r.donor, .reference = r.reference};
        // Shortages and damage by request line (= document line).
        for (size_t i = 0; i < input.remarks.size(); ++i) {
          if (!input.remarks[i].empty()) {
            d.remarks.push_back(LineRemark{static_cast<int64_t>(i + 1), input.remarks[i]});
          }
        }
        return d;
      }());
}

WriteWork CreateTransferWork(const TransferRequest& r) {
  return MovementWork(
      MovementKind::kTransfer, r,
      [](const Ledger& l, const TransferRequest& x) { return l.PlanTransfer(x); },
      MovementDocument{.from = r.from, .to = r.to});
}

WriteWork CreateDeliveryWork(const DeliveryRequest& r) {
  return MovementWork(
      MovementKind::kDelivery, r,
      [](const Ledger& l, const DeliveryRequest& x) { return l.PlanDelivery(x); },
      MovementDocument{.warehouse = r.warehouse, .recipient = r.recipient});
}

WriteWork CreateAdjustmentWork(const AdjustmentRequest& r) {
  return MovementWork(
      MovementKind::kAdjustment, r,
      [](const Ledger& l, const AdjustmentRequest& x) { return l.PlanAdjustment(x); },
      MovementDocument{.warehouse = r.warehouse,
                       .reason = std::string(AdjustmentReasonName(r.reason))});
}

WriteWork ReverseMovementWork(const ReversalRequest& r) {
  return [r](WriteContext& ctx) -> Result<Written> {
    const std::string id_text = std::to_string(r.id);
    auto original = ctx.repo.FindEntry(r.id);
    const std::string kind = original.ok() ? original->kind : "";
    if (kind != "receipt" && kind != "transfer" && kind != "delivery" && kind != "adjustment") {
      return Status::NotFound("no movement " + id_text);
    }
    ZAPAS_ASSIGN_OR_RETURN(auto earlier, ctx.repo.FindEventFor(r.id, "reversal"));
    if (earlier) return Status::Conflict(original->number + " is already reversed");
    ZAPAS_ASSIGN_OR_RETURN(auto postings, ctx.repo.PostingsOf(r.id));
    ZAPAS_RETURN_IF_ERROR(CheckPostingsInScope(ctx.who, ctx.catalog, postings, true));
    const Date on = r.date.value_or(original->date);
    ZAPAS_RETURN_IF_ERROR(CheckDateWritable(ctx, on));
    Ledger ledger(ctx.catalog, ctx.index, ctx.pending);
    ZAPAS_ASSIGN_OR_RETURN(MovementPlan plan, ledger.PlanReversal(postings, original->date, on));
    ZAPAS_ASSIGN_OR_RETURN(int64_t n,
                           ctx.repo.NextNumber(PrefixOf(MovementKind::kReversal), on.year()));
    MovementDocument doc{.number = DocumentNumber(PrefixOf(MovementKind::kReversal), on.year(), n),
                         .reason = r.reason,
                         .reverses = id_text,
                         .reverses_number = original->number};
    return StorePlan(ctx, std::move(plan), std::move(doc), r.id);
  };
}

WriteWork ConfirmDeliveryWork(const ConfirmationRequest& r) {
  return [r](WriteContext& ctx) -> Result<Written> {
    const int64_t id = r.delivery;
    const std::string id_text = std::to_string(id);
    auto delivery = ctx.repo.FindEntry(id);
    if (!delivery.ok() || delivery->kind != "delivery") {
      return Status::NotFound("no delivery " + id_text);
    }
    ZAPAS_ASSIGN_OR_RETURN(auto postings, ctx.repo.PostingsOf(id));
    ZAPAS_RETURN_IF_ERROR(CheckPostingsInScope(ctx.who, ctx.catalog, postings, true));
    ZAPAS_RETURN_IF_ERROR(CheckNotTooFarAhead(ctx.latest_date, r.date, "received_at"));
    ZAPAS_ASSIGN_OR_RETURN(auto existing, ctx.repo.FindEventFor(id, "confirmation"));
    if (existing) return Status::Conflict("delivery " + delivery->number + " is already confirmed");
    ZAPAS_ASSIGN_OR_RETURN(auto reversed, ctx.repo.FindEventFor(id, "reversal"));
    if (reversed) {
      return Status::Conflict("delivery " + delivery->number +
                              " is reversed: a reversed delivery cannot be confirmed");
    }
    const Confirmation confirmation{.delivery = id_text,
                                    .waybill = delivery->number,
                                    .received_by = r.received_by,
                                    .received_at = r.received_at,
                                    .recorded_at = ctx.recorded_at,
                                    .recorded_by = ctx.who.username};
    JournalEntry entry;
    entry.kind = "confirmation";
    entry.date = r.date;
    entry.recorded_at = ctx.recorded_at;
    entry.recorded_by = ctx.who.username;
    entry.refers_to = id;
    entry.document = SealedConfirmation(ctx.repo, confirmation);
    ZAPAS_ASSIGN_OR_RETURN(int64_t event_id, ctx.repo.InsertEntry(entry));
    return Written{ConfirmationJson(confirmation, std::to_string(event_id))};
  };
}

// The lots a delivery would take, planned by the same Ledger against the
// committed stock, with the same errors; nothing is written.
Result<MovementDocument> PreviewDelivery(const Catalog& catalog, const StockIndex& index,
                                         const DeliveryRequest& r) {
  const PendingChanges none;
  Ledger ledger(catalog, index, none);
  ZAPAS_ASSIGN_OR_RETURN(MovementPlan plan, ledger.PlanDelivery(r));
  MovementDocument doc{.kind = MovementKind::kDelivery,
                       .warehouse = r.warehouse,
                       .recipient = r.recipient,
                       .date = plan.date};
  ZAPAS_RETURN_IF_ERROR(FillLines(
      doc, catalog, plan, [&](const PlannedPosting& p) { return ledger.FindLot(p.lot_id); }));
  return doc;
}

}  // namespace zapas
