// The endpoints of closed periods and bank statements.
#include "domain/limits.h"
#include "services/app/periods.h"
#include "services/http/api.h"

namespace zapas {

Result<Reply> Api::ClosePeriod(Call& c) {
  ZAPAS_ASSIGN_OR_RETURN(auto body, ParseJsonObject(c.request.body));
  std::vector<FieldError> errors;
  FieldReader in(body, &errors);
  std::string month = in.Text("month", true, 7);
  ZAPAS_RETURN_IF_ERROR(FieldErrors(std::move(errors)));
  ZAPAS_RETURN_IF_ERROR(MonthStart(month).status());
  return Write(c, ClosePeriodWork(month));
}

Result<Reply> Api::ReopenPeriod(Call& c) {
  ZAPAS_ASSIGN_OR_RETURN(auto body, ParseJsonObject(c.request.body));
  std::vector<FieldError> errors;
  FieldReader in(body, &errors);
  std::string month = in.Text("month", true, 7);
  std::string reason = in.Text("reason", true, 500);
  ZAPAS_RETURN_IF_ERROR(FieldErrors(std::move(errors)));
  ZAPAS_RETURN_IF_ERROR(MonthStart(month).status());
  return Write(c, ReopenPeriodWork(month, reason));
}

Result<Reply> Api::ListPeriods(Call&) {
  ZAPAS_ASSIGN_OR_RETURN(auto conn, store_.Reader());
  ZAPAS_ASSIGN_OR_RETURN(auto periods, conn->ListClosedPeriods());
  ZAPAS_ASSIGN_OR_RETURN(auto through, conn->ClosedThrough());
  JsonWriter w;
  w.BeginObject().NullableField("closed_through", through ? through->ToString() : "");
  w.Key("items").BeginArray();
  for (const ClosedPeriod& p : periods) WriteClosedPeriod(w, p);
  w.EndArray().Key("next").Null().EndObject();  // one page: the list is short
  return Reply{200, w.Take()};
}

Result<Reply> Api::RecordStatement(Call& c) {
  const std::string code = c.params.at(0);
  ZAPAS_ASSIGN_OR_RETURN(auto body, ParseJsonObject(c.request.body));
  std::vector<FieldError> errors;
  FieldReader in(body, &errors);
  std::optional<Date> date = in.DateValue("date");
  std::optional<Money> balance = in.MoneyValue("balance");
  ZAPAS_RETURN_IF_ERROR(FieldErrors(std::move(errors)));
  ZAPAS_RETURN_IF_ERROR(CheckAmountLimit(*balance, "balance.amount"));
  return Write(c, RecordStatementWork(code, *date, *balance));
}

Result<Reply> Api::ListStatements(Call& c) {
  const std::string code = c.params.at(0);
  ZAPAS_ASSIGN_OR_RETURN(auto conn, store_.Reader());
  ZAPAS_ASSIGN_OR_RETURN(auto account, conn->FindAccount(code));
  if (!account) return Status::NotFound("no account " + code);
  ZAPAS_ASSIGN_OR_RETURN(auto statements, conn->ListStatements(account->id));
  JsonWriter w;
  w.BeginObject().Key("items").BeginArray();
  for (const Statement& s : statements) {
    ZAPAS_ASSIGN_OR_RETURN(int64_t book, conn->AccountBalance(account->id, s.date));
    WriteStatementCheck(w, *account, s, book);
  }
  w.EndArray().Key("next").Null().EndObject();
  return Reply{200, w.Take()};
}

}  // namespace zapas
