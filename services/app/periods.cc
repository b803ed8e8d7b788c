// Closing months, reopening the latest, and checking the books against bank
// statements: the write jobs and the rule every dated write obeys.
#include "services/app/periods.h"

#include <algorithm>

#include "domain/books.h"
#include "domain/journal_document.h"
#include "services/clock.h"

namespace zapas {

Status CheckNotTooFarAhead(Date latest, Date date, const std::string& field) {
  if (date <= latest) return Status::Ok();
  return Status::Field(field, "must not be after " + latest.ToString() +
                                  " (writes.max_days_ahead days after today)");
}

Status CheckDateWritable(Repository& repo, Date latest, Date date, const std::string& field) {
  ZAPAS_RETURN_IF_ERROR(CheckNotTooFarAhead(latest, date, field));
  ZAPAS_ASSIGN_OR_RETURN(auto through, repo.ClosedThrough());
  Status open = CheckPeriodOpen(through, date);
  if (!open.ok() && field != "date") {
    return Status::Field(field, open.errors().front().message, StatusCode::kConflict);
  }
  return open;
}

Status CheckDateWritable(WriteContext& ctx, Date date, const std::string& field) {
  return CheckDateWritable(ctx.repo, ctx.latest_date, date, field);
}

void WriteClosedPeriod(JsonWriter& w, const ClosedPeriod& p) {
  w.BeginObject()
      .Field("month", p.month)
      .Field("last_day", p.last_day.ToString())
      .Field("closed_at", p.closed_at)
      .Field("closed_by", p.closed_by)
      .EndObject();
}

// One statement beside the books: matched, or the difference to investigate.
void WriteStatementCheck(JsonWriter& w, const Account& a, const Statement& s, int64_t book) {
  const Money statement = Money::FromMinor(s.balance, *a.currency);
  const Money books = Money::FromMinor(book, *a.currency);
  w.BeginObject()
      .Field("account", a.code)
      .Field("date", s.date.ToString())
      .Field("balance", statement)
      .Field("book_balance", books)
      .Field("difference", Money::FromMinor(s.balance - book, *a.currency))
      .Field("matched", s.balance == book)
      .Field("recorded_at", s.recorded_at)
      .Field("recorded_by", s.recorded_by)
      .EndObject();
}

namespace {

// The months from `first` to `last` (both first days), "2026-08, 2026-09".
std::string MonthsBetween(Date first, Date last) {
  std::string out;
  for (Date m = first; m <= last; m = m.EndOfMonth().AddDays(1)) {
    if (!out.empty()) out += ", ";
    out += m.ToString().substr(0, 7);
  }
  return out;
}

}  // namespace

// "2026-10" -> its first day; kInvalid naming "month" for anything else.
Result<Date> MonthStart(const std::string& month) {
  auto first = Date::Parse(month + "-01");
  if (month.size() != 7 || !first.ok()) return Status::Field("month", "must be YYYY-MM");
  return *first;
}

WriteWork ClosePeriodWork(const std::string& month) {
  return [month](WriteContext& ctx) -> Result<Written> {
    ZAPAS_ASSIGN_OR_RETURN(const Date first, MonthStart(month));
    const Date last_day = first.EndOfMonth();
    // A month closes from its next day on: closing one still running (or a
    // typo decades ahead) would stop every write until it ends.
    const Date today = Today();
    if (last_day >= today) {
      return Status::Field("month", month + " has not ended yet (today is " + today.ToString() +
                                        "): a month can be closed from its next day on");
    }
    ZAPAS_ASSIGN_OR_RETURN(auto through, ctx.repo.ClosedThrough());
    if (through && last_day <= *through) {
      return Status::Conflict("the books are closed through " + through->ToString() + " already");
    }
    // Months close in order: none may stay open before a closed one.
    if (through && first > through->AddDays(1)) {
      return Status::Field("month",
                           "close " + MonthsBetween(through->AddDays(1), first.AddDays(-1)) +
                               " first: the books are closed through " + through->ToString() +
                               " and months close in order",
                           StatusCode::kConflict);
    }
    ClosedPeriod p{month, last_day, ctx.recorded_at, ctx.who.username};
    ZAPAS_RETURN_IF_ERROR(ctx.repo.ClosePeriod(p));
    JsonWriter w;
    WriteClosedPeriod(w, p);
    return Written{w.Take()};
  };
}

// Reopening: the latest closed month only, by an admin, with a reason, as a
// journal entry (kind "period_reopen", dated today) that keeps who closed it
// and when. Older months reopen in order, latest first.
WriteWork ReopenPeriodWork(const std::string& month, const std::string& reason) {
  return [=](WriteContext& ctx) -> Result<Written> {
    ZAPAS_ASSIGN_OR_RETURN(std::vector<ClosedPeriod> closed, ctx.repo.ListClosedPeriods());
    auto it = std::find_if(closed.begin(), closed.end(),
                           [&](const ClosedPeriod& p) { return p.month == month; });
    if (it == closed.end()) {
      return Status::Field("month", month + " is not closed", StatusCode::kConflict);
    }
    const ClosedPeriod& latest = *std::max_element(
        closed.begin(), closed.end(),
        [](const ClosedPeriod& a, const ClosedPeriod& b) { return a.last_day < b.last_day; });
    if (latest.month != month) {
      return Status::Field("month",
                           "only the latest closed month, " + latest.month +
                               ", can be reopened: reopen the months after " + month + " first",
                           StatusCode::kConflict);
    }
    const ClosedPeriod reopened = *it;
    ZAPAS_RETURN_IF_ERROR(ctx.repo.ReopenPeriod(month));
    const PeriodReopenDocument doc{
        month, reason, reopened.closed_at, reopened.closed_by, ctx.recorded_at, ctx.who.username};
    JournalEntry entry = ctx.NewEntry("period_reopen", Today());
    entry.document = EncodeDocument(doc);
    ZAPAS_ASSIGN_OR_RETURN(int64_t id, ctx.repo.InsertEntry(entry));
    ZAPAS_ASSIGN_OR_RETURN(auto through, ctx.repo.ClosedThrough());
    JsonWriter w;
    w.BeginObject()
        .Field("id", std::to_string(id))
        .Field("month", month)
        .Field("reason", reason)
        .Field("reopened_at", ctx.recorded_at)
        .Field("reopened_by", ctx.who.username)
        .NullableField("closed_through", through ? through->ToString() : "")
        .EndObject();
    return Written{w.Take()};
  };
}

WriteWork RecordStatementWork(const std::string& code, Date date, Money balance) {
  return [=](WriteContext& ctx) -> Result<Written> {
    // A bank's balance of a day in a closed month may still be recorded: it
    // checks the books, it does not change them. Not of a day to come.
    ZAPAS_RETURN_IF_ERROR(CheckNotTooFarAhead(ctx.latest_date, date, "date"));
    ZAPAS_ASSIGN_OR_RETURN(auto account, ctx.repo.FindAccount(code));
    if (!account) return Status::NotFound("no account " + code);
    if (&balance.currency() != account->currency) {
      return Status::Field("balance.currency", "must be " + std::string(account->currency->code) +
                                                   ", the currency of account " + code);
    }
    Statement s{account->id, date, balance.minor_units(), ctx.recorded_at, ctx.who.username};
    ZAPAS_RETURN_IF_ERROR(ctx.repo.InsertStatement(s));
    ZAPAS_ASSIGN_OR_RETURN(int64_t book, ctx.repo.AccountBalance(account->id, date));
    JsonWriter w;
    WriteStatementCheck(w, *account, s, book);
    return Written{w.Take()};
  };
}

}  // namespace zapas
