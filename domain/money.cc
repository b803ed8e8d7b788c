#include "domain/money.h"

#include <array>
#include <limits>

#include "domain/decimal.h"

namespace zapas {
namespace {

constexpr std::array<Currency, 12> kCurrencies = {{
    {"UAH", 980, 2, "Українська гривня", "Ukrainian hryvnia"},
    {"EUR", 978, 2, "Євро", "Euro"},
    {"USD", 840, 2, "Долар США", "US dollar"},
    {"PLN", 985, 2, "Злотий", "Polish zloty"},
    {"GBP", 826, 2, "Фунт стерлінгів", "Pound sterling"},
    {"CHF", 756, 2, "Швейцарський франк", "Swiss franc"},
    {"CZK", 203, 2, "Чеська крона", "Czech koruna"},
    {"SEK", 752, 2, "Шведська крона", "Swedish krona"},
    {"NOK", 578, 2, "Норвезька крона", "Norwegian krone"},
    {"DKK", 208, 2, "Данська крона", "Danish krone"},
    {"CAD", 124, 2, "Канадський долар", "Canadian dollar"},
    {"JPY", 392, 0, "Єна", "Japanese yen"},
}};

}  // namespace

std::span<const Currency> Currencies() { return kCurrencies; }

const Currency* FindCurrency(std::string_view code) {
  for (const auto& c : kCurrencies) {
    if (c.code == code) return &c;
  }
  return nullptr;
}

Result<Money> Money::Parse(std::string_view amount, std::string_view currency_code) {
  const Currency* currency = FindCurrency(currency_code);
  if (currency == nullptr) {
    return Status::Field("currency",
                         "unknown currency \"" + std::string(currency_code.substr(0, 16)) + "\"");
  }
  auto minor = ParseScaledDecimal(amount, currency->digits);
  if (!minor.ok()) return Status::Field("amount", minor.status().message());
  return Money(*minor, currency);
}

std::string Money::AmountString() const { return FormatScaledDecimal(minor_, currency_->digits); }

Result<Money> Money::Add(const Money& other) const {
  if (currency_ != other.currency_) {
    return Status::Invalid("cannot add " + std::string(other.currency_code()) + " to " +
                           std::string(currency_code()));
  }
  int64_t sum;
  if (__builtin_add_overflow(minor_, other.minor_, &sum))
    return Status::OutOfRange("amount overflow");
  return Money(sum, currency_);
}

Result<Money> Money::Subtract(const Money& other) const {
  if (currency_ != other.currency_) {
    return Status::Invalid("cannot subtract " + std::string(other.currency_code()) + " from " +
                           std::string(currency_code()));
  }
  int64_t diff;
  if (__builtin_sub_overflow(minor_, other.minor_, &diff))
    return Status::OutOfRange("amount overflow");
  return Money(diff, currency_);
}

Result<Money> Money::Negate() const {
  int64_t neg;
  if (__builtin_sub_overflow(int64_t{0}, minor_, &neg))
    return Status::OutOfRange("amount overflow");
  return Money(neg, currency_);
}

Result<Money> Money::Times(const Quantity& quantity) const {
  __int128 product = static_cast<__int128>(minor_) * quantity.milli();
  auto minor = DivideRoundHalfAwayFromZero(product, Quantity::kScale);
  if (!minor.ok()) return minor.status();
  return Money(*minor, currency_);
}

std::string MoneySum::AmountString() const {
  return FormatScaledDecimal(minor_, currency_->digits);
}

Result<Money> MoneySum::ToMoney() const {
  if (minor_ > std::numeric_limits<int64_t>::max() ||
      minor_ < std::numeric_limits<int64_t>::min()) {
    return Status::OutOfRange("the amount " + AmountString() + " " + std::string(currency_code()) +
                              " is too large");
  }
  return Money::FromMinor(static_cast<int64_t>(minor_), *currency_);
}

Result<MoneySum> MoneySum::Add(const MoneySum& other) const {
  if (currency_ != other.currency_) {
    return Status::Invalid("cannot add " + std::string(other.currency_code()) + " to " +
                           std::string(currency_code()));
  }
  __int128 sum;
  if (__builtin_add_overflow(minor_, other.minor_, &sum))
    return Status::OutOfRange("amount overflow");
  return MoneySum(sum, currency_);
}

Status MoneyTotals::Add(const MoneySum& amount) {
  for (MoneySum& sum : sums_) {
    if (&sum.currency() == &amount.currency()) {
      ZAPAS_ASSIGN_OR_RETURN(sum, sum.Add(amount));
      return Status::Ok();
    }
  }
  sums_.push_back(amount);
  return Status::Ok();
}

std::optional<MoneySum> MoneyTotals::Of(const Currency& currency) const {
  for (const MoneySum& sum : sums_) {
    if (&sum.currency() == &currency) return sum;
  }
  return std::nullopt;
}

Result<MoneySum> MoneySum::Subtract(const MoneySum& other) const {
  if (currency_ != other.currency_) {
    return Status::Invalid("cannot subtract " + std::string(other.currency_code()) + " from " +
                           std::string(currency_code()));
  }
  __int128 diff;
  if (__builtin_sub_overflow(minor_, other.minor_, &diff))
    return Status::OutOfRange("amount overflow");
  return MoneySum(diff, currency_);
}

}  // namespace zapas
