// Exact decimal text <-> scaled integers, and the one rounding rule.
//
// Money and Quantity both store integers scaled by a power of ten; this file is
// the only place that reads or writes decimal text and the only place that rounds.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "domain/status.h"

namespace zapas {

// Parses a plain decimal: optional '-', digits, optionally '.' and 1..`scale`
// digits. No '+', no exponent, no grouping, no ',' as decimal mark, no spaces.
// Returns the value multiplied by 10^scale; kInvalid on any other text, on more
// than `scale` decimals, or when the value does not fit in int64.
Result<int64_t> ParseScaledDecimal(std::string_view text, int scale);

// Formats value / 10^scale with exactly `scale` decimals ("-12.50" for -1250, 2).
std::string FormatScaledDecimal(int64_t value, int scale);
// The same, appended to `out` (for hot paths that build large texts).
void AppendScaledDecimal(std::string& out, int64_t value, int scale);

// Formats with at most `scale` decimals, trailing zeros dropped ("2.5", "12").
std::string FormatScaledDecimalTrimmed(int64_t value, int scale);

// The same for the wide sums of reports (domain/money.h MoneySum).
void AppendScaledDecimal(std::string& out, __int128 value, int scale);
std::string FormatScaledDecimal(__int128 value, int scale);
std::string FormatScaledDecimalTrimmed(__int128 value, int scale);

// The rounding rule of Zapas: numerator / denominator rounded half away from
// zero to an integer (2.5 -> 3, -2.5 -> -3). denominator must be > 0.
// kOutOfRange when the result does not fit in int64.
Result<int64_t> DivideRoundHalfAwayFromZero(__int128 numerator, int64_t denominator);

// value * multiplier / divisor rounded half away from zero, exact for every
// value (the product is carried in 192 bits). divisor must be > 0. kOutOfRange
// when the result does not fit in __int128.
Result<__int128> MultiplyDivideRound(__int128 value, uint64_t multiplier, uint64_t divisor);

// 10^n for 0 <= n <= 18.
int64_t PowerOfTen(int n);

}  // namespace zapas
