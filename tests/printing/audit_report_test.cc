// The treasurer's audit report (printing/audit_report.h), checked with
// pdftotext, pdfinfo and qpdf: the reconciliation tables, every entry of the
// period with its full hash, the head hash on the first and the last page, and
// 10,000 entries over some 260 pages with the header on every page. How fast
// that renders is measured by bench/documents_bench, not asserted here.
#include "printing/audit_report.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "tests/printing/pdf_tools.h"
#include "tests/printing/sample_audit_report.h"

namespace zapas::printing {
namespace {

using testing::Contains;
using testing::HaveTool;
using testing::PageCount;
using testing::RunTool;
using testing::SampleAuditReport;
using testing::TempDir;
using testing::Text;

constexpr int64_t kFixedTime = 1795680000;  // 2026-11-26T08:00:00Z

PrintOptions Deterministic() {
  PrintOptions o;
  o.fixed_time = kFixedTime;
  return o;
}

TEST(AuditReport, ShowsTheReconciliationEveryEntryAndTheHeadHash) {
  ZAPAS_REQUIRE_TOOL("pdftotext");
  ZAPAS_REQUIRE_TOOL("qpdf");
  const AuditReportData data = SampleAuditReport(24);
  auto pdf = RenderAuditReport(data, Deterministic());
  ASSERT_TRUE(pdf.ok()) << pdf.status().message();
  TempDir dir;
  const std::string path = dir.Write("audit.pdf", *pdf);
  const std::string text = Text(path);
  for (const char* s :
       {"ЗВІТ СКАРБНИКА ДЛЯ АУДИТУ", "Treasurer's audit report",
        "за період з 01.01.2026 по 31.12.2026 включно", "Волонтерський кластер «Запас»", "45123456",
        "1. Звірка грошових коштів за валютами", "Cash reconciliation by currency", "2. Рахунки",
        "3. Перевірка банківських виписок", "Bank statement checks", "4. Кошти донорів",
        "5. Записи журналу за період", "Journal entries of the period", "Підсумок", "Скарбник",
        "Treasurer", "Аудитор", "Auditor",
        // figures as printed
        "473 016,50", "477 760,00", "4 743,50", "1 004 508,80", "1 007 804,30", "3 295,50",
        "15 000,00", "-0,50 UAH", "РОЗБІЖНІСТЬ", "збігається", "Ukraine-Hilfe Berlin e.V.",
        "12 333,77", "партій — 43", "понад 90 днів", "— 2."}) {
    EXPECT_TRUE(Contains(text, s)) << s;
  }
  for (const AuditEntry& e : data.entries) {
    if (!e.number.empty()) {
      EXPECT_TRUE(Contains(text, e.number)) << e.number;
    }
    EXPECT_TRUE(Contains(text, "#" + std::to_string(e.id))) << e.id;
    // 64 hex digits on two lines of 32.
    EXPECT_TRUE(Contains(text, e.hash.substr(0, 32))) << e.hash;
    EXPECT_TRUE(Contains(text, e.hash.substr(32))) << e.hash;
  }
  // The head hash in full on page 1 and in the closing block.
  const std::string first_page = Text(path, 1, 1);
  EXPECT_TRUE(Contains(first_page, data.head.hash)) << first_page;
  EXPECT_TRUE(Contains(first_page, "PAY-2027-000001 (#25)"));
  const int pages = PageCount(path);
  EXPECT_TRUE(Contains(Text(path, pages, pages), data.head.hash));
  EXPECT_TRUE(Contains(text, "сторінка 1 з " + std::to_string(pages)));
  // The QR code carries the head hash.
  EXPECT_EQ(testing::DecodeQr(path, 1, dir), data.qr_payload);
  EXPECT_EQ(RunTool("qpdf --check " + path + " >/dev/null").exit_code, 0);
}

// The pages of a PDF's text: pdftotext ends each with a form feed.
std::vector<std::string> Pages(const std::string& text) {
  std::vector<std::string> pages;
  size_t start = 0;
  for (size_t ff = text.find('\f'); ff != std::string::npos; ff = text.find('\f', start)) {
    pages.push_back(text.substr(start, ff - start));
    start = ff + 1;
  }
  return pages;
}

TEST(AuditReport, TenThousandEntriesWithTheHeaderOnEveryPage) {
  ZAPAS_REQUIRE_TOOL("pdftotext");
  const AuditReportData data = SampleAuditReport(10000);
  auto pdf = RenderAuditReport(data, Deterministic());
  ASSERT_TRUE(pdf.ok()) << pdf.status().message();
  TempDir dir;
  const std::string path = dir.Write("audit-10000.pdf", *pdf);
  const std::string text = Text(path);
  const std::vector<std::string> pages = Pages(text);
  ASSERT_EQ(static_cast<int>(pages.size()), PageCount(path));
  EXPECT_GT(pages.size(), 150u) << "about 38 entries a page";
  EXPECT_LT(pages.size(), 400u);
  std::printf("%zu pages\n", pages.size());
  // Every page the journal runs onto repeats its header, and says it continues.
  size_t journal_pages = 0;
  for (size_t p = 0; p < pages.size(); ++p) {
    if (!Contains(pages[p], "(продовження) / Journal entries of the period (continued)")) continue;
    ++journal_pages;
    EXPECT_TRUE(Contains(pages[p], "Хеш запису, SHA-256")) << "page " << p + 1;
    EXPECT_TRUE(Contains(pages[p], "Entry hash")) << "page " << p + 1;
  }
  EXPECT_GE(journal_pages, pages.size() - 2);
  // Every entry, in order, with its hash.
  size_t at = 0;
  for (const AuditEntry& e : data.entries) {
    const std::string& key = e.number.empty() ? e.hash.substr(0, 32) : e.number;
    const size_t found = text.find(key, at);
    ASSERT_NE(found, std::string::npos) << key << " missing or out of order";
    at = found;
    // The hash's second line follows its first, beneath the row's first line.
    const size_t second = text.find(e.hash.substr(32), text.find(e.hash.substr(0, 32), found));
    ASSERT_NE(second, std::string::npos) << e.hash;
    EXPECT_LT(second - found, 400u) << e.hash;
  }
  // The last page closes with the head hash and the count.
  const std::string& last = pages.back();
  const std::string n = std::to_string(pages.size());
  EXPECT_TRUE(Contains(last, data.head.hash)) << last;
  EXPECT_TRUE(Contains(last, "Записів у звіті / Entries listed")) << last;
  EXPECT_TRUE(Contains(last, "10000")) << last;
  EXPECT_TRUE(Contains(last, "сторінка " + n + " з " + n)) << last;
}

TEST(AuditReport, AnEmptyPeriodAndAnEmptyJournalSaySo) {
  ZAPAS_REQUIRE_TOOL("pdftotext");
  AuditReportData data;
  data.org_name = "Запас";
  data.from = Date::FromCivil(2026, 1, 1);
  data.to = Date::FromCivil(2026, 1, 31);
  data.currency = "EUR";
  auto pdf = RenderAuditReport(data, Deterministic());
  ASSERT_TRUE(pdf.ok()) << pdf.status().message();
  TempDir dir;
  const std::string text = Text(dir.Write("empty.pdf", *pdf));
  EXPECT_TRUE(Contains(text, "Записів за період немає")) << text;
  EXPECT_TRUE(Contains(text, "журнал порожній / the journal is empty")) << text;
  EXPECT_TRUE(Contains(text, "Банківських виписок за період не внесено")) << text;
  EXPECT_TRUE(Contains(text, "Рахунків немає")) << text;
}

TEST(AuditReport, RefusesAPeriodThatEndsBeforeItBegins) {
  AuditReportData data;
  data.from = Date::FromCivil(2026, 2, 1);
  data.to = Date::FromCivil(2026, 1, 31);
  auto pdf = RenderAuditReport(data, Deterministic());
  ASSERT_FALSE(pdf.ok());
  EXPECT_EQ(pdf.status().code(), StatusCode::kInvalid);
}

TEST(AuditReport, TheSameDataPrintsTheSameBytes) {
  const AuditReportData data = SampleAuditReport(50);
  auto a = RenderAuditReport(data, Deterministic());
  auto b = RenderAuditReport(data, Deterministic());
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(*a, *b);
}

TEST(AuditReport, KnowsTheKindsOfTheJournal) {
  EXPECT_EQ(EntryKindLabels("receipt").first, "Надходження");
  EXPECT_EQ(EntryKindLabels("exchange").second, "Exchange");
  EXPECT_EQ(EntryKindLabels("something_new").first, "something_new");
}

}  // namespace
}  // namespace zapas::printing
