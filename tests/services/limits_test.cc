// The limits of what Zapas accepts (domain/limits.h), from outside: amounts
// and quantities beyond them are refused naming the field at every entry
// point; a journal filled to them reports exactly, sums beyond int64 and all;
// and a journal that holds an entry beyond them from an older version still
// reports, listing that entry apart.
#include <gtest/gtest.h>

#include <fstream>

#include "tests/services/fixture.h"
#include "tests/services/older_journal.h"

namespace zapas::testing {
namespace {

class LimitsTest : public ZapasServerTest {
 protected:
  void SetUpBooks(const char* eur_rate = "47.7760") {
    Must("/rates",
         std::string(R"([{"r030":978,"txt":"Євро","rate":)") + eur_rate +
             R"(,"cc":"EUR","exchangedate":"02.11.2026"}])",
         "treasurer");
    Must("/accounts", R"({"code":"BK-EUR","name":"EUR","currency":"EUR","kind":"bank"})",
         "treasurer");
    Must("/accounts", R"({"code":"CASH-UAH","name":"Каса","currency":"UAH","kind":"cash"})",
         "treasurer");
  }
  static std::string Donation(const std::string& amount, const std::string& currency = "EUR",
                              const std::string& account = "BK-EUR") {
    return R"({"donor":"DE-HILFE","date":"2026-11-10","amount":{"amount":")" + amount +
           R"(","currency":")" + currency + R"("},"account":")" + account + R"("})";
  }
  // The four documents a treasurer signs, each 200; zapas verify passes.
  void ExpectEveryReportAnswers() {
    for (const std::string& path :
         {std::string("/reports/reconciliation?from=2026-11-01&to=2026-11-30&currency=UAH"),
          std::string("/reports/reconciliation?from=2026-11-01&to=2026-11-30&currency=EUR"),
          std::string("/reports/audit.pdf?from=2026-11-01&to=2026-11-30"),
          std::string("/reports/donor/DE-HILFE.pdf?from=2026-11-01&to=2026-11-30"),
          std::string("/export/journal?to=2026-11-30")}) {
      HttpReply r = Get(path, "treasurer");
      EXPECT_EQ(r.status, 200) << path << ": " << r.body.substr(0, 400);
    }
    EXPECT_NE(server_->Run({"verify"}).find("exit 0"), std::string::npos);
  }
  std::string PdfText(const std::string& path, const std::string& name) {
    HttpReply r = Get(path, "treasurer");
    EXPECT_EQ(r.status, 200) << r.body.substr(0, 300);
    const std::string file = server_->dir() + "/" + name + ".pdf";
    std::ofstream(file, std::ios::binary) << r.body;
    return Shell("pdftotext -layout " + file + " -");
  }
};

TEST_F(LimitsTest, BeyondTheLimitsIsRefusedNamingTheFieldAndTheBooksStayReadable) {
  SetUpBooks();
  struct Case {
    const char* path;
    std::string body;
    const char* role;
    const char* field;
  };
  const std::vector<Case> cases = {
      {"/receipts", ReceiptBody("KYIV-1", "NFI-BLANKET", "1000", "", "", "4820000000000.00"),
       "warehouse", "lines[0].unit_value.amount"},
      {"/receipts", ReceiptBody("KYIV-1", "NFI-BLANKET", "9223372036854775.807", "", "", "0.01"),
       "warehouse", "lines[0].quantity"},
      {"/receipts", ReceiptBody("KYIV-1", "NFI-BLANKET", "1000000000.001", "", "", "0.00"),
       "warehouse", "lines[0].quantity"},
      {"/receipts", ReceiptBody("KYIV-1", "NFI-BLANKET", "2000", "", "", "999999.99"), "warehouse",
       "lines[0].quantity"},  // the line's value: 1,999,999,980.00
      {"/cash/donations", Donation("92233720368547758.07", "UAH", "CASH-UAH"), "treasurer",
       "amount.amount"},
      {"/cash/donations", Donation("1000000000.01"), "treasurer", "amount.amount"},
      {"/cash/payments",
       R"({"date":"2026-11-10","amount":{"amount":"5000000000.00","currency":"EUR"},"account":"BK-EUR","purpose":"x"})",
       "treasurer", "amount.amount"},
      {"/cash/exchanges",
       R"({"date":"2026-11-10","account_from":"BK-EUR","account_to":"CASH-UAH","sold":{"amount":"1.00","currency":"EUR"},"bought":{"amount":"9000000000.00","currency":"UAH"}})",
       "treasurer", "bought.amount"},
      {"/accounts/BK-EUR/statements",
       R"({"date":"2026-11-10","balance":{"amount":"1000000000000.00","currency":"EUR"}})",
       "treasurer", "balance.amount"},
      {"/deliveries", DeliveryBody("KYIV-1", "NFI-BLANKET", "1000000001"), "warehouse",
       "lines[0].quantity"},
      {"/adjustments",
       R"({"warehouse":"KYIV-1","date":"2026-11-10","reason":"count","lines":[{"sku":"NFI-BLANKET","lot":"X","quantity":"-1000000000.5"}]})",
       "warehouse", "lines[0].quantity"},
  };
  for (const Case& c : cases) {
    HttpReply r = Post(c.path, c.body, c.role);
    EXPECT_TRUE(IsProblem(r, 422)) << c.path << " " << c.body << ": " << r.body;
    EXPECT_EQ(FirstErrorField(r), c.field) << c.path << " " << c.body << ": " << r.body;
  }
  // A document's total beyond ten billion: eleven lines at the limit.
  std::string lines;
  for (int i = 0; i < 11; ++i) {
    lines += std::string(i ? "," : "") + R"({"sku":"NFI-BLANKET","quantity":"1000","lot":"L-)" +
             std::to_string(i) + R"(","unit_value":{"amount":"1000000.00","currency":"EUR"}})";
  }
  HttpReply total = Post(
      "/receipts",
      R"({"warehouse":"KYIV-1","donor":"DE-HILFE","date":"2026-11-10","lines":[)" + lines + "]}",
      "warehouse");
  EXPECT_TRUE(IsProblem(total, 422)) << total.body;
  EXPECT_EQ(FirstErrorField(total), "lines");
  // A rate beyond the limits, in a file.
  HttpReply rate =
      Post("/rates",
           R"([{"r030":840,"txt":"x","rate":10000000,"cc":"USD","exchangedate":"02.11.2026"}])",
           "treasurer");
  EXPECT_TRUE(IsProblem(rate, 422)) << rate.body;
  // A spreadsheet of receipts, one row beyond the limit: nothing imported.
  HttpReply csv = client_->Request(
      "POST", "/api/v1/import/receipts",
      "warehouse,donor,date,reference,sku,quantity,unit_value_amount,unit_value_currency\n"
      "KYIV-1,DE-HILFE,2026-11-10,R-1,NFI-BLANKET,1,1.00,EUR\n"
      "KYIV-1,DE-HILFE,2026-11-10,R-2,NFI-BLANKET,1,4820000000000.00,EUR\n",
      Token("warehouse"), "", "text/csv");
  EXPECT_TRUE(IsProblem(csv, 422)) << csv.body;
  EXPECT_EQ(StockBody("?sku=NFI-BLANKET").find("NFI-BLANKET"), std::string::npos);
  ExpectEveryReportAnswers();
}

// A hundred donations at the limit of one amount, at the highest rate
// accepted: the UAH figures pass what a 64-bit amount holds, and every report
// shows them exactly.
TEST_F(LimitsTest, AJournalFilledToTheLimitsReportsExactly) {
  SetUpBooks("1000000");
  for (int i = 0; i < 100; ++i) Must("/cash/donations", Donation("1000000000.00"), "treasurer");
  // Ten receipts of ten lines, each line at the limit of one amount.
  for (int r = 0; r < 10; ++r) {
    std::string lines;
    for (int i = 0; i < 10; ++i) {
      lines += std::string(i ? "," : "") +
               R"({"sku":"NFI-BLANKET","quantity":"1000000000","lot":"L-)" + std::to_string(r) +
               "-" + std::to_string(i) + R"(","unit_value":{"amount":"1.00","currency":"EUR"}})";
    }
    Must("/receipts",
         R"({"warehouse":"KYIV-1","donor":"DE-HILFE","date":"2026-11-10","lines":[)" + lines + "]}",
         "warehouse");
  }
  auto report = ParseObject(
      Get("/reports/reconciliation?from=2026-11-01&to=2026-11-30&currency=UAH", "treasurer").body);
  auto account = At(Arr(report, "accounts"), 0);
  ASSERT_EQ(Str(account, "code"), "BK-EUR");
  EXPECT_EQ(MoneyText(account, "closing"), "100000000000.00 EUR");
  // 100 x 1,000,000,000.00 EUR x 1,000,000 = 10^17 UAH: 10^19 kopiyky.
  EXPECT_EQ(MoneyText(account, "closing_booked"), "100000000000000000.00 UAH");
  EXPECT_EQ(MoneyText(account, "closing_revalued"), "100000000000000000.00 UAH");
  auto donor = At(Arr(report, "donors"), 0);
  EXPECT_EQ(MoneyText(donor, "received_uah"), "100000000000000000.00 UAH");
  EXPECT_EQ(MoneyText(donor, "goods_received"), "100000000000.00 EUR");
  EXPECT_EQ(MoneyText(donor, "goods_in_stock_booked"), "100000000000000000.00 UAH");
  EXPECT_EQ(Arr(report, "excluded")->size(), 0u);
  const std::string audit = PdfText("/reports/audit.pdf?from=2026-11-01&to=2026-11-30", "audit");
  EXPECT_NE(audit.find("100 000 000 000 000 000,00"), std::string::npos) << audit;
  ExpectEveryReportAnswers();
}

// An entry stored by an older version beyond today's limits (written here
// straight through the repository, as that version did): the reports answer,
// listing it apart; zapas verify passes.
TEST_F(LimitsTest, AnOlderEntryBeyondTheLimitsIsListedApartAndEveryReportAnswers) {
  SetUpBooks();
  Receive("KYIV-1", "NFI-BLANKET", "10", "BL-1", "", "8.00", "2026-11-03");
  server_->Stop();
  ASSERT_TRUE(WriteOverLimitReceipt(server_->db_location(), server_->Env(), "GRN-2026-000090",
                                    "2026-11-05", "KYIV-1", "NFI-BLANKET", "DE-HILFE"));
  server_->Start();
  Reconnect();
  auto report = ParseObject(
      Get("/reports/reconciliation?from=2026-11-01&to=2026-11-30&currency=UAH", "treasurer").body);
  auto excluded = Arr(report, "excluded");
  ASSERT_EQ(excluded->size(), 1u) << report->get("excluded").toString();
  EXPECT_EQ(Str(At(excluded, 0), "number"), "GRN-2026-000090");
  // The rest of the books as before: the blankets of BL-1.
  EXPECT_EQ(MoneyText(At(Arr(report, "donors"), 0), "goods_received"), "80.00 EUR");
  const std::string audit = PdfText("/reports/audit.pdf?from=2026-11-01&to=2026-11-30", "audit");
  EXPECT_NE(audit.find("GRN-2026-000090"), std::string::npos);
  EXPECT_NE(audit.find("Left out of the figures"), std::string::npos) << audit;
  const std::string donor =
      PdfText("/reports/donor/DE-HILFE.pdf?from=2026-11-01&to=2026-11-30", "donor");
  EXPECT_NE(donor.find("GRN-2026-000090"), std::string::npos) << donor;
  const std::string journal = Get("/export/journal?to=2026-11-30", "treasurer").body;
  EXPECT_NE(journal.find("; 2026-11-05 GRN-2026-000090 | receipt (goods): left out"),
            std::string::npos)
      << journal;
  // The stock shows the old lot's value in full.
  EXPECT_NE(StockBody("?sku=NFI-BLANKET").find("4820000000000000.00"), std::string::npos);
  ExpectEveryReportAnswers();
}

}  // namespace
}  // namespace zapas::testing
