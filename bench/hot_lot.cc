// The hot lot of deliveries_bench: everyone delivering from the same popular
// lot, as a cluster does on its busiest day. Each part starts one server on a
// fresh database (the bench cluster's 1,000 lots, and an item HOT-1 with one
// lot HOT-L1 of 10,000,000 units received over HTTP); every delivery takes one
// unit of HOT-L1 with an Idempotency-Key of its own.
//
//   --hot-rounds N  N rounds of --hot-seconds from this program's own
//                   connections, each with where the writer's time went;
//   --wrk           the same rounds driven by wrk (bench/hot_lot.lua), as the
//                   acceptance of the write path plays them;
//   --long N        N deliveries in steps of 100,000, each step's rate, p99,
//                   the writer's stages and the raw FULL rate measured right
//                   after it.
//
// The writer's stages come from the server's GET /metrics
// (zapas_write_stage_seconds_total), read before and after each step.
#include <Poco/Net/HTTPClientSession.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

#include "bench/bench_cluster.h"
#include "bench/deliveries_bench.h"

namespace zapas::bench {

namespace {

// The server of a hot-lot part, on a fresh database, its item and lot received.
struct HotServer {
  HotServer(const std::string& binary, const std::string& config, const std::string& db)
      : server(config, db, binary) {
    AwaitServer(server);
    token = LoginAt(server.port());
    session = std::make_unique<Poco::Net::HTTPClientSession>(
        "127.0.0.1", static_cast<Poco::UInt16>(server.port()));
    for (const Request& setup :
         {Request{"POST", "/api/v1/items",
                  R"({"sku":"HOT-1","name":{"uk":"Гігієнічний набір","en":"Hygiene kit"},)"
                  R"("unit":"pcs","category":"hygiene","expiry_tracked":false})"},
          Request{"POST", "/api/v1/receipts",
                  std::string(R"({"warehouse":")") + kWarehouses[0] + R"(","donor":"EU-ECHO",)" +
                      R"("date":"2026-11-01","lines":[{"sku":"HOT-1","quantity":"10000000",)"
                      R"("lot":"HOT-L1","unit_value":{"amount":"1.00","currency":"EUR"}}]})"}}) {
      HttpReply r = Send(*session, setup, token);
      if (r.status != 201)
        Die("hot lot: " + setup.path + " answered " + std::to_string(r.status) + " " + r.body);
    }
  }
  WriterStages Stages() { return ScrapeStages(*session, token); }

  Server server;
  std::string token;
  std::unique_ptr<Poco::Net::HTTPClientSession> session;
};

std::function<Request(std::mt19937_64&)> HotDeliveries(std::atomic<uint64_t>& next_key) {
  return [&next_key](std::mt19937_64&) {
    Request r = Delivery(kWarehouses[0], "HOT-1", "HOT-L1");
    r.idempotency_key = "hot-" + std::to_string(next_key.fetch_add(1));
    return r;
  };
}

// A fresh database for a part, with the bench user.
std::string FreshDatabase(const std::string& dir, const std::string& config,
                          const std::string& name) {
  const std::string db = dir + "/" + name + ".db";
  Build(db, 1000, "");
  AddUser(config, db, "warehouse");
  return db;
}

// One wrk round; Die when wrk cannot run or prints no summary.
WrkRound RunWrk(const HotServer& hot, const Options& opt, int round) {
  const std::string command = "wrk -t2 -c" + std::to_string(opt.hot_connections) + " -d" +
                              std::to_string(static_cast<int>(opt.hot_seconds)) + "s -s " +
                              kHotLotScript +
                              " http://127.0.0.1:" + std::to_string(hot.server.port()) + " -- " +
                              hot.token + " r" + std::to_string(round) + " 2>&1";
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) Die("cannot run wrk");
  std::string out;
  char buf[4096];
  while (size_t n = std::fread(buf, 1, sizeof buf, pipe)) out.append(buf, n);
  const int status = ::pclose(pipe);
  WrkRound r;
  const size_t at = out.find("hot_lot requests=");
  if (status != 0 || at == std::string::npos) Die("wrk failed: " + out);
  unsigned long long requests = 0, non2xx = 0, errors = 0;
  std::sscanf(out.c_str() + at,
              "hot_lot requests=%llu non2xx=%llu errors=%llu p50_ms=%lf p99_ms=%lf max_ms=%lf",
              &requests, &non2xx, &errors, &r.p50_ms, &r.p99_ms, &r.max_ms);
  const size_t rate_at = out.find("Requests/sec:");
  if (rate_at != std::string::npos) r.rate = std::strtod(out.c_str() + rate_at + 13, nullptr);
  r.requests = requests;
  r.errors = non2xx + errors;
  return r;
}

}  // namespace

HotPart RunHotPart(const Options& opt, const std::string& dir, const std::string& config) {
  HotPart part;
  std::atomic<uint64_t> next_key{1};
  if (opt.hot_rounds > 0) {
    Say("the hot lot: a fresh database, one server, %d rounds of %.0f s over %d connections",
        opt.hot_rounds, opt.hot_seconds, opt.hot_connections);
    HotServer hot(opt.zapas, config, FreshDatabase(dir, config, "hot"));
    for (int i = 0; i < opt.hot_rounds; ++i) {
      const WriterStages before = hot.Stages();
      HotRound round;
      round.load = RunLoad({{hot.server.pid(), hot.server.port(), hot.token}}, opt.hot_connections,
                           opt.hot_seconds, HotDeliveries(next_key), 201);
      round.stages = hot.Stages() - before;
      Say("  round %d: %s", i + 1, Describe(round.load).c_str());
      Say("      %s", round.stages.Describe().c_str());
      ReportErrors("hot lot", round.load);
      part.rounds.push_back(std::move(round));
    }
    hot.server.Stop();
  }
  if (opt.wrk) {
    Say("the hot lot under wrk: a fresh database, one server, %d rounds of %.0f s",
        std::max(opt.hot_rounds, 1), opt.hot_seconds);
    HotServer hot(opt.zapas, config, FreshDatabase(dir, config, "hot-wrk"));
    for (int i = 0; i < std::max(opt.hot_rounds, 1); ++i) {
      const WriterStages before = hot.Stages();
      WrkRound round = RunWrk(hot, opt, i + 1);
      round.stages = hot.Stages() - before;
      Say("  wrk round %d: %.0f req/s  p50 %.2f ms  p99 %.2f ms  max %.1f ms  (%llu requests, "
          "%llu errors)",
          i + 1, round.rate, round.p50_ms, round.p99_ms, round.max_ms,
          static_cast<unsigned long long>(round.requests),
          static_cast<unsigned long long>(round.errors));
      Say("      %s", round.stages.Describe().c_str());
      part.wrk.push_back(std::move(round));
    }
    hot.server.Stop();
  }
  if (opt.long_deliveries > 0) {
    Say("the long run: %lld deliveries from the hot lot in steps of %lld, one server",
        static_cast<long long>(opt.long_deliveries), static_cast<long long>(kLongStep));
    HotServer hot(opt.zapas, config, FreshDatabase(dir, config, "hot-long"));
    for (int64_t done = 0; done < opt.long_deliveries; done += kLongStep) {
      const WriterStages before = hot.Stages();
      LongStep step;
      step.from = done;
      step.load = RunLoad({{hot.server.pid(), hot.server.port(), hot.token}}, opt.hot_connections,
                          3600, HotDeliveries(next_key), 201,
                          static_cast<uint64_t>(std::min(kLongStep, opt.long_deliveries - done)));
      step.stages = hot.Stages() - before;
      step.raw = RawSqliteInserts(dir + "/raw-long.db", 1.0);
      Say("  %8lld+: %.0f /s  p99 %.2f ms  max %.1f ms  raw FULL %.0f /s: %.2fx",
          static_cast<long long>(done), step.load.rate(), step.load.percentile_ms(0.99),
          step.load.latency_us.empty() ? 0.0 : step.load.latency_us.back() / 1000.0,
          step.raw.rate(), step.raw.rate() > 0 ? step.load.rate() / step.raw.rate() : 0);
      Say("      %s", step.stages.Describe().c_str());
      ReportErrors("long run", step.load);
      part.long_run.push_back(std::move(step));
    }
    hot.server.Stop();
  }
  return part;
}

uint64_t Errors(const HotPart& part) {
  uint64_t errors = 0;
  for (const HotRound& r : part.rounds) errors += r.load.errors;
  for (const WrkRound& r : part.wrk) errors += r.errors;
  for (const LongStep& s : part.long_run) errors += s.load.errors;
  return errors;
}

void PrintHotSummary(const HotPart& part, double raw_rate) {
  auto times = [&](double rate) { return raw_rate > 0 ? rate / raw_rate : 0; };
  auto rounds = [&](const char* what, const std::vector<double>& rates,
                    const std::vector<double>& p99s) {
    if (rates.empty()) return;
    std::printf(
        "%s (one item, one lot, a key per request, one server, fresh DB; raw FULL %.0f /s):\n",
        what, raw_rate);
    for (size_t i = 0; i < rates.size(); ++i) {
      std::printf("  round %zu: %.0f /s  p99 %.2f ms  %.2fx raw (goal >= 3x) %s\n", i + 1, rates[i],
                  p99s[i], times(rates[i]), Mark(times(rates[i]) >= 3));
    }
    std::printf("  last round / first: %.2f (goal within 10 %%) %s\n",
                rates.front() > 0 ? rates.back() / rates.front() : 0,
                Mark(rates.front() > 0 && rates.back() >= 0.9 * rates.front()));
  };
  std::vector<double> rates, p99s;
  for (const HotRound& r : part.rounds) {
    rates.push_back(r.load.rate());
    p99s.push_back(r.load.percentile_ms(0.99));
  }
  rounds("hot lot", rates, p99s);
  rates.clear();
  p99s.clear();
  for (const WrkRound& r : part.wrk) {
    rates.push_back(r.rate);
    p99s.push_back(r.p99_ms);
  }
  rounds("hot lot under wrk -t2", rates, p99s);
  if (part.long_run.empty()) return;
  std::printf("long run (the hot lot, raw FULL measured after each step):\n");
  for (const LongStep& s : part.long_run) {
    const double raw = s.raw.rate();
    std::printf("  %8lld+: %6.0f /s  p99 %5.2f ms  raw %6.0f /s  %.2fx  writer %.1f us/delivery\n",
                static_cast<long long>(s.from), s.load.rate(), s.load.percentile_ms(0.99), raw,
                raw > 0 ? s.load.rate() / raw : 0, s.stages.writer_us());
  }
  const double first = part.long_run.front().load.rate(), last = part.long_run.back().load.rate();
  std::printf("  last step / first: %.2f (goal within 10 %%) %s\n", first > 0 ? last / first : 0,
              Mark(first > 0 && last >= 0.9 * first));
}

}  // namespace zapas::bench
