// The treasurer's reports: the reconciliation report.
//
// GET /api/v1/reports/reconciliation?from=D&to=D&currency=R (admin, treasurer,
// auditor) and `zapas report reconciliation --from D --to D [--currency R]`
// answer the same JSON, computed by the same code (ReconciliationReportJson):
//
// Query. `from` and `to` are required YYYY-MM-DD dates with from <= to;
// `currency` (the report currency R) defaults to UAH and must be a currency
// Zapas knows. Otherwise 422 naming each bad field ("to" when to < from).
//
// Rates. The NBU rate table is loaded once per report; the rate of a currency
// on a date is the latest on or before it (UAH is 1). R must have a rate in
// force on `to`. A needed rate that does not exist is 422 with the message "no
// NBU rate of EUR on or before 2024-01-01" and the field "currency" when the
// missing rate is R's (or "to" when R has rates, only none yet on `to`), else
// "to". A rate is needed only for an amount that must be converted: the
// revaluation of a zero balance needs none.
//
// accounts: every account, ordered by code: {code, name, kind, currency,
// opening, in, out, closing} in the account's currency, over the money postings
// whose account is this one:
//   opening = sum of the amounts dated before `from`;
//   in      = sum of the positive amounts dated from..to;
//   out     = sum of |negative amounts| dated from..to;
//   closing = opening + in - out;
// and, as Money in R:
//   closing_booked      = sum over the postings dated <= to of each posting's
//                         booked R-equivalent: its amount when it is in R, else
//                         its booked UAH when R is UAH, else FromUah(booked UAH,
//                         R's rate on the posting's date), rounded per posting;
//   closing_revalued    = closing at the rates in force on `to`, one rounding
//                         half away from zero (domain/report.h Convert):
//                         closing_minor * rate_c(to) * 10^digits(R)
//                           / (10^digits(c) * rate_R(to));
//                         closing itself when the account is in R;
//   exchange_difference = closing_revalued - closing_booked.
// totals: {closing_booked, closing_revalued, exchange_difference} summed over
// the accounts, in R.
//
// donors: every donor that has a money or goods posting dated <= to, ordered
// by code: {code, name, currency, opening_remaining, received, spent,
// remaining} in the donor's currency, {received_booked, spent_booked,
// remaining_booked} in R and {received_uah, spent_uah, remaining_uah} in
// hryvnias as booked.
//   received: the asset lines (those with an account) of "cash_donation"
//             entries with the donor, dated from..to;
//   spent:    the lines on expenses:payments:<donor> charged to the donor
//             (donor set, no account), dated from..to;
//   opening_remaining = received - spent over everything dated before `from`;
//   remaining         = opening_remaining + received - spent.
// A posting's value in the donor's currency is its amount when it is in that
// currency, else FromUah(booked UAH, the donor currency's rate on the posting's
// date); booked values in R as for accounts; remaining_booked and
// remaining_uah cover everything dated <= to.
// Goods, from the stock journal valued as in the journal export
// (domain/goods_books.h, services/app/goods.h), in the donor's currency:
//   goods_received    the in-kind value received from..to;
//   goods_distributed the value delivered from..to, and by recipient kind in
//                     goods_distributed_by_kind {kind: Money};
//   goods_written_off the value written off from..to;
//   goods_in_stock    the value still in stock on `to`, and in R as
//                     goods_in_stock_booked.
// Valuing goods needs the rate of each foreign-currency lot on its first
// receipt: without it the report is 422 naming the receipt ("GRN-...: no NBU
// rate of GBP on or before ...").
//
// undistributed: aid received and not yet distributed on `to`, read from the
// in-memory stock index (never SQL): every (warehouse, lot) whose balance on
// `to` (its deltas dated <= to) is positive: {warehouse, sku, lot, donor (its
// code, null when unknown), received (the earliest day of the lot in any
// warehouse: its receipt), age_days (to - received), quantity, value (unit
// value x quantity, in the lot's currency), overdue (age_days > 90, Cabinet
// Resolution 953)}, ordered by age_days descending, then warehouse, sku, lot.
//
// Answer:
//   {"from", "to", "currency",
//    "accounts": [{"code","name","kind","currency","opening","in","out","closing",
//                  "closing_booked","closing_revalued","exchange_difference",
//                  "statements": [{"date","balance","book_balance","difference","matched"}]}],
//    "totals": {"closing_booked","closing_revalued","exchange_difference"},
//    "donors": [{"code","name","currency","opening_remaining","received","spent",
//                "remaining","received_booked","spent_booked","remaining_booked",
//                "received_uah","spent_uah","remaining_uah",
//                "goods_received","goods_distributed","goods_distributed_by_kind",
//                "goods_written_off","goods_in_stock","goods_in_stock_booked"}],
//    "undistributed": [{"warehouse","sku","lot","donor","received","age_days",
//                       "quantity","value","overdue"}]}
// Every amount is Money {"amount","currency"} with the currency's digits.
//
// Cost: the money books are read in one snapshot and one pass over the money
// postings, summed in maps by account and donor id; rates come from the
// in-memory table, cached per currency and day.
#include "services/app/reports.h"

#include <map>

#include "domain/json.h"
#include "services/app/goods.h"
#include "services/app/json_input.h"

namespace zapas {
namespace {

Result<MoneyReconciliationResult> ReconcileMoney(Repository& repo,
                                                 const ReconciliationPeriod& period,
                                                 StatementChecks& statements,
                                                 const std::function<Status()>& in_snapshot) {
  ReadSnapshot snapshot(repo);
  ZAPAS_RETURN_IF_ERROR(snapshot.Begin());
  RateTable rates;
  ZAPAS_RETURN_IF_ERROR(repo.LoadRates(rates));
  const PageRequest all{"", 1 << 30};
  ZAPAS_ASSIGN_OR_RETURN(std::vector<Donor> donors, repo.ListDonors(all));
  ZAPAS_ASSIGN_OR_RETURN(MoneyReconciliation books,
                         MoneyReconciliation::Start(period, rates, std::move(donors)));
  // Money postings come by date, entry and line: each entry is added whole.
  Status added = Status::Ok();
  EntryRef entry;
  std::vector<MoneyPosting> postings;
  auto add_entry = [&] {
    if (added.ok() && !postings.empty()) added = books.AddEntry(entry, postings).status();
    postings.clear();
  };
  ZAPAS_RETURN_IF_ERROR(repo.ForEachMoneyPosting(period.to, [&](const MoneyRow& row) {
    if (row.entry_id != entry.id) {
      add_entry();
      entry = RefOf(row);
    }
    postings.push_back(row.posting);
  }));
  add_entry();
  ZAPAS_RETURN_IF_ERROR(added);
  // The goods, valued from the stock journal of the same snapshot.
  Catalog catalog;
  ZAPAS_RETURN_IF_ERROR(repo.LoadCatalog(catalog));
  ZAPAS_RETURN_IF_ERROR(ForEachGoodsEntry(
      repo, catalog, rates, period.to,
      [&](const JournalEntry& e, const Recipient*, const std::vector<MoneyPosting>& goods) {
        if (added.ok()) added = books.AddEntry(RefOf(e), goods).status();
      },
      [&](const JournalEntry& e, const std::string& reason) { books.Exclude(RefOf(e), reason); }));
  ZAPAS_RETURN_IF_ERROR(added);
  ZAPAS_ASSIGN_OR_RETURN(std::vector<Account> accounts, repo.ListAccounts(all));
  ZAPAS_ASSIGN_OR_RETURN(std::vector<Statement> recorded, repo.ListStatements(0));
  for (const Statement& st : recorded) {
    if (st.date < period.from || st.date > period.to) continue;
    ZAPAS_ASSIGN_OR_RETURN(int64_t book, repo.AccountBalance(st.account_id, st.date));
    statements[st.account_id].push_back(StatementCheck{st, book});
  }
  if (in_snapshot) ZAPAS_RETURN_IF_ERROR(in_snapshot());
  ZAPAS_RETURN_IF_ERROR(snapshot.End());
  return books.Finish(std::move(accounts));
}

void WriteJson(JsonWriter& w, const ReconciliationPeriod& period,
               const MoneyReconciliationResult& money, const StatementChecks& statements,
               const std::vector<UndistributedLot>& undistributed) {
  w.BeginObject()
      .Field("from", period.from.ToString())
      .Field("to", period.to.ToString())
      .Field("currency", period.currency->code);
  w.Key("accounts").BeginArray();
  for (const AccountReconciliation& a : money.accounts) {
    w.BeginObject()
        .Field("code", a.account.code)
        .Field("name", a.account.name)
        .Field("kind", AccountKindName(a.account.kind))
        .Field("currency", a.account.currency->code)
        .Field("opening", a.opening)
        .Field("in", a.in)
        .Field("out", a.out)
        .Field("closing", a.closing)
        .Field("closing_booked", a.closing_booked)
        .Field("closing_revalued", a.closing_revalued)
        .Field("exchange_difference", a.exchange_difference);
    // Bank statements of the period: matched, or the difference to investigate.
    w.Key("statements").BeginArray();
    if (auto it = statements.find(a.account.id); it != statements.end()) {
      const Currency& c = *a.account.currency;
      for (const StatementCheck& check : it->second) {
        w.BeginObject()
            .Field("date", check.statement.date.ToString())
            .Field("balance", Money::FromMinor(check.statement.balance, c))
            .Field("book_balance", Money::FromMinor(check.book_balance, c))
            .Field("difference", Money::FromMinor(check.statement.balance - check.book_balance, c))
            .Field("matched", check.statement.balance == check.book_balance)
            .EndObject();
      }
    }
    w.EndArray().EndObject();
  }
  w.EndArray();
  w.Key("totals")
      .BeginObject()
      .Field("closing_booked", money.totals.closing_booked)
      .Field("closing_revalued", money.totals.closing_revalued)
      .Field("exchange_difference", money.totals.exchange_difference)
      .EndObject();
  w.Key("donors").BeginArray();
  for (const DonorReconciliation& d : money.donors) {
    w.BeginObject()
        .Field("code", d.donor.code)
        .Field("name", d.donor.name)
        .Field("currency", d.donor.currency->code)
        .Field("opening_remaining", d.opening_remaining)
        .Field("received", d.received)
        .Field("spent", d.spent)
        .Field("remaining", d.remaining)
        .Field("received_booked", d.received_booked)
        .Field("spent_booked", d.spent_booked)
        .Field("remaining_booked", d.remaining_booked)
        .Field("received_uah", d.received_uah)
        .Field("spent_uah", d.spent_uah)
        .Field("remaining_uah", d.remaining_uah)
        .Field("goods_received", d.goods_received)
        .Field("goods_distributed", d.goods_distributed);
    w.Key("goods_distributed_by_kind").BeginObject();
    for (const auto& [kind, value] : d.goods_distributed_by_kind) w.Field(kind, value);
    w.EndObject()
        .Field("goods_written_off", d.goods_written_off)
        .Field("goods_in_stock", d.goods_in_stock)
        .Field("goods_in_stock_booked", d.goods_in_stock_booked)
        .EndObject();
  }
  w.EndArray();
  w.Key("undistributed").BeginArray();
  for (const UndistributedLot& u : undistributed) {
    w.BeginObject()
        .Field("warehouse", u.warehouse)
        .Field("sku", u.sku)
        .Field("lot", u.lot)
        .NullableField("donor", u.donor)
        .Field("received", u.received.ToString())
        .Field("age_days", static_cast<int64_t>(u.age_days))
        .Field("quantity", u.quantity.ToString())
        .Field("value", u.value)
        .Field("overdue", u.overdue)
        .EndObject();
  }
  w.EndArray();
  // Entries left out of the figures (stored before the limits of today, with
  // values too large to compute), each with its reason.
  w.Key("excluded").BeginArray();
  for (const ExcludedEntry& x : money.excluded) {
    w.BeginObject()
        .Field("id", std::to_string(x.entry.id))
        .NullableField("number", x.entry.number)
        .Field("kind", x.entry.kind)
        .Field("date", x.entry.date.ToString())
        .Field("reason", x.reason)
        .EndObject();
  }
  w.EndArray().EndObject();
}

}  // namespace

Result<ReconciliationPeriod> ParseReconciliationQuery(
    const std::map<std::string, std::string>& query) {
  std::vector<FieldError> errors;
  auto date = [&](const char* name) -> std::optional<Date> {
    auto it = query.find(name);
    if (it == query.end() || it->second.empty()) {
      errors.push_back({name, "is required (YYYY-MM-DD)"});
      return std::nullopt;
    }
    auto d = Date::Parse(it->second);
    if (!d.ok()) {
      errors.push_back({name, d.status().message()});
      return std::nullopt;
    }
    return *d;
  };
  ReconciliationPeriod period;
  std::optional<Date> from = date("from");
  std::optional<Date> to = date("to");
  if (from && to && *to < *from) {
    errors.push_back({"to", "must not be before from (" + from->ToString() + ")"});
  }
  std::string code = "UAH";
  if (auto it = query.find("currency"); it != query.end() && !it->second.empty()) code = it->second;
  period.currency = FindCurrency(code);
  if (period.currency == nullptr) {
    errors.push_back({"currency", "unknown currency \"" + code.substr(0, 16) + "\""});
  }
  ZAPAS_RETURN_IF_ERROR(FieldErrors(std::move(errors)));
  period.from = *from;
  period.to = *to;
  return period;
}

Result<Reconciliation> ComputeReconciliation(Repository& repo, const ReconciliationPeriod& period,
                                             const UndistributedSource& undistributed,
                                             const std::function<Status()>& in_snapshot) {
  StatementChecks statements;
  ZAPAS_ASSIGN_OR_RETURN(MoneyReconciliationResult money,
                         ReconcileMoney(repo, period, statements, in_snapshot));
  ZAPAS_ASSIGN_OR_RETURN(std::vector<UndistributedLot> lots, undistributed(period.to));
  return Reconciliation{std::move(money), std::move(statements), std::move(lots)};
}

Result<std::string> ReconciliationReportJson(Repository& repo, const ReconciliationPeriod& period,
                                             const UndistributedSource& undistributed) {
  ZAPAS_ASSIGN_OR_RETURN(Reconciliation r, ComputeReconciliation(repo, period, undistributed));
  JsonWriter w;
  w.Reserve(1024 + 400 * (r.money.accounts.size() + r.money.donors.size()) +
            260 * r.undistributed.size());
  WriteJson(w, period, r.money, r.statements, r.undistributed);
  return w.Take();
}

}  // namespace zapas
