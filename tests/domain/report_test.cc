// Tests of domain/report.h: converting between two currencies through UAH with
// one rounding, the money side of the reconciliation report (accounts, donors,
// booked and revalued amounts, missing rates, the value of goods per donor),
// and the aid not yet distributed.
#include "domain/report.h"
#include "tests/domain/values.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace zapas {
namespace {

using test_values::Cur;
using test_values::D;
using test_values::M;
using test_values::Text;

Rate R(const char* currency, const char* rate, const char* date = "2026-01-01") {
  auto v = ParseRate(rate);
  if (!v.ok()) throw std::runtime_error(v.status().message());
  return Rate{D(date), &Cur(currency), *v};
}

// ---- Convert ----

TEST(Convert, SameCurrencyIsTheAmountItself) {
  EXPECT_EQ(Text(Convert(M("12.34", "EUR"), R("EUR", "45"), R("EUR", "45"))), "12.34 EUR");
  const Rate uah{D("2026-01-01"), &Cur("UAH"), 10000000000};
  EXPECT_EQ(Text(Convert(M("-7.01", "UAH"), uah, uah)), "-7.01 UAH");
}

TEST(Convert, ToAndFromUah) {
  const Rate uah{D("2026-01-01"), &Cur("UAH"), 10000000000};
  EXPECT_EQ(Text(Convert(M("30.00", "USD"), R("USD", "38"), uah)), "1140.00 UAH");
  EXPECT_EQ(Text(Convert(M("15500.00", "UAH"), uah, R("EUR", "45"))), "344.44 EUR");
  EXPECT_EQ(Text(Convert(M("5600.00", "UAH"), uah, R("EUR", "45"))), "124.44 EUR");
}

TEST(Convert, CrossRateWithOneRounding) {
  // 30 USD * 38 / 45 = 25.333... EUR
  EXPECT_EQ(Text(Convert(M("30.00", "USD"), R("USD", "38"), R("EUR", "45"))), "25.33 EUR");
  // One rounding, not two: 3 cents at 1.5 / 2 = 2.25 cents -> 0.02; rounding
  // to kopiyky first would give 4.5 -> 5 kopiyky, then 2.5 -> 0.03.
  EXPECT_EQ(Text(Convert(M("0.03", "USD"), R("USD", "1.5"), R("EUR", "2"))), "0.02 EUR");
  EXPECT_EQ(Text(Convert(M("0.01", "USD"), R("USD", "41.0256"), R("EUR", "47.776"))), "0.01 EUR");
}

TEST(Convert, RoundsHalfAwayFromZero) {
  // 1 cent * 1 / 2 = 0.5 cent -> 1 cent; -0.5 -> -1.
  EXPECT_EQ(Text(Convert(M("0.01", "USD"), R("USD", "1"), R("EUR", "2"))), "0.01 EUR");
  EXPECT_EQ(Text(Convert(M("-0.01", "USD"), R("USD", "1"), R("EUR", "2"))), "-0.01 EUR");
  // 0.49 cent -> 0.
  EXPECT_EQ(Text(Convert(M("0.01", "USD"), R("USD", "0.49"), R("EUR", "1"))), "0.00 EUR");
}

TEST(Convert, MinorDigitsOfBothCurrencies) {
  // JPY has no minor unit: 100 JPY at 0.28 UAH = 28 UAH = 0.70 EUR at 40.
  EXPECT_EQ(Text(Convert(M("100", "JPY"), R("JPY", "0.28"), R("EUR", "40"))), "0.70 EUR");
  // 0.70 EUR at 40 = 28 UAH = 100 JPY at 0.28.
  EXPECT_EQ(Text(Convert(M("0.70", "EUR"), R("EUR", "40"), R("JPY", "0.28"))), "100 JPY");
}

TEST(Convert, WrongRateOrOverflowIsAnError) {
  auto wrong = Convert(M("1.00", "USD"), R("EUR", "45"), R("EUR", "45"));
  EXPECT_FALSE(wrong.ok());
  // 2^61 cents at a huge rate: the 128-bit product must not wrap.
  auto huge = Convert(M("23058430092136939.52", "USD"), R("USD", "147573952.589676413"),
                      R("EUR", "0.0001"));
  EXPECT_FALSE(huge.ok()) << Text(huge);
  auto big = Convert(M("90000000000000000.00", "USD"), R("USD", "40"), R("EUR", "1"));
  EXPECT_FALSE(big.ok()) << Text(big);
}

// ---- MoneyReconciliation ----

constexpr int32_t kBkEur = 1, kCashUah = 2, kBkUsd = 3;
constexpr int32_t kDeHilfe = 1, kUsAid = 2, kNoPostings = 3;

Account A(int32_t id, const char* code, const char* currency, AccountKind kind) {
  return Account{id, code, std::string("account ") + code, &Cur(currency), kind};
}

std::vector<Account> Accounts() {
  return {A(kCashUah, "CASH-UAH", "UAH", AccountKind::kCash),
          A(kBkUsd, "BK-USD", "USD", AccountKind::kBank),
          A(kBkEur, "BK-EUR", "EUR", AccountKind::kBank)};
}

std::vector<Donor> Donors() {
  return {Donor{kDeHilfe, "DE-HILFE", "Hilfe", "DE", &Cur("EUR")},
          Donor{kUsAid, "US-AID", "Aid", "US", &Cur("USD")},
          Donor{kNoPostings, "PL-POMOC", "Pomoc", "PL", &Cur("PLN")}};
}

RateTable Rates() {
  RateTable t;
  t.Add(R("EUR", "40", "2026-01-05"));
  t.Add(R("USD", "36", "2026-01-05"));
  t.Add(R("EUR", "42", "2026-02-02"));
  t.Add(R("USD", "37", "2026-02-02"));
  t.Add(R("EUR", "45", "2026-02-20"));
  t.Add(R("USD", "38", "2026-02-20"));
  return t;
}

MoneyPosting P(const char* ledger, int32_t account, int32_t donor, const char* amount,
               const char* currency, const char* uah) {
  return MoneyPosting{ledger, account, donor, M(amount, currency), M(uah, "UAH")};
}

struct Row {
  const char* kind;
  const char* date;
  MoneyPosting posting;
};

// A small book: January before the period, February in it, March after.
std::vector<Row> Book() {
  return {
      {"cash_donation", "2026-01-10",
       P("assets:bank:bk-eur", kBkEur, kDeHilfe, "1000.00", "EUR", "40000.00")},
      {"cash_donation", "2026-01-10",
       P("income:donations:de-hilfe", 0, kDeHilfe, "-1000.00", "EUR", "-40000.00")},
      {"cash_donation", "2026-01-15",
       P("assets:bank:bk-usd", kBkUsd, kUsAid, "500.00", "USD", "18000.00")},
      {"cash_donation", "2026-01-15",
       P("income:donations:us-aid", 0, kUsAid, "-500.00", "USD", "-18000.00")},
      {"payment", "2026-01-20",
       P("expenses:payments:de-hilfe", 0, kDeHilfe, "100.00", "EUR", "4000.00")},
      {"payment", "2026-01-20",
       P("assets:bank:bk-eur", kBkEur, kDeHilfe, "-100.00", "EUR", "-4000.00")},
      {"cash_donation", "2026-02-03",
       P("assets:bank:bk-eur", kBkEur, kDeHilfe, "2000.00", "EUR", "84000.00")},
      {"cash_donation", "2026-02-03",
       P("income:donations:de-hilfe", 0, kDeHilfe, "-2000.00", "EUR", "-84000.00")},
      // A donation in UAH from the EUR donor: 2100 UAH = 50 EUR at 42.
      {"cash_donation", "2026-02-08",
       P("assets:cash:cash-uah", kCashUah, kDeHilfe, "2100.00", "UAH", "2100.00")},
      {"cash_donation", "2026-02-08",
       P("income:donations:de-hilfe", 0, kDeHilfe, "-2100.00", "UAH", "-2100.00")},
      // USD sold for EUR: 370 USD = 13690 UAH, 330 EUR = 13860 UAH, gain 170.
      {"exchange", "2026-02-10", P("assets:bank:bk-usd", kBkUsd, 0, "-370.00", "USD", "-13690.00")},
      {"exchange", "2026-02-10", P("assets:bank:bk-eur", kBkEur, 0, "330.00", "EUR", "13860.00")},
      {"exchange", "2026-02-10", P("income:exchange-gain", 0, 0, "-170.00", "UAH", "-170.00")},
      // 1200 UAH charged to the EUR donor: 28.571... -> 28.57 EUR at 42.
      {"payment", "2026-02-12",
       P("expenses:payments:de-hilfe", 0, kDeHilfe, "1200.00", "UAH", "1200.00")},
      {"payment", "2026-02-12",
       P("assets:cash:cash-uah", kCashUah, kDeHilfe, "-1200.00", "UAH", "-1200.00")},
      {"bank_fee", "2026-02-14", P("expenses:bank-fees", 0, 0, "10.00", "EUR", "420.00")},
      {"bank_fee", "2026-02-14", P("assets:bank:bk-eur", kBkEur, 0, "-10.00", "EUR", "-420.00")},
      {"payment", "2026-02-21",
       P("expenses:payments:us-aid", 0, kUsAid, "100.00", "USD", "3800.00")},
      {"payment", "2026-02-21",
       P("assets:bank:bk-usd", kBkUsd, kUsAid, "-100.00", "USD", "-3800.00")},
      {"payment", "2026-02-25", P("expenses:payments:general", 0, 0, "300.00", "UAH", "300.00")},
      {"payment", "2026-02-25",
       P("assets:cash:cash-uah", kCashUah, 0, "-300.00", "UAH", "-300.00")},
      // After the period: ignored.
      {"cash_donation", "2026-03-02",
       P("assets:bank:bk-eur", kBkEur, kDeHilfe, "50.00", "EUR", "2250.00")},
      {"cash_donation", "2026-03-02",
       P("income:donations:de-hilfe", 0, kDeHilfe, "-50.00", "EUR", "-2250.00")},
  };
}

Result<MoneyReconciliationResult> Reconcile(const char* from, const char* to, const char* currency,
                                            const RateTable& rates, const std::vector<Row>& rows) {
  ReconciliationPeriod period{D(from), D(to), &Cur(currency)};
  ZAPAS_ASSIGN_OR_RETURN(MoneyReconciliation books,
                         MoneyReconciliation::Start(period, rates, Donors()));
  for (const Row& r : rows) ZAPAS_RETURN_IF_ERROR(books.Add(r.kind, D(r.date), r.posting));
  return books.Finish(Accounts());
}

std::vector<std::string> AccountLines(const MoneyReconciliationResult& r) {
  std::vector<std::string> out;
  for (const auto& a : r.accounts) {
    out.push_back(a.account.code + " opening " + Text(a.opening) + ", in " + Text(a.in) + ", out " +
                  Text(a.out) + ", closing " + Text(a.closing) + ", booked " +
                  Text(a.closing_booked) + ", revalued " + Text(a.closing_revalued) +
                  ", difference " + Text(a.exchange_difference));
  }
  return out;
}

std::vector<std::string> DonorLines(const MoneyReconciliationResult& r) {
  std::vector<std::string> out;
  for (const auto& d : r.donors) {
    out.push_back(d.donor.code + " opening " + Text(d.opening_remaining) + ", received " +
                  Text(d.received) + ", spent " + Text(d.spent) + ", remaining " +
                  Text(d.remaining) + ", booked " + Text(d.received_booked) + " / " +
                  Text(d.spent_booked) + " / " + Text(d.remaining_booked));
  }
  return out;
}

TEST(MoneyReconciliation, InUah) {
  RateTable rates = Rates();
  auto r = Reconcile("2026-02-01", "2026-02-28", "UAH", rates, Book());
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(AccountLines(*r),
            (std::vector<std::string>{
                "BK-EUR opening 900.00 EUR, in 2330.00 EUR, out 10.00 EUR, closing 3220.00 EUR, "
                "booked 133440.00 UAH, revalued 144900.00 UAH, difference 11460.00 UAH",
                "BK-USD opening 500.00 USD, in 0.00 USD, out 470.00 USD, closing 30.00 USD, "
                "booked 510.00 UAH, revalued 1140.00 UAH, difference 630.00 UAH",
                "CASH-UAH opening 0.00 UAH, in 2100.00 UAH, out 1500.00 UAH, closing 600.00 UAH, "
                "booked 600.00 UAH, revalued 600.00 UAH, difference 0.00 UAH",
            }));
  EXPECT_EQ(Text(r->totals.closing_booked), "134550.00 UAH");
  EXPECT_EQ(Text(r->totals.closing_revalued), "146640.00 UAH");
  EXPECT_EQ(Text(r->totals.exchange_difference), "12090.00 UAH");
  EXPECT_EQ(DonorLines(*r),
            (std::vector<std::string>{
                "DE-HILFE opening 900.00 EUR, received 2050.00 EUR, spent 28.57 EUR, remaining "
                "2921.43 EUR, booked 86100.00 UAH / 1200.00 UAH / 120900.00 UAH",
                "US-AID opening 500.00 USD, received 0.00 USD, spent 100.00 USD, remaining "
                "400.00 USD, booked 0.00 UAH / 3800.00 UAH / 14200.00 UAH",
            }));
}

TEST(MoneyReconciliation, InEur) {
  RateTable rates = Rates();
  auto r = Reconcile("2026-02-01", "2026-02-28", "EUR", rates, Book());
  ASSERT_TRUE(r.ok()) << r.status().message();
  // BK-USD booked: 18000/40 = 450.00, -13690/42 = -325.95, -3800/45 = -84.44.
  // CASH-UAH booked: 2100/42 = 50.00, -1200/42 = -28.57, -300/45 = -6.67.
  EXPECT_EQ(AccountLines(*r),
            (std::vector<std::string>{
                "BK-EUR opening 900.00 EUR, in 2330.00 EUR, out 10.00 EUR, closing 3220.00 EUR, "
                "booked 3220.00 EUR, revalued 3220.00 EUR, difference 0.00 EUR",
                "BK-USD opening 500.00 USD, in 0.00 USD, out 470.00 USD, closing 30.00 USD, "
                "booked 39.61 EUR, revalued 25.33 EUR, difference -14.28 EUR",
                "CASH-UAH opening 0.00 UAH, in 2100.00 UAH, out 1500.00 UAH, closing 600.00 UAH, "
                "booked 14.76 EUR, revalued 13.33 EUR, difference -1.43 EUR",
            }));
  EXPECT_EQ(Text(r->totals.closing_booked), "3274.37 EUR");
  EXPECT_EQ(Text(r->totals.closing_revalued), "3258.66 EUR");
  EXPECT_EQ(Text(r->totals.exchange_difference), "-15.71 EUR");
  EXPECT_EQ(DonorLines(*r),
            (std::vector<std::string>{
                "DE-HILFE opening 900.00 EUR, received 2050.00 EUR, spent 28.57 EUR, remaining "
                "2921.43 EUR, booked 2050.00 EUR / 28.57 EUR / 2921.43 EUR",
                "US-AID opening 500.00 USD, received 0.00 USD, spent 100.00 USD, remaining "
                "400.00 USD, booked 0.00 EUR / 84.44 EUR / 365.56 EUR",
            }));
}

TEST(MoneyReconciliation, OrderOfPostingsDoesNotMatter) {
  RateTable rates = Rates();
  std::vector<Row> reversed = Book();
  std::reverse(reversed.begin(), reversed.end());
  auto a = Reconcile("2026-02-01", "2026-02-28", "EUR", rates, Book());
  auto b = Reconcile("2026-02-01", "2026-02-28", "EUR", rates, reversed);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(AccountLines(*a), AccountLines(*b));
  EXPECT_EQ(DonorLines(*a), DonorLines(*b));
}

TEST(MoneyReconciliation, AccountsWithoutPostingsAreListedAtZero) {
  RateTable rates = Rates();
  auto r = Reconcile("2026-02-01", "2026-02-28", "EUR", rates, {});
  ASSERT_TRUE(r.ok()) << r.status().message();
  ASSERT_EQ(r->accounts.size(), 3u);
  EXPECT_EQ(AccountLines(*r)[1],
            "BK-USD opening 0.00 USD, in 0.00 USD, out 0.00 USD, closing 0.00 USD, booked 0.00 "
            "EUR, revalued 0.00 EUR, difference 0.00 EUR");
  EXPECT_TRUE(r->donors.empty());
}

TEST(MoneyReconciliation, ReportCurrencyWithoutARateOnToIsAFieldError) {
  RateTable rates = Rates();
  auto early = Reconcile("2025-12-01", "2025-12-31", "EUR", rates, Book());
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.status().code(), StatusCode::kInvalid);
  ASSERT_EQ(early.status().errors().size(), 1u);
  EXPECT_EQ(early.status().errors()[0].field, "to");
  EXPECT_EQ(early.status().errors()[0].message, "no NBU rate of EUR on or before 2025-12-31");

  auto none = Reconcile("2026-02-01", "2026-02-28", "CHF", rates, Book());
  ASSERT_FALSE(none.ok());
  ASSERT_EQ(none.status().errors().size(), 1u);
  EXPECT_EQ(none.status().errors()[0].field, "currency");
  EXPECT_EQ(none.status().errors()[0].message, "no NBU rate of CHF on or before 2026-02-28");
}

TEST(MoneyReconciliation, UahReportBeforeTheFirstRateNeedsNoRate) {
  RateTable rates = Rates();
  auto r = Reconcile("2025-12-01", "2025-12-31", "UAH", rates, Book());
  ASSERT_TRUE(r.ok()) << r.status().message();
  for (const auto& a : r->accounts) EXPECT_TRUE(a.closing.is_zero()) << a.account.code;
}

TEST(MoneyReconciliation, MissingRateOfAPostingDateIsAFieldError) {
  // Report currency PLN with a rate on `to` only: the January postings need
  // PLN's rate of their dates.
  RateTable rates = Rates();
  rates.Add(R("PLN", "10", "2026-02-20"));
  auto r = Reconcile("2026-02-01", "2026-02-28", "PLN", rates, Book());
  ASSERT_FALSE(r.ok());
  ASSERT_EQ(r.status().errors().size(), 1u);
  EXPECT_EQ(r.status().errors()[0].field, "currency");
  EXPECT_EQ(r.status().errors()[0].message, "no NBU rate of PLN on or before 2026-01-10");
}

TEST(MoneyReconciliation, PostingOfAnUnknownAccountIsInternal) {
  RateTable rates = Rates();
  std::vector<Row> rows = {
      {"cash_donation", "2026-02-03", P("assets:bank:x", 99, 0, "1.00", "EUR", "42.00")}};
  auto r = Reconcile("2026-02-01", "2026-02-28", "UAH", rates, rows);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInternal);
}

TEST(MoneyReconciliation, FromAfterToIsRefused) {
  RateTable rates = Rates();
  auto r = MoneyReconciliation::Start({D("2026-03-01"), D("2026-02-01"), &Cur("UAH")}, rates, {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().errors().at(0).field, "to");
}

// The goods postings of a few stock entries, as services/app/goods.cc makes them
// (domain/goods_books.h), added to Book(): each lot in UAH at its receipt's
// rate; the GBP lot reaches DE-HILFE's EUR through its booked UAH and EUR's
// rate of the posting's date; PL-POMOC (PLN) has goods and no money.
std::vector<Row> BookWithGoods() {
  std::vector<Row> rows = Book();
  const std::vector<Row> goods = {
      // Before the period: 20 x 7.25 EUR at 40 received, one delivered.
      {"receipt", "2026-01-20",
       P("assets:goods:de-hilfe", 0, kDeHilfe, "145.00", "EUR", "5800.00")},
      {"receipt", "2026-01-20",
       P("income:in-kind:de-hilfe", 0, kDeHilfe, "-145.00", "EUR", "-5800.00")},
      {"delivery", "2026-01-25",
       P("expenses:distributed:military_unit", 0, kDeHilfe, "7.25", "EUR", "290.00")},
      {"delivery", "2026-01-25",
       P("assets:goods:de-hilfe", 0, kDeHilfe, "-7.25", "EUR", "-290.00")},
      // In it: 2 x 5.00 GBP at 50 (500.00 UAH = 11.904... -> 11.90 EUR at 42).
      {"receipt", "2026-02-04", P("assets:goods:de-hilfe", 0, kDeHilfe, "10.00", "GBP", "500.00")},
      {"receipt", "2026-02-04",
       P("income:in-kind:de-hilfe", 0, kDeHilfe, "-10.00", "GBP", "-500.00")},
      {"receipt", "2026-02-05",
       P("assets:goods:pl-pomoc", 0, kNoPostings, "100.00", "PLN", "1000.00")},
      {"receipt", "2026-02-05",
       P("income:in-kind:pl-pomoc", 0, kNoPostings, "-100.00", "PLN", "-1000.00")},
      {"delivery", "2026-02-10",
       P("expenses:distributed:military_unit", 0, kDeHilfe, "12.50", "EUR", "480.71")},
      {"delivery", "2026-02-10",
       P("assets:goods:de-hilfe", 0, kDeHilfe, "-12.50", "EUR", "-480.71")},
      // 250.00 UAH = 5.952... -> 5.95 EUR at 42.
      {"delivery", "2026-02-15",
       P("expenses:distributed:idp_household", 0, kDeHilfe, "5.00", "GBP", "250.00")},
      {"delivery", "2026-02-15",
       P("assets:goods:de-hilfe", 0, kDeHilfe, "-5.00", "GBP", "-250.00")},
      {"adjustment", "2026-02-21",
       P("expenses:written-off:damaged", 0, kDeHilfe, "7.25", "EUR", "290.00")},
      {"adjustment", "2026-02-21",
       P("assets:goods:de-hilfe", 0, kDeHilfe, "-7.25", "EUR", "-290.00")},
      // After the period: ignored.
      {"receipt", "2026-03-01", P("assets:goods:de-hilfe", 0, kDeHilfe, "5.00", "EUR", "225.00")},
      {"receipt", "2026-03-01",
       P("income:in-kind:de-hilfe", 0, kDeHilfe, "-5.00", "EUR", "-225.00")},
  };
  rows.insert(rows.end(), goods.begin(), goods.end());
  return rows;
}

std::vector<std::string> GoodsLines(const MoneyReconciliationResult& r) {
  std::vector<std::string> out;
  for (const auto& d : r.donors) {
    std::string kinds;
    for (const auto& [kind, value] : d.goods_distributed_by_kind) {
      kinds += (kinds.empty() ? "" : ", ") + kind + ": " + Text(value);
    }
    out.push_back(d.donor.code + " received " + Text(d.goods_received) + ", distributed " +
                  Text(d.goods_distributed) + " {" + kinds + "}, written off " +
                  Text(d.goods_written_off) + ", in stock " + Text(d.goods_in_stock) + ", booked " +
                  Text(d.goods_in_stock_booked));
  }
  return out;
}

TEST(MoneyReconciliation, GoodsPerDonor) {
  RateTable rates = Rates();  // no GBP or PLN rate: none is needed
  // DE-HILFE in stock on 2026-02-28: 145.00 - 7.25 + 11.90 - 12.50 - 5.95 -
  // 7.25 = 123.95 EUR, booked 5800.00 - 290.00 + 500.00 - 480.71 - 250.00 -
  // 290.00 = 4989.29 UAH. The flows count February only.
  auto uah = Reconcile("2026-02-01", "2026-02-28", "UAH", rates, BookWithGoods());
  ASSERT_TRUE(uah.ok()) << uah.status().message();
  EXPECT_EQ(GoodsLines(*uah),
            (std::vector<std::string>{
                "DE-HILFE received 11.90 EUR, distributed 18.45 EUR {idp_household: 5.95 EUR, "
                "military_unit: 12.50 EUR}, written off 7.25 EUR, in stock 123.95 EUR, booked "
                "4989.29 UAH",
                "PL-POMOC received 100.00 PLN, distributed 0.00 PLN {}, written off 0.00 PLN, in "
                "stock 100.00 PLN, booked 1000.00 UAH",
                "US-AID received 0.00 USD, distributed 0.00 USD {}, written off 0.00 USD, in stock "
                "0.00 USD, booked 0.00 UAH",
            }));
  // Goods move no money: accounts and the money of the donors are as without them.
  auto without = Reconcile("2026-02-01", "2026-02-28", "UAH", rates, Book());
  ASSERT_TRUE(without.ok());
  EXPECT_EQ(AccountLines(*uah), AccountLines(*without));
  EXPECT_EQ(DonorLines(*uah),
            (std::vector<std::string>{
                DonorLines(*without)[0],
                "PL-POMOC opening 0.00 PLN, received 0.00 PLN, spent 0.00 PLN, remaining 0.00 "
                "PLN, booked 0.00 UAH / 0.00 UAH / 0.00 UAH",
                DonorLines(*without)[1],
            }));

  // In EUR the booked stock is per posting at EUR's rate of its date:
  // DE-HILFE's EUR postings as they are, 500.00 / 42 = 11.90 and -250.00 / 42
  // = -5.95 EUR; PL-POMOC's 1000.00 / 42 = 23.809... -> 23.81 EUR.
  auto eur = Reconcile("2026-02-01", "2026-02-28", "EUR", rates, BookWithGoods());
  ASSERT_TRUE(eur.ok()) << eur.status().message();
  EXPECT_EQ(GoodsLines(*eur),
            (std::vector<std::string>{
                "DE-HILFE received 11.90 EUR, distributed 18.45 EUR {idp_household: 5.95 EUR, "
                "military_unit: 12.50 EUR}, written off 7.25 EUR, in stock 123.95 EUR, booked "
                "123.95 EUR",
                "PL-POMOC received 100.00 PLN, distributed 0.00 PLN {}, written off 0.00 PLN, in "
                "stock 100.00 PLN, booked 23.81 EUR",
                "US-AID received 0.00 USD, distributed 0.00 USD {}, written off 0.00 USD, in stock "
                "0.00 USD, booked 0.00 EUR",
            }));
}

TEST(MoneyReconciliation, GoodsInAnotherCurrencyNeedTheDonorCurrencysRate) {
  // EUR goods of PL-POMOC are valued in PLN through their booked UAH: PLN has
  // no rate.
  RateTable rates = Rates();
  std::vector<Row> rows = {
      {"receipt", "2026-02-05",
       P("assets:goods:pl-pomoc", 0, kNoPostings, "10.00", "EUR", "420.00")},
      {"receipt", "2026-02-05",
       P("income:in-kind:pl-pomoc", 0, kNoPostings, "-10.00", "EUR", "-420.00")}};
  auto r = Reconcile("2026-02-01", "2026-02-28", "UAH", rates, rows);
  ASSERT_FALSE(r.ok());
  ASSERT_EQ(r.status().errors().size(), 1u);
  EXPECT_EQ(r.status().errors()[0].field, "to");
  EXPECT_EQ(r.status().errors()[0].message, "no NBU rate of PLN on or before 2026-02-05");
  // With one: 420.00 UAH at 10 = 42.00 PLN.
  rates.Add(R("PLN", "10", "2026-02-01"));
  auto with_rate = Reconcile("2026-02-01", "2026-02-28", "UAH", rates, rows);
  ASSERT_TRUE(with_rate.ok()) << with_rate.status().message();
  EXPECT_EQ(GoodsLines(*with_rate),
            (std::vector<std::string>{
                "PL-POMOC received 42.00 PLN, distributed 0.00 PLN {}, written off 0.00 PLN, in "
                "stock 42.00 PLN, booked 420.00 UAH"}));
}

TEST(MoneyReconciliation, OrderOfGoodsPostingsDoesNotMatter) {
  RateTable rates = Rates();
  std::vector<Row> reversed = BookWithGoods();
  std::reverse(reversed.begin(), reversed.end());
  auto a = Reconcile("2026-02-01", "2026-02-28", "EUR", rates, BookWithGoods());
  auto b = Reconcile("2026-02-01", "2026-02-28", "EUR", rates, reversed);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(GoodsLines(*a), GoodsLines(*b));
  EXPECT_EQ(DonorLines(*a), DonorLines(*b));
}

// ---- Undistributed ----

class UndistributedTest : public ::testing::Test {
 protected:
  void SetUp() override {
    catalog_.AddItem(Item{1, "MED-IFAK", "Аптечка", "First-aid kit", Unit::kPcs, "medical", true});
    catalog_.AddItem(Item{2, "NFI-BLANKET", "Ковдра", "Blanket", Unit::kPcs, "shelter", false});
    catalog_.AddWarehouse(Warehouse{1, "KYIV-1", "Київ", "Київська"});
    catalog_.AddWarehouse(Warehouse{2, "LVIV-1", "Львів", "Львівська"});
    catalog_.AddDonor(Donor{1, "DE-HILFE", "Hilfe", "DE", &Cur("EUR")});
    AddLot(1, 1, "L-OLD", "2027-12-31", 1250);
    AddLot(2, 1, "L-EDGE", "2027-06-30", 1000);
    AddLot(3, 2, "L-NEW", "", 725);
    AddLot(4, 2, "L-GONE", "", 100);
    AddLot(5, 2, "L-LATE", "", 100);
    // L-OLD: 10 into KYIV-1 on 2025-11-15, 4 of them to LVIV-1 on 2026-01-10,
    // 1 delivered on 2026-02-10 and 2 after the report date.
    Apply(1, 1, "2025-11-15", 10000);
    Apply(1, 1, "2026-01-10", -4000);
    Apply(2, 1, "2026-01-10", 4000);
    Apply(1, 1, "2026-02-10", -1000);
    Apply(1, 1, "2026-03-05", -2000);
    Apply(2, 2, "2025-11-30", 2000);   // exactly 90 days before 2026-02-28
    Apply(1, 3, "2026-01-20", 20500);  // 20.5
    Apply(1, 4, "2025-10-01", 3000);   // all delivered before the date
    Apply(1, 4, "2026-01-05", -3000);
    Apply(1, 5, "2026-03-01", 5000);  // received after the date
  }

  void AddLot(int32_t id, int32_t item, const char* batch, const char* expiry, int64_t value) {
    Lot lot;
    lot.id = id;
    lot.item_id = item;
    lot.batch = batch;
    lot.expiry = *expiry ? D(expiry) : Date::Never();
    lot.unit_value_minor = value;
    lot.currency = &Cur("EUR");
    lot.donor_id = 1;
    catalog_.AddLot(lot);
  }

  void Apply(int32_t warehouse, int32_t lot_id, const char* date, int64_t delta) {
    const Lot* lot = catalog_.LotById(lot_id);
    index_.Apply(Posting{warehouse, lot_id, D(date), delta}, lot->item_id, lot->expiry);
  }

  std::vector<std::string> Lines(const char* to) {
    auto r = Undistributed(catalog_, index_, D(to));
    if (!r.ok()) throw std::runtime_error(r.status().message());
    std::vector<std::string> out;
    for (const auto& u : *r) {
      out.push_back(u.warehouse + " " + u.sku + " " + u.lot + " " + u.donor + " " +
                    u.received.ToString() + " " + std::to_string(u.age_days) + " " +
                    u.quantity.ToString() + " " + Text(u.value) + (u.overdue ? " overdue" : ""));
    }
    return out;
  }

  Catalog catalog_;
  StockIndex index_;
};

TEST_F(UndistributedTest, BalancesOnTheDateByAge) {
  EXPECT_EQ(Lines("2026-02-28"),
            (std::vector<std::string>{
                "KYIV-1 MED-IFAK L-OLD DE-HILFE 2025-11-15 105 5 62.50 EUR overdue",
                "LVIV-1 MED-IFAK L-OLD DE-HILFE 2025-11-15 105 4 50.00 EUR overdue",
                "LVIV-1 MED-IFAK L-EDGE DE-HILFE 2025-11-30 90 2 20.00 EUR",
                "KYIV-1 NFI-BLANKET L-NEW DE-HILFE 2026-01-20 39 20.5 148.63 EUR",
            }));
}

TEST_F(UndistributedTest, AnEarlierDate) {
  EXPECT_EQ(Lines("2026-01-05"), (std::vector<std::string>{
                                     "KYIV-1 MED-IFAK L-OLD DE-HILFE 2025-11-15 51 10 125.00 EUR",
                                     "LVIV-1 MED-IFAK L-EDGE DE-HILFE 2025-11-30 36 2 20.00 EUR",
                                 }));
  EXPECT_EQ(
      Lines("2025-11-01"),
      (std::vector<std::string>{"KYIV-1 NFI-BLANKET L-GONE DE-HILFE 2025-10-01 31 3 3.00 EUR"}));
  EXPECT_TRUE(Lines("2025-09-30").empty());
}

// ---- A journal filled to the limits (domain/limits.h) ----

// Every amount at the limit of one amount, every rate at the extremes the
// limits allow: sums far beyond int64 come out exact, and no entry is lost.
TEST(ReconciliationAtTheLimits, SumsPastInt64AreExactAndNothingIsLeftOut) {
  RateTable rates;
  rates.Add(R("EUR", "1000000", "2026-01-01"));  // the highest rate accepted
  rates.Add(R("JPY", "0.0001", "2026-01-01"));   // the lowest
  const int kDonations = 1000;
  std::vector<Row> rows;
  for (int i = 0; i < kDonations; ++i) {
    // 1,000,000,000.00 EUR booked at 1,000,000 UAH: 10^17 kopiyky each.
    rows.push_back(
        {"cash_donation", "2026-01-10",
         P("assets:bank:bk-eur", kBkEur, kDeHilfe, "1000000000.00", "EUR", "1000000000000000.00")});
    rows.push_back({"cash_donation", "2026-01-10",
                    P("income:donations:de-hilfe", 0, kDeHilfe, "-1000000000.00", "EUR",
                      "-1000000000000000.00")});
  }
  for (const char* currency : {"UAH", "EUR", "JPY"}) {
    ReconciliationPeriod period{D("2026-01-01"), D("2026-01-31"), &Cur(currency)};
    auto books = MoneyReconciliation::Start(period, rates, Donors());
    ASSERT_TRUE(books.ok()) << books.status().message();
    for (int i = 0; i < kDonations; ++i) {
      const EntryRef entry{i + 1, "CD-2026-" + std::to_string(i + 1), "cash_donation",
                           D("2026-01-10")};
      auto counted = books->AddEntry(entry, {rows[2 * i].posting, rows[2 * i + 1].posting});
      ASSERT_TRUE(counted.ok()) << counted.status().message();
      EXPECT_TRUE(*counted);
    }
    auto r = books->Finish(Accounts());
    ASSERT_TRUE(r.ok()) << r.status().message();
    EXPECT_TRUE(r->excluded.empty()) << currency;
    const AccountReconciliation& eur = r->accounts[0];
    ASSERT_EQ(eur.account.code, "BK-EUR");
    EXPECT_EQ(Text(eur.closing), "1000000000000.00 EUR");
    const std::string booked = std::string(currency) == "UAH"   ? "1000000000000000000.00 UAH"
                               : std::string(currency) == "EUR" ? "1000000000000.00 EUR"
                                                                : "10000000000000000000000 JPY";
    EXPECT_EQ(Text(eur.closing_booked), booked) << currency;
    EXPECT_EQ(Text(eur.closing_revalued), booked) << currency;
    EXPECT_EQ(Text(r->totals.closing_booked), booked) << currency;
    ASSERT_EQ(r->donors.size(), 1u);
    EXPECT_EQ(Text(r->donors[0].received), "1000000000000.00 EUR");
    EXPECT_EQ(Text(r->donors[0].received_uah), "1000000000000000000.00 UAH");
    EXPECT_EQ(Text(r->donors[0].received_booked), booked) << currency;
  }
}

// An entry of an older journal beyond today's limits: INT64_MAX kopiyky,
// shown exactly in a currency where it exceeds int64.
TEST(ReconciliationAtTheLimits, AnOlderEntryBeyondTheLimitsIsShownExactly) {
  RateTable rates;
  rates.Add(R("JPY", "0.28", "2026-01-05"));
  rates.Add(R("EUR", "47.776", "2026-01-05"));
  ReconciliationPeriod period{D("2026-02-01"), D("2026-02-28"), &Cur("JPY")};
  auto books = MoneyReconciliation::Start(period, rates, Donors());
  ASSERT_TRUE(books.ok());
  const Money huge = Money::FromMinor(INT64_MAX, Cur("UAH"));
  const Money negative = Money::FromMinor(-INT64_MAX, Cur("UAH"));
  auto shown =
      books->AddEntry(EntryRef{7, "CD-2026-000007", "cash_donation", D("2026-02-03")},
                      {MoneyPosting{"assets:cash:cash-uah", kCashUah, kDeHilfe, huge, huge},
                       MoneyPosting{"income:donations:de-hilfe", 0, kDeHilfe, negative, negative}});
  ASSERT_TRUE(shown.ok()) << shown.status().message();
  EXPECT_TRUE(*shown);
  auto r = books->Finish(Accounts());
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_TRUE(r->excluded.empty());
  // 92,233,720,368,547,758.07 UAH / 0.28 = 329,406,144,173,384,850.25 -> 329406144173384850 JPY.
  EXPECT_EQ(Text(r->totals.closing_booked), "329406144173384850 JPY");
}

}  // namespace
}  // namespace zapas
