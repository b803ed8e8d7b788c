// The write requests of the API, decoded in one place: shared by the JSON
// endpoints (master_data.cc, movements.cc, money.cc), the CSV import
// (import.cc) and the fuzz targets (tests/fuzz), so all apply the same rules.
//
// Read* take one request's fields from a FieldReader, adding every bad field
// to its error list, and return nullopt when a field they need was bad.
// Decode* do the same for a whole JSON body: kMalformed when it is not one JSON
// object, kInvalid naming every bad field. Neither looks anything up: codes are
// checked for their form only; whether they name something is the write job's
// question. The *Work functions return that write job, which checks what needs
// the committed state (unknown codes, duplicates, rates, closed periods) and
// stores the request, answering as the endpoint does.
#pragma once

#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "domain/date.h"
#include "domain/entities.h"
#include "domain/journal_document.h"
#include "domain/json.h"
#include "domain/ledger.h"
#include "domain/money.h"
#include "domain/status.h"
#include "services/app/json_input.h"
#include "services/app/store.h"

namespace zapas {

struct NbuFile;  // services/app/nbu_import.h

// Where codes are created: kConflict naming `sku` or `code` when `code` is
// taken by a stored `kind` ignoring case (codes that differ only in case are
// one code): `donor "DE-HILFE" exists already (...)`, or `donor DE-HILFE
// already exists` for the very same code. Call it in the write job, before
// the insert, so that two creations of one batch see each other.
Status CheckCodeFree(Repository& repo, CodeKind kind, const std::string& code);

// POST /items, /warehouses, /donors, /recipients: a new record read from a
// request, the write job that creates it (201 with the record), and the
// record's JSON as every answer gives it (a recipient's `personal` only
// `with_personal`).
std::optional<Warehouse> ReadWarehouse(FieldReader& in);
WriteWork CreateWarehouseWork(const Warehouse& warehouse);
std::optional<Donor> ReadDonor(FieldReader& in);
WriteWork CreateDonorWork(const Donor& donor);
void WriteItem(JsonWriter& w, const Item& item);
// A record's code (an item's SKU): what lists are ordered and paged by.
const std::string& CodeOf(const Item& item);
const std::string& CodeOf(const Warehouse& warehouse);
const std::string& CodeOf(const Donor& donor);
const std::string& CodeOf(const Recipient& recipient);
const std::string& CodeOf(const Account& account);
void WriteWarehouse(JsonWriter& w, const Warehouse& warehouse);
void WriteDonor(JsonWriter& w, const Donor& donor);
void WriteRecipient(JsonWriter& w, const Recipient& recipient, bool with_personal);
// Records that the job's user read the personal data of `recipients` now.
WriteWork LogPersonalReadsWork(std::vector<int32_t> recipients);
std::optional<Item> ReadItem(FieldReader& in);
WriteWork CreateItemWork(const Item& item);
// PATCH /items/{sku}: new names, category and GTINs (the SKU, unit and
// expiry tracking stay); what is missing stays as it is. 200 with the item.
struct ItemChange {
  std::optional<std::string> name_uk, name_en, category;
  std::optional<std::vector<ItemGtin>> gtins;  // replaces the list; [] removes them all
};
std::optional<ItemChange> ReadItemChange(FieldReader& in);
WriteWork ChangeItemWork(std::string sku, ItemChange change);
std::optional<Recipient> ReadRecipient(FieldReader& in);
WriteWork CreateRecipientWork(const Recipient& recipient);

// POST /receipts: the request and the remark of each line ("" when none).
struct ReceiptCommand {
  ReceiptRequest request;
  std::vector<std::string> remarks;  // by request line: a shortage or damage noted on arrival
};
std::optional<ReceiptCommand> ReadReceipt(FieldReader& in);
WriteWork CreateReceiptWork(const ReceiptCommand& command);

// POST /accounts: a new cash or bank account; its JSON.
std::optional<Account> ReadAccount(FieldReader& in);
WriteWork CreateAccountWork(const Account& account);
void WriteAccount(JsonWriter& w, const Account& account);

// POST /cash/donations
struct CashDonationRequest {
  std::string donor;
  Date date;
  Money amount;
  std::string account;
  std::string earmark;  // "" when none
};
std::optional<CashDonationRequest> ReadCashDonation(FieldReader& in);
WriteWork CashDonationWork(const CashDonationRequest& request);

// POST /cash/payments
struct CashPaymentRequest {
  Date date;
  Money amount;
  std::string account;
  std::string purpose;
  std::string donor;  // "" when the payment is not earmarked to a donor's funds
};
// POST /cash/transfers
struct CashTransferRequest {
  Date date;
  std::string account_from;
  std::string account_to;
  Money amount;
};
// POST /cash/exchanges
struct CashExchangeRequest {
  Date date;
  std::string account_from;
  std::string account_to;
  Money sold;
  Money bought;
};
// POST /cash/fees
struct BankFeeRequest {
  Date date;
  Money amount;
  std::string account;
  std::string purpose;  // "" when none
};

// A request object read by `read` (see Read* above), or kInvalid naming
// every bad field.
template <typename Read>
auto DecodeObject(Poco::JSON::Object::Ptr object, Read read)
    -> Result<typename std::invoke_result_t<Read, FieldReader&>::value_type> {
  std::vector<FieldError> errors;
  FieldReader in(object, &errors);
  auto command = read(in);
  ZAPAS_RETURN_IF_ERROR(FieldErrors(std::move(errors)));
  if (!command) return Status::Internal("a request without field errors lacks a field");
  return std::move(*command);
}

// The same for a JSON request body; kMalformed when it is not a JSON object.
template <typename Read>
auto DecodeJson(const std::string& body, Read read) {
  using Command = typename std::invoke_result_t<Read, FieldReader&>::value_type;
  Result<Poco::JSON::Object::Ptr> object = ParseJsonObject(body);
  if (!object.ok()) return Result<Command>(object.status());
  return DecodeObject(*object, read);
}

// A request object read by `read` into the write job `work` makes of it.
template <typename Read, typename Work>
Result<WriteWork> ObjectWork(Poco::JSON::Object::Ptr object, Read read, Work work) {
  ZAPAS_ASSIGN_OR_RETURN(auto command, DecodeObject(object, read));
  return WriteWork(work(command));
}

// The same for a JSON request body.
template <typename Read, typename Work>
Result<WriteWork> JsonWork(const std::string& body, Read read, Work work) {
  ZAPAS_ASSIGN_OR_RETURN(auto command, DecodeJson(body, read));
  return WriteWork(work(command));
}

// The movements' and money operations' write jobs: what the endpoints run
// once a request is decoded (tests/services/use_cases_test.cc runs them on a
// Store in process, without a server).
WriteWork CreateTransferWork(const TransferRequest& request);
// POST /transfers/{id}/receive {"date", "lines"?: [{"sku", "lot", "received"}]}:
// a transfer dispatched from another site of the alliance to a warehouse of
// this one arrives (an arrival, ARR-): every lot leaves the transit location
// as dispatched, what was received of it enters the warehouse, and each
// shortage is named in the document's remarks. Lines not given arrived whole.
struct ArrivalCommand {
  std::string transfer;  // its id here, or its number
  Date date = Date::FromDays(0);
  struct Line {
    std::string sku, lot;
    Quantity received = Quantity::Zero();
  };
  std::vector<Line> lines;
};
std::optional<ArrivalCommand> ReadArrival(FieldReader& in);
WriteWork ReceiveTransferWork(const ArrivalCommand& command);
WriteWork CreateDeliveryWork(const DeliveryRequest& request);
WriteWork CreateAdjustmentWork(const AdjustmentRequest& request);
// POST /journal/{id}/reverse: the movement `id` undone on `date` (none: the
// original's own date).
struct ReversalRequest {
  int64_t id = 0;
  std::optional<Date> date;
  std::string reason;
};
WriteWork ReverseMovementWork(const ReversalRequest& request);
// POST /returns: goods back from a recipient into their lots; with
// `delivery`, at most what that delivery gave of each lot less what came
// back from it already (else at most what the recipient was given of it);
// `write_off` (damaged goods only) writes them off again in an adjustment
// stored with the return.
struct ReturnCommand {
  ReturnRequest request;
  std::string reason;    // unused, wrong_item, damaged
  int64_t delivery = 0;  // 0: none named
  bool write_off = false;
};
Result<ReturnCommand> DecodeReturn(const std::string& body);
// An adjustment another document makes (a stocktake's closing, a return's
// write-off): `plan` numbered and stored, its document naming `source` (that
// document's number) and its entry referring to `refers_to`.
struct StoredAdjustment {
  int64_t id = 0;
  std::string number;
  std::string json;  // as GET /adjustments/{id} answers
};
Result<StoredAdjustment> StoreAdjustment(WriteContext& ctx, MovementPlan plan,
                                         const std::string& warehouse, const std::string& reason,
                                         const std::string& source, int64_t refers_to);
WriteWork CreateReturnWork(const ReturnCommand& command);
// POST /deliveries/{id}/confirm: who received delivery `delivery`, and when
// (RFC 3339 in UTC, and its date).
struct ConfirmationRequest {
  int64_t delivery = 0;
  std::string received_by;
  std::string received_at;
  Date date;
};
WriteWork ConfirmDeliveryWork(const ConfirmationRequest& request);
// POST /deliveries/preview: the document the delivery would store, planned
// by the same Ledger against the committed stock, with the same errors;
// writes nothing and uses no number.
Result<MovementDocument> PreviewDelivery(const Catalog& catalog, const StockIndex& index,
                                         const DeliveryRequest& request);
// POST /rates: the rates of an NBU file that are new (CheckNewRates:
// `confirm` lets through those far from the previous ones).
WriteWork ImportRatesWork(NbuFile file, bool confirm);
// PUT /rates/{date}/{currency}: `corrected` replaces a rate of an open
// period that no booking has used, journaled as a rate_correction.
WriteWork ReplaceRateWork(Rate corrected, std::string reason, bool confirm);
WriteWork CashPaymentWork(const CashPaymentRequest& request);
WriteWork CashTransferWork(const CashTransferRequest& request);
WriteWork CashExchangeWork(const CashExchangeRequest& request);
WriteWork BankFeeWork(const BankFeeRequest& request);

Result<ReceiptCommand> DecodeReceipt(const std::string& body);
Result<TransferRequest> DecodeTransfer(const std::string& body);
Result<DeliveryRequest> DecodeDelivery(const std::string& body);
Result<AdjustmentRequest> DecodeAdjustment(const std::string& body);
Result<CashDonationRequest> DecodeCashDonation(const std::string& body);
Result<CashPaymentRequest> DecodeCashPayment(const std::string& body);
Result<CashTransferRequest> DecodeCashTransfer(const std::string& body);
Result<CashExchangeRequest> DecodeCashExchange(const std::string& body);
Result<BankFeeRequest> DecodeBankFee(const std::string& body);

}  // namespace zapas
