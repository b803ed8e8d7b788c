#include <Poco/Net/HTTPClientSession.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "bench/bench_cluster.h"
#include "bench/deliveries_bench.h"
#include "bench/postgres_support.h"

namespace zapas::bench {
namespace {

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
                 "{\"sku\":\"" + sku +
                     "\",\"name\":{\"uk\":\"Затримка\",\"en\":\"Lag\"},"
                     "\"unit\":\"pcs\",\"category\":\"bench\",\"expiry_tracked\":false}"};
    Request receipt{"POST", "/api/v1/receipts",
                    std::string("{\"warehouse\":\"") + kWarehouses[0] +
                        "\",\"donor\":\"EU-ECHO\",\"date\":\"2026-11-27\",\"reference\":\"lag\","
                        "\"lines\":[{\"sku\":\"" +
                        sku +
                        "\",\"quantity\":\"1\",\"lot\":\"L\","
                        "\"unit_value\":{\"amount\":\"1.00\",\"currency\":\"EUR\"}}]}"};
    if (Send(first, item, servers[0].token).status != 201) continue;
    if (Send(first, receipt, servers[0].token).status != 201) continue;
    const auto written = std::chrono::steady_clock::now();
    const Request stock{"GET", "/api/v1/stock?sku=" + sku, ""};
    double lag = 0;
    for (;;) {
      const bool shown =
          Send(second, stock, servers[1].token).body.find("\"lot\":\"L\"") != std::string::npos;
      lag = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - written)
                .count();
      if (shown || lag > 10000) break;
    }
    lags.push_back(lag);
  }
  std::sort(lags.begin(), lags.end());
  return lags;
}

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
    running.push_back(std::make_unique<Server>(config, db, opt.zapas));
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
  ReportJournal(run.journal, run.load);
  return run;
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

}  // namespace

// "2.31x", or "not measured" when a run is missing or has no deliveries.
std::string Ratio(double numerator, double denominator) {
  if (numerator <= 0 || denominator <= 0) return "not measured";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2fx", numerator / denominator);
  return buf;
}

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
    std::printf(
        "PostgreSQL %d servers: GET /stock on server 2 showed a receipt made through "
        "server 1 after %.1f ms (median), %.1f ms at most (goal <= 1000 ms) %s\n",
        r.servers, r.follow_ms_median, r.follow_ms_max, Mark(r.follow_ms_max <= 1000));
  }
}

uint64_t Errors(const PostgresPart& part) {
  uint64_t n = part.sqlite.load.errors;
  for (const ServedRun& r : part.runs) n += r.load.errors;
  return n;
}

}  // namespace zapas::bench
