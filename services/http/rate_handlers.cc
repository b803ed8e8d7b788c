// The endpoints of NBU exchange rates and of the currency table.
#include "services/app/nbu_import.h"
#include "services/app/requests.h"
#include "services/clock.h"
#include "services/http/api.h"

namespace zapas {
namespace {

// ?confirm_outlier=1 (or true): the treasurer confirms rates far from the
// previous ones. kInvalid for any other value.
Result<bool> ConfirmOutlier(const std::map<std::string, std::string>& query) {
  auto it = query.find("confirm_outlier");
  if (it == query.end() || it->second == "0" || it->second == "false") return false;
  if (it->second == "1" || it->second == "true") return true;
  return Status::Field("confirm_outlier", "must be 1 (or true) to confirm, 0 (or false) otherwise");
}

}  // namespace

// GET /currencies: the table of currencies Zapas keeps money in, one page.
Result<Reply> Api::ListCurrencies(Call&) {
  JsonWriter w;
  w.BeginObject().Key("items").BeginArray();
  for (const Currency& c : Currencies()) {
    w.BeginObject()
        .Field("code", std::string(c.code))
        .Field("numeric", static_cast<int64_t>(c.numeric))
        .Field("digits", static_cast<int64_t>(c.digits))
        .Key("name")
        .BeginObject()
        .Field("uk", std::string(c.name_uk))
        .Field("en", std::string(c.name_en))
        .EndObject()
        .EndObject();
  }
  w.EndArray().Key("next").Null().EndObject();
  return Reply{200, w.Take()};
}

Result<Reply> Api::ImportRates(Call& c) {
  ZAPAS_ASSIGN_OR_RETURN(NbuFile file, ParseNbuFile(c.request.body));
  ZAPAS_ASSIGN_OR_RETURN(bool confirm, ConfirmOutlier(c.request.query));
  return Write(c, ImportRatesWork(std::move(file), confirm));
}

Result<Reply> Api::ReplaceRate(Call& c) {
  std::vector<FieldError> errors;
  auto date = Date::Parse(c.params.at(0));
  if (!date.ok()) errors.push_back({"date", date.status().message()});
  const Currency* currency = FindCurrency(c.params.at(1));
  if (currency == nullptr) {
    errors.push_back({"currency", "unknown currency \"" + c.params.at(1).substr(0, 16) + "\""});
  } else if (currency->code == "UAH") {
    errors.push_back({"currency", "UAH has no NBU rate: it is the hryvnia itself"});
  }
  ZAPAS_ASSIGN_OR_RETURN(auto body, ParseJsonObject(c.request.body));
  FieldReader in(body, &errors);
  const std::string rate_text = in.Text("rate", true, 40);
  const std::string reason = in.Text("reason", true, 500);
  int64_t rate = 0;
  if (!rate_text.empty()) {
    auto parsed = ParseRate(rate_text);
    Status limit = parsed.ok() ? CheckRateLimit(*parsed) : parsed.status();
    if (!limit.ok()) {
      in.Fail("rate", limit.message());
    } else {
      rate = *parsed;
    }
  }
  ZAPAS_RETURN_IF_ERROR(FieldErrors(std::move(errors)));
  ZAPAS_ASSIGN_OR_RETURN(bool confirm, ConfirmOutlier(c.request.query));
  const Rate corrected{*date, currency, rate};
  return Write(c, ReplaceRateWork(corrected, reason, confirm));
}

Result<Reply> Api::GetRates(Call& c) {
  Date date = Today();
  if (auto it = c.request.query.find("date"); it != c.request.query.end()) {
    auto d = Date::Parse(it->second);
    if (!d.ok()) return Status::Field("date", d.status().message());
    date = *d;
  }
  ZAPAS_ASSIGN_OR_RETURN(auto conn, store_.Reader());
  ZAPAS_ASSIGN_OR_RETURN(std::vector<Rate> rates, conn->RatesInForce(date));
  if (rates.empty()) {
    return Status::NotFound("no NBU rate on or before " + date.ToString() +
                            ": import the rates of that period first");
  }
  JsonWriter w;
  w.BeginObject().Field("date", date.ToString()).Key("rates").BeginArray();
  for (const Rate& r : rates) {
    w.BeginObject()
        .Field("currency", r.currency->code)
        .Field("r030", r.currency->numeric)
        .Field("rate", r.RateString())
        .Field("date", r.date.ToString())
        .EndObject();
  }
  w.EndArray().EndObject();
  return Reply{200, w.Take()};
}

}  // namespace zapas
