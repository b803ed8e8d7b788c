// What the parts of deliveries_bench share: its options, and the PostgreSQL
// part (deliveries_postgres.cc): the same spread deliveries on a fresh SQLite
// database and on PostgreSQL with one and more servers on one database, raw
// PostgreSQL inserts, and how fast a second server follows the first.
//
// For a program run by hand: failures end it through Die().
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "bench/bench_support.h"
#include "bench/http_load.h"

namespace zapas::bench {

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
  std::string zapas = ZAPAS_BINARY;  // the server measured (--zapas)
  std::string compare;               // another server measured beside it (--compare)
  int rounds = 2;                    // with --compare: pairs of runs (--rounds)
  int hot_rounds = 4;                // the hot lot: rounds on one server (--hot-rounds; 0: none)
  double hot_seconds = 8;            // ... of this length (--hot-seconds)
  int hot_connections = 16;          // ... over this many connections (--hot-connections)
  bool wrk = false;                  // the same rounds driven by wrk (--wrk)
  int64_t long_deliveries = 0;       // the long run: this many hot-lot deliveries (--long)
};

// --- The hot lot (hot_lot.cc) -------------------------------------------------------

// bench/hot_lot.lua, which wrk runs.
inline constexpr const char* kHotLotScript = ZAPAS_HOT_LOT_SCRIPT;
// The long run's step.
inline constexpr int64_t kLongStep = 100000;

struct HotRound {
  LoadResult load;
  WriterStages stages;
};

struct WrkRound {
  double rate = 0, p50_ms = 0, p99_ms = 0, max_ms = 0;
  uint64_t requests = 0, errors = 0;  // errors: non-2xx answers and socket errors
  WriterStages stages;
};

struct LongStep {
  int64_t from = 0;  // deliveries made before this step
  LoadResult load;
  WriterStages stages;
  RateResult raw;  // raw FULL inserts for 1 s right after the step
};

struct HotPart {
  std::vector<HotRound> rounds;  // --hot-rounds
  std::vector<WrkRound> wrk;     // --wrk
  std::vector<LongStep> long_run;
};

// The hot-lot parts the options ask for, each on a fresh database in `dir`.
HotPart RunHotPart(const Options& opt, const std::string& dir, const std::string& config);
// Their rounds and steps against `raw_rate` (the run's best raw FULL rate).
void PrintHotSummary(const HotPart& part, double raw_rate);
uint64_t Errors(const HotPart& part);

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

struct PostgresPart {
  std::string where;            // the PostgreSQL server
  ServedRun sqlite;             // the same load on the SQLite database, one server
  std::vector<ServedRun> runs;  // one per count of --servers
  RateResult raw_before, raw_after;
  // The disk's fsync rate drifts: the better of the two, the harder goal.
  double raw_rate() const { return std::max(raw_before.rate(), raw_after.rate()); }
};

// Step 4 (see the top of deliveries_bench.cc): each backend starts from the
// same fresh database (step 1's has lost the lots first-expiry-first-out
// took). The servers are opt.zapas.
PostgresPart RunPostgresPart(const Options& opt, const std::string& dir, const std::string& config);

// The table and the ratios of the PostgreSQL part.
void PrintPostgresSummary(const PostgresPart& part, const Options& opt);

// The failed requests of the PostgreSQL part.
uint64_t Errors(const PostgresPart& part);

// "2.31x", or "not measured" when either is not positive.
std::string Ratio(double numerator, double denominator);

}  // namespace zapas::bench
