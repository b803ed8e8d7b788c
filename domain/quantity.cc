#include "domain/quantity.h"

#include "domain/decimal.h"

namespace zapas {

Result<Quantity> Quantity::Parse(std::string_view text) {
  auto milli = ParseScaledDecimal(text, kDigits);
  if (!milli.ok()) return milli.status();
  if (*milli == INT64_MIN) return Status::Invalid("quantity is too large");
  return Quantity(*milli);
}

std::string Quantity::ToString() const { return FormatScaledDecimalTrimmed(milli_, kDigits); }

Result<Quantity> Quantity::Add(Quantity other) const {
  int64_t sum;
  if (__builtin_add_overflow(milli_, other.milli_, &sum))
    return Status::OutOfRange("quantity overflow");
  return Quantity(sum);
}

}  // namespace zapas
