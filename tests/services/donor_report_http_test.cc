// The donor's report (GET /api/v1/reports/donor/{code}.pdf and `zapas print
// donor`) from a real server, read back with pdftotext and checked with qpdf.
//
// The books of the tests (fixture.h's master data; NBU rate EUR 45.0000 from
// 01.10.2026), all in EUR, period 2026-11-01..2026-11-30:
//   2026-10-20 DE-HILFE gives 800.00 EUR to BK-EUR        (before the period)
//   2026-10-25 BK-EUR pays 200.00 EUR for DE-HILFE, "Оренда складу" (before)
//   2026-11-01 receipt into KYIV-1: MED-IFAK 10 x 12.50 (lot IFAK-1, expiry
//              2027-01-15) and NFI-BLANKET 20 x 8.00 (lot BL-1): 285.00 EUR
//   2026-11-02 DE-HILFE gives 5000.00 EUR to BK-EUR
//   2026-11-05 BK-EUR pays 1200.00 EUR for DE-HILFE, "Генератори для лікарні"
//   2026-11-10 2 MED-IFAK (25.00) delivered to IDP-000117, the household of
//              3 whose personal data must not appear
//   2026-11-12 5 NFI-BLANKET (40.00) delivered to MU-A1234
//   2026-11-20 BK-EUR pays 300.00 EUR for DE-HILFE, "Паливо для генераторів"
//   2026-12-03 1 NFI-BLANKET delivered to MU-A1234 (after the period)
// So: money opening 600.00, received 5000.00, spent 1500.00, remaining
// 4100.00; goods received 285.00 (medical 125.00, shelter 160.00), delivered
// 65.00 (idp_household 25.00 in Київська область, military_unit 40.00 in
// Донецька область), in stock 220.00; 1 household of 3 people and 1
// organisation reached.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "tests/services/fixture.h"

namespace zapas::testing {
namespace {

// Whitespace folded, for phrases that may wrap or be spaced out by -layout.
std::string Flat(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == ' ' || c == '\n' || c == '\r' || c == '\f') {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

std::string NbuRate(const std::string& cc, int r030, const std::string& rate,
                    const std::string& date) {
  return R"({"r030": )" + std::to_string(r030) + R"(, "txt": "назва", "rate": )" + rate +
         R"(, "cc": ")" + cc + R"(", "exchangedate": ")" + date + R"("})";
}

std::string EurJson(const std::string& amount) {
  return R"({"amount":")" + amount + R"(","currency":"EUR"})";
}

constexpr const char* kPeriod = "?from=2026-11-01&to=2026-11-30";

class DonorReportHttpTest : public ZapasServerTest {
 protected:
  void SetUp() override {
    ZapasServerTest::SetUp();
    if (HasFatalFailure()) return;
    ASSERT_NO_THROW(SeedBooks());
  }

  void SeedBooks() {
    Must("/rates", "[" + NbuRate("EUR", 978, "45.0000", "01.10.2026") + "]", "treasurer");
    Must("/accounts", R"({"code":"BK-EUR","name":"Bank EUR","currency":"EUR","kind":"bank"})",
         "treasurer");
    Donation("2026-10-20", "800.00");
    Payment("2026-10-25", "200.00", "Оренда складу");
    Must(
        "/receipts",
        R"({"warehouse":"KYIV-1","donor":"DE-HILFE","date":"2026-11-01","reference":"DN-7","lines":[)"
        R"({"sku":"MED-IFAK","quantity":"10","lot":"IFAK-1","expiry":"2027-01-15","unit_value":{"amount":"12.50","currency":"EUR"}},)"
        R"({"sku":"NFI-BLANKET","quantity":"20","lot":"BL-1","unit_value":{"amount":"8.00","currency":"EUR"}}]})",
        "warehouse");
    Donation("2026-11-02", "5000.00");
    Payment("2026-11-05", "1200.00", "Генератори для лікарні");
    Must("/deliveries", DeliveryBody("KYIV-1", "MED-IFAK", "2", "2026-11-10", "IDP-000117"),
         "warehouse");
    Must("/deliveries", DeliveryBody("KYIV-1", "NFI-BLANKET", "5", "2026-11-12", "MU-A1234"),
         "warehouse");
    Payment("2026-11-20", "300.00", "Паливо для генераторів");
    Must("/deliveries", DeliveryBody("KYIV-1", "NFI-BLANKET", "1", "2026-12-03", "MU-A1234"),
         "warehouse");
  }

  void Donation(const std::string& date, const std::string& amount) {
    Must("/cash/donations",
         R"({"date":")" + date + R"(","donor":"DE-HILFE","account":"BK-EUR","amount":)" +
             EurJson(amount) + "}",
         "treasurer");
  }

  void Payment(const std::string& date, const std::string& amount, const std::string& purpose) {
    Must("/cash/payments",
         R"({"date":")" + date + R"(","account":"BK-EUR","purpose":")" + purpose +
             R"(","donor":"DE-HILFE","amount":)" + EurJson(amount) + "}",
         "treasurer");
  }

  // GETs the report as `role`, insists on a PDF, saves it and returns its text.
  std::string ReportText(const std::string& query, const std::string& role, const std::string& name,
                         const std::string& code = "DE-HILFE") {
    HttpReply r = Get("/reports/donor/" + code + ".pdf" + query, role);
    EXPECT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(MediaType(r.content_type), "application/pdf");
    EXPECT_EQ(r.body.rfind("%PDF-", 0), 0u);
    const std::string file = server_->dir() + "/" + name;
    std::ofstream(file, std::ios::binary) << r.body;
    int status = -1;
    Shell("qpdf --check " + file, &status);
    EXPECT_EQ(status, 0) << "qpdf --check " << file;
    return Shell("pdftotext -layout " + file + " -");
  }

  static void ExpectNoPersonalData(const std::string& text) {
    // The household's personal data, its record's name and its code, and no
    // recipient's code at all.
    for (const char* s : {"Олена", "+380501234567", "380501234567", "IDP-000117", "000117",
                          "Домогосподарство ВПО 117", "MU-A1234", "А1234", "household_size"}) {
      EXPECT_EQ(text.find(s), std::string::npos) << "\"" << s << "\" is in the report:\n" << text;
    }
  }
};

TEST_F(DonorReportHttpTest, TheDonorReadsItsOwnReportWithoutAnyPersonalData) {
  const std::string raw = ReportText(kPeriod, "donor", "donor.pdf");
  const std::string text = Flat(raw);
  for (const char* s :
       {"Donor report", "Ukraine-Hilfe Berlin e.V.", "Period: 1 November 2026 – 30 November 2026",
        "Currency: EUR", "Donor code: DE-HILFE",
        // Money: opening, received, spent by purpose, remaining.
        "Remaining at the start of the period (1 November 2026) 600.00",
        "Received in the period 5 000.00", "Spent in the period 1 500.00",
        "Remaining at the end of the period (30 November 2026) 4 100.00",
        "Генератори для лікарні 1 1 200.00 80.0 %", "Паливо для генераторів 1 300.00 20.0 %",
        // Goods by category.
        "Medical 125.00 25.00 0.00 100.00", "Shelter 160.00 40.00 0.00 120.00",
        "Total, EUR 285.00 65.00 0.00 220.00",
        // Deliveries by recipient kind and region; reach.
        "IDP households Київська область 1 1 25.00", "Military units Донецька область 1 1 40.00",
        "Reached in the period: 1 IDP household (3 people) and 1 organisation",
        // The chart and the stock.
        "Deliveries per month", "Nov", "Stock remaining on 30 November 2026", "First-aid kit",
        "IFAK-1", "8 pcs", "15.01.2027", "expires soon", "Blanket", "BL-1", "15 pcs", "100.00 EUR",
        "120.00 EUR"}) {
    EXPECT_NE(text.find(s), std::string::npos) << s << " in\n" << raw;
  }
  // Payments before the period and the delivery after it are not the period's.
  EXPECT_EQ(text.find("Оренда складу"), std::string::npos);
  ExpectNoPersonalData(raw);
}

TEST_F(DonorReportHttpTest, TheTreasurerReadsItInUkrainianAndInHryvnias) {
  const std::string en = Flat(ReportText(kPeriod, "treasurer", "treasurer.pdf"));
  EXPECT_NE(en.find("Received in the period 5 000.00"), std::string::npos) << en;

  const std::string raw =
      ReportText(std::string(kPeriod) + "&lang=uk&currency=UAH", "treasurer", "uk.pdf");
  const std::string uk = Flat(raw);
  // 5000.00 EUR at 45 = 225 000,00 UAH; 1500.00 EUR = 67 500,00 UAH.
  for (const char* s :
       {"Звіт для донора", "Період: з 01.11.2026 по 30.11.2026", "Валюта: UAH", "Грошові кошти",
        "Отримано за період 225 000,00", "Витрачено за період 67 500,00", "Витрати за призначенням",
        "Генератори для лікарні", "Отримані товари за категоріями", "Медичне",
        "Домогосподарства ВПО Київська область", "Військові частини Донецька область",
        "1 домогосподарство ВПО (3 особи) та 1 організацію", "Передано за місяцями", "лист",
        "Залишки на складах на 30.11.2026", "Аптечка", "Ковдра", "8 шт."}) {
    EXPECT_NE(uk.find(s), std::string::npos) << s << " in\n" << raw;
  }
  EXPECT_EQ(uk.find("Donor report"), std::string::npos);
  EXPECT_EQ(uk.find("First-aid kit"), std::string::npos);
  ExpectNoPersonalData(raw);
}

// The headline figures for the donor's home screen: those of the report.
TEST_F(DonorReportHttpTest, TheHeadlineFiguresAreTheReportsAsJson) {
  HttpReply r = Get("/reports/donor/DE-HILFE.json" + std::string(kPeriod), "donor");
  ASSERT_EQ(r.status, 200) << r.body;
  auto o = ParseObject(r.body);
  EXPECT_EQ(Str(o, "currency"), "EUR");
  EXPECT_EQ(MoneyText(o, "received"), "5000.00 EUR");
  EXPECT_EQ(MoneyText(o, "spent"), "1500.00 EUR");
  EXPECT_EQ(MoneyText(o, "remaining"), "4100.00 EUR");
  auto delivered = Arr(o, "delivered");
  ASSERT_EQ(delivered->size(), 1u) << r.body;
  EXPECT_EQ(Str(At(delivered, 0), "amount") + " " + Str(At(delivered, 0), "currency"), "65.00 EUR");
  EXPECT_EQ(o->getValue<int>("deliveries"), 2);
  EXPECT_EQ(o->getValue<int>("households"), 1);
  EXPECT_EQ(o->getValue<int>("people"), 3);
  EXPECT_EQ(o->getValue<int>("organisations"), 1);
  ExpectNoPersonalData(r.body);
  Must("/donors", R"({"code":"US-AID","name":"US Aid","country":"US","currency":"USD"})");
  EXPECT_TRUE(IsProblem(Get("/reports/donor/US-AID.json" + std::string(kPeriod), "donor"), 403));
  EXPECT_TRUE(IsProblem(Get("/reports/donor/DE-HILFE.xml" + std::string(kPeriod), "donor"), 404));
  EXPECT_TRUE(IsProblem(Get("/reports/donor/DE-HILFE.json?from=2026-11-31", "donor"), 422));
}

TEST_F(DonorReportHttpTest, ADonorMayNotReadAnotherDonorsReport) {
  Must("/donors", R"({"code":"US-AID","name":"US Aid Fund","country":"US","currency":"USD"})");
  EXPECT_TRUE(IsProblem(Get("/reports/donor/US-AID.pdf" + std::string(kPeriod), "donor"), 403));
  // Staff may; an unknown donor is 404.
  Must("/rates", "[" + NbuRate("USD", 840, "41.0000", "01.10.2026") + "]", "treasurer");
  const std::string other = Flat(ReportText(kPeriod, "auditor", "us.pdf", "US-AID"));
  EXPECT_NE(other.find("US Aid Fund"), std::string::npos) << other;
  EXPECT_NE(other.find("No payments were made from the donor's funds"), std::string::npos) << other;
  EXPECT_EQ(other.find("Ukraine-Hilfe"), std::string::npos);
  EXPECT_TRUE(IsProblem(Get("/reports/donor/NOPE.pdf" + std::string(kPeriod), "treasurer"), 404));
  // Other roles have no donor reports.
  EXPECT_TRUE(
      IsProblem(Get("/reports/donor/DE-HILFE.pdf" + std::string(kPeriod), "warehouse"), 403));
}

TEST_F(DonorReportHttpTest, BadQueriesAre422NamingTheField) {
  const std::string base = "/reports/donor/DE-HILFE.pdf";
  HttpReply r = Get(base + "?from=2026-13-01&to=2026-11-30", "donor");
  EXPECT_TRUE(IsProblem(r, 422));
  EXPECT_EQ(FirstErrorField(r), "from");
  r = Get(base + "?from=2026-11-01", "donor");
  EXPECT_TRUE(IsProblem(r, 422));
  EXPECT_EQ(FirstErrorField(r), "to");
  r = Get(base + "?from=2026-11-30&to=2026-11-01", "donor");
  EXPECT_TRUE(IsProblem(r, 422));
  EXPECT_EQ(FirstErrorField(r), "to");
  r = Get(base + std::string(kPeriod) + "&lang=de", "donor");
  EXPECT_TRUE(IsProblem(r, 422));
  EXPECT_EQ(FirstErrorField(r), "lang");
  r = Get(base + std::string(kPeriod) + "&currency=XXX", "donor");
  EXPECT_TRUE(IsProblem(r, 422));
  EXPECT_EQ(FirstErrorField(r), "currency");
  // A report currency without an NBU rate on `to`.
  r = Get(base + std::string(kPeriod) + "&currency=GBP", "donor");
  EXPECT_TRUE(IsProblem(r, 422));
  EXPECT_EQ(FirstErrorField(r), "currency");
}

TEST_F(DonorReportHttpTest, ALongerPeriodChartsEveryMonthAndTheCommandLinePrintsTheSame) {
  const std::string query = "?from=2026-09-01&to=2026-12-31";
  const std::string raw = ReportText(query, "treasurer", "long.pdf");
  const std::string text = Flat(raw);
  for (const char* s : {"Sep", "Oct", "Nov", "Dec", "Received in the period 5 800.00",
                        "Spent in the period 1 700.00", "Оренда складу",
                        "Military units Донецька область 1 2 48.00"}) {
    EXPECT_NE(text.find(s), std::string::npos) << s << " in\n" << raw;
  }
  ExpectNoPersonalData(raw);

  const std::string cli = server_->dir() + "/cli.pdf";
  const std::string out = server_->Run(
      {"print", "donor", "DE-HILFE", "--from", "2026-09-01", "--to", "2026-12-31", "-o", cli});
  EXPECT_NE(out.find("exit 0"), std::string::npos) << out;
  const std::string printed = Shell("pdftotext -layout " + cli + " -");
  EXPECT_EQ(Flat(printed), text);
  ExpectNoPersonalData(printed);
}

TEST_F(DonorReportHttpTest, AWriteOffCountsAndAReversedDeliveryReachesNobody) {
  // December: besides the blanket of 2026-12-03 (8.00 to MU-A1234), one
  // damaged blanket is written off (8.00), and 3 first-aid kits delivered to
  // IDP-000117 are reversed the next day: 37.50 out and back, so that
  // household is not reached.
  Must(
      "/adjustments",
      R"({"warehouse":"KYIV-1","date":"2026-12-05","reason":"damaged","lines":[{"sku":"NFI-BLANKET","lot":"BL-1","quantity":"-1"}]})",
      "warehouse");
  auto delivery =
      Must("/deliveries", DeliveryBody("KYIV-1", "MED-IFAK", "3", "2026-12-08", "IDP-000117"),
           "warehouse");
  Must("/journal/" + Str(delivery, "id") + "/reverse",
       R"({"date":"2026-12-09","reason":"wrong recipient"})", "warehouse");
  // Two more households: one of 4 (its size recorded as text), one whose
  // size is not recorded; a blanket each.
  Must(
      "/recipients",
      R"({"code":"IDP-000200","kind":"idp_household","name":"Домогосподарство ВПО 200","region":"Харківська область","personal":{"names":["Петро","Ганна"],"phone":"+380671112233","household_size":"4"}})");
  Must(
      "/recipients",
      R"({"code":"IDP-000201","kind":"idp_household","name":"Домогосподарство ВПО 201","region":"Харківська область"})");
  Must("/deliveries", DeliveryBody("KYIV-1", "NFI-BLANKET", "1", "2026-12-10", "IDP-000200"),
       "warehouse");
  Must("/deliveries", DeliveryBody("KYIV-1", "NFI-BLANKET", "1", "2026-12-11", "IDP-000201"),
       "warehouse");
  const std::string raw = ReportText("?from=2026-12-01&to=2026-12-31", "donor", "december.pdf");
  const std::string text = Flat(raw);
  for (const char* s :
       {"Medical 0.00 0.00 0.00 100.00", "Shelter 0.00 24.00 8.00 88.00",
        "Total, EUR 0.00 24.00 8.00 188.00", "IDP households Харківська область 2 2 16.00",
        "Military units Донецька область 1 1 8.00",
        "Reached in the period: 2 IDP households (4 people) and 1 organisation",
        "Household size not recorded for 1 household.",
        "No payments were made from the donor's funds in this period.",
        "Remaining at the end of the period (31 December 2026) 4 100.00"}) {
    EXPECT_NE(text.find(s), std::string::npos) << s << " in\n" << raw;
  }
  // The household got nothing in the end, so it is not listed at all.
  EXPECT_EQ(text.find("IDP households Київська"), std::string::npos) << raw;
  ExpectNoPersonalData(raw);
  for (const char* s :
       {"Петро", "Ганна", "380671112233", "IDP-000200", "IDP-000201", "Домогосподарство ВПО 20"}) {
    EXPECT_EQ(text.find(s), std::string::npos) << "\"" << s << "\" is in the report:\n" << raw;
  }
}

}  // namespace
}  // namespace zapas::testing
