// Closed periods and bank statements: the rule every dated write obeys, and
// the write jobs of closing a month, reopening the latest closed one and
// recording a bank's balance beside the books (POST /periods/close,
// /periods/reopen, /accounts/{code}/statements).
#pragma once

#include <string>

#include "domain/json.h"
#include "domain/money.h"
#include "services/app/store.h"

namespace zapas {

// kInvalid naming `field` when `date` is after `latest` (today +
// writes.max_days_ahead): no write may be dated later.
Status CheckNotTooFarAhead(Date latest, Date date, const std::string& field = "date");
// Every write job of an operation with a date calls it: kInvalid naming
// `field` when `date` is after `latest` (today + writes.max_days_ahead),
// kConflict naming it when `date` falls in a closed period.
Status CheckDateWritable(Repository& repo, Date latest, Date date,
                         const std::string& field = "date");
Status CheckDateWritable(WriteContext& ctx, Date date, const std::string& field = "date");

// "2026-10" -> its first day; kInvalid naming "month" for anything else.
Result<Date> MonthStart(const std::string& month);

// Closes `month` ("2026-10"): kInvalid until it has ended, kConflict when it
// is closed already or an earlier month is still open.
WriteWork ClosePeriodWork(const std::string& month);
// Reopens `month`, which must be the latest closed one, journaled as a
// period_reopen entry dated today with the reason and who had closed it.
WriteWork ReopenPeriodWork(const std::string& month, const std::string& reason);
// Records the balance of account `code` on `date` as its bank states it.
WriteWork RecordStatementWork(const std::string& code, Date date, Money balance);

// The JSON of a closed month, and of a statement beside the books' balance
// of its day (matched, or the difference to investigate).
void WriteClosedPeriod(JsonWriter& w, const ClosedPeriod& p);
void WriteStatementCheck(JsonWriter& w, const Account& a, const Statement& s, int64_t book);

}  // namespace zapas
