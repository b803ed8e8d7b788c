// PostgreSQL: accounts and money postings, closed periods, bank statements,
// NBU rates.
#include "persistence/postgres_repository.h"

namespace zapas::postgres {

Result<int32_t> PostgresRepository::InsertAccount(const Account& a) {
  return InsertReturningId(
      "INSERT INTO accounts (code, name, currency, kind) VALUES ($1, $2, $3, $4) RETURNING id",
      Params()
          .Text(a.code)
          .Text(a.name)
          .Text(std::string(a.currency->code))
          .Text(std::string(AccountKindName(a.kind))),
      "account " + a.code);
}

Result<std::vector<Account>> PostgresRepository::ListAccounts(const PageRequest& page) {
  return List<Account>(
      "SELECT id, code, name, currency, kind FROM accounts WHERE code > $1 ORDER BY code "
      "LIMIT $2",
      page, AccountFrom<Row>);
}

Result<std::optional<Account>> PostgresRepository::FindAccount(const std::string& code) {
  ZAPAS_ASSIGN_OR_RETURN(PgResult r,
                         Run("SELECT id, code, name, currency, kind FROM accounts WHERE code = $1",
                             Params().Text(code)));
  if (r.rows() == 0) return std::optional<Account>();
  return std::optional<Account>(AccountFrom(Row(r, 0)));
}

Status PostgresRepository::ForEachMoneyPosting(Date to,
                                               const std::function<void(const MoneyRow&)>& visit) {
  ZAPAS_ASSIGN_OR_RETURN(
      PgResult r, Run("SELECT p.entry_id, j.kind, j.number, p.day, p.ledger_account, p.account_id, "
                      "p.donor_id, p.currency, p.amount, p.uah FROM money_postings p "
                      "JOIN journal j ON j.id = p.entry_id WHERE p.day <= $1 "
                      "ORDER BY p.day, p.entry_id, p.line",
                      Params().Int(to.days())));
  for (int i = 0; i < r.rows(); ++i) {
    ZAPAS_ASSIGN_OR_RETURN(MoneyRow row, MoneyRowFrom(Row(r, i)));
    visit(row);
  }
  return Status::Ok();
}

Result<int64_t> PostgresRepository::AccountBalance(int32_t account_id, Date date) {
  ZAPAS_ASSIGN_OR_RETURN(PgResult r,
                         Run("SELECT COALESCE(SUM(amount), 0) FROM money_postings "
                             "WHERE account_id = $1 AND day <= $2",
                             Params().Int(account_id).Int(date.days()), "reading a balance"));
  return Row(r, 0).Int(0);
}

Status PostgresRepository::ClosePeriod(const ClosedPeriod& p) {
  Status st = Run("INSERT INTO closed_periods (month, last_day, closed_at, closed_by) "
                  "VALUES ($1, $2, $3, $4)",
                  Params().Text(p.month).Int(p.last_day.days()).Text(p.closed_at).Text(p.closed_by),
                  "closing a period")
                  .status();
  if (st.code() == StatusCode::kConflict) return Status::Conflict(p.month + " is closed already");
  return st;
}

Status PostgresRepository::ReopenPeriod(const std::string& month) {
  auto r = Run("DELETE FROM closed_periods WHERE month = $1", Params().Text(month),
               "reopening a period");
  if (!r.ok()) {
    if (r.status().code() != StatusCode::kUnavailable) {
      return Status::Conflict("only the latest closed month can be reopened");
    }
    return r.status();
  }
  if (r->changes() == 0) return Status::NotFound(month + " is not closed");
  return Status::Ok();
}

Result<std::vector<ClosedPeriod>> PostgresRepository::ListClosedPeriods() {
  ZAPAS_ASSIGN_OR_RETURN(PgResult r,
                         Run("SELECT month, last_day, closed_at, closed_by FROM closed_periods "
                             "ORDER BY month COLLATE \"C\"",
                             Params()));
  std::vector<ClosedPeriod> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(ClosedPeriodFrom(Row(r, i)));
  return out;
}

Result<std::optional<Date>> PostgresRepository::ClosedThrough() {
  ZAPAS_ASSIGN_OR_RETURN(PgResult r, Run("SELECT MAX(last_day) FROM closed_periods", Params()));
  if (Row(r, 0).IsNull(0)) return std::optional<Date>();
  return std::optional<Date>(Date::FromDays(static_cast<int32_t>(Row(r, 0).Int(0))));
}

Status PostgresRepository::InsertStatement(const Statement& st) {
  Status result = Run("INSERT INTO statements (account_id, day, balance, recorded_at, "
                      "recorded_by) VALUES ($1, $2, $3, $4, $5)",
                      Params()
                          .Int(st.account_id)
                          .Int(st.date.days())
                          .Int(st.balance)
                          .Text(st.recorded_at)
                          .Text(st.recorded_by),
                      "storing a statement")
                      .status();
  if (result.code() == StatusCode::kConflict) {
    return Status::Conflict("a statement of that account on " + st.date.ToString() +
                            " is recorded already");
  }
  return result;
}

Result<std::vector<Statement>> PostgresRepository::ListStatements(int32_t account_id) {
  ZAPAS_ASSIGN_OR_RETURN(
      PgResult r, Run("SELECT account_id, day, balance, recorded_at, recorded_by FROM statements "
                      "WHERE $1 = 0 OR account_id = $1 ORDER BY account_id, day",
                      Params().Int(account_id)));
  std::vector<Statement> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(StatementFrom(Row(r, i)));
  return out;
}

Status PostgresRepository::ReplaceRate(const Rate& rate) {
  ZAPAS_ASSIGN_OR_RETURN(PgResult r,
                         Run("UPDATE rates SET uah_per_unit = $1 WHERE currency = $2 AND day = $3",
                             Params()
                                 .Int(rate.uah_per_unit)
                                 .Text(std::string(rate.currency->code))
                                 .Int(rate.date.days()),
                             "replacing a rate"));
  if (r.changes() == 0) {
    return Status::NotFound("no NBU rate of " + std::string(rate.currency->code) + " on " +
                            rate.date.ToString());
  }
  return Status::Ok();
}

Result<bool> PostgresRepository::RateIsUsed(const Currency& currency, Date from,
                                            std::optional<Date> until) {
  ZAPAS_ASSIGN_OR_RETURN(
      PgResult r,
      Run("SELECT EXISTS (SELECT 1 FROM money_postings WHERE currency = $1 AND day >= $2 AND "
          "day < $3) OR EXISTS (SELECT 1 FROM lots WHERE currency = $1 AND booked_rate_day = $2)",
          Params()
              .Text(std::string(currency.code))
              .Int(from.days())
              .Int(until ? until->days() : std::numeric_limits<int32_t>::max()),
          "reading rates"));
  return Row(r, 0).Text(0) == "t";
}

Result<size_t> PostgresRepository::InsertRates(const std::vector<Rate>& rates) {
  size_t inserted = 0;
  for (const Rate& r : rates) {
    const std::string code(r.currency->code);
    ZAPAS_ASSIGN_OR_RETURN(PgResult found,
                           Run("SELECT uah_per_unit FROM rates WHERE currency = $1 AND day = $2",
                               Params().Text(code).Int(r.date.days()), "reading rates"));
    if (found.rows() == 1) {
      const int64_t stored = Row(found, 0).Int(0);
      if (stored != r.uah_per_unit) {
        Rate old = r;
        old.uah_per_unit = stored;
        return Status::Conflict("the rate of " + code + " on " + r.date.ToString() + " is " +
                                old.RateString() + " already; the file says " + r.RateString());
      }
      continue;
    }
    ZAPAS_RETURN_IF_ERROR(Run("INSERT INTO rates (currency, day, uah_per_unit) VALUES ($1, $2, $3)",
                              Params().Text(code).Int(r.date.days()).Int(r.uah_per_unit),
                              "storing a rate")
                              .status());
    ++inserted;
  }
  return inserted;
}

Result<std::optional<Rate>> PostgresRepository::RateInForce(const Currency& currency, Date date) {
  ZAPAS_ASSIGN_OR_RETURN(
      PgResult r, Run("SELECT day, uah_per_unit FROM rates WHERE currency = $1 AND day <= $2 "
                      "ORDER BY day DESC LIMIT 1",
                      Params().Text(std::string(currency.code)).Int(date.days())));
  if (r.rows() == 0) return std::optional<Rate>();
  return std::optional<Rate>(
      Rate{Date::FromDays(static_cast<int32_t>(Row(r, 0).Int(0))), &currency, Row(r, 0).Int(1)});
}

Result<std::vector<Rate>> PostgresRepository::RatesInForce(Date date) {
  ZAPAS_ASSIGN_OR_RETURN(
      PgResult r,
      Run("SELECT r.currency, r.day, r.uah_per_unit FROM rates r JOIN "
          "(SELECT currency, MAX(day) AS day FROM rates WHERE day <= $1 GROUP BY currency) m "
          "ON r.currency = m.currency AND r.day = m.day ORDER BY r.currency COLLATE \"C\"",
          Params().Int(date.days())));
  return RatesOf(r);
}

Status PostgresRepository::LoadRates(RateTable& table) {
  ZAPAS_ASSIGN_OR_RETURN(PgResult r,
                         Run("SELECT currency, day, uah_per_unit FROM rates", Params()));
  ZAPAS_ASSIGN_OR_RETURN(std::vector<Rate> rates, RatesOf(r));
  for (const Rate& rate : rates) table.Add(rate);
  return Status::Ok();
}

Result<std::vector<Rate>> PostgresRepository::RatesOf(const PgResult& r) {
  std::vector<Rate> out;
  for (int i = 0; i < r.rows(); ++i) {
    if (std::optional<Rate> rate = RateFrom(Row(r, i))) out.push_back(*rate);
  }
  return out;
}

}  // namespace zapas::postgres
