// The sample treasurer's audit report for tests: 2026 for a cluster with three
// currencies, four accounts, two bank statements (one with a difference), two
// donors and as many made-up journal entries as asked for.
#pragma once

#include <cstdint>
#include <cstdio>
#include <iterator>
#include <string>
#include <vector>

#include "domain/date.h"
#include "domain/money.h"
#include "printing/audit_report.h"

namespace zapas::printing::testing {

inline Money M(int64_t minor, const char* currency) {
  return Money::FromMinor(minor, *FindCurrency(currency));
}

// splitmix64: reproducible made-up hashes.
inline uint64_t Mix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

inline std::string Hex64(uint64_t seed) {
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
inline std::vector<AuditEntry> SyntheticEntries(int n, int64_t first_id = 1) {
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
inline AuditReportData SampleAuditReport(int n) {
  AuditReportData d;
  d.org_name = "Волонтерський кластер «Запас»";
  d.org_edrpou = "45123456";
  d.from = Date::FromCivil(2026, 1, 1);
  d.to = Date::FromCivil(2026, 12, 31);
  d.currency = "UAH";
  d.generated_at = "26.11.2026 08:00 UTC";

  auto account = [](const char* code, const char* name, bool cash, const char* cur, int64_t opening,
                    int64_t in, int64_t out, int64_t booked, int64_t revalued) {
    AccountReconciliation a(
        Account{0, code, name, FindCurrency(cur), cash ? AccountKind::kCash : AccountKind::kBank},
        *FindCurrency("UAH"));
    a.opening = M(opening, cur);
    a.in = M(in, cur);
    a.out = M(out, cur);
    a.closing = M(opening + in - out, cur);
    a.closing_booked = M(booked, "UAH");
    a.closing_revalued = M(revalued, "UAH");
    a.exchange_difference = M(revalued - booked, "UAH");
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
    c.closing_booked = M(booked, "UAH");
    c.closing_revalued = M(revalued, "UAH");
    c.exchange_difference = M(revalued - booked, "UAH");
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
  DonorReconciliation de(
      Donor{1, "DE-HILFE", "Ukraine-Hilfe Berlin e.V.", "DE", FindCurrency("EUR")},
      *FindCurrency("UAH"));
  de.opening_remaining = M(120000, "EUR");
  de.received = M(1500000, "EUR");
  de.spent = M(386623, "EUR");
  de.remaining = M(1233377, "EUR");
  de.remaining_booked = M(57652050, "UAH");
  de.goods_in_stock = M(912500, "EUR");
  DonorReconciliation us(Donor{2, "US-RELIEF", "Relief Partners USA", "US", FindCurrency("USD")},
                         *FindCurrency("UAH"));
  us.opening_remaining = us.spent = M(0, "USD");
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

}  // namespace zapas::printing::testing
