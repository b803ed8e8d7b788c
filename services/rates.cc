// NBU exchange rates: import a file (JSON or XML) and read the rates in force.
#include <algorithm>

#include "domain/journal_document.h"
#include "services/api.h"
#include "services/clock.h"
#include "services/json_input.h"
#include "services/nbu_import.h"

namespace zapas {
namespace {

// The reply to an import: what the file held and what was new.
std::string DescribeImport(const NbuFile& file, size_t inserted) {
  JsonWriter w;
  w.BeginObject()
      .Field("records", static_cast<int64_t>(file.records))
      .Field("imported", static_cast<int64_t>(inserted))
      .Field("already_known", static_cast<int64_t>(file.rates.size() - inserted));
  if (!file.rates.empty()) {
    Date from = file.rates.front().date, to = from;
    for (const Rate& r : file.rates) {
      from = std::min(from, r.date);
      to = std::max(to, r.date);
    }
    w.Field("from", from.ToString()).Field("to", to.ToString());
  }
  w.Key("skipped_currencies").BeginArray();
  std::vector<std::string> skipped = file.skipped;
  std::sort(skipped.begin(), skipped.end());
  skipped.erase(std::unique(skipped.begin(), skipped.end()), skipped.end());
  for (const std::string& code : skipped) w.String(code);
  w.EndArray().EndObject();
  return w.Take();
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

// ?confirm_outlier=1 (or true): the treasurer confirms rates far from the
// previous ones. kInvalid for any other value.
Result<bool> ConfirmOutlier(const std::map<std::string, std::string>& query) {
  auto it = query.find("confirm_outlier");
  if (it == query.end() || it->second == "0" || it->second == "false") return false;
  if (it->second == "1" || it->second == "true") return true;
  return Status::Field("confirm_outlier", "must be 1 (or true) to confirm, 0 (or false) otherwise");
}

Result<Reply> Api::ImportRates(Call& c) {
  ZAPAS_ASSIGN_OR_RETURN(NbuFile file, ParseNbuFile(c.request.body));
  ZAPAS_ASSIGN_OR_RETURN(bool confirm, ConfirmOutlier(c.request.query));
  return Write(c, [file, confirm](WriteContext& ctx) -> Result<Reply> {
    ZAPAS_RETURN_IF_ERROR(CheckNewRates(ctx.repo, file.rates, ctx.latest_date, confirm));
    ZAPAS_ASSIGN_OR_RETURN(size_t inserted, ctx.repo.InsertRates(file.rates));
    return Reply{201, DescribeImport(file, inserted)};
  });
}

// PUT /rates/{date}/{currency} {"rate", "reason"}: a rate of an open period
// that no booking has used yet is replaced, and the correction is a journal
// entry (kind "rate_correction", dated the rate's date).
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
  return Write(c, [=](WriteContext& ctx) -> Result<Reply> {
    ZAPAS_RETURN_IF_ERROR(CheckDateWritable(ctx, corrected.date));
    RateTable known;
    ZAPAS_RETURN_IF_ERROR(ctx.repo.LoadRates(known));
    auto stored = known.InForce(*currency, corrected.date);
    if (!stored.ok() || stored->date != corrected.date) {
      return Status::NotFound("no NBU rate of " + std::string(currency->code) + " on " +
                              corrected.date.ToString() +
                              " to replace: import it with POST /rates");
    }
    const std::optional<Date> next = known.NextAfter(*currency, corrected.date);
    ZAPAS_ASSIGN_OR_RETURN(bool used, ctx.repo.RateIsUsed(*currency, corrected.date, next));
    if (used) {
      return Status::Field(
          "rate",
          "the rate of " + std::string(currency->code) + " on " + corrected.date.ToString() +
              " was used by a booking: a booked value never changes; enter a correcting "
              "operation instead",
          StatusCode::kConflict);
    }
    auto previous = known.InForce(*currency, corrected.date.AddDays(-1));
    if (!confirm && previous.ok() && IsOutlier(previous->uah_per_unit, corrected.uah_per_unit)) {
      return Status::Field("confirm_outlier",
                           corrected.RateString() + " is " +
                               PercentAway(previous->uah_per_unit, corrected.uah_per_unit) +
                               " % away from the previous rate " + previous->RateString() + " (" +
                               previous->date.ToString() +
                               "); if it is right, send it again with ?confirm_outlier=1");
    }
    ZAPAS_RETURN_IF_ERROR(ctx.repo.ReplaceRate(corrected));
    const RateCorrectionDocument doc{std::string(currency->code),
                                     corrected.date.ToString(),
                                     corrected.RateString(),
                                     stored->RateString(),
                                     reason,
                                     ctx.recorded_at,
                                     ctx.who.username};
    JournalEntry entry;
    entry.kind = "rate_correction";
    entry.date = corrected.date;
    entry.recorded_at = ctx.recorded_at;
    entry.recorded_by = ctx.who.username;
    entry.document = EncodeDocument(doc);
    ZAPAS_ASSIGN_OR_RETURN(int64_t id, ctx.repo.InsertEntry(entry));
    return Reply{200, "{\"id\":\"" + std::to_string(id) + "\"," + entry.document.substr(1)};
  });
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
