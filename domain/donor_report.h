// The donor's report as figures: what one donor gave over a period and what
// became of it, computed from the books (services/app/donor_report.cc feeds the
// entries and prints the figures with printing/donor_report.h).
//
// Every value comes through MoneyReconciliation (domain/report.h), so the
// report follows the reconciliation report's rules. The donor is given with
// the report currency as its currency: a posting then counts at its amount
// when it is in that currency, else at its booked UAH converted at the
// currency's NBU rate of the posting's date — the rule of the
// reconciliation's *_booked figures — and the goods come out in the report
// currency too. Breakdowns are further MoneyReconciliations, one per group,
// each fed only the postings of its group, so the groups add up to the totals
// exactly:
//   money      received, spent and remaining (opening + received - spent) in
//              the period, from the money postings with the donor;
//   purposes   the payment lines charged to the donor (expenses:payments:<d>),
//              grouped by the purpose of their payment;
//   categories the donor's goods postings grouped by the category of the
//              lot's item: received, delivered, written off in the period and
//              in stock on `to`;
//   deliveries the goods postings of deliveries (and of their reversals)
//              grouped by the recipient's kind and region;
//   buckets    the same, by month of the period (by quarter beyond 24
//              months, by year beyond 24 quarters), for the bar chart.
// Reach: the recipients to whom a net positive quantity of the donor's lots
// was delivered in the period; the IDP households among them, with the people
// in them summed from their recorded household sizes, and the others as
// organisations.
//
// Personal data: nothing here names a recipient; only kinds, regions and
// counts leave. Thread-compatible.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "domain/books.h"
#include "domain/catalog.h"
#include "domain/report.h"
#include "domain/stock_index.h"

namespace zapas {

// One payment purpose: what the donor's money was spent on.
struct DonorPurpose {
  std::string purpose;
  int payments = 0;
  MoneySum spent = MoneySum::Zero(*FindCurrency("UAH"));
};

// The goods of one item category ("medical", "food", ...).
struct DonorCategory {
  std::string category;  // as recorded
  MoneySum received = MoneySum::Zero(*FindCurrency("UAH"));
  MoneySum delivered = MoneySum::Zero(*FindCurrency("UAH"));
  MoneySum written_off = MoneySum::Zero(*FindCurrency("UAH"));
  MoneySum in_stock = MoneySum::Zero(*FindCurrency("UAH"));
};

// Deliveries to the recipients of one kind in one region.
struct DonorDeliveries {
  std::string kind;    // the recipient kind's code: "idp_household", "military_unit", ...
  std::string region;  // "Київська область"
  int recipients = 0;  // distinct recipients reached
  int deliveries = 0;
  MoneySum value = MoneySum::Zero(*FindCurrency("UAH"));
};

// The bar chart's periods: months, or quarters, or years, so that there are
// at most 24 bars from the month of `from` to the month of `to`.
struct ChartBuckets {
  int months_per_bucket = 1;  // 1, 3 or 12
  int first = 0;              // year * 12 + month - 1 of the first bucket's start
  int count = 0;

  static ChartBuckets For(Date from, Date to);
  int IndexOf(Date d) const;
  // The year and month (1..12) the bucket `i` starts with.
  int YearOf(int i) const { return (first + i * months_per_bucket) / 12; }
  int MonthOf(int i) const { return (first + i * months_per_bucket) % 12 + 1; }
};

struct DonorFigures {
  explicit DonorFigures(DonorReconciliation totals) : totals(std::move(totals)) {}

  DonorReconciliation totals;               // in the report currency
  std::vector<DonorPurpose> purposes;       // most spent first
  std::vector<DonorCategory> categories;    // most received first, then most in stock
  std::vector<DonorDeliveries> deliveries;  // by kind, most valuable first
  ChartBuckets buckets;
  std::vector<MoneySum> delivered_per_bucket;  // buckets.count values
  int households = 0;
  int64_t people = 0;
  int households_without_size = 0;
  int organisations = 0;
  std::vector<ExcludedEntry> excluded;  // in journal order
};

// One stock entry as the report sees it.
struct DonorGoodsEntry {
  EntryRef ref;
  int64_t refers_to = 0;                        // a reversal: the entry it undoes
  const Recipient* recipient = nullptr;         // a delivery: whom it reached, when known
  const std::vector<Posting>* stock = nullptr;  // its stock postings
};

class DonorReport {
 public:
  // `rates` and `catalog` must outlive this object. `donor` carries the report currency as
  // its currency. kInvalid (field "currency" or "to") when the report
  // currency has no rate on `to`. `no_purpose`: the purpose of payments made
  // without one, as the report names them.
  static Result<DonorReport> Start(const ReconciliationPeriod& period, const RateTable& rates,
                                   const Catalog& catalog, const Donor& donor,
                                   std::string no_purpose);
  DonorReport(DonorReport&&) noexcept;
  ~DonorReport();

  // One money entry: its postings with the donor, in journal order.
  // `purpose_of` gives the purpose of a payment entry; it is called only for
  // entries with payment lines charged to the donor in the period.
  Status AddMoney(const EntryRef& entry, const std::vector<MoneyPosting>& postings,
                  const std::function<Result<std::string>(int64_t entry_id)>& purpose_of);
  // One stock entry that moves value, in journal order, with every one of its
  // money postings as domain/goods_books.h books them.
  void AddGoods(const DonorGoodsEntry& entry, const std::vector<MoneyPosting>& postings);
  // A stock entry whose value cannot be computed: listed as excluded when it
  // moves the donor's lots.
  void ExcludeGoods(const EntryRef& entry, const std::vector<Posting>& stock,
                    const std::string& reason);

  // The figures over `accounts` (every account of the books) and the
  // household sizes recorded (recipient code -> people).
  Result<DonorFigures> Finish(const std::vector<Account>& accounts,
                              const std::map<std::string, int64_t>& household_sizes) const;

 private:
  struct State;
  explicit DonorReport(std::unique_ptr<State> state);
  std::unique_ptr<State> s_;
};

}  // namespace zapas
