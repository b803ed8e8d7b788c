// documents_bench: how long Zapas takes to render its printed documents, in
// process (no server): a waybill, a goods received note and the treasurer's
// audit report of 10,000 journal entries, with the process's peak memory.
//
// A program run by hand, not a test:
//   build/bench/documents_bench [--renders N] [--entries N] [--write DIR]
//
// 1. renders the sample waybill (tests/printing/sample_waybill.h) of 6 lines
//    (one page) and of 80 lines (four pages), and the sample goods received
//    note (tests/printing/sample_grn.h), each once to warm up and then
//    --renders times; prints the median, the fastest and the slowest render
//    and the PDF's size;
// 2. renders the treasurer's audit report (printing/audit_report.h) of a year
//    with --entries synthetic journal entries once, and prints its time and the
//    process's peak memory (VmHWM, reset through /proc/self/clear_refs after
//    the data is made and just before the render);
// 3. prints a summary with the goals: a waybill in < 50 ms, the audit report
//    of 10,000 entries in < 2 s with a peak below 200 MB.
//
// Every document is rendered with a fixed time, as the golden tests do
// (tests/printing/golden_test.cc), so the bytes written by --write are the same
// on every run.
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "bench/bench_support.h"
#include "domain/date.h"
#include "domain/money.h"
#include "domain/status.h"
#include "printing/audit_report.h"
#include "printing/grn.h"
#include "printing/pdf_document.h"
#include "printing/waybill.h"
#include "tests/printing/sample_grn.h"
#include "tests/printing/sample_waybill.h"

namespace {

using namespace zapas::bench;
using zapas::Date;
using zapas::Money;
using zapas::Result;
using zapas::printing::PrintOptions;

constexpr int64_t kFixedTime = 1795680000;  // 2026-11-26T08:00:00Z, as the golden tests
constexpr double kWaybillGoalMs = 50;
constexpr double kAuditGoalS = 2;
constexpr double kAuditGoalMb = 200;

struct Options {
  int renders = 50;
  int entries = 10000;
  std::string write_dir;  // where to write the rendered PDFs; empty: nowhere
};

const char* kUsage =
    "Usage: documents_bench [--renders N] [--entries N] [--write DIR]\n"
    "  --renders N  timed renders of each waybill and of the GRN, after one warm-up\n"
    "               (default 50); the median is reported\n"
    "  --entries N  journal entries of the audit report (default 10000)\n"
    "  --write DIR  also write the rendered PDFs to DIR (created if missing)\n";

Options ParseOptions(int argc, char** argv) {
  Options o;
  OptionReader r(argc, argv, kUsage);
  while (r.Next()) {
    const std::string& a = r.option();
    if (a == "--renders") {
      o.renders = static_cast<int>(r.Number());
    } else if (a == "--entries") {
      o.entries = static_cast<int>(r.Number());
    } else if (a == "--write") {
      o.write_dir = r.Value();
    } else {
      r.Unknown();
    }
  }
  if (o.renders < 1) Die("--renders must be at least 1");
  if (o.entries < 1) Die("--entries must be at least 1");
  return o;
}

PrintOptions Deterministic() {
  PrintOptions o;
  o.fixed_time = kFixedTime;
  return o;
}

void WritePdf(const Options& opt, const std::string& name, const std::string& bytes) {
  if (opt.write_dir.empty()) return;
  std::filesystem::create_directories(opt.write_dir);
  const std::string path = opt.write_dir + "/" + name + ".pdf";
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
  if (!out) Die("cannot write " + path);
  Say("  wrote %s", path.c_str());
}

// The pages of a libharu PDF: its page objects ("/Type /Page" but not
// "/Type /Pages").
int CountPages(const std::string& pdf) {
  int pages = 0;
  const std::string key = "/Type /Page";
  for (size_t at = pdf.find(key); at != std::string::npos; at = pdf.find(key, at + 1)) {
    if (at + key.size() >= pdf.size() || pdf[at + key.size()] != 's') ++pages;
  }
  return pages;
}

// The peak memory of this process (VmHWM).
Memory Self() { return ReadMemory(getpid()); }

// Resets this process's VmHWM to its current VmRSS (Linux >= 4.0: "5" to
// /proc/self/clear_refs). False when the kernel refuses; the peak read later
// then includes what came before.
bool ResetPeakMemory() {
  std::ofstream out("/proc/self/clear_refs");
  out << "5";
  out.flush();
  return static_cast<bool>(out);
}

// ---------------------------------------------------------------------------
// Timing renders.

struct Timing {
  std::string what;
  std::vector<double> ms;  // every timed render, sorted
  double warmup_ms = 0;    // the first render (font files read from disk)
  size_t bytes = 0;
  int pages = 0;

  double median() const {
    const size_t n = ms.size();
    return n % 2 == 1 ? ms[n / 2] : (ms[n / 2 - 1] + ms[n / 2]) / 2;
  }
  double fastest() const { return ms.front(); }
  double slowest() const { return ms.back(); }
};

// Renders once to warm up, then `renders` times; Die when a render fails or
// a render's bytes differ from the first one's (the time is fixed).
Timing TimeRenders(const Options& opt, const std::string& what, const std::string& file_name,
                   const std::function<Result<std::string>()>& render) {
  Say("%s: 1 warm-up + %d renders ...", what.c_str(), opt.renders);
  Timing t;
  t.what = what;
  auto start = Clock::now();
  const std::string first = Must(render(), what);
  t.warmup_ms = Since(start) * 1000;
  t.bytes = first.size();
  t.pages = CountPages(first);
  for (int i = 0; i < opt.renders; ++i) {
    start = Clock::now();
    const std::string pdf = Must(render(), what);
    t.ms.push_back(Since(start) * 1000);
    if (pdf != first) Die(what + ": two renders with a fixed time differ");
  }
  std::sort(t.ms.begin(), t.ms.end());
  Say("  median %.2f ms (fastest %.2f, slowest %.2f; warm-up %.2f ms); %d page%s, %.1f KB",
      t.median(), t.fastest(), t.slowest(), t.warmup_ms, t.pages, t.pages == 1 ? "" : "s",
      t.bytes / 1000.0);
  WritePdf(opt, file_name, first);
  return t;
}

// ---------------------------------------------------------------------------
// The audit report.

// splitmix64: reproducible pseudo-random numbers.
uint64_t Mix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

// 64 hex digits, like a SHA-256 (made up: the report only prints them).
std::string Hex64(uint64_t seed) {
  static const char kDigits[] = "0123456789abcdef";
  std::string s;
  for (int part = 0; part < 4; ++part) {
    uint64_t v = Mix(seed * 4 + static_cast<uint64_t>(part));
    for (int i = 0; i < 16; ++i, v >>= 4) s += kDigits[v & 15];
  }
  return s;
}

const zapas::Currency& CurrencyOf(const char* code) {
  const zapas::Currency* c = zapas::FindCurrency(code);
  if (c == nullptr) Die(std::string("no ") + code + " in the currency table");
  return *c;
}

Money Minor(int64_t minor_units, const char* currency) {
  return Money::FromMinor(minor_units, CurrencyOf(currency));
}

// The audit report of a year (2026) whose journal holds `n` entries in the
// proportions of a busy cluster: deliveries most, then receipts, transfers,
// confirmations, donations, payments, exchanges, bank fees, adjustments;
// recorded by a few users, with one-line summaries (some long enough to wrap,
// one longer than the report prints), amounts in UAH, EUR and USD (two for an
// exchange, none for a confirmation or an adjustment).
// The reconciliation sections are small and consistent (closing = opening +
// in - out); the figures are made up.
zapas::printing::AuditReportData SyntheticAuditReport(int n) {
  using namespace zapas::printing;
  struct Kind {
    const char* kind;
    const char* prefix;  // of the document number; "" for an event
    const char* summary;
    int amounts;           // how many amounts the entry shows
    const char* currency;  // of its amount; "" for any (a stock movement's value)
    int64_t max_minor;     // the largest amount, in minor units
  };
  static const Kind kKinds[] = {
      {"delivery", "WB", "Склад KYIV-1 → КНП «Ізюмська центральна міська лікарня»; 12 позицій", 1,
       "", 5000000},
      {"delivery", "WB", "Склад KYIV-1 → в/ч А1234 (акт приймання-передачі); 6 позицій", 1, "",
       5000000},
      {"delivery", "WB",
       "Склад KHARKIV-2 → ВПО, м. Харків, гуртожиток на вул. Академіка Павлова, 120; 48 "
       "домогосподарств, 131 особа; набори гігієнічні та продуктові",
       1, "", 5000000},
      {"receipt", "GRN",
       "Deutsches Rotes Kreuz e.V. → Склад KYIV-1; Invoice 77, CMR DE-2026-118204", 1, "EUR",
       5000000},
      {"transfer", "TR", "Склад KYIV-1 → Склад KHARKIV-2; рейс 14, Mercedes-Benz Sprinter", 1, "",
       5000000},
      {"confirmation", "", "Підтвердження отримання: підписана накладна, фото", 0, "", 0},
      {"cash_donation", "CD", "DE-HILFE → BK-EUR; SEPA 2026-000417", 1, "EUR", 5000000},
      {"payment", "PAY", "BK-UAH → ТОВ «Логістик-Плюс»; рахунок 118 від 03.06.2026, пальне", 1,
       "UAH", 5000000},
      {"exchange", "FX", "BK-EUR → BK-UAH за курсом банку", 2, "EUR", 5000000},
      {"bank_fee", "FEE", "BK-USD: комісія за вхідний SWIFT", 1, "USD", 5000},
      {"adjustment", "ADJ", "Склад KYIV-1: списання, пошкоджено при перевезенні (акт 7)", 0, "", 0},
  };
  static const char* kUsers[] = {"sklad", "sklad-kharkiv", "kasa", "admin"};
  static const char* kCurrencies[] = {"UAH", "UAH", "EUR", "USD"};

  AuditReportData d;
  d.org_name = "Волонтерський кластер «Запас»";
  d.org_edrpou = "12345678";
  d.from = Date::FromCivil(2026, 1, 1);
  d.to = Date::FromCivil(2026, 12, 31);
  d.currency = "UAH";
  d.generated_at = "26.11.2026 08:00 UTC";

  // 1 and 2: three currencies, five accounts.
  struct Account {
    const char* code;
    const char* name;
    bool cash;
    const char* currency;
    int64_t opening, in, out;  // minor units
    int64_t rate_bp;           // the closing rate to UAH, in 1/10000
  };
  static const Account kAccounts[] = {
      {"BK-EUR", "ПриватБанк, рахунок в євро / EUR account", false, "EUR", 1250000, 48200000,
       39117055, 452100},
      {"BK-UAH", "ПриватБанк, поточний рахунок / UAH account", false, "UAH", 312045000, 1904550120,
       1822017400, 10000},
      {"BK-USD", "Ощадбанк, рахунок у доларах / USD account", false, "USD", 0, 12500000, 3120077,
       414200},
      {"CASH-UAH", "Каса / Cash desk", true, "UAH", 1540000, 9800000, 10412550, 10000},
      {"CASH-EUR", "Каса в євро / Cash desk, EUR", true, "EUR", 0, 150000, 35000, 452100},
  };
  zapas::MoneySum total_booked = Minor(0, "UAH"), total_revalued = Minor(0, "UAH");
  for (const Account& a : kAccounts) {
    zapas::AccountReconciliation r(
        zapas::Account{0, a.code, a.name, zapas::FindCurrency(a.currency),
                       a.cash ? zapas::AccountKind::kCash : zapas::AccountKind::kBank},
        *zapas::FindCurrency("UAH"));
    r.opening = Minor(a.opening, a.currency);
    r.in = Minor(a.in, a.currency);
    r.out = Minor(a.out, a.currency);
    const int64_t closing = a.opening + a.in - a.out;
    r.closing = Minor(closing, a.currency);
    // Booked at the rates of the days of the movements, revalued at the last day's.
    const int64_t revalued = closing * a.rate_bp / 10000;
    const int64_t booked = a.rate_bp == 10000 ? revalued : revalued - closing * 73 / 1000;
    r.closing_booked = Minor(booked, "UAH");
    r.closing_revalued = Minor(revalued, "UAH");
    r.exchange_difference = Minor(revalued - booked, "UAH");
    total_booked = Must(total_booked.Add(r.closing_booked), "total booked");
    total_revalued = Must(total_revalued.Add(r.closing_revalued), "total revalued");
    d.accounts.push_back(r);
  }
  std::sort(d.accounts.begin(), d.accounts.end(),
            [](const zapas::AccountReconciliation& a, const zapas::AccountReconciliation& b) {
              return a.account.code < b.account.code;
            });
  for (const char* c : {"EUR", "UAH", "USD"}) {
    AuditCurrencyRow row;
    row.currency = c;
    row.opening = row.in = row.out = row.closing = Minor(0, c);
    row.closing_booked = row.closing_revalued = row.exchange_difference = Minor(0, "UAH");
    for (const zapas::AccountReconciliation& a : d.accounts) {
      if (a.account.currency->code != c) continue;
      ++row.accounts;
      row.opening = Must(row.opening.Add(a.opening), "opening");
      row.in = Must(row.in.Add(a.in), "in");
      row.out = Must(row.out.Add(a.out), "out");
      row.closing = Must(row.closing.Add(a.closing), "closing");
      row.closing_booked = Must(row.closing_booked.Add(a.closing_booked), "booked");
      row.closing_revalued = Must(row.closing_revalued.Add(a.closing_revalued), "revalued");
      row.exchange_difference =
          Must(row.exchange_difference.Add(a.exchange_difference), "difference");
    }
    d.currencies.push_back(row);
  }
  d.total_booked = total_booked;
  d.total_revalued = total_revalued;
  d.total_difference = Must(total_revalued.Subtract(total_booked), "total difference");

  // 3: a monthly statement of each bank account; one does not match.
  for (const zapas::AccountReconciliation& a : d.accounts) {
    if (a.account.kind == zapas::AccountKind::kCash) continue;
    for (unsigned month = 1; month <= 12; ++month) {
      AuditStatementRow s;
      s.account = a.account.code;
      s.date = Date::FromCivil(2026, month, 28);
      const int64_t balance = a.opening.minor_units() +
                              (a.closing.minor_units() - a.opening.minor_units()) * month / 12;
      s.balance = Money::FromMinor(balance, a.closing.currency());
      const bool off = a.account.code == "BK-UAH" && month == 9;
      s.book_balance = Money::FromMinor(balance + (off ? 250000 : 0), a.closing.currency());
      s.difference = Must(s.balance.Subtract(s.book_balance), "statement difference");
      s.matched = !off;
      d.statements.push_back(s);
    }
  }

  // 4: donors.
  struct Donor {
    const char* code;
    const char* name;
    const char* currency;
    int64_t opening, received, spent, rate_bp, goods;
  };
  static const Donor kDonors[] = {
      {"DE-DRK", "Deutsches Rotes Kreuz e.V., Landesverband Sachsen", "EUR", 0, 21000000, 17450020,
       452100, 5283710},
      {"DE-HILFE", "Hilfe für die Ukraine e.V.", "EUR", 1250000, 27200000, 21702035, 452100,
       1204400},
      {"UA-GROMADA", "БФ «Запаси громади»", "UAH", 312045000, 1904550120, 1822017400, 10000, 0},
      {"US-RELIEF", "Ukraine Relief Fund, Inc.", "USD", 0, 12500000, 3120077, 414200, 880000},
  };
  for (const Donor& x : kDonors) {
    zapas::DonorReconciliation r(
        zapas::Donor{0, x.code, x.name, "", zapas::FindCurrency(x.currency)},
        *zapas::FindCurrency("UAH"));
    r.opening_remaining = Minor(x.opening, x.currency);
    r.received = Minor(x.received, x.currency);
    r.spent = Minor(x.spent, x.currency);
    const int64_t remaining = x.opening + x.received - x.spent;
    r.remaining = Minor(remaining, x.currency);
    r.remaining_booked = Minor(remaining * x.rate_bp / 10000, "UAH");
    r.goods_in_stock = Minor(x.goods, x.currency);
    d.donors.push_back(r);
  }
  d.undistributed_lots = 412;
  d.overdue_lots = 17;

  // 5: the entries of the year, after 1,234 of earlier years.
  constexpr int64_t kEarlier = 1234;
  d.entries.reserve(static_cast<size_t>(n));
  const int32_t first_day = d.from.days();
  for (int i = 0; i < n; ++i) {
    const uint64_t r = Mix(static_cast<uint64_t>(i));
    const Kind& k = kKinds[r % std::size(kKinds)];
    AuditEntry e;
    e.id = kEarlier + i + 1;
    e.kind = k.kind;
    if (*k.prefix != '\0') {
      char number[32];
      std::snprintf(number, sizeof number, "%s-2026-%06d", k.prefix, i + 1);
      e.number = number;
    }
    const int32_t day = first_day + static_cast<int32_t>(static_cast<int64_t>(i) * 365 / n);
    e.date = Date::FromDays(day);
    e.summary = k.summary;
    if (k.amounts > 0) {
      const int64_t minor =
          static_cast<int64_t>((r >> 32) % static_cast<uint64_t>(k.max_minor)) + 100;
      const char* currency =
          *k.currency != '\0' ? k.currency : kCurrencies[(r >> 24) % std::size(kCurrencies)];
      e.amounts = {Minor(k.amounts == 2 ? -minor : minor, currency)};
      if (k.amounts == 2) e.amounts.push_back(Minor(minor * 452100 / 10000, "UAH"));  // exchange
    }
    e.recorded_by = kUsers[(r >> 20) % std::size(kUsers)];
    e.recorded_at =
        zapas::FormatTimestamp(int64_t{day} * 86400 + static_cast<int64_t>((r >> 8) % 86400));
    e.hash = Hex64(static_cast<uint64_t>(e.id));
    d.entries.push_back(std::move(e));
  }
  d.journal_entries = kEarlier + n;
  if (!d.entries.empty()) {
    const AuditEntry& last = d.entries.back();
    d.head = {last.id, last.number, last.kind, last.date, last.recorded_at, last.hash};
    d.qr_payload = "zapas:head:" + last.hash;
  }
  return d;
}

struct AuditResult {
  double build_s = 0;   // making the synthetic data (not part of the goal)
  double render_s = 0;  // RenderAuditReport
  Memory before;        // after the data was made, before the render
  Memory after;         // after the render: hwm_mb is the render's peak
  bool peak_reset = false;
  size_t bytes = 0;
  int pages = 0;
};

// Makes the report's data, resets the peak memory, and renders it once.
AuditResult MeasureAuditReport(const Options& opt) {
  AuditResult a;
  Say("audit report: %d synthetic journal entries ...", opt.entries);
  auto start = Clock::now();
  const zapas::printing::AuditReportData data = SyntheticAuditReport(opt.entries);
  a.build_s = Since(start);
  a.peak_reset = ResetPeakMemory();
  a.before = Self();
  Say("  data made in %.3f s; VmRSS %.1f MB%s", a.build_s, a.before.rss_mb,
      a.peak_reset ? " (peak reset)" : " (peak NOT reset: it includes the runs above)");
  start = Clock::now();
  const std::string pdf =
      Must(zapas::printing::RenderAuditReport(data, Deterministic()), "audit report");
  a.render_s = Since(start);
  a.after = Self();
  a.bytes = pdf.size();
  a.pages = CountPages(pdf);
  Say("  rendered in %.3f s; %d pages, %.1f MB; peak (VmHWM) %.1f MB", a.render_s, a.pages,
      a.bytes / 1e6, a.after.hwm_mb);
  WritePdf(opt, "audit-report", pdf);
  return a;
}

}  // namespace

int main(int argc, char** argv) {
  SetProgramName("documents_bench");
  const Options opt = ParseOptions(argc, argv);
  const auto run_start = Clock::now();
  namespace samples = zapas::printing::testing;
  Say("documents_bench: fonts %s, %s", zapas::printing::DefaultRegularFontPath().c_str(),
      zapas::printing::DefaultBoldFontPath().c_str());

  // --- 1. waybills and the GRN --------------------------------------------------------
  const zapas::printing::WaybillData waybill6 = samples::SampleWaybill(6);
  const zapas::printing::WaybillData waybill80 = samples::SampleWaybill(80);
  const zapas::printing::GrnData grn = samples::SampleGrn();
  const Timing w6 = TimeRenders(opt, "waybill, 6 lines", "waybill-6", [&] {
    return zapas::printing::RenderWaybill(waybill6, Deterministic());
  });
  const Timing w80 = TimeRenders(opt, "waybill, 80 lines", "waybill-80", [&] {
    return zapas::printing::RenderWaybill(waybill80, Deterministic());
  });
  const Timing g = TimeRenders(opt, "goods received note, 6 lines", "grn",
                               [&] { return zapas::printing::RenderGrn(grn, Deterministic()); });
  const Memory after_waybills = Self();

  // --- 2. the audit report ------------------------------------------------------------
  const AuditResult audit = MeasureAuditReport(opt);

  // --- summary ------------------------------------------------------------------------
  std::printf("\n== Zapas documents benchmark ==\n");
  std::printf(
      "machine: %u hardware threads; one thread renders; fixed time; %d timed renders "
      "each after one warm-up\n",
      std::thread::hardware_concurrency(), opt.renders);
  for (const Timing* t : {&w6, &w80}) {
    std::printf(
        "%s (%d page%s, %.1f KB): median %.2f ms (fastest %.2f, slowest %.2f) "
        "(goal < %.0f ms) %s\n",
        t->what.c_str(), t->pages, t->pages == 1 ? "" : "s", t->bytes / 1000.0, t->median(),
        t->fastest(), t->slowest(), kWaybillGoalMs, Mark(t->median() < kWaybillGoalMs));
  }
  std::printf("%s (%d page%s, %.1f KB): median %.2f ms (fastest %.2f, slowest %.2f)\n",
              g.what.c_str(), g.pages, g.pages == 1 ? "" : "s", g.bytes / 1000.0, g.median(),
              g.fastest(), g.slowest());
  std::printf("process after the waybills and the GRN: VmRSS %.1f MB, peak %.1f MB\n",
              after_waybills.rss_mb, after_waybills.hwm_mb);
  std::printf(
      "audit report of %d entries (%d pages, %.1f MB): %.3f s (goal < %.0f s) %s; "
      "peak %.1f MB%s (goal < %.0f MB) %s\n",
      opt.entries, audit.pages, audit.bytes / 1e6, audit.render_s, kAuditGoalS,
      Mark(audit.render_s < kAuditGoalS), audit.after.hwm_mb,
      audit.peak_reset ? "" : " (not reset: includes the waybills)", kAuditGoalMb,
      Mark(audit.after.hwm_mb >= 0 && audit.after.hwm_mb < kAuditGoalMb));
  if (opt.entries != 10000) {
    std::printf("  (the goals are for 10,000 entries; this run had %d)\n", opt.entries);
  }
  std::printf("total run time %.1f s\n", Since(run_start));
  std::fflush(stdout);
  // The goals are printed; only a failed render fails the run (through Die).
  return 0;
}
