// Crash safety, bounded for `make test`: five rounds of parallel writes, each
// ended by SIGKILL at a random moment, then restart and check (what is checked:
// tests/services/crash_harness.h). The seed is printed; ZAPAS_CRASH_SEED=N
// replays a run. The long version is bench/crash_soak.
#include <gtest/gtest.h>

#include <iostream>

#include "tests/services/crash_harness.h"

namespace zapas::testing {
namespace {

TEST(CrashSafetyTest, AcknowledgedWritesSurviveSigkillAndNothingLandsHalf) {
  CrashOptions options;
  options.seed = CrashSeedFromEnvironment();
  options.log = &std::cout;
  std::cout << "crash safety: seed " << options.seed << " (ZAPAS_CRASH_SEED=" << options.seed
            << " replays it)" << std::endl;
  RecordProperty("seed", std::to_string(options.seed));
  CrashHarness harness(options);
  ASSERT_NO_THROW(harness.Setup());
  constexpr int kRounds = 5;
  for (int i = 0; i < kRounds; ++i) {
    ASSERT_NO_THROW(harness.RunRound()) << "seed " << options.seed;
  }
  ASSERT_NO_THROW(harness.Finish());

  const CrashTotals& totals = harness.totals();
  for (const std::string& failure : totals.failures) ADD_FAILURE() << failure;
  EXPECT_EQ(totals.rounds, kRounds);
  EXPECT_EQ(totals.lost, 0) << "seed " << options.seed;
  // Each round's kill falls after at least 100 ms of writing by four clients.
  EXPECT_GT(totals.acknowledged, 0);
  EXPECT_GT(totals.unanswered, 0);
}

}  // namespace
}  // namespace zapas::testing
