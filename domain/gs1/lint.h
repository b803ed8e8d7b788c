// The GS1 Barcode Syntax Dictionary's "linters": the checks each component of
// an application identifier's value must pass beyond its character set and
// length (a check digit, a date, a country code ...). The dictionary names
// them after each component ("N14,csum,gcppos2"); LinterNamed maps those
// names to this enum, so the AI table generated from the dictionary at build
// time (domain/gs1/ai_table.h) refers to them directly.
//
// Each linter looks at one component only and answers where, within it, the
// first fault is and what it is, in words that complete "(17) has ..." style
// messages: "an incorrect check digit", "an illegal month".
//
// Pure functions, thread-safe, no allocation.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>

namespace zapas::gs1 {

enum class Linter : uint8_t {
  // Character sets of a component's type letter: N, X, Y, Z.
  kNumeric,  // digits
  kCset82,   // GS1 AI encodable character set 82
  kCset39,   // GS1 AI encodable character set 39
  kCset64,   // GS1 file-safe / URI-safe base64, with "=" padding
  // The linters of the dictionary, alphabetically.
  kCouponCode,
  kCouponPosOffer,
  kCsum,
  kCsumAlpha,
  kGcpPos1,
  kGcpPos2,
  kHasNonDigit,
  kHh,
  kHhmi,
  kHyphen,
  kIban,
  kImporterIdx,
  kIso3166,
  kIso3166999,
  kIso3166Alpha2,
  kIso4217,
  kIso5218,
  kLatitude,
  kLongitude,
  kMediaType,
  kMi,
  kNonZero,
  kNoZeroPrefix,
  kPackageType,
  kPcenc,
  kPieceOfTotal,
  kPosInSeqSlash,
  kSs,
  kWinding,
  kYesNo,
  kYymmd0,
  kYymmdd,
  kYyyymmd0,
  kYyyymmdd,
  kZero,
};

// A component's first fault: `len` bytes from `pos` (relative to the
// component), and what is wrong ("an incorrect check digit").
struct LintError {
  size_t pos = 0;
  size_t len = 0;
  std::string_view what;
};
using LintResult = std::optional<LintError>;  // nullopt: the component passes

// Runs `linter` over one component. `this_year` (e.g. 2026) places a two-digit
// year in its century by the rule of the GS1 General Specifications (7.12):
// a year 51 or more ahead of this one is in the last century, one 50 or more
// behind it is in the next.
LintResult Lint(Linter linter, std::string_view data, int this_year);

// The linter the dictionary calls `name` ("csum", "yymmd0"); nullopt for a
// name this table does not know. Evaluated at compile time by the generated
// AI table, so an unknown name in the dictionary stops the build.
constexpr std::optional<Linter> LinterNamed(std::string_view name) {
  constexpr std::pair<std::string_view, Linter> kNames[] = {
      {"couponcode", Linter::kCouponCode},
      {"couponposoffer", Linter::kCouponPosOffer},
      {"csum", Linter::kCsum},
      {"csumalpha", Linter::kCsumAlpha},
      {"gcppos1", Linter::kGcpPos1},
      {"gcppos2", Linter::kGcpPos2},
      {"hasnondigit", Linter::kHasNonDigit},
      {"hh", Linter::kHh},
      {"hhmi", Linter::kHhmi},
      {"hyphen", Linter::kHyphen},
      {"iban", Linter::kIban},
      {"importeridx", Linter::kImporterIdx},
      {"iso3166", Linter::kIso3166},
      {"iso3166999", Linter::kIso3166999},
      {"iso3166alpha2", Linter::kIso3166Alpha2},
      {"iso4217", Linter::kIso4217},
      {"iso5218", Linter::kIso5218},
      {"latitude", Linter::kLatitude},
      {"longitude", Linter::kLongitude},
      {"mediatype", Linter::kMediaType},
      {"mi", Linter::kMi},
      {"nonzero", Linter::kNonZero},
      {"nozeroprefix", Linter::kNoZeroPrefix},
      {"packagetype", Linter::kPackageType},
      {"pcenc", Linter::kPcenc},
      {"pieceoftotal", Linter::kPieceOfTotal},
      {"posinseqslash", Linter::kPosInSeqSlash},
      {"ss", Linter::kSs},
      {"winding", Linter::kWinding},
      {"yesno", Linter::kYesNo},
      {"yymmd0", Linter::kYymmd0},
      {"yymmdd", Linter::kYymmdd},
      {"yyyymmd0", Linter::kYyyymmd0},
      {"yyyymmdd", Linter::kYyyymmdd},
      {"zero", Linter::kZero},
  };
  for (const auto& [known, linter] : kNames) {
    if (known == name) return linter;
  }
  return std::nullopt;
}

}  // namespace zapas::gs1
