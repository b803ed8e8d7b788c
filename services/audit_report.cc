// The treasurer's audit report as PDF (GET /api/v1/reports/audit.pdf and
// `zapas print audit`): the reconciliation of the period (services/reports.h,
// the same computation as GET /reports/reconciliation), every journal entry
// dated within the period with its hash, and the journal's head hash, laid out
// by printing/audit_report.h.
//
// The books and the journal are read in one read snapshot, so the head hash is
// that of the state the figures come from. The journal is streamed once
// (Repository::ForEachEntry); an entry of the period keeps only what is
// printed: its summary comes from the top-level fields of its stored document,
// read by a small scanner rather than a JSON parser, so 10,000 entries cost
// milliseconds.
#include <algorithm>
#include <ctime>
#include <map>
#include <optional>
#include <string_view>

#include "domain/report.h"
#include "domain/utf8.h"
#include "printing/audit_report.h"
#include "printing/format.h"
#include "services/documents.h"
#include "services/reports.h"

namespace zapas {
namespace {

// --- The stored document's top-level fields --------------------------------

// What a summary needs of a document: its top-level string members, its
// top-level Money objects ({"amount","currency"}), and per top-level array the
// number of elements and the Money objects among them ("totals"). Anything
// malformed ends the scan; what was read so far stays.
class DocumentFields {
 public:
  explicit DocumentFields(std::string_view json) : s_(json) { Scan(); }

  std::string_view Text(std::string_view key) const {
    for (const auto& [k, v] : strings_) {
      if (k == key) return v;
    }
    return {};
  }
  const Money* MoneyOf(std::string_view key) const {
    for (const auto& [k, v] : money_) {
      if (k == key) return &v;
    }
    return nullptr;
  }
  size_t Count(std::string_view key) const {
    for (const Array& a : arrays_) {
      if (a.key == key) return a.count;
    }
    return 0;
  }
  std::vector<Money> MoneyList(std::string_view key) const {
    for (const Array& a : arrays_) {
      if (a.key == key) return a.money;
    }
    return {};
  }

 private:
  struct Array {
    std::string key;
    size_t count = 0;
    std::vector<Money> money;
  };

  void Ws() {
    while (i_ < s_.size() &&
           (s_[i_] == ' ' || s_[i_] == '\n' || s_[i_] == '\r' || s_[i_] == '\t')) {
      ++i_;
    }
  }
  bool Eat(char c) {
    Ws();
    if (i_ < s_.size() && s_[i_] == c) {
      ++i_;
      return true;
    }
    return false;
  }
  bool Peek(char c) {
    Ws();
    return i_ < s_.size() && s_[i_] == c;
  }
  static int Hex(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  }
  bool Hex4(uint32_t* cp) {
    if (i_ + 4 > s_.size()) return false;
    uint32_t v = 0;
    for (int k = 0; k < 4; ++k) {
      const int h = Hex(s_[i_ + k]);
      if (h < 0) return false;
      v = v * 16 + static_cast<uint32_t>(h);
    }
    i_ += 4;
    *cp = v;
    return true;
  }
  // A string at the cursor, decoded into `out` when given.
  bool String(std::string* out) {
    if (!Eat('"')) return false;
    while (i_ < s_.size()) {
      const char c = s_[i_++];
      if (c == '"') return true;
      if (c != '\\') {
        if (out) out->push_back(c);
        continue;
      }
      if (i_ >= s_.size()) return false;
      const char e = s_[i_++];
      char plain = 0;
      switch (e) {
        case '"':
          plain = '"';
          break;
        case '\\':
          plain = '\\';
          break;
        case '/':
          plain = '/';
          break;
        case 'b':
          plain = '\b';
          break;
        case 'f':
          plain = '\f';
          break;
        case 'n':
          plain = '\n';
          break;
        case 'r':
          plain = '\r';
          break;
        case 't':
          plain = '\t';
          break;
        case 'u': {
          uint32_t cp = 0;
          if (!Hex4(&cp)) return false;
          if (cp >= 0xD800 && cp < 0xDC00 && i_ + 1 < s_.size() && s_[i_] == '\\' &&
              s_[i_ + 1] == 'u') {
            i_ += 2;
            uint32_t low = 0;
            if (!Hex4(&low)) return false;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          }
          if (out) AppendUtf8(*out, cp);
          continue;
        }
        default:
          return false;
      }
      if (out) out->push_back(plain);
    }
    return false;
  }
  // Any value, skipped.
  bool Skip(int depth) {
    if (depth > 64) return false;
    Ws();
    if (i_ >= s_.size()) return false;
    const char c = s_[i_];
    if (c == '"') return String(nullptr);
    if (c == '{' || c == '[') {
      const char close = c == '{' ? '}' : ']';
      ++i_;
      if (Eat(close)) return true;
      do {
        if (c == '{' && !(String(nullptr) && Eat(':'))) return false;
        if (!Skip(depth + 1)) return false;
      } while (Eat(','));
      return Eat(close);
    }
    // A number, true, false or null.
    const size_t start = i_;
    while (i_ < s_.size() && s_[i_] != ',' && s_[i_] != '}' && s_[i_] != ']' && s_[i_] != ' ' &&
           s_[i_] != '\n' && s_[i_] != '\r' && s_[i_] != '\t') {
      ++i_;
    }
    return i_ > start;
  }
  // An object whose "amount" and "currency" strings make a Money; other
  // members are skipped. False only when malformed.
  bool MoneyObject(std::optional<Money>* money) {
    if (!Eat('{')) return false;
    std::string amount, currency;
    if (!Eat('}')) {
      do {
        std::string key;
        if (!String(&key) || !Eat(':')) return false;
        if ((key == "amount" || key == "currency") && Peek('"')) {
          if (!String(key == "amount" ? &amount : &currency)) return false;
        } else if (!Skip(1)) {
          return false;
        }
      } while (Eat(','));
      if (!Eat('}')) return false;
    }
    if (!amount.empty() && !currency.empty()) {
      if (auto m = Money::Parse(amount, currency); m.ok()) *money = *m;
    }
    return true;
  }
  void Scan() {
    if (!Eat('{') || Eat('}')) return;
    do {
      std::string key;
      if (!String(&key) || !Eat(':')) return;
      if (Peek('"')) {
        std::string value;
        if (!String(&value)) return;
        strings_.emplace_back(std::move(key), std::move(value));
      } else if (Peek('{')) {
        std::optional<Money> m;
        if (!MoneyObject(&m)) return;
        if (m) money_.emplace_back(std::move(key), *m);
      } else if (Eat('[')) {
        Array a;
        a.key = std::move(key);
        if (!Eat(']')) {
          do {
            ++a.count;
            if (Peek('{')) {
              std::optional<Money> m;
              if (!MoneyObject(&m)) return;
              if (m) a.money.push_back(*m);
            } else if (!Skip(1)) {
              return;
            }
          } while (Eat(','));
          if (!Eat(']')) return;
        }
        arrays_.push_back(std::move(a));
      } else if (!Skip(0)) {
        return;
      }
    } while (Eat(','));
  }

  std::string_view s_;
  size_t i_ = 0;
  std::vector<std::pair<std::string, std::string>> strings_;
  std::vector<std::pair<std::string, Money>> money_;
  std::vector<Array> arrays_;
};

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

// The summary and amounts of an entry from its stored document.
void Summarize(const JournalEntry& e, printing::AuditEntry& out) {
  const DocumentFields f(e.document);
  std::string s;
  const std::string_view k = e.kind;
  if (k == "receipt") {
    Append(s, Arrow(f.Text("donor"), f.Text("warehouse")));
    Append(s, f.Text("reference"));
    Append(s, Lines(f.Count("lines")));
    out.amounts = f.MoneyList("totals");
  } else if (k == "transfer") {
    Append(s, Arrow(f.Text("from"), f.Text("to")));
    Append(s, Lines(f.Count("lines")));
    out.amounts = f.MoneyList("totals");
  } else if (k == "delivery") {
    Append(s, Arrow(f.Text("warehouse"), f.Text("recipient")));
    Append(s, Lines(f.Count("lines")));
    out.amounts = f.MoneyList("totals");
  } else if (k == "adjustment") {
    Append(s, f.Text("warehouse"));
    Append(s, f.Text("reason"));
    Append(s, Lines(f.Count("lines")));
    out.amounts = f.MoneyList("totals");
  } else if (k == "reversal") {
    Append(s, "сторнує / reverses " + std::string(f.Text("reverses_number")));
    Append(s, f.Text("reason"));
    out.amounts = f.MoneyList("totals");
  } else if (k == "confirmation") {
    // Who received it is personal data, which neither the treasurer nor the
    // auditor reads: the report says when, not who.
    Append(s, f.Text("waybill"));
    Append(s, "отримано / received " + std::string(f.Text("received_at")));
  } else if (k == "cash_donation") {
    Append(s, Arrow(f.Text("donor"), f.Text("account")));
    Append(s, f.Text("earmark"));
  } else if (k == "payment") {
    Append(s, Arrow(f.Text("account"), f.Text("purpose")));
    if (!f.Text("donor").empty()) {
      Append(s, "за рахунок / charged to " + std::string(f.Text("donor")));
    }
  } else if (k == "cash_transfer" || k == "exchange") {
    Append(s, Arrow(f.Text("account_from"), f.Text("account_to")));
  } else if (k == "bank_fee") {
    Append(s, f.Text("account"));
    Append(s, f.Text("purpose"));
  } else if (k == "period_reopen") {
    Append(s, "місяць / month " + std::string(f.Text("month")));
    Append(s, "закрив / closed by " + std::string(f.Text("closed_by")));
    Append(s, f.Text("reason"));
  } else if (k == "rate_correction") {
    Append(s, std::string(f.Text("currency")) + " " + std::string(f.Text("previous_rate")) + " → " +
                  std::string(f.Text("rate")));
    Append(s, f.Text("reason"));
  } else {
    // A kind this report does not know yet: its own words.
    for (const char* key : {"warehouse", "donor", "recipient", "account", "from", "to", "reason",
                            "purpose", "reference"}) {
      Append(s, f.Text(key));
    }
  }
  if (k == "exchange") {
    for (const char* key : {"sold", "bought"}) {
      if (const Money* m = f.MoneyOf(key)) out.amounts.push_back(*m);
    }
  } else if (out.amounts.empty()) {
    if (const Money* m = f.MoneyOf("amount")) {
      out.amounts.push_back(*m);
    } else {
      out.amounts = f.MoneyList("totals");
    }
  }
  out.summary = std::move(s);
}

// --- The reconciliation as printed --------------------------------------------

Status Add(MoneySum& sum, const MoneySum& m) {
  ZAPAS_ASSIGN_OR_RETURN(sum, sum.Add(m));
  return Status::Ok();
}

Status FillReconciliation(const Reconciliation& r, const Currency& report,
                          printing::AuditReportData& d) {
  const MoneyReconciliationResult& money = r.money;
  std::map<std::string, printing::AuditCurrencyRow> by_currency;
  for (const AccountReconciliation& a : money.accounts) {
    const Currency& c = *a.account.currency;
    printing::AuditAccountRow row;
    row.code = a.account.code;
    row.name = a.account.name;
    row.cash = a.account.kind == AccountKind::kCash;
    row.currency = std::string(c.code);
    row.opening = a.opening;
    row.in = a.in;
    row.out = a.out;
    row.closing = a.closing;
    row.booked = a.closing_booked;
    row.revalued = a.closing_revalued;
    row.difference = a.exchange_difference;
    d.accounts.push_back(row);

    auto [it, inserted] = by_currency.try_emplace(row.currency);
    printing::AuditCurrencyRow& cur = it->second;
    if (inserted) {
      cur.currency = row.currency;
      cur.opening = cur.in = cur.out = cur.closing = MoneySum::Zero(c);
      cur.booked = cur.revalued = cur.difference = MoneySum::Zero(report);
    }
    ++cur.accounts;
    ZAPAS_RETURN_IF_ERROR(Add(cur.opening, a.opening));
    ZAPAS_RETURN_IF_ERROR(Add(cur.in, a.in));
    ZAPAS_RETURN_IF_ERROR(Add(cur.out, a.out));
    ZAPAS_RETURN_IF_ERROR(Add(cur.closing, a.closing));
    ZAPAS_RETURN_IF_ERROR(Add(cur.booked, a.closing_booked));
    ZAPAS_RETURN_IF_ERROR(Add(cur.revalued, a.closing_revalued));
    ZAPAS_RETURN_IF_ERROR(Add(cur.difference, a.exchange_difference));

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
  for (const DonorReconciliation& x : money.donors) {
    printing::AuditDonorRow row;
    row.code = x.donor.code;
    row.name = x.donor.name;
    row.opening = x.opening_remaining;
    row.received = x.received;
    row.spent = x.spent;
    row.remaining = x.remaining;
    row.remaining_booked = x.remaining_booked;
    row.goods_in_stock = x.goods_in_stock;
    d.donors.push_back(row);
  }
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
