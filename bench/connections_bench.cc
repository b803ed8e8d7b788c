// connections_bench: how long a fresh client waits for GET /health, a login
// and a delivery while other connections sit idle or send their request head
// a byte at a time (a warehouse Wi-Fi full of sleeping phones, or a
// slow-header attack).
//
// A program run by hand, not a test:
//   build/bench/connections_bench [--rounds N] [--timeout S] [--zapas PATH]
//                                 [--compare PATH] [--dir DIR] [--keep]
//
// 1. builds a small bench-cluster database (1,000 lots) and adds the user bench;
// 2. for each server (--zapas, then --compare): starts it and, for each
//    scenario -- nothing else open; 80 idle connections (they send nothing);
//    500 idle and 100 slow-header connections (a partial head, then one byte
//    every 300 ms) -- opens those connections, then N times a fresh
//    connection sends GET /health, POST /sessions and POST /deliveries and
//    times each reply. A reply not in within --timeout seconds is given up,
//    and so are that server's other rounds of the scenario;
// 3. prints a table: server, scenario, request, median and slowest reply.
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "bench/bench_cluster.h"
#include "bench/bench_support.h"
#include "tests/services/raw_http.h"

namespace {

using namespace zapas::bench;
using zapas::testing::RawConnection;
using zapas::testing::RawHttpReply;
using zapas::testing::RawRequest;

constexpr const char* kUsage =
    "Usage: connections_bench [--rounds N] [--timeout S] [--zapas PATH] [--compare PATH]\n"
    "                         [--dir DIR] [--keep]\n"
    "  --rounds N      fresh clients per scenario (default 20)\n"
    "  --timeout S     how long a fresh client waits for a reply (default 70)\n"
    "  --zapas PATH    the `zapas` executable to measure (default: this build's)\n"
    "  --compare PATH  another `zapas` (e.g. an older build) measured after it\n"
    "  --dir DIR       where the temporary directory is made (default $TMPDIR or /tmp)\n"
    "  --keep          keep the temporary directory\n";

struct Options {
  int rounds = 20;
  double timeout = 70;
  std::string zapas = ZAPAS_BINARY;
  std::string compare;
  std::string dir = DefaultTempParent();
  bool keep = false;
};

Options ParseOptions(int argc, char** argv) {
  Options o;
  OptionReader r(argc, argv, kUsage);
  while (r.Next()) {
    const std::string& a = r.option();
    if (a == "--rounds") {
      o.rounds = std::max(1, static_cast<int>(r.Number()));
    } else if (a == "--timeout") {
      o.timeout = std::max(1.0, r.Number());
    } else if (a == "--zapas") {
      o.zapas = r.Value();
    } else if (a == "--compare") {
      o.compare = r.Value();
    } else if (a == "--dir") {
      o.dir = r.Value();
    } else if (a == "--keep") {
      o.keep = true;
    } else {
      r.Unknown();
    }
  }
  return o;
}

struct Scenario {
  const char* name;
  int idle;
  int slow;
};
constexpr Scenario kScenarios[] = {
    {"nothing else open", 0, 0},
    {"80 idle connections", 80, 0},
    {"500 idle + 100 slow-header", 500, 100},
};
constexpr const char* kRequests[] = {"GET /health", "POST /sessions", "POST /deliveries"};

// What one server did in one scenario: the reply times of each request, in ms.
struct Timings {
  std::string server;
  const Scenario* scenario = nullptr;
  std::vector<double> ms[3];
  bool gave_up = false;  // a reply did not come within --timeout
  std::string failure;   // a reply that came but was not the expected one
};

// Holds `idle` connections that send nothing and `slow` ones that send a
// partial head and then a byte every 300 ms, until destroyed.
class Flood {
 public:
  Flood(int port, int idle, int slow) {
    for (int i = 0; i < idle + slow; ++i) {
      open_.push_back(std::make_unique<RawConnection>(port, 1000));
      if (i >= idle) {
        open_.back()->Send("POST /api/v1/deliveries HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");
      }
    }
    if (slow > 0) {
      trickle_ = std::thread([this, idle] {
        while (!stop_) {
          for (size_t i = static_cast<size_t>(idle); i < open_.size(); ++i) open_[i]->Send("a");
          std::this_thread::sleep_for(std::chrono::milliseconds(300));
        }
      });
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
  }
  ~Flood() {
    stop_ = true;
    if (trickle_.joinable()) trickle_.join();
  }

 private:
  std::vector<std::unique_ptr<RawConnection>> open_;
  std::atomic<bool> stop_{false};
  std::thread trickle_;
};

// One fresh client's three requests; false when one was given up.
bool FreshClient(int port, double timeout, Timings& t) {
  const int timeout_ms = static_cast<int>(timeout * 1000);
  RawConnection c(port, timeout_ms);
  std::string token;
  for (int i = 0; i < 3; ++i) {
    std::string request;
    int expect = 200;
    if (i == 0) request = RawRequest("GET", "/api/v1/health");
    if (i == 1) {
      request =
          RawRequest("POST", "/api/v1/sessions",
                     std::string(R"({"username":"bench","password":")") + kPassword + "\"}", "");
    }
    if (i == 2) {
      request = RawRequest("POST", "/api/v1/deliveries", Delivery(kWarehouses[0], Sku(0), "").body,
                           token);
      expect = 201;
    }
    const auto start = Clock::now();
    c.Send(request);
    const RawHttpReply reply = c.Read();
    const double ms = Since(start) * 1000;
    if (reply.status == 0) {
      Say("    %s: no reply within %.0f s", kRequests[i], timeout);
      t.gave_up = true;
      return false;
    }
    if (reply.status != expect && t.failure.empty()) {
      t.failure = std::string(kRequests[i]) + ": HTTP " + std::to_string(reply.status) + " " +
                  reply.body.substr(0, 200);
    }
    if (i == 1) token = ParseObject(reply.body, "login")->optValue<std::string>("token", "");
    t.ms[i].push_back(ms);
  }
  return true;
}

std::vector<Timings> Measure(const std::string& binary, const std::string& config,
                             const std::string& db, const Options& opt) {
  std::vector<Timings> all;
  Say("server %s", binary.c_str());
  Server server(config, db, binary);
  server.WaitReadyOrDie(60);
  for (const Scenario& s : kScenarios) {
    Say("  %s: opening the connections ...", s.name);
    Timings t;
    t.server = binary;
    t.scenario = &s;
    {
      Flood flood(server.port(), s.idle, s.slow);
      for (int round = 0; round < opt.rounds; ++round) {
        if (!FreshClient(server.port(), opt.timeout, t)) break;
      }
    }
    if (!t.failure.empty()) Say("    !! %s", t.failure.c_str());
    all.push_back(std::move(t));
  }
  Say("  server stopped (%s)", server.Stop().c_str());
  return all;
}

std::string Figure(std::vector<double> ms, bool gave_up, double timeout) {
  char buf[96];
  if (ms.empty()) {
    std::snprintf(buf, sizeof buf, "no reply within %.0f s", timeout);
    return buf;
  }
  std::sort(ms.begin(), ms.end());
  std::snprintf(buf, sizeof buf, "%9.2f %9.2f %4zu%s", ms[ms.size() / 2], ms.back(), ms.size(),
                gave_up ? "  then none within the timeout" : "");
  return buf;
}

}  // namespace

int main(int argc, char** argv) {
  SetProgramName("connections_bench");
  const Options opt = ParseOptions(argc, argv);
  signal(SIGPIPE, SIG_IGN);
  zapas::testing::RaiseOpenFileLimit();
  const std::string dir = MakeWorkDir(opt.dir, "zapas-connections");
  const std::string config = dir + "/bench.properties";
  WriteServerConfig(config, "");  // the defaults: 64 threads, keep-alive 5 s
  const std::string db = dir + "/bench.db";
  Build(db, 1000, "");
  AddUser(config, db, "warehouse");

  std::vector<Timings> all = Measure(opt.zapas, config, db, opt);
  if (!opt.compare.empty()) {
    std::vector<Timings> old = Measure(opt.compare, config, db, opt);
    all.insert(all.end(), old.begin(), old.end());
  }

  std::printf("\n== a fresh client beside idle and slow connections (ms) ==\n");
  std::printf("%-28s %-17s %9s %9s %4s\n", "scenario", "request", "median", "slowest", "n");
  std::string server;
  int failures = 0;
  for (const Timings& t : all) {
    if (t.server != server) {
      server = t.server;
      std::printf("server %s\n", server.c_str());
    }
    for (int i = 0; i < 3; ++i) {
      std::printf("%-28s %-17s %s\n", t.scenario->name, kRequests[i],
                  Figure(t.ms[i], t.gave_up, opt.timeout).c_str());
    }
    failures += !t.failure.empty();
  }
  std::fflush(stdout);
  FinishWorkDir(dir, opt.keep);
  return failures == 0 ? 0 : 1;
}
