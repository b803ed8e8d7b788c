// Login throttling: failed logins are counted per user name from one client
// address, per client address over every name, and per user name over every
// address, each with its own limit (kPairFailures, kAddressFailures,
// kNameFailures). Reaching a limit refuses further attempts on that key
// (kThrottled, 429) for kLockout; each lockout of a key doubles the next, up
// to an hour. A failure older than kForget no longer counts. A success clears
// the user's counts from that address (never the address's own count, so an
// account of one's own cannot reset a guessing run).
//
// So a neighbour who guesses a name locks out that name from its own address
// only; guessing many names from one address, or one name from many
// addresses, is slowed too. The table holds at most kCapacity keys and
// forgets the one touched longest ago first, so a flood of names cannot clear
// a lockout that is still running. Thread-safe.
#pragma once

#include <chrono>
#include <list>
#include <mutex>
#include <string>
#include <unordered_map>

#include "domain/status.h"

namespace zapas {

class LoginThrottle {
 public:
  static constexpr int kPairFailures = 5;
  static constexpr int kAddressFailures = 30;
  static constexpr int kNameFailures = 50;
  static constexpr std::chrono::seconds kLockout{30};
  static constexpr std::chrono::minutes kForget{15};
  static constexpr size_t kCapacity = 100000;

  using Clock = std::chrono::steady_clock;

  // kThrottled naming what is locked and for how long, else kOk.
  Status Allow(const std::string& username, const std::string& address);
  void Failed(const std::string& username, const std::string& address);
  void Succeeded(const std::string& username, const std::string& address);

  // For tests: how many keys the table holds.
  size_t size() const;

  // For tests: the clock the throttle reads (steady_clock::now by default).
  void SetClockForTesting(Clock::time_point (*now)()) { now_ = now; }

 private:
  struct State {
    int failures = 0;
    int lockouts = 0;
    Clock::time_point last_failure;
    Clock::time_point locked_until;
  };
  struct Slot {
    State state;
    std::list<std::string>::iterator age;  // position in order_
  };
  // The state of `key`, created when missing, and marked as touched now.
  State& Touch(const std::string& key);
  void Fail(const std::string& key, int limit, Clock::time_point now);
  Status Check(const std::string& key, const std::string& what, Clock::time_point now) const;

  Clock::time_point (*now_)() = &Clock::now;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Slot> keys_;
  std::list<std::string> order_;  // most recently touched first
};

}  // namespace zapas
