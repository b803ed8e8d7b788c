#include "services/login_throttle.h"

#include <algorithm>

namespace zapas {
namespace {

// The keys of one attempt. The separator cannot occur in a user name
// (control characters are refused) nor in an address.
std::string PairKey(const std::string& username, const std::string& address) {
  return "p\x1f" + username + "\x1f" + address;
}
std::string AddressKey(const std::string& address) { return "a\x1f" + address; }
std::string NameKey(const std::string& username) { return "n\x1f" + username; }

}  // namespace

LoginThrottle::State& LoginThrottle::Touch(const std::string& key) {
  auto it = keys_.find(key);
  if (it != keys_.end()) {
    order_.splice(order_.begin(), order_, it->second.age);
    return it->second.state;
  }
  if (keys_.size() >= kCapacity) {
    keys_.erase(order_.back());
    order_.pop_back();
  }
  order_.push_front(key);
  return keys_.emplace(key, Slot{State{}, order_.begin()}).first->second.state;
}

void LoginThrottle::Fail(const std::string& key, int limit, Clock::time_point now) {
  State& s = Touch(key);
  if (s.failures > 0 && now - s.last_failure > kForget) s.failures = 0;
  s.last_failure = now;
  if (++s.failures >= limit) {
    const auto lockout = kLockout * (1 << std::min(s.lockouts, 7));
    s.locked_until = now + std::min<std::chrono::seconds>(lockout, std::chrono::hours(1));
    ++s.lockouts;
    s.failures = 0;
  }
}

Status LoginThrottle::Check(const std::string& key, const std::string& what,
                            Clock::time_point now) const {
  auto it = keys_.find(key);
  if (it == keys_.end() || it->second.state.locked_until <= now) return Status::Ok();
  // Whole seconds, rounded up: never "0 s" while still locked.
  const auto wait = std::chrono::ceil<std::chrono::seconds>(it->second.state.locked_until - now);
  return Status(StatusCode::kThrottled, "too many failed logins " + what + ": try again in " +
                                            std::to_string(wait.count()) + " s");
}

Status LoginThrottle::Allow(const std::string& username, const std::string& address) {
  std::lock_guard<std::mutex> lock(mu_);
  const auto now = now_();
  ZAPAS_RETURN_IF_ERROR(
      Check(PairKey(username, address), "for \"" + username + "\" from this address", now));
  ZAPAS_RETURN_IF_ERROR(Check(AddressKey(address), "from this address", now));
  return Check(NameKey(username), "for \"" + username + "\"", now);
}

void LoginThrottle::Failed(const std::string& username, const std::string& address) {
  std::lock_guard<std::mutex> lock(mu_);
  const auto now = now_();
  Fail(PairKey(username, address), kPairFailures, now);
  Fail(AddressKey(address), kAddressFailures, now);
  Fail(NameKey(username), kNameFailures, now);
}

void LoginThrottle::Succeeded(const std::string& username, const std::string& address) {
  std::lock_guard<std::mutex> lock(mu_);
  for (const std::string& key : {PairKey(username, address), NameKey(username)}) {
    auto it = keys_.find(key);
    if (it == keys_.end()) continue;
    order_.erase(it->second.age);
    keys_.erase(it);
  }
}

size_t LoginThrottle::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return keys_.size();
}

}  // namespace zapas
