#include "domain/decimal.h"

#include <limits>

namespace zapas {

int64_t PowerOfTen(int n) {
  int64_t p = 1;
  for (int i = 0; i < n; ++i) p *= 10;
  return p;
}

Result<int64_t> ParseScaledDecimal(std::string_view text, int scale) {
  const std::string shown = "\"" + std::string(text.substr(0, 40)) + "\"";
  if (text.empty()) return Status::Invalid("empty number");
  size_t i = 0;
  bool negative = false;
  if (text[0] == '-') {
    negative = true;
    i = 1;
  }
  __int128 value = 0;
  const __int128 limit = static_cast<__int128>(std::numeric_limits<int64_t>::max());
  size_t int_digits = 0;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, ++int_digits) {
    value = value * 10 + (text[i] - '0');
    if (value > limit) return Status::Invalid(shown + " is too large");
  }
  if (int_digits == 0) return Status::Invalid(shown + " is not a decimal number");
  int frac_digits = 0;
  if (i < text.size() && text[i] == '.') {
    ++i;
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
      if (++frac_digits > scale) {
        return Status::Invalid(shown + " has more than " + std::to_string(scale) + " decimals");
      }
      value = value * 10 + (text[i] - '0');
    }
    if (frac_digits == 0) return Status::Invalid(shown + " is not a decimal number");
  }
  if (i != text.size()) return Status::Invalid(shown + " is not a decimal number");
  for (int k = frac_digits; k < scale; ++k) value *= 10;
  if (value > limit) return Status::Invalid(shown + " is too large");
  int64_t v = static_cast<int64_t>(value);
  return negative ? -v : v;
}

namespace {

// Appends `mag` / 10^scale, with a leading '-' when `negative`.
template <typename Unsigned>
void AppendMagnitude(std::string& out, Unsigned mag, bool negative, int scale) {
  // Digits are written backwards into a buffer.
  char buf[64];
  char* end = buf + sizeof buf;
  char* p = end;
  int written = 0;
  do {
    if (scale > 0 && written == scale) *--p = '.';
    *--p = static_cast<char>('0' + static_cast<int>(mag % 10));
    mag /= 10;
    ++written;
  } while (mag != 0 || written <= scale);
  if (negative) *--p = '-';
  out.append(p, static_cast<size_t>(end - p));
}

std::string Trimmed(std::string s, int scale) {
  if (scale == 0) return s;
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

}  // namespace

void AppendScaledDecimal(std::string& out, int64_t value, int scale) {
  // The magnitude is unsigned so INT64_MIN formats too.
  const bool negative = value < 0;
  AppendMagnitude(out,
                  negative ? (~static_cast<uint64_t>(value) + 1) : static_cast<uint64_t>(value),
                  negative, scale);
}

void AppendScaledDecimal(std::string& out, __int128 value, int scale) {
  using U = unsigned __int128;
  const bool negative = value < 0;
  AppendMagnitude(out, negative ? (~static_cast<U>(value) + 1) : static_cast<U>(value), negative,
                  scale);
}

std::string FormatScaledDecimal(__int128 value, int scale) {
  std::string out;
  AppendScaledDecimal(out, value, scale);
  return out;
}

std::string FormatScaledDecimalTrimmed(__int128 value, int scale) {
  return Trimmed(FormatScaledDecimal(value, scale), scale);
}

std::string FormatScaledDecimal(int64_t value, int scale) {
  std::string out;
  AppendScaledDecimal(out, value, scale);
  return out;
}

std::string FormatScaledDecimalTrimmed(int64_t value, int scale) {
  return Trimmed(FormatScaledDecimal(value, scale), scale);
}

Result<int64_t> DivideRoundHalfAwayFromZero(__int128 numerator, int64_t denominator) {
  assert(denominator > 0);
  bool negative = numerator < 0;
  __int128 mag = negative ? -numerator : numerator;
  __int128 q = mag / denominator;
  __int128 r = mag % denominator;
  if (2 * r >= denominator) ++q;
  if (q > static_cast<__int128>(std::numeric_limits<int64_t>::max())) {
    return Status::OutOfRange("amount is too large");
  }
  int64_t v = static_cast<int64_t>(q);
  return negative ? -v : v;
}

Result<__int128> MultiplyDivideRound(__int128 value, uint64_t multiplier, uint64_t divisor) {
  assert(divisor > 0);
  using U = unsigned __int128;
  const bool negative = value < 0;
  const U mag = negative ? (~static_cast<U>(value) + 1) : static_cast<U>(value);
  // mag * multiplier as three 64-bit limbs, high first.
  const U low = static_cast<U>(static_cast<uint64_t>(mag)) * multiplier;
  const U high = (mag >> 64) * multiplier + (low >> 64);
  const uint64_t limbs[3] = {static_cast<uint64_t>(high >> 64), static_cast<uint64_t>(high),
                             static_cast<uint64_t>(low)};
  // Long division by a 64-bit divisor, one limb at a time.
  U remainder = 0;
  uint64_t quotient[3];
  for (int i = 0; i < 3; ++i) {
    const U current = (remainder << 64) | limbs[i];
    quotient[i] = static_cast<uint64_t>(current / divisor);
    remainder = current % divisor;
  }
  if (quotient[0] != 0) return Status::OutOfRange("amount is too large");
  U q = (static_cast<U>(quotient[1]) << 64) | quotient[2];
  if (2 * remainder >= divisor) ++q;
  if (q > static_cast<U>(std::numeric_limits<__int128>::max())) {
    return Status::OutOfRange("amount is too large");
  }
  const __int128 v = static_cast<__int128>(q);
  return negative ? -v : v;
}

}  // namespace zapas
