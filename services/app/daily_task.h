// DailyTask: a job the server does once a day at a time of day in Kyiv
// (alerts.daily_at, backup.daily_at), on a thread of its own. A day's run
// that fails is tried again after 10, 20, 40 ... seconds (at most an hour
// apart) until it succeeds that day; a server that starts after the hour
// runs it at once.
#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "domain/date.h"
#include "domain/status.h"

namespace zapas {

class DailyTask {
 public:
  using Job = std::function<Status(Date today)>;
  // `daily_at`: "HH:MM" (ParseTimeOfDay); runs nothing when it is anything
  // else ("" included). `retrying` hears of each failure and the seconds
  // until the next try.
  DailyTask(const std::string& daily_at, Job job,
            std::function<void(Date, const Status&, int seconds)> retrying);
  ~DailyTask();  // stops the thread (a run under way ends first)
  DailyTask(const DailyTask&) = delete;
  DailyTask& operator=(const DailyTask&) = delete;

 private:
  void Loop(int at_minute);
  Job job_;
  std::function<void(Date, const Status&, int)> retrying_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace zapas
