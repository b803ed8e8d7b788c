#include "bench/http_load.h"

#include <sys/resource.h>
#include <unistd.h>

#include <Poco/Exception.h>
#include <Poco/Net/HTTPClientSession.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <sstream>
#include <thread>

namespace zapas::bench {
namespace {

// CPU seconds (user + system) used so far by a process.
double ProcessCpuSeconds(pid_t pid) {
  std::string text = ReadFile("/proc/" + std::to_string(pid) + "/stat");
  auto close = text.rfind(')');
  if (close == std::string::npos) return 0;
  std::istringstream fields(text.substr(close + 2));
  std::string f;
  double utime = 0, stime = 0;
  // Fields after the name start at 3 (state); utime is 14, stime 15.
  for (int i = 3; i <= 15 && (fields >> f); ++i) {
    if (i == 14) utime = std::atof(f.c_str());
    if (i == 15) stime = std::atof(f.c_str());
  }
  return (utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

double SelfCpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  auto sec = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
  return sec(u.ru_utime) + sec(u.ru_stime);
}

// CPU seconds used so far by every server of `endpoints` together.
double ServersCpuSeconds(const std::vector<Endpoint>& endpoints) {
  double sum = 0;
  for (const Endpoint& e : endpoints) sum += ProcessCpuSeconds(e.pid);
  return sum;
}

}  // namespace

std::string LoginAt(int port) {
  Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(port));
  session.setTimeout(Poco::Timespan(60, 0));
  return zapas::bench::Login(session);
}

double LoadResult::percentile_ms(double q) const {
  if (latency_us.empty()) return 0;
  size_t n = latency_us.size();
  size_t i = static_cast<size_t>(std::ceil(q * static_cast<double>(n)));
  i = std::clamp<size_t>(i, 1, n) - 1;
  return latency_us[i] / 1000.0;
}

namespace {

// The stages of zapas_write_stage_seconds_total, in the order printed, and
// which of them are the writer thread's own time (the rest are waits).
constexpr const char* kStages[] = {"begin",   "idempotency", "savepoint", "document", "commit",
                                   "publish", "checkpoint",  "queue",     "reply"};
constexpr size_t kWriterStages = 7;

// A value of a sample line "NAME{LABELS} VALUE" of the exposition text.
double Sample(const std::string& text, const std::string& series) {
  const size_t at = text.find("\n" + series + " ");
  if (at == std::string::npos) return 0;
  return std::strtod(text.c_str() + at + series.size() + 2, nullptr);
}

}  // namespace

WriterStages ScrapeStages(Poco::Net::HTTPClientSession& session, const std::string& token) {
  HttpReply r = Send(session, {"GET", "/metrics", ""}, token);
  if (r.status != 200) Die("GET /metrics answered " + std::to_string(r.status) + " " + r.body);
  WriterStages s;
  for (size_t i = 0; i < std::size(kStages); ++i) {
    s.seconds[i] = Sample(
        r.body, std::string("zapas_write_stage_seconds_total{stage=\"") + kStages[i] + "\"}");
  }
  s.jobs = Sample(r.body, "zapas_write_jobs_total");
  return s;
}

WriterStages operator-(const WriterStages& a, const WriterStages& b) {
  WriterStages d;
  for (size_t i = 0; i < d.seconds.size(); ++i) d.seconds[i] = a.seconds[i] - b.seconds[i];
  d.jobs = a.jobs - b.jobs;
  return d;
}

double WriterStages::writer_us() const {
  double busy = 0;
  for (size_t i = 0; i < kWriterStages; ++i) busy += seconds[i];
  return jobs > 0 ? busy * 1e6 / jobs : 0;
}

std::string WriterStages::Describe() const {
  if (jobs <= 0) return "no write job ran";
  std::ostringstream out;
  out.setf(std::ios::fixed);
  out.precision(1);
  out << "writer us/write:";
  for (size_t i = 0; i < kWriterStages; ++i)
    out << " " << kStages[i] << " " << seconds[i] * 1e6 / jobs;
  out << " = " << writer_us() << " (the writer alone: " << static_cast<long>(1e6 / writer_us())
      << "/s); waits: ";
  for (size_t i = kWriterStages; i < std::size(kStages); ++i) {
    out << kStages[i] << " " << seconds[i] * 1e6 / jobs << (i + 1 < std::size(kStages) ? ", " : "");
  }
  return out.str();
}

LoadResult RunLoad(const std::vector<Endpoint>& endpoints, int connections, double seconds,
                   const std::function<Request(std::mt19937_64&)>& make, int expect,
                   uint64_t stop_after) {
  struct PerThread {
    uint64_t ok = 0, late = 0, errors = 0;
    std::string first_error;
    std::vector<uint32_t> latency_us;
    size_t bytes = 0;
  };
  std::vector<PerThread> per(static_cast<size_t>(connections));
  std::atomic<int> warmed{0};
  std::atomic<bool> go{false};
  std::atomic<bool> stop{false};
  std::atomic<uint64_t> answered{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < connections; ++t) {
    threads.emplace_back([&, t] {
      PerThread& me = per[static_cast<size_t>(t)];
      me.latency_us.reserve(1 << 16);
      std::mt19937_64 rng(0x5eed0000u + static_cast<unsigned>(t));
      const Endpoint& to = endpoints[static_cast<size_t>(t) % endpoints.size()];
      Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<Poco::UInt16>(to.port));
      session.setKeepAlive(true);
      session.setTimeout(Poco::Timespan(60, 0));
      auto note_error = [&](const std::string& e) {
        ++me.errors;
        if (me.first_error.empty()) me.first_error = e;
      };
      // Connect (a health check) before the clock starts.
      try {
        (void)Send(session, {"GET", "/api/v1/health", ""}, "");
      } catch (const Poco::Exception& e) {
        note_error("connect: " + e.displayText());
        session.reset();
      }
      warmed.fetch_add(1);
      while (!go.load()) std::this_thread::yield();
      while (!stop.load(std::memory_order_relaxed)) {
        Request r = make(rng);
        auto t0 = Clock::now();
        struct Count {
          std::atomic<uint64_t>& n;
          ~Count() { n.fetch_add(1, std::memory_order_relaxed); }
        } count{answered};
        try {
          HttpReply reply = Send(session, r, to.token);
          auto us = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - t0);
          if (stop.load(std::memory_order_relaxed)) {  // finished after the window
            if (reply.status == expect) ++me.late;
            break;
          }
          if (reply.status == expect) {
            ++me.ok;
            me.latency_us.push_back(static_cast<uint32_t>(us.count()));
            me.bytes = reply.body.size();
          } else {
            note_error("HTTP " + std::to_string(reply.status) + " " + reply.body);
          }
        } catch (const Poco::Exception& e) {
          note_error(e.displayText());
          session.reset();
        } catch (const std::exception& e) {
          note_error(e.what());
          session.reset();
        }
      }
    });
  }
  while (warmed.load() < connections) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  const double server_cpu0 = ServersCpuSeconds(endpoints);
  const double client_cpu0 = SelfCpuSeconds();
  auto start = Clock::now();
  go = true;
  if (stop_after == 0) {
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  } else {
    while (Since(start) < seconds && answered.load(std::memory_order_relaxed) < stop_after) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  }
  stop = true;
  double elapsed = Since(start);
  const double server_cpu = ServersCpuSeconds(endpoints) - server_cpu0;
  const double client_cpu = SelfCpuSeconds() - client_cpu0;
  for (auto& th : threads) th.join();

  LoadResult result;
  result.connections = connections;
  result.seconds = elapsed;
  result.server_cpu = server_cpu;
  result.client_cpu = client_cpu;
  for (auto& p : per) {
    result.ok += p.ok;
    result.late += p.late;
    result.errors += p.errors;
    if (result.first_error.empty()) result.first_error = p.first_error;
    result.latency_us.insert(result.latency_us.end(), p.latency_us.begin(), p.latency_us.end());
    if (p.bytes) result.bytes = p.bytes;
  }
  std::sort(result.latency_us.begin(), result.latency_us.end());
  return result;
}

std::string Describe(const LoadResult& r) {
  char buf[256];
  std::snprintf(buf, sizeof buf, "%.0f req/s  p50 %.2f ms  p99 %.2f ms  max %.1f ms  (%llu ok",
                r.rate(), r.percentile_ms(0.50), r.percentile_ms(0.99),
                r.latency_us.empty() ? 0.0 : r.latency_us.back() / 1000.0,
                static_cast<unsigned long long>(r.ok));
  std::string s = buf;
  if (r.errors) s += ", " + std::to_string(r.errors) + " ERRORS";
  s += ")";
  if (r.ok > 0) {
    std::snprintf(buf, sizeof buf,
                  "\n      CPU over %.1f s: server %.2f s (%.0f us/req), load generator %.2f s "
                  "(%.0f us/req)",
                  r.seconds, r.server_cpu, r.server_cpu * 1e6 / static_cast<double>(r.ok),
                  r.client_cpu, r.client_cpu * 1e6 / static_cast<double>(r.ok));
    s += buf;
  }
  return s;
}

void ReportErrors(const char* what, const LoadResult& r) {
  if (r.errors == 0) return;
  std::string e = r.first_error.size() > 600 ? r.first_error.substr(0, 600) + "..." : r.first_error;
  Say("  !! %s: %llu errors; first: %s", what, static_cast<unsigned long long>(r.errors),
      e.c_str());
}

void ReportJournal(int64_t gained, const LoadResult& r) {
  Say("  the journal gained %lld delivery entries; %llu acknowledged in the window, %llu just "
      "after it",
      static_cast<long long>(gained), static_cast<unsigned long long>(r.ok),
      static_cast<unsigned long long>(r.late));
  if (gained != static_cast<int64_t>(r.ok + r.late)) {
    Say("  !! the journal does not match the acknowledged deliveries");
  }
}

}  // namespace zapas::bench
