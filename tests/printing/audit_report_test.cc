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

namespace zapas::printing {
namespace {

using testing::HaveTool;
using testing::PageCount;
using testing::RunTool;
using testing::Contains;
using testing::TempDir;
using testing::Text;

constexpr int64_t kFixedTime = 1795680000;  // 2026-11-26T08:00:00Z

PrintOptions Deterministic() {
  PrintOptions o;
  o.fixed_time = kFixedTime;
  return o;
}

Money M(int64_t minor, const char* currency) {
  return Money::FromMinor(minor, *FindCurrency(currency));
}

// splitmix64: reproducible made-up hashes.
uint64_t Mix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

std::string Hex64(uint64_t seed) {
  static const char kDigits[] = "0123456789abcdef";
  std::string s;
  for (int part = 0; part < 4; ++part) {
    uint64_t v = Mix(seed * 4 + static_cast<uint64_t>(part));
    for (int i = 0; i < 16; ++i, v >>= 4) s += kDigits[v & 15];
  }
  return s;
}

// `n` entries of 2026 in the proportions of a busy cluster: receipts,
// deliveries, transfers, adjustments, proofs of delivery and money operations.
std::vector<AuditEntry> SyntheticEntries(int n, int64_t first_id = 1) {
  struct Kind {
    const char* kind;
    const char* prefix;
    const char* summary;
    const char* currency;
  };
  static const Kind kKinds[] = {
      {"receipt", "GRN", "DE-HILFE → KYIV-1 · DN-2026/114 · позицій / lines: 3", "EUR"},
      {"delivery", "WB", "KYIV-1 → MU-A1234 · позицій / lines: 2", "EUR"},
      {"delivery", "WB", "LVIV-1 → IDP-000117 · позицій / lines: 5", "UAH"},
      {"transfer", "TRN", "KYIV-1 → LVIV-1 · позицій / lines: 1", "USD"},
      {"adjustment", "ADJ", "KYIV-1 · damaged · позицій / lines: 1", "EUR"},
      {"confirmation", "", "WB-2026-000412 · отримав / received by Петренко Ї. І.", nullptr},
      {"cash_donation", "CD", "US-RELIEF → BK-USD", "USD"},
      {"payment", "PAY", "BK-UAH → Генератори 5 кВт, 4 шт. · за рахунок / charged to DE-HILFE",
       "UAH"},
      {"bank_fee", "FEE", "BK-EUR · Комісія банку за SWIFT-переказ", "EUR"},
  };
  static const char* kUsers[] = {"sklad", "kasa", "admin", "sklad-kharkiv"};
  std::vector<AuditEntry> entries;
  entries.reserve(static_cast<size_t>(n));
  const int32_t first_day = Date::FromCivil(2026, 1, 1).days();
  for (int i = 0; i < n; ++i) {
    const uint64_t r = Mix(static_cast<uint64_t>(i));
    const Kind& k = kKinds[r % std::size(kKinds)];
    AuditEntry e;
    e.id = first_id + i;
    e.kind = k.kind;
    if (*k.prefix != '\0') {
      char number[32];
      std::snprintf(number, sizeof number, "%s-2026-%06d", k.prefix, i + 1);
      e.number = number;
    }
    const int32_t day = first_day + static_cast<int32_t>(static_cast<int64_t>(i) * 365 / n);
    e.date = Date::FromDays(day);
    e.recorded_at = FormatTimestamp(int64_t{day} * 86400 + static_cast<int64_t>((r >> 8) % 86400));
    e.recorded_by = kUsers[(r >> 20) % std::size(kUsers)];
    e.summary = k.summary;
    if (k.currency != nullptr) {
      e.amounts.push_back(M(static_cast<int64_t>((r >> 32) % 5000000) + 100, k.currency));
    }
    e.hash = Hex64(static_cast<uint64_t>(e.id));
    entries.push_back(std::move(e));
  }
  return entries;
}

// A report of 2026 with three currencies, four accounts, two statements (one
// with a difference), two donors and `n` entries; the head is one entry after
// the period's last.
AuditReportData SampleReport(int n) {
  AuditReportData d;
  d.org_name = "Волонтерський кластер «Запас»";
  d.org_edrpou = "45123456";
  d.from = Date::FromCivil(2026, 1, 1);
  d.to = Date::FromCivil(2026, 12, 31);
  d.currency = "UAH";
  d.generated_at = "26.11.2026 08:00 UTC";

  auto account = [](const char* code, const char* name, bool cash, const char* cur, int64_t opening,
                    int64_t in, int64_t out, int64_t booked, int64_t revalued) {
    AuditAccountRow a;
    a.code = code;
    a.name = name;
    a.cash = cash;
    a.currency = cur;
    a.opening = M(opening, cur);
    a.in = M(in, cur);
    a.out = M(out, cur);
    a.closing = M(opening + in - out, cur);
    a.booked = M(booked, "UAH");
    a.revalued = M(revalued, "UAH");
    a.difference = M(revalued - booked, "UAH");
    return a;
  };
  d.accounts = {
      account("BK-EUR", "Рахунок у євро (ПриватБанк)", false, "EUR", 120000, 1500000, 500000,
              47301650, 47776000),
      account("BK-UAH", "Поточний рахунок у гривні", false, "UAH", 2500000, 36150000, 20428500,
              18221500, 18221500),
      account("BK-USD", "Рахунок у доларах США", false, "USD", 0, 800000, 0, 32965280, 32820480),
      account("CASH-UAH", "Каса", true, "UAH", 0, 2000000, 37550, 1962450, 1962450),
  };
  auto currency = [](const char* cur, int accounts, int64_t opening, int64_t in, int64_t out,
                     int64_t booked, int64_t revalued) {
    AuditCurrencyRow c;
    c.currency = cur;
    c.accounts = accounts;
    c.opening = M(opening, cur);
    c.in = M(in, cur);
    c.out = M(out, cur);
    c.closing = M(opening + in - out, cur);
    c.booked = M(booked, "UAH");
    c.revalued = M(revalued, "UAH");
    c.difference = M(revalued - booked, "UAH");
    return c;
  };
  d.currencies = {currency("EUR", 1, 120000, 1500000, 500000, 47301650, 47776000),
                  currency("UAH", 2, 2500000, 38150000, 20466050, 20183950, 20183950),
                  currency("USD", 1, 0, 800000, 0, 32965280, 32820480)};
  d.total_booked = M(100450880, "UAH");
  d.total_revalued = M(100780430, "UAH");
  d.total_difference = M(329550, "UAH");
  d.statements = {
      {"BK-EUR", Date::FromCivil(2026, 10, 31), M(1120000, "EUR"), M(1120000, "EUR"), M(0, "EUR"),
       true},
      {"BK-UAH", Date::FromCivil(2026, 11, 5), M(18221450, "UAH"), M(18221500, "UAH"),
       M(-50, "UAH"), false},
  };
  AuditDonorRow de;
  de.code = "DE-HILFE";
  de.name = "Ukraine-Hilfe Berlin e.V.";
  de.opening = M(120000, "EUR");
  de.received = M(1500000, "EUR");
  de.spent = M(386623, "EUR");
  de.remaining = M(1233377, "EUR");
  de.remaining_booked = M(57652050, "UAH");
  de.goods_in_stock = M(912500, "EUR");
  AuditDonorRow us;
  us.code = "US-RELIEF";
  us.name = "Relief Partners USA";
  us.opening = us.spent = M(0, "USD");
  us.received = us.remaining = M(800000, "USD");
  us.remaining_booked = M(32965280, "UAH");
  us.goods_in_stock = M(1054200, "USD");
  d.donors = {de, us};
  d.undistributed_lots = 43;
  d.overdue_lots = 2;

  d.entries = SyntheticEntries(n);
  d.journal_entries = n + 1;
  d.head.id = n + 1;
  d.head.number = "PAY-2027-000001";
  d.head.kind = "payment";
  d.head.date = Date::FromCivil(2027, 1, 3);
  d.head.recorded_at = "2027-01-03T09:12:40Z";
  d.head.hash = Hex64(static_cast<uint64_t>(n + 1));
  d.qr_payload = "zapas:head:" + d.head.hash;
  return d;
}

TEST(AuditReport, ShowsTheReconciliationEveryEntryAndTheHeadHash) {
  ZAPAS_REQUIRE_TOOL("pdftotext");
  ZAPAS_REQUIRE_TOOL("qpdf");
  const AuditReportData data = SampleReport(24);
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
  const AuditReportData data = SampleReport(10000);
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
  const AuditReportData data = SampleReport(50);
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
