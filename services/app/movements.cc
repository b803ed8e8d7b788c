// The movements' write jobs: receipts, transfers, deliveries, adjustments,
// reversals and proofs of delivery, each planned by the domain Ledger and
// stored as one journal entry (services/app/requests.h).
#include <algorithm>
#include <cstdio>
#include <optional>

#include "domain/journal_document.h"
#include "domain/json.h"
#include "domain/ledger.h"
#include "services/app/aid_requests.h"
#include "services/app/confirmation.h"
#include "services/app/kits.h"
#include "services/app/periods.h"
#include "services/app/requests.h"
#include "services/app/scope.h"

namespace zapas {
namespace {

// The counter and number prefix of a movement of `kind`.
std::string PrefixOf(MovementKind kind) {
  return std::string(NumberPrefix(MovementKindName(kind)));
}

// A movement as stored: its entry's id and its document.
struct StoredMovement {
  int64_t id = 0;
  MovementDocument doc;
  std::string json;
};

// Stores a plan as one journal entry and stages its effects. `doc` holds the
// movement's own fields (warehouse, recipient, ...); the rest comes from the
// plan.
Result<StoredMovement> StorePlan(WriteContext& ctx, MovementPlan plan, MovementDocument doc,
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

  JournalEntry entry =
      ctx.NewEntry(std::string(MovementKindName(plan.kind)), plan.date, doc.number, refers_to);
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
  return StoredMovement{id, std::move(doc), EntryJson(id, entry.document)};
}

// An assembly's reply: its document with the kit lot made, its expiry and
// its value per currency (the components' values, exactly).
std::string WithKitLot(std::string json, const MovementDocument& doc) {
  JsonWriter w;
  w.BeginObject();
  for (const DocumentLine& l : doc.lines) {
    if (l.lot != doc.kit_lot || l.sku != doc.kit) continue;
    w.NullableField("expiry", l.expiry ? l.expiry->ToString() : "");
    w.Field("quantity", l.quantity.ToString());
  }
  w.Key("value").BeginArray();
  for (const Money& m : doc.totals) w.MoneyValue(m);
  w.EndArray().EndObject();
  std::string extra = w.Take();
  json.pop_back();
  return json + "," + extra.substr(1);
}

// A transfer to a warehouse of another site of the alliance is a dispatch:
// the goods go to that warehouse's transit location, where they stay until
// its site receives them (ReceiveTransferWork); the document names the
// warehouse. True when it is one (`r.to` then names the transit location).
Result<bool> RouteDispatch(const Catalog& catalog, TransferRequest& r) {
  const Warehouse* to = catalog.WarehouseByCode(r.to);
  if (to == nullptr || catalog.Owns(*to) || IsTransit(*to)) return false;
  const Warehouse* transit = catalog.WarehouseByCode(TransitCode(to->code));
  if (transit == nullptr) {
    return Status::Conflict("the warehouse " + to->code +
                            " is another site's, and its transit "
                            "location is not known here yet: sync with the hub first");
  }
  r.to = transit->code;
  return true;
}

// Plans with `plan`, numbers the document, and stores it. `header` holds the
// movement's own fields.
template <typename Request, typename Plan>
WriteWork MovementWork(MovementKind kind, Request request, Plan plan, MovementDocument header) {
  return [=](WriteContext& ctx) mutable -> Result<Written> {
    bool dispatch = false;
    if constexpr (std::is_same_v<Request, TransferRequest>) {
      ZAPAS_ASSIGN_OR_RETURN(dispatch, RouteDispatch(ctx.catalog, request));
    }
    for (const std::string& code : {header.warehouse, header.from, header.to}) {
      ZAPAS_RETURN_IF_ERROR(CheckWarehouseInScope(ctx.who, ctx.catalog, code));
      if (code.rfind('~', 0) == 0) return Status::Field("to", code + " is not a warehouse");
      if (dispatch && code == header.to) continue;
      ZAPAS_RETURN_IF_ERROR(CheckWarehouseOwned(ctx.catalog, code));
    }
    ZAPAS_RETURN_IF_ERROR(CheckDateWritable(ctx, request.date));
    MovementDocument doc = header;
    ZAPAS_ASSIGN_OR_RETURN(doc.number, ctx.NextNumber(PrefixOf(kind), request.date.year()));
    if constexpr (std::is_same_v<Request, ReceiptRequest>) request.default_lot_prefix = doc.number;
    if constexpr (std::is_same_v<Request, DeliveryRequest>) {
      ZAPAS_RETURN_IF_ERROR(CheckRequestOfDelivery(ctx.repo, request, doc));
    }
    if constexpr (std::is_same_v<Request, AssemblyRequest>) {
      ZAPAS_ASSIGN_OR_RETURN(request.components,
                             KitComponentsOf(ctx.repo, ctx.catalog, request.kit));
      request.default_lot = doc.number;
      doc.kit_lot = request.lot.empty() ? doc.number : request.lot;
    }
    Ledger ledger(ctx.catalog, ctx.index, ctx.pending);
    ZAPAS_ASSIGN_OR_RETURN(MovementPlan p, plan(ledger, request));
    ZAPAS_ASSIGN_OR_RETURN(StoredMovement stored, StorePlan(ctx, std::move(p), std::move(doc)));
    if constexpr (std::is_same_v<Request, DeliveryRequest>) {
      ZAPAS_RETURN_IF_ERROR(CountDeliveryOfRequest(ctx, stored.id, stored.doc));
    }
    if constexpr (std::is_same_v<Request, AssemblyRequest>) {
      return Written{WithKitLot(std::move(stored.json), stored.doc)};
    }
    return Written{std::move(stored.json)};
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

std::optional<ArrivalCommand> ReadArrival(FieldReader& in) {
  ArrivalCommand c;
  if (auto d = in.DateValue("date")) c.date = *d;
  if (in.Has("lines")) {
    for (FieldReader& l : in.Objects("lines")) {
      ArrivalCommand::Line line{.sku = l.Code("sku"), .lot = l.Lot("lot")};
      if (auto q = l.QuantityValue("received")) {
        if (q->is_negative()) l.Fail("received", "must not be negative");
        line.received = *q;
      }
      c.lines.push_back(std::move(line));
    }
  }
  return c;
}

namespace {

// The transfer `ref` names here: its id, or its number.
Result<JournalEntry> FindTransfer(Repository& repo, const std::string& ref) {
  const std::string none = "no transfer " + ref;
  if (!ref.empty() && ref.find_first_not_of("0123456789") == std::string::npos && ref.size() < 19) {
    const int64_t id = std::stoll(ref);
    auto e = repo.FindEntry(id);
    const bool here = e.ok() && e->kind == "transfer";
    if (here && !e->site.empty()) return *std::move(e);  // another site's, by its id here
    // The id the dispatching site gave it (what its sender was answered).
    std::optional<JournalEntry> theirs;
    ZAPAS_ASSIGN_OR_RETURN(std::vector<std::string> sites, repo.SitesWithBodies());
    for (const std::string& site : sites) {
      ZAPAS_ASSIGN_OR_RETURN(auto body, repo.FindSiteBody(site, id));
      if (!body) continue;
      ZAPAS_ASSIGN_OR_RETURN(JournalEntry held, repo.FindEntry(body->entry_id));
      if (held.kind != "transfer") continue;
      if (theirs) {
        return Status::Conflict("transfers of several sites have the id " + ref +
                                " there: name it by its number");
      }
      theirs = std::move(held);
    }
    if (theirs) return *std::move(theirs);
    if (here) return *std::move(e);
    return Status::NotFound(none);
  }
  JournalStore::DocumentQuery q{.kinds = {"transfer"}, .number = ref, .limit = 10};
  ZAPAS_ASSIGN_OR_RETURN(auto found, repo.ListDocuments(q));
  for (const auto& d : found) {
    if (d.number == ref) return repo.FindEntry(d.id);
  }
  return Status::NotFound(none);
}

}  // namespace

WriteWork ReceiveTransferWork(const ArrivalCommand& c) {
  return [c](WriteContext& ctx) -> Result<Written> {
    ZAPAS_ASSIGN_OR_RETURN(JournalEntry transfer, FindTransfer(ctx.repo, c.transfer));
    ZAPAS_ASSIGN_OR_RETURN(MovementDocument sent, DecodeMovement("transfer", transfer.document));
    const Warehouse* to = ctx.catalog.WarehouseByCode(sent.to);
    const Warehouse* transit =
        to == nullptr ? nullptr : ctx.catalog.WarehouseByCode(TransitCode(to->code));
    ZAPAS_RETURN_IF_ERROR(CheckWarehouseInScope(ctx.who, ctx.catalog, sent.to));
    ZAPAS_RETURN_IF_ERROR(CheckWarehouseOwned(ctx.catalog, sent.to));
    ZAPAS_RETURN_IF_ERROR(CheckDateWritable(ctx, c.date));
    if (c.date < transfer.date) {
      return Status::Field("date",
                           "is before the transfer's dispatch on " + transfer.date.ToString());
    }
    ZAPAS_ASSIGN_OR_RETURN(auto earlier, ctx.repo.FindEventFor(transfer.id, "arrival"));
    if (earlier) return Status::Conflict(sent.number + " is received already");
    ZAPAS_ASSIGN_OR_RETURN(std::vector<Posting> postings, ctx.repo.PostingsOf(transfer.id));
    std::vector<Ledger::ArrivalLine> lines;
    std::vector<std::string> names;  // "SKU lot" of each line
    for (const Posting& p : postings) {
      if (transit == nullptr || p.warehouse_id != transit->id || p.delta <= 0) continue;
      const Lot* lot = ctx.catalog.LotById(p.lot_id);
      const Item* item = lot ? ctx.catalog.ItemById(lot->item_id) : nullptr;
      if (item == nullptr) return Status::Internal("a transfer names an unknown lot");
      const Quantity q = Quantity::FromMilli(p.delta);
      lines.push_back({.lot_id = p.lot_id, .dispatched = q, .received = q});
      names.push_back(item->sku + " " + lot->batch);
    }
    if (lines.empty()) {
      return Status::Conflict(sent.number + " is not in transit to " + sent.to +
                              " here: a transfer within this site, or one not synced yet");
    }
    for (size_t i = 0; i < c.lines.size(); ++i) {
      const std::string name = c.lines[i].sku + " " + c.lines[i].lot;
      auto at = std::find(names.begin(), names.end(), name);
      if (at == names.end()) {
        return Status::Field(
            "lines[" + std::to_string(i) + "].lot",
            "lot " + c.lines[i].lot + " of " + c.lines[i].sku + " is not in " + sent.number);
      }
      lines[static_cast<size_t>(at - names.begin())].received = c.lines[i].received;
    }
    Ledger ledger(ctx.catalog, ctx.index, ctx.pending);
    ZAPAS_ASSIGN_OR_RETURN(MovementPlan plan,
                           ledger.PlanArrival(transit->id, to->id, c.date, lines));
    MovementDocument doc{.from = sent.from, .to = sent.to, .transfer_number = sent.number};
    for (size_t i = 0; i < lines.size(); ++i) {
      const int64_t short_milli = lines[i].dispatched.milli() - lines[i].received.milli();
      if (short_milli == 0) continue;
      const std::string s = Quantity::FromMilli(short_milli).ToString();
      const std::string of = lines[i].dispatched.ToString();
      doc.remarks.push_back(
          LineRemark{static_cast<int64_t>(i + 1),
                     names[i] + ": не вистачає " + s + " з " + of + " / short " + s + " of " + of});
    }
    ZAPAS_ASSIGN_OR_RETURN(doc.number,
                           ctx.NextNumber(PrefixOf(MovementKind::kArrival), c.date.year()));
    ZAPAS_ASSIGN_OR_RETURN(StoredMovement stored,
                           StorePlan(ctx, std::move(plan), std::move(doc), transfer.id));
    return Written{std::move(stored.json)};
  };
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

WriteWork CreateAssemblyWork(const AssemblyRequest& r) {
  return MovementWork(
      MovementKind::kAssembly, r,
      [](const Ledger& l, const AssemblyRequest& x) { return l.PlanAssembly(x); },
      MovementDocument{.warehouse = r.warehouse, .kit = r.kit});
}

WriteWork CreateDisassemblyWork(const DisassemblyRequest& r) {
  return MovementWork(
      MovementKind::kDisassembly, r,
      [](const Ledger& l, const DisassemblyRequest& x) { return l.PlanDisassembly(x); },
      MovementDocument{.warehouse = r.warehouse, .kit = r.kit, .kit_lot = r.lot});
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
    ZAPAS_ASSIGN_OR_RETURN(auto returned, ctx.repo.FindEventFor(r.id, "return"));
    if (returned) {
      return Status::Conflict(original->number +
                              " has goods returned against it: it can no longer be reversed");
    }
    ZAPAS_ASSIGN_OR_RETURN(auto postings, ctx.repo.PostingsOf(r.id));
    ZAPAS_RETURN_IF_ERROR(CheckPostingsInScope(ctx.who, ctx.catalog, postings, true));
    ZAPAS_RETURN_IF_ERROR(CheckPostingsOwned(ctx.catalog, postings));
    const Date on = r.date.value_or(original->date);
    ZAPAS_RETURN_IF_ERROR(CheckDateWritable(ctx, on));
    Ledger ledger(ctx.catalog, ctx.index, ctx.pending);
    ZAPAS_ASSIGN_OR_RETURN(MovementPlan plan, ledger.PlanReversal(postings, original->date, on));
    ZAPAS_ASSIGN_OR_RETURN(std::string number,
                           ctx.NextNumber(PrefixOf(MovementKind::kReversal), on.year()));
    MovementDocument doc{.number = std::move(number),
                         .reason = r.reason,
                         .reverses = id_text,
                         .reverses_number = original->number};
    ZAPAS_ASSIGN_OR_RETURN(StoredMovement stored,
                           StorePlan(ctx, std::move(plan), std::move(doc), r.id));
    if (kind == "delivery") {
      ZAPAS_ASSIGN_OR_RETURN(MovementDocument delivered, DecodeMovement(kind, original->document));
      ZAPAS_RETURN_IF_ERROR(UncountReversedDelivery(ctx, delivered));
    }
    return Written{std::move(stored.json)};
  };
}

Result<StoredAdjustment> StoreAdjustment(WriteContext& ctx, MovementPlan plan,
                                         const std::string& warehouse, const std::string& reason,
                                         const std::string& source, int64_t refers_to) {
  const std::string prefix = PrefixOf(MovementKind::kAdjustment);
  ZAPAS_ASSIGN_OR_RETURN(std::string number, ctx.NextNumber(prefix, plan.date.year()));
  MovementDocument doc{
      .number = std::move(number), .warehouse = warehouse, .reason = reason, .source = source};
  ZAPAS_ASSIGN_OR_RETURN(StoredMovement stored,
                         StorePlan(ctx, std::move(plan), std::move(doc), refers_to));
  return StoredAdjustment{stored.id, stored.doc.number, std::move(stored.json)};
}

namespace {

// How much of each lot a return may still bring back (thousandths, by lot
// id): what the delivery it names gave (or, when it names none, every
// delivery to the recipient not reversed), less what came back from it
// already. Fills the document's delivery members.
Result<std::map<int32_t, int64_t>> Returnable(WriteContext& ctx, const ReturnCommand& c,
                                              MovementDocument& doc, std::string& from) {
  std::vector<int64_t> deliveries, returns;
  if (c.delivery != 0) {
    const std::string id_text = std::to_string(c.delivery);
    auto delivery = ctx.repo.FindEntry(c.delivery);
    if (!delivery.ok() || delivery->kind != "delivery") {
      return Status::Field("delivery", "no delivery " + id_text);
    }
    ZAPAS_ASSIGN_OR_RETURN(MovementDocument given, DecodeMovement("delivery", delivery->document));
    if (given.recipient != c.request.recipient) {
      return Status::Field(
          "recipient", "delivery " + delivery->number + " went to recipient " + given.recipient);
    }
    if (c.request.date < delivery->date) {
      return Status::Field("date", "must not be before delivery " + delivery->number + "'s date " +
                                       delivery->date.ToString());
    }
    ZAPAS_ASSIGN_OR_RETURN(auto reversed, ctx.repo.FindEventFor(c.delivery, "reversal"));
    if (reversed) return Status::Conflict("delivery " + delivery->number + " is reversed");
    deliveries = {c.delivery};
    ZAPAS_ASSIGN_OR_RETURN(returns, ctx.repo.EventsFor(c.delivery, "return"));
    doc.delivery = id_text;
    doc.delivery_number = delivery->number;
    from = "delivery " + delivery->number;
  } else {
    Repository::DocumentQuery q{.kinds = {"delivery"},
                                .recipient = c.request.recipient,
                                .reversed = false,
                                .limit = 1 << 30};
    ZAPAS_ASSIGN_OR_RETURN(auto given, ctx.repo.ListDocuments(q));
    for (const auto& d : given) deliveries.push_back(d.id);
    q.kinds = {"return"};
    q.reversed = std::nullopt;
    ZAPAS_ASSIGN_OR_RETURN(auto back, ctx.repo.ListDocuments(q));
    for (const auto& d : back) returns.push_back(d.id);
    from = "the deliveries to " + c.request.recipient;
  }
  std::map<int32_t, int64_t> left;
  for (int64_t id : deliveries) {
    ZAPAS_ASSIGN_OR_RETURN(std::vector<Posting> postings, ctx.repo.PostingsOf(id));
    for (const Posting& p : postings) left[p.lot_id] -= p.delta;
  }
  for (int64_t id : returns) {
    ZAPAS_ASSIGN_OR_RETURN(std::vector<Posting> postings, ctx.repo.PostingsOf(id));
    for (const Posting& p : postings) left[p.lot_id] -= p.delta;
  }
  return left;
}

}  // namespace

WriteWork CreateReturnWork(const ReturnCommand& c) {
  return [c](WriteContext& ctx) -> Result<Written> {
    const ReturnRequest& r = c.request;
    ZAPAS_RETURN_IF_ERROR(CheckWarehouseInScope(ctx.who, ctx.catalog, r.warehouse));
    ZAPAS_RETURN_IF_ERROR(CheckWarehouseOwned(ctx.catalog, r.warehouse));
    ZAPAS_RETURN_IF_ERROR(CheckDateWritable(ctx, r.date));
    MovementDocument doc{.warehouse = r.warehouse, .recipient = r.recipient, .reason = c.reason};
    std::string from;
    ZAPAS_ASSIGN_OR_RETURN(auto left, Returnable(ctx, c, doc, from));
    Ledger ledger(ctx.catalog, ctx.index, ctx.pending);
    ZAPAS_ASSIGN_OR_RETURN(MovementPlan plan, ledger.PlanReturn(r));
    std::map<int32_t, int64_t> back;
    for (const PlannedPosting& p : plan.postings) {
      back[p.lot_id] += p.delta;
      if (back[p.lot_id] > left[p.lot_id]) {
        const OutLine& line = r.lines[static_cast<size_t>(p.line)];
        return Status::Conflict(
            "cannot return " + Quantity::FromMilli(back[p.lot_id]).ToString() + " of lot " +
            line.lot + " (SKU " + line.sku + "): " + from + " left " +
            Quantity::FromMilli(std::max<int64_t>(left[p.lot_id], 0)).ToString() +
            " of it with the recipient");
      }
    }
    const std::string prefix = PrefixOf(MovementKind::kReturn);
    ZAPAS_ASSIGN_OR_RETURN(doc.number, ctx.NextNumber(prefix, r.date.year()));
    const MovementPlan returned = plan;
    ZAPAS_ASSIGN_OR_RETURN(StoredMovement stored,
                           StorePlan(ctx, std::move(plan), std::move(doc), c.delivery));
    if (!c.write_off) return Written{std::move(stored.json)};
    // Damaged goods written off where they came back: the same lots out again.
    MovementPlan off{.kind = MovementKind::kAdjustment, .date = r.date};
    for (PlannedPosting p : returned.postings) {
      p.delta = -p.delta;
      off.postings.push_back(p);
    }
    ZAPAS_ASSIGN_OR_RETURN(
        StoredAdjustment written_off,
        StoreAdjustment(ctx, std::move(off), r.warehouse, "damaged", stored.doc.number, stored.id));
    stored.json.pop_back();
    return Written{stored.json + ",\"write_off\":" + written_off.json + "}"};
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
    ZAPAS_RETURN_IF_ERROR(CheckPostingsOwned(ctx.catalog, postings));
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
    JournalEntry entry = ctx.NewEntry("confirmation", r.date, "", id);
    entry.document = SealedConfirmation(ctx.repo, confirmation);
    ZAPAS_ASSIGN_OR_RETURN(int64_t event_id, ctx.repo.InsertEntry(entry));
    return Written{ConfirmationJson(confirmation, std::to_string(event_id))};
  };
}

// The lots a delivery would take, planned by the same Ledger against the
// committed stock, with the same errors; nothing is written.
Result<MovementDocument> PreviewAssembly(const Catalog& catalog, const StockIndex& index,
                                         const AssemblyRequest& r) {
  const PendingChanges none;
  Ledger ledger(catalog, index, none);
  ZAPAS_ASSIGN_OR_RETURN(MovementPlan plan, ledger.PlanAssembly(r));
  MovementDocument doc{.kind = MovementKind::kAssembly,
                       .warehouse = r.warehouse,
                       .kit = r.kit,
                       .kit_lot = r.lot.empty() ? r.default_lot : r.lot,
                       .date = plan.date};
  ZAPAS_RETURN_IF_ERROR(FillLines(doc, catalog, plan, [&](const PlannedPosting& p) {
    return p.new_lot >= 0 ? &plan.new_lots[static_cast<size_t>(p.new_lot)]
                          : ledger.FindLot(p.lot_id);
  }));
  return doc;
}

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
