#include "services/log.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <mutex>
#include <thread>

#include "domain/json.h"
#include "services/random.h"

namespace zapas {
namespace {

// Lines gather in `pending` and are written a batch at a time — by a
// thread of the log's own every 100 ms, at once when 64 KiB have gathered,
// and at once for an error line — so that a request costs no system call
// and no wait on the file. A process killed outright loses at most the last
// 100 ms of request lines; FlushLog() at a clean stop loses none.
struct Sink {
  std::mutex mu;  // pending, fd, path
  std::string pending;
  int fd = STDERR_FILENO;
  std::string path;      // "" while the log is standard error
  std::mutex write_mu;   // one batch written at a time, in order, to the fd of its time
  bool flusher = false;  // under mu: the flushing thread runs
};
constexpr size_t kBatchBytes = 64 * 1024;

// Never destroyed: the flushing thread may run until the process ends.
Sink& TheSink() {
  static Sink* sink = new Sink;
  return *sink;
}

void WriteAll(int fd, const std::string& bytes) {
  const char* p = bytes.data();
  size_t left = bytes.size();
  while (left > 0) {
    const ssize_t n = ::write(fd, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // a full disk loses log lines, never a request
    p += n;
    left -= static_cast<size_t>(n);
  }
}

void Flush(Sink& sink) {
  std::lock_guard<std::mutex> writing(sink.write_mu);
  std::string batch;
  int fd;
  {
    std::lock_guard<std::mutex> lock(sink.mu);
    batch.swap(sink.pending);
    fd = sink.fd;
  }
  if (!batch.empty()) WriteAll(fd, batch);
}

void WriteLine(const std::string& line, bool now) {
  Sink& sink = TheSink();
  bool full;
  {
    std::lock_guard<std::mutex> lock(sink.mu);
    if (!sink.flusher) {
      sink.flusher = true;
      std::thread([&sink] {
        for (;;) {
          std::this_thread::sleep_for(std::chrono::milliseconds(100));
          Flush(sink);
        }
      }).detach();
    }
    sink.pending += line;
    sink.pending += '\n';
    full = sink.pending.size() >= kBatchBytes;
  }
  if (now || full) Flush(sink);
}

thread_local std::string current_request_id;

// RFC 3339 UTC to the millisecond; the date and time of day are formatted
// once a second (per thread).
std::string NowText() {
  thread_local std::time_t cached_second = -1;
  thread_local char cached[32];
  const auto now = std::chrono::system_clock::now();
  const std::time_t t = std::chrono::system_clock::to_time_t(now);
  const int ms = static_cast<int>(
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000);
  if (t != cached_second) {
    std::tm tm{};
    gmtime_r(&t, &tm);
    std::snprintf(cached, sizeof cached, "%04d-%02d-%02dT%02d:%02d:%02d",
                  (tm.tm_year + 1900) % 10000, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
                  tm.tm_sec);
    cached_second = t;
  }
  char text[48];
  std::snprintf(text, sizeof text, "%s.%03dZ", cached, ms);
  return text;
}

Result<int> OpenAppending(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) {
    return Status::Unavailable("cannot open the log file " + path + ": " + std::strerror(errno));
  }
  return fd;
}

}  // namespace

void LogError(std::string_view message) {
  JsonWriter w;
  w.BeginObject().Field("time", NowText()).Field("level", "error");
  if (!current_request_id.empty()) w.Field("request_id", current_request_id);
  w.Field("message", message).EndObject();
  WriteLine(w.Take(), /*now=*/true);
}

void LogRequest(const RequestRecord& r) {
  JsonWriter w;
  w.BeginObject()
      .Field("time", NowText())
      .Field("level", "info")
      .Field("request_id", r.request_id)
      .Field("user", r.user)
      .Field("role", r.role)
      .Field("method", r.method)
      .Field("route", r.route)
      .Field("status", r.status);
  char ms[32];
  std::snprintf(ms, sizeof ms, "%lld.%03lld", static_cast<long long>(r.duration_us / 1000),
                static_cast<long long>(r.duration_us % 1000));
  w.Key("duration_ms").Raw(ms).Field("bytes", static_cast<int64_t>(r.bytes)).EndObject();
  WriteLine(w.Take(), /*now=*/false);
}

Status OpenLogFile(const std::string& path) {
  Sink& sink = TheSink();
  int fd = STDERR_FILENO;
  if (!path.empty()) {
    ZAPAS_ASSIGN_OR_RETURN(fd, OpenAppending(path));
  }
  // What gathered goes to the file it was meant for.
  Flush(sink);
  std::lock_guard<std::mutex> writing(sink.write_mu);
  std::lock_guard<std::mutex> lock(sink.mu);
  if (sink.fd != STDERR_FILENO) ::close(sink.fd);
  sink.fd = fd;
  sink.path = path;
  return Status::Ok();
}

void FlushLog() { Flush(TheSink()); }

Status ReopenLogFile() {
  std::string path;
  {
    Sink& sink = TheSink();
    std::lock_guard<std::mutex> lock(sink.mu);
    path = sink.path;
  }
  return path.empty() ? Status::Ok() : OpenLogFile(path);
}

void SetThreadRequestId(std::string_view id) { current_request_id.assign(id); }

std::string NewRequestId() {
  // A random prefix per process and a counter: unique across restarts and
  // servers, and no random bytes drawn per request.
  static const std::string prefix = RandomHex(6);
  static std::atomic<uint64_t> next{1};
  char counter[24];
  std::snprintf(counter, sizeof counter, "-%08llx",
                static_cast<unsigned long long>(next.fetch_add(1, std::memory_order_relaxed)));
  return prefix + counter;
}

bool IsAcceptableRequestId(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  for (char c : id) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == ':' || c == '-';
    if (!ok) return false;
  }
  return true;
}

}  // namespace zapas
