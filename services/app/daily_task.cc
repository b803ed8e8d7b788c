#include "services/app/daily_task.h"

#include <algorithm>
#include <chrono>
#include <ctime>

#include "services/clock.h"

namespace zapas {

DailyTask::DailyTask(const std::string& daily_at, Job job,
                     std::function<void(Date, const Status&, int)> retrying)
    : job_(std::move(job)), retrying_(std::move(retrying)) {
  const Result<int> at = ParseTimeOfDay(daily_at);
  if (at.ok()) thread_ = std::thread([this, minute = *at] { Loop(minute); });
}

DailyTask::~DailyTask() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void DailyTask::Loop(int at) {
  Date done = Date::FromDays(0);  // the last day whose run succeeded
  int backoff_seconds = 0;
  std::unique_lock<std::mutex> lock(mu_);
  while (!stopping_) {
    const int second_of_day = KyivSecondOfDay(std::time(nullptr));
    const Date today = Today();
    // Looks again at the next minute's start, so that HH:MM is kept to the second.
    std::chrono::seconds wait(60 - second_of_day % 60);
    if (today != done && second_of_day / 60 >= at) {
      lock.unlock();
      Status outcome = Status::Internal("the daily job did not run");
      try {
        outcome = job_(today);
      } catch (const std::exception& e) {
        outcome = Status::Internal(std::string("unexpected error: ") + e.what());
      }
      lock.lock();
      if (outcome.ok()) {
        done = today;
        backoff_seconds = 0;
      } else {
        backoff_seconds = std::min(3600, backoff_seconds == 0 ? 10 : backoff_seconds * 2);
        if (retrying_) retrying_(today, outcome, backoff_seconds);
        wait = std::chrono::seconds(backoff_seconds);
      }
    }
    cv_.wait_for(lock, wait, [this] { return stopping_; });
  }
}

}  // namespace zapas
