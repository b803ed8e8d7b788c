// The write requests of the API decoded from their JSON bodies into commands.
//
// Decoding reads the body alone: nothing is looked up in the store, so the
// HTTP handlers and the fuzz targets (tests/fuzz) run the same code. Codes are
// checked for their form only; whether they name something is the write job's
// question. Each function returns kMalformed when the body is not one JSON
// object, and kInvalid naming every bad field otherwise. Pure; thread-safe.
#pragma once

#include <string>
#include <vector>

#include "domain/date.h"
#include "domain/ledger.h"
#include "domain/money.h"
#include "domain/status.h"

namespace zapas {

// POST /receipts: the request and the remark of each line ("" when none).
struct ReceiptCommand {
  ReceiptRequest request;
  std::vector<std::string> remarks;  // by request line: a shortage or damage noted on arrival
};

Result<ReceiptCommand> DecodeReceipt(const std::string& body);
Result<TransferRequest> DecodeTransfer(const std::string& body);
Result<DeliveryRequest> DecodeDelivery(const std::string& body);
Result<AdjustmentRequest> DecodeAdjustment(const std::string& body);

// POST /cash/donations
struct CashDonationRequest {
  std::string donor;
  Date date;
  Money amount;
  std::string account;
  std::string earmark;  // "" when none
};
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

Result<CashDonationRequest> DecodeCashDonation(const std::string& body);
Result<CashPaymentRequest> DecodeCashPayment(const std::string& body);
Result<CashTransferRequest> DecodeCashTransfer(const std::string& body);
Result<CashExchangeRequest> DecodeCashExchange(const std::string& body);
Result<BankFeeRequest> DecodeBankFee(const std::string& body);

}  // namespace zapas
