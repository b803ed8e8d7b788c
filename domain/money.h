// Money: an exact amount of one currency, as int64 minor units plus an ISO 4217
// currency from a fixed table. Mixing currencies is an error, never a silent sum;
// arithmetic is overflow-checked. Value type; thread-compatible.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "domain/quantity.h"
#include "domain/status.h"

namespace zapas {

struct Currency {
  std::string_view code;  // ISO 4217 alphabetic, e.g. "UAH"
  int numeric;            // ISO 4217 numeric, e.g. 980 (the NBU's r030)
  int digits;             // minor unit digits, e.g. 2
  std::string_view name_uk;
  std::string_view name_en;
};

// nullptr when the code is not in Zapas's table (UAH, EUR, USD, PLN, GBP, CHF, ...).
const Currency* FindCurrency(std::string_view code);
// Every currency of the table, the hryvnia first.
std::span<const Currency> Currencies();

class Money {
 public:
  // Parses a decimal string in the currency's minor digits ("1250.00", "-3.5").
  // kInvalid for an unknown currency, malformed text, too many decimals or overflow.
  static Result<Money> Parse(std::string_view amount, std::string_view currency_code);
  static Money FromMinor(int64_t minor_units, const Currency& currency) {
    return Money(minor_units, &currency);
  }
  static Money Zero(const Currency& currency) { return Money(0, &currency); }

  int64_t minor_units() const { return minor_; }
  const Currency& currency() const { return *currency_; }
  std::string_view currency_code() const { return currency_->code; }
  // The amount as a decimal string with exactly the currency's minor digits.
  std::string AmountString() const;
  bool is_negative() const { return minor_ < 0; }
  bool is_zero() const { return minor_ == 0; }

  // kInvalid when the currencies differ, kOutOfRange when the result overflows.
  Result<Money> Add(const Money& other) const;
  Result<Money> Subtract(const Money& other) const;
  Result<Money> Negate() const;
  // This amount per unit times a quantity, rounded half away from zero to the
  // minor unit (the one rounding rule, domain/decimal.h).
  Result<Money> Times(const Quantity& quantity) const;

  bool operator==(const Money& o) const { return minor_ == o.minor_ && currency_ == o.currency_; }

 private:
  Money(int64_t minor, const Currency* currency) : minor_(minor), currency_(currency) {}
  int64_t minor_;
  const Currency* currency_;
};

// MoneySum: a total of a report, an exact sum of Money of one currency in
// 128-bit minor units. Each amount Zapas stores fits in int64, so a sum of
// fewer than 2^63 of them (every posting a journal can hold) cannot
// overflow, however large the journal; the arithmetic checks anyway. Mixing
// currencies is an error, as with Money. Value type; thread-compatible.
class MoneySum {
 public:
  // Widening loses nothing, so an amount is a sum wherever one is expected.
  MoneySum(const Money& m) : minor_(m.minor_units()), currency_(&m.currency()) {}  // NOLINT
  static MoneySum Zero(const Currency& currency) { return MoneySum(0, &currency); }
  static MoneySum Of(const Money& m) { return MoneySum(m.minor_units(), &m.currency()); }
  static MoneySum FromMinor(__int128 minor, const Currency& currency) {
    return MoneySum(minor, &currency);
  }

  __int128 minor_units() const { return minor_; }
  const Currency& currency() const { return *currency_; }
  std::string_view currency_code() const { return currency_->code; }
  // The amount as a decimal string with exactly the currency's minor digits.
  std::string AmountString() const;
  bool is_negative() const { return minor_ < 0; }
  bool is_zero() const { return minor_ == 0; }
  // The sum as Money when it fits in int64; kOutOfRange otherwise.
  Result<Money> ToMoney() const;

  // kInvalid when the currencies differ, kOutOfRange on overflow.
  Result<MoneySum> Add(const MoneySum& other) const;
  Result<MoneySum> Subtract(const MoneySum& other) const;

  bool operator==(const MoneySum& o) const {
    return minor_ == o.minor_ && currency_ == o.currency_;
  }

 private:
  MoneySum(__int128 minor, const Currency* currency) : minor_(minor), currency_(currency) {}
  __int128 minor_;
  const Currency* currency_;
};

// Sums in several currencies: one MoneySum per currency, in the order each
// currency first came. What a document whose lines are in EUR and UAH totals
// to. Value type; thread-compatible.
class MoneyTotals {
 public:
  // Adds `amount` to its currency's sum. kOutOfRange on overflow (which needs
  // more than 2^63 amounts).
  Status Add(const MoneySum& amount);
  // The sums, one per currency, in the order the currencies first came.
  const std::vector<MoneySum>& sums() const { return sums_; }
  // The sum of `currency`, or nullopt when no amount of it came.
  std::optional<MoneySum> Of(const Currency& currency) const;
  bool empty() const { return sums_.empty(); }

 private:
  std::vector<MoneySum> sums_;
};

}  // namespace zapas
