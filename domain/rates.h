// Official exchange rates of the National Bank of Ukraine: how many hryvnias one
// unit of a currency is worth on a date, as exact decimals. UAH is the hub:
// every conversion goes to or from UAH, never through a third currency.
// Value types; RateTable is thread-compatible.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "domain/date.h"
#include "domain/money.h"

namespace zapas {

// Rates keep 10 decimals: the NBU publishes 4 for major currencies, up to 6 in
// older files and more for currencies of small value.
constexpr int kRateDigits = 10;

struct Rate {
  Date date = Date::FromDays(0);  // the day the NBU set it for
  const Currency* currency = nullptr;
  int64_t uah_per_unit = 0;  // scaled by 10^kRateDigits

  // "41.0256"
  std::string RateString() const;
};

// Parses a positive rate ("41.0256"); kInvalid otherwise.
Result<int64_t> ParseRate(std::string_view text);

// The rates Zapas books at (domain/limits.h): 0.0001 to 1,000,000 UAH per
// unit, scaled by 10^kRateDigits. A rate outside is a typo (or not a currency).
inline constexpr int64_t kMinRate = 1'000'000;               // 0.0001
inline constexpr int64_t kMaxRate = 10'000'000'000'000'000;  // 1,000,000
// kInvalid ("must be between 0.0001 and 1000000 UAH per unit") outside them.
Status CheckRateLimit(int64_t uah_per_unit);

// A rate more than kOutlierPercent away from the same currency's previous
// rate is taken for a typo until someone confirms it (POST /rates
// ?confirm_outlier=1). Exact integer arithmetic.
inline constexpr int kOutlierPercent = 20;
bool IsOutlier(int64_t previous, int64_t rate);
// "26.99": how far `rate` is from `previous`, in percent of it, to 2 decimals.
std::string PercentAway(int64_t previous, int64_t rate);

// The UAH equivalent of `amount` at `rate`, rounded half away from zero to the
// kopiyka (the one rounding rule, domain/decimal.h). UAH converts to itself.
Result<Money> ToUah(const Money& amount, const Rate& rate);

// The value in `target` currency of a UAH amount at `rate` of the target,
// rounded half away from zero to the target's minor unit.
Result<Money> FromUah(const Money& uah, const Rate& rate);

// A set of dated rates. The rate in force on a date is the latest on or
// before it (weekends and holidays carry the previous rate).
class RateTable {
 public:
  // Adds or replaces the rate of (date, currency).
  void Add(const Rate& rate);
  // kNotFound when there is no rate of `currency` on or before `date`.
  // For UAH, always 1.
  Result<Rate> InForce(const Currency& currency, Date date) const;
  // Every currency's rate in force on `date` (UAH excluded).
  std::vector<Rate> AllInForce(Date date) const;  // ordered by currency code
  // Every rate, ordered by date, then currency code.
  std::vector<Rate> All() const;
  // The date of the first rate of `currency` after `date`, if any.
  std::optional<Date> NextAfter(const Currency& currency, Date date) const;
  size_t size() const;

 private:
  std::map<std::string_view, std::map<int32_t, int64_t>> rates_;  // code -> day -> rate
};

}  // namespace zapas
