// End-to-end tests of the treasurer's reconciliation report:
// GET /api/v1/reports/reconciliation?from=&to=&currency= and
// `zapas report reconciliation`, against a real `zapas serve` on a temporary
// database (see fixture.h).
//
// The books of the tests, with NBU rates of round numbers so that every figure
// can be worked out by hand (the 2025 EUR rates value the goods received in
// 2025; there is no USD rate before 2026):
//   rates   01.10.2025 EUR 38.4567; 20.11.2025 EUR 39;
//           05.01.2026 EUR 40, USD 36; 02.02.2026 EUR 42, USD 37;
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
// and goods of DE-HILFE, all valued in EUR, each lot in UAH at the EUR rate in
// force on its receipt (per lot cumulative: n units out are worth
// value(n out so far) - value(n out before), rounded to kopiyky each):
//   FOOD-KIT L-GONE: 3 at 1.00 EUR into KYIV-1 on 2025-10-01 (at 38.4567:
//     3.00 EUR = 115.3701 -> 115.37 UAH), all 3 delivered to MU-A1234 on
//     2026-01-05 (before the period);
//   MED-IFAK L-OLD: 10 at 12.50 EUR into KYIV-1 on 2025-11-15 (at 38.4567:
//     125.00 EUR = 4807.0875 -> 4807.09 UAH), 4 moved to LVIV-1 on 2026-01-10
//     (no value moves), 1 delivered to MU-A1234 on 2026-02-10 (12.50 EUR,
//     480.70875 -> 480.71 UAH: the receipt's rate, not February's), 2 on
//     2026-03-05 (25.00 EUR; value(3) = 1442.12625 -> 1442.13, less
//     value(1) 480.71 = 961.42 UAH; the 7 left are worth 4807.09 - 1442.13 =
//     3364.96 UAH, where 7 x 480.71 would be 3364.97);
//   MED-IFAK L-EDGE: 2 at 10.00 EUR into LVIV-1 on 2025-11-30, exactly 90 days
//     before 2026-02-28 (at 39: 20.00 EUR = 780.00 UAH);
//   NFI-BLANKET L-NEW: 20 at 7.25 EUR into KYIV-1 on 2026-01-20 (at 40:
//     145.00 EUR = 5800.00 UAH), 1 written off as damaged on 2026-03-10
//     (7.25 EUR, 290.00 UAH), 4 delivered to IDP-000117 (idp_household) on
//     2026-03-12 (29.00 EUR, 1160.00 UAH);
//   FOOD-KIT L-LATE: 5 at 1.00 EUR into KYIV-1 on 2026-03-01 (at 45: 5.00 EUR
//     = 225.00 UAH), after the February period.
// DE-HILFE's goods, in EUR (goods_in_stock_booked in the report currency):
//   2025-11-01..2025-12-31: received 125.00 + 20.00 = 145.00, nothing out; in
//     stock 3.00 + 125.00 + 20.00 = 148.00 EUR, booked 115.37 + 4807.09 +
//     780.00 = 5702.46 UAH (148.00 EUR in an EUR report).
//   2026-02-01..2026-02-28: received 0.00, distributed 12.50 (military_unit
//     12.50), written off 0.00; in stock 148.00 - 3.00 + 145.00 - 12.50 =
//     277.50 EUR (= the undistributed 62.50 + 50.00 + 20.00 + 145.00), booked
//     5702.46 - 115.37 + 5800.00 - 480.71 = 10906.38 UAH (277.50 EUR in EUR).
//   2026-03-01..2026-03-31: received 5.00, distributed 25.00 + 29.00 = 54.00
//     (idp_household 29.00, military_unit 25.00), written off 7.25; in stock
//     277.50 + 5.00 - 54.00 - 7.25 = 221.25 EUR (= 37.50 + 50.00 + 20.00 +
//     108.75 + 5.00 undistributed), booked 10906.38 + 225.00 - 961.42 -
//     1160.00 - 290.00 = 8719.96 UAH.
// US-AID has no goods: each of its goods figures is 0.00 USD (0.00 booked).
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

// The goods_distributed_by_kind object of a donor: "{kind: Money, ...}".
std::string ByKind(const Poco::JSON::Object::Ptr& donor) {
  auto by_kind = Obj(donor, "goods_distributed_by_kind");
  std::string out;
  for (const std::string& kind : Keys(by_kind)) {
    out += (out.empty() ? "" : ", ") + kind + ": " + Amount(by_kind, kind);
  }
  return "{" + out + "}";
}

const std::vector<std::string> kAccountKeys =
    Sorted({"code", "name", "kind", "currency", "opening", "in", "out", "closing", "closing_booked",
            "closing_revalued", "exchange_difference", "statements"});
const std::vector<std::string> kDonorKeys =
    Sorted({"code", "name", "currency", "opening_remaining", "received", "spent", "remaining",
            "received_booked", "spent_booked", "remaining_booked", "received_uah", "spent_uah",
            "remaining_uah", "goods_received", "goods_distributed", "goods_distributed_by_kind",
            "goods_written_off", "goods_in_stock", "goods_in_stock_booked"});
const std::vector<std::string> kLotKeys = Sorted(
    {"warehouse", "sku", "lot", "donor", "received", "age_days", "quantity", "value", "overdue"});

std::vector<std::string> AccountLines(const Poco::JSON::Object::Ptr& report) {
  std::vector<std::string> out;
  auto accounts = Arr(report, "accounts");
  for (size_t i = 0; i < accounts->size(); ++i) {
    auto a = At(accounts, i);
    EXPECT_EQ(Keys(a), kAccountKeys) << Str(a, "code");
    // No bank statement is recorded in these books.
    EXPECT_EQ(Arr(a, "statements")->size(), 0u) << Str(a, "code");
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
    out.push_back(
        Str(d, "code") + " " + Str(d, "currency") + ": opening " + Amount(d, "opening_remaining") +
        ", received " + Amount(d, "received") + ", spent " + Amount(d, "spent") + ", remaining " +
        Amount(d, "remaining") + "; booked " + Amount(d, "received_booked") + " / " +
        Amount(d, "spent_booked") + " / " + Amount(d, "remaining_booked") + "; goods received " +
        Amount(d, "goods_received") + ", distributed " + Amount(d, "goods_distributed") + " " +
        ByKind(d) + ", written off " + Amount(d, "goods_written_off") + ", in stock " +
        Amount(d, "goods_in_stock") + ", booked " + Amount(d, "goods_in_stock_booked"));
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
        "[" + Nbu("EUR", 978, "38.4567", "01.10.2025") + "," +
        Nbu("EUR", 978, "39.0000", "20.11.2025") + "," + Nbu("EUR", 978, "40.0000", "05.01.2026") +
        "," + Nbu("USD", 840, "36.0000", "05.01.2026") + "," +
        Nbu("EUR", 978, "42.0000", "02.02.2026") + "," + Nbu("USD", 840, "37.0000", "02.02.2026") +
        "," + Nbu("EUR", 978, "45.0000", "20.02.2026") + "," +
        Nbu("USD", 840, "38.0000", "20.02.2026") + "]";
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
    Must(
        "/transfers",
        R"({"from":"KYIV-1","to":"LVIV-1","date":"2026-01-10","lines":[{"sku":"MED-IFAK","quantity":"4","lot":"L-OLD"}]})",
        "warehouse");
    Receive("KYIV-1", "NFI-BLANKET", "20", "L-NEW", "", "7.25", "2026-01-20");
    Must("/deliveries", DeliveryBody("KYIV-1", "MED-IFAK", "1", "2026-02-10"), "warehouse");
    Must("/deliveries", DeliveryBody("KYIV-1", "MED-IFAK", "2", "2026-03-05"), "warehouse");
    Receive("KYIV-1", "FOOD-KIT", "5", "L-LATE", "2027-01-01", "1.00", "2026-03-01");
    Must(
        "/adjustments",
        R"({"warehouse":"KYIV-1","date":"2026-03-10","reason":"damaged","lines":[{"sku":"NFI-BLANKET","lot":"L-NEW","quantity":"-1"}]})",
        "warehouse");
    Must("/deliveries", DeliveryBody("KYIV-1", "NFI-BLANKET", "4", "2026-03-12", "IDP-000117"),
         "warehouse");
  }

  void Donation(const std::string& date, const std::string& donor, const std::string& amount,
                const std::string& currency, const std::string& account) {
    Must("/cash/donations",
         R"({"date":")" + date + R"(","donor":")" + donor + R"(","account":")" + account +
             R"(","amount":)" + MoneyJson(amount, currency) + "}",
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
                const std::string& sold_currency, const std::string& to, const std::string& bought,
                const std::string& bought_currency) {
    Must("/cash/exchanges",
         R"({"date":")" + date + R"(","account_from":")" + from + R"(","account_to":")" + to +
             R"(","sold":)" + MoneyJson(sold, sold_currency) + R"(,"bought":)" +
             MoneyJson(bought, bought_currency) + "}",
         "treasurer");
  }

  HttpReply Report(const std::string& query, const std::string& role = "treasurer") {
    return Get("/reports/reconciliation" + query, role);
  }

  // The report, insisting on 200 and application/json.
  Poco::JSON::Object::Ptr MustReport(const std::string& query,
                                     const std::string& role = "treasurer") {
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
                                  "excluded", "undistributed"}));
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
                "remaining 2921.43 EUR; booked 86100.00 UAH / 1200.00 UAH / 120900.00 UAH; "
                "goods received 0.00 EUR, distributed 12.50 EUR {military_unit: 12.50 EUR}, "
                "written off 0.00 EUR, in stock 277.50 EUR, booked 10906.38 UAH",
                "US-AID USD: opening 500.00 USD, received 0.00 USD, spent 100.00 USD, remaining "
                "400.00 USD; booked 0.00 UAH / 3800.00 UAH / 14200.00 UAH; goods received 0.00 "
                "USD, distributed 0.00 USD {}, written off 0.00 USD, in stock 0.00 USD, booked "
                "0.00 UAH",
            }));
  EXPECT_EQ(Str(At(Arr(report, "donors"), 1), "name"), "US Aid Fund");
  EXPECT_EQ(LotLines(report), kUndistributedOnFeb28);
}

TEST_F(ReportHttpTest, EveryFigureInEur) {
  auto report = MustReport("?from=2026-02-01&to=2026-02-28&currency=EUR", "auditor");
  EXPECT_EQ(Str(report, "currency"), "EUR");
  // Donors' money in booked hryvnias does not depend on the report currency:
  // it equals the booked figures of the same period's report in UAH.
  auto in_uah = MustReport("?from=2026-02-01&to=2026-02-28&currency=UAH");
  auto eur_donors = Arr(report, "donors"), uah_donors = Arr(in_uah, "donors");
  ASSERT_EQ(eur_donors->size(), uah_donors->size());
  for (size_t i = 0; i < eur_donors->size(); ++i) {
    for (const char* f : {"received", "spent", "remaining"}) {
      EXPECT_EQ(MoneyText(At(eur_donors, i), std::string(f) + "_uah"),
                MoneyText(At(uah_donors, i), std::string(f) + "_booked"))
          << Str(At(eur_donors, i), "code") << " " << f;
    }
  }
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
                "remaining 2921.43 EUR; booked 2050.00 EUR / 28.57 EUR / 2921.43 EUR; goods "
                "received 0.00 EUR, distributed 12.50 EUR {military_unit: 12.50 EUR}, written "
                "off 0.00 EUR, in stock 277.50 EUR, booked 277.50 EUR",
                "US-AID USD: opening 500.00 USD, received 0.00 USD, spent 100.00 USD, remaining "
                "400.00 USD; booked 0.00 EUR / 84.44 EUR / 365.56 EUR; goods received 0.00 USD, "
                "distributed 0.00 USD {}, written off 0.00 USD, in stock 0.00 USD, booked 0.00 "
                "EUR",
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
            "2971.43 EUR; booked 2250.00 UAH / 0.00 UAH / 123150.00 UAH; goods received 5.00 "
            "EUR, distributed 54.00 EUR {idp_household: 29.00 EUR, military_unit: 25.00 EUR}, "
            "written off 7.25 EUR, in stock 221.25 EUR, booked 8719.96 UAH");
  // The kinds in the answer are ordered by name.
  HttpReply raw = Report("?from=2026-03-01&to=2026-03-31", "admin");
  EXPECT_NE(raw.body.find(R"("goods_distributed_by_kind":{)"
                          R"("idp_household":{"amount":"29.00","currency":"EUR"},)"
                          R"("military_unit":{"amount":"25.00","currency":"EUR"}})"),
            std::string::npos)
      << raw.body;
  // On 2026-03-31 the two MED-IFAK delivered on 2026-03-05 have left KYIV-1,
  // five NFI-BLANKET have left L-NEW, and L-LATE has arrived.
  EXPECT_EQ(LotLines(report),
            (std::vector<std::string>{
                "KYIV-1 MED-IFAK L-OLD DE-HILFE received 2025-11-15, 136 days, 3, 37.50 EUR, "
                "overdue true",
                "LVIV-1 MED-IFAK L-OLD DE-HILFE received 2025-11-15, 136 days, 4, 50.00 EUR, "
                "overdue true",
                "LVIV-1 MED-IFAK L-EDGE DE-HILFE received 2025-11-30, 121 days, 2, 20.00 EUR, "
                "overdue true",
                "KYIV-1 NFI-BLANKET L-NEW DE-HILFE received 2026-01-20, 70 days, 15, 108.75 EUR, "
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
      // Before the first EUR rate, and before the first USD rate.
      {"?from=2025-09-01&to=2025-09-30&currency=EUR", "to"},
      {"?from=2025-12-01&to=2025-12-31&currency=USD", "to"},
  };
  for (const Case& c : cases) {
    HttpReply r = Report(c.query);
    EXPECT_TRUE(IsProblem(r, 422)) << c.query;
    EXPECT_EQ(FirstErrorField(r), c.field) << c.query << " -> " << r.body;
  }
  HttpReply early = Report("?from=2025-09-01&to=2025-09-30&currency=EUR");
  EXPECT_NE(early.body.find("no NBU rate of EUR on or before 2025-09-30"), std::string::npos)
      << early.body;
  HttpReply early_usd = Report("?from=2025-12-01&to=2025-12-31&currency=USD");
  EXPECT_NE(early_usd.body.find("no NBU rate of USD on or before 2025-12-31"), std::string::npos)
      << early_usd.body;
  HttpReply chf = Report("?from=2026-02-01&to=2026-02-28&currency=CHF");
  EXPECT_NE(chf.body.find("no NBU rate of CHF on or before 2026-02-28"), std::string::npos)
      << chf.body;
}

TEST_F(ReportHttpTest, BeforeTheFirstUsdRateNoRateIsNeeded) {
  // No money was held yet and no goods are in USD: no USD rate is needed (there
  // is none before 2026), every balance is zero, the goods received in 2025
  // are listed, and DE-HILFE, with goods only, is a donor of the report.
  const std::vector<std::string> lots = {
      "KYIV-1 FOOD-KIT L-GONE DE-HILFE received 2025-10-01, 91 days, 3, 3.00 EUR, overdue true",
      "KYIV-1 MED-IFAK L-OLD DE-HILFE received 2025-11-15, 46 days, 10, 125.00 EUR, overdue "
      "false",
      "LVIV-1 MED-IFAK L-EDGE DE-HILFE received 2025-11-30, 31 days, 2, 20.00 EUR, overdue false",
  };
  for (const std::string r : {"UAH", "EUR"}) {
    auto report = MustReport("?from=2025-11-01&to=2025-12-31&currency=" + r);
    const std::string zero = "0.00 " + r;
    auto line = [&](const std::string& account, const std::string& c) {
      const std::string z = "0.00 " + c;
      return account + " " + c + ": opening " + z + ", in " + z + ", out " + z + ", closing " + z +
             "; booked " + zero + ", revalued " + zero + ", difference " + zero;
    };
    EXPECT_EQ(AccountLines(report),
              (std::vector<std::string>{line("BK-EUR bank", "EUR"), line("BK-UAH bank", "UAH"),
                                        line("BK-USD bank", "USD"), line("CASH-UAH cash", "UAH")}))
        << r;
    EXPECT_EQ(Totals(report), "booked " + zero + ", revalued " + zero + ", difference " + zero)
        << r;
    EXPECT_EQ(DonorLines(report),
              (std::vector<std::string>{
                  "DE-HILFE EUR: opening 0.00 EUR, received 0.00 EUR, spent 0.00 EUR, remaining "
                  "0.00 EUR; booked " +
                  zero + " / " + zero + " / " + zero +
                  "; goods received 145.00 EUR, distributed 0.00 EUR {}, written off 0.00 EUR, "
                  "in stock 148.00 EUR, booked " +
                  (r == "UAH" ? "5702.46 UAH" : "148.00 EUR")}))
        << r;
    EXPECT_EQ(LotLines(report), lots) << r;
  }
}

TEST_F(ReportHttpTest, ALotReceivedBeforeAnyRateOfItsCurrencyIs422NamingTheReceipt) {
  // Goods of DE-HILFE declared in GBP, which has no NBU rate yet: 2 at 5.00 GBP
  // into LVIV-1 on 2026-02-04, one of them delivered to IDP-000117 on
  // 2026-02-15.
  auto receipt = Must(
      "/receipts",
      ReceiptBody("LVIV-1", "FOOD-KIT", "2", "L-GBP", "2027-06-30", "5.00", "2026-02-04", "GBP"),
      "warehouse");
  const std::string number = Str(receipt, "number");
  EXPECT_EQ(number, "GRN-2026-000003");
  Must("/deliveries", DeliveryBody("LVIV-1", "FOOD-KIT", "1", "2026-02-15", "IDP-000117"),
       "warehouse");

  // Every report whose period reaches the receipt needs GBP's rate of its date,
  // whatever its currency; the CLI says the same.
  const std::string message = number + ": no NBU rate of GBP on or before 2026-02-04";
  auto refused = [&](const std::string& query) {
    HttpReply r = Report(query);
    EXPECT_TRUE(IsProblem(r, 422)) << query;
    EXPECT_EQ(FirstErrorField(r), "to") << query << " -> " << r.body;
    std::string text;
    try {
      text = Str(At(Arr(ParseObject(r.body), "errors"), 0), "message");
    } catch (const std::exception& e) {
      text = e.what();
    }
    EXPECT_EQ(text, message) << query;
  };
  refused("?from=2026-02-01&to=2026-02-28");
  refused("?from=2026-02-01&to=2026-02-28&currency=EUR");
  refused("?from=2026-03-01&to=2026-03-31");
  refused("?from=2026-02-04&to=2026-02-04");
  std::string out =
      server_->Run({"report", "reconciliation", "--from", "2026-02-01", "--to", "2026-02-28"});
  EXPECT_TRUE(EndsWith(out, "\nexit 1")) << out;
  EXPECT_NE(out.find(message), std::string::npos) << out;

  // A period that ends before the receipt does not read it.
  EXPECT_EQ(Report("?from=2026-02-01&to=2026-02-03").status, 200);

  // A rate from after the receipt does not value it.
  Must("/rates", "[" + Nbu("GBP", 826, "55.0000", "05.02.2026") + "]", "treasurer");
  refused("?from=2026-02-01&to=2026-02-28");

  // With a rate on or before the receipt (50 on 03.02.2026) the lot is worth
  // 10.00 GBP = 500.00 UAH, received in the period: 500.00 / 42 = 11.904...
  // -> 11.90 EUR to DE-HILFE at EUR's rate of 2026-02-04. The unit delivered
  // on 2026-02-15 is worth 5.00 GBP = 250.00 UAH at the receipt's rate (not
  // 275.00 at 55): 250.00 / 42 = 5.952... -> 5.95 EUR. So in February
  // DE-HILFE distributed 12.50 + 5.95 = 18.45 EUR, holds 277.50 + 11.90 -
  // 5.95 = 283.45 EUR of goods, booked 10906.38 + 500.00 - 250.00 = 11156.38
  // UAH.
  Must("/rates", "[" + Nbu("GBP", 826, "50.0000", "03.02.2026") + "]", "treasurer");
  auto report = MustReport("?from=2026-02-01&to=2026-02-28");
  EXPECT_EQ(DonorLines(report)[0],
            "DE-HILFE EUR: opening 900.00 EUR, received 2050.00 EUR, spent 28.57 EUR, "
            "remaining 2921.43 EUR; booked 86100.00 UAH / 1200.00 UAH / 120900.00 UAH; "
            "goods received 11.90 EUR, distributed 18.45 EUR {idp_household: 5.95 EUR, "
            "military_unit: 12.50 EUR}, written off 0.00 EUR, in stock 283.45 EUR, booked "
            "11156.38 UAH");
  std::vector<std::string> lots = kUndistributedOnFeb28;
  lots.push_back(
      "LVIV-1 FOOD-KIT L-GBP DE-HILFE received 2026-02-04, 24 days, 1, 5.00 GBP, overdue false");
  EXPECT_EQ(LotLines(report), lots);
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
  const std::vector<std::string> args = {"report", "reconciliation", "--from",     "2026-02-01",
                                         "--to",   "2026-02-28",     "--currency", "EUR"};

  // While the server runs: the command only reads.
  std::string out = server_->Run(args);
  EXPECT_EQ(out, http.body + "\n\nexit 0");

  // To a file.
  const std::string file = server_->dir() + "/reconciliation.json";
  std::vector<std::string> to_file = args;
  to_file.insert(to_file.end(), {"-o", file});
  out = server_->Run(to_file);
  EXPECT_EQ(out, "\nexit 0");
  EXPECT_EQ(ReadFile(file), http.body + "\n");

  // With the server stopped, and UAH by default.
  HttpReply uah = Report("?from=2026-02-01&to=2026-02-28");
  ASSERT_EQ(uah.status, 200) << uah.body;
  int status = server_->Stop();
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << server_->output();
  out = server_->Run({"report", "reconciliation", "--from", "2026-02-01", "--to", "2026-02-28"});
  EXPECT_EQ(out, uah.body + "\n\nexit 0");

  // Errors name the option and exit 1.
  out = server_->Run({"report", "reconciliation", "--from", "2026-03-01", "--to", "2026-02-28"});
  EXPECT_TRUE(EndsWith(out, "\nexit 1")) << out;
  EXPECT_NE(out.find("--to"), std::string::npos) << out;
  out = server_->Run({"report", "reconciliation", "--from", "2025-09-01", "--to", "2025-09-30",
                      "--currency", "EUR"});
  EXPECT_TRUE(EndsWith(out, "\nexit 1")) << out;
  EXPECT_NE(out.find("no NBU rate of EUR on or before 2025-09-30"), std::string::npos) << out;
  out = server_->Run({"report", "reconciliation", "--from", "2025-12-01", "--to", "2025-12-31",
                      "--currency", "USD"});
  EXPECT_TRUE(EndsWith(out, "\nexit 1")) << out;
  EXPECT_NE(out.find("no NBU rate of USD on or before 2025-12-31"), std::string::npos) << out;
  out = server_->Run({"report", "reconciliation", "--to", "2026-02-28"});
  EXPECT_TRUE(EndsWith(out, "\nexit 1")) << out;
  EXPECT_NE(out.find("--from"), std::string::npos) << out;
  out = RunZapas({"report", "reconciliation", "--from", "2026-02-01", "--to", "2026-02-28", "--db",
                  server_->dir() + "/missing.db"});
  EXPECT_TRUE(EndsWith(out, "\nexit 1")) << out;

  // Help, and the usage text lists the command.
  out = RunZapas({"report", "reconciliation", "--help"});
  EXPECT_TRUE(EndsWith(out, "\nexit 0")) << out;
  EXPECT_NE(out.find("--from"), std::string::npos) << out;
  out = server_->Run({"report", "balances"});
  EXPECT_TRUE(EndsWith(out, "\nexit 2")) << out;
  out = RunZapas({"--help"});
  EXPECT_NE(out.find("report reconciliation"), std::string::npos) << out;
}

}  // namespace
}  // namespace zapas::testing
