// Table tests of domain/gs1/lint_parts.h: the GS1 code-list and format
// linters (lint_codes.cc) and the coupon linters (lint_coupon.cc). The good and
// bad values, with each fault's position and length, come from the unit tests
// of the GS1 Barcode Syntax Engine, which these linters must agree with; the
// code lists are also swept whole, and every linter is fed random bytes.
#include "domain/gs1/lint_parts.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <initializer_list>
#include <random>
#include <string>
#include <string_view>

namespace zapas::gs1::lint {
namespace {

using LintFn = LintResult (*)(std::string_view);

struct Bad {
  std::string_view data;
  size_t pos;
  size_t len;
  std::string_view what;
};

void ExpectGood(LintFn lint, std::initializer_list<std::string_view> values) {
  for (std::string_view value : values) {
    const LintResult fault = lint(value);
    EXPECT_FALSE(fault) << '"' << value << "\" refused: " << fault->what;
  }
}

void ExpectBad(LintFn lint, std::initializer_list<Bad> cases) {
  for (const Bad& c : cases) {
    const LintResult fault = lint(c.data);
    if (!fault) {
      ADD_FAILURE() << '"' << c.data << "\" accepted";
      continue;
    }
    EXPECT_EQ(fault->pos, c.pos) << c.data;
    EXPECT_EQ(fault->len, c.len) << c.data;
    EXPECT_EQ(fault->what, c.what) << c.data;
  }
}

// How many of the n-digit numbers 0 ... 10^n - 1, zero-padded, `lint` accepts.
int CountGoodNumbers(LintFn lint, int digits) {
  int limit = 1;
  for (int i = 0; i < digits; ++i) limit *= 10;
  int good = 0;
  for (int n = 0; n < limit; ++n) {
    char text[8];
    std::snprintf(text, sizeof text, "%0*d", digits, n);
    if (!lint(text)) ++good;
  }
  return good;
}

TEST(Gs1LintCodesTest, Iso3166) {
  EXPECT_EQ(CountGoodNumbers(Iso3166, 3), 249);
  ExpectGood(Iso3166, {"004", "008", "010", "276", "804", "826", "840", "894"});
  constexpr std::string_view kUnknown = "an unknown ISO 3166 country code";
  ExpectBad(Iso3166, {{"", 0, 0, kUnknown},
                      {"0", 0, 1, kUnknown},
                      {"00", 0, 2, kUnknown},
                      {"000", 0, 3, kUnknown},
                      {"0000", 0, 4, kUnknown},
                      {"_894", 0, 4, kUnknown},
                      {"894_", 0, 4, kUnknown},
                      {"999", 0, 3, kUnknown},
                      {"AAA", 0, 3, kUnknown},
                      {"001", 0, 3, kUnknown},
                      {"895", 0, 3, kUnknown}});
}

TEST(Gs1LintCodesTest, Iso3166999) {
  EXPECT_EQ(CountGoodNumbers(Iso3166999, 3), 250);
  ExpectGood(Iso3166999, {"999", "004", "894"});
  constexpr std::string_view kNeither = "neither an ISO 3166 country code nor 999";
  ExpectBad(Iso3166999, {{"000", 0, 3, kNeither},
                         {"998", 0, 3, kNeither},
                         {"", 0, 0, kNeither},
                         {"9", 0, 1, kNeither},
                         {"99", 0, 2, kNeither},
                         {"9999", 0, 4, kNeither},
                         {"_999", 0, 4, kNeither},
                         {"999_", 0, 4, kNeither},
                         {"AAA", 0, 3, kNeither}});
}

TEST(Gs1LintCodesTest, Iso3166Alpha2) {
  int good = 0;
  for (char a = 'A'; a <= 'Z'; ++a) {
    for (char b = 'A'; b <= 'Z'; ++b) good += !Iso3166Alpha2(std::string{a, b});
  }
  EXPECT_EQ(good, 249);
  ExpectGood(Iso3166Alpha2, {"AD", "BQ", "DE", "GB", "SS", "UA", "US", "ZW"});
  constexpr std::string_view kUnknown = "an unknown ISO 3166 alpha-2 country code";
  ExpectBad(Iso3166Alpha2, {{"", 0, 0, kUnknown},
                            {"A", 0, 1, kUnknown},
                            {"AA", 0, 2, kUnknown},
                            {"AAA", 0, 3, kUnknown},
                            {"_AD", 0, 3, kUnknown},
                            {"AD_", 0, 3, kUnknown},
                            {"ua", 0, 2, kUnknown},
                            {"XK", 0, 2, kUnknown},
                            {"UK", 0, 2, kUnknown},
                            {"ZZ", 0, 2, kUnknown}});
}

TEST(Gs1LintCodesTest, Iso4217) {
  EXPECT_EQ(CountGoodNumbers(Iso4217, 3), 179);
  ExpectGood(Iso4217, {"008", "012", "840", "924", "925", "978", "980", "999"});
  constexpr std::string_view kUnknown = "an unknown ISO 4217 currency code";
  ExpectBad(Iso4217, {{"", 0, 0, kUnknown},
                      {"0", 0, 1, kUnknown},
                      {"00", 0, 2, kUnknown},
                      {"000", 0, 3, kUnknown},
                      {"0000", 0, 4, kUnknown},
                      {"_999", 0, 4, kUnknown},
                      {"999_", 0, 4, kUnknown},
                      {"AAA", 0, 3, kUnknown},
                      {"191", 0, 3, kUnknown},
                      {"932", 0, 3, kUnknown},
                      {"998", 0, 3, kUnknown}});
}

TEST(Gs1LintCodesTest, Iso5218) {
  ExpectGood(Iso5218, {"0", "1", "2", "9"});
  constexpr std::string_view kBad = "an invalid ISO/IEC 5218 sex code";
  ExpectBad(Iso5218, {{"3", 0, 1, kBad},
                      {"8", 0, 1, kBad},
                      {"", 0, 0, kBad},
                      {"/", 0, 1, kBad},
                      {":", 0, 1, kBad},
                      {"01", 0, 2, kBad}});
}

TEST(Gs1LintCodesTest, Iban) {
  ExpectGood(
      Iban,
      {"FR7630006000011234567890189", "DE91100000000123456789", "GR9608100010000001234567890",
       "MU43BOMM0101123456789101000MUR", "PK70BANK0000123456789000", "PL10105000997603123456789123",
       "RO09BCYP0000001234567890", "SA4420000001234567891234", "ES7921000813610123456789",
       "CH5604835012345678009", "GB98MIDL07009312345678", "BE71096123456769",
       "LC14BOSL123456789012345678901234", "MT90MALT011000012345MTLCAST001SABC"});
  constexpr std::string_view kChecksum = "an incorrect IBAN checksum";
  constexpr std::string_view kShort = "too few characters for an IBAN";
  constexpr std::string_view kLong = "too many characters for an IBAN";
  constexpr std::string_view kCharacter = "an invalid IBAN character";
  constexpr std::string_view kCountry = "an unknown IBAN country code";
  ExpectBad(Iban, {
                      {"BE71096123456760", 2, 2, kChecksum},
                      {"LC14BOSL123456789012345678901230", 2, 2, kChecksum},
                      {"MT90MALT011000012345MTLCAST001SAB0", 2, 2, kChecksum},
                      {"", 0, 0, kShort},
                      {"B", 0, 1, kShort},
                      {"BE", 0, 2, kShort},
                      {"BE7", 0, 3, kShort},
                      {"BE71", 0, 4, kShort},
                      {"BE71096123", 0, 10, kShort},
                      {"MTXXMALT011000012345MTLCAST001SABCD", 0, 35, kLong},
                      {"MTXXMALT011000012345MTLCAST001SABCDE", 0, 36, kLong},
                      {"LC14BOSLxx3456789012345678901230", 8, 1, kCharacter},
                      // The account is checked before the check digits.
                      {"GB9xMIDL0700931234567x", 21, 1, kCharacter},
                      {"GB9xMIDL07009312345678", 3, 1, kCharacter},
                      {"XX361234567890", 0, 2, kCountry},
                      {"gb98MIDL07009312345678", 0, 2, kCountry},
                      {"XX9", 0, 3, kShort},
                  });
}

TEST(Gs1LintCodesTest, ImporterIdx) {
  int good = 0;
  for (int c = 0; c < 256; ++c) good += !ImporterIdx(std::string(1, static_cast<char>(c)));
  EXPECT_EQ(good, 64);
  ExpectGood(ImporterIdx, {"-", "0", "9", "A", "Z", "_", "a", "z"});
  constexpr std::string_view kLength = "an importer index that is not one character";
  constexpr std::string_view kCharacter = "an invalid importer index character";
  ExpectBad(ImporterIdx, {{"", 0, 0, kLength},
                          {"AA", 0, 2, kLength},
                          {"*", 0, 1, kCharacter},
                          {".", 0, 1, kCharacter},
                          {"`", 0, 1, kCharacter},
                          {"\x7F", 0, 1, kCharacter},
                          {"\xFF", 0, 1, kCharacter}});
}

TEST(Gs1LintCodesTest, PackageType) {
  const std::string alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
  int good = 0;
  for (char a : alphabet) {
    good += !PackageType(std::string{a});
    for (char b : alphabet) {
      good += !PackageType(std::string{a, b});
      for (char c : alphabet) good += !PackageType(std::string{a, b, c});
    }
  }
  EXPECT_EQ(good, 431);
  ExpectGood(PackageType, {"1A", "200", "212", "2C", "8", "9", "APE", "BX", "CT", "PX", "RB1",
                           "X20", "X3", "ZZ"});
  constexpr std::string_view kUnknown = "an unknown package type code";
  ExpectBad(PackageType, {{"", 0, 0, kUnknown},
                          {"0", 0, 1, kUnknown},
                          {"00", 0, 2, kUnknown},
                          {"000", 0, 3, kUnknown},
                          {"0000", 0, 4, kUnknown},
                          {"_9", 0, 2, kUnknown},
                          {"9_", 0, 2, kUnknown},
                          {"_1A", 0, 3, kUnknown},
                          {"1A_", 0, 3, kUnknown},
                          {"_200", 0, 4, kUnknown},
                          {"200_", 0, 4, kUnknown},
                          {"bx", 0, 2, kUnknown}});
}

TEST(Gs1LintCodesTest, MediaType) {
  EXPECT_EQ(CountGoodNumbers(MediaType, 2), 30);
  ExpectGood(MediaType, {"01", "05", "10", "80", "90", "99"});
  constexpr std::string_view kUnknown = "an unknown AIDC media type";
  ExpectBad(MediaType, {{"", 0, 0, kUnknown},
                        {"0", 0, 1, kUnknown},
                        {"000", 0, 3, kUnknown},
                        {"_01", 0, 3, kUnknown},
                        {"01_", 0, 3, kUnknown},
                        {"AA", 0, 2, kUnknown},
                        {"00", 0, 2, kUnknown},
                        {"11", 0, 2, kUnknown},
                        {"79", 0, 2, kUnknown}});
}

TEST(Gs1LintCodesTest, PosInSeqSlash) {
  ExpectGood(PosInSeqSlash, {"1/1", "1/3", "2/3", "3/3", "8/9", "9/9", "9/10", "10/10", "1/100",
                             "100/100", "98/99", "99/99", "998/999", "999/999"});
  constexpr std::string_view kForm = "a position in sequence not of the form n/m";
  constexpr std::string_view kZero = "a number with a leading zero";
  constexpr std::string_view kBeyond = "a position beyond the end of the sequence";
  ExpectBad(PosInSeqSlash,
            {
                {"", 0, 0, kForm},        {"/", 0, 1, kForm},        {"1", 0, 1, kForm},
                {"x", 0, 1, kForm},       {"1/", 0, 2, kForm},       {"x/", 0, 2, kForm},
                {"1//", 0, 3, kForm},     {"/1", 0, 2, kForm},       {"/x", 0, 2, kForm},
                {"//1", 0, 3, kForm},     {"//", 0, 2, kForm},       {"1//2", 0, 4, kForm},
                {"x/y", 0, 3, kForm},     {"x//y", 0, 4, kForm},     {"1/2/3", 0, 5, kForm},
                {"0/1", 0, 1, kZero},     {"1/0", 2, 1, kZero},      {"0/0", 0, 1, kZero},
                {"1/02", 2, 2, kZero},    {"01/2", 0, 2, kZero},     {"01/02", 0, 2, kZero},
                {"2/1", 0, 3, kBeyond},   {"9/8", 0, 3, kBeyond},    {"10/9", 0, 4, kBeyond},
                {"11/10", 0, 5, kBeyond}, {"100/99", 0, 6, kBeyond}, {"999/998", 0, 7, kBeyond},
            });
}

TEST(Gs1LintCodesTest, PieceOfTotal) {
  ExpectGood(PieceOfTotal,
             {"11", "13", "23", "33", "89", "99", "0101", "0103", "0203", "0303", "9899", "9999",
              "001001", "001003", "002003", "003003", "998999", "999999"});
  constexpr std::string_view kLength = "a length that does not split into piece and total";
  constexpr std::string_view kNonDigit = "a character that is not a digit";
  constexpr std::string_view kZeroPiece = "a piece number of zero";
  constexpr std::string_view kZeroTotal = "a total of zero pieces";
  constexpr std::string_view kLarger = "a piece number larger than the total";
  ExpectBad(
      PieceOfTotal,
      {{"", 0, 0, kLength},           {"1", 0, 1, kLength},          {"111", 0, 3, kLength},
       {"111111111", 0, 9, kLength},  {"x", 0, 1, kNonDigit},        {"x5555555", 0, 1, kNonDigit},
       {"5555x555", 4, 1, kNonDigit}, {"5555555x", 7, 1, kNonDigit}, {"01", 0, 1, kZeroPiece},
       {"00", 0, 1, kZeroPiece},      {"0000", 0, 2, kZeroPiece},    {"000001", 0, 3, kZeroPiece},
       {"10", 1, 1, kZeroTotal},      {"0100", 2, 2, kZeroTotal},    {"001000", 3, 3, kZeroTotal},
       {"21", 0, 2, kLarger},         {"0908", 0, 4, kLarger},       {"1009", 0, 4, kLarger},
       {"100099", 0, 6, kLarger},     {"999998", 0, 6, kLarger}});
}

TEST(Gs1LintCodesTest, Pcenc) {
  ExpectGood(Pcenc, {"", "A", "%00", "%FF", "%Ff", "%fF", "%ff", "%20", "ABC%20", "ABC%ff",
                     "ABC%20XYZ", "ABCDEFGHIJKLMNOPQRSTUVWXYZ%00+12345", "%25%25"});
  constexpr std::string_view kBad = "an invalid percent-encoding";
  ExpectBad(Pcenc, {{"%fg", 0, 3, kBad},
                    {"%gf", 0, 3, kBad},
                    {"%g", 0, 2, kBad},
                    {"%", 0, 1, kBad},
                    {"ABC%fg", 3, 3, kBad},
                    {"ABC%g", 3, 2, kBad},
                    {"ABC%fgXYZ", 3, 3, kBad},
                    {"ABC%gXYZ", 3, 3, kBad},
                    {"%20%2", 3, 2, kBad}});
}

TEST(Gs1LintCodesTest, LatitudeAndLongitude) {
  ExpectGood(Latitude, {"0279085848", "0000000000", "1800000000"});
  ExpectBad(Latitude, {{"027908584", 0, 9, "a latitude that is not ten digits"},
                       {"02790858481", 0, 11, "a latitude that is not ten digits"},
                       {"123456789x", 9, 1, "a character that is not a digit"},
                       {"1800000001", 0, 10, "a latitude out of range"},
                       {"9999999999", 0, 10, "a latitude out of range"}});
  ExpectGood(Longitude, {"3015297971", "0000000000", "3600000000"});
  ExpectBad(Longitude, {{"301529797", 0, 9, "a longitude that is not ten digits"},
                        {"30152979711", 0, 11, "a longitude that is not ten digits"},
                        {"123456789x", 9, 1, "a character that is not a digit"},
                        {"3600000001", 0, 10, "a longitude out of range"},
                        {"9999999999", 0, 10, "a longitude out of range"}});
}

TEST(Gs1LintCodesTest, FixedValues) {
  ExpectGood(Hyphen, {"-", "--"});
  constexpr std::string_view kHyphens = "something other than hyphens";
  ExpectBad(Hyphen, {{"", 0, 0, kHyphens}, {"X", 0, 1, kHyphens}, {"-X", 0, 2, kHyphens}});

  ExpectGood(YesNo, {"0", "1"});
  constexpr std::string_view kYesNo = "a value other than 0 or 1";
  ExpectBad(YesNo,
            {{"", 0, 0, kYesNo}, {"/", 0, 1, kYesNo}, {"2", 0, 1, kYesNo}, {"01", 0, 2, kYesNo}});

  ExpectGood(Zero, {"0", "00", "000"});
  constexpr std::string_view kZero = "a value other than zero";
  ExpectBad(Zero, {{"", 0, 0, kZero},
                   {"1", 0, 1, kZero},
                   {"001", 0, 3, kZero},
                   {"110", 0, 3, kZero},
                   {"0X", 0, 2, kZero},
                   {"X0", 0, 2, kZero}});

  ExpectGood(Winding, {"0", "1", "9"});
  constexpr std::string_view kWinding = "a winding direction other than 0, 1 or 9";
  ExpectBad(Winding, {{"2", 0, 1, kWinding},
                      {"8", 0, 1, kWinding},
                      {"", 0, 0, kWinding},
                      {":", 0, 1, kWinding},
                      {"01", 0, 2, kWinding}});
}

TEST(Gs1LintCodesTest, DigitRules) {
  ExpectGood(NonZero, {"1", "01", "10", "001", "0009", "9000", "01234567890"});
  ExpectBad(NonZero, {{"0", 0, 1, "a value of zero"},
                      {"0000", 0, 4, "a value of zero"},
                      {"", 0, 0, "a value of zero"},
                      {"A999", 0, 1, "a character that is not a digit"},
                      {"999A", 3, 1, "a character that is not a digit"}});

  ExpectGood(HasNonDigit, {"/", ":", "/123456789", "012345678:", "AA", "A1", "1A", "1A1"});
  ExpectBad(HasNonDigit, {{"", 0, 0, "only digits"},
                          {"0", 0, 1, "only digits"},
                          {"9", 0, 1, "only digits"},
                          {"0123456789", 0, 10, "only digits"}});

  // "0" alone has a leading zero too; the leading zero is found first.
  ExpectGood(NoZeroPrefix, {"", "1", "10", "210", "1234567890"});
  ExpectBad(NoZeroPrefix, {{"0", 0, 1, "a leading zero"},
                           {"01", 0, 1, "a leading zero"},
                           {"0123", 0, 1, "a leading zero"},
                           {"0A", 0, 1, "a leading zero"},
                           {"A999", 0, 1, "a character that is not a digit"},
                           {"99A9", 2, 1, "a character that is not a digit"}});
}

TEST(Gs1LintCouponTest, CouponCode) {
  ExpectGood(CouponCode, {
                             "012345612345611110123",
                             "012345612345611110123101101230123456",
                             "012345612345611110123101101236123456789012",
                             "012345612345611110123101101239",
                             "01234561234561111012321101230123456",
                             "01234561234561111012321101239",
                             "0123456123456111101233000229",
                             "0123456123456111101233960229",
                             "0123456123456111101233201231",
                             "0123456123456111101234200229",
                             "01234561234561111012335006064500606",
                             "01234561234561111012350123456",
                             "01234561234561111012359123456789012345",
                             "012345612345611110123611234567",
                             "012345612345611110123671234567890123",
                             "01234561234561111012390000",
                             "01234561234561111012390001",
                             // North American Coupon Application Guideline R2.0.
                             "10614141011111275110111",
                             "106141410222223100110222111101231023456721104561045678991201",
                             "1061414165432131501101201211014092110256100126663101231",
                             "106141410012342501106501013085093101231",
                             "106141410012471011076011110850921108609310123191000",
                             "106141411234562891101201212085010048000214025610048000310123191000",
                             "1061414154321031501101201211014092110256100126663101231",
                             "106141416543213500110000310123196000",
                         });
}

// The faults of AI 8110, one or two of each.
TEST(Gs1LintCouponTest, CouponCodeFaults) {
  constexpr std::string_view kNonDigit = "a character that is not a digit";
  constexpr std::string_view kNoGcpVli = "no company prefix length indicator";
  constexpr std::string_view kBadGcpVli = "an invalid company prefix length indicator";
  constexpr std::string_view kShortGcp = "a truncated company prefix";
  constexpr std::string_view kShortOffer = "a truncated offer code";
  constexpr std::string_view kNoSaveVli = "no save value length indicator";
  constexpr std::string_view kBadSaveVli = "an invalid save value length indicator";
  constexpr std::string_view kShortSave = "a truncated save value";
  constexpr std::string_view kNoReq1Vli = "no first purchase requirement length indicator";
  constexpr std::string_view kBadReq1Vli = "an invalid first purchase requirement length indicator";
  constexpr std::string_view kShortReq1 = "a truncated first purchase requirement";
  constexpr std::string_view kNoReq1Code = "no first purchase requirement code";
  constexpr std::string_view kBadReq1Code = "an invalid first purchase requirement code";
  constexpr std::string_view kShortFamily1 = "a truncated first purchase family code";
  constexpr std::string_view kNoRules = "no additional purchase rules code";
  constexpr std::string_view kBadRules = "an invalid additional purchase rules code";
  constexpr std::string_view kNoReq2Vli = "no second purchase requirement length indicator";
  constexpr std::string_view kBadReq2Vli =
      "an invalid second purchase requirement length indicator";
  constexpr std::string_view kShortReq2 = "a truncated second purchase requirement";
  constexpr std::string_view kNoReq2Code = "no second purchase requirement code";
  constexpr std::string_view kBadReq2Code = "an invalid second purchase requirement code";
  constexpr std::string_view kShortFamily2 = "a truncated second purchase family code";
  constexpr std::string_view kNoGcp2Vli = "no second purchase company prefix length indicator";
  constexpr std::string_view kBadGcp2Vli =
      "an invalid second purchase company prefix length indicator";
  constexpr std::string_view kShortGcp2 = "a truncated second purchase company prefix";
  constexpr std::string_view kNoReq3Vli = "no third purchase requirement length indicator";
  constexpr std::string_view kBadReq3Vli = "an invalid third purchase requirement length indicator";
  constexpr std::string_view kShortReq3 = "a truncated third purchase requirement";
  constexpr std::string_view kNoReq3Code = "no third purchase requirement code";
  constexpr std::string_view kBadReq3Code = "an invalid third purchase requirement code";
  constexpr std::string_view kShortFamily3 = "a truncated third purchase family code";
  constexpr std::string_view kNoGcp3Vli = "no third purchase company prefix length indicator";
  constexpr std::string_view kBadGcp3Vli =
      "an invalid third purchase company prefix length indicator";
  constexpr std::string_view kShortGcp3 = "a truncated third purchase company prefix";
  constexpr std::string_view kShortExpiry = "a truncated expiration date";
  constexpr std::string_view kBadExpiry = "an invalid expiration date";
  constexpr std::string_view kShortStart = "a truncated start date";
  constexpr std::string_view kBadStart = "an invalid start date";
  constexpr std::string_view kExpiryBeforeStart = "an expiration date before the start date";
  constexpr std::string_view kNoSerialVli = "no serial number length indicator";
  constexpr std::string_view kShortSerial = "a truncated serial number";
  constexpr std::string_view kNoRetailerVli = "no retailer company prefix or GLN length indicator";
  constexpr std::string_view kBadRetailerVli =
      "an invalid retailer company prefix or GLN length indicator";
  constexpr std::string_view kShortRetailer = "a truncated retailer company prefix or GLN";
  constexpr std::string_view kNoSaveCode = "no save value code";
  constexpr std::string_view kBadSaveCode = "an invalid save value code";
  constexpr std::string_view kNoAppliesTo = "no save value applies-to-item code";
  constexpr std::string_view kBadAppliesTo = "an invalid save value applies-to-item code";
  constexpr std::string_view kNoStoreFlag = "no store coupon flag";
  constexpr std::string_view kNoDontMultiply = "no don't-multiply flag";
  constexpr std::string_view kBadDontMultiply = "an invalid don't-multiply flag";
  constexpr std::string_view kExcess = "excess data after the coupon's last field";
  ExpectBad(CouponCode, {
                            {"a12345612345611110123", 0, 1, kNonDigit},
                            {"01234561234561111012a", 20, 1, kNonDigit},
                            {"", 0, 0, kNoGcpVli},
                            {"01", 1, 1, kShortGcp},
                            {"612345678901", 1, 11, kShortGcp},
                            {"0123456", 0, 7, kShortOffer},
                            {"012345612345", 7, 5, kShortOffer},
                            {"71234567890123", 0, 1, kBadGcpVli},
                            {"9123456789012345", 0, 1, kBadGcpVli},
                            {"0123456123456", 0, 13, kNoSaveVli},
                            {"01234561234560", 13, 1, kBadSaveVli},
                            {"01234561234569123456789", 13, 1, kBadSaveVli},
                            {"01234561234561", 0, 14, kShortSave},
                            {"012345612345651234", 14, 4, kShortSave},
                            {"012345612345611", 0, 15, kNoReq1Vli},
                            {"0123456123456110", 15, 1, kBadReq1Vli},
                            {"0123456123456119123456789", 15, 1, kBadReq1Vli},
                            {"0123456123456111", 0, 16, kShortReq1},
                            {"01234561234561151234", 16, 4, kShortReq1},
                            {"01234561234561111", 0, 17, kNoReq1Code},
                            {"012345612345611110", 0, 18, kShortFamily1},
                            {"01234561234561111012", 18, 2, kShortFamily1},
                            {"012345612345611115", 17, 1, kBadReq1Code},
                            {"012345612345611118", 17, 1, kBadReq1Code},
                            {"0123456123456111101230", 21, 1, kExcess},
                            {"012345612345611110123900000", 26, 1, kExcess},
                            {"0123456123456111101231", 0, 22, kNoRules},
                            {"01234561234561111012310", 0, 23, kNoReq2Vli},
                            {"01234561234561111012314", 22, 1, kBadRules},
                            {"01234561234561111012319", 22, 1, kBadRules},
                            {"012345612345611110123100", 23, 1, kBadReq2Vli},
                            {"012345612345611110123109123456789", 23, 1, kBadReq2Vli},
                            {"012345612345611110123101", 0, 24, kShortReq2},
                            {"0123456123456111101231051234", 24, 4, kShortReq2},
                            {"0123456123456111101231011", 0, 25, kNoReq2Code},
                            {"01234561234561111012310110", 0, 26, kShortFamily2},
                            {"0123456123456111101231011012", 26, 2, kShortFamily2},
                            {"01234561234561111012310115", 25, 1, kBadReq2Code},
                            {"01234561234561111012310110123", 0, 29, kNoGcp2Vli},
                            {"012345612345611110123101101230", 0, 30, kShortGcp2},
                            {"01234561234561111012310110123612345678901", 30, 11, kShortGcp2},
                            {"0123456123456111101231011012371234567890123", 29, 1, kBadGcp2Vli},
                            {"01234561234561111012310110123812345678901234", 29, 1, kBadGcp2Vli},
                            {"0123456123456111101231011012391", 30, 1, kExcess},
                            {"0123456123456111101232", 0, 22, kNoReq3Vli},
                            {"01234561234561111012320", 22, 1, kBadReq3Vli},
                            {"01234561234561111012329123456789", 22, 1, kBadReq3Vli},
                            {"01234561234561111012321", 0, 23, kShortReq3},
                            {"012345612345611110123251234", 23, 4, kShortReq3},
                            {"012345612345611110123211", 0, 24, kNoReq3Code},
                            {"0123456123456111101232110", 0, 25, kShortFamily3},
                            {"012345612345611110123211012", 25, 2, kShortFamily3},
                            {"0123456123456111101232115", 24, 1, kBadReq3Code},
                            {"0123456123456111101232110123", 0, 28, kNoGcp3Vli},
                            {"01234561234561111012321101230", 0, 29, kShortGcp3},
                            {"0123456123456111101232110123612345678901", 29, 11, kShortGcp3},
                            {"012345612345611110123211012371234567890123", 28, 1, kBadGcp3Vli},
                            {"0123456123456111101233", 0, 22, kShortExpiry},
                            {"012345612345611110123312345", 22, 5, kShortExpiry},
                            {"0123456123456111101233200010", 22, 6, kBadExpiry},
                            {"0123456123456111101233210229", 22, 6, kBadExpiry},
                            {"0123456123456111101233200600", 22, 6, kBadExpiry},
                            {"0123456123456111101234", 0, 22, kShortStart},
                            {"012345612345611110123412345", 22, 5, kShortStart},
                            {"0123456123456111101234201310", 22, 6, kBadStart},
                            {"0123456123456111101234200600", 22, 6, kBadStart},
                            {"01234561234561111012335006064500607", 21, 14, kExpiryBeforeStart},
                            {"01234561234561111012330001014991231", 21, 14, kExpiryBeforeStart},
                            {"0123456123456111101235", 0, 22, kNoSerialVli},
                            {"01234561234561111012350", 0, 23, kShortSerial},
                            {"0123456123456111101235912345678901234", 23, 14, kShortSerial},
                            {"0123456123456111101236", 0, 22, kNoRetailerVli},
                            {"01234561234561111012360", 22, 1, kBadRetailerVli},
                            {"01234561234561111012369123456789012345", 22, 1, kBadRetailerVli},
                            {"01234561234561111012361", 0, 23, kShortRetailer},
                            {"01234561234561111012367123456789012", 23, 12, kShortRetailer},
                            {"0123456123456111101239", 0, 22, kNoSaveCode},
                            {"01234561234561111012390", 0, 23, kNoAppliesTo},
                            {"01234561234561111012393", 22, 1, kBadSaveCode},
                            {"01234561234561111012399", 22, 1, kBadSaveCode},
                            {"012345612345611110123902", 0, 24, kNoStoreFlag},
                            {"012345612345611110123903", 23, 1, kBadAppliesTo},
                            {"0123456123456111101239009", 0, 25, kNoDontMultiply},
                            {"01234561234561111012390002", 25, 1, kBadDontMultiply},
                            // The optional fields come in order, each at most once.
                            {"01234561234561111012342002293200229", 28, 7, kExcess},
                            {"0123456123456111101239000150123456", 26, 8, kExcess},
                        });
}

TEST(Gs1LintCouponTest, CouponPosOffer) {
  ExpectGood(CouponPosOffer,
             {"001234561234560123456", "101234561234560123456", "0012345612345611234567",
              "001234561234569123456789012345", "061234567890121234569123456789012345"});
  constexpr std::string_view kNonDigit = "a character that is not a digit";
  constexpr std::string_view kNoFormat = "no format code";
  constexpr std::string_view kBadFormat = "an invalid format code";
  constexpr std::string_view kNoFunderVli = "no funder ID length indicator";
  constexpr std::string_view kBadFunderVli = "an invalid funder ID length indicator";
  constexpr std::string_view kShortFunder = "a truncated funder ID";
  constexpr std::string_view kShortOffer = "a truncated offer code";
  constexpr std::string_view kNoSerialVli = "no serial number length indicator";
  constexpr std::string_view kShortSerial = "a truncated serial number";
  constexpr std::string_view kExcess = "excess data after the serial number";
  ExpectBad(CouponPosOffer, {{"a01234561234560123456", 0, 1, kNonDigit},
                             {"00123456123456012345a", 20, 1, kNonDigit},
                             {"", 0, 0, kNoFormat},
                             {"201234561234560123456", 0, 1, kBadFormat},
                             {"901234561234560123456", 0, 1, kBadFormat},
                             {"0", 0, 1, kNoFunderVli},
                             {"07", 1, 1, kBadFunderVli},
                             {"09", 1, 1, kBadFunderVli},
                             {"00", 0, 2, kShortFunder},
                             {"001", 2, 1, kShortFunder},
                             {"0612345678901", 2, 11, kShortFunder},
                             {"00123456", 0, 8, kShortOffer},
                             {"0012345612345", 8, 5, kShortOffer},
                             {"00123456123456", 0, 14, kNoSerialVli},
                             {"001234561234560", 0, 15, kShortSerial},
                             {"00123456123456312345678", 15, 8, kShortSerial},
                             {"0012345612345601234567", 21, 1, kExcess},
                             {"0612345678901212345691234567890123456", 36, 1, kExcess}});
}

// Arbitrary bytes, NUL and bytes above 0x7F included: no linter reads out of
// bounds (run under a sanitizer to see it) and every fault lies within the data.
TEST(Gs1LintPartsTest, AnyBytesGiveAFaultWithinTheData) {
  const LintFn linters[] = {Iso3166,      Iso3166999,  Iso3166Alpha2, Iso4217,   Iso5218,
                            Iban,         ImporterIdx, PackageType,   MediaType, PosInSeqSlash,
                            PieceOfTotal, Pcenc,       Latitude,      Longitude, Hyphen,
                            YesNo,        NonZero,     Zero,          Winding,   HasNonDigit,
                            NoZeroPrefix, CouponCode,  CouponPosOffer};
  std::mt19937 random(2026);
  for (int round = 0; round < 20000; ++round) {
    std::string data(random() % 48, '\0');
    const bool digits = round % 2 == 0;  // mostly digits, to get past the first checks
    for (char& c : data) {
      c = static_cast<char>(digits && random() % 16 != 0 ? '0' + random() % 10 : random() % 256);
    }
    for (LintFn lint : linters) {
      const LintResult fault = lint(data);
      if (!fault) continue;
      EXPECT_LE(fault->pos + fault->len, data.size());
      EXPECT_TRUE(fault->pos < data.size() || fault->pos == 0);
      EXPECT_FALSE(fault->what.empty());
    }
  }
}

}  // namespace
}  // namespace zapas::gs1::lint
