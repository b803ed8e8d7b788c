// The donor's report as PDF.
//
// GET /api/v1/reports/donor/{code}.pdf?from=&to=&currency=&lang= and `zapas
// print donor CODE ...` print what one donor gave and what became of it over
// the period from..to, in the report currency (the donor's own by default) and
// in English or Ukrainian. The figures are domain/donor_report.h's, fed here
// from the books: the money postings with the donor, entry by entry, and the
// goods postings of the stock journal (services/app/goods.h). The people in the
// households reached are summed from their recorded household sizes
// (Repository::HouseholdSizes, which reads nothing else of the personal data).
// The stock still held on `to` comes from the in-memory stock index
// (Undistributed), with expiry and declared value. printing/donor_report.h
// lays it all out.
//
// Personal data: nothing identifying a recipient reaches the printer — no
// name, code, phone or document number; only kinds, regions and counts.

#include <algorithm>
#include <cmath>

#include "domain/donor_report.h"
#include "domain/journal_document.h"
#include "domain/json.h"
#include "printing/donor_report.h"
#include "printing/format.h"
#include "services/app/documents.h"
#include "services/app/goods.h"
#include "services/app/reports.h"
#include "services/clock.h"

namespace zapas {
namespace {

using printing::Pick;
using printing::ReportLanguage;

// A bar's label: "Nov" (with the year under the first bar and under
// January), "Q4", "2026".
std::string BucketLabel(const ChartBuckets& b, int i, ReportLanguage l) {
  const std::string year = std::to_string(b.YearOf(i));
  if (b.months_per_bucket == 12) return year;
  if (b.months_per_bucket == 3) {
    return std::string(Pick(l, "кв. ", "Q")) + std::to_string((b.MonthOf(i) - 1) / 3 + 1) + "\n" +
           year;
  }
  std::string label = printing::ShortMonthName(b.MonthOf(i), l);
  if (i == 0 || b.MonthOf(i) == 1) label += "\n" + year;
  return label;
}

std::string BucketCaption(const ChartBuckets& b, ReportLanguage l) {
  if (b.months_per_bucket == 12) return Pick(l, "за роками", "per year");
  if (b.months_per_bucket == 3) return Pick(l, "за кварталами", "per quarter");
  return Pick(l, "за місяцями", "per month");
}

// "1 250": whole units, grouped, for a bar's value.
std::string WholeUnits(const MoneySum& m) {
  __int128 scale = 1;
  for (int i = 0; i < m.currency().digits; ++i) scale *= 10;
  const __int128 minor = m.minor_units();
  const __int128 whole = (minor >= 0 ? minor + scale / 2 : minor - scale / 2) / scale;
  const std::string text = printing::FormatAmount(MoneySum::FromMinor(whole * scale, m.currency()));
  return text.substr(0, text.find(','));
}

// A bar's height: only drawn, never printed as a figure.
double Units(const MoneySum& m) {
  return static_cast<double>(m.minor_units()) / std::pow(10.0, m.currency().digits);
}

}  // namespace

Result<DonorFigures> DonorReportFigures(Repository& repo, const Catalog& catalog,
                                        const Donor& donor, const ReportRequest& request) {
  if (request.currency == nullptr) return Status::Internal("no report currency");
  const ReportLanguage lang =
      request.language == "uk" ? ReportLanguage::kUkrainian : ReportLanguage::kEnglish;
  const ReconciliationPeriod period{request.from, request.to, request.currency};
  Donor in_report = donor;  // its figures in the report currency: domain/donor_report.h
  in_report.currency = request.currency;

  ReadSnapshot snapshot(repo);
  ZAPAS_RETURN_IF_ERROR(snapshot.Begin());
  RateTable rates;
  ZAPAS_RETURN_IF_ERROR(repo.LoadRates(rates));
  // Fails early (422 naming currency or to) when the report currency has no
  // rate on `to`.
  ZAPAS_ASSIGN_OR_RETURN(
      DonorReport report,
      DonorReport::Start(period, rates, catalog, in_report,
                         Pick(lang, "(призначення не вказано)", "(no purpose given)")));
  const PageRequest all{"", 1 << 30};
  ZAPAS_ASSIGN_OR_RETURN(std::vector<Account> accounts, repo.ListAccounts(all));

  // Money: the donor's postings, entry by entry (they come by date, entry and line).
  std::vector<std::pair<EntryRef, std::vector<MoneyPosting>>> entries;
  ZAPAS_RETURN_IF_ERROR(repo.ForEachMoneyPosting(period.to, [&](const MoneyRow& row) {
    if (row.posting.donor_id != donor.id) return;
    if (!request.site.empty() && row.site != request.site) return;
    if (entries.empty() || entries.back().first.id != row.entry_id) {
      entries.emplace_back(RefOf(row), std::vector<MoneyPosting>{});
    }
    entries.back().second.push_back(row.posting);
  }));
  const auto purpose_of = [&](int64_t id) -> Result<std::string> {
    ZAPAS_ASSIGN_OR_RETURN(JournalEntry stored, repo.FindEntry(id));
    ZAPAS_ASSIGN_OR_RETURN(CashDocument payment, DecodeCash(stored.kind, stored.document));
    return payment.purpose;
  };
  for (const auto& [entry, postings] : entries) {
    ZAPAS_RETURN_IF_ERROR(report.AddMoney(entry, postings, purpose_of));
  }

  // Goods.
  ZAPAS_RETURN_IF_ERROR(ForEachGoodsEntry(
      repo, catalog, rates, period.to,
      [&](const JournalEntry& e, const Recipient* recipient,
          const std::vector<MoneyPosting>& postings) {
        // Valued over the whole journal (a lot's steps run across sites),
        // reported for the site asked for.
        if (!request.site.empty() && e.site != request.site) return;
        const bool undoes = e.kind == "reversal" || e.kind == "return";
        report.AddGoods({RefOf(e), undoes ? e.refers_to : 0, recipient, &e.postings}, postings);
      },
      [&](const JournalEntry& e, const std::string& reason) {
        report.ExcludeGoods(RefOf(e), e.postings, reason);
      }));
  ZAPAS_ASSIGN_OR_RETURN(auto household_sizes, repo.HouseholdSizes());
  ZAPAS_RETURN_IF_ERROR(snapshot.End());
  return report.Finish(accounts, household_sizes);
}

Result<std::string> DonorSummaryJson(Repository& repo, const Catalog& catalog,
                                     const std::string& donor_code, const ReportRequest& request) {
  const Donor* donor = catalog.DonorByCode(donor_code);
  if (donor == nullptr) return Status::NotFound("no donor " + donor_code);
  ZAPAS_ASSIGN_OR_RETURN(DonorFigures figures, DonorReportFigures(repo, catalog, *donor, request));
  const DonorReconciliation& t = figures.totals;
  MoneyTotals delivered;
  int deliveries = 0;
  for (const DonorDeliveries& d : figures.deliveries) {
    ZAPAS_RETURN_IF_ERROR(delivered.Add(d.value));
    deliveries += d.deliveries;
  }
  JsonWriter w;
  w.BeginObject()
      .Field("donor", donor->code)
      .Field("from", request.from.ToString())
      .Field("to", request.to.ToString())
      .Field("currency", request.currency->code)
      .Field("received", t.received_booked)
      .Field("spent", t.spent_booked)
      .Field("remaining", t.remaining_booked)
      .Key("delivered")
      .BeginArray();
  for (const MoneySum& m : delivered.sums()) w.MoneyValue(m);
  w.EndArray()
      .Field("deliveries", static_cast<int64_t>(deliveries))
      .Field("households", static_cast<int64_t>(figures.households))
      .Field("people", figures.people)
      .Field("organisations", static_cast<int64_t>(figures.organisations))
      .EndObject();
  return w.Take();
}

Result<std::string> DonorReportPdf(Repository& repo, const Catalog& catalog,
                                   const StockIndex& index, const std::string& donor_code,
                                   const ReportRequest& request, const DocumentSettings& settings) {
  const Donor* donor = catalog.DonorByCode(donor_code);
  if (donor == nullptr) return Status::NotFound("no donor " + donor_code);
  ZAPAS_ASSIGN_OR_RETURN(DonorFigures figures, DonorReportFigures(repo, catalog, *donor, request));
  const ReportLanguage lang =
      request.language == "uk" ? ReportLanguage::kUkrainian : ReportLanguage::kEnglish;
  const ReconciliationPeriod period{request.from, request.to, request.currency};

  printing::DonorReportData data;
  data.language = lang;
  data.org_name = settings.org_name;
  data.issued = settings.fixed_time ? DateOfTimestamp(*settings.fixed_time) : Today();
  data.reference = donor->code + " " + period.from.ToString() + ".." + period.to.ToString();
  data.donor_code = donor->code;
  data.donor_name = donor->name;
  data.donor_country = donor->country;
  data.from = period.from;
  data.to = period.to;
  data.currency = std::string(request.currency->code);
  data.totals = figures.totals;
  data.purposes = std::move(figures.purposes);
  data.categories = std::move(figures.categories);
  data.deliveries = std::move(figures.deliveries);
  data.households = figures.households;
  data.people = figures.people;
  data.households_without_size = figures.households_without_size;
  data.organisations = figures.organisations;

  data.monthly_caption = BucketCaption(figures.buckets, lang);
  for (int i = 0; i < figures.buckets.count; ++i) {
    const MoneySum& value = figures.delivered_per_bucket[i];
    data.monthly.push_back(
        {BucketLabel(figures.buckets, i, lang), Units(value), WholeUnits(value)});
  }

  for (const ExcludedEntry& x : figures.excluded) {
    data.excluded.push_back(
        {x.entry.number.empty() ? "#" + std::to_string(x.entry.id) : x.entry.number, x.entry.kind,
         x.entry.date, x.reason});
  }

  // Stock on `to`, soonest expiry first.
  ZAPAS_ASSIGN_OR_RETURN(std::vector<UndistributedLot> lots,
                         Undistributed(catalog, index, period.to));
  for (const UndistributedLot& u : lots) {
    if (u.donor != donor->code) continue;
    const Item* item = catalog.ItemBySku(u.sku);
    const Lot* lot = item ? catalog.LotByBatch(item->id, u.lot) : nullptr;
    const Warehouse* wh = catalog.WarehouseByCode(u.warehouse);
    printing::DonorReportStockLine line;
    line.name_en = item ? item->name_en : u.sku;
    line.name_uk = item ? item->name_uk : u.sku;
    line.category = item ? item->category : "";
    line.lot = u.lot;
    line.warehouse = wh ? (wh->region.empty() ? wh->name : wh->region) : u.warehouse;
    line.quantity = printing::FormatQuantity(u.quantity);
    if (item) std::tie(line.unit_uk, line.unit_en) = printing::UnitLabels(item->unit);
    if (lot && !lot->expiry.is_never()) line.expiry = lot->expiry;
    line.days_in_stock = u.age_days;
    line.value = u.value;
    data.stock.push_back(std::move(line));
  }
  std::stable_sort(data.stock.begin(), data.stock.end(), [&](const auto& a, const auto& b) {
    const int32_t ea = a.expiry ? a.expiry->days() : Date::Never().days();
    const int32_t eb = b.expiry ? b.expiry->days() : Date::Never().days();
    if (ea != eb) return ea < eb;
    return lang == ReportLanguage::kUkrainian ? a.name_uk < b.name_uk : a.name_en < b.name_en;
  });

  return printing::RenderDonorReport(data, PrintOptionsOf(settings));
}

}  // namespace zapas
