// The login throttle (services/login_throttle.h) on a clock of its own.
#include "services/login_throttle.h"

#include <gtest/gtest.h>

namespace zapas {
namespace {

LoginThrottle::Clock::time_point fake_now;
LoginThrottle::Clock::time_point FakeNow() { return fake_now; }

class LoginThrottleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fake_now = LoginThrottle::Clock::time_point{} + std::chrono::hours(1000);
    throttle_.SetClockForTesting(&FakeNow);
  }
  void FailTimes(const std::string& name, const std::string& address, int n) {
    for (int i = 0; i < n; ++i) throttle_.Failed(name, address);
  }
  LoginThrottle throttle_;
};

TEST_F(LoginThrottleTest, FiveFailuresLockTheNameFromThatAddressOnly) {
  FailTimes("kasa", "10.0.0.66", 4);
  EXPECT_TRUE(throttle_.Allow("kasa", "10.0.0.66").ok());
  throttle_.Failed("kasa", "10.0.0.66");
  Status locked = throttle_.Allow("kasa", "10.0.0.66");
  EXPECT_EQ(locked.code(), StatusCode::kThrottled);
  EXPECT_NE(locked.message().find("try again in 30 s"), std::string::npos) << locked.message();
  // The treasurer at her own desk is not locked out by the neighbour.
  EXPECT_TRUE(throttle_.Allow("kasa", "10.0.0.5").ok());
  EXPECT_TRUE(throttle_.Allow("sklad", "10.0.0.66").ok());
  fake_now += std::chrono::seconds(31);
  EXPECT_TRUE(throttle_.Allow("kasa", "10.0.0.66").ok());
  // The next lockout lasts twice as long.
  FailTimes("kasa", "10.0.0.66", 5);
  fake_now += std::chrono::seconds(31);
  EXPECT_EQ(throttle_.Allow("kasa", "10.0.0.66").code(), StatusCode::kThrottled);
  fake_now += std::chrono::seconds(30);
  EXPECT_TRUE(throttle_.Allow("kasa", "10.0.0.66").ok());
}

TEST_F(LoginThrottleTest, GuessingManyNamesFromOneAddressLocksTheAddress) {
  for (int i = 0; i < LoginThrottle::kAddressFailures; ++i) {
    throttle_.Failed("user" + std::to_string(i), "10.0.0.66");
  }
  Status s = throttle_.Allow("somebody-else", "10.0.0.66");
  EXPECT_EQ(s.code(), StatusCode::kThrottled);
  EXPECT_NE(s.message().find("from this address"), std::string::npos);
  EXPECT_TRUE(throttle_.Allow("somebody-else", "10.0.0.7").ok());
  // A success of the guesser's own account does not reset its address.
  throttle_.Succeeded("user0", "10.0.0.66");
  EXPECT_EQ(throttle_.Allow("user0", "10.0.0.66").code(), StatusCode::kThrottled);
}

TEST_F(LoginThrottleTest, GuessingOneNameFromManyAddressesLocksTheName) {
  for (int i = 0; i < LoginThrottle::kNameFailures; ++i) {
    throttle_.Failed("admin", "10.0." + std::to_string(i / 250) + "." + std::to_string(i % 250));
  }
  EXPECT_EQ(throttle_.Allow("admin", "192.168.1.1").code(), StatusCode::kThrottled);
  EXPECT_TRUE(throttle_.Allow("sklad", "192.168.1.1").ok());
}

TEST_F(LoginThrottleTest, AFailureLongAgoNoLongerCounts) {
  FailTimes("kasa", "10.0.0.66", 4);
  fake_now += LoginThrottle::kForget + std::chrono::seconds(1);
  FailTimes("kasa", "10.0.0.66", 4);
  EXPECT_TRUE(throttle_.Allow("kasa", "10.0.0.66").ok());
}

TEST_F(LoginThrottleTest, ASuccessClearsTheUsersCountFromThatAddress) {
  FailTimes("kasa", "10.0.0.5", 4);
  throttle_.Succeeded("kasa", "10.0.0.5");
  FailTimes("kasa", "10.0.0.5", 4);
  EXPECT_TRUE(throttle_.Allow("kasa", "10.0.0.5").ok());
}

TEST_F(LoginThrottleTest, AFloodOfNamesCannotClearARunningLockout) {
  FailTimes("kasa", "10.0.0.66", 5);
  ASSERT_EQ(throttle_.Allow("kasa", "10.0.0.66").code(), StatusCode::kThrottled);
  // Far more names than the table holds, from many addresses, all failing;
  // the table stays bounded and forgets the keys touched longest ago.
  for (size_t i = 0; i < LoginThrottle::kCapacity; ++i) {
    throttle_.Failed("flood" + std::to_string(i), "10.1." + std::to_string(i % 200) + ".1");
    if (i % 1000 == 0) (void)throttle_.Allow("kasa", "10.0.0.66");  // the victim keeps trying
    if (i % 1000 == 0) throttle_.Failed("kasa", "10.0.0.66");
  }
  EXPECT_LE(throttle_.size(), LoginThrottle::kCapacity);
  EXPECT_EQ(throttle_.Allow("kasa", "10.0.0.66").code(), StatusCode::kThrottled);
}

}  // namespace
}  // namespace zapas
