// The treasurer's reconciliation report, as pure computation: per account the
// movement of a period in the account's currency and its booked and revalued
// value in a report currency; per donor what was received, spent and remains;
// and the aid received but not yet distributed, by age. The rules are those of
// services/reports.cc (its top comment is the specification). No I/O: the
// caller feeds the money postings (one pass, any order, fastest by date) and
// hands over the catalog and stock index. Thread-compatible.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "domain/books.h"
#include "domain/catalog.h"
#include "domain/rates.h"
#include "domain/stock_index.h"

namespace zapas {

// Cabinet Resolution 953: aid must be reported distributed within 90 calendar
// days of its receipt.
inline constexpr int32_t kDistributionDays = 90;

// `amount` (in from_rate's currency) in to_rate's currency, through UAH, with
// one rounding half away from zero:
//   minor * rate_from * 10^digits(to) / (10^digits(from) * rate_to)
// (UAH's rate is 1). The amount itself when both currencies are the same.
// kInternal when from_rate is not of the amount's currency; kInvalid when the
// result does not fit.
Result<Money> Convert(const Money& amount, const Rate& from_rate, const Rate& to_rate);

// A zero in UAH, the placeholder of Money fields before they are set.
inline Money ReportZero() { return Money::Zero(*FindCurrency("UAH")); }

struct ReconciliationPeriod {
  Date from = Date::FromDays(0);
  Date to = Date::FromDays(0);
  const Currency* currency = nullptr;  // the report currency
};

struct AccountReconciliation {
  Account account;
  // In the account's currency.
  Money opening = ReportZero(), in = ReportZero(), out = ReportZero(), closing = ReportZero();
  // In the report currency.
  Money closing_booked = ReportZero(), closing_revalued = ReportZero(),
        exchange_difference = ReportZero();
};

struct DonorReconciliation {
  Donor donor;
  // In the donor's currency.
  Money opening_remaining = ReportZero(), received = ReportZero(), spent = ReportZero(),
        remaining = ReportZero();
  // In the report currency.
  Money received_booked = ReportZero(), spent_booked = ReportZero(),
        remaining_booked = ReportZero();
  // In hryvnias as booked (the stored UAH equivalents), whatever the report currency.
  Money received_uah = ReportZero(), spent_uah = ReportZero(), remaining_uah = ReportZero();
  // Goods (domain/goods_books.h), in the donor's currency: received and
  // distributed (by recipient kind) and written off in the period, and the
  // value still in stock on `to` (also booked in the report currency).
  Money goods_received = ReportZero(), goods_distributed = ReportZero(),
        goods_written_off = ReportZero(), goods_in_stock = ReportZero();
  std::vector<std::pair<std::string, Money>> goods_distributed_by_kind;  // ordered by kind
  Money goods_in_stock_booked = ReportZero();
};

struct MoneyReconciliationTotals {
  // In the report currency.
  Money closing_booked = ReportZero(), closing_revalued = ReportZero(),
        exchange_difference = ReportZero();
};

struct MoneyReconciliationResult {
  std::vector<AccountReconciliation> accounts;  // ordered by code
  MoneyReconciliationTotals totals;
  std::vector<DonorReconciliation> donors;  // ordered by code
};

// Accumulates the money postings of a report in one pass.
class MoneyReconciliation {
 public:
  // `rates` must outlive this object. `donors`: at least every donor that a
  // posting names. kInvalid (field "currency" or "to") when the report
  // currency has no rate in force on `to`.
  static Result<MoneyReconciliation> Start(const ReconciliationPeriod& period,
                                           const RateTable& rates, std::vector<Donor> donors);

  // One posting of an entry of `kind` dated `date`. Postings dated after `to`
  // are ignored. Returns the first error so far (later calls do nothing).
  Status Add(std::string_view kind, Date date, const MoneyPosting& posting);

  // The report over `accounts` (every account of the books, any order).
  // kInternal when a posting named an account or donor not given.
  Result<MoneyReconciliationResult> Finish(std::vector<Account> accounts) const;

 private:
  struct AccountSums {
    const Currency* currency = nullptr;  // of its postings
    int64_t opening = 0, in = 0, out = 0;
    int64_t booked = 0;  // report currency, up to `to`
  };
  struct DonorSums {
    int64_t opening = 0, received = 0, spent = 0;                         // donor's currency
    int64_t received_booked = 0, spent_booked = 0, remaining_booked = 0;  // report currency
    int64_t received_uah = 0, spent_uah = 0, remaining_uah = 0;           // booked UAH
    int64_t goods_received = 0, goods_distributed = 0, goods_written_off = 0,
            goods_in_stock = 0;                                           // donor's currency
    std::map<std::string, int64_t> goods_by_kind;                         // donor's currency
    int64_t goods_in_stock_booked = 0;                                    // report currency
  };
  Status AddGoods(DonorSums& d, Date date, bool before, const MoneyPosting& p,
                  const Currency& donor_currency);
  struct CachedRate {
    const Currency* currency = nullptr;
    int32_t day = 0;
    Rate rate;
  };

  MoneyReconciliation(const ReconciliationPeriod& period, const RateTable& rates,
                      std::vector<Donor> donors, const Rate& to_rate);
  // The rate of `currency` in force on `day`, or the field error naming it.
  Result<Rate> RateOn(const Currency& currency, Date day);
  Result<int64_t> Booked(Date date, const MoneyPosting& p);
  Result<int64_t> InDonorCurrency(Date date, const MoneyPosting& p, const Currency& donor_currency);
  Status Fail(Status s);

  ReconciliationPeriod period_;
  const RateTable* rates_;
  Rate report_rate_on_to_;
  std::vector<Donor> donors_;
  std::unordered_map<int32_t, size_t> donor_index_;  // id -> donors_ index
  std::unordered_map<int32_t, AccountSums> accounts_;
  std::unordered_map<int32_t, DonorSums> donor_sums_;
  std::vector<CachedRate> cache_;  // one entry per currency seen
  Status status_;
};

// The field error for a missing rate: "currency" when `missing` is the report
// currency (or "to" when that currency has rates, only none on or before
// `to`), else "to". `message` is the rate table's ("no NBU rate of EUR on or
// before 2024-01-01").
Status MissingRate(const ReconciliationPeriod& period, const RateTable& rates,
                   const Currency& missing, Date day, const std::string& message);

// One lot balance of received aid not yet distributed on a date.
struct UndistributedLot {
  std::string warehouse;  // code
  std::string sku;
  std::string lot;                    // batch
  std::string donor;                  // code, empty when unknown
  Date received = Date::FromDays(0);  // the lot's first day in any warehouse
  int32_t age_days = 0;
  Quantity quantity = Quantity::Zero();
  Money value = ReportZero();  // unit value x quantity, in the lot's currency
  bool overdue = false;        // age_days > kDistributionDays
};

// Every (warehouse, lot) whose balance on `to` (its deltas dated on or before
// `to`) is positive, ordered by age_days descending, then warehouse, sku, lot.
// kInvalid when a value overflows; kInternal for a balance of an unknown lot.
Result<std::vector<UndistributedLot>> Undistributed(const Catalog& catalog, const StockIndex& index,
                                                    Date to);

}  // namespace zapas
