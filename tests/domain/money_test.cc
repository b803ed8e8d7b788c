#include "domain/money.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>

#include "domain/decimal.h"
#include "domain/quantity.h"
#include "domain/status.h"

namespace zapas {
namespace {

const Currency& Uah() { return *FindCurrency("UAH"); }
const Currency& Eur() { return *FindCurrency("EUR"); }

Money M(int64_t minor, const Currency& c = Uah()) { return Money::FromMinor(minor, c); }
Quantity Q(int64_t milli) { return Quantity::FromMilli(milli); }

// ---- Parse: accepted ----

struct GoodParseCase {
  const char* amount;
  const char* currency;
  int64_t minor;
  const char* formatted;
};

class MoneyParseGoodTest : public testing::TestWithParam<GoodParseCase> {};

TEST_P(MoneyParseGoodTest, ParsesToMinorUnits) {
  const GoodParseCase& c = GetParam();
  Result<Money> m = Money::Parse(c.amount, c.currency);
  ASSERT_TRUE(m.ok()) << c.amount << " " << c.currency << ": " << m.status().message();
  EXPECT_EQ(m->minor_units(), c.minor);
  EXPECT_EQ(m->currency_code(), c.currency);
  EXPECT_EQ(m->AmountString(), c.formatted);
}

INSTANTIATE_TEST_SUITE_P(
    Table, MoneyParseGoodTest,
    testing::Values(
        GoodParseCase{"1250.00", "UAH", 125000, "1250.00"}, GoodParseCase{"0.01", "UAH", 1, "0.01"},
        GoodParseCase{"-3.50", "UAH", -350, "-3.50"}, GoodParseCase{"-3.5", "UAH", -350, "-3.50"},
        GoodParseCase{"12", "UAH", 1200, "12.00"}, GoodParseCase{"12.5", "UAH", 1250, "12.50"},
        GoodParseCase{"0", "UAH", 0, "0.00"}, GoodParseCase{"0.00", "EUR", 0, "0.00"},
        GoodParseCase{"99.99", "USD", 9999, "99.99"},
        GoodParseCase{"92233720368547758.07", "UAH", 9223372036854775807, "92233720368547758.07"}));

// ---- Parse: refused ----

struct BadParseCase {
  const char* amount;
  const char* currency;
  const char* field;
};

class MoneyParseBadTest : public testing::TestWithParam<BadParseCase> {};

TEST_P(MoneyParseBadTest, IsInvalid) {
  const BadParseCase& c = GetParam();
  Result<Money> m = Money::Parse(c.amount, c.currency);
  ASSERT_FALSE(m.ok()) << "\"" << c.amount << "\" " << c.currency << " was accepted";
  EXPECT_EQ(m.status().code(), StatusCode::kInvalid) << c.amount;
  ASSERT_EQ(m.status().errors().size(), 1u) << c.amount;
  EXPECT_EQ(m.status().errors()[0].field, c.field) << c.amount;
}

INSTANTIATE_TEST_SUITE_P(
    Table, MoneyParseBadTest,
    testing::Values(BadParseCase{"1,5", "UAH", "amount"}, BadParseCase{"1e3", "UAH", "amount"},
                    BadParseCase{"12.345", "UAH", "amount"}, BadParseCase{"", "UAH", "amount"},
                    BadParseCase{" 1", "UAH", "amount"}, BadParseCase{"1 ", "UAH", "amount"},
                    BadParseCase{"+1", "UAH", "amount"}, BadParseCase{".5", "UAH", "amount"},
                    BadParseCase{"1.", "UAH", "amount"}, BadParseCase{"-", "UAH", "amount"},
                    BadParseCase{"--1", "UAH", "amount"}, BadParseCase{"abc", "UAH", "amount"},
                    BadParseCase{"1 000", "UAH", "amount"},
                    BadParseCase{"92233720368547758.08", "UAH", "amount"},
                    BadParseCase{"99999999999999999999999", "UAH", "amount"},
                    BadParseCase{"10", "XYZ", "currency"}, BadParseCase{"10", "", "currency"},
                    BadParseCase{"10", "uah", "currency"}));

TEST(MoneyParseTest, ZeroDigitCurrencyTakesNoDecimals) {
  // The table also holds JPY with no minor unit.
  Result<Money> yen = Money::Parse("1200", "JPY");
  ASSERT_TRUE(yen.ok()) << yen.status().message();
  EXPECT_EQ(yen->minor_units(), 1200);
  EXPECT_EQ(yen->AmountString(), "1200");
  Result<Money> bad = Money::Parse("12.5", "JPY");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalid);
}

// ---- AmountString ----

TEST(MoneyAmountStringTest, AlwaysHasExactlyTwoDecimals) {
  struct Case {
    int64_t minor;
    const char* text;
  };
  const Case cases[] = {
      {0, "0.00"},
      {5, "0.05"},
      {-5, "-0.05"},
      {50, "0.50"},
      {-50, "-0.50"},
      {100, "1.00"},
      {-100, "-1.00"},
      {125000, "1250.00"},
      {123456, "1234.56"},
      {std::numeric_limits<int64_t>::max(), "92233720368547758.07"},
      {std::numeric_limits<int64_t>::min(), "-92233720368547758.08"},
  };
  for (const Case& c : cases) {
    EXPECT_EQ(M(c.minor).AmountString(), c.text) << c.minor;
  }
}

TEST(MoneyAmountStringTest, ZeroHelper) {
  Money z = Money::Zero(Eur());
  EXPECT_TRUE(z.is_zero());
  EXPECT_FALSE(z.is_negative());
  EXPECT_EQ(z.AmountString(), "0.00");
  EXPECT_EQ(z.currency_code(), "EUR");
}

// ---- Add / Subtract / Negate ----

TEST(MoneyArithmeticTest, AddAndSubtractSameCurrency) {
  Result<Money> sum = M(1050).Add(M(-75));
  ASSERT_TRUE(sum.ok());
  EXPECT_EQ(sum->minor_units(), 975);
  EXPECT_EQ(sum->currency_code(), "UAH");

  Result<Money> diff = M(100).Subtract(M(250));
  ASSERT_TRUE(diff.ok());
  EXPECT_EQ(diff->minor_units(), -150);
  EXPECT_TRUE(diff->is_negative());
  EXPECT_EQ(diff->AmountString(), "-1.50");
}

TEST(MoneyArithmeticTest, MixingCurrenciesIsInvalid) {
  Result<Money> sum = M(100, Uah()).Add(M(100, Eur()));
  ASSERT_FALSE(sum.ok());
  EXPECT_EQ(sum.status().code(), StatusCode::kInvalid);

  Result<Money> diff = M(100, Uah()).Subtract(M(100, Eur()));
  ASSERT_FALSE(diff.ok());
  EXPECT_EQ(diff.status().code(), StatusCode::kInvalid);

  // Even a zero amount of another currency does not mix.
  Result<Money> zero = M(100, Uah()).Add(Money::Zero(Eur()));
  ASSERT_FALSE(zero.ok());
  EXPECT_EQ(zero.status().code(), StatusCode::kInvalid);
}

TEST(MoneyArithmeticTest, AddOverflowIsOutOfRange) {
  const int64_t kMax = std::numeric_limits<int64_t>::max();
  const int64_t kMin = std::numeric_limits<int64_t>::min();

  Result<Money> at_max = M(kMax - 1).Add(M(1));
  ASSERT_TRUE(at_max.ok());
  EXPECT_EQ(at_max->minor_units(), kMax);

  Result<Money> over = M(kMax).Add(M(1));
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.status().code(), StatusCode::kOutOfRange);

  Result<Money> under = M(kMin).Add(M(-1));
  ASSERT_FALSE(under.ok());
  EXPECT_EQ(under.status().code(), StatusCode::kOutOfRange);
}

TEST(MoneyArithmeticTest, SubtractOverflowIsOutOfRange) {
  const int64_t kMax = std::numeric_limits<int64_t>::max();
  const int64_t kMin = std::numeric_limits<int64_t>::min();

  Result<Money> under = M(kMin).Subtract(M(1));
  ASSERT_FALSE(under.ok());
  EXPECT_EQ(under.status().code(), StatusCode::kOutOfRange);

  Result<Money> over = M(kMax).Subtract(M(-1));
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.status().code(), StatusCode::kOutOfRange);

  Result<Money> at_min = M(kMin + 1).Subtract(M(1));
  ASSERT_TRUE(at_min.ok());
  EXPECT_EQ(at_min->minor_units(), kMin);
}

TEST(MoneyArithmeticTest, Negate) {
  Result<Money> n = M(350).Negate();
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(n->minor_units(), -350);

  Result<Money> overflow = M(std::numeric_limits<int64_t>::min()).Negate();
  ASSERT_FALSE(overflow.ok());
  EXPECT_EQ(overflow.status().code(), StatusCode::kOutOfRange);
}

TEST(MoneyArithmeticTest, Equality) {
  EXPECT_EQ(M(100, Uah()), M(100, Uah()));
  EXPECT_FALSE(M(100, Uah()) == M(101, Uah()));
  EXPECT_FALSE(M(100, Uah()) == M(100, Eur()));
}

// ---- Times ----

struct TimesCase {
  int64_t minor;
  int64_t milli;
  int64_t expected_minor;
};

class MoneyTimesTest : public testing::TestWithParam<TimesCase> {};

TEST_P(MoneyTimesTest, RoundsHalfAwayFromZero) {
  const TimesCase& c = GetParam();
  Result<Money> r = M(c.minor).Times(Q(c.milli));
  ASSERT_TRUE(r.ok()) << c.minor << " * " << c.milli << ": " << r.status().message();
  EXPECT_EQ(r->minor_units(), c.expected_minor) << c.minor << " * " << c.milli << "/1000";
  EXPECT_EQ(r->currency_code(), "UAH");
}

INSTANTIATE_TEST_SUITE_P(Table, MoneyTimesTest,
                         testing::Values(TimesCase{1, 500, 1},       // 0.01 * 0.5 = 0.005
                                         TimesCase{-1, 500, -1},     // -0.01 * 0.5
                                         TimesCase{1, -500, -1},     // 0.01 * -0.5
                                         TimesCase{333, 3000, 999},  // 3.33 * 3
                                         TimesCase{100, 2500, 250},  // 1.00 * 2.5
                                         TimesCase{1, 499, 0},       // 0.00499 -> 0.00
                                         TimesCase{-1, 499, 0},      // -0.00499 -> 0.00
                                         TimesCase{1, 1500, 2},      // 0.015 -> 0.02
                                         TimesCase{-1, 1500, -2},    // -0.015 -> -0.02
                                         TimesCase{1999, 125, 250},  // 19.99*0.125=2.49875
                                         TimesCase{125000, 0, 0},    // times zero
                                         TimesCase{125000, 1000, 125000}));

TEST(MoneyTimesTest, OverflowIsOutOfRange) {
  Result<Money> r = M(std::numeric_limits<int64_t>::max()).Times(Q(2000));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kOutOfRange);
}

TEST(MoneyTimesTest, KeepsCurrency) {
  Result<Money> r = M(250, Eur()).Times(Q(4000));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->minor_units(), 1000);
  EXPECT_EQ(r->currency_code(), "EUR");
}

// ---- Currency table ----

TEST(CurrencyTest, TableHoldsTheMainCurrencies) {
  struct Case {
    const char* code;
    int numeric;
  };
  const Case cases[] = {{"UAH", 980}, {"EUR", 978}, {"USD", 840},
                        {"PLN", 985}, {"GBP", 826}, {"CHF", 756}};
  for (const Case& c : cases) {
    const Currency* currency = FindCurrency(c.code);
    ASSERT_NE(currency, nullptr) << c.code;
    EXPECT_EQ(currency->code, c.code);
    EXPECT_EQ(currency->numeric, c.numeric) << c.code;
    EXPECT_EQ(currency->digits, 2) << c.code;
    EXPECT_FALSE(currency->name_en.empty()) << c.code;
    EXPECT_FALSE(currency->name_uk.empty()) << c.code;
    // Lookup is stable: the same entry every time (Money compares currencies by identity).
    EXPECT_EQ(FindCurrency(c.code), currency);
  }
}

TEST(CurrencyTest, UnknownCodesAreNotFound) {
  EXPECT_EQ(FindCurrency("XYZ"), nullptr);
  EXPECT_EQ(FindCurrency(""), nullptr);
  EXPECT_EQ(FindCurrency("uah"), nullptr);
  EXPECT_EQ(FindCurrency("UAHX"), nullptr);
}

// ---- Wide sums (MoneySum) and the 192-bit multiply-divide behind them ----

__int128 I128(const char* digits) {
  __int128 v = 0;
  bool negative = *digits == '-';
  for (const char* p = digits + (negative ? 1 : 0); *p; ++p) v = v * 10 + (*p - '0');
  return negative ? -v : v;
}

TEST(WideDecimalTest, FormatsEvery128BitValue) {
  EXPECT_EQ(FormatScaledDecimal(__int128{0}, 2), "0.00");
  EXPECT_EQ(FormatScaledDecimal(__int128{-5}, 2), "-0.05");
  const __int128 max = ~(static_cast<unsigned __int128>(1) << 127);
  EXPECT_EQ(FormatScaledDecimal(max, 2), "1701411834604692317316873037158841057.27");
  EXPECT_EQ(FormatScaledDecimal(-max - 1, 2), "-1701411834604692317316873037158841057.28");
  EXPECT_EQ(FormatScaledDecimalTrimmed(I128("9223372036854775808000"), 3), "9223372036854775808");
}

TEST(WideDecimalTest, MultiplyDivideRoundIsExactAndRoundsHalfAwayFromZero) {
  EXPECT_EQ(*MultiplyDivideRound(25, 1, 10), 3);
  EXPECT_EQ(*MultiplyDivideRound(-25, 1, 10), -3);
  EXPECT_EQ(*MultiplyDivideRound(24, 1, 10), 2);
  // A product beyond 128 bits, divided back into range.
  const __int128 big = I128("100000000000000000000000000000000000");  // 1e35
  EXPECT_EQ(*MultiplyDivideRound(big, 10'000'000'000'000'000, 100'000'000'000'000'000),
            I128("10000000000000000000000000000000000"));
  // INT64_MAX kopiyky at 47.776 UAH per EUR, in cents: exact to the last digit.
  EXPECT_EQ(*MultiplyDivideRound(INT64_MAX, 10'000'000'000, 477'760'000'000),
            I128("193054505125058100"));
  // A quotient beyond 128 bits.
  EXPECT_EQ(MultiplyDivideRound(big * 1000, UINT64_MAX, 1).status().code(),
            StatusCode::kOutOfRange);
}

TEST(MoneySumTest, AddsPastInt64AndSaysWhenItDoesNotFitMoney) {
  MoneySum sum = MoneySum::Zero(Uah());
  for (int i = 0; i < 3; ++i) sum = *sum.Add(M(std::numeric_limits<int64_t>::max(), Uah()));
  EXPECT_EQ(sum.AmountString(), "276701161105643274.21");
  EXPECT_EQ(sum.ToMoney().status().code(), StatusCode::kOutOfRange);
  EXPECT_EQ(sum.Add(MoneySum::Zero(Eur())).status().code(), StatusCode::kInvalid);
  const MoneySum small = M(-350, Eur());
  EXPECT_EQ(small.ToMoney()->AmountString(), "-3.50");
  EXPECT_TRUE(small.is_negative());
}

TEST(MoneyTotalsTest, OneSumPerCurrencyInTheOrderTheyCame) {
  const Currency& eur = *FindCurrency("EUR");
  const Currency& uah = *FindCurrency("UAH");
  MoneyTotals totals;
  EXPECT_TRUE(totals.empty());
  EXPECT_FALSE(totals.Of(eur).has_value());
  ASSERT_TRUE(totals.Add(Money::FromMinor(1050, eur)).ok());
  ASSERT_TRUE(totals.Add(Money::FromMinor(700, uah)).ok());
  ASSERT_TRUE(totals.Add(Money::FromMinor(-50, eur)).ok());
  ASSERT_EQ(totals.sums().size(), 2u);
  EXPECT_EQ(totals.sums()[0].currency_code(), "EUR");
  EXPECT_EQ(totals.sums()[0].AmountString(), "10.00");
  EXPECT_EQ(totals.sums()[1].currency_code(), "UAH");
  EXPECT_EQ(totals.Of(uah)->AmountString(), "7.00");
  EXPECT_FALSE(totals.Of(*FindCurrency("JPY")).has_value());
}

TEST(MoneyTotalsTest, SumsPastInt64StayExact) {
  const Currency& usd = *FindCurrency("USD");
  const int64_t max = std::numeric_limits<int64_t>::max();
  MoneyTotals totals;
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(totals.Add(Money::FromMinor(max, usd)).ok());
  EXPECT_EQ(totals.Of(usd)->minor_units(), static_cast<__int128>(max) * 4);
  EXPECT_FALSE(totals.Of(usd)->ToMoney().ok());
}

}  // namespace
}  // namespace zapas
