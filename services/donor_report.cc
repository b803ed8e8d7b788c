// The donor's report as PDF.
//
// GET /api/v1/reports/donor/{code}.pdf?from=&to=&currency=&lang= and `zapas
// print donor CODE ...` print what one donor gave and what became of it over
// the period from..to, in the report currency (the donor's own by default) and
// in English or Ukrainian (printing/donor_report.h lays it out).
//
// Every value comes from the books through MoneyReconciliation (domain/
// report.h), so the report follows the reconciliation report's rules. The
// donor is handed to it with the report currency as its currency: a posting
// then counts at its amount when it is in that currency, else at its booked
// UAH converted at the currency's NBU rate of the posting's date — the rule
// of the reconciliation's *_booked figures — and the goods come out in the
// report currency too. Breakdowns are further MoneyReconciliations, one per
// group, each fed only the postings of its group, so the groups add up to the
// totals exactly:
//   money      received, spent and remaining (opening + received - spent) in
//              the period, from the money postings with the donor;
//   purposes   the payment lines charged to the donor (expenses:payments:<d>),
//              grouped by the "purpose" of their entry's document;
//   categories the donor's goods postings (services/goods.h) grouped by the
//              category of the lot's item: received, delivered, written off in
//              the period and in stock on `to`;
//   deliveries the goods postings of deliveries (and of their reversals)
//              grouped by the recipient's kind and region;
//   monthly    the same, by month of the period (by quarter beyond 24 months,
//              by year beyond 24 quarters), for the bar chart.
// Reach: the recipients to whom a net positive quantity of the donor's lots
// was delivered in the period; the IDP households among them, with the people
// in them summed from their recorded household sizes (Repository::
// HouseholdSizes, which reads nothing else of the personal data), and the
// others as organisations.
// Stock: the donor's lots with a positive balance on `to`, from the in-memory
// stock index (Undistributed), with expiry and declared value.
//
// Personal data: nothing identifying a recipient reaches the printer — no
// name, code, phone or document number; only kinds, regions and counts.

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <set>

#include "domain/journal_document.h"
#include "domain/report.h"
#include "printing/donor_report.h"
#include "printing/format.h"
#include "services/clock.h"
#include "services/documents.h"
#include "services/goods.h"
#include "services/json_input.h"
#include "services/reports.h"

namespace zapas {
namespace {

using printing::ReportLanguage;

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

constexpr std::string_view kDistributed = "expenses:distributed:";

// One MoneyReconciliation per group key, over the one donor.
class GroupBooks {
 public:
  GroupBooks(const ReconciliationPeriod& period, const RateTable& rates, const Donor& donor)
      : period_(period), rates_(rates), donor_(donor) {}

  // The postings of one entry that belong to the group `key`; whether they
  // counted (false for an entry left out: its values cannot be computed).
  bool Add(const std::string& key, const EntryRef& entry,
           const std::vector<MoneyPosting>& postings) {
    if (!status_.ok() || postings.empty()) return false;
    auto it = books_.find(key);
    if (it == books_.end()) {
      auto started = MoneyReconciliation::Start(period_, rates_, {donor_});
      if (!started.ok()) {
        status_ = started.status();
        return false;
      }
      it = books_.emplace(key, std::move(started).value()).first;
    }
    auto counted = it->second.AddEntry(entry, postings);
    if (!counted.ok()) status_ = counted.status();
    return counted.ok() && *counted;
  }
  void Exclude(const EntryRef& entry, const std::string& reason) {
    excluded_.push_back(ExcludedEntry{entry, reason});
  }

  // The donor's figures per group.
  Result<std::map<std::string, DonorReconciliation>> Finish(
      const std::vector<Account>& accounts) const {
    ZAPAS_RETURN_IF_ERROR(status_);
    std::map<std::string, DonorReconciliation> out;
    for (const auto& [key, books] : books_) {
      ZAPAS_ASSIGN_OR_RETURN(MoneyReconciliationResult r, books.Finish(accounts));
      for (DonorReconciliation& d : r.donors) {
        if (d.donor.id == donor_.id) out.emplace(key, std::move(d));
      }
    }
    return out;
  }
  // Every entry left out of the figures, in journal order.
  Result<std::vector<ExcludedEntry>> Excluded(const std::vector<Account>& accounts) const {
    ZAPAS_RETURN_IF_ERROR(status_);
    std::vector<ExcludedEntry> out = excluded_;
    for (const auto& [key, books] : books_) {
      ZAPAS_ASSIGN_OR_RETURN(MoneyReconciliationResult r, books.Finish(accounts));
      out.insert(out.end(), r.excluded.begin(), r.excluded.end());
    }
    std::sort(out.begin(), out.end(), [](const ExcludedEntry& a, const ExcludedEntry& b) {
      return a.entry.id < b.entry.id;
    });
    return out;
  }

 private:
  const ReconciliationPeriod& period_;
  const RateTable& rates_;
  Donor donor_;
  std::map<std::string, MoneyReconciliation> books_;
  std::vector<ExcludedEntry> excluded_;
  Status status_ = Status::Ok();
};

struct YearMonth {
  int year = 0;
  int month = 1;
};

YearMonth YearMonthOf(Date d) {
  YearMonth ym;
  int day = 1;
  std::sscanf(d.ToString().c_str(), "%d-%d-%d", &ym.year, &ym.month, &day);
  return ym;
}

// The chart's buckets: months, or quarters, or years, so that there are at
// most 24 bars.
struct Buckets {
  int months_per_bucket = 1;
  int first = 0;  // year * 12 + month - 1 of the first bucket's start
  int count = 0;

  static Buckets For(Date from, Date to) {
    const YearMonth a = YearMonthOf(from), b = YearMonthOf(to);
    const int start = a.year * 12 + a.month - 1, end = b.year * 12 + b.month - 1;
    Buckets out;
    for (int per : {1, 3, 12}) {
      out.months_per_bucket = per;
      out.first = start - start % per;
      out.count = (end - end % per - out.first) / per + 1;
      if (out.count <= 24) break;
    }
    return out;
  }
  int IndexOf(Date d) const {
    const YearMonth ym = YearMonthOf(d);
    return (ym.year * 12 + ym.month - 1 - first) / months_per_bucket;
  }
  std::string Label(int i, ReportLanguage l) const {
    const int m0 = first + i * months_per_bucket;
    const int year = m0 / 12, month = m0 % 12 + 1;
    if (months_per_bucket == 12) return std::to_string(year);
    if (months_per_bucket == 3) {
      return (l == ReportLanguage::kUkrainian ? "кв. " : "Q") +
             std::to_string((month - 1) / 3 + 1) + "\n" + std::to_string(year);
    }
    std::string label = printing::ShortMonthName(month, l);
    if (i == 0 || month == 1) label += "\n" + std::to_string(year);
    return label;
  }
  std::string Caption(ReportLanguage l) const {
    if (months_per_bucket == 12) return l == ReportLanguage::kUkrainian ? "за роками" : "per year";
    if (months_per_bucket == 3) {
      return l == ReportLanguage::kUkrainian ? "за кварталами" : "per quarter";
    }
    return l == ReportLanguage::kUkrainian ? "за місяцями" : "per month";
  }
};

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

// What one delivery of the donor's goods reached.
struct DeliveryReach {
  std::string recipient;  // code: only to count distinct recipients, never printed
  std::string group;      // kind + region
  __int128 quantity = 0;  // net thousandths of the donor's lots delivered
};

std::string GroupKey(const Recipient& r) {
  return std::string(RecipientKindName(r.kind)) + '\x1f' + r.region;
}

}  // namespace

Result<std::string> DonorReportPdf(Repository& repo, const Catalog& catalog,
                                   const StockIndex& index, const std::string& donor_code,
                                   const ReportRequest& request, const DocumentSettings& settings) {
  const Donor* donor = catalog.DonorByCode(donor_code);
  if (donor == nullptr) return Status::NotFound("no donor " + donor_code);
  if (request.currency == nullptr) return Status::Internal("no report currency");
  const ReportLanguage lang =
      request.language == "uk" ? ReportLanguage::kUkrainian : ReportLanguage::kEnglish;
  const ReconciliationPeriod period{request.from, request.to, request.currency};
  Donor in_report = *donor;  // see the top comment
  in_report.currency = request.currency;

  ReadSnapshot snapshot(repo);
  ZAPAS_RETURN_IF_ERROR(snapshot.Begin());
  RateTable rates;
  ZAPAS_RETURN_IF_ERROR(repo.LoadRates(rates));
  // Fails early (422 naming currency or to) when the report currency has no
  // rate on `to`.
  ZAPAS_RETURN_IF_ERROR(MoneyReconciliation::Start(period, rates, {in_report}).status());
  const PageRequest all{"", 1 << 30};
  ZAPAS_ASSIGN_OR_RETURN(std::vector<Account> accounts, repo.ListAccounts(all));

  GroupBooks total(period, rates, in_report);
  GroupBooks purposes(period, rates, in_report);
  GroupBooks categories(period, rates, in_report);
  GroupBooks deliveries(period, rates, in_report);
  GroupBooks months(period, rates, in_report);

  // Money: the donor's postings, entry by entry (they come by date, entry and line).
  std::vector<std::pair<EntryRef, std::vector<MoneyPosting>>> entries;
  ZAPAS_RETURN_IF_ERROR(repo.ForEachMoneyPosting(period.to, [&](const MoneyRow& row) {
    if (row.posting.donor_id != donor->id) return;
    if (entries.empty() || entries.back().first.id != row.entry_id) {
      entries.emplace_back(RefOf(row), std::vector<MoneyPosting>{});
    }
    entries.back().second.push_back(row.posting);
  }));
  std::map<std::string, std::set<int64_t>> payments_for;
  for (const auto& [entry, postings] : entries) {
    if (!total.Add("", entry, postings)) continue;
    std::vector<MoneyPosting> paid;
    for (const MoneyPosting& p : postings) {
      if (p.account_id == 0 && StartsWith(p.ledger_account, "expenses:payments:")) {
        paid.push_back(p);
      }
    }
    if (paid.empty() || entry.date < period.from) continue;
    ZAPAS_ASSIGN_OR_RETURN(JournalEntry stored, repo.FindEntry(entry.id));
    ZAPAS_ASSIGN_OR_RETURN(CashDocument payment, DecodeCash(stored.kind, stored.document));
    std::string purpose = payment.purpose;
    if (purpose.empty()) {
      purpose =
          lang == ReportLanguage::kUkrainian ? "(призначення не вказано)" : "(no purpose given)";
    }
    purposes.Add(purpose, entry, paid);
    payments_for[purpose].insert(entry.id);
  }

  // Goods.
  const Buckets buckets = Buckets::For(period.from, period.to);
  std::map<int64_t, const Recipient*> delivered_to;  // delivery id -> recipient
  std::map<int64_t, DeliveryReach> reach;            // delivery id -> what it reached
  ZAPAS_RETURN_IF_ERROR(ForEachGoodsEntry(
      repo, catalog, rates, period.to,
      [&](const JournalEntry& e, const std::vector<MoneyPosting>& postings) {
        // The recipient of a delivery, or of the delivery a reversal undoes.
        const Recipient* recipient = nullptr;
        int64_t delivery_id = 0;
        if (e.kind == "delivery") {
          recipient = DeliveredTo(catalog, e);
          delivery_id = e.id;
          if (recipient != nullptr) delivered_to[e.id] = recipient;
        } else if (e.kind == "reversal") {
          if (auto it = delivered_to.find(e.refers_to); it != delivered_to.end()) {
            recipient = it->second;
            delivery_id = e.refers_to;
          }
        }
        // The lots moved, in lot order, as GoodsValuation books them: a pair of
        // postings per lot whose value moves, the goods account first when
        // goods arrive. Lots without value book nothing.
        std::map<int32_t, int64_t> net;
        for (const Posting& p : e.postings) net[p.lot_id] += p.delta;
        std::vector<std::pair<const Lot*, int64_t>> moved;
        __int128 donor_quantity = 0;
        for (const auto& [lot_id, delta] : net) {
          const Lot* lot = catalog.LotById(lot_id);
          if (delta == 0 || lot == nullptr) continue;
          moved.emplace_back(lot, delta);
          if (lot->donor_id == donor->id) donor_quantity -= delta;
        }
        // The donor's postings of the entry, and the groups each pair belongs to.
        std::vector<MoneyPosting> mine;
        std::map<std::string, std::vector<MoneyPosting>> by_category, by_group, by_month;
        size_t next = 0;
        for (size_t i = 0; i + 1 < postings.size(); i += 2) {
          const MoneyPosting& a = postings[i];
          const bool arriving = StartsWith(a.ledger_account, "assets:goods:");
          const Lot* lot = nullptr;
          for (size_t k = next; k < moved.size(); ++k) {
            const Lot* c = moved[k].first;
            if (c->donor_id == a.donor_id && c->currency == &a.amount.currency() &&
                c->unit_value_minor != 0 && (moved[k].second > 0) == arriving) {
              lot = c;
              next = k + 1;
              break;
            }
          }
          if (a.donor_id != donor->id) continue;
          const Item* item = lot ? catalog.ItemById(lot->item_id) : nullptr;
          const std::string category = item ? item->category : "";
          const bool distributed = StartsWith(postings[i].ledger_account, kDistributed) ||
                                   StartsWith(postings[i + 1].ledger_account, kDistributed);
          for (const MoneyPosting* p : {&postings[i], &postings[i + 1]}) {
            if (p->donor_id != donor->id) continue;
            mine.push_back(*p);
            by_category[category].push_back(*p);
            if (recipient != nullptr && distributed) {
              by_group[GroupKey(*recipient)].push_back(*p);
              if (e.date >= period.from) {
                char key[16];
                std::snprintf(key, sizeof key, "%06d", buckets.IndexOf(e.date));
                by_month[key].push_back(*p);
              }
            }
          }
        }
        const EntryRef ref = RefOf(e);
        if (mine.empty() || !total.Add("", ref, mine)) return;  // none of the donor's, or left out
        for (const auto& [key, part] : by_category) categories.Add(key, ref, part);
        for (const auto& [key, part] : by_group) deliveries.Add(key, ref, part);
        for (const auto& [key, part] : by_month) months.Add(key, ref, part);
        if (recipient != nullptr && e.date >= period.from && donor_quantity != 0) {
          DeliveryReach& r = reach[delivery_id];
          r.recipient = recipient->code;
          r.group = GroupKey(*recipient);
          r.quantity += donor_quantity;
        }
      },
      [&](const JournalEntry& e, const std::string& reason) {
        // Only entries that move the donor's lots concern this report.
        for (const Posting& p : e.postings) {
          const Lot* lot = catalog.LotById(p.lot_id);
          if (lot != nullptr && lot->donor_id == donor->id) {
            total.Exclude(RefOf(e), reason);
            return;
          }
        }
      }));

  ZAPAS_ASSIGN_OR_RETURN(auto totals, total.Finish(accounts));
  ZAPAS_ASSIGN_OR_RETURN(auto by_purpose, purposes.Finish(accounts));
  ZAPAS_ASSIGN_OR_RETURN(auto by_category, categories.Finish(accounts));
  ZAPAS_ASSIGN_OR_RETURN(auto by_group, deliveries.Finish(accounts));
  ZAPAS_ASSIGN_OR_RETURN(auto by_month, months.Finish(accounts));
  ZAPAS_ASSIGN_OR_RETURN(std::vector<ExcludedEntry> excluded, total.Excluded(accounts));
  ZAPAS_ASSIGN_OR_RETURN(auto household_sizes, repo.HouseholdSizes());
  ZAPAS_RETURN_IF_ERROR(snapshot.End());

  // No posting at all: every figure zero, in the report currency.
  const DonorReconciliation t =
      totals.count("") ? totals.at("") : DonorReconciliation(in_report, *request.currency);
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
  data.opening = t.opening_remaining;
  data.received = t.received;
  data.spent = t.spent;
  data.remaining = t.remaining;
  data.goods_received = t.goods_received;
  data.goods_delivered = t.goods_distributed;
  data.goods_written_off = t.goods_written_off;
  data.goods_in_stock = t.goods_in_stock;

  for (const auto& [purpose, d] : by_purpose) {
    data.purposes.push_back({purpose, static_cast<int>(payments_for[purpose].size()), d.spent});
  }
  std::stable_sort(data.purposes.begin(), data.purposes.end(), [](const auto& a, const auto& b) {
    return a.spent.minor_units() > b.spent.minor_units();
  });

  for (const auto& [category, d] : by_category) {
    if (d.goods_received.is_zero() && d.goods_distributed.is_zero() &&
        d.goods_written_off.is_zero() && d.goods_in_stock.is_zero()) {
      continue;
    }
    data.categories.push_back(
        {category, d.goods_received, d.goods_distributed, d.goods_written_off, d.goods_in_stock});
  }
  std::stable_sort(data.categories.begin(), data.categories.end(),
                   [](const auto& a, const auto& b) {
                     if (a.received.minor_units() != b.received.minor_units()) {
                       return a.received.minor_units() > b.received.minor_units();
                     }
                     return a.in_stock.minor_units() > b.in_stock.minor_units();
                   });

  // Reach: recipients with a net positive delivery in the period.
  std::map<std::string, __int128> net_by_recipient;
  std::map<std::string, std::pair<std::set<std::string>, int>> reached_in_group;
  for (const auto& [id, r] : reach) {
    net_by_recipient[r.recipient] += r.quantity;
    if (r.quantity > 0) ++reached_in_group[r.group].second;
  }
  for (const auto& [id, r] : reach) {
    if (net_by_recipient[r.recipient] > 0) reached_in_group[r.group].first.insert(r.recipient);
  }
  for (const auto& [code, quantity] : net_by_recipient) {
    if (quantity <= 0) continue;
    const Recipient* r = catalog.RecipientByCode(code);
    if (r == nullptr) continue;
    if (r->kind == RecipientKind::kIdpHousehold) {
      ++data.households;
      if (auto it = household_sizes.find(code); it != household_sizes.end()) {
        data.people += it->second;
      } else {
        ++data.households_without_size;
      }
    } else {
      ++data.organisations;
    }
  }
  for (const auto& [key, d] : by_group) {
    const auto& reached = reached_in_group[key];
    if (d.goods_distributed.is_zero() && reached.second == 0) continue;
    const size_t sep = key.find('\x1f');
    data.deliveries.push_back({key.substr(0, sep), key.substr(sep + 1),
                               static_cast<int>(reached.first.size()), reached.second,
                               d.goods_distributed});
  }
  std::stable_sort(data.deliveries.begin(), data.deliveries.end(),
                   [](const auto& a, const auto& b) {
                     if (a.kind != b.kind) return a.kind < b.kind;
                     return a.value.minor_units() > b.value.minor_units();
                   });

  data.monthly_caption = buckets.Caption(lang);
  for (int i = 0; i < buckets.count; ++i) {
    char key[16];
    std::snprintf(key, sizeof key, "%06d", i);
    auto it = by_month.find(key);
    const MoneySum value =
        it != by_month.end() ? it->second.goods_distributed : MoneySum::Zero(*request.currency);
    data.monthly.push_back({buckets.Label(i, lang), Units(value), WholeUnits(value)});
  }

  for (const ExcludedEntry& x : excluded) {
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
