// Tests of domain/donor_report.h: the donor's report as figures — money
// received and spent by purpose, goods by category, deliveries by recipient
// kind and region with the households, people and organisations reached, the
// chart's buckets, and the entries left out — from a small book whose every
// figure is worked out by hand in the comments.
#include "domain/donor_report.h"

#include <gtest/gtest.h>

#include <map>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include "domain/goods_books.h"
#include "tests/domain/values.h"

namespace zapas {
namespace {

using test_values::Cur;
using test_values::D;
using test_values::M;
using test_values::Text;

constexpr int32_t kHilfe = 1, kAid = 2, kBkEur = 1;
constexpr int32_t kMedical = 1, kFood = 2;
constexpr int32_t kTourniquets = 1, kFlour = 2, kAidFlour = 3;  // lots

// The donor reported on (EUR), another donor (USD), two items, three lots, a
// unit and three IDP households.
struct Book {
  Book() {
    catalog.AddDonor(Donor{kHilfe, "DE-HILFE", "Hilfe", "DE", &Cur("EUR")});
    catalog.AddDonor(Donor{kAid, "US-AID", "Aid", "US", &Cur("USD")});
    AddItem(kMedical, "TQ", "medical");
    AddItem(kFood, "FLOUR", "food");
    AddLot(kTourniquets, kMedical, 1000, "EUR", kHilfe);  // 10.00 EUR
    AddLot(kFlour, kFood, 200, "EUR", kHilfe);            // 2.00 EUR
    AddLot(kAidFlour, kFood, 500, "USD", kAid);           // 5.00 USD
    AddRecipient(1, "HH-1", RecipientKind::kIdpHousehold, "Київська область");
    AddRecipient(2, "HH-2", RecipientKind::kIdpHousehold, "Київська область");
    AddRecipient(3, "HH-3", RecipientKind::kIdpHousehold, "Київська область");
    AddRecipient(4, "UNIT-1", RecipientKind::kMilitaryUnit, "Харківська область");
    rates.Add(Rate{D("2026-01-05"), &Cur("EUR"), 400000000000});  // 40
    rates.Add(Rate{D("2026-01-05"), &Cur("USD"), 360000000000});  // 36
  }
  void AddItem(int32_t id, const char* sku, const char* category) {
    Item item;
    item.id = id;
    item.sku = sku;
    item.category = category;
    catalog.AddItem(item);
  }
  void AddLot(int32_t id, int32_t item, int64_t unit_minor, const char* currency, int32_t donor) {
    Lot lot;
    lot.id = id;
    lot.item_id = item;
    lot.batch = "L" + std::to_string(id);
    lot.unit_value_minor = unit_minor;
    lot.currency = &Cur(currency);
    lot.donor_id = donor;
    catalog.AddLot(lot);
  }
  void AddRecipient(int32_t id, const char* code, RecipientKind kind, const char* region) {
    catalog.AddRecipient(Recipient{id, code, kind, code, region, ""});
  }

  // One stock entry, valued as the books value it, fed to `report`.
  void Goods(DonorReport& report, int64_t id, const char* kind, const char* date,
             std::vector<std::pair<int32_t, int64_t>> moves, const char* recipient = nullptr,
             int64_t refers_to = 0) {
    GoodsEvent event;
    event.date = D(date);
    for (const auto& [lot, units] : moves)
      event.postings.push_back({1, lot, D(date), units * 1000});
    const Recipient* to = recipient ? catalog.RecipientByCode(recipient) : nullptr;
    if (std::string(kind) == "receipt") event.in_counter = kInKindMarker;
    if (to != nullptr)
      event.out_counter = "expenses:distributed:" + std::string(RecipientKindName(to->kind));
    if (std::string(kind) == "adjustment") event.out_counter = "expenses:written-off:expired";
    if (refers_to != 0) event.in_counter = counters.at(refers_to);
    counters[id] = event.out_counter;
    auto postings = valuation.Book(event);
    ASSERT_TRUE(postings.ok()) << postings.status().message();
    stock[id] = event.postings;
    report.AddGoods(
        {EntryRef{id, "N-" + std::to_string(id), kind, D(date)}, refers_to, to, &stock[id]},
        *postings);
  }

  Catalog catalog;
  RateTable rates;
  GoodsValuation valuation{catalog, rates};
  std::map<int64_t, std::string> counters;
  std::map<int64_t, std::vector<Posting>> stock;
};

MoneyPosting P(const char* ledger, int32_t account, const char* amount, const char* uah) {
  return MoneyPosting{ledger, account, kHilfe, M(amount, "EUR"), M(uah, "UAH")};
}

Result<DonorReport> Start(const Book& book, const char* from = "2026-02-01",
                          const char* to = "2026-03-31") {
  Donor in_report = *book.catalog.DonorByCode("DE-HILFE");
  return DonorReport::Start({D(from), D(to), &Cur("EUR")}, book.rates, book.catalog, in_report,
                            "(none)");
}

const std::vector<Account> kAccounts = {
    Account{kBkEur, "BK-EUR", "account BK-EUR", &Cur("EUR"), AccountKind::kBank}};

TEST(DonorReport, FiguresOfASmallBook) {
  Book book;
  auto started = Start(book);
  ASSERT_TRUE(started.ok()) << started.status().message();
  DonorReport& report = *started;

  // Money: 1000 EUR given, 100 spent on fuel, 50 without a purpose; the
  // purpose is asked only of the payments.
  std::vector<int64_t> asked;
  const auto purpose_of = [&](int64_t id) -> Result<std::string> {
    asked.push_back(id);
    return std::string(id == 11 ? "fuel" : "");
  };
  ASSERT_TRUE(report
                  .AddMoney({10, "CD-10", "cash_donation", D("2026-02-02")},
                            {P("assets:bank:bk-eur", kBkEur, "1000.00", "40000.00"),
                             P("income:donations:de-hilfe", 0, "-1000.00", "-40000.00")},
                            purpose_of)
                  .ok());
  for (auto [id, date, amount, minus, uah, minus_uah] :
       {std::tuple{11, "2026-02-10", "100.00", "-100.00", "4000.00", "-4000.00"},
        std::tuple{12, "2026-03-01", "50.00", "-50.00", "2000.00", "-2000.00"}}) {
    ASSERT_TRUE(report
                    .AddMoney({id, "CP-" + std::to_string(id), "cash_payment", D(date)},
                              {P("expenses:payments:de-hilfe", 0, amount, uah),
                               P("assets:bank:bk-eur", kBkEur, minus, minus_uah)},
                              purpose_of)
                    .ok());
  }
  EXPECT_EQ(asked, (std::vector<int64_t>{11, 12}));

  // Goods: 10 tourniquets (100 EUR) and 100 kg of flour (200 EUR) received,
  // beside 10 of the other donor's flour.
  book.Goods(report, 1, "receipt", "2026-02-01",
             {{kTourniquets, 10}, {kFlour, 100}, {kAidFlour, 10}});
  // February: HH-1 gets 2 tourniquets and 10 flour (40 EUR) and the other's flour.
  book.Goods(report, 2, "delivery", "2026-02-05",
             {{kTourniquets, -2}, {kFlour, -10}, {kAidFlour, -1}}, "HH-1");
  // March: the unit 3 tourniquets (30), HH-2 5 flour (10) undone the next
  // day, HH-3 a tourniquet (10); 1 flour written off (2).
  book.Goods(report, 3, "delivery", "2026-03-10", {{kTourniquets, -3}}, "UNIT-1");
  book.Goods(report, 4, "delivery", "2026-03-12", {{kFlour, -5}}, "HH-2");
  book.Goods(report, 5, "reversal", "2026-03-13", {{kFlour, 5}}, nullptr, 4);
  book.Goods(report, 6, "delivery", "2026-03-14", {{kTourniquets, -1}}, "HH-3");
  book.Goods(report, 7, "adjustment", "2026-03-20", {{kFlour, -1}});
  // An entry whose value cannot be computed is listed when it moves the
  // donor's lots, not when it moves only another donor's.
  report.ExcludeGoods({8, "N-8", "delivery", D("2026-03-21")},
                      {{1, kFlour, D("2026-03-21"), -1000}}, "amount is too large to convert");
  report.ExcludeGoods({9, "N-9", "delivery", D("2026-03-21")},
                      {{1, kAidFlour, D("2026-03-21"), -1000}}, "amount is too large to convert");

  auto figures = report.Finish(kAccounts, {{"HH-1", 4}, {"HH-2", 3}});
  ASSERT_TRUE(figures.ok()) << figures.status().message();
  const DonorReconciliation& t = figures->totals;
  EXPECT_EQ(Text(t.received), "1000.00 EUR");
  EXPECT_EQ(Text(t.spent), "150.00 EUR");
  EXPECT_EQ(Text(t.remaining), "850.00 EUR");
  EXPECT_EQ(Text(t.goods_received), "300.00 EUR");
  EXPECT_EQ(Text(t.goods_distributed), "80.00 EUR");
  EXPECT_EQ(Text(t.goods_written_off), "2.00 EUR");
  EXPECT_EQ(Text(t.goods_in_stock), "218.00 EUR");

  ASSERT_EQ(figures->purposes.size(), 2u);
  EXPECT_EQ(figures->purposes[0].purpose, "fuel");
  EXPECT_EQ(figures->purposes[0].payments, 1);
  EXPECT_EQ(Text(figures->purposes[0].spent), "100.00 EUR");
  EXPECT_EQ(figures->purposes[1].purpose, "(none)");
  EXPECT_EQ(Text(figures->purposes[1].spent), "50.00 EUR");

  // Most received first: food (200), then medical (100).
  ASSERT_EQ(figures->categories.size(), 2u);
  EXPECT_EQ(figures->categories[0].category, "food");
  EXPECT_EQ(Text(figures->categories[0].delivered), "20.00 EUR");
  EXPECT_EQ(Text(figures->categories[0].written_off), "2.00 EUR");
  EXPECT_EQ(Text(figures->categories[0].in_stock), "178.00 EUR");
  EXPECT_EQ(figures->categories[1].category, "medical");
  EXPECT_EQ(Text(figures->categories[1].delivered), "60.00 EUR");
  EXPECT_EQ(Text(figures->categories[1].in_stock), "40.00 EUR");

  // HH-2's delivery was undone: it reached nobody.
  ASSERT_EQ(figures->deliveries.size(), 2u);
  EXPECT_EQ(figures->deliveries[0].kind, "idp_household");
  EXPECT_EQ(figures->deliveries[0].region, "Київська область");
  EXPECT_EQ(figures->deliveries[0].recipients, 2);
  EXPECT_EQ(figures->deliveries[0].deliveries, 2);
  EXPECT_EQ(Text(figures->deliveries[0].value), "50.00 EUR");
  EXPECT_EQ(figures->deliveries[1].kind, "military_unit");
  EXPECT_EQ(figures->deliveries[1].region, "Харківська область");
  EXPECT_EQ(figures->deliveries[1].recipients, 1);
  EXPECT_EQ(Text(figures->deliveries[1].value), "30.00 EUR");
  EXPECT_EQ(figures->households, 2);
  EXPECT_EQ(figures->people, 4);
  EXPECT_EQ(figures->households_without_size, 1);
  EXPECT_EQ(figures->organisations, 1);

  EXPECT_EQ(figures->buckets.count, 2);
  ASSERT_EQ(figures->delivered_per_bucket.size(), 2u);
  EXPECT_EQ(Text(figures->delivered_per_bucket[0]), "40.00 EUR");
  EXPECT_EQ(Text(figures->delivered_per_bucket[1]), "40.00 EUR");

  ASSERT_EQ(figures->excluded.size(), 1u);
  EXPECT_EQ(figures->excluded[0].entry.id, 8);
}

TEST(DonorReport, NothingRecordedIsEveryFigureZeroInTheReportCurrency) {
  Book book;
  auto report = Start(book);
  ASSERT_TRUE(report.ok());
  auto figures = report->Finish(kAccounts, {});
  ASSERT_TRUE(figures.ok());
  EXPECT_EQ(Text(figures->totals.received), "0.00 EUR");
  EXPECT_EQ(Text(figures->totals.goods_in_stock), "0.00 EUR");
  EXPECT_TRUE(figures->purposes.empty());
  EXPECT_TRUE(figures->deliveries.empty());
  EXPECT_EQ(figures->households + figures->organisations, 0);
  EXPECT_EQ(Text(figures->delivered_per_bucket.at(1)), "0.00 EUR");
}

TEST(DonorReport, AReportCurrencyWithoutARateIsAFieldError) {
  Book book;
  Donor in_report = *book.catalog.DonorByCode("DE-HILFE");
  in_report.currency = &Cur("PLN");
  auto report = DonorReport::Start({D("2026-02-01"), D("2026-03-31"), &Cur("PLN")}, book.rates,
                                   book.catalog, in_report, "");
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().code(), StatusCode::kInvalid);
}

TEST(ChartBuckets, MonthsThenQuartersThenYearsSoThatThereAreAtMost24) {
  const ChartBuckets months = ChartBuckets::For(D("2025-01-15"), D("2026-12-01"));
  EXPECT_EQ(months.months_per_bucket, 1);
  EXPECT_EQ(months.count, 24);
  EXPECT_EQ(months.IndexOf(D("2026-12-31")), 23);
  EXPECT_EQ(months.YearOf(23), 2026);
  EXPECT_EQ(months.MonthOf(23), 12);

  const ChartBuckets quarters = ChartBuckets::For(D("2025-01-01"), D("2027-01-31"));
  EXPECT_EQ(quarters.months_per_bucket, 3);
  EXPECT_EQ(quarters.count, 9);  // 2025 Q1 .. 2027 Q1
  EXPECT_EQ(quarters.IndexOf(D("2025-03-31")), 0);
  EXPECT_EQ(quarters.IndexOf(D("2025-04-01")), 1);
  EXPECT_EQ(quarters.MonthOf(1), 4);

  const ChartBuckets years = ChartBuckets::For(D("2020-06-01"), D("2026-12-31"));
  EXPECT_EQ(years.months_per_bucket, 12);  // 27 quarters: years
  EXPECT_EQ(years.count, 7);
  const ChartBuckets long_years = ChartBuckets::For(D("2000-06-01"), D("2026-12-31"));
  EXPECT_EQ(long_years.months_per_bucket, 12);
  EXPECT_EQ(long_years.count, 27);
  EXPECT_EQ(long_years.YearOf(0), 2000);
}

}  // namespace
}  // namespace zapas
