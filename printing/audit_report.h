// The treasurer's audit report (звіт скарбника для аудиту) as a bilingual A4
// PDF: what an auditor checks the books against.
//
// AuditReportData is plain data that the caller fills (services/app/audit_report.cc
// from the reconciliation of a period and the journal); RenderAuditReport lays
// it out, Ukrainian first with English beneath in smaller grey type:
//   - the title, the period, the organisation, the report currency, when it
//     was generated, how many journal entries the period and the whole journal
//     hold, and the head hash of the journal (the last entry's hash) with a QR
//     code of it;
//   1. the cash reconciliation by currency: opening, in, out and closing in the
//      currency, and the closing balance booked, revalued at the rates in force
//      on the last day, and the exchange difference, in the report currency;
//   2. the same per account, with the totals;
//   3. the bank statement checks of the period: statement balance beside the
//      books' balance on its date, matched or the difference;
//   4. the donors' funds (received, spent, remaining) and the aid not yet
//      distributed;
//   5. every journal entry of the period, in journal order: number and kind,
//      date, a one-line summary, amounts, who recorded it and when, and its
//      full SHA-256 hash (64 hex digits on two lines); the table's header
//      repeats on every page it runs onto;
//   - the closing block: the entries listed, the head hash again, how to
//     verify the chain, and the treasurer's and auditor's signatures.
// Every page's footer carries "page N of M" and the period.
//
// Cost: linear in the entries; the journal table is drawn with PdfDocument's
// primitives (only the summary is wrapped), so 10,000 entries (about 300
// pages, 2.5 MB) render in about half a second with a peak under 50 MB.
//
// Thread-safe: RenderAuditReport shares nothing between calls.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/date.h"
#include "domain/money.h"
#include "domain/report.h"
#include "domain/status.h"
#include "printing/excluded.h"
#include "printing/pdf_document.h"

namespace zapas::printing {

// The placeholder of amount fields before they are set.
inline Money AuditZero() { return Money::Zero(*FindCurrency("UAH")); }
inline MoneySum AuditSumZero() { return MoneySum::Zero(*FindCurrency("UAH")); }

// The cash of one currency: the sums over its accounts.
struct AuditCurrencyRow {
  std::string currency;  // "EUR"
  int accounts = 0;
  // In the currency.
  MoneySum opening = AuditSumZero(), in = AuditSumZero(), out = AuditSumZero(),
           closing = AuditSumZero();
  // In the report currency, named as an account's (AccountReconciliation).
  MoneySum closing_booked = AuditSumZero(), closing_revalued = AuditSumZero(),
           exchange_difference = AuditSumZero();
};

// A bank statement of the period beside the books' balance on its date, in
// the account's currency.
struct AuditStatementRow {
  std::string account;  // code
  Date date = Date::FromDays(0);
  Money balance = AuditZero();
  Money book_balance = AuditZero();
  Money difference = AuditZero();
  bool matched = false;
};

// One journal entry as listed.
struct AuditEntry {
  int64_t id = 0;
  std::string kind;    // "receipt", "delivery", "cash_donation", ... (EntryKindLabels)
  std::string number;  // "GRN-2026-000123"; empty for an event (a confirmation)
  Date date = Date::FromDays(0);
  std::string summary;         // one line: parties, accounts, reference
  std::vector<Money> amounts;  // what moved, as the document states it; may be empty
  std::string recorded_by;
  std::string recorded_at;  // RFC 3339 UTC
  std::string hash;         // 64 hex digits
};

// The last entry of the whole journal (whatever its date).
struct AuditHead {
  int64_t id = 0;  // 0: the journal is empty
  std::string number;
  std::string kind;
  Date date = Date::FromDays(0);
  std::string recorded_at;
  std::string hash;
};

struct AuditReportData {
  std::string org_name;
  std::string org_edrpou;  // printed when given
  Date from = Date::FromDays(0);
  Date to = Date::FromDays(0);
  std::string currency;      // the report currency, "UAH"
  std::string generated_at;  // as printed, e.g. "26.11.2026 08:00 UTC"

  std::vector<AuditCurrencyRow> currencies;  // ordered by currency
  // Each account as the reconciliation gives it, ordered by code.
  std::vector<AccountReconciliation> accounts;
  // Over the accounts, in the report currency.
  MoneySum total_booked = AuditSumZero();
  MoneySum total_revalued = AuditSumZero();
  MoneySum total_difference = AuditSumZero();
  std::vector<AuditStatementRow> statements;  // by account, then date
  // Each donor's money over the period in its own currency, what remains in
  // the report currency as booked, and its goods in stock on `to`; by code.
  std::vector<DonorReconciliation> donors;
  // Lots received and not yet distributed on `to`, and how many of them are
  // older than the 90 days of Cabinet Resolution 953.
  size_t undistributed_lots = 0;
  size_t overdue_lots = 0;

  std::vector<ExcludedEntryRow> excluded;  // left out of the figures above
  std::vector<AuditEntry> entries;         // those dated within [from, to], in journal order
  int64_t journal_entries = 0;             // in the whole journal
  AuditHead head;
  // When not empty, a QR code of it beside the title (e.g. "zapas:head:<hash>").
  std::string qr_payload;
};

// {"Надходження", "Receipt"} for "receipt", and so on; the kind itself for
// both when it is not known.
std::pair<std::string_view, std::string_view> EntryKindLabels(std::string_view kind);

// Renders the report as PDF bytes. kInvalid when to < from, when the QR
// payload is too long, or when a font cannot be loaded; kInternal when libharu
// fails.
Result<std::string> RenderAuditReport(const AuditReportData& data, const PrintOptions& options);

}  // namespace zapas::printing
