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

void AppendScaledDecimal(std::string& out, int64_t value, int scale) {
  // Digits are written backwards into a buffer; the magnitude is unsigned so
  // INT64_MIN formats too.
  bool negative = value < 0;
  uint64_t mag = negative ? (~static_cast<uint64_t>(value) + 1) : static_cast<uint64_t>(value);
  char buf[48];
  char* end = buf + sizeof buf;
  char* p = end;
  int written = 0;
  do {
    if (scale > 0 && written == scale) *--p = '.';
    *--p = static_cast<char>('0' + mag % 10);
    mag /= 10;
    ++written;
  } while (mag != 0 || written <= scale);
  if (negative) *--p = '-';
  out.append(p, static_cast<size_t>(end - p));
}

std::string FormatScaledDecimal(int64_t value, int scale) {
  std::string out;
  AppendScaledDecimal(out, value, scale);
  return out;
}

std::string FormatScaledDecimalTrimmed(int64_t value, int scale) {
  std::string s = FormatScaledDecimal(value, scale);
  if (scale == 0) return s;
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

Result<int64_t> DivideRoundHalfAwayFromZero(__int128 numerator, int64_t denominator) {
  assert(denominator > 0);
  bool negative = numerator < 0;
  __int128 mag = negative ? -numerator : numerator;
  __int128 q = mag / denominator;
  __int128 r = mag % denominator;
  if (2 * r >= denominator) ++q;
  if (q > static_cast<__int128>(std::numeric_limits<int64_t>::max())) {
    return Status::Invalid("amount is too large");
  }
  int64_t v = static_cast<int64_t>(q);
  return negative ? -v : v;
}

}  // namespace zapas
