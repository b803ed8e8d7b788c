// Tests of domain/rates.h: parsing NBU rates as exact decimals, converting to
// and from UAH with the one rounding rule (half away from zero), and the rate
// in force on a date (the latest on or before it).
#include "domain/rates.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "domain/date.h"
#include "domain/money.h"
#include "domain/status.h"
#include "tests/domain/values.h"

namespace zapas {
namespace {

using test_values::Cur;
using test_values::D;
using test_values::M;
using test_values::Text;

// A rate from its decimal text; the test fails loudly when the text is refused.
Rate R(const char* currency, const char* rate, const char* date = "2026-11-27") {
  auto v = ParseRate(rate);
  if (!v.ok())
    throw std::runtime_error(std::string("ParseRate(\"") + rate + "\"): " + v.status().message());
  return Rate{D(date), &Cur(currency), *v};
}

// ---- ParseRate: accepted ----

struct GoodRateCase {
  const char* text;
  int64_t scaled;         // value * 10^10
  const char* formatted;  // Rate::RateString()
};

class ParseRateGoodTest : public testing::TestWithParam<GoodRateCase> {};

TEST_P(ParseRateGoodTest, ParsesExactly) {
  const GoodRateCase& c = GetParam();
  auto v = ParseRate(c.text);
  ASSERT_TRUE(v.ok()) << "\"" << c.text << "\": " << v.status().message();
  EXPECT_EQ(*v, c.scaled) << "\"" << c.text << "\"";
  Rate r{D("2026-11-27"), &Cur("USD"), *v};
  EXPECT_EQ(r.RateString(), c.formatted) << "\"" << c.text << "\"";
}

INSTANTIATE_TEST_SUITE_P(
    Rates, ParseRateGoodTest,
    testing::Values(GoodRateCase{"41.0256", 410256000000, "41.0256"},
                    GoodRateCase{"0.28499", 2849900000, "0.28499"},
                    GoodRateCase{"47.776", 477760000000, "47.776"},
                    GoodRateCase{"1", 10000000000, "1"},
                    GoodRateCase{"0.0000000001", 1, "0.0000000001"},
                    GoodRateCase{"10.8565", 108565000000, "10.8565"},
                    GoodRateCase{"9.653", 96530000000, "9.653"},
                    GoodRateCase{"41.0256000000", 410256000000, "41.0256"},  // 10 decimals exactly
                    GoodRateCase{"2700.5", 27005000000000, "2700.5"},
                    // the largest rate that fits in int64 at 10 decimals
                    GoodRateCase{"922337203.6854775807", std::numeric_limits<int64_t>::max(),
                                 "922337203.6854775807"}));

// ---- ParseRate: refused ----

class ParseRateBadTest : public testing::TestWithParam<const char*> {};

TEST_P(ParseRateBadTest, IsInvalid) {
  auto v = ParseRate(GetParam());
  ASSERT_FALSE(v.ok()) << "\"" << GetParam() << "\" parsed as " << *v;
  EXPECT_EQ(v.status().code(), StatusCode::kInvalid) << "\"" << GetParam() << "\"";
  EXPECT_FALSE(v.status().message().empty());
}

INSTANTIATE_TEST_SUITE_P(Rates, ParseRateBadTest,
                         testing::Values("0", "0.0", "0.0000000000", "-0", "-1", "-41.0256", "abc",
                                         "1e3", "4.10256e1", "1,5", "", " 1", "1 ", "+1", ".5",
                                         "5.", "41.02.56",
                                         "0.00000000001",         // 11 decimals
                                         "41.02560000000",        // 11 decimals, even if zeros
                                         "922337203.6854775808",  // one past int64
                                         "1000000000",            // 10^19 scaled
                                         "99999999999999999999999"));

// ---- ToUah ----

struct ConvertCase {
  const char* amount;
  const char* currency;
  const char* rate;
  const char* expected;  // "<amount> <currency>"
};

std::ostream& operator<<(std::ostream& os, const ConvertCase& c) {
  return os << c.amount << " " << c.currency << " at " << c.rate << " -> " << c.expected;
}

class ToUahTest : public testing::TestWithParam<ConvertCase> {};

TEST_P(ToUahTest, RoundsHalfAwayFromZeroToTheKopiyka) {
  const ConvertCase& c = GetParam();
  auto uah = ToUah(M(c.amount, c.currency), R(c.currency, c.rate));
  EXPECT_EQ(Text(uah), c.expected) << c;
}

INSTANTIATE_TEST_SUITE_P(
    Rates, ToUahTest,
    testing::Values(
        // exact products
        ConvertCase{"1.00", "USD", "41.0256", "41.03 UAH"},
        ConvertCase{"250.00", "EUR", "47.776", "11944.00 UAH"},
        ConvertCase{"123.45", "USD", "41.0256", "5064.61 UAH"},  // 5064.61032
        ConvertCase{"0.00", "USD", "41.0256", "0.00 UAH"},
        // the third decimal of UAH is exactly 5: away from zero, both signs
        ConvertCase{"0.01", "USD", "0.5", "0.01 UAH"},         // 0.005
        ConvertCase{"-0.01", "USD", "0.5", "-0.01 UAH"},       // -0.005
        ConvertCase{"1.00", "EUR", "41.0255", "41.03 UAH"},    // 41.0255
        ConvertCase{"-1.00", "EUR", "41.0255", "-41.03 UAH"},  // -41.0255
        ConvertCase{"1.00", "EUR", "41.0245", "41.02 UAH"},    // 41.0245: rounds down
        ConvertCase{"-1.00", "EUR", "41.0245", "-41.02 UAH"},
        ConvertCase{"1.15", "USD", "1.5", "1.73 UAH"},  // 1.725 (a double gives 1.72)
        ConvertCase{"-1.15", "USD", "1.5", "-1.73 UAH"},
        ConvertCase{"1.00", "USD", "0.005", "0.01 UAH"},    // 0.005
        ConvertCase{"3.00", "USD", "0.0015", "0.00 UAH"},   // 0.0045: one rounding only
        ConvertCase{"-3.00", "USD", "0.0015", "0.00 UAH"},  // -0.0045 -> zero
        // a currency without minor units
        ConvertCase{"100", "JPY", "0.28499", "28.50 UAH"},  // 28.499
        ConvertCase{"1", "JPY", "0.28499", "0.28 UAH"},     // 0.28499
        ConvertCase{"-100", "JPY", "0.28499", "-28.50 UAH"},
        // the smallest rate
        ConvertCase{"1.00", "USD", "0.0000000001", "0.00 UAH"}));

TEST(ToUah, NegativeHalfBelowAKopiykaRoundsToZero) {
  // -0.0045 UAH rounds to zero (and zero has no sign).
  auto uah = ToUah(M("-3.00", "USD"), R("USD", "0.0015"));
  ASSERT_TRUE(uah.ok()) << uah.status().message();
  EXPECT_EQ(uah->minor_units(), 0);
  EXPECT_EQ(uah->currency_code(), "UAH");
}

TEST(ToUah, UahConvertsToItself) {
  Money m = M("1234.56", "UAH");
  // Whatever rate is passed, UAH is not converted.
  for (const Rate& r : {R("USD", "41.0256"), R("EUR", "47.776")}) {
    auto uah = ToUah(m, r);
    ASSERT_TRUE(uah.ok()) << uah.status().message();
    EXPECT_EQ(Text(uah), "1234.56 UAH");
  }
  auto neg = ToUah(M("-0.01", "UAH"), R("USD", "41.0256"));
  EXPECT_EQ(Text(neg), "-0.01 UAH");
}

TEST(ToUah, RateOfAnotherCurrencyIsAnError) {
  auto uah = ToUah(M("1.00", "USD"), R("EUR", "47.776"));
  ASSERT_FALSE(uah.ok()) << Text(uah);
  EXPECT_NE(uah.status().code(), StatusCode::kOk);
}

TEST(ToUah, AResultThatDoesNotFitIsAnErrorNotAWrongAmount) {
  Money huge = Money::FromMinor(std::numeric_limits<int64_t>::max(), Cur("USD"));
  auto a = ToUah(huge, R("USD", "41.0256"));
  EXPECT_FALSE(a.ok()) << "converted to " << Text(a);
  // The largest rate ParseRate accepts: the exact product is far beyond int64
  // (and beyond 128 bits before the division).
  auto b = ToUah(huge, R("USD", "922337203.6854775807"));
  EXPECT_FALSE(b.ok()) << "converted to " << Text(b);
  auto c = ToUah(huge, R("USD", "100000000"));
  EXPECT_FALSE(c.ok()) << "converted to " << Text(c);
  // minor * rate * 100 is exactly 2^128 + 18 * 2^63 here: a 128-bit product
  // that wraps would leave 166020696.66 minor units, a small, wrong amount. The
  // true value (3.4e24 UAH) does not fit in Money.
  Money big = M("23058430092136939.52", "USD");  // 2^61 cents
  auto d = ToUah(big, R("USD", "147573952.589676413"));
  EXPECT_FALSE(d.ok()) << "23058430092136939.52 USD at 147573952.589676413 converted to "
                       << Text(d);
}

// ---- FromUah ----

class FromUahTest : public testing::TestWithParam<ConvertCase> {};

TEST_P(FromUahTest, RoundsHalfAwayFromZeroToTheTargetMinorUnit) {
  const ConvertCase& c = GetParam();
  // Here `currency` names the target; `amount` is UAH.
  auto out = FromUah(M(c.amount, "UAH"), R(c.currency, c.rate));
  EXPECT_EQ(Text(out), c.expected) << c;
}

INSTANTIATE_TEST_SUITE_P(
    Rates, FromUahTest,
    testing::Values(ConvertCase{"1000.00", "USD", "41.0256", "24.38 USD"},  // 24.375024...
                    ConvertCase{"-1000.00", "USD", "41.0256", "-24.38 USD"},
                    ConvertCase{"41.03", "USD", "41.0256", "1.00 USD"},
                    ConvertCase{"11944.00", "EUR", "47.776", "250.00 EUR"},  // exact
                    ConvertCase{"0.01", "USD", "2", "0.01 USD"},             // 0.005
                    ConvertCase{"-0.01", "USD", "2", "-0.01 USD"},           // -0.005
                    ConvertCase{"0.57", "JPY", "0.38", "2 JPY"},             // 1.5
                    ConvertCase{"-0.57", "JPY", "0.38", "-2 JPY"},           // -1.5
                    ConvertCase{"100.00", "JPY", "0.28499", "351 JPY"},      // 350.889...
                    ConvertCase{"1.00", "JPY", "0.28499", "4 JPY"},          // 3.508...
                    ConvertCase{"0.00", "EUR", "47.776", "0.00 EUR"}));

TEST(FromUah, UahTargetIsTheSameAmount) {
  auto out = FromUah(M("1234.56", "UAH"), Rate{D("2026-11-27"), &Cur("UAH"), 10000000000});
  EXPECT_EQ(Text(out), "1234.56 UAH");
}

TEST(FromUah, NonUahAmountIsAnError) {
  auto out = FromUah(M("1.00", "USD"), R("EUR", "47.776"));
  EXPECT_FALSE(out.ok()) << Text(out);
}

TEST(FromUah, RoundTripOfAnExactConversion) {
  Rate usd = R("USD", "41.0256");
  auto uah = ToUah(M("500.00", "USD"), usd);  // 20512.80 exactly
  ASSERT_EQ(Text(uah), "20512.80 UAH");
  EXPECT_EQ(Text(FromUah(*uah, usd)), "500.00 USD");
}

// ---- RateTable ----

TEST(RateTable, InForceIsTheLatestOnOrBeforeTheDate) {
  RateTable t;
  t.Add(R("USD", "41.0227", "2026-11-26"));  // Thursday
  t.Add(R("USD", "41.0256", "2026-11-27"));  // Friday
  t.Add(R("USD", "41.1000", "2026-11-30"));  // Monday
  struct Case {
    const char* on;
    const char* rate;
    const char* from;
  };
  for (const Case& c :
       {Case{"2026-11-26", "41.0227", "2026-11-26"}, Case{"2026-11-27", "41.0256", "2026-11-27"},
        Case{"2026-11-28", "41.0256", "2026-11-27"},  // Saturday
        Case{"2026-11-29", "41.0256", "2026-11-27"},  // Sunday
        Case{"2026-11-30", "41.1", "2026-11-30"}, Case{"2027-06-01", "41.1", "2026-11-30"}}) {
    auto r = t.InForce(Cur("USD"), D(c.on));
    ASSERT_TRUE(r.ok()) << c.on << ": " << r.status().message();
    EXPECT_EQ(r->RateString(), c.rate) << c.on;
    EXPECT_EQ(r->date.ToString(), c.from) << c.on;
    EXPECT_EQ(r->currency, &Cur("USD")) << c.on;
  }
}

TEST(RateTable, BeforeTheFirstRateIsNotFoundNotZero) {
  RateTable t;
  t.Add(R("USD", "41.0256", "2026-11-27"));
  auto r = t.InForce(Cur("USD"), D("2026-11-26"));
  ASSERT_FALSE(r.ok()) << "got " << r->RateString() << " of " << r->date.ToString();
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
  // A currency with no rate at all.
  auto e = t.InForce(Cur("EUR"), D("2026-11-27"));
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.status().code(), StatusCode::kNotFound);
  // An empty table.
  RateTable empty;
  auto u = empty.InForce(Cur("USD"), D("2026-11-27"));
  ASSERT_FALSE(u.ok());
  EXPECT_EQ(u.status().code(), StatusCode::kNotFound);
}

TEST(RateTable, UahIsAlwaysOne) {
  RateTable empty;
  for (const char* on : {"1990-01-01", "2026-11-27", "2099-12-31"}) {
    auto r = empty.InForce(Cur("UAH"), D(on));
    ASSERT_TRUE(r.ok()) << on << ": " << r.status().message();
    EXPECT_EQ(r->uah_per_unit, 10000000000) << on;
    EXPECT_EQ(r->RateString(), "1") << on;
    EXPECT_EQ(r->currency, &Cur("UAH")) << on;
  }
}

TEST(RateTable, AddReplacesTheRateOfTheSameDay) {
  RateTable t;
  t.Add(R("USD", "41.0256", "2026-11-27"));
  t.Add(R("USD", "41.5", "2026-11-27"));
  EXPECT_EQ(t.size(), 1u);
  auto r = t.InForce(Cur("USD"), D("2026-11-27"));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->RateString(), "41.5");
}

TEST(RateTable, AllInForceIsOrderedByCodeAndSkipsCurrenciesWithoutARate) {
  RateTable t;
  // Added out of order, on different days.
  t.Add(R("USD", "41.0256", "2026-11-27"));
  t.Add(R("JPY", "0.28499", "2026-11-27"));
  t.Add(R("EUR", "47.5951", "2026-11-26"));
  t.Add(R("EUR", "47.776", "2026-11-27"));
  t.Add(R("CHF", "47.6439", "2026-11-27"));
  t.Add(R("PLN", "10.9", "2026-12-01"));  // not yet in force on 29.11
  EXPECT_EQ(t.size(), 6u);

  std::vector<Rate> all = t.AllInForce(D("2026-11-29"));
  std::vector<std::string> got;
  for (const Rate& r : all) {
    got.push_back(std::string(r.currency->code) + " " + r.RateString() + " " + r.date.ToString());
  }
  EXPECT_EQ(got, (std::vector<std::string>{"CHF 47.6439 2026-11-27", "EUR 47.776 2026-11-27",
                                           "JPY 0.28499 2026-11-27", "USD 41.0256 2026-11-27"}));

  std::vector<Rate> later = t.AllInForce(D("2026-12-01"));
  ASSERT_EQ(later.size(), 5u);
  EXPECT_EQ(later[3].currency->code, "PLN");
  EXPECT_EQ(later[3].RateString(), "10.9");

  EXPECT_TRUE(t.AllInForce(D("2026-11-25")).empty());
  std::vector<Rate> thursday = t.AllInForce(D("2026-11-26"));
  ASSERT_EQ(thursday.size(), 1u);
  EXPECT_EQ(thursday[0].currency->code, "EUR");
  EXPECT_EQ(thursday[0].RateString(), "47.5951");
}

}  // namespace
}  // namespace zapas
