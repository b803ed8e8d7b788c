// Amount in words: a Money written out the way Ukrainian payment documents want it
// ("сума прописом"), in Ukrainian or English, e.g. for 1250.00 UAH
//   "одна тисяча двісті п'ятдесят гривень 00 копійок"
//   "one thousand two hundred fifty hryvnias 00 kopiykas"
// Whole units are spelled out; minor units stay as digits (always two for UAH, EUR
// and USD) followed by their word in the right form.
//
// Output conventions:
//   - All lower case; callers wanting a capital use CapitalizeFirstUtf8().
//   - Words are separated by single ASCII spaces; no "and", no commas.
//   - The apostrophe in п'ять, дев'ять, п'ятнадцять, п'ятдесят, ... is always the
//     ASCII apostrophe ' (U+0027), never U+2019 or U+02BC.
//   - Negative amounts start with "мінус " / "minus ".
//   - Zero is "нуль гривень 00 копійок" / "zero hryvnias 00 kopiykas".
//   - Ukrainian grammar: numerals agree in gender with what they count
//     (гривня and тисяча are feminine: одна, дві; мільйон, мільярд, долар, цент are
//     masculine: один, два; євро is indeclinable and counted with один, два), and
//     the noun takes the form 1 / 2-4 / 5+ by the last two digits (11-14 take 5+):
//     одна гривня, дві гривні, п'ять гривень, двадцять одна гривня, одинадцять гривень.
//     Thousands, millions and billions always carry their numeral ("одна тисяча",
//     "один мільйон"). English uses the singular only for exactly one ("one hryvnia",
//     "twenty-one hryvnias", "01 cent", "21 cents") and hyphenates 21-99 ("twenty-one").
//
// Currencies with words: UAH (гривня/hryvnia, копійка/kopiyka), EUR (євро/euro,
// цент/cent), USD (долар США/US dollar, цент/cent). Any other currency (or one of
// these with other than 2 minor digits) falls back to the ISO 4217 code after the
// number words and the minor units as bare digits, with as many digits as the
// currency has (none for JPY): "сто PLN 00", "one hundred PLN 00", "одна тисяча
// п'ятсот JPY". The code is not declined; Ukrainian numerals are then masculine
// ("один PLN 05", "два PLN 00").
//
// Range: whole units up to 999 999 999 999 in absolute value (billions are the largest
// scale word), so for two-digit currencies up to ±999,999,999,999.99.
//
// Failure: kInvalid when the amount is out of that range, or the currency claims a
// minor-digit count outside 0..18. Nothing else fails.
//
// Pure functions without shared state; thread-safe.
#pragma once

#include <string>

#include "domain/money.h"
#include "domain/status.h"
#include "domain/text.h"  // CapitalizeFirstUtf8

namespace zapas {

// "одна тисяча двісті п'ятдесят гривень 00 копійок"
Result<std::string> AmountInWordsUk(const Money& amount);

// "one thousand two hundred fifty hryvnias 00 kopiykas"
Result<std::string> AmountInWordsEn(const Money& amount);

}  // namespace zapas
