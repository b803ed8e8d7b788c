// The GS1 parser (domain/gs1/): table tests in the manner of GS1's reference
// syntax engine — every symbology identifier, GS placement, the bracketed
// form, Digital Link URIs, day 00 and the century rule, check digits, unknown
// AIs and truncated data — and the facts Zapas reads from a scan.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "domain/gs1/scan.h"

namespace zapas::gs1 {
namespace {

const ParseOptions kOptions{.this_year = 2026};
const ParseOptions kPartial{.this_year = 2026, .partial = true};

// "(01)12345678901231(10)ABC" for what parsed, "ERROR" for a refusal.
std::string Read(std::string_view data, const ParseOptions& options = kOptions) {
  auto scan = ReadScan(data, options);
  if (!scan.ok()) return "ERROR";
  return Bracketed(scan->elements);
}

// The reference engine's unbracketed test notation: "^" is FNC1.
std::string Fnc1(std::string text) {
  for (char& c : text) {
    if (c == '^') c = kGroupSeparator;
  }
  return text;
}

struct Case {
  const char* data;
  const char* expect;  // bracketed elements, or "ERROR"
};

void Check(const std::vector<Case>& cases, const ParseOptions& options = kOptions) {
  for (const auto& c : cases)
    EXPECT_EQ(Read(Fnc1(c.data), options), c.expect) << "data: " << c.data;
}

TEST(Gs1ScanTest, SymbologyIdentifiers) {
  Check({
      {"", "ERROR"},
      {"]", "ERROR"},
      {"]X", "ERROR"},
      {"]XX", "ERROR"},  // not a GS1 symbology identifier
      {"]e0", "ERROR"},  // no GS1 data
      {"]Q3", "ERROR"},
      {"]d2", "ERROR"},
      {"]J1", "ERROR"},
      {"]C1", "ERROR"},
      {"]Q1", ""},
      {"]Q1TESTING", ""},
      {"]d1TESTING", ""},
      {"]J0TESTING", ""},
      {"]Q3011231231231233310ABC123^99TESTING", "(01)12312312312333(10)ABC123(99)TESTING"},
      {"]d2011231231231233310ABC123^99TESTING", "(01)12312312312333(10)ABC123(99)TESTING"},
      {"]J1011231231231233310ABC123^99TESTING", "(01)12312312312333(10)ABC123(99)TESTING"},
      {"]C1011231231231233310ABC123^99TESTING", "(01)12312312312333(10)ABC123(99)TESTING"},
      {"]e0011231231231233310ABC123^99TESTING^98XYZ",
       "(01)12312312312333(10)ABC123(99)TESTING(98)XYZ"},
      {"]e0011231231231233310ABC123^1199122598TESTING^97XYZ",
       "(01)12312312312333(10)ABC123(11)991225(98)TESTING(97)XYZ"},
      {"]e00112312312312333235XYZ^10ABC", "(01)12312312312333(235)XYZ(10)ABC"},
      {"]C10112312312312333235XYZ", "(01)12312312312333(235)XYZ"},
      {"]C101123123123133^10ABC", "ERROR"},  // "^" is data here, not FNC1
      {"]C199ABC^99XYZ", "ERROR"},           // one AI, two values
  });
}

TEST(Gs1ScanTest, EanUpcPrimaryAndComposite) {
  Check({
      {"]E0", "ERROR"},
      {"]E0123456789012", "ERROR"},    // short
      {"]E012345678901234", "ERROR"},  // long
      {"]E01234ABC890123", "ERROR"},   // not digits
      {"]E02112345678901", "ERROR"},   // bad check digit
      {"]E02112345678900", ""},
      {"]E02112345678900|]e099COMPOSITE^98XYZ", "(99)COMPOSITE(98)XYZ"},
      {"]E4", "ERROR"},
      {"]E41234567", "ERROR"},
      {"]E4123456789", "ERROR"},
      {"]E412ABC678", "ERROR"},
      {"]E402345674", "ERROR"},
      {"]E402345673", ""},
      {"]E402345673|]e099COMPOSITE^98XYZ", "(99)COMPOSITE(98)XYZ"},
  });
  auto scan = ReadScan("]E02112345678900", kOptions);
  ASSERT_TRUE(scan.ok());
  EXPECT_EQ(Interpret(*scan, kOptions).gtin, "02112345678900");
}

TEST(Gs1ScanTest, ElementStringsAndSeparators) {
  Check(
      {
          {"]d2991234", "(99)1234"},
          {"]d2891234", "ERROR"},  // no AI (89)
          {"]d299~ABC", "ERROR"},  // "~" is not in CSET 82
          {"]d299ABC~", "ERROR"},
          {"]d20112345678901231", "(01)12345678901231"},
          {"]d201A2345678901231", "ERROR"},
          {"]d20112345678901234", "ERROR"},                // check digit
          {"]d2011234567890123", "ERROR"},                 // truncated
          {"]d201123456789012312", "ERROR"},               // no AI (2)
          {"]d20112345678901231^", "(01)12345678901231"},  // superfluous FNC1
          {"]d2011234567890123^", "ERROR"},
          {"]d201123456789012345^", "ERROR"},
          {"]d20112345678901231991234", "(01)12345678901231(99)1234"},  // fixed length runs on
          {"]d20112345678901231^991234", "(01)12345678901231(99)1234"},
          {"]d22421", "(242)1"},
          {"]d2242123456", "(242)123456"},
          {"]d2242123456^10ABC123", "(242)123456(10)ABC123"},
          {"]d2242123456^", "(242)123456"},
          {"]d22421234567", "ERROR"},  // too long, no FNC1
          {"]d281111234", "(8111)1234"},
          {"]d28111123", "ERROR"},
          {"]d2811112345", "ERROR"},
          {"]d2800112341234512398", "(8001)12341234512398"},
          {"]d280011234123451239", "ERROR"},
          {"]d28001123412345123981", "ERROR"},
          {"]d27007211225211231", "(7007)211225211231"},
          {"]d27007211225", "(7007)211225"},
          {"]d270072112252", "ERROR"},
          {"]d2700721122521123", "ERROR"},
          {"]d2800302112345678900ABC", "(8003)02112345678900ABC"},
          {"]d2800302112345678901ABC", "ERROR"},  // check digit of the N13 component
          {"]d2800302112345678900", "(8003)02112345678900"},
          {"]d2800302112345678900ABCDEFGHIJKLMNOPQ", "ERROR"},
          {"]d27230123", "(7230)123"},
          {"]d2723012", "ERROR"},
          {"]d2235ABCDEFGHIJKLMNOPQRSTUVWXYZ12", "(235)ABCDEFGHIJKLMNOPQRSTUVWXYZ12"},
          {"]d2235ABCDEFGHIJKLMNOPQRSTUVWXYZ123", "ERROR"},
          {"]d20112345678901231235XYZ^10BATCH", "(01)12345678901231(235)XYZ(10)BATCH"},
      },
      kPartial);  // as GS1's engine checks element strings: without the "req" rule
}

TEST(Gs1ScanTest, BracketedForm) {
  Check(
      {
          {"(01)12345678901231", "(01)12345678901231"},
          {"(01)12345678901231(10)12345", "(01)12345678901231(10)12345"},
          {"(3100)123456(10)12345", "(3100)123456(10)12345"},
          {"(10)12345\\(11)991225", "(10)12345\\(11)991225"},  // an escaped bracket is data
          {"(10)12345(11)", "ERROR"},
          {"(10)(11)98765", "ERROR"},
          {"(1A)12345", "ERROR"},
          {"()12345", "ERROR"},
          {"(1)12345", "ERROR"},
          {"(12345)12345", "ERROR"},
          {"(15", "ERROR"},
          {"(", "ERROR"},
          {"(01)123456789012312(10)12345", "ERROR"},
          {"(10)12345^", "ERROR"},
          {"(17)9(90)217", "ERROR"},
          {"(89)ABC", "ERROR"},  // not an AI of the dictionary
      },
      kPartial);
  std::string longest = "(99)" + std::string(90, 'A');
  EXPECT_NE(Read(longest), "ERROR");
  EXPECT_EQ(Read(longest + "A"), "ERROR");
  std::string many;
  for (int i = 0; i < 64; ++i) many += "(99)AB";
  EXPECT_NE(Read(many), "ERROR");
  EXPECT_EQ(Read(many + "(99)AB"), "ERROR");  // more AIs than GS1's engine takes
}

TEST(Gs1ScanTest, DigitalLinkUris) {
  Check({
      {"https://id.gs1.org/01/09506000134352/10/ABC?17=271231",
       "(01)09506000134352(10)ABC(17)271231"},
      {"]Q1https://example.com/01/12312312312333?99=TEST", "(01)12312312312333(99)TEST"},
      {"]Q1HTTPS://example.com/01/12312312312333?99=TEST", "(01)12312312312333(99)TEST"},
      {"]Q1HtTps://example.com/01/12312312312333?99=TEST", ""},  // mixed case: plain text
      {"]d1https://example.com/01/12312312312333?99=TEST", "(01)12312312312333(99)TEST"},
      {"]Q1https://a/NOPRIMARYAI", "ERROR"},
      {"http://a/00/006141411234567890", "(00)006141411234567890"},
      {"HTTP://a/00/006141411234567890", "(00)006141411234567890"},
      {"http:///", "ERROR"},
      {"http://a", "ERROR"},
      {"http://a/b/", "ERROR"},
      {"https://00/006141411234567890", "ERROR"},
      {"https://a:65535/01/12312312312333", "(01)12312312312333"},
      {"https://[2001:db8::1]/01/12312312312333", "(01)12312312312333"},
      {"https://[fe80::1%25lo]/01/12312312312333", "ERROR"},
      {"https://$a/006141411234567890", "ERROR"},
      {"https://a/01/12312312312333<bad", "ERROR"},
      {"https://a/more/stem/00/006141411234567890", "(00)006141411234567890"},
      {"https://a/00/faux/00/006141411234567890", "(00)006141411234567890"},
      {"https://a/gtin/12312312312333", "ERROR"},  // convenience alphas are not GS1 syntax
      {"https://a/01/2112345678900", "ERROR"},     // GTIN-13 unpadded in the path
      {"https://a/01/12312312312333/22/TEST/10/ABC/21/XYZ",
       "(01)12312312312333(22)TEST(10)ABC(21)XYZ"},
      {"https://a/01/12312312312333/235/TEST", "(01)12312312312333(235)TEST"},
      {"https://a/253/1231231231232TEST56789012345678", "ERROR"},
      {"https://a/8018/123456789012345675/8019/123", "(8018)123456789012345675(8019)123"},
      {"https://a/stem/00/006141411234567890/", "ERROR"},
      {"https://a/stem/00/006141411234567890?", "(00)006141411234567890"},
      {"https://a/stem/401/12345678?99=ABC", "(401)12345678(99)ABC"},
      {"https://a/01/12312312312333?99=", "ERROR"},
      {"https://a/01/12312312312333?99=ABC&999=faux", "ERROR"},
      {"https://a/01/12312312312333?&&&99=ABC&&&&&&98=XYZ&&&", "(01)12312312312333(99)ABC(98)XYZ"},
      {"https://a/01/12312312312333?singleton&unknown=666&99=ABC", "(01)12312312312333(99)ABC"},
      {"https://a/01/12312312312333/22/ABC%2d123?99=ABC&98=XYZ%2f987",
       "(01)12312312312333(22)ABC-123(99)ABC(98)XYZ/987"},
      {"https://a/01/12312312312333/22/ABC+123?99=ABC", "(01)12312312312333(22)ABC+123(99)ABC"},
      {"https://a/01/12312312312333/22/ABC?98=XYZ+987", "ERROR"},  // "+" is a space in a query
      {"https://a/01/12312312312333/22/test/10/abc/21/xyz#fragment",
       "(01)12312312312333(22)test(10)abc(21)xyz"},
      {"https://id.gs1.org/00/952012345678912345?02=09520123456788&37=25&10=ABC123",
       "(00)952012345678912345(02)09520123456788(37)25(10)ABC123"},
      {"https://id.gs1.org/414/9520123456788/254/32a%2Fb", "(414)9520123456788(254)32a/b"},
      {"https://example.com/8004/9520614141234567?01=09520123456788",
       "(8004)9520614141234567(01)09520123456788"},
      {"https://example.com/01/09520123456788?10=ABC123", "ERROR"},  // belongs in the path
      {"https://id.gs1.org/01/09520123456788/235/XYZ?10=ABC123",
       "(01)09520123456788(235)XYZ(10)ABC123"},
      {"https://id.gs1.org/01/09520123456788/10/ABC123?99=XYZ789&10=ABC123", "ERROR"},
      {"https://example.com/01/09520123456788?99=XYZ&89=ABC123", "ERROR"},
      {"https://a/01//12312312312333", "ERROR"},
      {"https://a/01/1231231231233%003", "ERROR"},
      {"https://a/01/12312312312333?99=ABC%00DEF", "ERROR"},
      {"https://a/01/12312312312333?=ABC", "ERROR"},
  });
}

TEST(Gs1ScanTest, LintersThroughRealAis) {
  Check({
      {"(00)123456789012345675", "(00)123456789012345675"},
      {"(00)123456789012345670", "ERROR"},  // check digit
      {"(10) ", "ERROR"},
      {"(8010)123456_", "ERROR"},
      {"(8030)ABC:123", "ERROR"},
      {"(8030)123=", "ERROR"},
      {"(8013)123456ABXX", "ERROR"},
      {"(8013)A", "ERROR"},
      {"(401)123", "ERROR"},
      {"(7023)12A4", "ERROR"},
      {"(4326)201300", "ERROR"},  // month 13
      {"(4326)201200", "ERROR"},  // day 00 where it is not allowed
      {"(4324)2012252400", "ERROR"},
      {"(4324)2012252360", "ERROR"},
      {"(8008)201225230060", "ERROR"},
      {"(01)95012345678903(3103)000123", "(01)95012345678903(3103)000123"},
      {"(01)95012345678902(3103)000123", "ERROR"},
      {"(01)95012345678903(11)131313", "ERROR"},
  });
}

TEST(Gs1ScanTest, PairingRules) {
  Check({
      {"(01)12312312312333(02)12312312312333", "ERROR"},        // (01) excludes (02)
      {"(3103)000123(3102)000456(01)12312312312333", "ERROR"},  // 310n excludes 310n
      {"(10)ABC(10)ABC(01)12312312312333", "(10)ABC(10)ABC(01)12312312312333"},
  });
  // A pack's lot and expiry on a code of their own: refused, as GS1's engine
  // refuses them by default, naming what they need; read when partial.
  auto refused = ReadScan("(17)271231(10)ABC", kOptions);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().errors().at(0).message,
            "(17) needs (01), (02), (03), (255), (8006) or (8026)");
  auto scan = ReadScan("(17)271231(10)ABC", kPartial);
  ASSERT_TRUE(scan.ok());
  auto missing = MissingPartners(scan->elements);
  ASSERT_EQ(missing.size(), 2u);
  EXPECT_EQ(missing[0], "(17) needs (01), (02), (03), (255), (8006) or (8026)");
  EXPECT_EQ(missing[1], "(10) needs (01), (02), (03), (8006) or (8026)");
}

TEST(Gs1ScanTest, ErrorsNameTheAiAndTheFault) {
  auto scan = ReadScan("(01)09506000134352(17)271331", kOptions);
  ASSERT_FALSE(scan.ok());
  EXPECT_EQ(scan.status().errors().at(0).field, "data");
  EXPECT_EQ(scan.status().errors().at(0).message, "(17) has an illegal month: 27|13|31");
  scan = ReadScan("]d20109506000134353", kOptions);
  EXPECT_EQ(scan.status().errors().at(0).message,
            "(01) has an incorrect check digit: 0950600013435|3|");
}

TEST(Gs1ScanTest, KeyboardWedgeWithoutIdentifier) {
  Check({
      {"0109506000134352172712311012AB^21XYZ", "(01)09506000134352(17)271231(10)12AB(21)XYZ"},
      {"^0109506000134352", "(01)09506000134352"},  // FNC1 in first position sent as GS
      {"09506000134352", ""},                       // a bare GTIN-14
      {"09506000134353", "ERROR"},                  // ... with a wrong check digit
      {"0109506000134352\r\n", "(01)09506000134352"},
      {"ZAPAS:MED-IFAK:L%2F7", ""},
      {"17271231", "ERROR"},  // 8 digits, no GTIN: an expiry alone, which needs a GTIN
      {"99123123", ""},       // a valid GTIN-8 is a GTIN first
      {"ABC", "ERROR"},  // no identifier, and nothing Zapas reads: refused as GS1's engine does
      {"1(12345", "ERROR"},
      {"(01)12312312312333|(10)ABC123", "(01)12312312312333(10)ABC123"},  // linear | composite
      {"(01)12312312312333(10)ABC123|(99)COMPOSITE", "(01)12312312312333(10)ABC123(99)COMPOSITE"},
      {"(01)12312312312333|(10)A|(99)B", "ERROR"},
  });
  EXPECT_EQ(Read("17271231", kPartial), "(17)271231");
  EXPECT_EQ(Read("24212345", kPartial), "(242)12345");
  // The most a barcode holds: 8,190 characters after the identifier.
  EXPECT_EQ(Read("]Q1" + std::string(8190, 'a')), "");
  EXPECT_EQ(Read("]Q1" + std::string(8191, 'a')), "ERROR");
  // A Digital Link's query parameters count against the 64 AIs, ignored ones too.
  std::string uri = "https://a/01/09506000134352?";
  for (int i = 0; i < 63; ++i) uri += "p" + std::to_string(i) + "=1&";
  EXPECT_EQ(Read(uri), "(01)09506000134352");
  EXPECT_EQ(Read(uri + "p63=1"), "ERROR");
}

TEST(Gs1FactsTest, DatesDayZeroAndCentury) {
  EXPECT_EQ(DateOfYymmdd("271200", 2026).ToString(), "2027-12-31");
  EXPECT_EQ(DateOfYymmdd("280200", 2026).ToString(), "2028-02-29");  // leap year
  EXPECT_EQ(DateOfYymmdd("270200", 2026).ToString(), "2027-02-28");
  EXPECT_EQ(DateOfYymmdd("760101", 2026).ToString(), "2076-01-01");  // 50 ahead: this century
  EXPECT_EQ(DateOfYymmdd("770101", 2026).ToString(), "1977-01-01");  // 51 ahead: the last one
  EXPECT_EQ(DateOfYymmdd("770101", 2027).ToString(), "2077-01-01");
  EXPECT_EQ(DateOfYymmdd("490101", 2099).ToString(), "2149-01-01");  // 50 behind: the next one
  EXPECT_EQ(Read("(01)09506000134352(17)270200"), "(01)09506000134352(17)270200");
  EXPECT_EQ(Read("(01)09506000134352(17)270230"), "ERROR");  // no 30 February
  EXPECT_EQ(Read("(01)09506000134352(17)280229"), "(01)09506000134352(17)280229");
}

TEST(Gs1FactsTest, WhatZapasTakes) {
  auto scan = ReadScan(Fnc1("]d201095060001343521727120010L-77^21SN1^3103001250^30 "), kOptions);
  ASSERT_FALSE(scan.ok());  // a space is not in CSET 82
  scan = ReadScan(Fnc1("]d201095060001343521727120010L-77^21SN1^3103001250^3012"), kOptions);
  ASSERT_TRUE(scan.ok()) << scan.status().message();
  ScanFacts facts = Interpret(*scan, kOptions);
  EXPECT_EQ(facts.gtin, "09506000134352");
  EXPECT_EQ(facts.lot, "L-77");
  EXPECT_EQ(facts.serial, "SN1");
  EXPECT_EQ(facts.expiry->ToString(), "2027-12-31");
  EXPECT_EQ(facts.count, 12);
  EXPECT_EQ(facts.net_kg->ToString(), "1.25");
  // A logistic unit: its content GTIN (02) and count (37); best before when no expiry.
  scan = ReadScan("(00)106141411234567897(02)09506000134352(37)25(15)270315", kOptions);
  ASSERT_TRUE(scan.ok()) << scan.status().message();
  facts = Interpret(*scan, kOptions);
  EXPECT_TRUE(facts.contents);
  EXPECT_EQ(facts.sscc, "106141411234567897");
  EXPECT_EQ(facts.count, 25);
  EXPECT_EQ(facts.expiry->ToString(), "2027-03-15");
  // A pallet: SSCC, production date and gross weight (3302: two decimals).
  scan = ReadScan("(00)106141411234567897(11)261130(3302)012550(02)09506000134352(37)4", kOptions);
  ASSERT_TRUE(scan.ok()) << scan.status().message();
  facts = Interpret(*scan, kOptions);
  EXPECT_EQ(facts.produced->ToString(), "2026-11-30");
  EXPECT_EQ(facts.gross_kg->ToString(), "125.5");
  // 3105: five decimals of a kilogram cannot always be a quantity.
  scan = ReadScan("(01)09506000134352(3105)001234", kOptions);
  ASSERT_TRUE(scan.ok());
  EXPECT_FALSE(Interpret(*scan, kOptions).net_kg.has_value());
}

TEST(Gs1FactsTest, GtinsAndLotLabels) {
  EXPECT_EQ(*NormalizeGtin("4006381333931"), "04006381333931");
  EXPECT_EQ(*NormalizeGtin("02345673"), "00000002345673");
  EXPECT_FALSE(NormalizeGtin("4006381333932").ok());
  EXPECT_FALSE(NormalizeGtin("400638133393").ok());
  EXPECT_FALSE(NormalizeGtin("40063813339３1").ok());
  std::string text = LotLabelText("MED-IFAK", "Партія 7/A:1");
  EXPECT_EQ(text.find_first_not_of(
                "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~:%"),
            std::string::npos);
  auto back = ReadLotLabel(text);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->first, "MED-IFAK");
  EXPECT_EQ(back->second, "Партія 7/A:1");
  EXPECT_FALSE(ReadLotLabel("ZAPAS:onlysku").has_value());
  EXPECT_FALSE(ReadLotLabel("ZAPAS:A:%G1").has_value());
  EXPECT_FALSE(ReadLotLabel("TESTING").has_value());
}

// Every AI of the dictionary is in the table, with its separator rule.
TEST(Gs1TableTest, EveryAiOfTheDictionary) {
  std::ifstream in(ZAPAS_SOURCE_DIR "/domain/gs1/gs1-syntax-dictionary.txt");
  ASSERT_TRUE(in);
  size_t count = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream words(line);
    std::string range, flags;
    words >> range >> flags;
    auto dash = range.find('-');
    std::string first = range.substr(0, dash),
                last = dash == std::string::npos ? first : range.substr(dash + 1);
    for (long ai = std::stol(first); ai <= std::stol(last); ++ai) {
      std::string code = std::to_string(ai);
      code.insert(0, first.size() - code.size(), '0');
      const AiEntry* entry = FindAi(code);
      ASSERT_NE(entry, nullptr) << code;
      EXPECT_EQ(entry->separator, flags.find('*') == std::string::npos) << code;
      ++count;
    }
  }
  EXPECT_EQ(AiTable().size(), count);
  EXPECT_EQ(FindAi("23"), nullptr);
  EXPECT_EQ(FindAi("0"), nullptr);
  EXPECT_EQ(FindAiAtStart("3103000195")->ai, "3103");
}

}  // namespace
}  // namespace zapas::gs1
