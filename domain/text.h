// The rule for free text taken from outside: names, regions, references,
// purposes, reasons, remarks, the strings inside a recipient's personal data.
// One rule for every way in (JSON requests, CSV imports), so that what is
// stored prints and exports as it was meant: no control character that
// breaks a line of a document or a CSV cell, no bidirectional override that
// shows "1000" as "0001", no name that is nothing but spaces.
//
// Pure functions over a small table of code points (no ICU in domain/);
// thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "domain/status.h"

namespace zapas {

// What free text may hold, code point by code point.
enum class TextChar {
  kKeep,     // anything else: kept as it is
  kSpace,    // white space, or a character that shows as nothing but space
             // (U+0020, U+00A0, U+1680, U+2000-U+200A, U+202F, U+205F, U+3000,
             // the Hangul fillers, U+2800): kept, but text of nothing else is blank
  kRemove,   // zero-width and invisible formatting characters (U+200B-U+200F,
             // U+2060-U+2064, U+FEFF, U+061C, U+180E): removed
  kControl,  // C0 controls U+0000-U+001F, DEL, C1 controls U+0080-U+009F, and the
             // line and paragraph separators U+2028, U+2029: refused
  kBidi,     // bidirectional embeddings, overrides and isolates (U+202A-U+202E,
             // U+2066-U+2069): refused
};
TextChar ClassifyTextChar(uint32_t cp);

// Free text cleaned for storing: `text` without its kRemove characters.
// kInvalid naming `field` when it is not valid UTF-8, holds a kControl or
// kBidi character (the message names the first, "U+202E"), is over `max`
// bytes once cleaned, or, when `required`, is empty or blank (nothing but
// kSpace characters). An optional text that is blank comes back empty: it
// was not given.
Result<std::string> CleanText(std::string_view text, const std::string& field, size_t max = 500,
                              bool required = true);

// Whether CleanText accepts `text` (its error when not).
Status ValidateText(std::string_view text, const std::string& field, size_t max = 500,
                    bool required = true);

// "U+202E": a code point as Unicode writes it, at least four hex digits.
std::string CodePointName(uint32_t cp);

// ---- Words: each written once for every layer that prints or matches text.

// `s` without the spaces and tabs at either end.
std::string_view TrimBlanks(std::string_view s);

// The parts of `text` between the separators `sep`: "A,B" -> {"A", "B"},
// "A,,B" -> {"A", "", "B"}; "" -> {} and a trailing separator adds nothing.
// For lists of codes written in one field (a user's warehouses, ?kind=).
std::vector<std::string> SplitOn(std::string_view text, char sep);

// ASCII capitals made small; every other byte as it is ("DE-HILFE" ->
// "de-hilfe"): the form of codes in ledger account names.
std::string AsciiLower(std::string s);

// ASCII and Ukrainian capitals (А..Я, Є, І, Ї, Ґ) made small; everything else
// as it is: the form in which column titles are matched.
std::string FoldCase(std::string_view s);

// Upper-cases the first character of UTF-8 text when it is a Latin (ASCII or Latin-1
// Supplement) or Cyrillic (U+0400..U+04FF, including і ї є ґ) lower-case letter:
// "одна гривня" -> "Одна гривня", "їжак" -> "Їжак", "one" -> "One". Anything else
// (empty text, a digit, an apostrophe, an upper-case letter, other scripts, malformed
// UTF-8) is returned unchanged. Only the first character is touched.
std::string CapitalizeFirstUtf8(std::string text);

// The Ukrainian noun form after the number `n`: `one` after 1, 21, 31 ...
// (одна гривня), `few` after 2-4, 22-24 ... (дві гривні), `many` after 0,
// 5-20, 25-30 ... (п'ять гривень).
std::string_view UkrainianPlural(uint64_t n, std::string_view one, std::string_view few,
                                 std::string_view many);

}  // namespace zapas

namespace zapas {

// An e-mail address Zapas will write to: local@domain with one '@', a dot in
// the domain, printable ASCII only and none of the characters that would
// split a mail header (spaces, commas, semicolons, angle brackets, quotes).
bool LooksLikeEmail(std::string_view address);

}  // namespace zapas
