// Corrections from outside, on a server whose "today" is pinned (ZAPAS_TODAY,
// services/clock.h) to Sunday 2026-12-06: closing months (not one still
// running, in order) and reopening the latest; rates that cannot change a
// closed month, a booked value, or slip in as a typo; dates too far ahead;
// ids as the server writes them.
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>
#include <tuple>

#include "tests/services/fixture.h"

namespace zapas::testing {
namespace {

constexpr const char* kToday = "2026-12-06";

class CorrectionsTest : public ZapasServerTest {
 protected:
  void SetUp() override {
    ::setenv("ZAPAS_TODAY", kToday, 1);
    ZapasServerTest::SetUp();
  }
  void TearDown() override {
    ZapasServerTest::TearDown();
    ::unsetenv("ZAPAS_TODAY");
  }

  static std::string Rate(const char* cc, const char* rate, const char* day) {
    const std::string r030 = std::string(cc) == "USD" ? "840" : "978";
    return R"({"r030":)" + r030 + R"(,"txt":"x","rate":)" + rate + R"(,"cc":")" + cc +
           R"(","exchangedate":")" + day + R"("})";
  }
  void SetUpBooks() {
    Must("/rates",
         "[" + Rate("EUR", "40.0000", "01.10.2026") + "," + Rate("USD", "41.0000", "01.10.2026") +
             "," + Rate("EUR", "42.0000", "02.11.2026") + "," +
             Rate("USD", "41.5000", "02.11.2026") + "]",
         "treasurer");
    Must("/accounts", R"({"code":"BK-EUR","name":"EUR","currency":"EUR","kind":"bank"})",
         "treasurer");
  }
  static std::string Donation(const std::string& date, const std::string& amount) {
    return R"({"donor":"DE-HILFE","date":")" + date + R"(","amount":{"amount":")" + amount +
           R"(","currency":"EUR"},"account":"BK-EUR"})";
  }
  // "2026-12-14" as the NBU writes it: "14.12.2026".
  static std::string NbuDate(const std::string& iso) {
    return iso.substr(8, 2) + "." + iso.substr(5, 2) + "." + iso.substr(0, 4);
  }
  // The rate of `cc` in force on `date` per GET /rates ("<none>" when none).
  std::string RateOn(const std::string& cc, const std::string& date) {
    auto rates = Arr(ParseObject(Get("/rates?date=" + date, "treasurer").body), "rates");
    for (size_t i = 0; i < rates->size(); ++i) {
      if (Str(At(rates, i), "currency") == cc) return Str(At(rates, i), "rate");
    }
    return "<none>";
  }
  static std::string Month(const std::string& month) { return R"({"month":")" + month + R"("})"; }
  static std::string Reopen(const std::string& month, const std::string& reason) {
    return R"({"month":")" + month + R"(","reason":")" + reason + R"("})";
  }
  std::string Reconciliation(const std::string& from, const std::string& to) {
    HttpReply r =
        Get("/reports/reconciliation?from=" + from + "&to=" + to + "&currency=UAH", "treasurer");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.body;
  }
};

TEST_F(CorrectionsTest, AMonthThatHasNotEndedCannotBeClosed) {
  SetUpBooks();
  for (const char* month : {"2026-12", "2027-01", "2062-11", "9999-12"}) {
    HttpReply r = Post("/periods/close", Month(month), "treasurer");
    EXPECT_TRUE(IsProblem(r, 422)) << month << ": " << r.body;
    EXPECT_EQ(FirstErrorField(r), "month");
  }
  // Nothing was closed: today's work goes on.
  Must("/cash/donations", Donation(kToday, "10.00"), "treasurer");
  EXPECT_EQ(Str(ParseObject(Get("/periods", "auditor").body), "closed_through"), "<null>");
  // November has ended: it closes.
  Must("/periods/close", Month("2026-11"), "treasurer");
  ExpectEveryReportAnswers("2026-10-01", "2026-12-31");
}

TEST_F(CorrectionsTest, MonthsCloseInOrderAndTheOpenOnesBetweenAreNamed) {
  SetUpBooks();
  Must("/periods/close", Month("2026-07"), "treasurer");
  HttpReply gap = Post("/periods/close", Month("2026-10"), "treasurer");
  EXPECT_TRUE(IsProblem(gap, 409)) << gap.body;
  EXPECT_EQ(FirstErrorField(gap), "month");
  EXPECT_NE(gap.body.find("close 2026-08, 2026-09 first"), std::string::npos) << gap.body;
  Must("/periods/close", Month("2026-08"), "treasurer");
  Must("/periods/close", Month("2026-09"), "treasurer");
  Must("/periods/close", Month("2026-10"), "treasurer");
}

TEST_F(CorrectionsTest, TheLatestClosedMonthIsReopenedByAnAdminWithAReasonInTheJournal) {
  SetUpBooks();
  Must("/cash/donations", Donation("2026-10-15", "100.00"), "treasurer");
  Must("/periods/close", Month("2026-10"), "treasurer");
  Must("/periods/close", Month("2026-11"), "treasurer");
  EXPECT_TRUE(IsProblem(Post("/cash/donations", Donation("2026-11-20", "5.00"), "treasurer"), 409));

  // Not the treasurer, not an older month, not one that is open, not without a reason.
  EXPECT_TRUE(IsProblem(Post("/periods/reopen", Reopen("2026-11", "typo"), "treasurer"), 403));
  HttpReply older = Post("/periods/reopen", Reopen("2026-10", "typo"), "admin");
  EXPECT_TRUE(IsProblem(older, 409)) << older.body;
  EXPECT_NE(older.body.find("2026-11"), std::string::npos) << older.body;
  EXPECT_TRUE(IsProblem(Post("/periods/reopen", Reopen("2026-09", "typo"), "admin"), 409));
  EXPECT_TRUE(IsProblem(Post("/periods/reopen", Month("2026-11"), "admin"), 422));
  EXPECT_TRUE(IsProblem(Post("/periods/reopen", Reopen("2026-1", "typo"), "admin"), 422));

  auto reopened = Must("/periods/reopen",
                       Reopen("2026-11", "Рахунок-фактура 77 прийшов із запізненням"), "admin");
  EXPECT_EQ(Str(reopened, "month"), "2026-11");
  EXPECT_EQ(Str(reopened, "reopened_by"), "admin");
  EXPECT_EQ(Str(reopened, "closed_through"), "2026-10-31");
  // November takes writes again; October stays closed.
  Must("/cash/donations", Donation("2026-11-20", "5.00"), "treasurer");
  EXPECT_TRUE(IsProblem(Post("/cash/donations", Donation("2026-10-20", "5.00"), "treasurer"), 409));

  // The journal holds who reopened which month, when and why, chained.
  auto entries = Arr(ParseObject(Get("/journal?limit=1000", "auditor").body), "items");
  int found = 0;
  for (size_t i = 0; i < entries->size(); ++i) {
    auto e = At(entries, i);
    if (Str(e, "kind") != "period_reopen") continue;
    ++found;
    EXPECT_EQ(Str(e, "recorded_by"), "admin");
    EXPECT_EQ(Str(e, "date"), kToday);
    EXPECT_NE(e->get("document").toString().find("Рахунок-фактура 77"), std::string::npos);
  }
  EXPECT_EQ(found, 1);
  // The audit report of the days it happened shows it with its reason.
  const std::string pdf = server_->dir() + "/audit.pdf";
  HttpReply audit = Get("/reports/audit.pdf?from=2026-12-01&to=2026-12-31", "treasurer");
  ASSERT_EQ(audit.status, 200);
  std::ofstream(pdf, std::ios::binary) << audit.body;
  // The words, whatever lines the report wraps them onto.
  std::string text;
  for (char ch : Shell("pdftotext " + pdf + " -")) {
    const bool space = ch == '\n' || ch == ' ';
    if (!space || (!text.empty() && text.back() != ' ')) text += space ? ' ' : ch;
  }
  EXPECT_NE(text.find("Period reopened"), std::string::npos) << text;
  EXPECT_NE(text.find("Рахунок-фактура 77"), std::string::npos) << text;
  // And it closes again.
  Must("/periods/close", Month("2026-11"), "treasurer");
  ExpectEveryReportAnswers("2026-10-01", "2026-12-31");
}

TEST_F(CorrectionsTest, AClosedMonthsRatesDoNotChangeAndNeitherDoBookedGoods) {
  SetUpBooks();
  // Goods in USD received on Saturday 2026-10-31: booked at Friday's... here
  // the rate in force, 41.00 of 2026-10-01.
  Must("/receipts",
       ReceiptBody("KYIV-1", "NFI-BLANKET", "10", "BL-USD", "", "10.00", "2026-10-31", "USD"),
       "warehouse");
  Must("/periods/close", Month("2026-10"), "treasurer");
  const std::string before = Reconciliation("2026-10-01", "2026-10-31");
  const std::string journal_before = Get("/export/journal?to=2026-10-31", "treasurer").body;

  // A rate dated in the closed month: 409, nothing stored.
  HttpReply late = Post("/rates", "[" + Rate("USD", "45.0000", "31.10.2026") + "]", "treasurer");
  EXPECT_TRUE(IsProblem(late, 409)) << late.body;
  EXPECT_EQ(Reconciliation("2026-10-01", "2026-10-31"), before);
  EXPECT_EQ(Get("/export/journal?to=2026-10-31", "treasurer").body, journal_before);
  // A file of rates known already is still taken (nothing new in it).
  auto again = Must("/rates", "[" + Rate("USD", "41.0000", "01.10.2026") + "]", "treasurer");
  EXPECT_EQ(again->getValue<int>("imported"), 0);

  // November is open: goods received on Sunday 2026-11-29 are booked at the
  // rate in force then (41.50); a rate of the Saturday before imported
  // afterwards changes nothing booked.
  Must("/receipts",
       ReceiptBody("KYIV-1", "NFI-BLANKET", "5", "BL-USD-2", "", "10.00", "2026-11-29", "USD"),
       "warehouse");
  const std::string november = Reconciliation("2026-11-01", "2026-11-29");
  Must("/rates", "[" + Rate("USD", "41.9000", "28.11.2026") + "]", "treasurer");
  EXPECT_EQ(Reconciliation("2026-11-01", "2026-11-29"), november);
  ExpectEveryReportAnswers("2026-10-01", "2026-11-30");
}

TEST_F(CorrectionsTest, ARateFarFromThePreviousOneWantsAConfirmation) {
  SetUpBooks();
  // 41.50 -> 53.95 is 30 % up: a typo until someone says otherwise.
  const std::string file = "[" + Rate("USD", "53.9500", "03.11.2026") + "]";
  HttpReply typo = Post("/rates", file, "treasurer");
  EXPECT_TRUE(IsProblem(typo, 422)) << typo.body;
  EXPECT_EQ(FirstErrorField(typo), "confirm_outlier");
  EXPECT_NE(typo.body.find("30.00 %"), std::string::npos) << typo.body;
  EXPECT_EQ(RateOn("USD", "2026-11-03"), "41.5");
  EXPECT_TRUE(IsProblem(Post("/rates?confirm_outlier=maybe", file, "treasurer"), 422));
  auto confirmed = Must("/rates?confirm_outlier=1", file, "treasurer");
  EXPECT_EQ(confirmed->getValue<int>("imported"), 1);
  EXPECT_EQ(RateOn("USD", "2026-11-03"), "53.95");
  // Within 20 % of the previous one, no question is asked: 42.00 -> 50.40 is 20 %.
  Must("/rates", "[" + Rate("EUR", "50.4000", "04.11.2026") + "]", "treasurer");
}

TEST_F(CorrectionsTest, ARateNoBookingUsedIsReplacedAndTheCorrectionIsInTheJournal) {
  SetUpBooks();
  Must("/rates", "[" + Rate("USD", "41.6000", "01.12.2026") + "]", "treasurer");
  const std::string put_body = R"({"rate":"41.2600","reason":"typo: 41.26 on the NBU site"})";
  // A treasurer replaces it; nobody else may.
  EXPECT_TRUE(IsProblem(
      client_->Request("PUT", "/api/v1/rates/2026-12-01/USD", put_body, Token("warehouse")), 403));
  HttpReply put =
      client_->Request("PUT", "/api/v1/rates/2026-12-01/USD", put_body, Token("treasurer"));
  ASSERT_EQ(put.status, 200) << put.body;
  auto corrected = ParseObject(put.body);
  EXPECT_EQ(Str(corrected, "previous_rate"), "41.6");
  EXPECT_EQ(Str(corrected, "rate"), "41.26");
  EXPECT_EQ(RateOn("USD", "2026-12-02"), "41.26");
  auto journal = Get("/journal?limit=1000", "auditor").body;
  EXPECT_NE(journal.find("rate_correction"), std::string::npos);
  EXPECT_NE(journal.find("typo: 41.26 on the NBU site"), std::string::npos);

  // Once a booking used it, it stays: a donation in EUR uses no USD rate,
  // goods in USD do.
  Must("/cash/donations", Donation("2026-12-02", "10.00"), "treasurer");
  HttpReply again = client_->Request("PUT", "/api/v1/rates/2026-12-01/USD",
                                     R"({"rate":"41.2700","reason":"again"})", Token("treasurer"));
  EXPECT_EQ(again.status, 200) << again.body;
  Must("/receipts",
       ReceiptBody("KYIV-1", "NFI-BLANKET", "1", "BL-U", "", "3.00", "2026-12-03", "USD"),
       "warehouse");
  HttpReply used = client_->Request("PUT", "/api/v1/rates/2026-12-01/USD",
                                    R"({"rate":"41.2800","reason":"again"})", Token("treasurer"));
  EXPECT_TRUE(IsProblem(used, 409)) << used.body;
  // A rate of a closed month, a day without a rate, a bad currency or date.
  Must("/periods/close", Month("2026-10"), "treasurer");
  EXPECT_TRUE(IsProblem(client_->Request("PUT", "/api/v1/rates/2026-10-01/USD",
                                         R"({"rate":"41.1","reason":"x"})", Token("treasurer")),
                        409));
  EXPECT_TRUE(IsProblem(client_->Request("PUT", "/api/v1/rates/2026-11-30/USD",
                                         R"({"rate":"41.1","reason":"x"})", Token("treasurer")),
                        404));
  for (const char* path : {"/api/v1/rates/2026-12-01/XXX", "/api/v1/rates/2026-12-01/UAH",
                           "/api/v1/rates/2026-13-01/USD"}) {
    EXPECT_TRUE(IsProblem(
        client_->Request("PUT", path, R"({"rate":"41.1","reason":"x"})", Token("treasurer")), 422))
        << path;
  }
  // A replacement far from the day before asks for a confirmation too.
  Must("/rates", "[" + Rate("EUR", "42.1000", "04.12.2026") + "]", "treasurer");
  HttpReply far = client_->Request("PUT", "/api/v1/rates/2026-12-04/EUR",
                                   R"({"rate":"421.0000","reason":"x"})", Token("treasurer"));
  EXPECT_TRUE(IsProblem(far, 422)) << far.body;
  EXPECT_EQ(FirstErrorField(far), "confirm_outlier");
  ExpectEveryReportAnswers("2026-10-01", "2026-12-06");
}

TEST_F(CorrectionsTest, NothingIsDatedMoreThanAWeekAhead) {
  SetUpBooks();
  Receive("KYIV-1", "MED-IFAK", "10", "IF-1", "2027-12-31", "1.00", "2026-11-02");
  // 2026-12-13 is the last day a write may carry.
  Must("/receipts", ReceiptBody("KYIV-1", "NFI-BLANKET", "1", "", "", "1.00", "2026-12-13"),
       "warehouse");
  for (const char* date : {"2026-12-14", "2062-01-01", "9999-12-31"}) {
    for (const auto& [path, body, role] :
         std::vector<std::tuple<std::string, std::string, std::string>>{
             {"/receipts", ReceiptBody("KYIV-1", "NFI-BLANKET", "1", "", "", "1.00", date),
              "warehouse"},
             {"/deliveries", DeliveryBody("KYIV-1", "MED-IFAK", "1", date), "warehouse"},
             {"/cash/donations", Donation(date, "1.00"), "treasurer"},
             {"/rates", "[" + Rate("EUR", "42.0000", NbuDate(date).c_str()) + "]", "treasurer"}}) {
      HttpReply r = Post(path, body, role);
      EXPECT_TRUE(IsProblem(r, 422)) << path << " " << date << ": " << r.body;
    }
  }
  auto delivery =
      Must("/deliveries", DeliveryBody("KYIV-1", "MED-IFAK", "1", "2026-12-01"), "warehouse");
  HttpReply late =
      Post("/deliveries/" + Str(delivery, "id") + "/confirm",
           R"({"received_by":"Сержант Коваль","received_at":"2062-01-01T10:00:00Z"})", "warehouse");
  EXPECT_TRUE(IsProblem(late, 422)) << late.body;
  EXPECT_EQ(FirstErrorField(late), "received_at");
  // GET /stock and a delivery agree: nothing was received "in 2062".
  EXPECT_EQ(StockQty("KYIV-1", "MED-IFAK", "IF-1"), "9");
  ExpectEveryReportAnswers("2026-11-01", "2026-12-31");
}

TEST_F(CorrectionsTest, IdsAreCanonicalAndAReversedDeliveryCannotBeConfirmed) {
  Receive("KYIV-1", "MED-IFAK", "10", "IF-1", "2027-12-31", "1.00", "2026-11-02");
  auto delivery =
      Must("/deliveries", DeliveryBody("KYIV-1", "MED-IFAK", "2", "2026-11-10"), "warehouse");
  const std::string id = Str(delivery, "id");
  HttpReply read = Get("/deliveries/000" + id, "warehouse");
  ASSERT_EQ(read.status, 200) << read.body;
  EXPECT_EQ(Str(ParseObject(read.body), "id"), id);
  auto reversal = Must("/journal/000" + id + "/reverse", R"({"reason":"wrong unit"})", "warehouse");
  EXPECT_EQ(Str(reversal, "reverses"), id);
  HttpReply confirm =
      Post("/deliveries/" + id + "/confirm",
           R"({"received_by":"Сержант Коваль","received_at":"2026-11-11T10:00:00Z"})", "warehouse");
  EXPECT_TRUE(IsProblem(confirm, 409)) << confirm.body;
  EXPECT_NE(server_->Run({"verify"}).find("exit 0"), std::string::npos);
}

}  // namespace
}  // namespace zapas::testing
