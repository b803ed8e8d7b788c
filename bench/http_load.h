// HTTP load for the benchmarks: C keep-alive connections send requests to one
// or several `zapas serve` processes for S seconds, and what came back (rate,
// latency percentiles, errors, CPU used by the servers and by the load
// generator).
//
// For programs run by hand (see bench_support.h): failures to log in end the
// program through Die(); failed requests are counted, not fatal.
#pragma once

#include <sys/types.h>

#include <array>
#include <cstdint>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "bench/bench_support.h"

namespace zapas::bench {

// One server the load goes to: its process (for its CPU time), its port, and
// the token of a session logged in there (tokens live in each server's
// memory, so every server needs its own); empty for requests without one.
struct Endpoint {
  pid_t pid = -1;
  int port = 0;
  std::string token;
};

struct LoadResult {
  int connections = 0;
  double seconds = 0;
  uint64_t ok = 0;
  uint64_t late = 0;  // succeeded, but finished after the window (not counted in ok)
  uint64_t errors = 0;
  double server_cpu = 0;  // CPU seconds of the servers during the window
  double client_cpu = 0;  // CPU seconds of this program during the window
  std::string first_error;
  std::vector<uint32_t> latency_us;  // of the successful requests, sorted
  size_t bytes = 0;                  // body bytes of the last successful reply

  double rate() const { return seconds > 0 ? static_cast<double>(ok) / seconds : 0; }
  // The latency at quantile q (0.99: p99) in ms; 0 when nothing succeeded.
  double percentile_ms(double q) const;
};

// Where the writer's time went over a load: seconds by stage
// (zapas_write_stage_seconds_total, in the server's order) and the write jobs
// run, read from GET /metrics (the server needs metrics.loopback = true).
struct WriterStages {
  std::array<double, 9> seconds{};
  double jobs = 0;
  // The writer thread's own time per job, in microseconds.
  double writer_us() const;
  // "writer us/write: begin 1.0 idempotency ... = 95.0 (the writer alone:
  // 10526/s); waits: queue 900.0, reply 30.0".
  std::string Describe() const;
};

// The server's figures now; their difference over a load.
WriterStages ScrapeStages(Poco::Net::HTTPClientSession& session, const std::string& token);
WriterStages operator-(const WriterStages& a, const WriterStages& b);

// Logs in as "bench" on a session of its own to the server at `port`.
std::string LoginAt(int port);

// `connections` threads, each with its own keep-alive session, send requests
// made by `make` for `seconds` (or until `stop_after` were answered, when not 0);
// a reply with status `expect` counts as done. Connection t talks to
// endpoints[t % endpoints.size()], so the connections are spread evenly over
// the servers.
LoadResult RunLoad(const std::vector<Endpoint>& endpoints, int connections, double seconds,
                   const std::function<Request(std::mt19937_64&)>& make, int expect,
                   uint64_t stop_after = 0);

// "N req/s  p50 ..  p99 ..  max ..  (N ok[, N ERRORS])" and the CPU line.
std::string Describe(const LoadResult& r);

// Prints the error count and the first error of `r` (cut at 600 characters),
// when there were errors.
void ReportErrors(const char* what, const LoadResult& r);

// Prints how many entries the journal gained during a write load `r` beside
// the writes acknowledged in and just after its window, and a warning when
// they differ.
void ReportJournal(int64_t gained, const LoadResult& r);

}  // namespace zapas::bench
