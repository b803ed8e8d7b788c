// What a barcode scanner sends, read: the symbology identifier if any, then
// GS1 data in whichever form it comes (element string, bracketed text,
// Digital Link URI), a bare GTIN, or plain text such as Zapas' own lot
// labels; and what Zapas takes from it (GTIN, lot, expiry, serial, count).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "domain/date.h"
#include "domain/gs1/element_string.h"
#include "domain/quantity.h"

namespace zapas::gs1 {

struct Scan {
  std::string symbology;  // the symbology identifier without "]" ("d2"), "" when none came
  Elements elements;      // GS1 elements, in the order read
  std::string primary;    // the digits of an EAN/UPC (]E0, ]E4) or of a bare GTIN
  std::string text;       // plain data that is not GS1 (a Zapas lot label, anything else)
};

// Reads `data` as a scanner sends it (a trailing Enter dropped):
//  - "]C1", "]e0", "]d2", "]Q3", "]J1": an element string (GS = FNC1; a GS
//    in first position, as some decoders send it, is skipped);
//  - "]E0", "]E4": an EAN-13/UPC-A or EAN-8, with "|]e0..." for its composite;
//  - "]d1", "]Q1", "]J0": plain data, read as a Digital Link URI when it is one;
//  - without an identifier (a keyboard-wedge scanner set so): "(01)..." the
//    bracketed form, "http(s)://..." a Digital Link URI, 8, 12, 13 or 14
//    digits a GTIN, digits that start a known AI an element string, anything
//    else plain text.
// Malformed GS1 data is kInvalid naming the AI; the pairing rules of
// CheckPairs hold, and (unless `options.partial`) so do those of
// MissingPartners.
Result<Scan> ReadScan(std::string_view data, const ParseOptions& options);

// Whether `digits` ends in its GS1 mod-10 check digit.
bool HasValidCheckDigit(std::string_view digits);

// A GTIN-8, -12, -13 or -14 as the 14 digits (01) carries: zeros in front.
// kInvalid on the field "gtin" for another length, a non-digit or a wrong
// check digit.
Result<std::string> NormalizeGtin(std::string_view gtin);

// YYMMDD as a date: the century by the rule of the GS1 General
// Specifications (7.12) from `this_year`, day 00 the last day of the month.
// The text must have passed the yymmd0 linter.
Date DateOfYymmdd(std::string_view yymmdd, int this_year);

struct ScanFacts {
  std::string gtin;       // 14 digits: (01), else (02), else the EAN/UPC or bare GTIN; "" none
  bool contents = false;  // the GTIN is (02): of the trade items a logistic unit holds
  std::optional<std::string> lot;     // (10)
  std::optional<std::string> serial;  // (21)
  std::optional<std::string> sscc;    // (00)
  std::optional<Date> expiry;         // (17) expiry, else (15) best before
  std::optional<Date> produced;       // (11) production date
  std::optional<int64_t> count;       // (30) variable count, else (37) count of trade items
  std::optional<Quantity> net_kg;     // (310n) net weight, when whole thousandths of a kg
  std::optional<Quantity> gross_kg;   // (330n) gross weight of a logistic unit, likewise
};
ScanFacts Interpret(const Scan& scan, const ParseOptions& options);

// Zapas' own lot labels, for goods that came without a GS1 code: the text
// "ZAPAS:<sku>:<lot>" (each part percent-encoded beyond A-Z a-z 0-9 - . _ ~)
// in a plain DataMatrix. ReadLotLabel gives back the SKU and lot, nullopt for
// other text.
std::string LotLabelText(std::string_view sku, std::string_view lot);
std::optional<std::pair<std::string, std::string>> ReadLotLabel(std::string_view text);

}  // namespace zapas::gs1
