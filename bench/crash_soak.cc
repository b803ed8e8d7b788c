// crash_soak: the crash-safety harness (tests/services/crash_harness.h) for
// many rounds. Each round writes from parallel clients into a real
// `zapas serve`, kills it with SIGKILL at a random moment, restarts it and
// checks that every acknowledged write is there, nothing unanswered landed
// half, retries write exactly once, stock and cash add up, and `zapas verify`
// passes. Prints one line per round and a summary; exit 1 on any failure.
#include <csignal>
#include <iostream>

#include "bench/bench_support.h"
#include "tests/services/crash_harness.h"

namespace {

using namespace zapas::bench;

constexpr const char* kUsage =
    "Usage: crash_soak [--rounds N] [--threads N] [--seed N] [--min-ms N] [--max-ms N]\n"
    "  --rounds N    SIGKILL rounds (default 50)\n"
    "  --threads N   parallel writing clients (default 4)\n"
    "  --seed N      replay a run (default: from the clock, or $ZAPAS_CRASH_SEED)\n"
    "  --min-ms N    earliest kill after the first acknowledged write (default 100)\n"
    "  --max-ms N    latest kill (default 1500)\n";

struct Options {
  int rounds = 50;
  zapas::testing::CrashOptions crash;
};

Options ParseOptions(int argc, char** argv) {
  Options o;
  o.crash.seed = zapas::testing::CrashSeedFromEnvironment();
  o.crash.max_kill_ms = 1500;
  OptionReader r(argc, argv, kUsage);
  while (r.Next()) {
    if (r.option() == "--rounds")
      o.rounds = static_cast<int>(r.Number());
    else if (r.option() == "--threads")
      o.crash.threads = static_cast<int>(r.Number());
    else if (r.option() == "--seed")
      o.crash.seed = static_cast<uint64_t>(r.Number());
    else if (r.option() == "--min-ms")
      o.crash.min_kill_ms = static_cast<int>(r.Number());
    else if (r.option() == "--max-ms")
      o.crash.max_kill_ms = static_cast<int>(r.Number());
    else
      r.Unknown();
  }
  if (o.rounds < 1 || o.crash.threads < 1 || o.crash.max_kill_ms < o.crash.min_kill_ms) {
    Die("bad options");
  }
  return o;
}

}  // namespace

int main(int argc, char** argv) {
  SetProgramName("crash_soak");
  Options opt = ParseOptions(argc, argv);
  std::signal(SIGPIPE, SIG_IGN);
  opt.crash.log = &std::cout;
  Say("crash_soak: %d rounds, %d clients, seed %llu (--seed %llu replays it)", opt.rounds,
      opt.crash.threads, static_cast<unsigned long long>(opt.crash.seed),
      static_cast<unsigned long long>(opt.crash.seed));
  const auto start = Clock::now();
  zapas::testing::CrashHarness harness(opt.crash);
  try {
    harness.Setup();
    for (int i = 0; i < opt.rounds; ++i) harness.RunRound();
    harness.Finish();
  } catch (const std::exception& e) {
    Die(std::string("the harness stopped: ") + e.what());
  }
  const zapas::testing::CrashTotals& t = harness.totals();
  for (const std::string& f : t.failures) std::cerr << "FAILED: " << f << "\n";
  std::cout << std::endl;
  Say("rounds                        %d", t.rounds);
  Say("acknowledged writes           %lld", static_cast<long long>(t.acknowledged));
  Say("unanswered at a kill          %lld (%lld had landed whole, retried once)",
      static_cast<long long>(t.unanswered), static_cast<long long>(t.landed));
  Say("lost acknowledged writes      %lld  %s", static_cast<long long>(t.lost), Mark(t.lost == 0));
  Say("failed checks                 %zu  %s", t.failures.size(), Mark(t.failures.empty()));
  Say("writes/s while writing        %.0f (%d clients, synchronous=FULL)",
      t.write_seconds > 0 ? static_cast<double>(t.acknowledged) / t.write_seconds : 0.0,
      opt.crash.threads);
  Say("time                          %.1f s", Since(start));
  return t.failures.empty() && t.lost == 0 ? 0 : 1;
}
