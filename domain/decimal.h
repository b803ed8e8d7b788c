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

// The rounding rule of Zapas: numerator / denominator rounded half away from
// zero to an integer (2.5 -> 3, -2.5 -> -3). denominator must be > 0.
// kInvalid when the result does not fit in int64.
Result<int64_t> DivideRoundHalfAwayFromZero(__int128 numerator, int64_t denominator);

// 10^n for 0 <= n <= 18.
int64_t PowerOfTen(int n);

}  // namespace zapas
