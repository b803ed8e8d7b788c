// SQLite: accounts and money postings, closed periods, bank statements, NBU
// rates.
#include "persistence/sqlite_repository.h"

namespace zapas::sqlite {

Result<int32_t> SqliteRepository::InsertAccount(const Account& a) {
  Stmt* s = Prepare("INSERT INTO accounts (code, name, currency, kind) VALUES (?, ?, ?, ?)");
  s->Bind(1, a.code);
  s->Bind(2, a.name);
  s->Bind(3, std::string(a.currency->code));
  s->Bind(4, std::string(AccountKindName(a.kind)));
  return InsertReturningId(s, "account " + a.code);
}

Result<std::vector<Account>> SqliteRepository::ListAccounts(const PageRequest& page) {
  return List<Account>(
      "SELECT id, code, name, currency, kind FROM accounts WHERE code > ? ORDER BY code LIMIT ?",
      page, AccountFrom<Stmt>);
}

Result<std::optional<Account>> SqliteRepository::FindAccount(const std::string& code) {
  Stmt* s = Prepare("SELECT id, code, name, currency, kind FROM accounts WHERE code = ?");
  s->Bind(1, code);
  int rc = s->Step();
  std::optional<Account> found;
  if (rc == SQLITE_ROW) {
    found = AccountFrom(*s);
  } else if (rc != SQLITE_DONE) {
    return Error("reading accounts");
  }
  s->Reset();
  return found;
}

Status SqliteRepository::ForEachMoneyPosting(Date to,
                                             const std::function<void(const MoneyRow&)>& visit) {
  Stmt s(db_,
         "SELECT p.entry_id, j.kind, j.number, p.day, p.ledger_account, p.account_id, "
         "p.donor_id, p.currency, p.amount, p.uah FROM money_postings p "
         "JOIN journal j ON j.id = p.entry_id WHERE p.day <= ? ORDER BY p.day, p.entry_id, p.line");
  if (!s.valid()) return Status::Unavailable(s.error());
  s.Bind(1, to.days());
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) {
    ZAPAS_ASSIGN_OR_RETURN(MoneyRow row, MoneyRowFrom(s));
    visit(row);
  }
  return rc == SQLITE_DONE ? Status::Ok() : Error("reading money postings");
}

Result<int64_t> SqliteRepository::AccountBalance(int32_t account_id, Date date) {
  Stmt* s = Prepare(
      "SELECT COALESCE(SUM(amount), 0) FROM money_postings WHERE account_id = ? AND day <= ?");
  s->Bind(1, account_id);
  s->Bind(2, date.days());
  int rc = s->Step();
  int64_t balance = rc == SQLITE_ROW ? s->Int(0) : 0;
  s->Reset();
  if (rc != SQLITE_ROW) return Error("reading a balance");
  return balance;
}

Status SqliteRepository::ClosePeriod(const ClosedPeriod& p) {
  Stmt* s = Prepare(
      "INSERT INTO closed_periods (month, last_day, closed_at, closed_by) VALUES (?, ?, ?, ?)");
  s->Bind(1, p.month);
  s->Bind(2, p.last_day.days());
  s->Bind(3, p.closed_at);
  s->Bind(4, p.closed_by);
  int rc = s->Step();
  Status st = rc == SQLITE_DONE ? Status::Ok() : Error("closing a period");
  s->Reset();
  if (st.code() == StatusCode::kConflict) return Status::Conflict(p.month + " is closed already");
  return st;
}

Status SqliteRepository::ReopenPeriod(const std::string& month) {
  Stmt* s = Prepare("DELETE FROM closed_periods WHERE month = ?");
  s->Bind(1, month);
  int rc = s->Step();
  Status st = rc == SQLITE_DONE ? Status::Ok() : Error("reopening a period");
  s->Reset();
  if (st.ok() && sqlite3_changes(db_) == 0) return Status::NotFound(month + " is not closed");
  if (!st.ok() && st.code() != StatusCode::kUnavailable) {
    return Status::Conflict("only the latest closed month can be reopened");
  }
  return st;
}

Result<std::vector<ClosedPeriod>> SqliteRepository::ListClosedPeriods() {
  Stmt* s =
      Prepare("SELECT month, last_day, closed_at, closed_by FROM closed_periods ORDER BY month");
  std::vector<ClosedPeriod> out;
  int rc;
  while ((rc = s->Step()) == SQLITE_ROW) out.push_back(ClosedPeriodFrom(*s));
  s->Reset();
  if (rc != SQLITE_DONE) return Error("reading closed periods");
  return out;
}

Result<std::optional<Date>> SqliteRepository::ClosedThrough() {
  Stmt* s = Prepare("SELECT MAX(last_day) FROM closed_periods");
  int rc = s->Step();
  std::optional<Date> through;
  if (rc == SQLITE_ROW && !s->IsNull(0)) through = Date::FromDays(static_cast<int32_t>(s->Int(0)));
  s->Reset();
  if (rc != SQLITE_ROW) return Error("reading closed periods");
  return through;
}

Status SqliteRepository::InsertStatement(const Statement& st) {
  Stmt* s = Prepare(
      "INSERT INTO statements (account_id, day, balance, recorded_at, recorded_by) "
      "VALUES (?, ?, ?, ?, ?)");
  s->Bind(1, st.account_id);
  s->Bind(2, st.date.days());
  s->Bind(3, st.balance);
  s->Bind(4, st.recorded_at);
  s->Bind(5, st.recorded_by);
  int rc = s->Step();
  Status result = rc == SQLITE_DONE ? Status::Ok() : Error("storing a statement");
  s->Reset();
  if (result.code() == StatusCode::kConflict) {
    return Status::Conflict("a statement of that account on " + st.date.ToString() +
                            " is recorded already");
  }
  return result;
}

Result<std::vector<Statement>> SqliteRepository::ListStatements(int32_t account_id) {
  Stmt* s = Prepare(
      "SELECT account_id, day, balance, recorded_at, recorded_by FROM statements "
      "WHERE ? = 0 OR account_id = ? ORDER BY account_id, day");
  s->Bind(1, account_id);
  s->Bind(2, account_id);
  std::vector<Statement> out;
  int rc;
  while ((rc = s->Step()) == SQLITE_ROW) out.push_back(StatementFrom(*s));
  s->Reset();
  if (rc != SQLITE_DONE) return Error("reading statements");
  return out;
}

Status SqliteRepository::ReplaceRate(const Rate& rate) {
  Stmt* s = Prepare("UPDATE rates SET uah_per_unit = ? WHERE currency = ? AND day = ?");
  s->Bind(1, rate.uah_per_unit);
  s->Bind(2, std::string(rate.currency->code));
  s->Bind(3, rate.date.days());
  int rc = s->Step();
  Status st = rc == SQLITE_DONE ? Status::Ok() : Error("replacing a rate");
  s->Reset();
  if (st.ok() && sqlite3_changes(db_) == 0) {
    return Status::NotFound("no NBU rate of " + std::string(rate.currency->code) + " on " +
                            rate.date.ToString());
  }
  return st;
}

Result<bool> SqliteRepository::RateIsUsed(const Currency& currency, Date from,
                                          std::optional<Date> until) {
  Stmt* s = Prepare(
      "SELECT EXISTS (SELECT 1 FROM money_postings WHERE currency = ?1 AND day >= ?2 AND "
      "day < ?3) OR EXISTS (SELECT 1 FROM lots WHERE currency = ?1 AND booked_rate_day = ?2)");
  s->Bind(1, std::string(currency.code));
  s->Bind(2, from.days());
  s->Bind(3, until ? until->days() : std::numeric_limits<int32_t>::max());
  int rc = s->Step();
  const bool used = rc == SQLITE_ROW && s->Int(0) != 0;
  s->Reset();
  if (rc != SQLITE_ROW) return Error("reading rates");
  return used;
}

Result<size_t> SqliteRepository::InsertRates(const std::vector<Rate>& rates) {
  Stmt* find = Prepare("SELECT uah_per_unit FROM rates WHERE currency = ? AND day = ?");
  Stmt* insert = Prepare("INSERT INTO rates (currency, day, uah_per_unit) VALUES (?, ?, ?)");
  size_t inserted = 0;
  for (const Rate& r : rates) {
    const std::string code(r.currency->code);
    find->Reset();
    find->Bind(1, code);
    find->Bind(2, r.date.days());
    int rc = find->Step();
    if (rc == SQLITE_ROW) {
      int64_t stored = find->Int(0);
      find->Reset();
      if (stored != r.uah_per_unit) {
        Rate old = r;
        old.uah_per_unit = stored;
        return Status::Conflict("the rate of " + code + " on " + r.date.ToString() + " is " +
                                old.RateString() + " already; the file says " + r.RateString());
      }
      continue;
    }
    find->Reset();
    if (rc != SQLITE_DONE) return Error("reading rates");
    insert->Reset();
    insert->Bind(1, code);
    insert->Bind(2, r.date.days());
    insert->Bind(3, r.uah_per_unit);
    if (insert->Step() != SQLITE_DONE) return Error("storing a rate");
    insert->Reset();
    ++inserted;
  }
  return inserted;
}

Result<std::optional<Rate>> SqliteRepository::RateInForce(const Currency& currency, Date date) {
  Stmt* s = Prepare(
      "SELECT day, uah_per_unit FROM rates WHERE currency = ? AND day <= ? "
      "ORDER BY day DESC LIMIT 1");
  s->Bind(1, std::string(currency.code));
  s->Bind(2, date.days());
  int rc = s->Step();
  std::optional<Rate> found;
  if (rc == SQLITE_ROW) {
    found = Rate{Date::FromDays(static_cast<int32_t>(s->Int(0))), &currency, s->Int(1)};
  } else if (rc != SQLITE_DONE) {
    return Error("reading rates");
  }
  s->Reset();
  return found;
}

Result<std::vector<Rate>> SqliteRepository::RatesInForce(Date date) {
  Stmt* s = Prepare(
      "SELECT r.currency, r.day, r.uah_per_unit FROM rates r JOIN "
      "(SELECT currency, MAX(day) AS day FROM rates WHERE day <= ? GROUP BY currency) m "
      "ON r.currency = m.currency AND r.day = m.day ORDER BY r.currency");
  s->Bind(1, date.days());
  std::vector<Rate> out;
  int rc;
  while ((rc = s->Step()) == SQLITE_ROW) {
    if (std::optional<Rate> rate = RateFrom(*s)) out.push_back(*rate);
  }
  s->Reset();
  if (rc != SQLITE_DONE) return Error("reading rates");
  return out;
}

Status SqliteRepository::LoadRates(RateTable& table) {
  Stmt s(db_, "SELECT currency, day, uah_per_unit FROM rates");
  if (!s.valid()) return Status::Unavailable(s.error());
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) {
    if (std::optional<Rate> rate = RateFrom(s)) table.Add(*rate);
  }
  return rc == SQLITE_DONE ? Status::Ok() : Error("reading rates");
}

}  // namespace zapas::sqlite
