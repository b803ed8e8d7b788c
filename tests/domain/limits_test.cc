// The limits of what Zapas accepts (domain/limits.h), at their edges.
#include "domain/limits.h"

#include <gtest/gtest.h>

#include "domain/rates.h"

namespace zapas {
namespace {

Money M(const char* amount, const char* currency) {
  auto m = Money::Parse(amount, currency);
  EXPECT_TRUE(m.ok()) << amount;
  return *m;
}

Quantity Q(const char* text) {
  auto q = Quantity::Parse(text);
  EXPECT_TRUE(q.ok()) << text;
  return *q;
}

TEST(LimitsTest, AQuantityOnOneLine) {
  EXPECT_TRUE(CheckLineQuantity(Q("1000000000"), "q").ok());
  EXPECT_TRUE(CheckLineQuantity(Q("-1000000000"), "q").ok());
  for (const char* over : {"1000000000.001", "-1000000000.001", "9223372036854775.807"}) {
    Status s = CheckLineQuantity(Q(over), "lines[0].quantity");
    EXPECT_EQ(s.code(), StatusCode::kInvalid) << over;
    ASSERT_EQ(s.errors().size(), 1u);
    EXPECT_EQ(s.errors()[0].field, "lines[0].quantity");
    EXPECT_EQ(s.errors()[0].message, "must be at most 1000000000 on one line");
  }
}

TEST(LimitsTest, OneAmountInTheCurrencysOwnDigits) {
  EXPECT_TRUE(CheckAmountLimit(M("1000000000.00", "EUR"), "amount").ok());
  EXPECT_TRUE(CheckAmountLimit(M("-1000000000.00", "UAH"), "amount").ok());
  EXPECT_TRUE(CheckAmountLimit(M("1000000000", "JPY"), "amount").ok());
  for (auto [amount, currency] : {std::pair{"1000000000.01", "EUR"},
                                  {"4820000000000.00", "EUR"},
                                  {"92233720368547758.07", "UAH"},
                                  {"1000000001", "JPY"},
                                  {"-1000000000.01", "USD"}}) {
    Status s = CheckAmountLimit(M(amount, currency), "amount.amount");
    EXPECT_EQ(s.code(), StatusCode::kInvalid) << amount;
    ASSERT_EQ(s.errors().size(), 1u);
    EXPECT_EQ(s.errors()[0].field, "amount.amount");
  }
  EXPECT_EQ(CheckAmountLimit(M("1000000000.01", "EUR"), "x").errors()[0].message,
            "must be at most 1000000000.00 EUR");
  EXPECT_EQ(CheckAmountLimit(M("1000000001", "JPY"), "x").errors()[0].message,
            "must be at most 1000000000 JPY");
}

TEST(LimitsTest, ADocumentsTotalPerCurrency) {
  const Currency& eur = *FindCurrency("EUR");
  EXPECT_TRUE(CheckDocumentTotal(MoneySum::FromMinor(1'000'000'000'000, eur), "lines").ok());
  Status s = CheckDocumentTotal(MoneySum::FromMinor(1'000'000'000'001, eur), "lines");
  EXPECT_EQ(s.code(), StatusCode::kInvalid);
  EXPECT_EQ(s.errors()[0].field, "lines");
  EXPECT_NE(s.message().find("10000000000.00 EUR per document"), std::string::npos) << s.message();
}

TEST(LimitsTest, ARate) {
  EXPECT_TRUE(CheckRateLimit(kMinRate).ok());
  EXPECT_TRUE(CheckRateLimit(kMaxRate).ok());
  EXPECT_EQ(CheckRateLimit(kMinRate - 1).code(), StatusCode::kInvalid);
  EXPECT_EQ(CheckRateLimit(kMaxRate + 1).code(), StatusCode::kInvalid);
  // The NBU's own figures pass: the yen at 0.28, sterling at 52.
  EXPECT_TRUE(CheckRateLimit(*ParseRate("0.28499")).ok());
  EXPECT_TRUE(CheckRateLimit(*ParseRate("52.1234")).ok());
}

// Every product of two values at the limits fits in 128 bits, and a line's
// value at the limit fits an amount: the arithmetic the limits promise.
TEST(LimitsTest, ProductsAtTheLimitsFit) {
  const __int128 qty_milli = static_cast<__int128>(kMaxLineQuantityUnits) * Quantity::kScale;
  const __int128 unit_minor = static_cast<__int128>(kMaxAmountUnits) * 1000;  // 3 digits at most
  const __int128 product = qty_milli * unit_minor;
  EXPECT_GT(product, 0);
  // A document's total at the highest rate, in kopiyky, fits a stored amount.
  const __int128 uah = static_cast<__int128>(kMaxDocumentUnits) * (kMaxRate / 10'000'000'000) * 100;
  EXPECT_LT(uah, static_cast<__int128>(INT64_MAX));
  EXPECT_LT(static_cast<__int128>(kMaxLotStockMilli) * 2, static_cast<__int128>(INT64_MAX));
}

}  // namespace
}  // namespace zapas
