// deliveries_bench: how fast Zapas takes durable deliveries over HTTP, compared
// with the raw rate of durable single-row SQLite commits on the same disk; the
// same on PostgreSQL with 1 and 2 servers on one database, compared with
// PostgreSQL's own durable single-row insert rate; how fast it starts on a
// large journal; and how fast GET /stock answers there.
//
// A program run by hand, not a test:
//   build/bench/deliveries_bench [--lots N] [--big-lots N] [--connections C]
//                                [--seconds S] [--dir DIR] [--keep]
//                                [--postgresql | --pg-url URL] [--servers 1,2]
//
// 1. builds a database of --lots lots through the Repository API and starts
//    `zapas serve` on it (durable: synchronous=FULL);
// 2. C keep-alive connections POST /api/v1/deliveries for S seconds;
// 3. measures single-row commits of raw SQLite (WAL, synchronous=FULL) in the
//    same directory, and prints the ratio;
// 4. with --postgresql or --pg-url: the same starting database in a fresh
//    PostgreSQL database; for each count N of --servers, N servers on it with
//    the C connections spread evenly over them, deliveries spread over lots
//    (and on a fresh SQLite database with one server, the same mix, beside
//    it);
//    raw durable single-row inserts through libpq; the ratios;
// 5. builds a database of --big-lots lots, starts a server on it (start-up
//    time = stock index rebuild), and loads GET /api/v1/health and
//    GET /api/v1/stock?sku= in turn; prints req/s, p99 and the server's VmRSS.
#include <signal.h>
#include <sqlite3.h>
#include <unistd.h>

#include <Poco/Exception.h>
#include <Poco/JSON/Object.h>
#include <Poco/Net/HTTPClientSession.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "bench/bench_support.h"
#include "bench/http_load.h"
#include "bench/postgres_support.h"
#include "domain/date.h"
#include "domain/entities.h"
#include "domain/money.h"
#include "persistence/repository.h"

namespace {

using namespace zapas::bench;
using zapas::Date;

constexpr int kItems = 30;
constexpr int kLotsPerEntry = 100;
constexpr int kLotsPerTransaction = 50000;
constexpr int64_t kLotQuantityMilli = 1000 * 1000;  // 1000 units per lot

struct Options {
  int64_t lots = 100000;
  int64_t big_lots = 1000000;
  int connections = 32;
  double seconds = 10;
  double read_seconds = 5;
  std::string dir = DefaultTempParent();  // parent of the temporary directory
  bool keep = false;
  bool postgresql = false;  // the PostgreSQL part (--postgresql or --pg-url)
  std::string pg_url;       // a running server; empty: a throw-away cluster
  std::vector<int> servers = {1, 2};
};

const char* kUsage =
    "Usage: deliveries_bench [--lots N] [--big-lots N] [--connections C] [--seconds S]\n"
    "                        [--read-seconds S] [--dir DIR] [--keep]\n"
    "                        [--postgresql | --pg-url URL] [--servers LIST]\n"
    "  --lots N          lots in the database for the delivery load (default 100000)\n"
    "  --big-lots N      lots in the database for start-up and GET /stock (default 1000000;\n"
    "                    0 skips that part)\n"
    "  --connections C   keep-alive HTTP connections (default 32)\n"
    "  --seconds S       length of the delivery load (default 10)\n"
    "  --read-seconds S  length of each read load at --big-lots (default 5)\n"
    "  --dir DIR         where the temporary directory is made (default $TMPDIR or /tmp);\n"
    "                    the databases and the raw SQLite file live there (same disk)\n"
    "  --keep            keep the temporary directory (and the PostgreSQL database made\n"
    "                    on a --pg-url server)\n"
    "  --postgresql      also run the deliveries on PostgreSQL, in a throw-away cluster\n"
    "                    (scripts/pg-test-cluster.sh; as root it runs as user postgres)\n"
    "  --pg-url URL      the same on a running PostgreSQL server: a fresh database\n"
    "                    zapas_bench is made there (the user needs CREATEDB) and dropped\n"
    "  --servers LIST    how many `zapas serve` share the PostgreSQL database, one\n"
    "                    load per count (default 1,2)\n"
    "The PostgreSQL key: ZAPAS_KEY when set, else a new key (a file in the temporary\n"
    "directory) passed to every server in ZAPAS_KEY.\n";

// "1,2" as {1, 2}; Die for anything but a list of counts from 1 to 16.
std::vector<int> ServerCounts(const std::string& option, const std::string& text) {
  std::vector<int> counts;
  size_t at = 0;
  while (at <= text.size()) {
    const size_t comma = std::min(text.find(',', at), text.size());
    const std::string part = text.substr(at, comma - at);
    char* end = nullptr;
    const long n = std::strtol(part.c_str(), &end, 10);
    if (part.empty() || *end != '\0' || n < 1 || n > 16) {
      Die("option " + option + ": bad list " + text + " (counts from 1 to 16, as 1,2)");
    }
    counts.push_back(static_cast<int>(n));
    at = comma + 1;
  }
  return counts;
}

Options ParseOptions(int argc, char** argv) {
  Options o;
  OptionReader r(argc, argv, kUsage);
  while (r.Next()) {
    const std::string& a = r.option();
    if (a == "--lots") {
      o.lots = static_cast<int64_t>(r.Number());
    } else if (a == "--big-lots") {
      o.big_lots = static_cast<int64_t>(r.Number());
    } else if (a == "--connections") {
      o.connections = std::max(1, static_cast<int>(r.Number()));
    } else if (a == "--seconds") {
      o.seconds = r.Number();
    } else if (a == "--read-seconds") {
      o.read_seconds = r.Number();
    } else if (a == "--dir") {
      o.dir = r.Value();
    } else if (a == "--keep") {
      o.keep = true;
    } else if (a == "--postgresql") {
      o.postgresql = true;
    } else if (a == "--pg-url") {
      o.postgresql = true;
      o.pg_url = r.Value();
    } else if (a == "--servers") {
      o.servers = ServerCounts(a, r.Value());
    } else {
      r.Unknown();
    }
  }
  if (o.lots < 1) Die("--lots must be at least 1");
  return o;
}

// ---------------------------------------------------------------------------
// The bench cluster.

std::string Sku(int i) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "BENCH-%03d", i + 1);
  return buf;
}
const char* kWarehouses[] = {"WH-KYIV", "WH-LVIV"};
const char* kRecipient = "MU-A1234";

struct BuildStats {
  double seconds = 0;
  int64_t lots = 0;
  int64_t entries = 0;
  int64_t postings = 0;
  double file_mb = 0;
};

// splitmix64: spreads lot attributes without patterns shared with k % kItems.
uint64_t Mix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

// Whether item i (0-based) tracks expiry: two items in three.
bool TracksExpiry(int item) { return item % 3 != 0; }

// Lot k of the bench database, as BuildDatabase makes it: item k % kItems in
// warehouse (k / kItems) % 2, batch "B%08lld". Of the lots of items that
// track expiry, 1 in 20 expired before the deliveries' date (2026-11-27); the
// rest expire over ~4 years from 2026-12-01.
struct LotPlan {
  int item = 0;
  int warehouse = 0;
  std::string batch;
  Date expiry = Date::Never();
  bool expired = false;  // on the deliveries' date
};

LotPlan PlanLot(int64_t k) {
  LotPlan p;
  p.item = static_cast<int>(k % kItems);
  p.warehouse = static_cast<int>((k / kItems) % 2);
  char batch[24];
  std::snprintf(batch, sizeof batch, "B%08lld", static_cast<long long>(k));
  p.batch = batch;
  if (TracksExpiry(p.item)) {
    const uint64_t h = Mix(static_cast<uint64_t>(k));
    const int32_t days = static_cast<int32_t>((h >> 8) % 1500);
    p.expired = h % 20 == 0;
    p.expiry = p.expired ? Date::FromCivil(2026, 2, 1).AddDays(days % 250)
                         : Date::FromCivil(2026, 12, 1).AddDays(days);
  }
  return p;
}

// Builds a database of `lots` lots through the Repository API. Each lot is
// received (1000 units) by a journal entry of kind "receipt" holding the
// postings of kLotsPerEntry lots; lots are spread over the items, both
// warehouses and many expiry dates (a few already expired, some never).
BuildStats BuildDatabase(const std::string& db, int64_t lots) {
  auto start = Clock::now();
  auto repo = OpenForBulkLoad(db);

  const zapas::Currency* eur = zapas::FindCurrency("EUR");
  if (eur == nullptr) Die("no EUR in the currency table");

  Must(repo->Begin(), "begin");
  int32_t warehouse_ids[2];
  const char* regions[] = {"Kyivska", "Lvivska"};
  for (int w = 0; w < 2; ++w) {
    warehouse_ids[w] =
        Must(repo->InsertWarehouse(
                 {0, kWarehouses[w], std::string("Bench warehouse ") + kWarehouses[w], regions[w]}),
             "insert warehouse");
  }
  std::vector<int32_t> item_ids;
  const zapas::Unit units[] = {zapas::Unit::kPcs, zapas::Unit::kKg, zapas::Unit::kBox,
                               zapas::Unit::kL, zapas::Unit::kPack};
  for (int i = 0; i < kItems; ++i) {
    zapas::Item item;
    item.sku = Sku(i);
    item.name_uk = "Тестовий товар " + std::to_string(i + 1);
    item.name_en = "Bench item " + std::to_string(i + 1);
    item.unit = units[i % 5];
    item.category = i % 2 ? "food" : "hygiene";
    item.expiry_tracked = TracksExpiry(i);
    item_ids.push_back(Must(repo->InsertItem(item), "insert item"));
  }
  zapas::Donor donor{0, "EU-ECHO", "European Civil Protection and Humanitarian Aid", "BE", eur};
  const int32_t donor_id = Must(repo->InsertDonor(donor), "insert donor");
  zapas::Recipient recipient;
  recipient.code = kRecipient;
  recipient.kind = zapas::RecipientKind::kMilitaryUnit;
  recipient.name = "Military unit A1234";
  recipient.region = "Kharkivska";
  Must(repo->InsertRecipient(recipient), "insert recipient");
  Must(repo->Commit(), "commit master data");

  const Date receipt_date = Date::FromCivil(2026, 1, 12);
  BuildStats stats;
  zapas::JournalEntry entry;
  entry.kind = "receipt";
  entry.date = receipt_date;
  entry.recorded_at = "2026-01-12T09:00:00Z";
  entry.recorded_by = "bench";
  entry.document = "{}";
  auto flush_entry = [&] {
    if (entry.postings.empty()) return;
    int64_t n = Must(repo->NextNumber("GRN", receipt_date.year()), "number");
    char number[48];
    std::snprintf(number, sizeof number, "GRN-%04d-%06lld", receipt_date.year(),
                  static_cast<long long>(n));
    entry.number = number;
    Must(repo->InsertEntry(entry), "insert entry");
    stats.postings += static_cast<int64_t>(entry.postings.size());
    ++stats.entries;
    entry.postings.clear();
  };

  int64_t next_report = 0;
  for (int64_t k = 0; k < lots; ++k) {
    if (k % kLotsPerTransaction == 0) {
      if (k > 0) {
        flush_entry();
        Must(repo->Commit(), "commit lots");
      }
      if (k >= next_report) {
        Say("  ... %lld / %lld lots (%.1f s)", static_cast<long long>(k),
            static_cast<long long>(lots), Since(start));
        next_report += std::max<int64_t>(lots / 5, kLotsPerTransaction);
      }
      Must(repo->Begin(), "begin lots");
    }
    const LotPlan plan = PlanLot(k);
    zapas::Lot lot;
    lot.item_id = item_ids[static_cast<size_t>(plan.item)];
    lot.batch = plan.batch;
    lot.expiry = plan.expiry;
    lot.unit_value_minor = 250 + (k % 50) * 10;
    lot.currency = eur;
    lot.donor_id = donor_id;
    lot.id = Must(repo->InsertLot(lot), "insert lot");
    entry.postings.push_back(
        zapas::Posting{warehouse_ids[plan.warehouse], lot.id, receipt_date, kLotQuantityMilli});
    if (static_cast<int>(entry.postings.size()) == kLotsPerEntry) flush_entry();
  }
  flush_entry();
  Must(repo->Commit(), "commit lots");
  repo.reset();  // closes the connection (SQLite: checkpoints and removes the WAL)
  stats.lots = lots;
  stats.seconds = Since(start);
  stats.file_mb = zapas::IsPostgresUrl(db)
                      ? PostgresNumber(db, "SELECT pg_database_size(current_database())") / 1e6
                      : FileMegabytes(db);
  return stats;
}

// Builds the database at `path` (BuildDatabase) and prints what it built;
// `what` is "" or "big ".
void Build(const std::string& path, int64_t lots, const char* what) {
  Say("building %sDB with %lld lots ...", what, static_cast<long long>(lots));
  BuildStats b = BuildDatabase(path, lots);
  Say("  built: %lld lots, %lld receipts, %lld postings in %.2f s (%.0f lots/s), %.1f MB",
      static_cast<long long>(b.lots), static_cast<long long>(b.entries),
      static_cast<long long>(b.postings), b.seconds, b.lots / b.seconds, b.file_mb);
}

// Waits for `server` (Die after 300 s), then prints its stock index rebuild
// line and its port.
void AwaitServer(Server& server) {
  server.WaitReadyOrDie(300);
  Say("  %s", server.rebuild_line().c_str());
  Say("  ready on port %d after %.2f s", server.port(), server.ready_seconds());
}

// ---------------------------------------------------------------------------
// Raw SQLite: one row per durable transaction.

RateResult RawSqliteInserts(const std::string& path, double seconds) {
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) Die("sqlite3_open " + path);
  auto exec = [&](const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
      std::string m = err ? err : "?";
      sqlite3_free(err);
      Die(std::string("raw sqlite: ") + sql + ": " + m);
    }
  };
  exec("PRAGMA journal_mode=WAL");
  exec("PRAGMA synchronous=FULL");
  exec(
      "CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, day INTEGER NOT NULL, "
      "quantity INTEGER NOT NULL, note TEXT NOT NULL)");
  sqlite3_stmt* begin = nullptr;
  sqlite3_stmt* insert = nullptr;
  sqlite3_stmt* commit = nullptr;
  if (sqlite3_prepare_v2(db, "BEGIN IMMEDIATE", -1, &begin, nullptr) != SQLITE_OK ||
      sqlite3_prepare_v2(db, "INSERT INTO t (day, quantity, note) VALUES (?, ?, ?)", -1, &insert,
                         nullptr) != SQLITE_OK ||
      sqlite3_prepare_v2(db, "COMMIT", -1, &commit, nullptr) != SQLITE_OK) {
    Die(std::string("raw sqlite prepare: ") + sqlite3_errmsg(db));
  }
  RateResult r;
  auto start = Clock::now();
  const std::string note = "WB-2026-000001";
  while (Since(start) < seconds) {
    for (int i = 0; i < 10; ++i) {
      sqlite3_step(begin);
      sqlite3_reset(begin);
      sqlite3_bind_int64(insert, 1, 20784);
      sqlite3_bind_int64(insert, 2, -1000 - r.rows);
      sqlite3_bind_text(insert, 3, note.data(), static_cast<int>(note.size()), SQLITE_STATIC);
      if (sqlite3_step(insert) != SQLITE_DONE)
        Die(std::string("raw insert: ") + sqlite3_errmsg(db));
      sqlite3_reset(insert);
      if (sqlite3_step(commit) != SQLITE_DONE)
        Die(std::string("raw commit: ") + sqlite3_errmsg(db));
      sqlite3_reset(commit);
      ++r.rows;
    }
  }
  r.seconds = Since(start);
  sqlite3_finalize(begin);
  sqlite3_finalize(insert);
  sqlite3_finalize(commit);
  sqlite3_close(db);
  return r;
}

int64_t CountSqliteRows(const std::string& db_path, const char* sql) {
  sqlite3* db = nullptr;
  int64_t n = -1;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v2(db, sql, -1, &s, nullptr) == SQLITE_OK &&
        sqlite3_step(s) == SQLITE_ROW) {
      n = sqlite3_column_int64(s, 0);
    }
    sqlite3_finalize(s);
  }
  sqlite3_close(db);
  return n;
}

// The delivery entries in the journal of `db` (a SQLite file or a PostgreSQL
// URL); -1 when it cannot be read.
int64_t CountDeliveries(const std::string& db) {
  const char* sql = "SELECT COUNT(*) FROM journal WHERE kind = 'delivery'";
  return zapas::IsPostgresUrl(db) ? PostgresNumber(db, sql) : CountSqliteRows(db, sql);
}

// ---------------------------------------------------------------------------
// Deliveries through one or several servers on one database (the PostgreSQL
// part, and the SQLite figure beside it).

// The body of a delivery of one unit of `sku` from `warehouse`; from `lot`,
// or first-expiry-first-out when it is empty.
Request Delivery(const char* warehouse, const std::string& sku, const std::string& lot) {
  std::string line = "{\"sku\":\"" + sku + "\",\"quantity\":\"1\"";
  if (!lot.empty()) line += ",\"lot\":\"" + lot + "\"";
  return Request{"POST", "/api/v1/deliveries",
                 std::string("{\"warehouse\":\"") + warehouse + "\",\"recipient\":\"" + kRecipient +
                     "\",\"date\":\"2026-11-27\",\"lines\":[" + line + "}]}"};
}

// A delivery from a lot picked at random among all the lots that have not
// expired, named in the request. The load spreads over every lot, item and
// both warehouses, as the many warehouses of a cluster spread it, instead of
// piling onto the 60 lots first-expiry-first-out picks first, which servers
// sharing a database would fight over far more than real use does. A lot
// holds 1000 units; at R deliveries/s for S s each lot gives about R*S/lots.
Request SpreadDelivery(std::mt19937_64& rng, int64_t lots) {
  LotPlan lot;
  do {
    lot = PlanLot(static_cast<int64_t>(rng() % static_cast<uint64_t>(lots)));
  } while (lot.expired);  // lot 0 never expires (item 0 tracks no expiry)
  return Delivery(kWarehouses[lot.warehouse], Sku(lot.item), lot.batch);
}

// How long the second server takes to show stock received through the first:
// for each try, a new item and a receipt of it through server 1, then GET
// /stock?sku= on server 2 until the lot is there. Milliseconds, sorted.
std::vector<double> FollowLags(const std::vector<Endpoint>& servers, int tries) {
  Poco::Net::HTTPClientSession first("127.0.0.1", static_cast<Poco::UInt16>(servers[0].port));
  Poco::Net::HTTPClientSession second("127.0.0.1", static_cast<Poco::UInt16>(servers[1].port));
  std::vector<double> lags;
  const std::string run = std::to_string(::getpid());
  for (int i = 0; i < tries; ++i) {
    const std::string sku = "LAG-" + run + "-" + std::to_string(i);
    Request item{"POST", "/api/v1/items",
                 "{\"sku\":\"" + sku + "\",\"name\":{\"uk\":\"Затримка\",\"en\":\"Lag\"},"
                 "\"unit\":\"pcs\",\"category\":\"bench\",\"expiry_tracked\":false}"};
    Request receipt{"POST", "/api/v1/receipts",
                    std::string("{\"warehouse\":\"") + kWarehouses[0] +
                        "\",\"donor\":\"EU-ECHO\",\"date\":\"2026-11-27\",\"reference\":\"lag\","
                        "\"lines\":[{\"sku\":\"" + sku + "\",\"quantity\":\"1\",\"lot\":\"L\","
                        "\"unit_value\":{\"amount\":\"1.00\",\"currency\":\"EUR\"}}]}"};
    if (Send(first, item, servers[0].token).status != 201) continue;
    if (Send(first, receipt, servers[0].token).status != 201) continue;
    const auto written = std::chrono::steady_clock::now();
    const Request stock{"GET", "/api/v1/stock?sku=" + sku, ""};
    double lag = 0;
    for (;;) {
      const bool shown = Send(second, stock, servers[1].token).body.find("\"lot\":\"L\"") !=
                         std::string::npos;
      lag = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - written)
                .count();
      if (shown || lag > 10000) break;
    }
    lags.push_back(lag);
  }
  std::sort(lags.begin(), lags.end());
  return lags;
}

// One load through `servers` servers on one database.
struct ServedRun {
  std::string backend;  // "SQLite", "PostgreSQL"
  int servers = 0;
  LoadResult load;
  std::string not_run;   // why it was not measured; empty when it was
  int64_t journal = -1;  // the delivery entries it added to the journal
  // Several servers: how long another server took to show a write (FollowLags).
  double follow_ms_median = -1, follow_ms_max = -1;
};

// Starts `servers` `zapas serve` on `db`, logs in on each (tokens live in each
// server's memory), spreads the connections evenly over them, sends
// SpreadDelivery for opt.seconds, stops them and counts what reached the
// journal. A server that does not start makes the run "not run" (saying why)
// instead of ending the program: a database that refuses a second server
// must not cost the other figures.
ServedRun DeliverThrough(const std::string& backend, const std::string& config,
                         const std::string& db, int servers, const Options& opt) {
  ServedRun run;
  run.backend = backend;
  run.servers = servers;
  Say("%s, %d server(s) on one database: starting ...", backend.c_str(), servers);
  const int64_t journal_before = CountDeliveries(db);
  std::vector<std::unique_ptr<Server>> running;  // stopped on return
  std::vector<Endpoint> endpoints;
  for (int i = 1; i <= servers; ++i) {
    running.push_back(std::make_unique<Server>(config, db));
    Server& server = *running.back();
    if (!server.WaitReady(300)) {
      run.not_run = "server " + std::to_string(i) + " of " + std::to_string(servers) +
                    " did not start (" + server.Stop() + "; its message is above)";
      Say("  !! NOT RUN: %s", run.not_run.c_str());
      return run;
    }
    Say("  server %d ready on port %d after %.2f s", i, server.port(), server.ready_seconds());
    endpoints.push_back({server.pid(), server.port(), LoginAt(server.port())});
  }
  Say("  delivering, spread over the lots: %d connections over %d server(s) for %.0f s ...",
      opt.connections, servers, opt.seconds);
  run.load = RunLoad(
      endpoints, opt.connections, opt.seconds,
      [&](std::mt19937_64& rng) { return SpreadDelivery(rng, opt.lots); }, 201);
  Say("  %s", Describe(run.load).c_str());
  ReportErrors("deliveries", run.load);
  if (servers >= 2) {
    std::vector<double> lags = FollowLags(endpoints, 50);
    if (!lags.empty()) {
      run.follow_ms_median = lags[lags.size() / 2];
      run.follow_ms_max = lags.back();
      Say("  server 2 showed a receipt made through server 1 after %.1f ms (median of %zu), "
          "%.1f ms at most",
          run.follow_ms_median, lags.size(), run.follow_ms_max);
    }
  }
  for (auto& server : running) Say("  server stopped (%s)", server->Stop().c_str());
  run.journal = CountDeliveries(db) - journal_before;
  Say("  the journal gained %lld delivery entries; %llu acknowledged in the window, %llu just "
      "after it",
      static_cast<long long>(run.journal), static_cast<unsigned long long>(run.load.ok),
      static_cast<unsigned long long>(run.load.late));
  if (run.journal != static_cast<int64_t>(run.load.ok + run.load.late)) {
    Say("  !! the journal does not match the acknowledged deliveries");
  }
  return run;
}

struct PostgresPart {
  std::string where;            // the PostgreSQL server
  ServedRun sqlite;             // the same load on the SQLite database, one server
  std::vector<ServedRun> runs;  // one per count of --servers
  RateResult raw_before, raw_after;
  // The disk's fsync rate drifts: the better of the two, the harder goal.
  double raw_rate() const { return std::max(raw_before.rate(), raw_after.rate()); }
};

// Step 4 (see the top of the file): each backend starts from the same fresh
// database (step 1's has lost the lots first-expiry-first-out took).
PostgresPart RunPostgresPart(const Options& opt, const std::string& dir,
                             const std::string& config) {
  PostgresPart part;
  const std::string sqlite_db = dir + "/spread.db";
  Build(sqlite_db, opt.lots, "a fresh SQLite ");
  AddUser(config, sqlite_db, "warehouse");
  part.sqlite = DeliverThrough("SQLite", config, sqlite_db, 1, opt);
  PostgresServer pg(opt.pg_url, dir + "/pg-cluster");
  part.where = pg.Describe();
  Say("PostgreSQL: %s", part.where.c_str());
  const std::string url = pg.NewDatabase("zapas_bench");
  if (opt.keep) pg.KeepDatabase();
  Build(url, opt.lots, "PostgreSQL ");
  AddUser(config, url, "warehouse");
  auto raw = [&] {
    Say("raw PostgreSQL: single-row durable inserts (synchronous_commit=on) for 3 s ...");
    RateResult r = RawPostgresInserts(url, 3.0);
    Say("  %lld rows in %.2f s: %.0f rows/s", static_cast<long long>(r.rows), r.seconds, r.rate());
    return r;
  };
  part.raw_before = raw();
  for (int n : opt.servers) part.runs.push_back(DeliverThrough("PostgreSQL", config, url, n, opt));
  part.raw_after = raw();
  return part;
}

// "2.31x", or "not measured" when a run is missing or has no deliveries.
std::string Ratio(double numerator, double denominator) {
  if (numerator <= 0 || denominator <= 0) return "not measured";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2fx", numerator / denominator);
  return buf;
}

// The rate of the PostgreSQL run with `servers` servers; 0 when there is none
// or it did not run.
double PostgresRate(const PostgresPart& part, int servers) {
  for (const ServedRun& r : part.runs) {
    if (r.servers == servers && r.not_run.empty()) return r.load.rate();
  }
  return 0;
}

void PrintRun(const ServedRun& r) {
  if (!r.not_run.empty()) {
    std::printf("%-11s %7d  NOT RUN: %s\n", r.backend.c_str(), r.servers, r.not_run.c_str());
    return;
  }
  std::printf("%-11s %7d %12.0f %8.2f %8.2f %8llu %7llu %8lld\n", r.backend.c_str(), r.servers,
              r.load.rate(), r.load.percentile_ms(0.5), r.load.percentile_ms(0.99),
              static_cast<unsigned long long>(r.load.ok),
              static_cast<unsigned long long>(r.load.errors), static_cast<long long>(r.journal));
}

void PrintPostgresSummary(const PostgresPart& part, const Options& opt) {
  std::printf(
      "\n== deliveries spread over the lots: SQLite and PostgreSQL (%lld lots, %d conns "
      "spread over the servers, durable, %.0f s each) ==\n",
      static_cast<long long>(opt.lots), opt.connections, opt.seconds);
  std::printf("PostgreSQL: %s\n", part.where.c_str());
  std::printf("%-11s %7s %12s %8s %8s %8s %7s %8s\n", "backend", "servers", "deliveries/s",
              "p50 ms", "p99 ms", "ok", "errors", "journal");
  PrintRun(part.sqlite);
  for (const ServedRun& r : part.runs) PrintRun(r);
  std::printf(
      "raw PostgreSQL single-row inserts (1 connection, synchronous_commit=on): %.0f /s  "
      "(before the deliveries %.0f /s, after %.0f /s; the better one is used)\n",
      part.raw_rate(), part.raw_before.rate(), part.raw_after.rate());
  const double one = PostgresRate(part, 1), two = PostgresRate(part, 2);
  std::printf("PostgreSQL 1 server / SQLite 1 server: %s\n",
              Ratio(one, part.sqlite.load.rate()).c_str());
  std::printf("PostgreSQL 1 server / raw PostgreSQL inserts: %s\n",
              Ratio(one, part.raw_rate()).c_str());
  std::printf("PostgreSQL 2 servers / 1 server: %s (goal >= 1.5x) %s\n", Ratio(two, one).c_str(),
              Mark(one > 0 && two >= 1.5 * one));
  std::printf("PostgreSQL 2 servers / raw PostgreSQL inserts: %s (goal >= 0.5x) %s\n",
              Ratio(two, part.raw_rate()).c_str(), Mark(two >= 0.5 * part.raw_rate()));
  for (const ServedRun& r : part.runs) {
    if (r.follow_ms_median < 0) continue;
    std::printf("PostgreSQL %d servers: GET /stock on server 2 showed a receipt made through "
                "server 1 after %.1f ms (median), %.1f ms at most (goal <= 1000 ms) %s\n",
                r.servers, r.follow_ms_median, r.follow_ms_max, Mark(r.follow_ms_max <= 1000));
  }
}

uint64_t Errors(const PostgresPart& part) {
  uint64_t n = part.sqlite.load.errors;
  for (const ServedRun& r : part.runs) n += r.load.errors;
  return n;
}

void WriteConfig(const std::string& path, int connections) {
  WriteServerConfig(path, "http.threads = " + std::to_string(std::max(64, connections + 16)) +
                              "\n"
                              "http.keep_alive_seconds = 30\n");
}

}  // namespace

int main(int argc, char** argv) {
  SetProgramName("deliveries_bench");
  Options opt = ParseOptions(argc, argv);
  signal(SIGPIPE, SIG_IGN);
  const auto run_start = Clock::now();

  const std::string dir = MakeWorkDir(opt.dir, "zapas-bench");
  const std::string config = dir + "/bench.properties";
  WriteConfig(config, opt.connections);
  Say("deliveries_bench: working in %s (server %s)", dir.c_str(), ZAPAS_BINARY);
  // Set before anything is built: every database of the run, and every
  // server, then share the one key.
  if (opt.postgresql) EnsureKeyInEnvironment(dir + "/zapas.key");

  // --- 1. deliveries at --lots -------------------------------------------------
  const std::string db = dir + "/deliveries.db";
  Build(db, opt.lots, "");
  Say("adding user bench (zapas user add) ...");
  AddUser(config, db, "warehouse");
  Say("raw SQLite: single-row durable inserts (WAL, synchronous=FULL) for 3 s ...");
  RateResult raw_before = RawSqliteInserts(dir + "/raw.db", 3.0);
  Say("  %lld rows in %.2f s: %.0f rows/s", static_cast<long long>(raw_before.rows),
      raw_before.seconds, raw_before.rate());

  Say("starting server on it ...");
  LoadResult deliveries;
  double small_rebuild = -1, small_ready = -1;
  int64_t journal_deliveries = -1;
  std::string small_stop;
  {
    Server server(config, db);
    AwaitServer(server);
    small_rebuild = server.rebuild_seconds();
    small_ready = server.ready_seconds();
    const std::string token = LoginAt(server.port());
    Say("logged in as bench (one session, its token shared by every connection)");

    Say("delivering over HTTP: %d keep-alive connections for %.0f s ...", opt.connections,
        opt.seconds);
    std::vector<std::string> skus;
    for (int i = 0; i < kItems; ++i) skus.push_back(Sku(i));
    auto make = [&](std::mt19937_64& rng) {
      const char* wh = kWarehouses[rng() % 2];
      return Delivery(wh, skus[rng() % skus.size()], "");
    };
    deliveries =
        RunLoad({{server.pid(), server.port(), token}}, opt.connections, opt.seconds, make, 201);
    Say("  deliveries: %s", Describe(deliveries).c_str());
    ReportErrors("deliveries", deliveries);
    Memory mem = ReadMemory(server.pid());
    Say("  server VmRSS %.1f MB (peak %.1f MB)", mem.rss_mb, mem.hwm_mb);
    small_stop = server.Stop();
    Say("  server stopped (%s, %.2f s after SIGTERM)", small_stop.c_str(), server.stop_seconds());
  }
  journal_deliveries = CountDeliveries(db);
  Say("  journal holds %lld delivery entries; %llu acknowledged with 201 in the window, "
      "%llu just after it",
      static_cast<long long>(journal_deliveries), static_cast<unsigned long long>(deliveries.ok),
      static_cast<unsigned long long>(deliveries.late));
  if (journal_deliveries != static_cast<int64_t>(deliveries.ok + deliveries.late)) {
    Say("  !! the journal does not match the acknowledged deliveries");
  }

  // --- 2. raw SQLite, after the deliveries (and once before them) ---------------------
  Say("raw SQLite: single-row durable inserts (WAL, synchronous=FULL) for 3 s ...");
  RateResult raw_after = RawSqliteInserts(dir + "/raw.db", 3.0);
  Say("  %lld rows in %.2f s: %.0f rows/s", static_cast<long long>(raw_after.rows),
      raw_after.seconds, raw_after.rate());
  // The disk's fsync rate drifts (other work on the machine): compare with the
  // better of the two measurements, the harder goal.
  const double raw_rate = std::max(raw_before.rate(), raw_after.rate());
  const double ratio = raw_rate > 0 ? deliveries.rate() / raw_rate : 0;

  // --- 3. PostgreSQL, 1 and 2 servers ------------------------------------------------
  PostgresPart pg;
  if (opt.postgresql) pg = RunPostgresPart(opt, dir, config);

  // --- 4. big DB ---------------------------------------------------------------------
  double big_rebuild = -1, big_ready = -1;
  LoadResult health, stock, health1, stock1;
  Memory mem_start, mem_after;
  std::string big_stop, stock_sku = Sku(4);
  size_t stock_items = 0;
  if (opt.big_lots > 0) {
    const std::string big_db = dir + "/big.db";
    Build(big_db, opt.big_lots, "big ");
    AddUser(config, big_db, "warehouse");
    Say("starting server on the big DB ...");
    Server server(config, big_db);
    AwaitServer(server);
    big_rebuild = server.rebuild_seconds();
    big_ready = server.ready_seconds();
    mem_start = ReadMemory(server.pid());
    Say("  server VmRSS at start %.1f MB (peak %.1f MB)", mem_start.rss_mb, mem_start.hwm_mb);
    const std::string token = LoginAt(server.port());
    const Memory mem_login = ReadMemory(server.pid());
    Say("  server VmRSS after one login %.1f MB (peak %.1f MB; the password hash is argon2id)",
        mem_login.rss_mb, mem_login.hwm_mb);

    // What one GET /stock?sku= answers.
    {
      Poco::Net::HTTPClientSession s("127.0.0.1", static_cast<Poco::UInt16>(server.port()));
      HttpReply r = Send(s, {"GET", "/api/v1/stock?sku=" + stock_sku, ""}, token);
      if (r.status != 200) Die("GET /stock: HTTP " + std::to_string(r.status) + " " + r.body);
      try {
        // A missing "items" throws too (a null array).
        stock_items = ParseObject(r.body, "GET /stock")->getArray("items")->size();
      } catch (const Poco::Exception& e) {
        Die("GET /stock: cannot read " + r.body.substr(0, 300) + ": " + e.displayText());
      }
      Say("  GET /api/v1/stock?sku=%s answers %zu items (%zu bytes)", stock_sku.c_str(),
          stock_items, r.body.size());
    }

    auto health_req = [](std::mt19937_64&) { return Request{"GET", "/api/v1/health", ""}; };
    const std::string stock_path = "/api/v1/stock?sku=" + stock_sku;
    auto stock_req = [&](std::mt19937_64&) { return Request{"GET", stock_path, ""}; };

    Say("GET /api/v1/health: %d connections for %.0f s ...", opt.connections, opt.read_seconds);
    const std::vector<Endpoint> anonymous = {{server.pid(), server.port(), ""}};
    const std::vector<Endpoint> bench = {{server.pid(), server.port(), token}};
    health = RunLoad(anonymous, opt.connections, opt.read_seconds, health_req, 200);
    Say("  health: %s", Describe(health).c_str());
    ReportErrors("health", health);
    Say("GET %s: %d connections for %.0f s ...", stock_path.c_str(), opt.connections,
        opt.read_seconds);
    stock = RunLoad(bench, opt.connections, opt.read_seconds, stock_req, 200);
    Say("  stock: %s", Describe(stock).c_str());
    ReportErrors("stock", stock);
    const double short_s = std::max(1.0, opt.read_seconds / 2);
    Say("unloaded latency: 1 connection, %.1f s each ...", short_s);
    health1 = RunLoad(anonymous, 1, short_s, health_req, 200);
    Say("  health, 1 conn: %s", Describe(health1).c_str());
    stock1 = RunLoad(bench, 1, short_s, stock_req, 200);
    Say("  stock, 1 conn: %s", Describe(stock1).c_str());
    ReportErrors("stock, 1 conn", stock1);
    mem_after = ReadMemory(server.pid());
    Say("  server VmRSS after the load %.1f MB (peak %.1f MB)", mem_after.rss_mb, mem_after.hwm_mb);
    big_stop = server.Stop();
    Say("  server stopped (%s, %.2f s after SIGTERM)", big_stop.c_str(), server.stop_seconds());
  }

  // --- summary -----------------------------------------------------------------------
  std::printf("\n== Zapas deliveries benchmark ==\n");
  std::printf("machine: %u hardware threads; load generator and server share them; dir %s\n",
              std::thread::hardware_concurrency(), dir.c_str());
  std::printf(
      "deliveries over HTTP (%lld lots, %d conns, durable): %.0f /s  p50 %.2f ms  "
      "p99 %.2f ms  (%llu ok, %llu errors; journal holds %lld)\n",
      static_cast<long long>(opt.lots), opt.connections, deliveries.rate(),
      deliveries.percentile_ms(0.5), deliveries.percentile_ms(0.99),
      static_cast<unsigned long long>(deliveries.ok),
      static_cast<unsigned long long>(deliveries.errors),
      static_cast<long long>(journal_deliveries));
  std::printf(
      "raw SQLite single-row inserts (WAL, synchronous=FULL): %.0f /s  (before the "
      "deliveries %.0f /s, after %.0f /s; the better one is used)\n",
      raw_rate, raw_before.rate(), raw_after.rate());
  std::printf("ratio: %.2fx (goal >= 1.0x) %s\n", ratio, Mark(ratio >= 1.0));
  std::printf("start-up at %lld lots: index rebuild %.2f s, spawn to ready %.2f s\n",
              static_cast<long long>(opt.lots), small_rebuild, small_ready);
  if (opt.big_lots > 0) {
    const double read_ratio = health.rate() > 0 ? stock.rate() / health.rate() : 0;
    std::printf(
        "start-up at %lld lots: index rebuild %.2f s, spawn to ready %.2f s "
        "(goal < 3 s) %s\n",
        static_cast<long long>(opt.big_lots), big_rebuild, big_ready,
        Mark(big_ready >= 0 && big_ready < 3.0));
    std::printf("GET /api/v1/health (%d conns): %.0f req/s  p99 %.2f ms\n", opt.connections,
                health.rate(), health.percentile_ms(0.99));
    std::printf(
        "GET /api/v1/stock?sku=%s (%lld lots, %zu items a page, %d conns): %.0f req/s  "
        "p50 %.2f ms  p99 %.2f ms\n",
        stock_sku.c_str(), static_cast<long long>(opt.big_lots), stock_items, opt.connections,
        stock.rate(), stock.percentile_ms(0.5), stock.percentile_ms(0.99));
    std::printf("stock/health ratio: %.2fx (goal >= 0.5x) %s\n", read_ratio,
                Mark(read_ratio >= 0.5));
    std::printf(
        "GET /stock p99 at %lld lots: %.2f ms with %d conns %s, %.2f ms with 1 conn %s "
        "(goal < 2 ms)\n",
        static_cast<long long>(opt.big_lots), stock.percentile_ms(0.99), opt.connections,
        Mark(stock.percentile_ms(0.99) < 2.0), stock1.percentile_ms(0.99),
        Mark(stock1.percentile_ms(0.99) < 2.0));
    std::printf("server VmRSS at %lld lots: %.1f MB after load, peak %.1f MB (goal < 300 MB) %s\n",
                static_cast<long long>(opt.big_lots), mem_after.rss_mb, mem_after.hwm_mb,
                Mark(mem_after.rss_mb >= 0 && mem_after.rss_mb < 300));
  }
  if (opt.postgresql) PrintPostgresSummary(pg, opt);
  const uint64_t errors = deliveries.errors + health.errors + stock.errors + health1.errors +
                          stock1.errors + Errors(pg);
  std::printf("errors: %llu; servers stopped: %s%s%s\n", static_cast<unsigned long long>(errors),
              small_stop.c_str(), big_stop.empty() ? "" : ", ", big_stop.c_str());
  std::printf("total run time %.1f s\n", Since(run_start));
  std::fflush(stdout);

  FinishWorkDir(dir, opt.keep);
  return errors == 0 ? 0 : 1;
}
