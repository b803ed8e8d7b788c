// End-to-end tests of the treasurer's reconciliation report:
// GET /api/v1/reports/reconciliation?from=&to=&currency= and
// `zapas report reconciliation`, against a real `zapas serve` on a temporary
// database (see fixture.h).
//
// The books of the tests, with NBU rates of round numbers so that every figure
// can be worked out by hand:
//   rates   05.01.2026 EUR 40, USD 36; 02.02.2026 EUR 42, USD 37;
//           20.02.2026 EUR 45, USD 38
//   accounts BK-EUR (EUR bank), BK-UAH (UAH bank), BK-USD (USD bank),
//            CASH-UAH (UAH cash); donors DE-HILFE (EUR), US-AID (USD),
//            PL-POMOC (PLN, never gives money)
//   2026-01-10 DE-HILFE gives 1000.00 EUR to BK-EUR        (40000.00 UAH)
//   2026-01-15 US-AID gives 500.00 USD to BK-USD           (18000.00 UAH)
//   2026-01-20 BK-EUR pays 100.00 EUR for DE-HILFE          (4000.00 UAH)
//   2026-02-03 DE-HILFE gives 2000.00 EUR to BK-EUR        (84000.00 UAH)
//   2026-02-05 500.00 EUR of BK-EUR sold for 20500.00 UAH to BK-UAH
//              (21000.00 UAH at the NBU rate: a loss of 500.00)
//   2026-02-06 5000.00 UAH from BK-UAH to CASH-UAH
//   2026-02-08 DE-HILFE gives 2100.00 UAH to CASH-UAH (50.00 EUR at 42)
//   2026-02-10 370.00 USD of BK-USD sold for 330.00 EUR to BK-EUR
//              (13690.00 UAH for 13860.00 UAH: a gain of 170.00)
//   2026-02-12 CASH-UAH pays 1200.00 UAH for DE-HILFE (28.571... -> 28.57 EUR)
//   2026-02-14 BK-EUR pays a 10.00 EUR bank fee              (420.00 UAH)
//   2026-02-21 BK-USD pays 100.00 USD for US-AID             (3800.00 UAH)
//   2026-02-25 CASH-UAH pays 300.00 UAH, no donor
//   2026-03-02 DE-HILFE gives 50.00 EUR to BK-EUR (after the period)
// and goods of DE-HILFE: MED-IFAK lot L-OLD (10 at 12.50 EUR into KYIV-1 on
// 2025-11-15, 4 moved to LVIV-1 on 2026-01-10, 1 delivered on 2026-02-10, 2
// on 2026-03-05), L-EDGE (2 at 10.00 EUR into LVIV-1 on 2025-11-30, exactly
// 90 days before 2026-02-28), NFI-BLANKET L-NEW (20 at 7.25 EUR on
// 2026-01-20), FOOD-KIT L-GONE (all delivered before the period) and L-LATE
// (received after it).
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "tests/services/fixture.h"

namespace zapas::testing {
namespace {

bool EndsWith(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// One record of an NBU JSON file.
std::string Nbu(const std::string& cc, int r030, const std::string& rate, const std::string& date) {
  return R"({"r030": )" + std::to_string(r030) + R"(, "txt": "назва", "rate": )" + rate +
         R"(, "cc": ")" + cc + R"(", "exchangedate": ")" + date + R"("})";
}

std::string MoneyJson(const std::string& amount, const std::string& currency) {
  return R"({"amount":")" + amount + R"(","currency":")" + currency + R"("})";
}

// The keys of an object, sorted.
std::vector<std::string> Keys(const Poco::JSON::Object::Ptr& o) {
  std::vector<std::string> keys;
  for (const auto& [k, v] : *o) keys.push_back(k);
  std::sort(keys.begin(), keys.end());
  return keys;
}

std::vector<std::string> Sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

int64_t Int(const Poco::JSON::Object::Ptr& o, const std::string& key) {
  if (!o || !o->has(key)) throw std::runtime_error("no \"" + key + "\"");
  Poco::Dynamic::Var v = o->get(key);
  if (!v.isInteger()) throw std::runtime_error("\"" + key + "\" is not an integer");
  return v.convert<int64_t>();
}

std::string BoolText(const Poco::JSON::Object::Ptr& o, const std::string& key) {
  if (!o || !o->has(key)) return "<missing " + key + ">";
  Poco::Dynamic::Var v = o->get(key);
  if (v.type() != typeid(bool)) return "<" + key + " is not a boolean>";
  return v.extract<bool>() ? "true" : "false";
}

// A Money field, also checking that the amount has exactly two decimals.
std::string Amount(const Poco::JSON::Object::Ptr& o, const std::string& key) {
  std::string text = MoneyText(o, key);
  const std::string amount = text.substr(0, text.find(' '));
  const size_t dot = amount.find('.');
  if (dot == std::string::npos || amount.size() - dot != 3) return "<not 2 decimals: " + text + ">";
  return text;
}

const std::vector<std::string> kAccountKeys = Sorted(
    {"code", "name", "kind", "currency", "opening", "in", "out", "closing", "closing_booked",
     "closing_revalued", "exchange_difference"});
const std::vector<std::string> kDonorKeys =
    Sorted({"code", "name", "currency", "opening_remaining", "received", "spent", "remaining",
            "received_booked", "spent_booked", "remaining_booked"});
const std::vector<std::string> kLotKeys = Sorted(
    {"warehouse", "sku", "lot", "donor", "received", "age_days", "quantity", "value", "overdue"});

std::vector<std::string> AccountLines(const Poco::JSON::Object::Ptr& report) {
  std::vector<std::string> out;
  auto accounts = Arr(report, "accounts");
  for (size_t i = 0; i < accounts->size(); ++i) {
    auto a = At(accounts, i);
    EXPECT_EQ(Keys(a), kAccountKeys) << Str(a, "code");
    out.push_back(Str(a, "code") + " " + Str(a, "kind") + " " + Str(a, "currency") + ": opening " +
                  Amount(a, "opening") + ", in " + Amount(a, "in") + ", out " + Amount(a, "out") +
                  ", closing " + Amount(a, "closing") + "; booked " + Amount(a, "closing_booked") +
                  ", revalued " + Amount(a, "closing_revalued") + ", difference " +
                  Amount(a, "exchange_difference"));
  }
  return out;
}

std::vector<std::string> DonorLines(const Poco::JSON::Object::Ptr& report) {
  std::vector<std::string> out;
  auto donors = Arr(report, "donors");
  for (size_t i = 0; i < donors->size(); ++i) {
    auto d = At(donors, i);
    EXPECT_EQ(Keys(d), kDonorKeys) << Str(d, "code");
    out.push_back(Str(d, "code") + " " + Str(d, "currency") + ": opening " +
                  Amount(d, "opening_remaining") + ", received " + Amount(d, "received") +
                  ", spent " + Amount(d, "spent") + ", remaining " + Amount(d, "remaining") +
                  "; booked " + Amount(d, "received_booked") + " / " + Amount(d, "spent_booked") +
                  " / " + Amount(d, "remaining_booked"));
  }
  return out;
}

std::vector<std::string> LotLines(const Poco::JSON::Object::Ptr& report) {
  std::vector<std::string> out;
  auto lots = Arr(report, "undistributed");
  for (size_t i = 0; i < lots->size(); ++i) {
    auto l = At(lots, i);
    EXPECT_EQ(Keys(l), kLotKeys) << Str(l, "lot");
    out.push_back(Str(l, "warehouse") + " " + Str(l, "sku") + " " + Str(l, "lot") + " " +
                  Str(l, "donor") + " received " + Str(l, "received") + ", " +
                  std::to_string(Int(l, "age_days")) + " days, " + Str(l, "quantity") + ", " +
                  Amount(l, "value") + ", overdue " + BoolText(l, "overdue"));
  }
  return out;
}

std::string Totals(const Poco::JSON::Object::Ptr& report) {
  auto t = Obj(report, "totals");
  EXPECT_EQ(Keys(t), Sorted({"closing_booked", "closing_revalued", "exchange_difference"}));
  return "booked " + Amount(t, "closing_booked") + ", revalued " + Amount(t, "closing_revalued") +
         ", difference " + Amount(t, "exchange_difference");
}

const std::vector<std::string> kUndistributedOnFeb28 = {
    "KYIV-1 MED-IFAK L-OLD DE-HILFE received 2025-11-15, 105 days, 5, 62.50 EUR, overdue true",
    "LVIV-1 MED-IFAK L-OLD DE-HILFE received 2025-11-15, 105 days, 4, 50.00 EUR, overdue true",
    "LVIV-1 MED-IFAK L-EDGE DE-HILFE received 2025-11-30, 90 days, 2, 20.00 EUR, overdue false",
    "KYIV-1 NFI-BLANKET L-NEW DE-HILFE received 2026-01-20, 39 days, 20, 145.00 EUR, overdue false",
};

class ReportHttpTest : public ZapasServerTest {
 protected:
  void SetUp() override {
    ZapasServerTest::SetUp();
    if (HasFatalFailure()) return;
    ASSERT_NO_THROW(SeedBooks());
  }

  void SeedBooks() {
    const std::string rates =
        "[" + Nbu("EUR", 978, "40.0000", "05.01.2026") + "," + Nbu("USD", 840, "36.0000", "05.01.2026") +
        "," + Nbu("EUR", 978, "42.0000", "02.02.2026") + "," + Nbu("USD", 840, "37.0000", "02.02.2026") +
        "," + Nbu("EUR", 978, "45.0000", "20.02.2026") + "," + Nbu("USD", 840, "38.0000", "20.02.2026") +
        "]";
    Must("/rates", rates, "treasurer");
    Must("/donors", R"({"code":"US-AID","name":"US Aid Fund","country":"US","currency":"USD"})");
    Must("/donors", R"({"code":"PL-POMOC","name":"Pomoc","country":"PL","currency":"PLN"})");
    Must("/accounts", R"({"code":"BK-EUR","name":"Bank EUR","currency":"EUR","kind":"bank"})",
         "treasurer");
    Must("/accounts", R"({"code":"BK-UAH","name":"Bank UAH","currency":"UAH","kind":"bank"})",
         "treasurer");
    Must("/accounts", R"({"code":"BK-USD","name":"Bank USD","currency":"USD","kind":"bank"})",
         "treasurer");
    Must("/accounts", R"({"code":"CASH-UAH","name":"Каса","currency":"UAH","kind":"cash"})",
         "treasurer");

    Donation("2026-01-10", "DE-HILFE", "1000.00", "EUR", "BK-EUR");
    Donation("2026-01-15", "US-AID", "500.00", "USD", "BK-USD");
    Payment("2026-01-20", "BK-EUR", "100.00", "EUR", "DE-HILFE");
    Donation("2026-02-03", "DE-HILFE", "2000.00", "EUR", "BK-EUR");
    Exchange("2026-02-05", "BK-EUR", "500.00", "EUR", "BK-UAH", "20500.00", "UAH");
    Must("/cash/transfers",
         R"({"date":"2026-02-06","account_from":"BK-UAH","account_to":"CASH-UAH","amount":)" +
             MoneyJson("5000.00", "UAH") + "}",
         "treasurer");
    Donation("2026-02-08", "DE-HILFE", "2100.00", "UAH", "CASH-UAH");
    Exchange("2026-02-10", "BK-USD", "370.00", "USD", "BK-EUR", "330.00", "EUR");
    Payment("2026-02-12", "CASH-UAH", "1200.00", "UAH", "DE-HILFE");
    Must("/cash/fees",
         R"({"date":"2026-02-14","account":"BK-EUR","amount":)" + MoneyJson("10.00", "EUR") + "}",
         "treasurer");
    Payment("2026-02-21", "BK-USD", "100.00", "USD", "US-AID");
    Payment("2026-02-25", "CASH-UAH", "300.00", "UAH", "");
    Donation("2026-03-02", "DE-HILFE", "50.00", "EUR", "BK-EUR");

    Receive("KYIV-1", "MED-IFAK", "10", "L-OLD", "2027-12-31", "12.50", "2025-11-15");
    Receive("LVIV-1", "MED-IFAK", "2", "L-EDGE", "2027-06-30", "10.00", "2025-11-30");
    Receive("KYIV-1", "FOOD-KIT", "3", "L-GONE", "2027-01-01", "1.00", "2025-10-01");
    Must("/deliveries", DeliveryBody("KYIV-1", "FOOD-KIT", "3", "2026-01-05"), "warehouse");
    Must("/transfers",
         R"({"from":"KYIV-1","to":"LVIV-1","date":"2026-01-10","lines":[{"sku":"MED-IFAK","quantity":"4","lot":"L-OLD"}]})",
         "warehouse");
    Receive("KYIV-1", "NFI-BLANKET", "20", "L-NEW", "", "7.25", "2026-01-20");
    Must("/deliveries", DeliveryBody("KYIV-1", "MED-IFAK", "1", "2026-02-10"), "warehouse");
    Must("/deliveries", DeliveryBody("KYIV-1", "MED-IFAK", "2", "2026-03-05"), "warehouse");
    Receive("KYIV-1", "FOOD-KIT", "5", "L-LATE", "2027-01-01", "1.00", "2026-03-01");
  }

  void Donation(const std::string& date, const std::string& donor, const std::string& amount,
                const std::string& currency, const std::string& account) {
    Must("/cash/donations", R"({"date":")" + date + R"(","donor":")" + donor +
                                R"(","account":")" + account + R"(","amount":)" +
                                MoneyJson(amount, currency) + "}",
         "treasurer");
  }

  void Payment(const std::string& date, const std::string& account, const std::string& amount,
               const std::string& currency, const std::string& donor) {
    std::string body = R"({"date":")" + date + R"(","account":")" + account +
                       R"(","purpose":"закупівля","amount":)" + MoneyJson(amount, currency);
    if (!donor.empty()) body += R"(,"donor":")" + donor + "\"";
    Must("/cash/payments", body + "}", "treasurer");
  }

  void Exchange(const std::string& date, const std::string& from, const std::string& sold,
                const std::string& sold_currency, const std::string& to,
                const std::string& bought, const std::string& bought_currency) {
    Must("/cash/exchanges", R"({"date":")" + date + R"(","account_from":")" + from +
                                R"(","account_to":")" + to + R"(","sold":)" +
                                MoneyJson(sold, sold_currency) + R"(,"bought":)" +
                                MoneyJson(bought, bought_currency) + "}",
         "treasurer");
  }

  HttpReply Report(const std::string& query, const std::string& role = "treasurer") {
    return Get("/reports/reconciliation" + query, role);
  }

  // The report, insisting on 200 and application/json.
  Poco::JSON::Object::Ptr MustReport(const std::string& query, const std::string& role = "treasurer") {
    HttpReply r = Report(query, role);
    if (r.status != 200) {
      throw std::runtime_error("GET /reports/reconciliation" + query + " -> " +
                               std::to_string(r.status) + " " + r.body);
    }
    if (MediaType(r.content_type) != "application/json") {
      throw std::runtime_error("Content-Type " + r.content_type);
    }
    return ParseObject(r.body);
  }
};

TEST_F(ReportHttpTest, EveryFigureInUah) {
  auto report = MustReport("?from=2026-02-01&to=2026-02-28&currency=UAH");
  EXPECT_EQ(Keys(report), Sorted({"from", "to", "currency", "accounts", "totals", "donors",
                                  "undistributed"}));
  EXPECT_EQ(Str(report, "from"), "2026-02-01");
  EXPECT_EQ(Str(report, "to"), "2026-02-28");
  EXPECT_EQ(Str(report, "currency"), "UAH");
  EXPECT_EQ(AccountLines(report),
            (std::vector<std::string>{
                "BK-EUR bank EUR: opening 900.00 EUR, in 2330.00 EUR, out 510.00 EUR, closing "
                "2720.00 EUR; booked 112440.00 UAH, revalued 122400.00 UAH, difference 9960.00 UAH",
                "BK-UAH bank UAH: opening 0.00 UAH, in 20500.00 UAH, out 5000.00 UAH, closing "
                "15500.00 UAH; booked 15500.00 UAH, revalued 15500.00 UAH, difference 0.00 UAH",
                "BK-USD bank USD: opening 500.00 USD, in 0.00 USD, out 470.00 USD, closing 30.00 "
                "USD; booked 510.00 UAH, revalued 1140.00 UAH, difference 630.00 UAH",
                "CASH-UAH cash UAH: opening 0.00 UAH, in 7100.00 UAH, out 1500.00 UAH, closing "
                "5600.00 UAH; booked 5600.00 UAH, revalued 5600.00 UAH, difference 0.00 UAH",
            }));
  // Booked: 144100 donated - 9300 paid - 420 fees - 500 loss + 170 gain.
  EXPECT_EQ(Totals(report),
            "booked 134050.00 UAH, revalued 144640.00 UAH, difference 10590.00 UAH");
  EXPECT_EQ(Str(At(Arr(report, "accounts"), 3), "name"), "Каса");
  EXPECT_EQ(DonorLines(report),
            (std::vector<std::string>{
                "DE-HILFE EUR: opening 900.00 EUR, received 2050.00 EUR, spent 28.57 EUR, "
                "remaining 2921.43 EUR; booked 86100.00 UAH / 1200.00 UAH / 120900.00 UAH",
                "US-AID USD: opening 500.00 USD, received 0.00 USD, spent 100.00 USD, remaining "
                "400.00 USD; booked 0.00 UAH / 3800.00 UAH / 14200.00 UAH",
            }));
  EXPECT_EQ(Str(At(Arr(report, "donors"), 1), "name"), "US Aid Fund");
  EXPECT_EQ(LotLines(report), kUndistributedOnFeb28);
}

TEST_F(ReportHttpTest, EveryFigureInEur) {
  auto report = MustReport("?from=2026-02-01&to=2026-02-28&currency=EUR", "auditor");
  EXPECT_EQ(Str(report, "currency"), "EUR");
  // Booked per posting at EUR's rate of its date, rounded each:
  //   BK-UAH   20500/42 = 488.10, -5000/42 = -119.05;
  //   BK-USD   18000/40 = 450.00, -13690/42 = -325.95, -3800/45 = -84.44;
  //   CASH-UAH 5000/42 = 119.05, 2100/42 = 50.00, -1200/42 = -28.57, -300/45 = -6.67.
  // Revalued at 45 EUR and 38 USD: 15500/45, 30*38/45, 5600/45.
  EXPECT_EQ(AccountLines(report),
            (std::vector<std::string>{
                "BK-EUR bank EUR: opening 900.00 EUR, in 2330.00 EUR, out 510.00 EUR, closing "
                "2720.00 EUR; booked 2720.00 EUR, revalued 2720.00 EUR, difference 0.00 EUR",
                "BK-UAH bank UAH: opening 0.00 UAH, in 20500.00 UAH, out 5000.00 UAH, closing "
                "15500.00 UAH; booked 369.05 EUR, revalued 344.44 EUR, difference -24.61 EUR",
                "BK-USD bank USD: opening 500.00 USD, in 0.00 USD, out 470.00 USD, closing 30.00 "
                "USD; booked 39.61 EUR, revalued 25.33 EUR, difference -14.28 EUR",
                "CASH-UAH cash UAH: opening 0.00 UAH, in 7100.00 UAH, out 1500.00 UAH, closing "
                "5600.00 UAH; booked 133.81 EUR, revalued 124.44 EUR, difference -9.37 EUR",
            }));
  EXPECT_EQ(Totals(report), "booked 3262.47 EUR, revalued 3214.21 EUR, difference -48.26 EUR");
  EXPECT_EQ(DonorLines(report),
            (std::vector<std::string>{
                "DE-HILFE EUR: opening 900.00 EUR, received 2050.00 EUR, spent 28.57 EUR, "
                "remaining 2921.43 EUR; booked 2050.00 EUR / 28.57 EUR / 2921.43 EUR",
                "US-AID USD: opening 500.00 USD, received 0.00 USD, spent 100.00 USD, remaining "
                "400.00 USD; booked 0.00 EUR / 84.44 EUR / 365.56 EUR",
            }));
  EXPECT_EQ(LotLines(report), kUndistributedOnFeb28);
}

TEST_F(ReportHttpTest, TheNextPeriodOpensWhereThisOneClosed) {
  // Currency defaults to UAH; the March donation is the only movement.
  auto report = MustReport("?from=2026-03-01&to=2026-03-31", "admin");
  EXPECT_EQ(Str(report, "currency"), "UAH");
  EXPECT_EQ(AccountLines(report)[0],
            "BK-EUR bank EUR: opening 2720.00 EUR, in 50.00 EUR, out 0.00 EUR, closing 2770.00 "
            "EUR; booked 114690.00 UAH, revalued 124650.00 UAH, difference 9960.00 UAH");
  EXPECT_EQ(DonorLines(report)[0],
            "DE-HILFE EUR: opening 2921.43 EUR, received 50.00 EUR, spent 0.00 EUR, remaining "
            "2971.43 EUR; booked 2250.00 UAH / 0.00 UAH / 123150.00 UAH");
  // On 2026-03-31 the two MED-IFAK delivered on 2026-03-05 have left KYIV-1,
  // and L-LATE has arrived.
  EXPECT_EQ(LotLines(report),
            (std::vector<std::string>{
                "KYIV-1 MED-IFAK L-OLD DE-HILFE received 2025-11-15, 136 days, 3, 37.50 EUR, "
                "overdue true",
                "LVIV-1 MED-IFAK L-OLD DE-HILFE received 2025-11-15, 136 days, 4, 50.00 EUR, "
                "overdue true",
                "LVIV-1 MED-IFAK L-EDGE DE-HILFE received 2025-11-30, 121 days, 2, 20.00 EUR, "
                "overdue true",
                "KYIV-1 NFI-BLANKET L-NEW DE-HILFE received 2026-01-20, 70 days, 20, 145.00 EUR, "
                "overdue false",
                "KYIV-1 FOOD-KIT L-LATE DE-HILFE received 2026-03-01, 30 days, 5, 5.00 EUR, "
                "overdue false",
            }));
}

TEST_F(ReportHttpTest, BadQueriesAre422NamingTheField) {
  struct Case {
    std::string query;
    std::string field;
  };
  const std::vector<Case> cases = {
      {"?to=2026-02-28", "from"},
      {"?from=2026-02-01", "to"},
      {"?from=2026-02-30&to=2026-03-31", "from"},
      {"?from=01.02.2026&to=2026-03-31", "from"},
      {"?from=2026-02-01&to=tomorrow", "to"},
      {"?from=2026-03-01&to=2026-02-28", "to"},
      {"?from=2026-02-01&to=2026-02-28&currency=XYZ", "currency"},
      {"?from=2026-02-01&to=2026-02-28&currency=eur", "currency"},
      // A currency Zapas knows, but without any NBU rate imported.
      {"?from=2026-02-01&to=2026-02-28&currency=CHF", "currency"},
      // Before the first EUR rate.
      {"?from=2025-12-01&to=2025-12-31&currency=EUR", "to"},
  };
  for (const Case& c : cases) {
    HttpReply r = Report(c.query);
    EXPECT_TRUE(IsProblem(r, 422)) << c.query;
    EXPECT_EQ(FirstErrorField(r), c.field) << c.query << " -> " << r.body;
  }
  HttpReply early = Report("?from=2025-12-01&to=2025-12-31&currency=EUR");
  EXPECT_NE(early.body.find("no NBU rate of EUR on or before 2025-12-31"), std::string::npos)
      << early.body;
  HttpReply chf = Report("?from=2026-02-01&to=2026-02-28&currency=CHF");
  EXPECT_NE(chf.body.find("no NBU rate of CHF on or before 2026-02-28"), std::string::npos)
      << chf.body;
}

TEST_F(ReportHttpTest, UahBeforeTheFirstRateNeedsNoRate) {
  // Nothing foreign was held yet: no rate is needed, every balance is zero,
  // and the goods received in 2025 are listed.
  auto report = MustReport("?from=2025-12-01&to=2025-12-31");
  for (const std::string& line : AccountLines(report)) {
    EXPECT_NE(line.find("closing 0.00"), std::string::npos) << line;
  }
  EXPECT_TRUE(DonorLines(report).empty());
  EXPECT_EQ(LotLines(report),
            (std::vector<std::string>{
                "KYIV-1 FOOD-KIT L-GONE DE-HILFE received 2025-10-01, 91 days, 3, 3.00 EUR, "
                "overdue true",
                "KYIV-1 MED-IFAK L-OLD DE-HILFE received 2025-11-15, 46 days, 10, 125.00 EUR, "
                "overdue false",
                "LVIV-1 MED-IFAK L-EDGE DE-HILFE received 2025-11-30, 31 days, 2, 20.00 EUR, "
                "overdue false",
            }));
}

TEST_F(ReportHttpTest, WarehouseAndDonorMayNot) {
  const std::string q = "?from=2026-02-01&to=2026-02-28";
  EXPECT_TRUE(IsProblem(Report(q, "warehouse"), 403));
  EXPECT_TRUE(IsProblem(Report(q, "donor"), 403));
  EXPECT_TRUE(IsProblem(client_->Get("/api/v1/reports/reconciliation" + q), 401));
  for (const char* role : {"admin", "treasurer", "auditor"}) {
    EXPECT_EQ(Report(q, role).status, 200) << role;
  }
}

TEST_F(ReportHttpTest, CommandLinePrintsTheSameJson) {
  const std::string q = "?from=2026-02-01&to=2026-02-28&currency=EUR";
  HttpReply http = Report(q);
  ASSERT_EQ(http.status, 200) << http.body;
  const std::string db = server_->db_path();
  const std::vector<std::string> args = {"report", "reconciliation", "--from", "2026-02-01",
                                         "--to", "2026-02-28", "--currency", "EUR", "--db", db};

  // While the server runs: the command only reads.
  std::string out = RunZapas(args);
  EXPECT_EQ(out, http.body + "\n\nexit 0");

  // To a file.
  const std::string file = server_->dir() + "/reconciliation.json";
  std::vector<std::string> to_file = args;
  to_file.insert(to_file.end(), {"-o", file});
  out = RunZapas(to_file);
  EXPECT_EQ(out, "\nexit 0");
  EXPECT_EQ(ReadFile(file), http.body + "\n");

  // With the server stopped, and UAH by default.
  HttpReply uah = Report("?from=2026-02-01&to=2026-02-28");
  ASSERT_EQ(uah.status, 200) << uah.body;
  int status = server_->Stop();
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << server_->output();
  out = RunZapas({"report", "reconciliation", "--from", "2026-02-01", "--to", "2026-02-28", "--db",
                  db});
  EXPECT_EQ(out, uah.body + "\n\nexit 0");

  // Errors name the option and exit 1.
  out = RunZapas({"report", "reconciliation", "--from", "2026-03-01", "--to", "2026-02-28",
                  "--db", db});
  EXPECT_TRUE(EndsWith(out, "\nexit 1")) << out;
  EXPECT_NE(out.find("--to"), std::string::npos) << out;
  out = RunZapas({"report", "reconciliation", "--from", "2025-12-01", "--to", "2025-12-31",
                  "--currency", "EUR", "--db", db});
  EXPECT_TRUE(EndsWith(out, "\nexit 1")) << out;
  EXPECT_NE(out.find("no NBU rate of EUR on or before 2025-12-31"), std::string::npos) << out;
  out = RunZapas({"report", "reconciliation", "--to", "2026-02-28", "--db", db});
  EXPECT_TRUE(EndsWith(out, "\nexit 1")) << out;
  EXPECT_NE(out.find("--from"), std::string::npos) << out;
  out = RunZapas({"report", "reconciliation", "--from", "2026-02-01", "--to", "2026-02-28",
                  "--db", server_->dir() + "/missing.db"});
  EXPECT_TRUE(EndsWith(out, "\nexit 1")) << out;

  // Help, and the usage text lists the command.
  out = RunZapas({"report", "reconciliation", "--help"});
  EXPECT_TRUE(EndsWith(out, "\nexit 0")) << out;
  EXPECT_NE(out.find("--from"), std::string::npos) << out;
  out = RunZapas({"report", "balances", "--db", db});
  EXPECT_TRUE(EndsWith(out, "\nexit 2")) << out;
  out = RunZapas({"--help"});
  EXPECT_NE(out.find("report reconciliation"), std::string::npos) << out;
}

}  // namespace
}  // namespace zapas::testing
