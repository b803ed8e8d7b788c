// NBU exchange rates: the write jobs of importing a file and of correcting
// a rate no booking has used.
#include <algorithm>

#include "domain/journal_document.h"
#include "services/app/nbu_import.h"
#include "services/app/periods.h"
#include "services/app/requests.h"
#include "services/app/scope.h"

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

WriteWork ImportRatesWork(NbuFile file, bool confirm) {
  return [file = std::move(file), confirm](WriteContext& ctx) -> Result<Written> {
    ZAPAS_RETURN_IF_ERROR(CheckWrittenHere(ctx.catalog, "Курси НБУ", "NBU rates"));
    ZAPAS_RETURN_IF_ERROR(CheckNewRates(ctx.repo, file.rates, ctx.latest_date, confirm));
    ZAPAS_ASSIGN_OR_RETURN(size_t inserted, ctx.repo.InsertRates(file.rates));
    return Written{DescribeImport(file, inserted)};
  };
}

// PUT /rates/{date}/{currency} {"rate", "reason"}: a rate of an open period
// that no booking has used yet is replaced, and the correction is a journal
// entry (kind "rate_correction", dated the rate's date).
WriteWork ReplaceRateWork(Rate corrected, std::string reason, bool confirm) {
  return [=](WriteContext& ctx) -> Result<Written> {
    ZAPAS_RETURN_IF_ERROR(CheckWrittenHere(ctx.catalog, "Курси НБУ", "NBU rates"));
    const Currency* currency = corrected.currency;
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
    JournalEntry entry = ctx.NewEntry("rate_correction", corrected.date);
    entry.document = EncodeDocument(doc);
    ZAPAS_ASSIGN_OR_RETURN(int64_t id, ctx.repo.InsertEntry(entry));
    return Written{EntryJson(id, entry.document), false};
  };
}

}  // namespace zapas
