// books_bench: how fast Zapas answers the treasurer's reconciliation report on
// a large cash book, compared with hledger and ledger on the same books.
//
// A program run by hand, not a test:
//   build/bench/books_bench [--postings N] [--big N] [--http N]
//                           [--donation-rounds N] [--dir DIR] [--keep]
//
// 1. builds a book of --postings money postings through the Repository API:
//    three years (2024-01-01..2026-12-31) of daily NBU-like rates of EUR and
//    USD (weekdays, random walk, 4 decimals), donors in EUR, USD and UAH,
//    accounts BK-UAH, CASH-UAH, BK-EUR, BK-USD, and random donations,
//    payments, transfers, exchanges and bank fees booked with domain/books.h
//    at the rate in force on each day;
// 2. adds a treasurer with `zapas user add`, starts `zapas serve` on it, logs
//    in and times GET /api/v1/reports/reconciliation for the three years in
//    UAH (median of 3 after one warm-up), checks the answer against the sums
//    kept while building, and prints the server's peak memory (VmHWM); times
//    `zapas report reconciliation` (wall time, max RSS);
// 3. exports the journal (`zapas export journal`) and times
//    `hledger -f FILE balance -X UAH` and `ledger -f FILE balance -X UAH`
//    (skipped with a note when not installed: apt packages hledger, ledger);
// 4. --donation-rounds: on a fresh book, rounds of 8 s of donations into one
//    account over 16 connections, with the writer's time by stage, and the
//    raw FULL SQLite rate; --http N: a book of N mixed cash operations
//    loaded over HTTP by 16 connections, then steps 2 and 3 on it (the
//    report checked against the operations);
// 5. does step 2 again on a book of --big postings.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/Net/HTTPClientSession.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "bench/bench_support.h"
#include "bench/http_load.h"
#include "domain/books.h"
#include "domain/date.h"
#include "domain/money.h"
#include "domain/rates.h"
#include "persistence/repository.h"

extern char** environ;

namespace {

using namespace zapas::bench;
using zapas::Date;
using zapas::Money;

constexpr const char* kFrom = "2024-01-01";
constexpr const char* kTo = "2026-12-31";
constexpr int64_t kPostingsPerTransaction = 50000;

struct Options {
  int64_t postings = 100000;
  int64_t big = 1000000;
  int64_t http = 100000;    // cash operations of the book loaded over HTTP (0: none)
  int donation_rounds = 4;  // rounds of donations into one account (0: none)
  double round_seconds = 8;
  std::string dir = DefaultTempParent();
  bool keep = false;
};

const char* kUsage =
    "Usage: books_bench [--postings N] [--big N] [--http N] [--donation-rounds N]\n"
    "                   [--dir DIR] [--keep]\n"
    "  --postings N  money postings of the book compared with hledger and ledger\n"
    "                (default 100000)\n"
    "  --big N       money postings of the large book, Zapas alone (default 1000000;\n"
    "                0 skips it)\n"
    "  --http N      cash operations of the book loaded over HTTP by 16 connections\n"
    "                (donations, payments, transfers, exchanges; default 100000; 0 skips)\n"
    "  --donation-rounds N  rounds of 8 s of donations into one account over HTTP, on\n"
    "                a book of their own, against the raw FULL rate (default 4; 0 skips)\n"
    "  --dir DIR     where the temporary directory is made (default $TMPDIR or /tmp)\n"
    "  --keep        keep the temporary directory (databases, journal, outputs)\n";

Options ParseOptions(int argc, char** argv) {
  Options o;
  OptionReader r(argc, argv, kUsage);
  while (r.Next()) {
    const std::string& a = r.option();
    if (a == "--postings") {
      o.postings = static_cast<int64_t>(r.Number());
    } else if (a == "--big") {
      o.big = static_cast<int64_t>(r.Number());
    } else if (a == "--http") {
      o.http = static_cast<int64_t>(r.Number());
    } else if (a == "--donation-rounds") {
      o.donation_rounds = static_cast<int>(r.Number());
    } else if (a == "--dir") {
      o.dir = r.Value();
    } else if (a == "--keep") {
      o.keep = true;
    } else {
      r.Unknown();
    }
  }
  if (o.postings < 10) Die("--postings must be at least 10");
  return o;
}

// ---------------------------------------------------------------------------
// The book.

const zapas::Currency& Cur(const char* code) {
  const zapas::Currency* c = zapas::FindCurrency(code);
  if (c == nullptr) Die(std::string("no ") + code + " in the currency table");
  return *c;
}

// What the report must say, summed while building (minor units).
struct Expected {
  std::map<std::string, int64_t> closing;         // account code -> own currency
  bool booked = true;                             // closing_booked is known
  std::map<std::string, int64_t> closing_booked;  // account code -> booked UAH
  std::map<std::string, int64_t> received;        // donor code -> donor currency
};

struct BuildStats {
  double seconds = 0;
  int64_t entries = 0;
  int64_t postings = 0;
  int64_t rates = 0;
  std::map<std::string, int64_t> kinds;  // entries by kind
  double file_mb = 0;
  Expected expected;
};

struct DonorSpec {
  const char* code;
  const char* name;
  const char* country;
  const char* currency;
};
constexpr DonorSpec kDonors[] = {
    {"EU-ECHO", "European Civil Protection and Humanitarian Aid", "BE", "EUR"},
    {"DE-HILFE", "Aktion Deutschland Hilft", "DE", "EUR"},
    {"US-USAID", "United States Agency for International Development", "US", "USD"},
    {"US-GLOBAL", "GlobalGiving Foundation", "US", "USD"},
    {"UA-PRYTULA", "Serhiy Prytula Charity Foundation", "UA", "UAH"},
    {"UA-KYIVSTAR", "Kyivstar corporate giving", "UA", "UAH"},
};

// 1970-01-01 was a Thursday.
bool IsWeekday(Date d) {
  const int w = static_cast<int>((d.days() % 7 + 7 + 4) % 7);  // 0 Sunday .. 6 Saturday
  return w != 0 && w != 6;
}

// Builds the book at `path` until it holds `target` money postings.
BuildStats BuildBook(const std::string& path, int64_t target) {
  auto start = Clock::now();
  auto repo = OpenForBulkLoad(path);
  const zapas::Currency& uah = Cur("UAH");
  const zapas::Currency& eur = Cur("EUR");
  const zapas::Currency& usd = Cur("USD");
  std::mt19937_64 rng(20240101 + static_cast<uint64_t>(target));
  auto uniform = [&](int64_t lo, int64_t hi) {  // inclusive
    return lo + static_cast<int64_t>(rng() % static_cast<uint64_t>(hi - lo + 1));
  };
  BuildStats stats;

  // Rates: every weekday, a random walk with 4 decimals; the rate in force on
  // each day (weekends carry Friday's) is kept for booking.
  const Date first = Date::FromCivil(2024, 1, 1);
  const Date last = Date::FromCivil(2026, 12, 31);
  const int32_t days = last.days() - first.days() + 1;
  std::vector<zapas::Rate> stored, eur_in_force, usd_in_force;
  {
    int64_t e4 = 410000, u4 = 378000;                   // 41.0000, 37.8000
    std::normal_distribution<double> step(0.0, 800.0);  // ~0.08 UAH a day
    zapas::Rate e{first, &eur, 0}, u{first, &usd, 0};
    for (int32_t i = 0; i < days; ++i) {
      const Date d = first.AddDays(i);
      if (IsWeekday(d)) {
        e4 = std::clamp<int64_t>(e4 + std::llround(step(rng)), 380000, 480000);
        u4 = std::clamp<int64_t>(u4 + std::llround(step(rng) * 0.9), 360000, 440000);
        e = zapas::Rate{d, &eur, e4 * 1000000};
        u = zapas::Rate{d, &usd, u4 * 1000000};
        stored.push_back(e);
        stored.push_back(u);
      }
      eur_in_force.push_back(e);
      usd_in_force.push_back(u);
    }
  }

  Must(repo->Begin(), "begin");
  stats.rates = static_cast<int64_t>(Must(repo->InsertRates(stored), "insert rates"));
  std::vector<zapas::Donor> donors;
  for (const DonorSpec& s : kDonors) {
    zapas::Donor d{0, s.code, s.name, s.country, &Cur(s.currency)};
    d.id = Must(repo->InsertDonor(d), "insert donor");
    donors.push_back(d);
  }
  constexpr size_t kBkUah = 0, kCashUah = 1, kBkEur = 2, kBkUsd = 3;
  std::vector<zapas::Account> accounts = {
      {0, "BK-UAH", "PrivatBank, UAH current account", &uah, zapas::AccountKind::kBank},
      {0, "CASH-UAH", "Cash box, Kyiv office", &uah, zapas::AccountKind::kCash},
      {0, "BK-EUR", "PrivatBank, EUR account", &eur, zapas::AccountKind::kBank},
      {0, "BK-USD", "PrivatBank, USD account", &usd, zapas::AccountKind::kBank},
  };
  for (auto& a : accounts) a.id = Must(repo->InsertAccount(a), "insert account");
  Must(repo->Commit(), "commit master data");

  std::vector<int64_t> balance(accounts.size(), 0);  // minor units, own currency
  auto rate_of = [&](const zapas::Currency& c, int32_t day) {
    if (&c == &eur) return eur_in_force[static_cast<size_t>(day)];
    if (&c == &usd) return usd_in_force[static_cast<size_t>(day)];
    return zapas::Rate{first.AddDays(day), &uah, 10000000000LL};
  };
  auto account_of = [&](const zapas::Currency& c) -> size_t {
    return &c == &eur ? kBkEur : &c == &usd ? kBkUsd : (rng() % 4 == 0 ? kCashUah : kBkUah);
  };

  zapas::JournalEntry entry;
  entry.recorded_by = "bench";
  entry.document = "{}";
  int64_t in_transaction = 0, next_report = 0;
  auto store = [&](const char* kind, const char* prefix, Date date,
                   std::vector<zapas::MoneyPosting> postings) {
    Must(zapas::CheckBalanced(postings), kind);
    if (in_transaction == 0) Must(repo->Begin(), "begin");
    const int64_t n = Must(repo->NextNumber(prefix, date.year()), "number");
    char number[48];
    std::snprintf(number, sizeof number, "%s-%04d-%06lld", prefix, date.year(),
                  static_cast<long long>(n));
    entry.kind = kind;
    entry.number = number;
    entry.date = date;
    entry.recorded_at = date.ToString() + "T09:00:00Z";
    for (const auto& p : postings) {
      if (p.account_id != 0) {
        for (size_t i = 0; i < accounts.size(); ++i) {
          if (accounts[i].id != p.account_id) continue;
          balance[i] += p.amount.minor_units();
          stats.expected.closing[accounts[i].code] += p.amount.minor_units();
          stats.expected.closing_booked[accounts[i].code] += p.uah.minor_units();
        }
      }
    }
    entry.money = std::move(postings);
    Must(repo->InsertEntry(entry), "insert entry");
    stats.postings += static_cast<int64_t>(entry.money.size());
    in_transaction += static_cast<int64_t>(entry.money.size());
    ++stats.entries;
    ++stats.kinds[kind];
    if (in_transaction >= kPostingsPerTransaction) {
      Must(repo->Commit(), "commit");
      in_transaction = 0;
    }
    if (stats.postings >= next_report) {
      Say("  ... %lld / %lld postings (%.1f s)", static_cast<long long>(stats.postings),
          static_cast<long long>(target), Since(start));
      next_report += std::max<int64_t>(target / 5, 1);
    }
  };
  // An amount of `c` between lo and hi whole units, with random cents.
  auto amount = [&](const zapas::Currency& c, int64_t lo, int64_t hi) {
    return Money::FromMinor(uniform(lo * 100, hi * 100), c);
  };
  auto donate = [&](Date date, int32_t day, const zapas::Donor* donor, size_t account) {
    const zapas::Currency& c = *accounts[account].currency;
    const bool big = &c == &uah;
    Money m = amount(c, big ? 5000 : 500, big ? 800000 : 40000);
    auto postings =
        Must(zapas::BookDonation(accounts[account], *donor, m, rate_of(c, day)), "book donation");
    stats.expected.received[donor->code] += m.minor_units();
    store("cash_donation", "CD", date, std::move(postings));
  };
  auto donor_in = [&](const zapas::Currency& c) {
    std::vector<const zapas::Donor*> fit;
    for (const auto& d : donors) {
      if (d.currency == &c) fit.push_back(&d);
    }
    return fit[rng() % fit.size()];
  };
  // The most that may leave `account` in one operation (a quarter of its
  // balance, at most `cap` units); 0 when it holds too little.
  auto room = [&](size_t account, int64_t cap) -> int64_t {
    const int64_t units = std::min(balance[account] / 400, cap);
    return units >= 10 ? units : 0;
  };

  for (int32_t day = 0; day < days && stats.postings < target; ++day) {
    const Date date = first.AddDays(day);
    // Postings due by the end of this day, spread evenly over the three years.
    const int64_t due = day + 1 == days ? target : target * (day + 1) / days;
    while (stats.postings < due) {
      const int op = static_cast<int>(rng() % 100);
      if (op < 14) {  // a donation
        const zapas::Donor* donor = &donors[rng() % donors.size()];
        donate(date, day, donor, account_of(*donor->currency));
      } else if (op < 56) {  // a payment, mostly in hryvnias
        const size_t a =
            rng() % 10 < 7 ? (rng() % 3 == 0 ? kCashUah : kBkUah) : (rng() % 2 ? kBkEur : kBkUsd);
        const zapas::Currency& c = *accounts[a].currency;
        const int64_t max = room(a, &c == &uah ? 400000 : 20000);
        if (max == 0) {
          donate(date, day, donor_in(c), a == kCashUah ? kBkUah : a);
          continue;
        }
        const zapas::Donor* charged = rng() % 10 < 7 ? &donors[rng() % donors.size()] : nullptr;
        auto postings =
            Must(zapas::BookPayment(accounts[a], amount(c, 10, max), charged, rate_of(c, day)),
                 "book payment");
        store("payment", "PAY", date, std::move(postings));
      } else if (op < 66) {  // cash withdrawn from the bank, or paid in
        const bool withdraw = rng() % 4 != 0;
        const size_t from = withdraw ? kBkUah : kCashUah, to = withdraw ? kCashUah : kBkUah;
        const int64_t max = room(from, 200000);
        if (max == 0) {
          donate(date, day, donor_in(uah), kBkUah);
          continue;
        }
        auto postings = Must(zapas::BookTransfer(accounts[from], accounts[to], amount(uah, 10, max),
                                                 rate_of(uah, day)),
                             "book transfer");
        store("cash_transfer", "CT", date, std::move(postings));
      } else if (op < 82) {                // an exchange at the bank's rate, within 2% of the NBU's
        const bool sell = rng() % 4 != 0;  // sell EUR/USD for UAH, or buy them
        const size_t fx = rng() % 2 ? kBkEur : kBkUsd;
        const size_t from = sell ? fx : kBkUah, to = sell ? kBkUah : fx;
        const zapas::Currency& fc = *accounts[fx].currency;
        const zapas::Rate nbu = rate_of(fc, day);
        const int64_t bank_rate4 = nbu.uah_per_unit / 1000000 *
                                   (sell ? 10000 - uniform(0, 200) : 10000 + uniform(0, 200)) /
                                   10000;  // 4 decimals
        int64_t fx_minor = 0;
        if (sell) {
          const int64_t max = room(from, 30000);
          if (max > 0) fx_minor = amount(fc, 10, max).minor_units();
        } else {
          const int64_t max = room(from, 1000000) * 10000 / bank_rate4;  // in units of fc
          if (max >= 10) fx_minor = amount(fc, 10, std::min<int64_t>(max, 20000)).minor_units();
        }
        if (fx_minor == 0) {
          donate(date, day, donor_in(*accounts[from].currency), from);
          continue;
        }
        const Money fx_money = Money::FromMinor(fx_minor, fc);
        // kopiyky = cents * rate4 / 10^4, rounded
        const Money uah_money = Money::FromMinor((fx_minor * bank_rate4 + 5000) / 10000, uah);
        const Money& sold = sell ? fx_money : uah_money;
        const Money& bought = sell ? uah_money : fx_money;
        auto postings = Must(
            zapas::BookExchange(accounts[from], accounts[to], sold, rate_of(sold.currency(), day),
                                bought, rate_of(bought.currency(), day)),
            "book exchange");
        store("exchange", "FX", date, std::move(postings));
      } else {  // a bank fee
        const size_t a = std::array<size_t, 3>{kBkUah, kBkEur, kBkUsd}[rng() % 3];
        const zapas::Currency& c = *accounts[a].currency;
        if (room(a, 1000) == 0) {
          donate(date, day, donor_in(c), a);
          continue;
        }
        Money fee = &c == &uah ? amount(c, 5, 300) : amount(c, 1, 25);
        auto postings = Must(zapas::BookFee(accounts[a], fee, rate_of(c, day)), "book fee");
        store("bank_fee", "FEE", date, std::move(postings));
      }
    }
  }
  if (in_transaction > 0) Must(repo->Commit(), "commit");
  repo.reset();  // closes the connection: checkpoints and removes the WAL
  stats.seconds = Since(start);
  stats.file_mb = FileMegabytes(path);
  return stats;
}

// ---------------------------------------------------------------------------
// Child processes.

std::string Which(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "/usr/local/bin:/usr/bin:/bin");
  std::string d;
  while (std::getline(dirs, d, ':')) {
    std::string f = (d.empty() ? "." : d) + "/" + name;
    if (access(f.c_str(), X_OK) == 0) return f;
  }
  return "";
}

struct RunResult {
  int status = -1;  // exit code; 128+N for signal N
  double seconds = 0;
  double max_rss_mb = 0;
};

// Runs `args` (args[0] an executable path) with standard output to `out` and
// standard error to `err`; wall time and max RSS from wait4.
RunResult RunTimed(const std::vector<std::string>& args, const std::string& out,
                   const std::string& err) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  std::vector<std::string> copy = args;
  std::vector<char*> argv;
  for (auto& a : copy) argv.push_back(a.data());
  argv.push_back(nullptr);
  RunResult r;
  pid_t pid = -1;
  auto start = Clock::now();
  int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) Die("cannot start " + args[0] + ": " + std::strerror(rc));
  int status = 0;
  rusage ru{};
  if (wait4(pid, &status, 0, &ru) != pid) Die("wait4 " + args[0]);
  r.seconds = Since(start);
  r.max_rss_mb = static_cast<double>(ru.ru_maxrss) / 1024.0;  // KiB on Linux
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return r;
}

// The last `n` lines of `text`.
std::string Tail(const std::string& text, int n) {
  size_t at = text.find_last_not_of('\n');
  if (at == std::string::npos) return "";
  const size_t end = at + 1;
  for (int i = 0; i < n && at != std::string::npos; ++i) {
    at = at == 0 ? std::string::npos : text.rfind('\n', at - 1);
  }
  const size_t begin = at == std::string::npos ? 0 : at + 1;
  return text.substr(begin, end - begin);
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

// ---------------------------------------------------------------------------
// Zapas' report, through the server and the command line.

struct ZapasResult {
  int64_t postings = 0;
  double ready_s = 0;
  std::vector<double> http_s;  // the timed requests
  double http_median = 0;
  size_t bytes = 0;
  Memory before, after;  // the server's, after login and after the reports
  std::vector<double> cli_s;
  double cli_median = 0, cli_max_rss_mb = 0;
  std::vector<std::string> problems;            // mismatches; empty when the report is right
  std::map<std::string, std::string> revalued;  // "assets:bank:bk-eur" -> closing_revalued
  std::string stop;
};

// Compares the report with the sums kept while building.
void Check(const std::string& body, const Expected& e, std::vector<std::string>& problems,
           std::map<std::string, std::string>& revalued) {
  auto obj = ParseObject(body, "the report");
  auto money = [](Poco::JSON::Object::Ptr o, const char* key) {
    return o->getObject(key)->getValue<std::string>("amount");
  };
  auto text = [](int64_t minor, const char* currency) {
    return Money::FromMinor(minor, Cur(currency)).AmountString();
  };
  auto compare = [&](const std::string& what, const std::string& got, const std::string& want) {
    if (got != want) problems.push_back(what + ": report " + got + ", expected " + want);
  };
  auto accounts = obj->getArray("accounts");
  if (accounts->size() != e.closing.size()) problems.push_back("number of accounts");
  int64_t total_booked = 0;
  for (size_t i = 0; i < accounts->size(); ++i) {
    auto a = accounts->getObject(static_cast<unsigned>(i));
    const std::string code = a->getValue<std::string>("code");
    const std::string currency = a->getValue<std::string>("currency");
    auto c = e.closing.find(code), b = e.closing_booked.find(code);
    const int64_t closing = c == e.closing.end() ? 0 : c->second;
    const int64_t booked = b == e.closing_booked.end() ? 0 : b->second;
    total_booked += booked;
    compare(code + " closing", money(a, "closing"), text(closing, currency.c_str()));
    compare(code + " in - out",
            text(Must(Money::Parse(money(a, "in"), currency), "in").minor_units() -
                     Must(Money::Parse(money(a, "out"), currency), "out").minor_units(),
                 currency.c_str()),
            text(closing, currency.c_str()));
    if (e.booked)
      compare(code + " closing_booked", money(a, "closing_booked"), text(booked, "UAH"));
    std::string ledger = "assets:" + a->getValue<std::string>("kind") + ":" + code;
    std::transform(ledger.begin(), ledger.end(), ledger.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    revalued[ledger] = money(a, "closing_revalued");
  }
  if (e.booked) {
    compare("totals closing_booked", money(obj->getObject("totals"), "closing_booked"),
            text(total_booked, "UAH"));
  }
  auto donors = obj->getArray("donors");
  for (size_t i = 0; i < donors->size(); ++i) {
    auto d = donors->getObject(static_cast<unsigned>(i));
    const std::string code = d->getValue<std::string>("code");
    auto r = e.received.find(code);
    compare(
        code + " received", money(d, "received"),
        text(r == e.received.end() ? 0 : r->second, d->getValue<std::string>("currency").c_str()));
  }
  if (donors->size() != e.received.size()) {
    problems.push_back("donors: report " + std::to_string(donors->size()) + ", expected " +
                       std::to_string(e.received.size()));
  }
}

ZapasResult TimeZapas(const std::string& dir, const std::string& config, const std::string& db,
                      const BuildStats& built, const std::string& label, bool add_user = true) {
  ZapasResult z;
  z.postings = built.postings;
  if (add_user) {
    Say("adding user bench (treasurer) with zapas user add ...");
    AddUser(config, db, "treasurer");
  }
  Say("starting zapas serve on it ...");
  const std::string query =
      std::string("/api/v1/reports/reconciliation?from=") + kFrom + "&to=" + kTo + "&currency=UAH";
  std::string body;
  {
    Server server(config, db);
    server.WaitReadyOrDie(300);
    z.ready_s = server.ready_seconds();
    Say("  ready on port %d after %.2f s", server.port(), z.ready_s);
    Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(server.port()));
    session.setKeepAlive(true);
    session.setTimeout(Poco::Timespan(300, 0));
    const std::string token = Login(session);
    z.before = ReadMemory(server.pid());
    Say("  logged in as bench; server VmRSS %.1f MB, peak %.1f MB (the login's argon2id "
        "hash included)",
        z.before.rss_mb, z.before.hwm_mb);
    for (int i = 0; i < 4; ++i) {
      auto t0 = Clock::now();
      HttpReply r = Send(session, {"GET", query, ""}, token);
      const double s = Since(t0);
      if (r.status != 200) {
        Die("GET " + query + ": HTTP " + std::to_string(r.status) + " " + r.body.substr(0, 600));
      }
      Say("  GET reconciliation %s: %.3f s, %zu bytes", i == 0 ? "(warm-up)" : "         ", s,
          r.body.size());
      if (i > 0) z.http_s.push_back(s);
      body = std::move(r.body);
    }
    z.http_median = Median(z.http_s);
    z.bytes = body.size();
    z.after = ReadMemory(server.pid());
    Say("  server VmRSS %.1f MB, peak (VmHWM) %.1f MB after the reports", z.after.rss_mb,
        z.after.hwm_mb);
    z.stop = server.Stop();
  }
  Check(body, built.expected, z.problems, z.revalued);
  for (const std::string& p : z.problems) Say("  !! %s", p.c_str());
  if (z.problems.empty()) {
    Say("  the report agrees with the book: closings, booked UAH and donations of %zu accounts "
        "and %zu donors",
        built.expected.closing.size(), built.expected.received.size());
  }

  Say("zapas report reconciliation (the command line, 3 runs) ...");
  const std::string out = dir + "/" + label + "-report.json";
  for (int i = 0; i < 3; ++i) {
    RunResult r = RunTimed({ZAPAS_BINARY, "report", "reconciliation", "--from", kFrom, "--to", kTo,
                            "--currency", "UAH", "--db", db, "--config", config, "-o", out},
                           "/dev/null", dir + "/" + label + "-report.err");
    if (r.status != 0) {
      Die("zapas report reconciliation: status " + std::to_string(r.status) + ": " +
          ReadFile(dir + "/" + label + "-report.err"));
    }
    Say("  %.3f s, max RSS %.1f MB", r.seconds, r.max_rss_mb);
    z.cli_s.push_back(r.seconds);
    z.cli_max_rss_mb = std::max(z.cli_max_rss_mb, r.max_rss_mb);
  }
  z.cli_median = Median(z.cli_s);
  std::string cli = ReadFile(out);
  if (!cli.empty() && cli.back() == '\n') cli.pop_back();
  if (cli != body) {
    z.problems.push_back("the command line's report differs from the server's");
    Say("  !! the command line's report differs from the server's");
  }
  return z;
}

struct ToolResult {
  std::string name;
  bool ran = false;
  std::string note;  // why it did not run, or how it failed
  RunResult run;
  std::string tail;  // the last lines of its output
};

ToolResult TimeTool(const std::string& name, const std::string& journal, const std::string& dir) {
  ToolResult t;
  t.name = name;
  const std::string path = Which(name);
  if (path.empty()) {
    t.note = name + " is not installed (apt-get install " + name + "): skipped";
    Say("  %s", t.note.c_str());
    return t;
  }
  const std::string out = dir + "/" + name + ".out", err = dir + "/" + name + ".err";
  Say("%s -f %s balance -X UAH ...", name.c_str(), journal.c_str());
  t.run = RunTimed({path, "-f", journal, "balance", "-X", "UAH"}, out, err);
  t.tail = Tail(ReadFile(out), 3);
  if (t.run.status != 0) {
    t.note =
        name + " failed (status " + std::to_string(t.run.status) + "): " + Tail(ReadFile(err), 5);
    Say("  !! %s", t.note.c_str());
    return t;
  }
  t.ran = true;
  Say("  %.2f s, max RSS %.1f MB; its last lines:\n%s", t.run.seconds, t.run.max_rss_mb,
      t.tail.c_str());
  return t;
}

// Exports the journal of `db` and times hledger and ledger on it (files in
// dir/label); compares hledger's -X UAH with Zapas' closing_revalued in `z`.
struct Comparison {
  RunResult exported;
  double journal_mb = 0;
  ToolResult hledger, ledger;
  int agree = 0;
  std::vector<std::string> disagree;
  double fastest = 0;  // seconds of the faster tool that ran
  std::string fastest_name;
  double ratio = 0, cli_ratio = 0;  // fastest / Zapas over HTTP, / Zapas CLI
};

Comparison CompareWithTools(const std::string& dir, const std::string& config,
                            const std::string& db, const std::string& label, const ZapasResult& z) {
  Comparison c;
  const std::string out = dir + "/" + label;
  std::filesystem::create_directories(out);
  const std::string journal = out + "/books.journal";
  Say("zapas export journal --to %s ...", kTo);
  c.exported = RunTimed({ZAPAS_BINARY, "export", "journal", "--to", kTo, "-o", journal, "--db", db,
                         "--config", config},
                        "/dev/null", out + "/export.err");
  if (c.exported.status != 0) Die("zapas export journal failed: " + ReadFile(out + "/export.err"));
  c.journal_mb = FileMegabytes(journal);
  Say("  %.2f s, max RSS %.1f MB, %.1f MB of journal", c.exported.seconds, c.exported.max_rss_mb,
      c.journal_mb);
  c.hledger = TimeTool("hledger", journal, out);
  c.ledger = TimeTool("ledger", journal, out);
  // hledger's -X UAH of each asset account against Zapas' closing_revalued.
  if (c.hledger.ran) {
    std::map<std::string, std::string> got;
    std::istringstream lines(ReadFile(out + "/hledger.out"));
    std::string l;
    while (std::getline(lines, l)) {
      std::istringstream words(l);
      std::string amount, commodity, account;
      if (words >> amount >> commodity >> account && commodity == "UAH") got[account] = amount;
    }
    for (const auto& [account, amount] : z.revalued) {
      auto it = got.find(account);
      const std::string h = it == got.end() ? "0.00" : it->second;
      auto a = Money::Parse(h, "UAH"), b = Money::Parse(amount, "UAH");
      if (a.ok() && b.ok() && *a == *b) {
        ++c.agree;
      } else {
        c.disagree.push_back(account + ": hledger " + h + ", Zapas " + amount);
      }
    }
    Say("hledger -X UAH and Zapas' closing_revalued agree on %d of %zu asset accounts", c.agree,
        z.revalued.size());
    for (const std::string& d : c.disagree) Say("  !! %s", d.c_str());
  }
  for (const ToolResult* t : {&c.hledger, &c.ledger}) {
    if (t->ran && (c.fastest == 0 || t->run.seconds < c.fastest)) {
      c.fastest = t->run.seconds;
      c.fastest_name = t->name;
    }
  }
  c.ratio = c.fastest > 0 && z.http_median > 0 ? c.fastest / z.http_median : 0;
  c.cli_ratio = c.fastest > 0 && z.cli_median > 0 ? c.fastest / z.cli_median : 0;
  return c;
}

// ---------------------------------------------------------------------------
// Books loaded over HTTP, as treasurers make them: the master data and rates
// of BuildBook, then cash operations posted by 16 connections, each with an
// Idempotency-Key of its own.

constexpr int kHttpConnections = 16;

// The weekdays of the book's years up to the end of November 2026, as text:
// the dates operations are booked on (each has its NBU rates; a server takes
// no write dated more than a week ahead).
std::vector<std::string> Weekdays() {
  std::vector<std::string> days;
  for (Date d = Date::FromCivil(2024, 1, 1); d <= Date::FromCivil(2026, 11, 30); d = d.AddDays(1)) {
    if (IsWeekday(d)) days.push_back(d.ToString());
  }
  return days;
}

std::string MoneyJson(int64_t minor, const char* currency) {
  return R"({"amount":")" + Money::FromMinor(minor, Cur(currency)).AmountString() +
         R"(","currency":")" + currency + R"("})";
}

// Cash operation i of a book of n: in every 20, a donation from each of the
// six donors, six payments (one earmarked to a donor), three transfers from
// the bank to the cash box, three exchanges (EUR and USD sold, USD bought)
// and one more payment; dated in order over the three years. Its effect on
// the accounts and the donors is added to `e` when given.
Request CashOperation(uint64_t i, uint64_t n, const std::vector<std::string>& days, Expected* e) {
  const std::string& date =
      days[std::min<size_t>(i * days.size() / std::max<uint64_t>(n, 1), days.size() - 1)];
  const int64_t wiggle = static_cast<int64_t>(i % 97);
  auto move = [&](const char* account, int64_t minor) {
    if (e != nullptr) e->closing[account] += minor;
  };
  auto payment = [&](const char* account, int64_t minor, const char* currency,
                     const char* donor) -> Request {
    move(account, -minor);
    std::string body = R"({"date":")" + date + R"(","amount":)" + MoneyJson(minor, currency) +
                       R"(,"account":")" + account +
                       R"(","purpose":"Пальне для евакуаційного авто")";
    if (donor != nullptr) body += std::string(R"(,"donor":")") + donor + "\"";
    return {"POST", "/api/v1/cash/payments", body + "}"};
  };
  auto exchange = [&](const char* from, int64_t sold, const char* sold_in, const char* to,
                      int64_t bought, const char* bought_in) -> Request {
    move(from, -sold);
    move(to, bought);
    return {"POST", "/api/v1/cash/exchanges",
            R"({"date":")" + date + R"(","account_from":")" + from + R"(","account_to":")" + to +
                R"(","sold":)" + MoneyJson(sold, sold_in) + R"(,"bought":)" +
                MoneyJson(bought, bought_in) + "}"};
  };
  Request r;
  const uint64_t k = i % 20;
  if (k < 6) {
    const DonorSpec& d = kDonors[k];
    const std::string currency = d.currency;
    const char* account = currency == "EUR" ? "BK-EUR" : currency == "USD" ? "BK-USD" : "BK-UAH";
    const int64_t minor = (currency == "UAH" ? 2000000 : 100000) + wiggle * 100;
    move(account, minor);
    if (e != nullptr) e->received[d.code] += minor;
    r = {"POST", "/api/v1/cash/donations",
         R"({"donor":")" + std::string(d.code) + R"(","date":")" + date + R"(","amount":)" +
             MoneyJson(minor, d.currency) + R"(,"account":")" + account + R"("})"};
  } else if (k < 12 || k == 19) {
    static constexpr const char* kPaid[] = {"BK-UAH", "BK-UAH", "CASH-UAH",
                                            "BK-EUR", "BK-USD", "BK-UAH"};
    const char* account = k == 19 ? "BK-UAH" : kPaid[k - 6];
    const char* currency = std::string(account) == "BK-EUR"   ? "EUR"
                           : std::string(account) == "BK-USD" ? "USD"
                                                              : "UAH";
    const int64_t minor = (std::string(currency) == "UAH" ? 15000 : 1200) + wiggle;
    r = payment(account, minor, currency, k == 11 ? "UA-PRYTULA" : nullptr);
  } else if (k < 15) {
    const int64_t minor = 50000 + wiggle;
    move("BK-UAH", -minor);
    move("CASH-UAH", minor);
    r = {"POST", "/api/v1/cash/transfers",
         R"({"date":")" + date + R"(","account_from":"BK-UAH","account_to":"CASH-UAH","amount":)" +
             MoneyJson(minor, "UAH") + "}"};
  } else if (k == 15 || k == 18) {
    r = exchange("BK-EUR", 10000, "EUR", "BK-UAH", 450000 + wiggle, "UAH");
  } else if (k == 16) {
    r = exchange("BK-USD", 5000, "USD", "BK-UAH", 205000 + wiggle, "UAH");
  } else {
    r = exchange("BK-UAH", 410000 + wiggle, "UAH", "BK-USD", 10000, "USD");
  }
  r.idempotency_key = "cash-" + std::to_string(i);
  return r;
}

struct HttpBook {
  std::vector<std::pair<LoadResult, WriterStages>> donations;  // rounds into one account
  RateResult raw;                                              // raw FULL after them
  LoadResult load;                                             // the book's operations
  WriterStages load_stages;
  uint64_t operations = 0;  // posted (acknowledged, late or failed)
  Expected expected;
  BuildStats built;  // the master data and rates
};

// Starts a server on `db` (its user added), calls f(server, token, session),
// and stops it.
template <typename F>
void WithServer(const std::string& config, const std::string& db, F&& f) {
  AddUser(config, db, "treasurer");
  Server server(config, db);
  server.WaitReadyOrDie(300);
  Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(server.port()));
  session.setKeepAlive(true);
  const std::string token = Login(session);
  f(server, token, session);
  server.Stop();
}

HttpBook LoadOverHttp(const Options& opt, const std::string& dir, const std::string& config,
                      const std::string& db) {
  HttpBook book;
  if (opt.donation_rounds > 0) {
    const std::string hot_db = dir + "/donations.db";
    Say("donations into one account over HTTP: a fresh book, %d rounds of %.0f s, %d "
        "connections ...",
        opt.donation_rounds, opt.round_seconds, kHttpConnections);
    (void)BuildBook(hot_db, 0);
    WithServer(
        config, hot_db,
        [&](Server& server, const std::string& token, Poco::Net::HTTPClientSession& session) {
          std::atomic<uint64_t> next{0};
          auto make = [&](std::mt19937_64&) {
            const uint64_t i = next.fetch_add(1);
            Request r{"POST", "/api/v1/cash/donations",
                      R"({"donor":"UA-PRYTULA","date":"2026-11-27","amount":)" +
                          MoneyJson(100000 + static_cast<int64_t>(i % 1000), "UAH") +
                          R"(,"account":"BK-UAH"})"};
            r.idempotency_key = "donation-" + std::to_string(i);
            return r;
          };
          for (int round = 0; round < opt.donation_rounds; ++round) {
            const WriterStages before = ScrapeStages(session, token);
            LoadResult l = RunLoad({{server.pid(), server.port(), token}}, kHttpConnections,
                                   opt.round_seconds, make, 201);
            const WriterStages stages = ScrapeStages(session, token) - before;
            Say("  round %d: %s", round + 1, Describe(l).c_str());
            Say("      %s", stages.Describe().c_str());
            ReportErrors("donations", l);
            book.donations.emplace_back(std::move(l), stages);
          }
        });
    book.raw = RawSqliteInserts(dir + "/raw.db", 3.0);
    Say("  raw SQLite single-row durable inserts: %.0f /s", book.raw.rate());
  }
  Say("a book of %lld cash operations loaded over HTTP (%d connections) ...",
      static_cast<long long>(opt.http), kHttpConnections);
  book.built = BuildBook(db, 0);
  const std::vector<std::string> days = Weekdays();
  WithServer(config, db,
             [&](Server& server, const std::string& token, Poco::Net::HTTPClientSession& session) {
               std::atomic<uint64_t> next{0};
               const uint64_t n = static_cast<uint64_t>(opt.http);
               auto make = [&](std::mt19937_64&) {
                 return CashOperation(next.fetch_add(1), n, days, nullptr);
               };
               const WriterStages before = ScrapeStages(session, token);
               book.load = RunLoad({{server.pid(), server.port(), token}}, kHttpConnections, 3600,
                                   make, 201, n);
               book.load_stages = ScrapeStages(session, token) - before;
               book.operations = next.load();
               Say("  %s", Describe(book.load).c_str());
               Say("      %s", book.load_stages.Describe().c_str());
               ReportErrors("cash operations", book.load);
             });
  book.expected.booked = false;
  for (uint64_t i = 0; i < book.operations; ++i) {
    (void)CashOperation(i, static_cast<uint64_t>(opt.http), days, &book.expected);
  }
  return book;
}

void PrintTools(const Comparison& c, const ZapasResult& z, double goal) {
  for (const ToolResult* t : {&c.hledger, &c.ledger}) {
    if (t->ran) {
      std::printf("  %s -f FILE balance -X UAH: %.2f s, max RSS %.1f MB\n", t->name.c_str(),
                  t->run.seconds, t->run.max_rss_mb);
    } else {
      std::printf("  %s: %s\n", t->name.c_str(), t->note.c_str());
    }
  }
  if (c.hledger.ran) {
    std::printf("  hledger -X UAH vs Zapas closing_revalued: %d of %zu asset accounts agree\n",
                c.agree, z.revalued.size());
  }
  if (c.fastest > 0) {
    std::printf(
        "  ratio %s / Zapas report over HTTP: %.1fx (goal >= %.0fx) %s;  / Zapas CLI: %.1fx\n",
        c.fastest_name.c_str(), c.ratio, goal, Mark(c.ratio >= goal), c.cli_ratio);
  } else {
    std::printf("ratio: neither hledger nor ledger ran, no ratio\n");
  }
}

void PrintHttpBook(const HttpBook& h, const ZapasResult& z, const Comparison& c) {
  if (!h.donations.empty()) {
    std::printf(
        "donations into one account over HTTP (%d conns, a key per request; raw FULL %.0f /s):\n",
        kHttpConnections, h.raw.rate());
    for (size_t i = 0; i < h.donations.size(); ++i) {
      const LoadResult& l = h.donations[i].first;
      const double x = h.raw.rate() > 0 ? l.rate() / h.raw.rate() : 0;
      std::printf(
          "  round %zu: %.0f /s  p99 %.2f ms  %.2fx raw (goal >= 3x) %s; writer %.1f "
          "us/operation\n",
          i + 1, l.rate(), l.percentile_ms(0.99), x, Mark(x >= 3),
          h.donations[i].second.writer_us());
    }
  }
  std::printf(
      "book of %llu cash operations loaded over HTTP (%d conns): %.0f /s  p99 %.2f ms, "
      "%llu errors\n",
      static_cast<unsigned long long>(h.operations), kHttpConnections, h.load.rate(),
      h.load.percentile_ms(0.99), static_cast<unsigned long long>(h.load.errors));
  std::printf("  %s\n", h.load_stages.Describe().c_str());
  std::printf(
      "  GET /api/v1/reports/reconciliation (3 years, UAH): median %.3f s; CLI %.3f s; "
      "checked against the operations: %s\n",
      z.http_median, z.cli_median, z.problems.empty() ? "agrees" : "DISAGREES (see above)");
  PrintTools(c, z, 40);
}

BuildStats Build(const std::string& db, int64_t postings) {
  Say("building a book of %lld money postings (%s..%s) ...", static_cast<long long>(postings),
      kFrom, kTo);
  BuildStats b = BuildBook(db, postings);
  std::string kinds;
  for (const auto& [kind, n] : b.kinds) {
    kinds += (kinds.empty() ? "" : ", ") + kind + " " + std::to_string(n);
  }
  Say("  built: %lld postings in %lld entries (%s), %lld rates, in %.2f s (%.0f postings/s), "
      "%.1f MB",
      static_cast<long long>(b.postings), static_cast<long long>(b.entries), kinds.c_str(),
      static_cast<long long>(b.rates), b.seconds, static_cast<double>(b.postings) / b.seconds,
      b.file_mb);
  return b;
}

}  // namespace

int main(int argc, char** argv) {
  SetProgramName("books_bench");
  Options opt = ParseOptions(argc, argv);
  signal(SIGPIPE, SIG_IGN);
  const auto run_start = Clock::now();
  const std::string dir = MakeWorkDir(opt.dir, "zapas-books");
  const std::string config = dir + "/bench.properties";
  WriteServerConfig(config, "metrics.loopback = true\n");
  Say("books_bench: working in %s (zapas %s)", dir.c_str(), ZAPAS_BINARY);

  // --- 1. the book at --postings, Zapas, hledger and ledger -----------------------
  const std::string db = dir + "/books.db";
  BuildStats small = Build(db, opt.postings);
  ZapasResult zs = TimeZapas(dir, config, db, small, "small");

  const Comparison cs = CompareWithTools(dir, config, db, "books", zs);
  BuildStats http_built;
  HttpBook http;
  ZapasResult zh;
  Comparison ch;
  if (opt.http > 0) {
    const std::string http_db = dir + "/http.db";
    http = LoadOverHttp(opt, dir, config, http_db);
    http.built.expected = http.expected;
    zh = TimeZapas(dir, config, http_db, http.built, "http", false);
    ch = CompareWithTools(dir, config, http_db, "http", zh);
  }

  // --- 2. the big book, Zapas alone ------------------------------------------------
  ZapasResult zb;
  BuildStats big;
  if (opt.big > 0) {
    const std::string big_db = dir + "/big.db";
    big = Build(big_db, opt.big);
    zb = TimeZapas(dir, config, big_db, big, "big");
  }

  // --- summary ----------------------------------------------------------------------
  auto line = [](const ZapasResult& z) {
    std::printf(
        "  GET /api/v1/reports/reconciliation (3 years, UAH): median %.3f s of [%.3f %.3f "
        "%.3f], %zu bytes\n",
        z.http_median, z.http_s[0], z.http_s[1], z.http_s[2], z.bytes);
    std::printf(
        "  server: ready %.2f s after spawn; VmRSS %.1f MB after the reports; peak "
        "(VmHWM) %.1f MB (after login, before the report: peak %.1f MB)\n",
        z.ready_s, z.after.rss_mb, z.after.hwm_mb, z.before.hwm_mb);
    std::printf("  zapas report reconciliation (CLI): median %.3f s, max RSS %.1f MB\n",
                z.cli_median, z.cli_max_rss_mb);
    std::printf("  report checked against the book: %s\n",
                z.problems.empty() ? "agrees" : "DISAGREES (see above)");
  };
  std::printf("\n== Zapas books benchmark ==\n");
  std::printf("machine: %u hardware threads; dir %s\n", std::thread::hardware_concurrency(),
              dir.c_str());
  std::printf(
      "book of %lld postings (%lld entries, %s..%s, UAH/EUR/USD, %lld daily rates): "
      "built in %.1f s, %.1f MB\n",
      static_cast<long long>(small.postings), static_cast<long long>(small.entries), kFrom, kTo,
      static_cast<long long>(small.rates), small.seconds, small.file_mb);
  line(zs);
  std::printf("  zapas export journal: %.2f s, %.1f MB of journal\n", cs.exported.seconds,
              cs.journal_mb);
  PrintTools(cs, zs, 20);
  if (opt.http > 0) PrintHttpBook(http, zh, ch);
  if (opt.big > 0) {
    std::printf("book of %lld postings (%lld entries): built in %.1f s, %.1f MB\n",
                static_cast<long long>(big.postings), static_cast<long long>(big.entries),
                big.seconds, big.file_mb);
    line(zb);
    const bool fast = zb.http_median < 1.0, small_mem = zb.after.hwm_mb < 500;
    std::printf(
        "report at %lld postings: %.3f s over HTTP (goal < 1 s) %s; server peak %.1f MB "
        "(goal < 500 MB) %s; CLI %.3f s, %.1f MB %s\n",
        static_cast<long long>(big.postings), zb.http_median, Mark(fast), zb.after.hwm_mb,
        Mark(small_mem), zb.cli_median, zb.cli_max_rss_mb,
        Mark(zb.cli_median < 1.0 && zb.cli_max_rss_mb < 500));
  }
  const bool right =
      zs.problems.empty() && zb.problems.empty() && zh.problems.empty() && http.load.errors == 0;
  std::printf("reports right: %s; servers stopped: %s%s%s\n", right ? "yes" : "NO", zs.stop.c_str(),
              zb.stop.empty() ? "" : ", ", zb.stop.c_str());
  std::printf("total run time %.1f s\n", Since(run_start));
  std::fflush(stdout);
  FinishWorkDir(dir, opt.keep);
  // The goals are printed; only a wrong report or a failure fails the run.
  return right ? 0 : 1;
}
