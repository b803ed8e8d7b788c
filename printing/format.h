// How printed documents write amounts, dates and units. Pure functions over
// domain values; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

#include "domain/date.h"
#include "domain/entities.h"
#include "domain/money.h"
#include "domain/quantity.h"

namespace zapas::printing {

// "1 250,00": thousands grouped by spaces, a decimal comma, the currency's
// minor digits; "-3,50" when negative. The amount only, without the currency.
std::string FormatAmount(const Money& money);
std::string FormatAmount(const MoneySum& money);
// "1 200,5": a quantity as printed, grouped and with a decimal comma.
std::string FormatQuantity(const Quantity& quantity);
// "10 000": a count, its thousands grouped by spaces as in an amount.
std::string FormatCount(int64_t count);
// The text with a no-break space (U+00A0) instead of the space between a
// number and the unit word that follows it ("525 г", "7 m", "2 шт.", "62
// cents") and around a "×" between dimensions ("7 м × 14 см"), so that
// PdfDocument::Wrap keeps them on one line. The no-break space is as wide as a
// space in the fonts used and pdftotext reads it as an ordinary space.
std::string KeepNumbersWithUnits(std::string_view text);
// "27.11.2026"
std::string FormatDateNumeric(Date date);
// "«27» листопада 2026 р."
std::string FormatDateLongUk(Date date);
// "27 November 2026"
std::string FormatDateLongEn(Date date);
// Short unit names for a unit column: {"шт.", "pcs"}, {"кг", "kg"}, {"л", "l"}, ...
std::pair<std::string, std::string> UnitLabels(Unit unit);

}  // namespace zapas::printing
