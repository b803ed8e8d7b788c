// The journal export checked by an independent program: a generated
// multi-currency book (its own NBU rate file, donations, payments, transfers,
// exchanges with gains and losses, bank fees over two years) is loaded through
// the HTTP API; `hledger balance` on GET /export/journal must equal, to the
// kopiyka, a calculation this test makes on its own — per account and
// currency, and in booked UAH (hledger's cost view, -B).
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <map>
#include <random>
#include <sstream>

#include "domain/date.h"
#include "tests/services/fixture.h"

namespace zapas::testing {
namespace {

struct TestAccount {
  std::string code;
  std::string currency;
  std::string kind;
  std::string Ledger() const {
    std::string lower = code;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return "assets:" + kind + ":" + lower;
  }
};

// Amounts in minor units (all currencies here have 2 digits); rates in 1/10000 UAH.
std::string Decimal(int64_t minor) {
  std::string sign = minor < 0 ? "-" : "";
  int64_t m = minor < 0 ? -minor : minor;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%s%lld.%02lld", sign.c_str(), static_cast<long long>(m / 100),
                static_cast<long long>(m % 100));
  return buf;
}

// minor * rate4 / 10000, rounded half away from zero: the test's own rounding.
int64_t Uah(int64_t minor, int64_t rate4) {
  __int128 p = static_cast<__int128>(minor < 0 ? -minor : minor) * rate4;
  int64_t q = static_cast<int64_t>(p / 10000);
  if ((p % 10000) * 2 >= 10000) ++q;
  return minor < 0 ? -q : q;
}

std::string Money(int64_t minor, const std::string& currency) {
  return R"({"amount":")" + Decimal(minor) + R"(","currency":")" + currency + R"("})";
}

// Runs a command and returns its standard output.
std::string RunCommand(const std::string& command) {
  FILE* p = ::popen(command.c_str(), "r");
  if (p == nullptr) throw std::runtime_error("cannot run " + command);
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  int status = ::pclose(p);
  if (status != 0) throw std::runtime_error(command + " failed:\n" + out);
  return out;
}

// hledger's `balance -O csv --layout=bare`: (account, commodity) -> amount text.
std::map<std::pair<std::string, std::string>, std::string> ParseBalances(const std::string& csv) {
  std::map<std::pair<std::string, std::string>, std::string> out;
  std::istringstream in(csv);
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::string cell;
    bool quoted = false;
    for (char ch : line) {
      if (ch == '"') {
        quoted = !quoted;
      } else if (ch == ',' && !quoted) {
        cells.push_back(cell);
        cell.clear();
      } else {
        cell += ch;
      }
    }
    cells.push_back(cell);
    if (cells.size() == 3) out[{cells[0], cells[1]}] = cells[2];
  }
  return out;
}

class HledgerTest : public ZapasServerTest {};

TEST_F(HledgerTest, HledgerAgreesWithAnIndependentCalculationToTheKopiyka) {
  std::mt19937_64 rng(20261127);
  auto uniform = [&](int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
  };

  // Daily rates on weekdays over two years, 4 decimals, as an NBU JSON file.
  std::map<std::string, std::map<int32_t, int64_t>> rates;  // currency -> day -> rate4
  std::string file = "[";
  int64_t eur = 450000, usd = 410000;
  const Date first = *Date::Parse("2025-01-01");
  const Date last = *Date::Parse("2026-11-27");
  for (Date d = first; d <= last; d = d.AddDays(1)) {
    int weekday = (d.days() + 4) % 7;  // 0 Sunday
    if (weekday == 0 || weekday == 6) continue;
    eur += uniform(-900, 900);
    usd += uniform(-700, 700);
    rates["EUR"][d.days()] = eur;
    rates["USD"][d.days()] = usd;
    std::string day = d.ToString();
    std::string nbu = day.substr(8, 2) + "." + day.substr(5, 2) + "." + day.substr(0, 4);
    for (auto [code, r030, rate] : {std::tuple{"EUR", 978, eur}, std::tuple{"USD", 840, usd}}) {
      if (file.size() > 1) file += ",";
      file += R"({"r030":)" + std::to_string(r030) + R"(,"txt":"x","rate":)" +
              std::to_string(rate / 10000) + "." +
              [fraction = rate % 10000] {
                // (an init-capture: clang 14 cannot capture a structured binding)
                char b[8];
                std::snprintf(b, sizeof b, "%04lld", static_cast<long long>(fraction));
                return std::string(b);
              }() +
              R"(,"cc":")" + code + R"(","exchangedate":")" + nbu + "\"}";
    }
  }
  file += "]";
  HttpReply imported = Post("/rates", file, "treasurer");
  ASSERT_EQ(imported.status, 201) << imported.body;
  auto rate_on = [&](const std::string& currency, Date d) -> int64_t {
    if (currency == "UAH") return 10000;
    const auto& days = rates.at(currency);
    auto it = days.upper_bound(d.days());
    if (it == days.begin()) throw std::runtime_error("no rate");
    return (--it)->second;
  };

  // Donors (DE-HILFE, EUR, comes from the fixture) and accounts.
  Must("/donors", R"({"code":"US-AID","name":"US Aid Partners","country":"US","currency":"USD"})");
  Must("/donors", R"({"code":"UA-FOND","name":"Фонд «Запорука»","country":"UA","currency":"UAH"})");
  const std::vector<TestAccount> accounts = {{"BK-UAH", "UAH", "bank"},
                                             {"CASH-UAH", "UAH", "cash"},
                                             {"BK-EUR", "EUR", "bank"},
                                             {"BK-USD", "USD", "bank"},
                                             {"CASH-USD", "USD", "cash"}};
  for (const auto& a : accounts) {
    Must("/accounts",
         R"({"code":")" + a.code + R"(","name":"Рахунок )" + a.code + R"(","currency":")" +
             a.currency + R"(","kind":")" + a.kind + "\"}",
         "treasurer");
  }
  const std::map<std::string, std::string> donor_currency = {
      {"DE-HILFE", "EUR"}, {"US-AID", "USD"}, {"UA-FOND", "UAH"}};

  // The independent books.
  std::map<std::pair<std::string, std::string>, int64_t> amounts;  // (ledger, currency)
  std::map<std::string, int64_t> booked;                           // ledger -> UAH
  auto post = [&](const std::string& ledger, const std::string& currency, int64_t minor,
                  int64_t uah) {
    amounts[{ledger, currency}] += minor;
    booked[ledger] += uah;
  };
  auto account_in = [&](const std::string& currency) {
    std::vector<const TestAccount*> fit;
    for (const auto& a : accounts) {
      if (a.currency == currency) fit.push_back(&a);
    }
    return *fit[static_cast<size_t>(uniform(0, static_cast<int64_t>(fit.size()) - 1))];
  };

  int exchanges_with_gain = 0, exchanges_with_loss = 0;
  Date d = *Date::Parse("2025-01-06");
  for (int op = 0; op < 160; ++op, d = d.AddDays(static_cast<int32_t>(uniform(1, 8)))) {
    if (d > last) break;
    const std::string date = d.ToString();
    const int kind = static_cast<int>(uniform(0, 9));
    if (kind <= 2) {  // donation
      auto it = donor_currency.begin();
      std::advance(it, uniform(0, 2));
      const std::string donor = it->first, currency = it->second;
      const TestAccount& to = account_in(currency);
      int64_t minor = uniform(1000, 5000000);
      Must("/cash/donations",
           R"({"donor":")" + donor + R"(","date":")" + date + R"(","amount":)" +
               Money(minor, currency) + R"(,"account":")" + to.code + "\"}",
           "treasurer");
      int64_t uah = Uah(minor, rate_on(currency, d));
      std::string lower = donor;
      for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      post(to.Ledger(), currency, minor, uah);
      post("income:donations:" + lower, currency, -minor, -uah);
    } else if (kind <= 4) {  // payment, sometimes charged to a donor
      const TestAccount& from = accounts[static_cast<size_t>(uniform(0, 4))];
      int64_t minor = uniform(100, 900000);
      bool charged = uniform(0, 1) == 1;
      Must("/cash/payments",
           R"({"date":")" + date + R"(","amount":)" + Money(minor, from.currency) +
               R"(,"account":")" + from.code + R"(","purpose":"Закупівля")" +
               (charged ? R"(,"donor":"US-AID")" : "") + "}",
           "treasurer");
      int64_t uah = Uah(minor, rate_on(from.currency, d));
      post(charged ? "expenses:payments:us-aid" : "expenses:payments:general", from.currency, minor,
           uah);
      post(from.Ledger(), from.currency, -minor, -uah);
    } else if (kind == 5) {  // transfer between two accounts of one currency
      const bool usd_pair = uniform(0, 1) == 1;
      const TestAccount& from = usd_pair ? accounts[3] : accounts[0];
      const TestAccount& to = usd_pair ? accounts[4] : accounts[1];
      int64_t minor = uniform(100, 200000);
      Must("/cash/transfers",
           R"({"date":")" + date + R"(","account_from":")" + from.code + R"(","account_to":")" +
               to.code + R"(","amount":)" + Money(minor, from.currency) + "}",
           "treasurer");
      int64_t uah = Uah(minor, rate_on(from.currency, d));
      post(to.Ledger(), to.currency, minor, uah);
      post(from.Ledger(), from.currency, -minor, -uah);
    } else if (kind <= 8) {  // exchange at a bank rate a little off the NBU rate
      const TestAccount* from;
      const TestAccount* to;
      switch (uniform(0, 3)) {
        case 0:
          from = &accounts[2];
          to = &accounts[0];
          break;  // EUR -> UAH
        case 1:
          from = &accounts[3];
          to = &accounts[0];
          break;  // USD -> UAH
        case 2:
          from = &accounts[0];
          to = &accounts[3];
          break;  // UAH -> USD
        default:
          from = &accounts[2];
          to = &accounts[3];
          break;  // EUR -> USD
      }
      int64_t sold = uniform(1000, 300000);
      int64_t sold_uah = Uah(sold, rate_on(from->currency, d));
      // bought = sold_uah / rate_to * (1 +- up to 2 %)
      int64_t to_rate = rate_on(to->currency, d);
      int64_t bought = static_cast<int64_t>(static_cast<__int128>(sold_uah) * 10000 / to_rate);
      bought = bought + bought * uniform(-200, 200) / 10000;
      if (bought <= 0) bought = 1;
      Must("/cash/exchanges",
           R"({"date":")" + date + R"(","account_from":")" + from->code + R"(","account_to":")" +
               to->code + R"(","sold":)" + Money(sold, from->currency) + R"(,"bought":)" +
               Money(bought, to->currency) + "}",
           "treasurer");
      int64_t bought_uah = Uah(bought, to_rate);
      post(from->Ledger(), from->currency, -sold, -sold_uah);
      post(to->Ledger(), to->currency, bought, bought_uah);
      int64_t difference = sold_uah - bought_uah;  // > 0: a loss
      if (difference > 0) {
        post("expenses:exchange-loss", "UAH", difference, difference);
        ++exchanges_with_loss;
      } else if (difference < 0) {
        post("income:exchange-gain", "UAH", difference, difference);
        ++exchanges_with_gain;
      }
    } else {  // bank fee
      const TestAccount& from = accounts[static_cast<size_t>(uniform(0, 4))];
      int64_t minor = uniform(1, 5000);
      Must("/cash/fees",
           R"({"date":")" + date + R"(","amount":)" + Money(minor, from.currency) +
               R"(,"account":")" + from.code + "\"}",
           "treasurer");
      int64_t uah = Uah(minor, rate_on(from.currency, d));
      post("expenses:bank-fees", from.currency, minor, uah);
      post(from.Ledger(), from.currency, -minor, -uah);
    }
  }
  EXPECT_GT(exchanges_with_gain, 0);
  EXPECT_GT(exchanges_with_loss, 0);

  // The export, read by hledger.
  HttpReply journal = Get("/export/journal?to=2026-12-31", "treasurer");
  ASSERT_EQ(journal.status, 200) << journal.body;
  const std::string path = server_->dir() + "/book.journal";
  {
    std::ofstream out(path, std::ios::binary);
    out << journal.body;
  }
  auto by_currency = ParseBalances(
      RunCommand("hledger -f " + path + " balance --flat --no-total -O csv --layout=bare 2>&1"));
  auto in_uah = ParseBalances(
      RunCommand("hledger -f " + path + " balance --flat --no-total -O csv --layout=bare -B 2>&1"));

  size_t compared = 0;
  for (const auto& [key, minor] : amounts) {
    if (minor == 0) continue;
    auto it = by_currency.find(key);
    ASSERT_NE(it, by_currency.end()) << key.first << " " << key.second << " missing in hledger";
    EXPECT_EQ(it->second, Decimal(minor)) << key.first << " " << key.second;
    ++compared;
  }
  for (const auto& [ledger, uah] : booked) {
    if (uah == 0) continue;
    auto it = in_uah.find({ledger, "UAH"});
    ASSERT_NE(it, in_uah.end()) << ledger << " missing in hledger -B";
    EXPECT_EQ(it->second, Decimal(uah)) << ledger << " booked UAH";
    ++compared;
  }
  // The reconciliation report agrees with hledger for every Zapas account: its
  // closing balance per currency, and its booked UAH.
  HttpReply report =
      Get("/reports/reconciliation?from=2025-01-01&to=2026-12-31&currency=UAH", "treasurer");
  ASSERT_EQ(report.status, 200) << report.body;
  auto report_accounts = Arr(ParseObject(report.body), "accounts");
  ASSERT_EQ(report_accounts->size(), accounts.size());
  for (size_t i = 0; i < report_accounts->size(); ++i) {
    auto a = At(report_accounts, i);
    const std::string code = Str(a, "code");
    const TestAccount* account = nullptr;
    for (const auto& t : accounts) {
      if (t.code == code) account = &t;
    }
    ASSERT_NE(account, nullptr) << code;
    // hledger leaves out a zero balance.
    std::string closing = by_currency[std::make_pair(account->Ledger(), account->currency)];
    std::string booked = in_uah[std::make_pair(account->Ledger(), std::string("UAH"))];
    if (closing.empty()) closing = "0.00";
    if (booked.empty()) booked = "0.00";
    EXPECT_EQ(MoneyText(a, "closing"), closing + " " + account->currency) << code;
    EXPECT_EQ(MoneyText(a, "closing_booked"), booked + " UAH") << code;
  }

  // Each donor's money in booked UAH: what hledger shows on its donations and
  // payments accounts.
  auto donors = Arr(ParseObject(report.body), "donors");
  for (size_t i = 0; i < donors->size(); ++i) {
    auto d = At(donors, i);
    std::string lower = Str(d, "code");
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    EXPECT_EQ(MoneyText(d, "received_uah"), Decimal(-booked["income:donations:" + lower]) + " UAH")
        << lower;
    EXPECT_EQ(MoneyText(d, "spent_uah"), Decimal(booked["expenses:payments:" + lower]) + " UAH")
        << lower;
  }

  // Nothing in hledger that the independent books do not have.
  for (const auto& [key, text] : by_currency) {
    EXPECT_TRUE(amounts.count(key) && amounts[key] != 0) << key.first << " " << key.second;
  }
  EXPECT_GT(compared, 15u);
}

TEST_F(HledgerTest, MoneyOperationsNeedTheRateOfTheirDate) {
  Must("/accounts", R"({"code":"BK-EUR","name":"EUR","currency":"EUR","kind":"bank"})",
       "treasurer");
  HttpReply r = Post(
      "/cash/donations",
      R"({"donor":"DE-HILFE","date":"2026-11-20","amount":{"amount":"10.00","currency":"EUR"},"account":"BK-EUR"})",
      "treasurer");
  EXPECT_TRUE(IsProblem(r, 422));
  EXPECT_EQ(FirstErrorField(r), "date");
  // A currency other than the account's is refused, naming the field.
  Must("/accounts", R"({"code":"BK-UAH","name":"UAH","currency":"UAH","kind":"bank"})",
       "treasurer");
  r = Post(
      "/cash/donations",
      R"({"donor":"DE-HILFE","date":"2026-11-20","amount":{"amount":"10.00","currency":"EUR"},"account":"BK-UAH"})",
      "treasurer");
  EXPECT_TRUE(IsProblem(r, 422));
  EXPECT_EQ(FirstErrorField(r), "amount.currency");
  // The warehouse role may not touch money.
  EXPECT_TRUE(IsProblem(
      Post(
          "/cash/payments",
          R"({"date":"2026-11-20","amount":{"amount":"1.00","currency":"UAH"},"account":"BK-UAH","purpose":"x"})",
          "warehouse"),
      403));
}

}  // namespace
}  // namespace zapas::testing

namespace zapas::testing {
namespace {

class BooksTest : public ZapasServerTest {
 protected:
  void SetUpBooks() {
    HttpReply r =
        Post("/rates",
             R"([{"r030":978,"txt":"Євро","rate":40.0000,"cc":"EUR","exchangedate":"01.10.2026"},
                           {"r030":978,"txt":"Євро","rate":42.5000,"cc":"EUR","exchangedate":"02.11.2026"}])",
             "treasurer");
    ASSERT_EQ(r.status, 201) << r.body;
    Must("/accounts", R"({"code":"BK-EUR","name":"EUR","currency":"EUR","kind":"bank"})",
         "treasurer");
  }
  std::string Donation(const std::string& date, const std::string& amount) {
    return R"({"donor":"DE-HILFE","date":")" + date + R"(","amount":{"amount":")" + amount +
           R"(","currency":"EUR"},"account":"BK-EUR"})";
  }
};

TEST_F(BooksTest, ClosedMonthRefusesOperationsDatedInsideIt) {
  SetUpBooks();
  Must("/cash/donations", Donation("2026-10-15", "100.00"), "treasurer");
  auto closed = Must("/periods/close", R"({"month":"2026-10"})", "treasurer");
  EXPECT_EQ(Str(closed, "last_day"), "2026-10-31");
  EXPECT_EQ(Str(closed, "closed_by"), "kasa");

  HttpReply late = Post("/cash/donations", Donation("2026-10-31", "5.00"), "treasurer");
  EXPECT_TRUE(IsProblem(late, 409));
  EXPECT_EQ(FirstErrorField(late), "date");
  // Stock movements obey the same lock.
  HttpReply receipt =
      Post("/receipts", ReceiptBody("KYIV-1", "NFI-BLANKET", "1", "BL-P", "", "1.00", "2026-09-30"),
           "warehouse");
  EXPECT_TRUE(IsProblem(receipt, 409)) << receipt.body;
  // Corrections go into an open period.
  Must("/cash/donations", Donation("2026-11-02", "5.00"), "treasurer");
  // A month stays closed, and closing an earlier one adds nothing.
  EXPECT_TRUE(IsProblem(Post("/periods/close", R"({"month":"2026-10"})", "treasurer"), 409));
  EXPECT_TRUE(IsProblem(Post("/periods/close", R"({"month":"2026-09"})", "treasurer"), 409));
  EXPECT_TRUE(IsProblem(Post("/periods/close", R"({"month":"2026-13"})", "treasurer"), 422));
  EXPECT_TRUE(IsProblem(Post("/periods/close", R"({"month":"2026-11"})", "warehouse"), 403));
  HttpReply list = Get("/periods", "auditor");
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(Str(ParseObject(list.body), "closed_through"), "2026-10-31");
  // A month that has not ended yet (the last month there is, a typo decades
  // ahead) is refused: the warehouse goes on writing.
  for (const char* month : {"9999-12", "2062-11"}) {
    HttpReply early =
        Post("/periods/close", std::string(R"({"month":")") + month + "\"}", "treasurer");
    EXPECT_TRUE(IsProblem(early, 422)) << month << ": " << early.body;
    EXPECT_EQ(FirstErrorField(early), "month");
  }
  Must("/cash/donations", Donation("2026-11-03", "5.00"), "treasurer");
}

TEST_F(BooksTest, StatementsMatchOrShowTheDifference) {
  SetUpBooks();
  Must("/cash/donations", Donation("2026-10-15", "100.00"), "treasurer");
  Must("/cash/donations", Donation("2026-11-03", "20.50"), "treasurer");
  auto matched =
      Must("/accounts/BK-EUR/statements",
           R"({"date":"2026-10-31","balance":{"amount":"100.00","currency":"EUR"}})", "treasurer");
  Must("/accounts/BK-EUR/statements",
       R"({"date":"2026-11-05","balance":{"amount":"120.00","currency":"EUR"}})", "treasurer");
  EXPECT_EQ(MoneyText(matched, "difference"), "0.00 EUR");
  HttpReply list = Get("/accounts/BK-EUR/statements", "auditor");
  ASSERT_EQ(list.status, 200) << list.body;
  auto items = Arr(ParseObject(list.body), "items");
  ASSERT_EQ(items->size(), 2u);
  EXPECT_TRUE(At(items, 0)->getValue<bool>("matched"));
  EXPECT_FALSE(At(items, 1)->getValue<bool>("matched"));
  EXPECT_EQ(MoneyText(At(items, 1), "book_balance"), "120.50 EUR");
  EXPECT_EQ(MoneyText(At(items, 1), "difference"), "-0.50 EUR");
  // The reconciliation report shows the statements of its period beside the books.
  HttpReply report = Get("/reports/reconciliation?from=2026-11-01&to=2026-11-30", "treasurer");
  ASSERT_EQ(report.status, 200) << report.body;
  auto statements = Arr(At(Arr(ParseObject(report.body), "accounts"), 0), "statements");
  ASSERT_EQ(statements->size(), 1u);  // the October one is before the period
  EXPECT_EQ(Str(At(statements, 0), "date"), "2026-11-05");
  EXPECT_FALSE(At(statements, 0)->getValue<bool>("matched"));
  EXPECT_EQ(MoneyText(At(statements, 0), "difference"), "-0.50 EUR");
  // One statement per account and day; its currency is the account's.
  EXPECT_TRUE(IsProblem(
      Post("/accounts/BK-EUR/statements",
           R"({"date":"2026-10-31","balance":{"amount":"1.00","currency":"EUR"}})", "treasurer"),
      409));
  EXPECT_TRUE(IsProblem(
      Post("/accounts/BK-EUR/statements",
           R"({"date":"2026-10-30","balance":{"amount":"1.00","currency":"UAH"}})", "treasurer"),
      422));
  EXPECT_TRUE(IsProblem(
      Post("/accounts/NOPE/statements",
           R"({"date":"2026-10-30","balance":{"amount":"1.00","currency":"UAH"}})", "treasurer"),
      404));
}

}  // namespace
}  // namespace zapas::testing

namespace zapas::testing {
namespace {

class GoodsBooksTest : public ZapasServerTest {};

TEST_F(GoodsBooksTest, GoodsEnterAndLeaveTheBooksAtTheirDeclaredValue) {
  ASSERT_EQ(
      Post("/rates",
           R"([{"r030":978,"txt":"Євро","rate":40.1234,"cc":"EUR","exchangedate":"30.10.2026"}])",
           "treasurer")
          .status,
      201);
  Must("/receipts", ReceiptBody("KYIV-1", "NFI-BLANKET", "3", "BL-G", "", "0.35", "2026-11-01"),
       "warehouse");
  Must("/deliveries", DeliveryBody("KYIV-1", "NFI-BLANKET", "1", "2026-11-02"), "warehouse");
  HttpReply journal = Get("/export/journal?to=2026-11-02", "auditor");
  ASSERT_EQ(journal.status, 200) << journal.body;
  std::string path = server_->dir() + "/goods.journal";
  std::ofstream(path) << journal.body;
  auto amounts = ParseBalances(
      RunCommand("hledger -f " + path + " balance --flat --no-total -O csv --layout=bare 2>&1"));
  auto uah = ParseBalances(
      RunCommand("hledger -f " + path + " balance --flat --no-total -O csv --layout=bare -B 2>&1"));
  // 3 x 0.35 EUR = 1.05 EUR, at 40.1234: 42.13 UAH; one unit out: 0.35 EUR, 14.04 UAH.
  EXPECT_EQ((amounts[{"assets:goods:de-hilfe", "EUR"}]), "0.70");
  EXPECT_EQ((uah[{"assets:goods:de-hilfe", "UAH"}]), "28.09");
  EXPECT_EQ((amounts[{"expenses:distributed:military_unit", "EUR"}]), "0.35");
  EXPECT_EQ((uah[{"expenses:distributed:military_unit", "UAH"}]), "14.04");
  EXPECT_EQ((uah[{"income:in-kind:de-hilfe", "UAH"}]), "-42.13");

  // The rest leaves: the goods account is exactly zero in EUR and in UAH.
  Must("/deliveries", DeliveryBody("KYIV-1", "NFI-BLANKET", "2", "2026-11-03"), "warehouse");
  journal = Get("/export/journal?to=2026-11-30", "auditor");
  std::ofstream(path, std::ios::trunc) << journal.body;
  amounts = ParseBalances(
      RunCommand("hledger -f " + path + " balance --flat --no-total -O csv --layout=bare 2>&1"));
  uah = ParseBalances(
      RunCommand("hledger -f " + path + " balance --flat --no-total -O csv --layout=bare -B 2>&1"));
  EXPECT_EQ(amounts.count({"assets:goods:de-hilfe", "EUR"}), 0u);
  EXPECT_EQ(uah.count({"assets:goods:de-hilfe", "UAH"}), 0u);
  EXPECT_EQ((uah[{"expenses:distributed:military_unit", "UAH"}]), "42.13");
}

TEST_F(GoodsBooksTest, ExportNamesAMissingRate) {
  Must("/receipts", ReceiptBody("KYIV-1", "NFI-BLANKET", "3", "BL-H", "", "0.35", "2026-11-01"),
       "warehouse");
  HttpReply journal = Get("/export/journal?to=2026-11-30", "auditor");
  EXPECT_TRUE(IsProblem(journal, 422)) << journal.body;
  EXPECT_NE(journal.body.find("no NBU rate of EUR"), std::string::npos) << journal.body;
}

}  // namespace
}  // namespace zapas::testing
