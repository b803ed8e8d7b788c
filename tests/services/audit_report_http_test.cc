// The treasurer's audit report from the real server:
// GET /api/v1/reports/audit.pdf?from=&to=&currency= (admin, treasurer,
// auditor) and `zapas print audit`, read back with pdftotext and checked with
// qpdf. Its figures must be those of GET /reports/reconciliation for the same
// period, its entries those of GET /journal dated within the period (and no
// other), and its head hash the last hash of GET /journal.
//
// The books (October 2026 is the period):
//   rates    EUR 40.0000 from 2026-09-01, 42.5000 from 2026-10-30
//   accounts BK-EUR (EUR bank), BK-UAH (UAH bank), CASH-UAH (UAH cash)
//   2026-09-20 DE-HILFE gives 100.00 EUR to BK-EUR         (before the period)
//   2026-10-01 a receipt of 10 MED-IFAK at 12.50 EUR into KYIV-1
//   2026-10-05 DE-HILFE gives 1000.00 EUR to BK-EUR
//   2026-10-10 200.00 EUR of BK-EUR sold for 8100.00 UAH to BK-UAH
//   2026-10-12 1000.00 UAH from BK-UAH to CASH-UAH
//   2026-10-15 CASH-UAH pays 500.00 UAH for blankets, charged to DE-HILFE
//   2026-10-18 3 MED-IFAK delivered to MU-A1234, confirmed on 2026-10-19
//   2026-10-20 BK-EUR pays a 2.50 EUR bank fee
//   2026-11-05 DE-HILFE gives 10.00 EUR to BK-EUR             (after the period)
//   statements BK-EUR 2026-10-31 at 897.00 EUR (books 897.50: a difference),
//              BK-UAH 2026-10-31 at 7100.00 UAH (matched)
#include <gtest/gtest.h>

#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <fstream>

#include "tests/services/fixture.h"

namespace zapas::testing {
namespace {

// "-1234.50" as printed: "-1 234,50".
std::string Printed(const std::string& amount) {
  std::string sign, s = amount;
  if (!s.empty() && s[0] == '-') {
    sign = "-";
    s.erase(0, 1);
  }
  const size_t dot = s.find('.');
  const std::string whole = s.substr(0, dot);
  std::string grouped;
  for (size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) grouped += ' ';
    grouped += whole[i];
  }
  return sign + grouped + (dot == std::string::npos ? "" : "," + s.substr(dot + 1));
}

// The amount of a Money member, as printed.
std::string PrintedAmount(const Poco::JSON::Object::Ptr& o, const std::string& key) {
  return Printed(Str(Obj(o, key), "amount"));
}

bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// "#12" in the text, not followed by another digit (so "#1" is not "#12").
bool ContainsId(const std::string& text, const std::string& id) {
  const std::string needle = "#" + id;
  for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at + 1)) {
    const size_t end = at + needle.size();
    if (end == text.size() || !std::isdigit(static_cast<unsigned char>(text[end]))) return true;
  }
  return false;
}

// The text between `from` and `to` (both must be there; else "").
std::string Between(const std::string& text, const std::string& from, const std::string& to) {
  const size_t a = text.find(from);
  const size_t b = a == std::string::npos ? a : text.find(to, a);
  return b == std::string::npos ? "" : text.substr(a, b - a);
}

// pdftotext, pdfinfo (poppler-utils) and qpdf, which scripts/install-deps.sh provides.
#define REQUIRE_PDF_TOOLS()                                                                    \
  ASSERT_EQ(std::system("command -v pdftotext >/dev/null && command -v pdfinfo >/dev/null && " \
                        "command -v qpdf >/dev/null"),                                         \
            0)                                                                                 \
      << "pdftotext, pdfinfo and qpdf are needed: run scripts/install-deps.sh"

class AuditReportTest : public ZapasServerTest {
 protected:
  void Book() {
    Must("/rates",
         R"([{"r030":978,"txt":"Євро","rate":40.0000,"cc":"EUR","exchangedate":"01.09.2026"},
             {"r030":978,"txt":"Євро","rate":42.5000,"cc":"EUR","exchangedate":"30.10.2026"}])",
         "treasurer");
    Must("/accounts", R"({"code":"BK-EUR","name":"Рахунок у євро","currency":"EUR","kind":"bank"})",
         "treasurer");
    Must("/accounts",
         R"({"code":"BK-UAH","name":"Рахунок у гривні","currency":"UAH","kind":"bank"})",
         "treasurer");
    Must("/accounts", R"({"code":"CASH-UAH","name":"Каса","currency":"UAH","kind":"cash"})",
         "treasurer");
    Must("/cash/donations", Donation("2026-09-20", "100.00"), "treasurer");
    Receive("KYIV-1", "MED-IFAK", "10", "IFAK-A", "2027-12-31", "12.50", "2026-10-01");
    Must("/cash/donations", Donation("2026-10-05", "1000.00"), "treasurer");
    Must("/cash/exchanges",
         R"({"date":"2026-10-10","account_from":"BK-EUR","account_to":"BK-UAH",
             "sold":{"amount":"200.00","currency":"EUR"},
             "bought":{"amount":"8100.00","currency":"UAH"}})",
         "treasurer");
    Must("/cash/transfers",
         R"({"date":"2026-10-12","account_from":"BK-UAH","account_to":"CASH-UAH",
             "amount":{"amount":"1000.00","currency":"UAH"}})",
         "treasurer");
    Must("/cash/payments",
         R"({"date":"2026-10-15","account":"CASH-UAH","purpose":"Ковдри для ВПО","donor":"DE-HILFE",
             "amount":{"amount":"500.00","currency":"UAH"}})",
         "treasurer");
    auto delivery =
        Must("/deliveries", DeliveryBody("KYIV-1", "MED-IFAK", "3", "2026-10-18"), "warehouse");
    Must("/deliveries/" + Str(delivery, "id") + "/confirm",
         R"({"received_by":"Петренко Ї. І.","received_at":"2026-10-19T09:30:00Z"})", "warehouse");
    Must("/cash/fees",
         R"({"date":"2026-10-20","account":"BK-EUR","purpose":"SWIFT",
             "amount":{"amount":"2.50","currency":"EUR"}})",
         "treasurer");
    Must("/cash/donations", Donation("2026-11-05", "10.00"), "treasurer");
    Must("/accounts/BK-EUR/statements",
         R"({"date":"2026-10-31","balance":{"amount":"897.00","currency":"EUR"}})", "treasurer");
    Must("/accounts/BK-UAH/statements",
         R"({"date":"2026-10-31","balance":{"amount":"7100.00","currency":"UAH"}})", "treasurer");
  }

  static std::string Donation(const std::string& date, const std::string& amount) {
    return R"({"donor":"DE-HILFE","date":")" + date + R"(","amount":{"amount":")" + amount +
           R"(","currency":"EUR"},"account":"BK-EUR"})";
  }

  // Saves the PDF answer of `path` for `role` and returns the file's name.
  std::string SavePdf(const std::string& path, const std::string& name, const std::string& role) {
    HttpReply r = Get(path, role);
    EXPECT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(MediaType(r.content_type), "application/pdf");
    EXPECT_EQ(r.body.rfind("%PDF-", 0), 0u);
    const std::string file = server_->dir() + "/" + name;
    std::ofstream(file, std::ios::binary) << r.body;
    return file;
  }

  static std::string Text(const std::string& file, int page = 0) {
    const std::string range =
        page > 0 ? " -f " + std::to_string(page) + " -l " + std::to_string(page) : "";
    return Shell("pdftotext -layout" + range + " " + file + " -");
  }

  static int Pages(const std::string& file) {
    const std::string info = Shell("pdfinfo " + file);
    const size_t at = info.find("Pages:");
    return at == std::string::npos ? -1 : std::atoi(info.c_str() + at + 6);
  }

  // Every item of GET /journal, following `next`.
  std::vector<Poco::JSON::Object::Ptr> Journal() {
    std::vector<Poco::JSON::Object::Ptr> out;
    std::string after;
    for (;;) {
      HttpReply r = Get("/journal?limit=100" + (after.empty() ? "" : "&after=" + after), "auditor");
      if (r.status != 200) throw std::runtime_error("GET /journal: " + r.body);
      auto page = ParseObject(r.body);
      auto items = Arr(page, "items");
      for (size_t i = 0; i < items->size(); ++i) out.push_back(At(items, i));
      if (page->get("next").isEmpty()) return out;
      after = Str(page, "next");
    }
  }
};

TEST_F(AuditReportTest, ShowsTheReconciliationAndEveryEntryOfThePeriodWithItsHash) {
  REQUIRE_PDF_TOOLS();
  Book();
  const std::string query = "?from=2026-10-01&to=2026-10-31";
  const std::string file = SavePdf("/reports/audit.pdf" + query, "audit.pdf", "treasurer");
  const std::string text = Text(file);
  EXPECT_TRUE(Contains(text, "ЗВІТ СКАРБНИКА ДЛЯ АУДИТУ")) << text;
  EXPECT_TRUE(Contains(text, "за період з 01.10.2026 по 31.10.2026")) << text;

  // The reconciliation figures of the same period, as the JSON report has them.
  HttpReply json = Get("/reports/reconciliation" + query, "treasurer");
  ASSERT_EQ(json.status, 200) << json.body;
  auto report = ParseObject(json.body);
  auto accounts = Arr(report, "accounts");
  ASSERT_EQ(accounts->size(), 3u);
  for (size_t i = 0; i < accounts->size(); ++i) {
    auto a = At(accounts, i);
    EXPECT_TRUE(Contains(text, Str(a, "code"))) << Str(a, "code");
    for (const char* key : {"opening", "in", "out", "closing", "closing_booked", "closing_revalued",
                            "exchange_difference"}) {
      EXPECT_TRUE(Contains(text, PrintedAmount(a, key)))
          << Str(a, "code") << " " << key << " " << PrintedAmount(a, key);
    }
    auto statements = Arr(a, "statements");
    for (size_t k = 0; k < statements->size(); ++k) {
      auto s = At(statements, k);
      for (const char* key : {"balance", "book_balance", "difference"}) {
        EXPECT_TRUE(Contains(text, PrintedAmount(s, key) + " " + Str(Obj(s, key), "currency")))
            << Str(a, "code") << " statement " << key;
      }
    }
  }
  auto totals = Obj(report, "totals");
  for (const char* key : {"closing_booked", "closing_revalued", "exchange_difference"}) {
    EXPECT_TRUE(Contains(text, PrintedAmount(totals, key))) << key;
  }
  // The books by hand: BK-EUR closes at 100 + 1000 - 200 - 2.50 = 897.50 EUR,
  // revalued at 42.50 = 38 143.75 UAH; its statement of 897.00 is 0.50 short.
  EXPECT_TRUE(Contains(text, "897,50")) << text;
  EXPECT_TRUE(Contains(text, "38 143,75")) << text;
  EXPECT_TRUE(Contains(text, "-0,50 EUR")) << text;
  EXPECT_TRUE(Contains(text, "РОЗБІЖНІСТЬ")) << text;
  EXPECT_TRUE(Contains(text, "збігається")) << text;
  auto donors = Arr(report, "donors");
  ASSERT_GE(donors->size(), 1u);
  EXPECT_TRUE(Contains(text, PrintedAmount(At(donors, 0), "remaining"))) << text;

  // Every entry dated within the period with its full hash, and no other, in
  // the journal section (the head, outside the period, is named elsewhere).
  const std::string listed =
      Between(text, "5. Записи журналу за період", "Записів у звіті / Entries listed");
  ASSERT_FALSE(listed.empty()) << text;
  const std::vector<Poco::JSON::Object::Ptr> journal = Journal();
  ASSERT_EQ(journal.size(), 10u);
  int inside = 0;
  for (const auto& e : journal) {
    const std::string date = Str(e, "date");
    const std::string hash = Str(e, "hash");
    ASSERT_EQ(hash.size(), 64u);
    const bool in_period = date >= "2026-10-01" && date <= "2026-10-31";
    const std::string number = e->get("number").isEmpty() ? "" : Str(e, "number");
    if (in_period) {
      ++inside;
      if (!number.empty()) {
        EXPECT_TRUE(Contains(listed, number)) << number;
      }
      EXPECT_TRUE(ContainsId(listed, Str(e, "id"))) << Str(e, "id");
      // 64 hex digits on two lines of 32.
      EXPECT_TRUE(Contains(listed, hash.substr(0, 32))) << Str(e, "kind") << " " << hash;
      EXPECT_TRUE(Contains(listed, hash.substr(32))) << Str(e, "kind") << " " << hash;
    } else {
      if (!number.empty()) {
        EXPECT_FALSE(Contains(listed, number)) << number << " is outside";
      }
      EXPECT_FALSE(ContainsId(listed, Str(e, "id"))) << date << " is outside";
      EXPECT_FALSE(Contains(listed, hash.substr(0, 32))) << date << " is outside";
    }
  }
  EXPECT_EQ(inside, 8);
  EXPECT_TRUE(Contains(listed, "8 записів")) << listed;
  EXPECT_TRUE(Contains(text, "Записів за період / Entries in the period")) << text;
  // The kinds in both languages, and what each entry was about.
  for (const char* s : {"Пожертва", "Donation", "Обмін валюти", "Exchange", "Переказ коштів",
                        "Оплата", "Комісія банку", "Надходження", "Видача", "Підтвердження",
                        "DE-HILFE → BK-EUR", "BK-EUR → BK-UAH", "8 100,00 UAH", "200,00 EUR",
                        "KYIV-1 → MU-A1234", "2026-10-19T09:30:00Z", "Ковдри для ВПО"}) {
    EXPECT_TRUE(Contains(text, s)) << s;
  }
  // Who received a delivery is personal data: the report says when, not who.
  EXPECT_FALSE(Contains(text, "Петренко")) << text;

  // The head hash: the last item of GET /journal (the November donation,
  // outside the period), in full on the first page and in the closing block.
  const std::string head = Str(journal.back(), "hash");
  EXPECT_TRUE(Contains(Text(file, 1), head)) << Text(file, 1);
  const int pages = Pages(file);
  ASSERT_GE(pages, 1);
  EXPECT_TRUE(Contains(Text(file, pages), head)) << Text(file, pages);
  EXPECT_TRUE(Contains(Text(file, pages), "Підсумок"));

  // Structurally sound, with the Cyrillic font embedded.
  int status = -1;
  Shell("qpdf --check " + file, &status);
  EXPECT_EQ(status, 0) << "qpdf --check failed";
  const std::string fonts = Shell("pdffonts " + file);
  EXPECT_NE(fonts.find("DejaVu"), std::string::npos) << fonts;
}

TEST_F(AuditReportTest, ForTreasurerAuditorAndAdminOnly) {
  REQUIRE_PDF_TOOLS();
  Book();
  const std::string path = "/reports/audit.pdf?from=2026-10-01&to=2026-10-31";
  const std::string file = SavePdf(path, "auditor.pdf", "auditor");
  EXPECT_TRUE(Contains(Text(file), "ЗВІТ СКАРБНИКА ДЛЯ АУДИТУ"));
  SavePdf(path, "admin.pdf", "admin");
  EXPECT_TRUE(IsProblem(Get(path, "warehouse"), 403));
  EXPECT_TRUE(IsProblem(Get(path, "donor"), 403));
  EXPECT_EQ(client_->Get("/api/v1" + path).status, 401);
}

TEST_F(AuditReportTest, RefusesABadQuery) {
  Book();
  HttpReply no_to = Get("/reports/audit.pdf?from=2026-10-01", "treasurer");
  EXPECT_TRUE(IsProblem(no_to, 422));
  EXPECT_EQ(FirstErrorField(no_to), "to") << no_to.body;
  HttpReply reversed = Get("/reports/audit.pdf?from=2026-10-31&to=2026-10-01", "treasurer");
  EXPECT_TRUE(IsProblem(reversed, 422));
  EXPECT_EQ(FirstErrorField(reversed), "to") << reversed.body;
  HttpReply bad_date = Get("/reports/audit.pdf?from=2026-13-01&to=2026-12-31", "treasurer");
  EXPECT_TRUE(IsProblem(bad_date, 422));
  EXPECT_EQ(FirstErrorField(bad_date), "from") << bad_date.body;
  HttpReply currency =
      Get("/reports/audit.pdf?from=2026-10-01&to=2026-10-31&currency=XXX", "treasurer");
  EXPECT_TRUE(IsProblem(currency, 422));
  EXPECT_EQ(FirstErrorField(currency), "currency") << currency.body;
  // A report currency without a rate on `to` is refused as by the JSON report.
  HttpReply usd = Get("/reports/audit.pdf?from=2026-10-01&to=2026-10-31&currency=USD", "treasurer");
  EXPECT_TRUE(IsProblem(usd, 422)) << usd.body;
}

TEST_F(AuditReportTest, InAnotherCurrencyAndFromTheCommandLine) {
  REQUIRE_PDF_TOOLS();
  Book();
  const std::string query = "?from=2026-10-01&to=2026-10-31&currency=EUR";
  const std::string text = Text(SavePdf("/reports/audit.pdf" + query, "eur.pdf", "auditor"));
  HttpReply json = Get("/reports/reconciliation" + query, "auditor");
  ASSERT_EQ(json.status, 200) << json.body;
  auto totals = Obj(ParseObject(json.body), "totals");
  EXPECT_EQ(Str(Obj(totals, "closing_revalued"), "currency"), "EUR");
  EXPECT_TRUE(Contains(text, "Разом, EUR / Total, EUR")) << text;
  EXPECT_TRUE(Contains(text, PrintedAmount(totals, "closing_revalued"))) << text;
  EXPECT_TRUE(Contains(text, PrintedAmount(totals, "exchange_difference"))) << text;

  // `zapas print audit` prints the same report from the database, while the
  // server runs.
  const std::string out = server_->dir() + "/cli-audit.pdf";
  const std::string said =
      server_->Run({"print", "audit", "--from", "2026-10-01", "--to", "2026-10-31", "-o", out});
  EXPECT_TRUE(Contains(said, "written")) << said;
  const std::string cli = Text(out);
  EXPECT_TRUE(Contains(cli, "ЗВІТ СКАРБНИКА ДЛЯ АУДИТУ")) << said;
  const std::vector<Poco::JSON::Object::Ptr> journal = Journal();
  EXPECT_TRUE(Contains(cli, Str(journal.back(), "hash"))) << cli;
}

TEST_F(AuditReportTest, AnEmptyPeriodStillCarriesTheHeadHash) {
  REQUIRE_PDF_TOOLS();
  Book();
  const std::string file =
      SavePdf("/reports/audit.pdf?from=2026-12-01&to=2026-12-31", "empty.pdf", "treasurer");
  const std::string text = Text(file);
  EXPECT_TRUE(Contains(text, "Записів за період немає")) << text;
  EXPECT_TRUE(Contains(text, Str(Journal().back(), "hash"))) << text;
}

}  // namespace
}  // namespace zapas::testing
