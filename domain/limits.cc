#include "domain/limits.h"

#include "domain/decimal.h"

namespace zapas {
namespace {

// |minor| <= units * 10^digits, in 128 bits.
bool Within(__int128 minor, int64_t units, const Currency& c) {
  const __int128 limit = static_cast<__int128>(units) * PowerOfTen(c.digits);
  return minor <= limit && minor >= -limit;
}

std::string Limit(int64_t units, const Currency& c) {
  return FormatScaledDecimal(static_cast<__int128>(units) * PowerOfTen(c.digits), c.digits) + " " +
         std::string(c.code);
}

}  // namespace

std::string AmountLimitText(const Currency& currency) { return Limit(kMaxAmountUnits, currency); }

Status CheckLineQuantity(const Quantity& quantity, const std::string& field) {
  const __int128 limit = static_cast<__int128>(kMaxLineQuantityUnits) * Quantity::kScale;
  if (quantity.milli() > limit || quantity.milli() < -limit) {
    return Status::Field(
        field, "must be at most " + std::to_string(kMaxLineQuantityUnits) + " on one line");
  }
  return Status::Ok();
}

Status CheckAmountLimit(const Money& amount, const std::string& field) {
  if (!Within(amount.minor_units(), kMaxAmountUnits, amount.currency())) {
    return Status::Field(field, "must be at most " + Limit(kMaxAmountUnits, amount.currency()));
  }
  return Status::Ok();
}

Status CheckDocumentTotal(const MoneySum& total, const std::string& field) {
  if (!Within(total.minor_units(), kMaxDocumentUnits, total.currency())) {
    return Status::Field(field, "the document's total " + total.AmountString() + " " +
                                    std::string(total.currency_code()) + " is over the limit of " +
                                    Limit(kMaxDocumentUnits, total.currency()) + " per document");
  }
  return Status::Ok();
}

}  // namespace zapas
