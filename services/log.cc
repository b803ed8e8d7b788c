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

#include "domain/json.h"
#include "services/random.h"

namespace zapas {
namespace {

struct Sink {
  std::mutex mu;
  int fd = STDERR_FILENO;
  std::string path;  // "" while the log is standard error
};
Sink& TheSink() {
  static Sink sink;
  return sink;
}

thread_local std::string current_request_id;

// RFC 3339 UTC to the millisecond.
std::string NowText() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t t = std::chrono::system_clock::to_time_t(now);
  const int ms = static_cast<int>(
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[64];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ms);
  return text;
}

void WriteLine(std::string line) {
  line += '\n';
  Sink& sink = TheSink();
  std::lock_guard<std::mutex> lock(sink.mu);
  const char* p = line.data();
  size_t left = line.size();
  while (left > 0) {
    const ssize_t n = ::write(sink.fd, p, left);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // a full disk loses a log line, never a request
    p += n;
    left -= static_cast<size_t>(n);
  }
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
  WriteLine(w.Take());
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
  WriteLine(w.Take());
}

Status OpenLogFile(const std::string& path) {
  Sink& sink = TheSink();
  if (path.empty()) {
    std::lock_guard<std::mutex> lock(sink.mu);
    if (sink.fd != STDERR_FILENO) ::close(sink.fd);
    sink.fd = STDERR_FILENO;
    sink.path.clear();
    return Status::Ok();
  }
  ZAPAS_ASSIGN_OR_RETURN(int fd, OpenAppending(path));
  std::lock_guard<std::mutex> lock(sink.mu);
  if (sink.fd != STDERR_FILENO) ::close(sink.fd);
  sink.fd = fd;
  sink.path = path;
  return Status::Ok();
}

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
