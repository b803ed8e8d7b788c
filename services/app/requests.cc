#include "services/app/requests.h"

#include <optional>
#include <type_traits>

#include "services/app/json_input.h"

namespace zapas {
namespace {

Date DateOrEpoch(FieldReader& in) { return in.DateValue("date").value_or(Date::FromDays(0)); }

std::vector<OutLine> ReadOutLines(FieldReader& in, bool lot_required) {
  std::vector<OutLine> lines;
  for (FieldReader& l : in.Objects("lines")) {
    OutLine line;
    line.sku = l.Code("sku");
    line.quantity = l.QuantityValue("quantity").value_or(Quantity::Zero());
    line.lot = l.Lot("lot", lot_required);
    lines.push_back(std::move(line));
  }
  return lines;
}

// The id of a journal entry given as a string of digits ("42"), 0 when
// missing; anything else is a field error.
int64_t IdValue(FieldReader& in, const std::string& name, const char* noun) {
  if (!in.Has(name)) return 0;
  const std::string id = in.Text(name, true, 20);
  if (id.empty() || id.size() > 18 || id.find_first_not_of("0123456789") != std::string::npos ||
      id.find_first_not_of('0') == std::string::npos) {
    in.Fail(name, std::string("must be the id of ") + noun);
    return 0;
  }
  return std::stoll(id);
}

}  // namespace

std::optional<ReceiptCommand> ReadReceipt(FieldReader& in) {
  ReceiptCommand c;
  ReceiptRequest& r = c.request;
  r.warehouse = in.Code("warehouse");
  r.donor = in.Code("donor");
  r.date = DateOrEpoch(in);
  r.reference = in.Text("reference", false);
  for (FieldReader& l : in.Objects("lines")) {
    ReceiptLine line;
    line.sku = l.Code("sku");
    line.quantity = l.QuantityValue("quantity").value_or(Quantity::Zero());
    line.lot = l.Lot("lot", false);
    line.expiry = l.DateValue("expiry", false);
    line.unit_value = l.MoneyValue("unit_value");
    r.lines.push_back(std::move(line));
    c.remarks.push_back(l.Text("remark", false));
  }
  return c;
}

Result<ReceiptCommand> DecodeReceipt(const std::string& body) {
  return DecodeJson(body, ReadReceipt);
}

Result<TransferRequest> DecodeTransfer(const std::string& body) {
  return DecodeJson(body, [](FieldReader& in) -> std::optional<TransferRequest> {
    TransferRequest r;
    r.from = in.Code("from");
    r.to = in.Code("to");
    r.date = DateOrEpoch(in);
    r.lines = ReadOutLines(in, false);
    return r;
  });
}

Result<DeliveryRequest> DecodeDelivery(const std::string& body) {
  return DecodeJson(body, [](FieldReader& in) -> std::optional<DeliveryRequest> {
    DeliveryRequest r;
    r.warehouse = in.Code("warehouse");
    r.recipient = in.Code("recipient");
    r.date = DateOrEpoch(in);
    r.lines = ReadOutLines(in, false);
    r.request = IdValue(in, "request", "a request");
    return r;
  });
}

Result<ReturnCommand> DecodeReturn(const std::string& body) {
  return DecodeJson(body, [](FieldReader& in) -> std::optional<ReturnCommand> {
    ReturnCommand c;
    c.request.warehouse = in.Code("warehouse");
    c.request.recipient = in.Code("recipient");
    c.request.date = DateOrEpoch(in);
    c.reason = in.Text("reason", true, 20);
    if (!c.reason.empty() && c.reason != "unused" && c.reason != "wrong_item" &&
        c.reason != "damaged") {
      in.Fail("reason", "must be one of unused, wrong_item, damaged");
    }
    c.delivery = IdValue(in, "delivery", "a delivery");
    c.write_off = in.Bool("write_off").value_or(false);
    if (c.write_off && c.reason != "damaged") {
      in.Fail("write_off", "only damaged goods are written off on their return");
    }
    c.request.lines = ReadOutLines(in, true);
    return c;
  });
}

Result<AdjustmentRequest> DecodeAdjustment(const std::string& body) {
  return DecodeJson(body, [](FieldReader& in) -> std::optional<AdjustmentRequest> {
    AdjustmentRequest r;
    r.warehouse = in.Code("warehouse");
    r.date = DateOrEpoch(in);
    std::string reason = in.Text("reason", true, 20);
    if (!reason.empty()) {
      auto parsed = ParseAdjustmentReason(reason);
      if (!parsed) {
        in.Fail("reason", "must be one of damaged, expired, lost, count");
      } else {
        r.reason = *parsed;
      }
    }
    r.lines = ReadOutLines(in, true);
    return r;
  });
}

std::optional<CashDonationRequest> ReadCashDonation(FieldReader& in) {
  std::string donor = in.Code("donor");
  std::optional<Date> date = in.DateValue("date");
  std::optional<Money> amount = in.MoneyValue("amount");
  std::string account = in.Code("account");
  std::string earmark = in.Text("earmark", false);
  if (!date || !amount) return std::nullopt;
  return CashDonationRequest{donor, *date, *amount, account, earmark};
}

Result<CashDonationRequest> DecodeCashDonation(const std::string& body) {
  return DecodeJson(body, ReadCashDonation);
}

Result<CashPaymentRequest> DecodeCashPayment(const std::string& body) {
  return DecodeJson(body, [](FieldReader& in) -> std::optional<CashPaymentRequest> {
    std::optional<Date> date = in.DateValue("date");
    std::optional<Money> amount = in.MoneyValue("amount");
    std::string account = in.Code("account");
    std::string purpose = in.Text("purpose");
    std::string donor = in.Code("donor", false);
    if (!date || !amount) return std::nullopt;
    return CashPaymentRequest{*date, *amount, account, purpose, donor};
  });
}

Result<CashTransferRequest> DecodeCashTransfer(const std::string& body) {
  return DecodeJson(body, [](FieldReader& in) -> std::optional<CashTransferRequest> {
    std::optional<Date> date = in.DateValue("date");
    std::string from = in.Code("account_from");
    std::string to = in.Code("account_to");
    std::optional<Money> amount = in.MoneyValue("amount");
    if (!date || !amount) return std::nullopt;
    return CashTransferRequest{*date, from, to, *amount};
  });
}

Result<CashExchangeRequest> DecodeCashExchange(const std::string& body) {
  return DecodeJson(body, [](FieldReader& in) -> std::optional<CashExchangeRequest> {
    std::optional<Date> date = in.DateValue("date");
    std::string from = in.Code("account_from");
    std::string to = in.Code("account_to");
    std::optional<Money> sold = in.MoneyValue("sold");
    std::optional<Money> bought = in.MoneyValue("bought");
    if (!date || !sold || !bought) return std::nullopt;
    return CashExchangeRequest{*date, from, to, *sold, *bought};
  });
}

Result<BankFeeRequest> DecodeBankFee(const std::string& body) {
  return DecodeJson(body, [](FieldReader& in) -> std::optional<BankFeeRequest> {
    std::optional<Date> date = in.DateValue("date");
    std::optional<Money> amount = in.MoneyValue("amount");
    std::string account = in.Code("account");
    std::string purpose = in.Text("purpose", false);
    if (!date || !amount) return std::nullopt;
    return BankFeeRequest{*date, *amount, account, purpose};
  });
}

}  // namespace zapas
