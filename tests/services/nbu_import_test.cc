// Tests of services/app/nbu_import.h: reading the NBU's exchange-rate files in
// their JSON and XML forms, exactly, refusing a whole file for one bad record
// and naming that record.
#include "services/app/nbu_import.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <ostream>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "domain/date.h"
#include "domain/money.h"
#include "domain/rates.h"
#include "domain/status.h"

namespace zapas {
namespace {

std::string DataPath(const std::string& name) {
  return std::string(ZAPAS_TEST_DATA) + "/nbu/" + name;
}

std::string ReadData(const std::string& name) {
  std::ifstream in(DataPath(name), std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + DataPath(name));
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// "USD 2026-11-27 41.0256" for each rate, in order.
std::vector<std::string> Describe(const std::vector<Rate>& rates) {
  std::vector<std::string> out;
  for (const Rate& r : rates) {
    out.push_back(std::string(r.currency->code) + " " + r.date.ToString() + " " + r.RateString());
  }
  return out;
}

const Rate* Find(const NbuFile& f, const std::string& code, const std::string& date) {
  for (const Rate& r : f.rates) {
    if (r.currency->code == code && r.date.ToString() == date) return &r;
  }
  return nullptr;
}

const char* CodeName(StatusCode c) {
  switch (c) {
    case StatusCode::kOk:
      return "kOk";
    case StatusCode::kMalformed:
      return "kMalformed";
    case StatusCode::kInvalid:
      return "kInvalid";
    case StatusCode::kNotFound:
      return "kNotFound";
    case StatusCode::kConflict:
      return "kConflict";
    default:
      return "other";
  }
}

// One JSON record; `rate` and `r030` are inserted as written (a JSON literal).
std::string J(const std::string& cc, const std::string& rate, const std::string& date,
              const std::string& r030 = "") {
  std::string r = "{";
  if (!r030.empty()) r += "\"r030\": " + r030 + ", ";
  r += "\"txt\": \"назва\"";
  if (!rate.empty()) r += ", \"rate\": " + rate;
  if (!cc.empty()) r += ", \"cc\": \"" + cc + "\"";
  if (!date.empty()) r += ", \"exchangedate\": \"" + date + "\"";
  return r + "}";
}

std::string Arr(const std::vector<std::string>& records) {
  std::string s = "[";
  for (size_t i = 0; i < records.size(); ++i) s += (i ? ", " : "") + records[i];
  return s + "]";
}

// One XML record; empty fields are left out.
std::string X(const std::string& cc, const std::string& rate, const std::string& date,
              const std::string& r030 = "") {
  std::string r = "<currency>";
  if (!r030.empty()) r += "<r030>" + r030 + "</r030>";
  r += "<txt>назва</txt>";
  if (!rate.empty()) r += "<rate>" + rate + "</rate>";
  if (!cc.empty()) r += "<cc>" + cc + "</cc>";
  if (!date.empty()) r += "<exchangedate>" + date + "</exchangedate>";
  return r + "</currency>";
}

std::string Xml(const std::vector<std::string>& records) {
  std::string s = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<exchange>\n";
  for (const std::string& r : records) s += r + "\n";
  return s + "</exchange>\n";
}

const std::string kEurGood = J("EUR", "47.776", "28.11.2026", "978");
const std::string kEurGoodXml = X("EUR", "47.776", "28.11.2026", "978");

// ---- the real sample files ----

struct SampleCase {
  const char* file;
  size_t records;
  std::vector<std::pair<std::string, std::string>> expect;  // {"USD 2026-11-27", "41.0256"}
};

std::ostream& operator<<(std::ostream& os, const SampleCase& c) { return os << c.file; }

class NbuSampleTest : public testing::TestWithParam<SampleCase> {};

TEST_P(NbuSampleTest, ParsesEveryRecordExactly) {
  const SampleCase& c = GetParam();
  auto f = ParseNbuFile(ReadData(c.file));
  ASSERT_TRUE(f.ok()) << c.file << ": " << f.status().message();
  EXPECT_EQ(f->records, c.records);
  EXPECT_EQ(f->rates.size(), c.records) << "every currency of the samples is one Zapas keeps";
  EXPECT_TRUE(f->skipped.empty());
  for (const auto& [what, rate] : c.expect) {
    const std::string code = what.substr(0, 3), date = what.substr(4);
    const Rate* r = Find(*f, code, date);
    ASSERT_NE(r, nullptr) << c.file << ": no " << what;
    EXPECT_EQ(r->RateString(), rate) << c.file << ": " << what;
  }
  // One rate per (currency, day).
  std::set<std::pair<std::string, int32_t>> keys;
  for (const Rate& r : f->rates) {
    EXPECT_TRUE(keys.insert({std::string(r.currency->code), r.date.days()}).second)
        << c.file << ": " << r.currency->code << " " << r.date.ToString() << " twice";
  }
}

const std::vector<std::pair<std::string, std::string>> kDay = {
    {"USD 2026-11-27", "41.0256"}, {"EUR 2026-11-27", "47.776"},  {"PLN 2026-11-27", "10.8565"},
    {"GBP 2026-11-27", "50.5886"}, {"CHF 2026-11-27", "47.6439"}, {"JPY 2026-11-27", "0.28499"}};

INSTANTIATE_TEST_SUITE_P(Nbu, NbuSampleTest,
                         testing::Values(SampleCase{"day-2026-11-27.json", 6, kDay},
                                         SampleCase{"day-2026-11-27.xml", 6, kDay},
                                         SampleCase{"rates-2024-2026.json",
                                                    4560,
                                                    {{"USD 2024-01-01", "38.1138"},
                                                     {"EUR 2024-01-01", "41.9293"},
                                                     {"PLN 2024-01-01", "9.653"},
                                                     {"USD 2026-11-26", "41.0227"},
                                                     {"EUR 2026-11-26", "47.5951"},
                                                     {"USD 2026-11-27", "41.0256"},
                                                     {"EUR 2026-11-27", "47.776"},
                                                     {"JPY 2026-11-27", "0.28499"}}}));

TEST(NbuImport, JsonAndXmlDayFilesGiveIdenticalRates) {
  auto json = ParseNbuFile(ReadData("day-2026-11-27.json"));
  auto xml = ParseNbuFile(ReadData("day-2026-11-27.xml"));
  ASSERT_TRUE(json.ok()) << json.status().message();
  ASSERT_TRUE(xml.ok()) << xml.status().message();
  EXPECT_EQ(Describe(json->rates), Describe(xml->rates));
  ASSERT_EQ(json->rates.size(), xml->rates.size());
  for (size_t i = 0; i < json->rates.size(); ++i) {
    EXPECT_EQ(json->rates[i].uah_per_unit, xml->rates[i].uah_per_unit) << i;
    EXPECT_EQ(json->rates[i].date.days(), xml->rates[i].date.days()) << i;
    EXPECT_EQ(json->rates[i].currency, xml->rates[i].currency) << i;
  }
  EXPECT_EQ(json->records, xml->records);
}

TEST(NbuImport, DayFileKeepsFileOrder) {
  auto f = ParseNbuFile(ReadData("day-2026-11-27.json"));
  ASSERT_TRUE(f.ok()) << f.status().message();
  EXPECT_EQ(Describe(f->rates),
            (std::vector<std::string>{"USD 2026-11-27 41.0256", "EUR 2026-11-27 47.776",
                                      "PLN 2026-11-27 10.8565", "GBP 2026-11-27 50.5886",
                                      "CHF 2026-11-27 47.6439", "JPY 2026-11-27 0.28499"}));
  EXPECT_EQ(f->rates[0].uah_per_unit, 410256000000);
  EXPECT_EQ(f->rates[5].uah_per_unit, 2849900000);
}

TEST(NbuImport, BigFileSpansTheWholePeriod) {
  auto f = ParseNbuFile(ReadData("rates-2024-2026.json"));
  ASSERT_TRUE(f.ok()) << f.status().message();
  ASSERT_EQ(f->rates.size(), 4560u);
  int32_t lo = f->rates.front().date.days(), hi = lo;
  for (const Rate& r : f->rates) {
    lo = std::min(lo, r.date.days());
    hi = std::max(hi, r.date.days());
    EXPECT_GT(r.uah_per_unit, 0);
  }
  EXPECT_EQ(Date::FromDays(lo).ToString(), "2024-01-01");
  EXPECT_EQ(Date::FromDays(hi).ToString(), "2026-11-27");
}

TEST(NbuImport, GoodExtrasSampleFile) {
  auto f = ParseNbuFile(ReadData("good-extras-2026-11-30.json"));
  ASSERT_TRUE(f.ok()) << f.status().message();
  EXPECT_EQ(f->records, 6u);
  EXPECT_EQ(Describe(f->rates),
            (std::vector<std::string>{"USD 2026-11-30 41.0301", "EUR 2026-11-30 47.8012",
                                      "JPY 2026-11-30 0.28512", "PLN 2026-11-30 10.9013"}));
  EXPECT_EQ(f->skipped, (std::vector<std::string>{"XAU", "XDR"}));
}

// ---- good inline files ----

struct GoodCase {
  const char* name;
  std::string text;
  std::vector<std::string> rates;  // Describe() of the result
  std::vector<std::string> skipped;
  size_t records;
};

std::ostream& operator<<(std::ostream& os, const GoodCase& c) { return os << c.name; }

class NbuGoodTest : public testing::TestWithParam<GoodCase> {};

TEST_P(NbuGoodTest, Parses) {
  const GoodCase& c = GetParam();
  auto f = ParseNbuFile(c.text);
  ASSERT_TRUE(f.ok()) << c.name << ": " << f.status().message() << "\n" << c.text;
  EXPECT_EQ(Describe(f->rates), c.rates) << c.name;
  EXPECT_EQ(f->skipped, c.skipped) << c.name;
  EXPECT_EQ(f->records, c.records) << c.name;
}

const std::string kUsd = J("USD", "41.0256", "27.11.2026", "840");
const std::vector<std::string> kUsdOnly = {"USD 2026-11-27 41.0256"};

INSTANTIATE_TEST_SUITE_P(
    Nbu, NbuGoodTest,
    testing::Values(
        GoodCase{"plain", Arr({kUsd}), kUsdOnly, {}, 1},
        GoodCase{
            "unknown scalar field",
            R"([{"r030": 840, "txt": "Долар США", "rate": 41.0256, "cc": "USD", "exchangedate": "27.11.2026", "special": "Y"}])",
            kUsdOnly,
            {},
            1},
        GoodCase{
            "unknown nested fields",
            R"([{"meta": {"a": [1, 2.5e3, {"b": null, "c": [true, false]}], "d": "}]"}, "r030": 840, "rate": 41.0256, "cc": "USD", "list": [], "obj": {}, "exchangedate": "27.11.2026", "special": null}])",
            kUsdOnly,
            {},
            1},
        GoodCase{
            "string rate", Arr({J("USD", "\"41.0256\"", "27.11.2026", "840")}), kUsdOnly, {}, 1},
        GoodCase{
            "string r030", Arr({J("USD", "41.0256", "27.11.2026", "\"840\"")}), kUsdOnly, {}, 1},
        GoodCase{"no r030", Arr({J("USD", "41.0256", "27.11.2026")}), kUsdOnly, {}, 1},
        GoodCase{"exponent", Arr({J("USD", "4.10256e1", "27.11.2026", "840")}), kUsdOnly, {}, 1},
        GoodCase{
            "exponent E+", Arr({J("USD", "4.10256E+1", "27.11.2026", "840")}), kUsdOnly, {}, 1},
        GoodCase{"negative exponent",
                 Arr({J("USD", "410256e-4", "27.11.2026", "840")}),
                 kUsdOnly,
                 {},
                 1},
        GoodCase{"exponent below one",
                 Arr({J("JPY", "2.8499e-1", "27.11.2026", "392")}),
                 {"JPY 2026-11-27 0.28499"},
                 {},
                 1},
        GoodCase{
            "exponent zero", Arr({J("USD", "41.0256e0", "27.11.2026", "840")}), kUsdOnly, {}, 1},
        GoodCase{"ten decimals",
                 Arr({J("USD", "41.0000000001", "27.11.2026", "840")}),
                 {"USD 2026-11-27 41.0000000001"},
                 {},
                 1},
        GoodCase{"unknown currency skipped",
                 Arr({J("XAU", "107512.3456", "27.11.2026", "959"), kUsd}),
                 kUsdOnly,
                 {"XAU"},
                 2},
        GoodCase{"only unknown currencies",
                 Arr({J("XAU", "107512.3456", "27.11.2026", "959")}),
                 {},
                 {"XAU"},
                 1},
        GoodCase{"identical duplicate counted once", Arr({kUsd, kUsd}), kUsdOnly, {}, 2},
        GoodCase{"same value written differently",
                 Arr({kUsd, J("USD", "\"41.025600\"", "27.11.2026", "840")}),
                 kUsdOnly,
                 {},
                 2},
        GoodCase{"several days in file order",
                 Arr({J("USD", "41.0227", "26.11.2026"), J("EUR", "47.5951", "26.11.2026"), kUsd}),
                 {"USD 2026-11-26 41.0227", "EUR 2026-11-26 47.5951", "USD 2026-11-27 41.0256"},
                 {},
                 3},
        GoodCase{"pretty printed", "\n  [\n\t" + kUsd + "\r\n]\n\n", kUsdOnly, {}, 1},
        GoodCase{
            "escapes in text",
            R"([{"txt": "\u0414\u043e\u043b\u0430\u0440 \"US\" \\ \/ \ud83d\udcb5", "rate": 41.0256, "cc": "USD", "exchangedate": "27.11.2026"}])",
            kUsdOnly,
            {},
            1},
        GoodCase{"BOM before JSON", "\xEF\xBB\xBF" + Arr({kUsd}), kUsdOnly, {}, 1},
        GoodCase{"xml", Xml({X("USD", "41.0256", "27.11.2026", "840")}), kUsdOnly, {}, 1},
        GoodCase{
            "xml unknown elements",
            Xml({"<currency special=\"Y\"><r030>840</r030><txt>Долар США</txt><rate>41.0256</rate>"
                 "<extra><a>1</a><b/></extra><cc>USD</cc><exchangedate>27.11.2026</exchangedate>"
                 "<special>Y</special></currency>"}),
            kUsdOnly,
            {},
            1},
        GoodCase{"xml unknown currency skipped",
                 Xml({X("XAU", "107512.3456", "27.11.2026", "959"),
                      X("USD", "41.0256", "27.11.2026", "840")}),
                 kUsdOnly,
                 {"XAU"},
                 2},
        GoodCase{"BOM before XML",
                 "\xEF\xBB\xBF" + Xml({X("USD", "41.0256", "27.11.2026", "840")}),
                 kUsdOnly,
                 {},
                 1}),
    [](const testing::TestParamInfo<GoodCase>& info) {
      std::string n;
      for (char ch : std::string(info.param.name))
        n += std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
      return n;
    });

TEST(NbuImport, ExponentIsReadExactly) {
  auto f = ParseNbuFile(Arr({J("USD", "4.10256e1", "27.11.2026", "840")}));
  ASSERT_TRUE(f.ok()) << f.status().message();
  ASSERT_EQ(f->rates.size(), 1u);
  EXPECT_EQ(f->rates[0].uah_per_unit, 410256000000);
}

// ---- bad files ----

struct BadCase {
  const char* name;
  std::string text;
  StatusCode code;
  std::string names;  // the message must contain this (the record), "" for no check
};

std::ostream& operator<<(std::ostream& os, const BadCase& c) { return os << c.name; }

class NbuBadTest : public testing::TestWithParam<BadCase> {};

TEST_P(NbuBadTest, RefusesTheWholeFile) {
  const BadCase& c = GetParam();
  auto f = ParseNbuFile(c.text);
  ASSERT_FALSE(f.ok()) << c.name << ": parsed " << f->rates.size() << " rates from\n" << c.text;
  EXPECT_EQ(f.status().code(), c.code)
      << c.name << ": got " << CodeName(f.status().code()) << " (" << f.status().message() << ")";
  EXPECT_FALSE(f.status().message().empty()) << c.name;
  if (!c.names.empty()) {
    EXPECT_NE(f.status().message().find(c.names), std::string::npos)
        << c.name << ": message \"" << f.status().message() << "\" does not name \"" << c.names
        << "\"";
  }
}

const std::string kRec2Usd = "record 2 (USD, 28.11.2026)";

// "Billion laughs": entities of ten copies of the previous one, ten levels deep.
std::string EntityBomb() {
  std::string x = "<?xml version=\"1.0\"?>\n<!DOCTYPE exchange [\n<!ENTITY a0 \"41.0256\">\n";
  for (int i = 1; i <= 10; ++i) {
    x += "<!ENTITY a" + std::to_string(i) + " \"";
    for (int k = 0; k < 10; ++k) x += "&a" + std::to_string(i - 1) + ";";
    x += "\">\n";
  }
  return x +
         "]>\n<exchange><currency><cc>USD</cc><rate>&a10;</rate>"
         "<exchangedate>27.11.2026</exchangedate></currency></exchange>";
}

INSTANTIATE_TEST_SUITE_P(
    Nbu, NbuBadTest,
    testing::Values(
        // nothing to import
        BadCase{"empty array", "[]", StatusCode::kInvalid, ""},
        BadCase{"empty array with spaces", " [ \n ] ", StatusCode::kInvalid, ""},
        BadCase{"empty file", "", StatusCode::kInvalid, ""},
        BadCase{"blank file", " \r\n\t\n", StatusCode::kInvalid, ""},
        BadCase{"xml without records", Xml({}), StatusCode::kInvalid, ""},
        // one bad record among good ones
        BadCase{"impossible date", Arr({kEurGood, J("USD", "41.0256", "31.02.2026", "840")}),
                StatusCode::kInvalid, "record 2 (USD, 31.02.2026)"},
        BadCase{"ISO date", Arr({kEurGood, J("USD", "41.0256", "2026-11-27", "840")}),
                StatusCode::kInvalid, "record 2 (USD, 2026-11-27)"},
        BadCase{"short date", Arr({kEurGood, J("USD", "41.0256", "1.12.2026", "840")}),
                StatusCode::kInvalid, "record 2 (USD, 1.12.2026)"},
        BadCase{"month 13", Arr({kEurGood, J("USD", "41.0256", "01.13.2026", "840")}),
                StatusCode::kInvalid, "record 2 (USD, 01.13.2026)"},
        BadCase{"missing date", Arr({kEurGood, J("USD", "41.0256", "", "840")}),
                StatusCode::kInvalid, "record 2 (USD, "},
        BadCase{"negative rate", Arr({kEurGood, J("USD", "-41.0256", "28.11.2026", "840")}),
                StatusCode::kInvalid, kRec2Usd},
        BadCase{"zero rate", Arr({kEurGood, J("USD", "0", "28.11.2026", "840")}),
                StatusCode::kInvalid, kRec2Usd},
        BadCase{"zero rate with decimals", Arr({kEurGood, J("USD", "0.0000", "28.11.2026", "840")}),
                StatusCode::kInvalid, kRec2Usd},
        BadCase{"zero rate as string", Arr({kEurGood, J("USD", "\"0\"", "28.11.2026", "840")}),
                StatusCode::kInvalid, kRec2Usd},
        BadCase{"non-numeric rate", Arr({kEurGood, J("USD", "\"abc\"", "28.11.2026", "840")}),
                StatusCode::kInvalid, kRec2Usd},
        BadCase{"comma rate", Arr({kEurGood, J("USD", "\"41,0256\"", "28.11.2026", "840")}),
                StatusCode::kInvalid, kRec2Usd},
        BadCase{"empty string rate", Arr({kEurGood, J("USD", "\"\"", "28.11.2026", "840")}),
                StatusCode::kInvalid, kRec2Usd},
        BadCase{"null rate", Arr({kEurGood, J("USD", "null", "28.11.2026", "840")}),
                StatusCode::kInvalid, kRec2Usd},
        BadCase{"object rate",
                Arr({kEurGood, J("USD", "{\"value\": 41.0256}", "28.11.2026", "840")}),
                StatusCode::kInvalid, kRec2Usd},
        BadCase{"boolean rate", Arr({kEurGood, J("USD", "true", "28.11.2026", "840")}),
                StatusCode::kInvalid, kRec2Usd},
        BadCase{"eleven decimals", Arr({kEurGood, J("USD", "41.02560000001", "28.11.2026", "840")}),
                StatusCode::kInvalid, kRec2Usd},
        BadCase{"exponent beyond ten decimals",
                Arr({kEurGood, J("USD", "1e-11", "28.11.2026", "840")}), StatusCode::kInvalid,
                kRec2Usd},
        BadCase{"huge exponent", Arr({kEurGood, J("USD", "1e400", "28.11.2026", "840")}),
                StatusCode::kInvalid, kRec2Usd},
        BadCase{"rate too large",
                Arr({kEurGood, J("USD", "99999999999999999999", "28.11.2026", "840")}),
                StatusCode::kInvalid, kRec2Usd},
        BadCase{"missing rate", Arr({kEurGood, J("USD", "", "28.11.2026", "840")}),
                StatusCode::kInvalid, kRec2Usd},
        BadCase{"missing cc", Arr({kEurGood, J("", "41.0256", "28.11.2026", "840")}),
                StatusCode::kInvalid, "record 2 ("},
        BadCase{"two-letter cc", Arr({kEurGood, J("US", "41.0256", "28.11.2026", "840")}),
                StatusCode::kInvalid, "record 2 (US, 28.11.2026)"},
        BadCase{"r030 of another currency",
                Arr({kEurGood, J("USD", "41.0256", "28.11.2026", "978")}), StatusCode::kInvalid,
                kRec2Usd},
        BadCase{"r030 unknown number", Arr({kEurGood, J("USD", "41.0256", "28.11.2026", "841")}),
                StatusCode::kInvalid, kRec2Usd},
        BadCase{"two rates of one currency and day",
                Arr({J("USD", "41.0256", "28.11.2026", "840"),
                     J("USD", "41.0300", "28.11.2026", "840")}),
                StatusCode::kInvalid, kRec2Usd},
        BadCase{"two rates, far apart in the file",
                Arr({J("USD", "41.0256", "28.11.2026", "840"), kEurGood,
                     J("PLN", "10.8", "28.11.2026"), J("USD", "41.0257", "28.11.2026", "840")}),
                StatusCode::kInvalid, "record 4 (USD, 28.11.2026)"},
        BadCase{"bad record last of many",
                Arr({kEurGood, J("PLN", "10.8", "28.11.2026"), J("GBP", "50.5", "28.11.2026"),
                     J("CHF", "-47.6", "28.11.2026")}),
                StatusCode::kInvalid, "record 4 (CHF, 28.11.2026)"},
        BadCase{"bad record of an unknown currency",
                Arr({kEurGood, J("XAU", "-1", "28.11.2026", "959")}), StatusCode::kInvalid,
                "record 2 (XAU, 28.11.2026)"},
        // the same in XML
        BadCase{"xml negative rate", Xml({kEurGoodXml, X("USD", "-41.0256", "28.11.2026", "840")}),
                StatusCode::kInvalid, kRec2Usd},
        BadCase{"xml non-numeric rate", Xml({kEurGoodXml, X("USD", "abc", "28.11.2026", "840")}),
                StatusCode::kInvalid, kRec2Usd},
        BadCase{"xml missing rate", Xml({kEurGoodXml, X("USD", "", "28.11.2026", "840")}),
                StatusCode::kInvalid, kRec2Usd},
        BadCase{"xml impossible date", Xml({kEurGoodXml, X("USD", "41.0256", "31.02.2026", "840")}),
                StatusCode::kInvalid, "record 2 (USD, 31.02.2026)"},
        BadCase{"xml r030 of another currency",
                Xml({kEurGoodXml, X("USD", "41.0256", "28.11.2026", "978")}), StatusCode::kInvalid,
                kRec2Usd},
        BadCase{
            "xml two rates of one day",
            Xml({X("USD", "41.0256", "28.11.2026", "840"), X("USD", "41.03", "28.11.2026", "840")}),
            StatusCode::kInvalid, kRec2Usd},
        // not NBU JSON or XML at all
        BadCase{"plain text", "USD 41.0256 27.11.2026\n", StatusCode::kMalformed, ""},
        BadCase{"csv", "r030,cc,rate\n840,USD,41.0256\n", StatusCode::kMalformed, ""},
        BadCase{"json object, not array", J("USD", "41.0256", "27.11.2026", "840"),
                StatusCode::kMalformed, ""},
        BadCase{"truncated json", "[" + kEurGood + ", {\"cc\": \"USD\", \"rate\": 41.02",
                StatusCode::kMalformed, ""},
        BadCase{"unclosed array", "[" + kEurGood, StatusCode::kMalformed, ""},
        BadCase{"missing comma", "[" + kEurGood + " " + kEurGood + "]", StatusCode::kMalformed, ""},
        BadCase{"trailing comma", "[" + kEurGood + ",]", StatusCode::kMalformed, ""},
        BadCase{"text after the array", Arr({kEurGood}) + " and more", StatusCode::kMalformed, ""},
        BadCase{"array of numbers", "[1, 2]", StatusCode::kMalformed, ""},
        BadCase{"single quotes", "[{'cc': 'USD', 'rate': 41.0256}]", StatusCode::kMalformed, ""},
        BadCase{"bare word value", R"([{"cc": "USD", "rate": NaN, "exchangedate": "28.11.2026"}])",
                StatusCode::kMalformed, ""},
        BadCase{"unterminated string", R"([{"cc": "USD, "rate": 41.0256}])", StatusCode::kMalformed,
                ""},
        BadCase{"truncated xml", "<exchange><currency><cc>USD</cc>", StatusCode::kMalformed, ""},
        BadCase{"mismatched xml tags", "<exchange><currency><cc>USD</rate></currency></exchange>",
                StatusCode::kMalformed, ""},
        BadCase{"xml of another root", "<rates><currency><cc>USD</cc></currency></rates>",
                StatusCode::kMalformed, ""},
        BadCase{"html", "<!DOCTYPE html><html><body>502 Bad Gateway</body></html>",
                StatusCode::kMalformed, ""},
        // 10^10 copies of a rate from a few hundred bytes: refused, not expanded
        BadCase{"xml entity expansion bomb", EntityBomb(), StatusCode::kMalformed, ""}),
    [](const testing::TestParamInfo<BadCase>& info) {
      std::string n;
      for (char ch : std::string(info.param.name))
        n += std::isalnum(static_cast<unsigned char>(ch)) ? ch : '_';
      return n;
    });

TEST(NbuImport, BadRecordIsAlsoAFieldError) {
  auto f = ParseNbuFile(Arr({kEurGood, J("USD", "-41.0256", "28.11.2026", "840")}));
  ASSERT_FALSE(f.ok());
  ASSERT_EQ(f.status().errors().size(), 1u) << f.status().message();
  EXPECT_EQ(f.status().errors()[0].field, kRec2Usd);
  EXPECT_FALSE(f.status().errors()[0].message.empty());
}

// ---- the bad sample files (used by the CLI and HTTP tests too) ----

struct BadFileCase {
  const char* file;
  StatusCode code;
  std::string names;
};

std::ostream& operator<<(std::ostream& os, const BadFileCase& c) { return os << c.file; }

class NbuBadFileTest : public testing::TestWithParam<BadFileCase> {};

TEST_P(NbuBadFileTest, IsRefused) {
  const BadFileCase& c = GetParam();
  auto f = ParseNbuFile(ReadData(c.file));
  ASSERT_FALSE(f.ok()) << c.file << " parsed";
  EXPECT_EQ(f.status().code(), c.code) << c.file << ": " << f.status().message();
  if (!c.names.empty()) {
    EXPECT_NE(f.status().message().find(c.names), std::string::npos)
        << c.file << ": \"" << f.status().message() << "\" does not name \"" << c.names << "\"";
  }
}

INSTANTIATE_TEST_SUITE_P(
    Nbu, NbuBadFileTest,
    testing::Values(BadFileCase{"bad-negative-rate-2026-12-01.json", StatusCode::kInvalid,
                                "record 2 (EUR, 01.12.2026)"},
                    BadFileCase{"bad-date-2026-12-01.xml", StatusCode::kInvalid,
                                "record 3 (PLN, 31.11.2026)"},
                    BadFileCase{"bad-two-rates-2026-12-01.json", StatusCode::kInvalid,
                                "record 4 (USD, 01.12.2026)"},
                    BadFileCase{"bad-empty.json", StatusCode::kInvalid, ""},
                    BadFileCase{"bad-malformed.xml", StatusCode::kMalformed, ""}));

}  // namespace
}  // namespace zapas
