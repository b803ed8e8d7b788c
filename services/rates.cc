// NBU exchange rates: import a file (JSON or XML) and read the rates in force.
#include <algorithm>

#include "services/clock.h"
#include "services/api.h"
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

Result<Reply> Api::ImportRates(Call& c) {
  ZAPAS_ASSIGN_OR_RETURN(NbuFile file, ParseNbuFile(c.request.body));
  return Write(c, [file](WriteContext& ctx) -> Result<Reply> {
    ZAPAS_ASSIGN_OR_RETURN(size_t inserted, ctx.repo.InsertRates(file.rates));
    return Reply{201, DescribeImport(file, inserted)};
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
