// End-to-end tests of the NBU exchange rates: POST /api/v1/rates (import a
// file, JSON or XML), GET /api/v1/rates?date= (the rates in force), and
// `zapas rates import FILE --db PATH`, against a real `zapas serve` on a
// temporary database (see fixture.h).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "tests/services/fixture.h"

namespace zapas::testing {
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

void WriteFile(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  if (!out) throw std::runtime_error("cannot write " + path);
}

bool EndsWith(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

int64_t Int(const Poco::JSON::Object::Ptr& o, const std::string& key) {
  if (!o || !o->has(key)) throw std::runtime_error("no \"" + key + "\"");
  Poco::Dynamic::Var v = o->get(key);
  if (!v.isInteger()) throw std::runtime_error("\"" + key + "\" is not an integer");
  return v.convert<int64_t>();
}

std::vector<std::string> Strings(const Poco::JSON::Array::Ptr& a) {
  std::vector<std::string> out;
  for (size_t i = 0; i < a->size(); ++i)
    out.push_back(a->getElement<std::string>(static_cast<unsigned>(i)));
  return out;
}

// One JSON record of an NBU file.
std::string J(const std::string& cc, int r030, const std::string& rate, const std::string& date) {
  return R"({"r030": )" + std::to_string(r030) + R"(, "txt": "назва", "rate": )" + rate +
         R"(, "cc": ")" + cc + R"(", "exchangedate": ")" + date + R"("})";
}

class RatesHttpTest : public ZapasServerTest {
 protected:
  HttpReply PostRates(const std::string& body, const std::string& role = "treasurer") {
    return Post("/rates", body, role);
  }
  HttpReply GetRates(const std::string& date, const std::string& role = "treasurer") {
    return Get(date.empty() ? "/rates" : "/rates?date=" + date, role);
  }

  // Imports a file and insists on 201; returns the reply.
  Poco::JSON::Object::Ptr Import(const std::string& file, const std::string& role = "treasurer") {
    HttpReply r = PostRates(ReadData(file), role);
    if (r.status != 201) {
      throw std::runtime_error("POST /rates " + file + " -> " + std::to_string(r.status) + " " +
                               r.body);
    }
    return ParseObject(r.body);
  }

  // "CUR rate date" of every rate in force on `date`, in the server's order;
  // throws unless the reply is 200.
  std::vector<std::string> InForce(const std::string& date) {
    HttpReply r = GetRates(date);
    if (r.status != 200) {
      throw std::runtime_error("GET /rates?date=" + date + " -> " + std::to_string(r.status) + " " +
                               r.body);
    }
    auto body = ParseObject(r.body);
    if (Str(body, "date") != date)
      throw std::runtime_error("\"date\" is not " + date + ": " + r.body);
    auto rates = Arr(body, "rates");
    std::vector<std::string> out;
    for (size_t i = 0; i < rates->size(); ++i) {
      auto x = At(rates, i);
      out.push_back(Str(x, "currency") + " " + Str(x, "rate") + " " + Str(x, "date"));
    }
    return out;
  }
};

const std::vector<std::string> kFriday = {"CHF 47.6439 2026-11-27", "EUR 47.776 2026-11-27",
                                          "GBP 50.5886 2026-11-27", "JPY 0.28499 2026-11-27",
                                          "PLN 10.8565 2026-11-27", "USD 41.0256 2026-11-27"};

// ---- import ----

TEST_F(RatesHttpTest, JsonDayThenTheSameDayAsXml) {
  HttpReply r = PostRates(ReadData("day-2026-11-27.json"));
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(MediaType(r.content_type), "application/json");
  auto first = ParseObject(r.body);
  EXPECT_EQ(Int(first, "records"), 6);
  EXPECT_EQ(Int(first, "imported"), 6);
  EXPECT_EQ(Int(first, "already_known"), 0);
  EXPECT_EQ(Str(first, "from"), "2026-11-27");
  EXPECT_EQ(Str(first, "to"), "2026-11-27");
  EXPECT_TRUE(Strings(Arr(first, "skipped_currencies")).empty()) << r.body;

  r = PostRates(ReadData("day-2026-11-27.xml"));
  ASSERT_EQ(r.status, 201) << r.body;
  auto second = ParseObject(r.body);
  EXPECT_EQ(Int(second, "records"), 6);
  EXPECT_EQ(Int(second, "imported"), 0);
  EXPECT_EQ(Int(second, "already_known"), 6);

  EXPECT_EQ(InForce("2026-11-27"), kFriday);
}

TEST_F(RatesHttpTest, AdminMayImportToo) {
  HttpReply r = PostRates(ReadData("day-2026-11-27.xml"), "admin");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(Int(ParseObject(r.body), "imported"), 6);
}

TEST_F(RatesHttpTest, UnknownFieldsAndCurrenciesAreSkipped) {
  auto reply = Import("good-extras-2026-11-30.json");
  EXPECT_EQ(Int(reply, "records"), 6);
  EXPECT_EQ(Int(reply, "imported"), 4);
  EXPECT_EQ(Int(reply, "already_known"), 0);
  EXPECT_EQ(Strings(Arr(reply, "skipped_currencies")), (std::vector<std::string>{"XAU", "XDR"}));
  EXPECT_EQ(InForce("2026-11-30"),
            (std::vector<std::string>{"EUR 47.8012 2026-11-30", "JPY 0.28512 2026-11-30",
                                      "PLN 10.9013 2026-11-30", "USD 41.0301 2026-11-30"}));
}

TEST_F(RatesHttpTest, BigFileOfThreeYears) {
  HttpReply r = PostRates(ReadData("rates-2024-2026.json"));
  ASSERT_EQ(r.status, 201) << r.body.substr(0, 1000);
  auto reply = ParseObject(r.body);
  EXPECT_EQ(Int(reply, "records"), 4560);
  EXPECT_EQ(Int(reply, "imported"), 4560);
  EXPECT_EQ(Int(reply, "already_known"), 0);
  EXPECT_EQ(Str(reply, "from"), "2024-01-01");
  EXPECT_EQ(Str(reply, "to"), "2026-11-27");

  std::vector<std::string> jan1 = InForce("2024-01-01");
  ASSERT_EQ(jan1.size(), 6u);
  EXPECT_EQ(jan1[1], "EUR 41.9293 2024-01-01");
  EXPECT_EQ(jan1[4], "PLN 9.653 2024-01-01");
  EXPECT_EQ(jan1[5], "USD 38.1138 2024-01-01");
  EXPECT_EQ(InForce("2026-11-29"), kFriday);
  EXPECT_EQ(InForce("2026-11-26")[5], "USD 41.0227 2026-11-26");

  // The day file is part of the big one.
  r = PostRates(ReadData("day-2026-11-27.json"));
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(Int(ParseObject(r.body), "imported"), 0);
  EXPECT_EQ(Int(ParseObject(r.body), "already_known"), 6);
  // And importing the big file again changes nothing.
  r = PostRates(ReadData("rates-2024-2026.json"));
  ASSERT_EQ(r.status, 201) << r.body.substr(0, 1000);
  EXPECT_EQ(Int(ParseObject(r.body), "imported"), 0);
  EXPECT_EQ(Int(ParseObject(r.body), "already_known"), 4560);
}

// ---- rates in force ----

TEST_F(RatesHttpTest, SundayCarriesFridaysRate) {
  Import("day-2026-11-27.json");
  HttpReply r = GetRates("2026-11-29");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(MediaType(r.content_type), "application/json");
  auto body = ParseObject(r.body);
  EXPECT_EQ(Str(body, "date"), "2026-11-29");
  auto rates = Arr(body, "rates");
  ASSERT_EQ(rates->size(), 6u) << r.body;
  auto usd = At(rates, 5);
  EXPECT_EQ(Str(usd, "currency"), "USD");
  EXPECT_EQ(Str(usd, "rate"), "41.0256");  // a string: exact decimal, never a JSON number
  EXPECT_EQ(Str(usd, "date"), "2026-11-27");
  EXPECT_EQ(Int(usd, "r030"), 840);
  EXPECT_EQ(Str(At(rates, 1), "rate"), "47.776");
  EXPECT_EQ(InForce("2026-11-28"), kFriday);
  EXPECT_EQ(InForce("2026-11-29"), kFriday);
  EXPECT_EQ(InForce("2027-01-15"), kFriday);
}

TEST_F(RatesHttpTest, EveryReaderRoleMayRead) {
  Import("day-2026-11-27.json");
  for (const char* role : {"admin", "warehouse", "treasurer", "auditor"}) {
    HttpReply r = GetRates("2026-11-29", role);
    EXPECT_EQ(r.status, 200) << role << ": " << r.body;
  }
}

// The web UI's currency lists come from the server's table.
TEST_F(RatesHttpTest, EveryRoleReadsTheCurrencyTable) {
  for (const char* role : {"admin", "warehouse", "treasurer", "auditor", "donor"}) {
    HttpReply r = Get("/currencies", role);
    ASSERT_EQ(r.status, 200) << role << ": " << r.body;
    auto items = ParseObject(r.body)->getArray("items");
    ASSERT_EQ(items->size(), 12u) << r.body;
    auto first = items->getObject(0);
    EXPECT_EQ(first->getValue<std::string>("code"), "UAH");
    EXPECT_EQ(first->getValue<int>("digits"), 2);
    EXPECT_EQ(first->getValue<int>("numeric"), 980);
    EXPECT_EQ(first->getObject("name")->getValue<std::string>("uk"), "Українська гривня");
    bool yen = false;
    for (size_t i = 0; i < items->size(); ++i) {
      auto c = items->getObject(static_cast<unsigned>(i));
      if (c->getValue<std::string>("code") == "JPY") yen = c->getValue<int>("digits") == 0;
    }
    EXPECT_TRUE(yen) << "JPY has no minor unit: " << r.body;
    EXPECT_TRUE(ParseObject(r.body)->isNull("next"));
  }
  EXPECT_TRUE(IsProblem(client_->Get("/api/v1/currencies"), 401));
}

TEST_F(RatesHttpTest, BeforeAnyRateIs404) {
  HttpReply none = GetRates("2026-11-27");
  EXPECT_TRUE(IsProblem(none, 404)) << "with no rates at all";
  Import("day-2026-11-27.json");
  HttpReply before = GetRates("2026-11-26");
  EXPECT_TRUE(IsProblem(before, 404)) << "the day before the first rate";
  HttpReply long_before = GetRates("1999-01-01");
  EXPECT_TRUE(IsProblem(long_before, 404));
}

TEST_F(RatesHttpTest, BadDateQueryIs422) {
  for (const char* date : {"27.11.2026", "2026-02-31", "tomorrow", "2026-11-27T00:00:00Z"}) {
    HttpReply r = GetRates(date);
    EXPECT_TRUE(IsProblem(r, 422)) << date;
    EXPECT_EQ(FirstErrorField(r), "date") << date << ": " << r.body;
  }
}

// ---- refused files ----

struct BadFile {
  const char* file;
  const char* record;  // "" when no record is at fault
};

const std::vector<BadFile> kBadFiles = {
    {"bad-negative-rate-2026-12-01.json", "record 2 (EUR, 01.12.2026)"},
    {"bad-date-2026-12-01.xml", "record 3 (PLN, 31.11.2026)"},
    {"bad-two-rates-2026-12-01.json", "record 4 (USD, 01.12.2026)"},
};

TEST_F(RatesHttpTest, BadRecordIs422NamingItAndNothingOfTheFileIsImported) {
  Import("day-2026-11-27.json");
  for (const BadFile& bad : kBadFiles) {
    HttpReply r = PostRates(ReadData(bad.file));
    ASSERT_TRUE(IsProblem(r, 422)) << bad.file;
    auto problem = ParseObject(r.body);
    EXPECT_NE(Str(problem, "detail").find(bad.record), std::string::npos)
        << bad.file << ": detail does not name " << bad.record << ": " << r.body;
    EXPECT_EQ(FirstErrorField(r), bad.record) << bad.file << ": " << r.body;
    // The good records of 01.12.2026 were not imported: Friday's rates are still in force.
    EXPECT_EQ(InForce("2026-12-01"), kFriday) << "after " << bad.file;
  }
}

TEST_F(RatesHttpTest, BadRecordOnAnEmptyDatabaseLeavesItEmpty) {
  HttpReply r = PostRates(ReadData("bad-negative-rate-2026-12-01.json"));
  ASSERT_TRUE(IsProblem(r, 422));
  EXPECT_TRUE(IsProblem(GetRates("2026-12-01"), 404));
}

TEST_F(RatesHttpTest, EmptyFilesAre422) {
  for (const std::string& body :
       {std::string("[]"), std::string(""), std::string("  \n"), ReadData("bad-empty.json"),
        std::string("<?xml version=\"1.0\"?><exchange></exchange>")}) {
    HttpReply r = PostRates(body);
    EXPECT_TRUE(IsProblem(r, 422)) << "body \"" << body << "\"";
  }
}

TEST_F(RatesHttpTest, MalformedBodyIs400) {
  for (const std::string& body :
       {std::string("USD 41.0256"), std::string("[{\"cc\": \"USD\", \"rate\": 41.0256"),
        std::string("{\"cc\": \"USD\"}"), std::string("<exchange><currency>"),
        ReadData("bad-malformed.xml")}) {
    HttpReply r = PostRates(body);
    EXPECT_TRUE(IsProblem(r, 400)) << "body \"" << body << "\"";
  }
}

TEST_F(RatesHttpTest, AnotherRateForAStoredDayIs409AndNothingOfTheFileIsImported) {
  Import("day-2026-11-27.json");
  // A new day first, then a different rate for a stored (currency, day).
  const std::string body = "[" + J("EUR", 978, "48.1234", "02.12.2026") + ", " +
                           J("USD", 840, "41.0300", "27.11.2026") + "]";
  HttpReply r = PostRates(body);
  ASSERT_TRUE(IsProblem(r, 409)) << r.body;
  EXPECT_NE(Str(ParseObject(r.body), "detail").find("USD"), std::string::npos) << r.body;
  EXPECT_EQ(InForce("2026-12-02"), kFriday) << "the EUR rate of 02.12.2026 must not be kept";
  // The stored rate is unchanged.
  EXPECT_EQ(InForce("2026-11-27"), kFriday);
  // The same value again is fine.
  HttpReply same = PostRates("[" + J("USD", 840, "41.0256", "27.11.2026") + "]");
  ASSERT_EQ(same.status, 201) << same.body;
  EXPECT_EQ(Int(ParseObject(same.body), "already_known"), 1);
  // Equal values written differently are the same rate.
  HttpReply same2 = PostRates("[" + J("USD", 840, "4.102560e1", "27.11.2026") + "]");
  ASSERT_EQ(same2.status, 201) << same2.body;
  EXPECT_EQ(Int(ParseObject(same2.body), "imported"), 0);
}

// ---- roles ----

TEST_F(RatesHttpTest, OnlyAdminAndTreasurerMayImport) {
  for (const char* role : {"warehouse", "auditor", "donor"}) {
    HttpReply r = PostRates(ReadData("day-2026-11-27.json"), role);
    EXPECT_TRUE(IsProblem(r, 403)) << role;
  }
  // Nothing was imported by the refused requests.
  EXPECT_TRUE(IsProblem(GetRates("2026-11-27"), 404));
  HttpReply anonymous = client_->Post("/api/v1/rates", ReadData("day-2026-11-27.json"));
  EXPECT_TRUE(IsProblem(anonymous, 401));
}

TEST_F(RatesHttpTest, DonorMayNotReadRates) {
  Import("day-2026-11-27.json");
  EXPECT_TRUE(IsProblem(GetRates("2026-11-27", "donor"), 403));
  EXPECT_TRUE(IsProblem(client_->Get("/api/v1/rates?date=2026-11-27"), 401));
}

// ---- the command line ----

TEST_F(RatesHttpTest, CliImportIsReadByTheServer) {
  ASSERT_EQ(server_->Stop(), 0) << server_->output();
  std::string out = server_->Run({"rates", "import", DataPath("day-2026-11-27.xml")});
  EXPECT_TRUE(EndsWith(out, "\nexit 0")) << out;
  EXPECT_NE(out.find("6 records, 6 rates imported, 0 already known"), std::string::npos) << out;

  // A conflicting file: a new day first, then another rate of a stored day.
  const std::string conflict = server_->dir() + "/conflict.json";
  WriteFile(conflict, "[" + J("EUR", 978, "48.1234", "02.12.2026") + ", " +
                          J("USD", 840, "41.0300", "27.11.2026") + "]");
  out = server_->Run({"rates", "import", conflict});
  EXPECT_TRUE(EndsWith(out, "\nexit 1")) << out;
  EXPECT_NE(out.find("USD"), std::string::npos) << out;
  EXPECT_NE(out.find("nothing imported"), std::string::npos) << out;

  ASSERT_NO_THROW(server_->Start()) << server_->output();
  Reconnect();
  EXPECT_EQ(InForce("2026-11-29"), kFriday);
  EXPECT_EQ(InForce("2026-12-02"), kFriday) << "the EUR rate of 02.12.2026 must not be kept";
}

class RatesCliTest : public ::testing::Test {
 protected:
  // A temporary directory and database (the server is never started).
  ServerProcess dir_;
};

TEST_F(RatesCliTest, GoodFilesReportTheirCounts) {
  std::string out = dir_.Run({"rates", "import", DataPath("day-2026-11-27.json")});
  EXPECT_TRUE(EndsWith(out, "\nexit 0")) << out;
  EXPECT_NE(out.find("6 records, 6 rates imported, 0 already known"), std::string::npos) << out;

  out = dir_.Run({"rates", "import", DataPath("day-2026-11-27.xml")});
  EXPECT_TRUE(EndsWith(out, "\nexit 0")) << out;
  EXPECT_NE(out.find("6 records, 0 rates imported, 6 already known"), std::string::npos) << out;

  out = dir_.Run({"rates", "import", DataPath("good-extras-2026-11-30.json")});
  EXPECT_TRUE(EndsWith(out, "\nexit 0")) << out;
  EXPECT_NE(
      out.find("6 records, 4 rates imported, 0 already known, 2 of currencies Zapas does not keep"),
      std::string::npos)
      << out;
}

TEST_F(RatesCliTest, BigFile) {
  std::string out = dir_.Run({"rates", "import", DataPath("rates-2024-2026.json")}, 60);
  EXPECT_TRUE(EndsWith(out, "\nexit 0")) << out;
  EXPECT_NE(out.find("4560 records, 4560 rates imported, 0 already known"), std::string::npos)
      << out;
}

TEST_F(RatesCliTest, BadFilesNameTheRecordAndExit1) {
  for (const BadFile& bad : kBadFiles) {
    std::string out = dir_.Run({"rates", "import", DataPath(bad.file)});
    EXPECT_TRUE(EndsWith(out, "\nexit 1")) << bad.file << ":\n" << out;
    EXPECT_NE(out.find(bad.record), std::string::npos) << bad.file << ":\n" << out;
    EXPECT_NE(out.find("nothing imported"), std::string::npos) << bad.file << ":\n" << out;
  }
  for (const char* file : {"bad-empty.json", "bad-malformed.xml"}) {
    std::string out = dir_.Run({"rates", "import", DataPath(file)});
    EXPECT_TRUE(EndsWith(out, "\nexit 1")) << file << ":\n" << out;
  }
  // After all the refusals, a good file's rates are all new.
  std::string out = dir_.Run({"rates", "import", DataPath("day-2026-11-27.json")});
  EXPECT_TRUE(EndsWith(out, "\nexit 0")) << out;
  EXPECT_NE(out.find("6 records, 6 rates imported, 0 already known"), std::string::npos) << out;
}

TEST_F(RatesCliTest, MissingFileAndBadUsage) {
  std::string out = dir_.Run({"rates", "import", dir_.dir() + "/no-such-file.json"});
  EXPECT_TRUE(EndsWith(out, "\nexit 1")) << out;
  out = dir_.Run({"rates", "import"});
  EXPECT_TRUE(EndsWith(out, "\nexit 2")) << out;
}

}  // namespace
}  // namespace zapas::testing
