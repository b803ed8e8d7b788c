// The linters of domain/gs1/lint.h one by one, for lint.cc's dispatcher:
// lint.cc holds the character sets, check digits, the company prefix and the
// dates and times; lint_codes.cc the code lists (ISO 3166, ISO 4217, IBAN,
// package and media types) and the small format rules; lint_coupon.cc the
// North American coupon codes (AIs 8110 and 8112).
#pragma once

#include <string_view>

#include "domain/gs1/lint.h"

namespace zapas::gs1::lint {

// lint_codes.cc
LintResult Iso3166(std::string_view data);        // N3: an ISO 3166-1 numeric country code
LintResult Iso3166999(std::string_view data);     // N3: as Iso3166, or "999"
LintResult Iso3166Alpha2(std::string_view data);  // X2: an ISO 3166-1 alpha-2 country code
LintResult Iso4217(std::string_view data);        // N3: an ISO 4217 numeric currency code
LintResult Iso5218(std::string_view data);        // N1: 0, 1, 2 or 9
LintResult Iban(std::string_view data);           // an IBAN: country, length, mod-97 checksum
LintResult ImporterIdx(std::string_view data);    // one importer index character
LintResult PackageType(std::string_view data);    // a UN/ECE Rec. 21 package type code
LintResult MediaType(std::string_view data);      // N2: an AIDC media type
LintResult PosInSeqSlash(std::string_view data);  // "n/m", position within a sequence
LintResult PieceOfTotal(std::string_view data);   // NNMM: piece NN of MM
LintResult Pcenc(std::string_view data);          // valid percent-encoding
LintResult Latitude(std::string_view data);       // N10, 0..1800000000
LintResult Longitude(std::string_view data);      // N10, 0..3600000000
LintResult Hyphen(std::string_view data);         // hyphens only
LintResult YesNo(std::string_view data);          // "0" or "1"
LintResult NonZero(std::string_view data);        // a number other than zero
LintResult Zero(std::string_view data);           // zeros only
LintResult Winding(std::string_view data);        // 0, 1 or 9
LintResult HasNonDigit(std::string_view data);    // at least one non-digit
LintResult NoZeroPrefix(std::string_view data);   // no leading "0" (nor "0" alone)

// lint_coupon.cc
LintResult CouponCode(std::string_view data);      // AI 8110
LintResult CouponPosOffer(std::string_view data);  // AI 8112

}  // namespace zapas::gs1::lint
