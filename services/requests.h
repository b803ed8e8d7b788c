// The requests that create things, decoded and written in one place: shared by
// the JSON endpoints (master_data.cc, movements.cc, money.cc) and the CSV
// import (import.cc), so both apply the same rules.
//
// Decode* read one request from a FieldReader, adding every bad field to its
// error list; the *Work functions return the write job that checks what needs
// the committed state (unknown codes, duplicates, rates, closed periods) and
// stores the request, answering as the endpoint does.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/entities.h"
#include "domain/ledger.h"
#include "services/json_input.h"
#include "services/store.h"

namespace zapas {

Item DecodeItem(FieldReader& in);
WriteWork CreateItemWork(const Item& item);

Recipient DecodeRecipient(FieldReader& in);
WriteWork CreateRecipientWork(const Recipient& recipient);

struct ReceiptInput {
  ReceiptRequest request;
  std::vector<std::string> remarks;  // by line: a shortage or damage noted on arrival
};
ReceiptInput DecodeReceipt(FieldReader& in);
WriteWork CreateReceiptWork(const ReceiptInput& input);

struct CashDonationInput {
  std::string donor;
  std::optional<Date> date;
  std::optional<Money> amount;
  std::string account;
  std::string earmark;
};
CashDonationInput DecodeCashDonation(FieldReader& in);
WriteWork CashDonationWork(const CashDonationInput& input);

// A request object decoded by `decode` into the write job `work` makes of it,
// or kInvalid naming every bad field.
template <typename Decode, typename Work>
Result<WriteWork> ObjectWork(Poco::JSON::Object::Ptr object, Decode decode, Work work) {
  std::vector<FieldError> errors;
  FieldReader in(object, &errors);
  auto request = decode(in);
  ZAPAS_RETURN_IF_ERROR(FieldErrors(std::move(errors)));
  return WriteWork(work(request));
}

// The same for a JSON request body; kMalformed when it is not a JSON object.
template <typename Decode, typename Work>
Result<WriteWork> JsonWork(const std::string& body, Decode decode, Work work) {
  ZAPAS_ASSIGN_OR_RETURN(auto object, ParseJsonObject(body));
  return ObjectWork(object, decode, work);
}

}  // namespace zapas
