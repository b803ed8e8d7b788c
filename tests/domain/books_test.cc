// The booking rules of the cash book and of goods.
#include "domain/books.h"

#include <gtest/gtest.h>

#include "domain/goods_books.h"

namespace zapas {
namespace {

Money M(const char* amount, const char* currency) { return *Money::Parse(amount, currency); }
Rate R(const char* currency, const char* rate, const char* date = "2026-11-02") {
  return Rate{*Date::Parse(date), FindCurrency(currency), *ParseRate(rate)};
}
Rate Uah() { return Rate{*Date::Parse("2026-11-02"), FindCurrency("UAH"), 10000000000}; }

Account A(int32_t id, const char* code, const char* currency,
          AccountKind kind = AccountKind::kBank) {
  return Account{id, code, code, FindCurrency(currency), kind};
}

std::string Line(const MoneyPosting& p) {
  return p.ledger_account + " " + p.amount.AmountString() + " " +
         std::string(p.amount.currency_code()) + " = " + p.uah.AmountString();
}

std::vector<std::string> Lines(const std::vector<MoneyPosting>& postings) {
  std::vector<std::string> out;
  for (const auto& p : postings) out.push_back(Line(p));
  return out;
}

const Donor kDonor{7, "DE-HILFE", "Hilfe", "DE", FindCurrency("EUR")};

TEST(Books, DonationIsBookedAtTheRateAndBalances) {
  auto p = BookDonation(A(1, "BK-EUR", "EUR"), kDonor, M("1000.00", "EUR"), R("EUR", "47.5676"));
  ASSERT_TRUE(p.ok()) << p.status().message();
  EXPECT_EQ(Lines(*p),
            (std::vector<std::string>{"assets:bank:bk-eur 1000.00 EUR = 47567.60",
                                      "income:donations:de-hilfe -1000.00 EUR = -47567.60"}));
  EXPECT_EQ((*p)[0].account_id, 1);
  EXPECT_EQ((*p)[0].donor_id, 7);
  EXPECT_TRUE(CheckBalanced(*p).ok());
}

TEST(Books, HalfAKopiykaRoundsAwayFromZeroOnBothSides) {
  // 0.01 EUR at 40.5 = 0.405 UAH -> 0.41, and the credit side mirrors it exactly.
  auto p = BookPayment(A(1, "BK-EUR", "EUR"), M("0.01", "EUR"), nullptr, R("EUR", "40.5"));
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(Lines(*p), (std::vector<std::string>{"expenses:payments:general 0.01 EUR = 0.41",
                                                 "assets:bank:bk-eur -0.01 EUR = -0.41"}));
}

TEST(Books, ExchangeWithALossAndWithAGain) {
  const Account eur = A(1, "BK-EUR", "EUR"), uah = A(2, "BK-UAH", "UAH");
  // 500 EUR at 42 = 21000 UAH at the NBU rate, but the bank gave 20500: a loss of 500.
  auto loss =
      BookExchange(eur, uah, M("500.00", "EUR"), R("EUR", "42"), M("20500.00", "UAH"), Uah());
  ASSERT_TRUE(loss.ok());
  EXPECT_EQ(Lines(*loss), (std::vector<std::string>{"assets:bank:bk-eur -500.00 EUR = -21000.00",
                                                    "assets:bank:bk-uah 20500.00 UAH = 20500.00",
                                                    "expenses:exchange-loss 500.00 UAH = 500.00"}));
  EXPECT_TRUE(CheckBalanced(*loss).ok());
  // The bank gave more than the NBU rate: a gain.
  auto gain =
      BookExchange(eur, uah, M("100.00", "EUR"), R("EUR", "42"), M("4250.00", "UAH"), Uah());
  ASSERT_TRUE(gain.ok());
  EXPECT_EQ(Lines(*gain), (std::vector<std::string>{"assets:bank:bk-eur -100.00 EUR = -4200.00",
                                                    "assets:bank:bk-uah 4250.00 UAH = 4250.00",
                                                    "income:exchange-gain -50.00 UAH = -50.00"}));
  // At exactly the NBU rate there is no third line.
  auto even =
      BookExchange(eur, uah, M("100.00", "EUR"), R("EUR", "42"), M("4200.00", "UAH"), Uah());
  ASSERT_TRUE(even.ok());
  EXPECT_EQ(even->size(), 2u);
}

TEST(Books, RefusalsNameTheirField) {
  const Account eur = A(1, "BK-EUR", "EUR"), eur2 = A(3, "CASH-EUR", "EUR", AccountKind::kCash),
                uah = A(2, "BK-UAH", "UAH");
  struct Case {
    Result<std::vector<MoneyPosting>> result;
    const char* field;
  };
  Case cases[] = {
      {BookDonation(eur, kDonor, M("10.00", "UAH"), Uah()), "amount.currency"},
      {BookDonation(eur, kDonor, M("0.00", "EUR"), R("EUR", "42")), "amount.amount"},
      {BookPayment(eur, M("-1.00", "EUR"), nullptr, R("EUR", "42")), "amount.amount"},
      {BookTransfer(eur, eur, M("1.00", "EUR"), R("EUR", "42")), "account_to"},
      {BookTransfer(eur, uah, M("1.00", "EUR"), R("EUR", "42")), "account_to"},
      {BookExchange(eur, eur2, M("1.00", "EUR"), R("EUR", "42"), M("1.00", "EUR"), R("EUR", "42")),
       "account_to"},
      {BookExchange(eur, uah, M("1.00", "EUR"), R("EUR", "42"), M("1.00", "EUR"), R("EUR", "42")),
       "bought.currency"},
  };
  for (const Case& c : cases) {
    ASSERT_FALSE(c.result.ok()) << c.field;
    EXPECT_EQ(c.result.status().code(), StatusCode::kInvalid) << c.field;
    ASSERT_FALSE(c.result.status().errors().empty()) << c.field;
    EXPECT_EQ(c.result.status().errors()[0].field, c.field);
  }
}

TEST(Books, ClosedPeriodRule) {
  const auto through = std::optional<Date>(*Date::Parse("2026-10-31"));
  EXPECT_EQ(CheckPeriodOpen(through, *Date::Parse("2026-10-31")).code(), StatusCode::kConflict);
  EXPECT_EQ(CheckPeriodOpen(through, *Date::Parse("2026-01-01")).code(), StatusCode::kConflict);
  EXPECT_TRUE(CheckPeriodOpen(through, *Date::Parse("2026-11-01")).ok());
  EXPECT_TRUE(CheckPeriodOpen(std::nullopt, *Date::Parse("2020-01-01")).ok());
}

TEST(GoodsBooks, ALotDeliveredInThirdsLeavesExactlyZero) {
  Catalog catalog;
  catalog.AddDonor(Donor{1, "DE-HILFE", "Hilfe", "DE", FindCurrency("EUR")});
  Item item;
  item.id = 1;
  item.sku = "KIT";
  catalog.AddItem(item);
  Lot lot;
  lot.id = 1;
  lot.item_id = 1;
  lot.batch = "L";
  lot.unit_value_minor = 33;  // 0.33 EUR
  lot.currency = FindCurrency("EUR");
  lot.donor_id = 1;
  catalog.AddLot(lot);
  RateTable rates;
  rates.Add(R("EUR", "41.2347", "2026-11-01"));
  GoodsValuation valuation(catalog, rates);
  const Date d1 = *Date::Parse("2026-11-01");
  GoodsEvent receipt{d1, kInKindMarker, "", {Posting{1, 1, d1, 3000}}};
  auto in = valuation.Book(receipt);
  ASSERT_TRUE(in.ok()) << in.status().message();
  EXPECT_EQ(Lines(*in), (std::vector<std::string>{"assets:goods:de-hilfe 0.99 EUR = 40.82",
                                                  "income:in-kind:de-hilfe -0.99 EUR = -40.82"}));
  int64_t eur = 0, uah = 0;
  for (int i = 0; i < 3; ++i) {
    GoodsEvent delivery{d1.AddDays(i + 1),
                        kStockCountMarker,
                        "expenses:distributed:hospital",
                        {Posting{1, 1, d1.AddDays(i + 1), -1000}}};
    auto out = valuation.Book(delivery);
    ASSERT_TRUE(out.ok());
    ASSERT_EQ(out->size(), 2u);
    EXPECT_EQ((*out)[0].ledger_account, "expenses:distributed:hospital");
    eur += (*out)[0].amount.minor_units();
    uah += (*out)[0].uah.minor_units();
  }
  EXPECT_EQ(eur, 99);
  EXPECT_EQ(uah, 4082);  // the receipt's UAH, to the kopiyka
  // A transfer between warehouses moves no value.
  GoodsEvent transfer{d1, "", "", {Posting{1, 1, d1, -500}, Posting{2, 1, d1, 500}}};
  EXPECT_TRUE(valuation.Book(transfer)->empty());
}

TEST(GoodsBooks, AMissingRateIsAnError) {
  Catalog catalog;
  catalog.AddDonor(Donor{1, "DE-HILFE", "Hilfe", "DE", FindCurrency("EUR")});
  Lot lot;
  lot.id = 1;
  lot.item_id = 1;
  lot.batch = "L";
  lot.unit_value_minor = 100;
  lot.currency = FindCurrency("EUR");
  lot.donor_id = 1;
  catalog.AddLot(lot);
  RateTable rates;
  GoodsValuation valuation(catalog, rates);
  const Date d = *Date::Parse("2026-11-01");
  auto r = valuation.Book(GoodsEvent{d, kInKindMarker, "", {Posting{1, 1, d, 1000}}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kNotFound);
}

// A catalog of one donor (EUR) and one item with the lots given.
void OneDonorCatalog(Catalog& catalog, const std::vector<Lot>& lots) {
  catalog.AddDonor(Donor{1, "DE-HILFE", "Hilfe", "DE", FindCurrency("EUR")});
  Item item;
  item.id = 1;
  item.sku = "KIT";
  catalog.AddItem(item);
  for (const Lot& lot : lots) catalog.AddLot(lot);
}

Lot EurLot(int32_t id, int64_t unit_minor) {
  Lot lot;
  lot.id = id;
  lot.item_id = 1;
  lot.batch = "L" + std::to_string(id);
  lot.unit_value_minor = unit_minor;
  lot.currency = FindCurrency("EUR");
  lot.donor_id = 1;
  return lot;
}

// A lot booked when it was received keeps that rate, whatever rate of an
// earlier day is imported afterwards.
TEST(GoodsBooks, ALotIsValuedAtTheRateItWasBookedAt) {
  Lot lot = EurLot(1, 1000);  // 10.00 EUR
  lot.booked_rate = *ParseRate("40");
  lot.booked_rate_date = *Date::Parse("2026-10-30");
  Catalog catalog;
  OneDonorCatalog(catalog, {lot});
  RateTable rates;
  rates.Add(R("EUR", "40", "2026-10-30"));
  rates.Add(R("EUR", "50", "2026-10-31"));  // a Saturday's rate imported later
  GoodsValuation valuation(catalog, rates);
  const Date d = *Date::Parse("2026-10-31");
  auto in = valuation.Book(GoodsEvent{d, kInKindMarker, "", {Posting{1, 1, d, 2000}}});
  ASSERT_TRUE(in.ok()) << in.status().message();
  EXPECT_EQ(Lines(*in), (std::vector<std::string>{"assets:goods:de-hilfe 20.00 EUR = 800.00",
                                                  "income:in-kind:de-hilfe -20.00 EUR = -800.00"}));
}

// A lot of an older journal beyond today's limits: its UAH value does not fit
// an amount, so its entry books nothing (kOutOfRange), and the lots of other
// entries go on as if it were not there.
TEST(GoodsBooks, AValueTooLargeToBookChangesNothing) {
  Catalog catalog;
  OneDonorCatalog(catalog, {EurLot(1, 482'000'000'000'000),  // 4,820,000,000,000.00 EUR
                            EurLot(2, 1000)});
  RateTable rates;
  rates.Add(R("EUR", "47.776", "2026-11-01"));
  GoodsValuation valuation(catalog, rates);
  const Date d = *Date::Parse("2026-11-02");
  auto big = valuation.Book(
      GoodsEvent{d, kInKindMarker, "", {Posting{1, 1, d, 1'000'000}, Posting{1, 2, d, 1000}}});
  ASSERT_FALSE(big.ok());
  EXPECT_EQ(big.status().code(), StatusCode::kOutOfRange);
  // Lot 2 was not counted as received by the failed entry.
  auto small = valuation.Book(GoodsEvent{d, kInKindMarker, "", {Posting{1, 2, d, 1000}}});
  ASSERT_TRUE(small.ok()) << small.status().message();
  EXPECT_EQ(Lines(*small),
            (std::vector<std::string>{"assets:goods:de-hilfe 10.00 EUR = 477.76",
                                      "income:in-kind:de-hilfe -10.00 EUR = -477.76"}));
  // One unit of the huge lot is within int64 in UAH: it books.
  auto one =
      valuation.Book(GoodsEvent{d, "", "expenses:distributed:hospital", {Posting{1, 1, d, -1}}});
  ASSERT_TRUE(one.ok()) << one.status().message();
}

}  // namespace
}  // namespace zapas
