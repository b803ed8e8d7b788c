// The movements' endpoints: receipts, transfers, deliveries (and their
// preview and proof), adjustments and reversals; each decodes its request
// and runs the write job of services/app/requests.h.
#include "domain/journal_document.h"
#include "services/app/aid_requests.h"
#include "services/app/confirmation.h"
#include "services/app/periods.h"
#include "services/app/requests.h"
#include "services/app/scope.h"
#include "services/app/transit.h"
#include "services/http/api.h"

namespace zapas {
// The lots a delivery would take, planned by the same Ledger against the
// committed stock, with the same errors (409 not enough stock, 409 closed
// period, 422); nothing is written and no number is used.
Result<Reply> Api::PreviewDelivery(Call& c) {
  ZAPAS_ASSIGN_OR_RETURN(DeliveryRequest r, DecodeDelivery(c.request.body));
  MovementDocument served;  // the request's members, when it names one
  {
    ZAPAS_ASSIGN_OR_RETURN(auto conn, store_.Reader());
    ZAPAS_RETURN_IF_ERROR(CheckDateWritable(*conn, store_.LatestWritableDate(), r.date));
    ZAPAS_RETURN_IF_ERROR(CheckRequestOfDelivery(*conn, r, served));
  }
  ZAPAS_ASSIGN_OR_RETURN(
      MovementDocument doc,
      store_.Read([&](const Catalog& catalog, const StockIndex& index) -> Result<MovementDocument> {
        ZAPAS_RETURN_IF_ERROR(CheckWarehouseInScope(c.who, catalog, r.warehouse));
        return zapas::PreviewDelivery(catalog, index, r);
      }));
  doc.request = served.request;
  doc.request_number = served.request_number;
  doc.request_date = served.request_date;
  return Reply{200, EncodeDocument(doc)};
}

Result<Reply> Api::GetEntry(Call& c, const char* kind) {
  ZAPAS_ASSIGN_OR_RETURN(const int64_t id, PathId(c.params.at(0), kind));
  const std::string id_text = std::to_string(id);  // canonical: "00031" is 31
  ZAPAS_ASSIGN_OR_RETURN(auto conn, store_.Reader());
  auto entry = conn->FindEntry(id);
  if (!entry.ok() || entry->kind != kind) {
    if (!entry.ok() && entry.status().code() != StatusCode::kNotFound) return entry.status();
    return Status::NotFound(std::string("no ") + kind + " " + id_text);
  }
  ZAPAS_RETURN_IF_ERROR(CheckEntryInScope(c, *conn, id));
  std::string body = "{\"id\":\"" + id_text + "\"," + entry->document.substr(1);
  if (std::string(kind) == "delivery") {
    ZAPAS_ASSIGN_OR_RETURN(auto confirmation, conn->FindEventFor(entry->id, "confirmation"));
    if (confirmation) {
      ZAPAS_ASSIGN_OR_RETURN(auto event, conn->FindEntry(*confirmation));
      const bool personal = SeesPersonalData(c.who.role);
      ZAPAS_ASSIGN_OR_RETURN(Confirmation read, ReadConfirmation(*conn, event.document, personal));
      if (!read.received_by.empty()) {
        // Who received it is personal data: its read is logged first.
        ZAPAS_ASSIGN_OR_RETURN(MovementDocument doc, DecodeMovement(kind, entry->document));
        const Recipient* r = store_.Read([&](const Catalog& catalog, const StockIndex&) {
          return catalog.RecipientByCode(doc.recipient);
        });
        if (r != nullptr) ZAPAS_RETURN_IF_ERROR(LogPersonalReads(c.who, {r->id}));
      }
      body.pop_back();
      body += ",\"confirmation\":" + ConfirmationJson(read) + "}";
    }
  }
  return Reply{200, std::move(body)};
}

Status Api::CheckEntryInScope(Call& c, Repository& conn, int64_t id) {
  if (!c.who.scoped()) return Status::Ok();
  ZAPAS_ASSIGN_OR_RETURN(std::vector<Posting> postings, conn.PostingsOf(id));
  return store_.Read([&](const Catalog& catalog, const StockIndex&) {
    return CheckPostingsInScope(c.who, catalog, postings, false);
  });
}

Result<Reply> Api::GetReceipt(Call& c) { return GetEntry(c, "receipt"); }
Result<Reply> Api::GetDelivery(Call& c) { return GetEntry(c, "delivery"); }
Result<Reply> Api::GetTransfer(Call& c) { return GetEntry(c, "transfer"); }
Result<Reply> Api::GetAdjustment(Call& c) { return GetEntry(c, "adjustment"); }
Result<Reply> Api::GetReversal(Call& c) { return GetEntry(c, "reversal"); }

Result<Reply> Api::ReceiveTransfer(Call& c) {
  ZAPAS_ASSIGN_OR_RETURN(ArrivalCommand command, DecodeJson(c.request.body, ReadArrival));
  command.transfer = c.params.at(0);
  return Write(c, ReceiveTransferWork(command));
}

Result<Reply> Api::IncomingTransfers(Call& c) {
  ZAPAS_ASSIGN_OR_RETURN(auto conn, store_.Reader());
  ZAPAS_ASSIGN_OR_RETURN(std::string json,
                         store_.Read([&](const Catalog& catalog, const StockIndex&) {
                           return IncomingTransfersJson(*conn, catalog, c.who);
                         }));
  return Reply{200, std::move(json)};
}

Result<Reply> Api::ConfirmDelivery(Call& c) {
  ZAPAS_ASSIGN_OR_RETURN(const int64_t id, PathId(c.params.at(0), "delivery"));
  ZAPAS_ASSIGN_OR_RETURN(auto body, ParseJsonObject(c.request.body));
  std::vector<FieldError> errors;
  FieldReader in(body, &errors);
  std::string received_by = in.Text("received_by", true, 200);
  std::string received_at = in.Text("received_at", true, 40);
  std::optional<Date> date;
  if (!received_at.empty()) {
    auto seconds = ParseTimestamp(received_at);
    if (!seconds.ok()) {
      in.Fail("received_at", seconds.status().message());
    } else {
      received_at = FormatTimestamp(*seconds);  // stored in UTC
      date = DateOfTimestamp(*seconds);
    }
  }
  ZAPAS_RETURN_IF_ERROR(FieldErrors(std::move(errors)));
  return Write(c, ConfirmDeliveryWork(ConfirmationRequest{id, received_by, received_at, *date}));
}

Result<Reply> Api::ReverseMovement(Call& c) {
  ZAPAS_ASSIGN_OR_RETURN(const int64_t id, PathId(c.params.at(0), "movement"));
  ZAPAS_ASSIGN_OR_RETURN(auto body, ParseJsonObject(c.request.body));
  std::vector<FieldError> errors;
  FieldReader in(body, &errors);
  std::optional<Date> date = in.DateValue("date", false);
  std::string reason = in.Text("reason", true, 500);
  ZAPAS_RETURN_IF_ERROR(FieldErrors(std::move(errors)));
  return Write(c, ReverseMovementWork(ReversalRequest{id, date, reason}));
}
}  // namespace zapas
