// The treasurer's audit report as PDF (GET /api/v1/reports/audit.pdf and
// `zapas print audit`): the reconciliation of the period (services/app/reports.h,
// the same computation as GET /reports/reconciliation), every journal entry
// dated within the period with its hash, and the journal's head hash, laid out
// by printing/audit_report.h.
//
// The books and the journal are read in one read snapshot, so the head hash is
// that of the state the figures come from. The journal is streamed once
// (Repository::ForEachEntry); an entry of the period keeps only what is
// printed: its summary comes from the top-level fields of its stored document,
// decoded by domain/journal_document.h.
#include <algorithm>
#include <ctime>
#include <map>
#include <optional>
#include <string_view>

#include "domain/journal_document.h"
#include "domain/report.h"
#include "domain/utf8.h"
#include "printing/audit_report.h"
#include "printing/format.h"
#include "services/app/documents.h"
#include "services/app/reports.h"

namespace zapas {
namespace {

// --- One entry as listed -----------------------------------------------------

// "a · b · c" over the non-empty parts.
void Append(std::string& out, std::string_view part, std::string_view sep = " · ") {
  if (part.empty()) return;
  if (!out.empty()) out += sep;
  out += part;
}

std::string Arrow(std::string_view from, std::string_view to) {
  if (from.empty()) return std::string(to);
  if (to.empty()) return std::string(from);
  return std::string(from) + " → " + std::string(to);
}

std::string Lines(size_t n) { return n == 0 ? "" : "позицій / lines: " + std::to_string(n); }

// The summary and amounts of an entry, from its stored document.
struct Summary {
  printing::AuditEntry& out;
  std::string s;

  void operator()(const MovementDocument& d) {
    switch (d.kind) {
      case MovementKind::kReceipt:
        Append(s, Arrow(d.donor, d.warehouse));
        Append(s, d.reference);
        break;
      case MovementKind::kTransfer:
        Append(s, Arrow(d.from, d.to));
        break;
      case MovementKind::kDelivery:
        Append(s, Arrow(d.warehouse, d.recipient));
        break;
      case MovementKind::kAdjustment:
        Append(s, d.warehouse);
        Append(s, d.reason);
        break;
      case MovementKind::kReversal:
        Append(s, "сторнує / reverses " + d.reverses_number);
        Append(s, d.reason);
        break;
      case MovementKind::kReturn:
        Append(s, Arrow(d.recipient, d.warehouse));
        Append(s, d.reason);
        Append(s, d.delivery_number);
        break;
      case MovementKind::kAssembly:
      case MovementKind::kDisassembly:
        Append(s, d.warehouse);
        Append(s, d.kit + " " + d.kit_lot);
        break;
      case MovementKind::kArrival:
        Append(s, Arrow(d.from, d.to));
        Append(s, d.transfer_number);
        break;
    }
    if (d.kind == MovementKind::kDelivery) Append(s, d.request_number);
    Append(s, d.source);
    if (d.kind != MovementKind::kReversal) Append(s, Lines(d.lines.size()));
    out.amounts = d.totals;
  }
  void operator()(const CashDocument& d) {
    if (d.kind == "cash_donation") {
      Append(s, Arrow(d.donor, d.account));
      Append(s, d.earmark);
    } else if (d.kind == "payment") {
      Append(s, Arrow(d.account, d.purpose));
      if (!d.donor.empty()) Append(s, "за рахунок / charged to " + d.donor);
    } else if (d.kind == "bank_fee") {
      Append(s, d.account);
      Append(s, d.purpose);
    } else {
      Append(s, Arrow(d.account_from, d.account_to));
    }
    for (const std::optional<Money>& m : {d.amount, d.sold, d.bought}) {
      if (m) out.amounts.push_back(*m);
    }
  }
  void operator()(const RequestDocument& d) {
    if (d.kind == "request") {
      Append(s, d.recipient);
      Append(s, d.priority);
    } else {
      Append(s, "скасовує / cancels " + d.request_number);
      Append(s, d.reason);
    }
    Append(s, Lines(d.lines.size()));
  }
  void operator()(const StocktakeDocument& d) {
    Append(s, d.warehouse);
    if (!d.stocktake_number.empty()) Append(s, d.stocktake_number);
    Append(s, d.adjustment_number);
    Append(s, Lines(d.lines.size()));
  }
  // Who received it is personal data, which neither the treasurer nor the
  // auditor reads: the report says when, not who.
  void operator()(const ConfirmationDocument& d) {
    Append(s, d.waybill);
    Append(s, "отримано / received " + d.received_at);
  }
  void operator()(const PeriodReopenDocument& d) {
    Append(s, "місяць / month " + d.month);
    Append(s, "закрив / closed by " + d.closed_by);
    Append(s, d.reason);
  }
  void operator()(const RateCorrectionDocument& d) {
    Append(s, d.currency + " " + d.previous_rate + " → " + d.rate);
    Append(s, d.reason);
  }
};

void Summarize(const JournalEntry& e, printing::AuditEntry& out) {
  auto doc = DecodeDocument(e.kind, e.document);
  if (!doc.ok()) {
    out.summary = "документ не читається / the document does not read";
    return;
  }
  Summary summary{out, {}};
  std::visit(summary, *doc);
  out.summary = std::move(summary.s);
}

// --- The reconciliation as printed --------------------------------------------

Status Add(MoneySum& sum, const MoneySum& m) {
  ZAPAS_ASSIGN_OR_RETURN(sum, sum.Add(m));
  return Status::Ok();
}

Status FillReconciliation(const Reconciliation& r, const Currency& report,
                          printing::AuditReportData& d) {
  const MoneyReconciliationResult& money = r.money;
  d.accounts = money.accounts;
  std::map<std::string, printing::AuditCurrencyRow> by_currency;
  for (const AccountReconciliation& a : money.accounts) {
    const Currency& c = *a.account.currency;
    auto [it, inserted] = by_currency.try_emplace(std::string(c.code));
    printing::AuditCurrencyRow& cur = it->second;
    if (inserted) {
      cur.currency = std::string(c.code);
      cur.opening = cur.in = cur.out = cur.closing = MoneySum::Zero(c);
      cur.closing_booked = cur.closing_revalued = cur.exchange_difference = MoneySum::Zero(report);
    }
    ++cur.accounts;
    const std::pair<MoneySum*, const MoneySum*> figures[] = {
        {&cur.opening, &a.opening},
        {&cur.in, &a.in},
        {&cur.out, &a.out},
        {&cur.closing, &a.closing},
        {&cur.closing_booked, &a.closing_booked},
        {&cur.closing_revalued, &a.closing_revalued},
        {&cur.exchange_difference, &a.exchange_difference}};
    for (auto [sum, part] : figures) ZAPAS_RETURN_IF_ERROR(Add(*sum, *part));

    // The account's statements of the period, by date.
    if (auto st = r.statements.find(a.account.id); st != r.statements.end()) {
      std::vector<StatementCheck> checks = st->second;
      std::sort(checks.begin(), checks.end(), [](const StatementCheck& x, const StatementCheck& y) {
        return x.statement.date < y.statement.date;
      });
      for (const StatementCheck& check : checks) {
        printing::AuditStatementRow s;
        s.account = a.account.code;
        s.date = check.statement.date;
        s.balance = Money::FromMinor(check.statement.balance, c);
        s.book_balance = Money::FromMinor(check.book_balance, c);
        s.difference = Money::FromMinor(check.statement.balance - check.book_balance, c);
        s.matched = check.statement.balance == check.book_balance;
        d.statements.push_back(s);
      }
    }
  }
  for (auto& [code, row] : by_currency) d.currencies.push_back(std::move(row));
  d.total_booked = money.totals.closing_booked;
  d.total_revalued = money.totals.closing_revalued;
  d.total_difference = money.totals.exchange_difference;
  d.donors = money.donors;
  for (const ExcludedEntry& x : money.excluded) {
    d.excluded.push_back(
        {x.entry.number.empty() ? "#" + std::to_string(x.entry.id) : x.entry.number, x.entry.kind,
         x.entry.date, x.reason});
  }
  d.undistributed_lots = r.undistributed.size();
  for (const UndistributedLot& lot : r.undistributed) d.overdue_lots += lot.overdue ? 1 : 0;
  return Status::Ok();
}

// "26.11.2026 08:00 UTC"
std::string GeneratedAt(const DocumentSettings& settings) {
  const int64_t now =
      settings.fixed_time ? *settings.fixed_time : static_cast<int64_t>(std::time(nullptr));
  const std::string ts = FormatTimestamp(now);  // 2026-11-26T08:00:00Z
  auto day = Date::Parse(ts.substr(0, 10));
  if (!day.ok()) return ts;
  return printing::FormatDateNumeric(*day) + " " + ts.substr(11, 5) + " UTC";
}

}  // namespace

Result<std::string> AuditReportPdf(Repository& repo, const Catalog& catalog,
                                   const StockIndex& index, const ReportRequest& request,
                                   const DocumentSettings& settings) {
  if (request.currency == nullptr) return Status::Field("currency", "is required");
  const ReconciliationPeriod period{request.from, request.to, request.currency};
  printing::AuditReportData data;
  data.org_name = settings.org_name;
  data.org_edrpou = settings.org_edrpou;
  data.from = request.from;
  data.to = request.to;
  data.currency = std::string(request.currency->code);
  data.generated_at = GeneratedAt(settings);

  // The journal, read in the books' snapshot: the entries of the period and
  // the head of the whole chain.
  const auto read_journal = [&]() -> Status {
    return repo.ForEachEntry(0, [&](const JournalEntry& e) {
      ++data.journal_entries;
      data.head.id = e.id;
      data.head.hash = e.hash;
      data.head.number = e.number;
      data.head.kind = e.kind;
      data.head.date = e.date;
      data.head.recorded_at = e.recorded_at;
      if (e.date < request.from || request.to < e.date) return true;
      printing::AuditEntry& out = data.entries.emplace_back();
      out.id = e.id;
      out.kind = e.kind;
      out.number = e.number;
      out.date = e.date;
      out.recorded_by = e.recorded_by;
      out.recorded_at = e.recorded_at;
      out.hash = e.hash;
      Summarize(e, out);
      return true;
    });
  };
  const UndistributedSource stock = [&](Date to) { return Undistributed(catalog, index, to); };
  ZAPAS_ASSIGN_OR_RETURN(Reconciliation reconciliation,
                         ComputeReconciliation(repo, period, stock, read_journal));
  ZAPAS_RETURN_IF_ERROR(FillReconciliation(reconciliation, *request.currency, data));
  if (!data.head.hash.empty()) data.qr_payload = "zapas:head:" + data.head.hash;

  return printing::RenderAuditReport(data, PrintOptionsOf(settings));
}

}  // namespace zapas
