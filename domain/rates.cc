#include "domain/rates.h"

#include <algorithm>

#include "domain/decimal.h"

namespace zapas {

std::string Rate::RateString() const {
  return FormatScaledDecimalTrimmed(uah_per_unit, kRateDigits);
}

Result<int64_t> ParseRate(std::string_view text) {
  auto v = ParseScaledDecimal(text, kRateDigits);
  if (!v.ok()) return v.status();
  if (*v <= 0) return Status::Invalid("rate must be greater than zero");
  return *v;
}

Status CheckRateLimit(int64_t uah_per_unit) {
  if (uah_per_unit < kMinRate || uah_per_unit > kMaxRate) {
    return Status::Invalid("must be between 0.0001 and 1000000 UAH per unit");
  }
  return Status::Ok();
}

bool IsOutlier(int64_t previous, int64_t rate) {
  const __int128 diff = rate > previous ? rate - previous : previous - rate;
  return diff * 100 > static_cast<__int128>(previous) * kOutlierPercent;
}

std::string PercentAway(int64_t previous, int64_t rate) {
  const __int128 diff = rate > previous ? rate - previous : previous - rate;
  auto hundredths = DivideRoundHalfAwayFromZero(diff * 10000, previous);
  return hundredths.ok() ? FormatScaledDecimal(*hundredths, 2) : std::string("a great many");
}

Result<Money> ToUah(const Money& amount, const Rate& rate) {
  const Currency* uah = FindCurrency("UAH");
  if (&amount.currency() == uah) return amount;
  if (rate.currency != &amount.currency()) {
    return Status::Internal("rate of " + std::string(rate.currency->code) + " applied to " +
                            std::string(amount.currency_code()));
  }
  // minor * rate * 10^uah_digits / (10^digits * 10^kRateDigits)
  __int128 numerator;
  if (__builtin_mul_overflow(static_cast<__int128>(amount.minor_units()),
                             static_cast<__int128>(rate.uah_per_unit) * PowerOfTen(uah->digits),
                             &numerator)) {
    return Status::OutOfRange("amount is too large to convert");
  }
  __int128 denominator =
      static_cast<__int128>(PowerOfTen(amount.currency().digits)) * PowerOfTen(kRateDigits);
  if (denominator > INT64_MAX) return Status::OutOfRange("amount is too large to convert");
  ZAPAS_ASSIGN_OR_RETURN(int64_t minor,
                         DivideRoundHalfAwayFromZero(numerator, static_cast<int64_t>(denominator)));
  return Money::FromMinor(minor, *uah);
}

Result<Money> FromUah(const Money& uah, const Rate& rate) {
  if (uah.currency_code() != "UAH") return Status::Internal("FromUah needs a UAH amount");
  const Currency& target = *rate.currency;
  if (target.code == "UAH") return uah;
  // uah_minor * 10^digits * 10^kRateDigits / (10^uah_digits * rate)
  // |minor| < 2^63 and 10^digits * 10^kRateDigits <= 10^12: the product fits.
  __int128 numerator = static_cast<__int128>(uah.minor_units()) * PowerOfTen(target.digits) *
                       PowerOfTen(kRateDigits);
  __int128 denominator =
      static_cast<__int128>(PowerOfTen(uah.currency().digits)) * rate.uah_per_unit;
  if (denominator > INT64_MAX) return Status::OutOfRange("amount is too large to convert");
  ZAPAS_ASSIGN_OR_RETURN(int64_t minor,
                         DivideRoundHalfAwayFromZero(numerator, static_cast<int64_t>(denominator)));
  return Money::FromMinor(minor, target);
}

void RateTable::Add(const Rate& rate) {
  rates_[rate.currency->code][rate.date.days()] = rate.uah_per_unit;
}

Result<Rate> RateTable::InForce(const Currency& currency, Date date) const {
  if (currency.code == "UAH") return Rate{date, &currency, PowerOfTen(kRateDigits)};
  auto it = rates_.find(currency.code);
  if (it != rates_.end()) {
    auto day = it->second.upper_bound(date.days());
    if (day != it->second.begin()) {
      --day;
      return Rate{Date::FromDays(day->first), &currency, day->second};
    }
  }
  return Status::NotFound("no NBU rate of " + std::string(currency.code) + " on or before " +
                          date.ToString());
}

std::vector<Rate> RateTable::AllInForce(Date date) const {
  std::vector<Rate> out;
  for (const auto& [code, days] : rates_) {
    auto r = InForce(*FindCurrency(code), date);
    if (r.ok()) out.push_back(*r);
  }
  return out;
}

std::vector<Rate> RateTable::All() const {
  std::vector<Rate> out;
  for (const auto& [code, days] : rates_) {
    const Currency* c = FindCurrency(code);
    for (const auto& [day, rate] : days) out.push_back(Rate{Date::FromDays(day), c, rate});
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const Rate& a, const Rate& b) { return a.date < b.date; });
  return out;
}

std::optional<Date> RateTable::NextAfter(const Currency& currency, Date date) const {
  auto it = rates_.find(currency.code);
  if (it == rates_.end()) return std::nullopt;
  auto day = it->second.upper_bound(date.days());
  if (day == it->second.end()) return std::nullopt;
  return Date::FromDays(day->first);
}

size_t RateTable::size() const {
  size_t n = 0;
  for (const auto& [c, days] : rates_) n += days.size();
  return n;
}

}  // namespace zapas
