#include "domain/quantity.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

#include "domain/status.h"

namespace zapas {
namespace {

// ---- Parse: accepted ----

struct GoodCase {
  const char* text;
  int64_t milli;
  const char* shortest;
};

class QuantityParseGoodTest : public testing::TestWithParam<GoodCase> {};

TEST_P(QuantityParseGoodTest, ParsesToThousandths) {
  const GoodCase& c = GetParam();
  Result<Quantity> q = Quantity::Parse(c.text);
  ASSERT_TRUE(q.ok()) << c.text << ": " << q.status().message();
  EXPECT_EQ(q->milli(), c.milli) << c.text;
  EXPECT_EQ(q->ToString(), c.shortest) << c.text;
}

INSTANTIATE_TEST_SUITE_P(
    Table, QuantityParseGoodTest,
    testing::Values(GoodCase{"12", 12000, "12"}, GoodCase{"2.5", 2500, "2.5"},
                    GoodCase{"0.125", 125, "0.125"}, GoodCase{"-3", -3000, "-3"},
                    GoodCase{"-0.5", -500, "-0.5"}, GoodCase{"0", 0, "0"},
                    GoodCase{"12.000", 12000, "12"}, GoodCase{"2.50", 2500, "2.5"},
                    GoodCase{"100", 100000, "100"}, GoodCase{"10.01", 10010, "10.01"},
                    GoodCase{"0.001", 1, "0.001"},
                    GoodCase{"9223372036854775.807", std::numeric_limits<int64_t>::max(),
                             "9223372036854775.807"}));

// ---- Parse: refused ----

class QuantityParseBadTest : public testing::TestWithParam<const char*> {};

TEST_P(QuantityParseBadTest, IsInvalid) {
  Result<Quantity> q = Quantity::Parse(GetParam());
  ASSERT_FALSE(q.ok()) << "\"" << GetParam() << "\" was accepted";
  EXPECT_EQ(q.status().code(), StatusCode::kInvalid) << GetParam();
}

INSTANTIATE_TEST_SUITE_P(Table, QuantityParseBadTest,
                         testing::Values("1,5", "1e3", "1.2345", "", "12.", ".5", "+1", " 1", "1 ",
                                         "-", "abc", "0x10",
                                         "9223372036854775.808",   // one past int64 max
                                         "9223372036854776",       // overflow when scaled
                                         "-9223372036854775.808",  // INT64_MIN is refused too
                                         "99999999999999999999999"));

// ---- ToString ----

TEST(QuantityToStringTest, ShortestForm) {
  struct Case {
    int64_t milli;
    const char* text;
  };
  const Case cases[] = {{2500, "2.5"},   {12000, "12"}, {125, "0.125"}, {0, "0"},
                        {-2500, "-2.5"}, {1, "0.001"},  {10, "0.01"},   {100000, "100"},
                        {10100, "10.1"}, {-1, "-0.001"}};
  for (const Case& c : cases) {
    EXPECT_EQ(Quantity::FromMilli(c.milli).ToString(), c.text) << c.milli;
  }
}

// ---- Arithmetic and predicates ----

TEST(QuantityArithmeticTest, Add) {
  Result<Quantity> sum = Quantity::FromMilli(2500).Add(Quantity::FromMilli(-500));
  ASSERT_TRUE(sum.ok());
  EXPECT_EQ(sum->milli(), 2000);
}

TEST(QuantityArithmeticTest, AddOverflowIsOutOfRange) {
  const int64_t kMax = std::numeric_limits<int64_t>::max();
  const int64_t kMin = std::numeric_limits<int64_t>::min();

  Result<Quantity> over = Quantity::FromMilli(kMax).Add(Quantity::FromMilli(1));
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.status().code(), StatusCode::kOutOfRange);

  Result<Quantity> under = Quantity::FromMilli(kMin).Add(Quantity::FromMilli(-1));
  ASSERT_FALSE(under.ok());
  EXPECT_EQ(under.status().code(), StatusCode::kOutOfRange);

  Result<Quantity> edge = Quantity::FromMilli(kMax - 5).Add(Quantity::FromMilli(5));
  ASSERT_TRUE(edge.ok());
  EXPECT_EQ(edge->milli(), kMax);
}

TEST(QuantityArithmeticTest, SignPredicatesAndNegation) {
  Quantity pos = Quantity::FromMilli(1);
  Quantity neg = Quantity::FromMilli(-1);
  Quantity zero = Quantity::Zero();
  EXPECT_TRUE(pos.is_positive());
  EXPECT_FALSE(pos.is_negative());
  EXPECT_TRUE(neg.is_negative());
  EXPECT_FALSE(neg.is_positive());
  EXPECT_TRUE(zero.is_zero());
  EXPECT_FALSE(zero.is_positive());
  EXPECT_FALSE(zero.is_negative());
  EXPECT_EQ(pos.Negated(), neg);
  EXPECT_EQ(Quantity::FromMilli(2500).Negated().milli(), -2500);
}

TEST(QuantityArithmeticTest, Ordering) {
  EXPECT_LT(Quantity::FromMilli(-1), Quantity::Zero());
  EXPECT_LT(Quantity::FromMilli(2500), Quantity::FromMilli(12000));
  EXPECT_EQ(Quantity::FromMilli(12000), *Quantity::Parse("12"));
}

}  // namespace
}  // namespace zapas
