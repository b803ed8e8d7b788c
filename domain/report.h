// The treasurer's reconciliation report, as pure computation: per account the
// movement of a period in the account's currency and its booked and revalued
// value in a report currency; per donor what was received, spent and remains;
// and the aid received but not yet distributed, by age. The rules are those of
// services/app/reports.cc (its top comment is the specification). No I/O: the
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
// kInternal when from_rate is not of the amount's currency; kOutOfRange when
// the result does not fit.
Result<Money> Convert(const Money& amount, const Rate& from_rate, const Rate& to_rate);
// The same for a report's sum, exact in 128 bits.
Result<MoneySum> Convert(const MoneySum& amount, const Rate& from_rate, const Rate& to_rate);

struct ReconciliationPeriod {
  Date from = Date::FromDays(0);
  Date to = Date::FromDays(0);
  const Currency* currency = nullptr;  // the report currency
};

// A journal entry as a report names it.
struct EntryRef {
  int64_t id = 0;
  std::string number;  // "GRN-2026-000005"; empty for events
  std::string kind;    // "receipt", "cash_donation", ...
  Date date = Date::FromDays(0);
};

// An entry left out of a report's figures because a value of it cannot be
// computed: an amount beyond the limits of domain/limits.h, stored before
// Zapas refused such amounts. The report lists it instead of failing whole.
struct ExcludedEntry {
  EntryRef entry;
  std::string reason;  // "amount is too large to convert"
};

struct AccountReconciliation {
  // Every figure zero, each in its own currency: the account's, or `report`.
  AccountReconciliation(Account a, const Currency& report)
      : account(std::move(a)),
        opening(MoneySum::Zero(*account.currency)),
        in(opening),
        out(opening),
        closing(opening),
        closing_booked(MoneySum::Zero(report)),
        closing_revalued(closing_booked),
        exchange_difference(closing_booked) {}

  Account account;
  // In the account's currency.
  MoneySum opening, in, out, closing;
  // In the report currency.
  MoneySum closing_booked, closing_revalued, exchange_difference;
};

struct DonorReconciliation {
  // Every figure zero, each in its own currency: the donor's, `report`, or
  // the hryvnia.
  DonorReconciliation(Donor d, const Currency& report)
      : donor(std::move(d)),
        opening_remaining(MoneySum::Zero(*donor.currency)),
        received(opening_remaining),
        spent(opening_remaining),
        remaining(opening_remaining),
        received_booked(MoneySum::Zero(report)),
        spent_booked(received_booked),
        remaining_booked(received_booked),
        received_uah(MoneySum::Zero(*FindCurrency("UAH"))),
        spent_uah(received_uah),
        remaining_uah(received_uah),
        goods_received(opening_remaining),
        goods_distributed(opening_remaining),
        goods_written_off(opening_remaining),
        goods_in_stock(opening_remaining),
        goods_in_stock_booked(received_booked) {}

  Donor donor;
  // In the donor's currency.
  MoneySum opening_remaining, received, spent, remaining;
  // In the report currency.
  MoneySum received_booked, spent_booked, remaining_booked;
  // In hryvnias as booked (the stored UAH equivalents), whatever the report currency.
  MoneySum received_uah, spent_uah, remaining_uah;
  // Goods (domain/goods_books.h), in the donor's currency: received and
  // distributed (by recipient kind) and written off in the period, and the
  // value still in stock on `to` (also booked in the report currency).
  MoneySum goods_received, goods_distributed, goods_written_off, goods_in_stock;
  std::vector<std::pair<std::string, MoneySum>> goods_distributed_by_kind;  // ordered by kind
  MoneySum goods_in_stock_booked;
};

struct MoneyReconciliationTotals {
  explicit MoneyReconciliationTotals(const Currency& report)
      : closing_booked(MoneySum::Zero(report)),
        closing_revalued(closing_booked),
        exchange_difference(closing_booked) {}

  // In the report currency.
  MoneySum closing_booked, closing_revalued, exchange_difference;
};

struct MoneyReconciliationResult {
  explicit MoneyReconciliationResult(const Currency& report) : totals(report) {}

  std::vector<AccountReconciliation> accounts;  // ordered by code
  MoneyReconciliationTotals totals;
  std::vector<DonorReconciliation> donors;  // ordered by code
  std::vector<ExcludedEntry> excluded;      // in the order they were added
};

// Accumulates the money postings of a report in one pass. Sums are kept in
// 128 bits, so no journal that Zapas can store overflows them.
class MoneyReconciliation {
 public:
  // `rates` must outlive this object. `donors`: at least every donor that a
  // posting names. kInvalid (field "currency" or "to") when the report
  // currency has no rate in force on `to`.
  static Result<MoneyReconciliation> Start(const ReconciliationPeriod& period,
                                           const RateTable& rates, std::vector<Donor> donors);

  // The postings of one entry (all of them, or the part a caller groups).
  // Postings dated after `to` are ignored. When a value of the entry cannot
  // be computed (kOutOfRange), none of its postings counts and the entry is
  // listed as excluded; the answer is kOk. Any other failure (a missing
  // rate) is returned, and is the answer of every later call. Returns
  // whether the entry counted.
  Result<bool> AddEntry(const EntryRef& entry, const std::vector<MoneyPosting>& postings);
  // One posting as an entry of its own (for callers without entries).
  Status Add(std::string_view kind, Date date, const MoneyPosting& posting);
  // Lists an entry whose values the caller could not compute (its goods
  // valuation, kOutOfRange) as excluded.
  void Exclude(const EntryRef& entry, std::string reason);

  // The report over `accounts` (every account of the books, any order).
  // kInternal when a posting named an account or donor not given.
  Result<MoneyReconciliationResult> Finish(std::vector<Account> accounts) const;

 private:
  using Wide = __int128;
  struct AccountSums {
    const Currency* currency = nullptr;  // of its postings
    Wide opening = 0, in = 0, out = 0;
    Wide booked = 0;  // report currency, up to `to`
  };
  struct DonorSums {
    Wide opening = 0, received = 0, spent = 0;                         // donor's currency
    Wide received_booked = 0, spent_booked = 0, remaining_booked = 0;  // report currency
    Wide received_uah = 0, spent_uah = 0, remaining_uah = 0;           // booked UAH
    Wide goods_received = 0, goods_distributed = 0, goods_written_off = 0,
         goods_in_stock = 0;                    // donor's currency
    std::map<std::string, Wide> goods_by_kind;  // donor's currency
    Wide goods_in_stock_booked = 0;             // report currency
  };
  // What one posting adds, computed before anything is added.
  struct Effect {
    const MoneyPosting* posting = nullptr;
    const Donor* donor = nullptr;
    __int128 booked = 0;    // in the report currency
    __int128 in_donor = 0;  // in the donor's currency
  };
  Result<Effect> EffectOf(std::string_view kind, const MoneyPosting& p, Date date);
  void Apply(std::string_view kind, Date date, const Effect& e);
  struct CachedRate {
    const Currency* currency = nullptr;
    int32_t day = 0;
    Rate rate;
  };

  MoneyReconciliation(const ReconciliationPeriod& period, const RateTable& rates,
                      std::vector<Donor> donors, const Rate& to_rate);
  // The rate of `currency` in force on `day`, or the field error naming it.
  Result<Rate> RateOn(const Currency& currency, Date day);
  Result<__int128> Booked(Date date, const MoneyPosting& p);
  Result<__int128> InDonorCurrency(Date date, const MoneyPosting& p,
                                   const Currency& donor_currency);

  ReconciliationPeriod period_;
  const RateTable* rates_;
  Rate report_rate_on_to_;
  std::vector<Donor> donors_;
  std::unordered_map<int32_t, size_t> donor_index_;  // id -> donors_ index
  std::unordered_map<int32_t, AccountSums> accounts_;
  std::unordered_map<int32_t, DonorSums> donor_sums_;
  std::vector<ExcludedEntry> excluded_;
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
  MoneySum value;        // unit value x quantity, in the lot's currency
  bool overdue = false;  // age_days > kDistributionDays
};

// Every (warehouse, lot) whose balance on `to` (its deltas dated on or before
// `to`) is positive, ordered by age_days descending, then warehouse, sku, lot.
// kInternal for a balance of an unknown lot.
Result<std::vector<UndistributedLot>> Undistributed(const Catalog& catalog, const StockIndex& index,
                                                    Date to);

}  // namespace zapas
