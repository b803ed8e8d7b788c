// sync_bench: a site of an alliance and its hub, both `zapas serve` on SQLite
// over loopback. Prints three figures beside their goals:
//   1. catch-up: the site writes N deliveries (100,000 by default) with its
//      link idle, then POST /sync pushes them all: seconds (goal < 10 s);
//   2. lag: with sync.interval = 1 s, a delivery every 200 ms at the site,
//      and the time until the hub holds each (goal < 2 s);
//   3. cost: the site's delivery rate over 16 connections, syncing every
//      second, in R rounds of S seconds with the link to the hub cut and R
//      with it whole, taking turns on one server (goal < 10 % slower).
// Both servers share this machine: the hub runs at nice 19 with its database
// on /dev/shm, standing in for a machine of its own, so the third figure is
// what syncing costs the site (reading and sending its journal), not the
// hub's work competing for the same two cores and disk.
#include <Poco/Net/HTTPClientSession.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "bench/bench_support.h"
#include "bench/http_load.h"
#include "tests/services/tcp_relay.h"

using namespace zapas::bench;

namespace {

struct Options {
  int entries = 100000;
  double seconds = 8;
  int rounds = 3;
  std::string dir;
  bool keep = false;
};

Poco::JSON::Object::Ptr Call(int port, const std::string& token, const Request& r, int expect) {
  Poco::Net::HTTPClientSession s("127.0.0.1", static_cast<Poco::UInt16>(port));
  s.setTimeout(Poco::Timespan(600, 0));
  HttpReply reply = Send(s, r, token);
  if (reply.status != expect) {
    Die(r.method + " " + r.path + ": " + std::to_string(reply.status) + " " + reply.body);
  }
  return ParseObject(reply.body.empty() ? "{}" : reply.body, r.path);
}

std::string LoginTo(int port) {
  Poco::Net::HTTPClientSession s("127.0.0.1", static_cast<Poco::UInt16>(port));
  return Login(s);
}

// Runs `command` through the shell; Die unless it exits 0.
void Shell(const std::string& command) {
  if (std::system(command.c_str()) != 0) Die("failed: " + command);
}

// The hub's head of site BENCH (the site's id of its last entry held).
int64_t HeldAtHub(int hub_port, const std::string& token) {
  auto status = Call(hub_port, token, {"GET", "/api/v1/sync/status", ""}, 200);
  auto sites = status->getArray("sites");
  for (size_t i = 0; i < sites->size(); ++i) {
    auto s = sites->getObject(static_cast<unsigned>(i));
    if (s->getValue<std::string>("code") == "BENCH") {
      return s->getObject("head")->getValue<int64_t>("id");
    }
  }
  return -1;
}

const char* kDelivery = R"({"warehouse":"SITE-1","recipient":"MU-1","date":"2026-12-02",)"
                        R"("lines":[{"sku":"RICE","quantity":"0.001"}]})";

}  // namespace

int main(int argc, char** argv) {
  SetProgramName("sync_bench");
  Options o;
  OptionReader in(
      argc, argv,
      "usage: sync_bench [--entries N] [--seconds S] [--rounds R] [--dir DIR] [--keep]");
  while (in.Next()) {
    if (in.option() == "--entries") {
      o.entries = static_cast<int>(in.Number());
    } else if (in.option() == "--seconds") {
      o.seconds = in.Number();
    } else if (in.option() == "--rounds") {
      o.rounds = std::max(1, static_cast<int>(in.Number()));
    } else if (in.option() == "--dir") {
      o.dir = in.Value();
    } else if (in.option() == "--keep") {
      o.keep = true;
    } else {
      in.Unknown();
    }
  }
  const std::string dir =
      MakeWorkDir(o.dir.empty() ? DefaultTempParent() : o.dir, "zapas-sync-bench");
  // The hub's database on /dev/shm (when there is one) and the hub at nice
  // 19 stand in for a machine of its own: its disk and CPU are not the
  // site's, so the figures are what syncing costs the site.
  const std::string hub_dir = std::filesystem::exists("/dev/shm") && o.dir.empty()
                                  ? MakeWorkDir("/dev/shm", "zapas-sync-bench-hub")
                                  : dir;
  const std::string hub_db = hub_dir + "/hub.db", site_db = dir + "/site.db";
  const std::string hub_config = dir + "/hub.properties";
  WriteServerConfig(hub_config, "");
  AddUser(hub_config, hub_db, "admin");
  const std::string niced = dir + "/niced-zapas";
  std::ofstream(niced) << "#!/bin/sh\nexec nice -n 19 " << ZAPAS_BINARY << " \"$@\"\n";
  Shell("chmod +x " + niced);
  Server hub(hub_config, hub_db, niced);
  hub.WaitReadyOrDie(60);
  const std::string admin = LoginTo(hub.port());
  for (const std::string& body :
       {std::string(R"({"code":"SITE-1","name":"Склад","region":"Харківська"})")}) {
    Call(hub.port(), admin, {"POST", "/api/v1/warehouses", body}, 201);
  }
  Call(hub.port(), admin,
       {"POST", "/api/v1/donors",
        R"({"code":"DE-HILFE","name":"Deutsche Hilfe","country":"DE","currency":"EUR"})"},
       201);
  Call(hub.port(), admin,
       {"POST", "/api/v1/items",
        R"({"sku":"RICE","name":{"uk":"Рис","en":"Rice"},"unit":"kg","category":"food",)"
        R"("expiry_tracked":false})"},
       201);
  Call(hub.port(), admin,
       {"POST", "/api/v1/recipients",
        R"({"code":"MU-1","kind":"military_unit","name":"в/ч А1234","region":"Харківська"})"},
       201);
  auto site = Call(
      hub.port(), admin,
      {"POST", "/api/v1/sites", R"({"code":"BENCH","name":"Майданчик","warehouses":["SITE-1"]})"},
      201);
  const std::string token = site->getValue<std::string>("token");
  // The site reaches the hub through a relay the benchmark can cut.
  zapas::testing::TcpRelay link(hub.port());
  Shell("echo '" + token + "' | " + ZAPAS_BINARY +
        " site init --hub http://127.0.0.1:" + std::to_string(link.Port()) +
        " --site BENCH --token-stdin --db " + site_db + " > /dev/null");
  Shell(std::string(ZAPAS_BINARY) + " sync --once --db " + site_db + " > /dev/null");

  const std::string quiet = dir + "/site-quiet.properties", busy = dir + "/site-busy.properties";
  WriteServerConfig(quiet, "");
  WriteServerConfig(busy, "");
  std::ofstream(quiet, std::ios::app) << "sync.interval = 86400\n";
  std::ofstream(busy, std::ios::app) << "sync.interval = 1\n";
  auto delivery = [](std::mt19937_64&) { return Request{"POST", "/api/v1/deliveries", kDelivery}; };
  // 1. Catch-up: N deliveries written with the link idle, then one sync.
  double catch_up = 0;
  int64_t pushed = 0;
  {
    Server s(quiet, site_db);
    s.WaitReadyOrDie(60);
    const std::string t = LoginTo(s.port());
    Call(s.port(), t,
         {"POST", "/api/v1/receipts",
          R"({"warehouse":"SITE-1","donor":"DE-HILFE","date":"2026-12-01","reference":"r",)"
          R"("lines":[{"sku":"RICE","quantity":"1000000","lot":"L-1",)"
          R"("unit_value":{"amount":"40.00","currency":"UAH"}}]})"},
         201);
    const std::vector<Endpoint> site_endpoint = {{s.pid(), s.port(), t}};
    int64_t written = 1;
    while (written < o.entries) {
      written += static_cast<int64_t>(RunLoad(site_endpoint, 16, 5, delivery, 201).ok);
    }
    Say("%lld entries waiting at the site", static_cast<long long>(written));
    const auto start = Clock::now();
    auto done = Call(s.port(), t, {"POST", "/api/v1/sync", ""}, 200);
    catch_up = Since(start);
    pushed = done->getValue<int64_t>("pushed");
    Say("catch-up: %lld entries pushed in %.2f s (%.0f entries/s)", static_cast<long long>(pushed),
        catch_up, pushed / catch_up);
  }
  // 2. and 3.: the site syncing every second, in rounds with the link cut
  // (syncing fails at once: the site's own cost) and whole, in turn.
  double quiet_rate = 0, busy_rate = 0, lag_p50 = 0, lag_max = 0;
  {
    Server s(busy, site_db);
    s.WaitReadyOrDie(60);
    const std::string t = LoginTo(s.port());
    const std::vector<Endpoint> site_endpoint = {{s.pid(), s.port(), t}};
    for (int round = 0; round < 2 * o.rounds; ++round) {
      const bool syncing = round % 2 == 1;
      link.SetMode(syncing ? zapas::testing::TcpRelay::Mode::kPass
                           : zapas::testing::TcpRelay::Mode::kRefuse);
      // Each syncing round starts caught up, so it measures steady syncing.
      if (syncing) Call(s.port(), t, {"POST", "/api/v1/sync", ""}, 200);
      LoadResult r = RunLoad(site_endpoint, 16, o.seconds, delivery, 201);
      (syncing ? busy_rate : quiet_rate) += r.rate() / o.rounds;
      Say("round %d, %-22s %s", round + 1,
          syncing ? "syncing every second:" : "link cut:", Describe(r).c_str());
    }
    // The lag of one write: let the sync catch up first.
    link.SetMode(zapas::testing::TcpRelay::Mode::kPass);
    Call(s.port(), t, {"POST", "/api/v1/sync", ""}, 200);
    Latencies lag;
    for (int i = 0; i < 50; ++i) {
      auto written = Call(s.port(), t, {"POST", "/api/v1/deliveries", kDelivery}, 201);
      const int64_t id = std::stoll(written->getValue<std::string>("id"));
      const auto at = Clock::now();
      while (HeldAtHub(hub.port(), admin) < id) {
        if (Since(at) > 30) Die("the hub did not get entry " + std::to_string(id) + " in 30 s");
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
      lag.ms.push_back(Since(at) * 1000);
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
    lag_p50 = lag.at(0.5);
    lag_max = lag.at(1.0);
  }
  const double slower = quiet_rate > 0 ? (1 - busy_rate / quiet_rate) * 100 : 0;
  Say("%s", "");
  Say("catch-up of %lld entries   %7.2f s        goal < 10 s    %s", static_cast<long long>(pushed),
      catch_up, Mark(catch_up < 10));
  Say("lag write -> hub (p50/max) %7.0f / %.0f ms  goal < 2000 ms %s", lag_p50, lag_max,
      Mark(lag_max < 2000));
  Say("deliveries, link cut       %7.0f /s", quiet_rate);
  Say("deliveries, syncing        %7.0f /s  %.1f %% slower  goal < 10 %%  %s", busy_rate, slower,
      Mark(slower < 10));
  hub.Stop();
  if (hub_dir != dir) FinishWorkDir(hub_dir, false);
  FinishWorkDir(dir, o.keep);
  return 0;
}
