// Running it for real, from outside: GET /metrics read by Prometheus's own
// parser, the request log of a whole scenario searched for every secret it
// saw, backups made by the daily schedule (a minute ahead) and by `zapas
// backup --scheduled`, pruned and verified, a failing backup.after, zapas
// restore, and zapas doctor.
#include <gtest/gtest.h>

#include <csignal>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <thread>

#include "domain/date.h"
#include "tests/services/fixture.h"
#include "tests/services/raw_http.h"

namespace zapas::testing {
namespace {

namespace fs = std::filesystem;

std::string Read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Each sample of a metrics text as Prometheus's parser reads it: "name{labels}" → value.
std::map<std::string, double> Samples(const std::string& text, const std::string& dir) {
  const std::string file = dir + "/metrics.txt";
  std::ofstream(file, std::ios::trunc) << text;
  int status = 0;
  const std::string parsed =
      Shell("/usr/bin/python3 " ZAPAS_TEST_DATA "/prometheus_samples.py < " + file, &status);
  if (status != 0) throw std::runtime_error("the metrics do not parse:\n" + text);
  std::map<std::string, double> samples;
  std::istringstream lines(parsed);
  for (std::string line; std::getline(lines, line);) {
    const size_t space = line.rfind(' ');
    samples[line.substr(0, space)] = std::stod(line.substr(space + 1));
  }
  return samples;
}

// A config file in `dir` of `lines`; its path.
std::string WriteConfig(const std::string& dir, const std::string& lines) {
  const std::string path = dir + "/zapas.properties";
  std::ofstream(path, std::ios::trunc) << lines;
  return path;
}

class OperationsTest : public ZapasServerTest {
 protected:
  // Restarts the server with the configuration `lines`.
  void RestartWith(const std::string& lines) {
    server_->Stop();
    server_->SetServeArgs({"--config", WriteConfig(server_->dir(), lines)});
    server_->Start();
    Reconnect();
  }
  std::string Scrape() {
    HttpReply r = client_->Get("/metrics", Token("admin"));
    if (r.status != 200) throw std::runtime_error("GET /metrics: " + r.body);
    return r.body;
  }
};

TEST_F(OperationsTest, MetricsAreValidPrometheusTextAndCountTheRequestsMade) {
  Receive("KYIV-1", "NFI-BLANKET", "2", "BL-1", "", "8.00");
  const auto before = Samples(Scrape(), server_->dir());
  for (int i = 0; i < 3; ++i) EXPECT_EQ(client_->Get("/api/v1/health").status, 200);
  EXPECT_EQ(Get("/items", "warehouse").status, 200);
  EXPECT_EQ(Get("/recipients/IDP-000117", "admin").status, 200);
  EXPECT_EQ(Get("/recipients/NOBODY-1", "admin").status, 404);
  EXPECT_EQ(client_->Get("/api/v1/no-such-thing", Token("admin")).status, 404);
  EXPECT_EQ(client_->Get("/api/v1/items").status, 401);
  for (int i = 0; i < 2; ++i) {
    EXPECT_EQ(Post("/deliveries", DeliveryBody("KYIV-1", "NFI-BLANKET", "1"), "warehouse").status,
              201);
  }
  EXPECT_EQ(Post("/deliveries", DeliveryBody("KYIV-1", "NFI-BLANKET", "1"), "warehouse").status,
            409);
  const auto after = Samples(Scrape(), server_->dir());
  auto delta = [&](const std::string& sample) {
    auto b = before.find(sample);
    auto a = after.find(sample);
    return (a == after.end() ? 0.0 : a->second) - (b == before.end() ? 0.0 : b->second);
  };
  auto requests = [](const std::string& method, const std::string& route, int status) {
    return "zapas_http_requests_total{method=\"" + method + "\",route=\"" + route + "\",status=\"" +
           std::to_string(status) + "\"}";
  };
  EXPECT_EQ(delta(requests("GET", "/api/v1/health", 200)), 3);
  EXPECT_EQ(delta(requests("GET", "/api/v1/items", 200)), 1);
  EXPECT_EQ(delta(requests("GET", "/api/v1/items", 401)), 1);
  // By route pattern: a household's code never becomes a label.
  EXPECT_EQ(delta(requests("GET", "/api/v1/recipients/{}", 200)), 1);
  EXPECT_EQ(delta(requests("GET", "/api/v1/recipients/{}", 404)), 1);
  EXPECT_EQ(delta(requests("", "unmatched", 404)), 1);
  EXPECT_EQ(delta(requests("POST", "/api/v1/deliveries", 201)), 2);
  EXPECT_EQ(delta(requests("POST", "/api/v1/deliveries", 409)), 1);
  // The scrape before this one counted, not this one (answered after counting).
  EXPECT_EQ(delta(requests("GET", "/api/v1/metrics", 200)), 1);
  EXPECT_EQ(delta("zapas_http_request_duration_seconds_count{method=\"POST\",route=\"/api/v1/"
                  "deliveries\"}"),
            3);
  EXPECT_EQ(delta("zapas_writes_refused_total{reason=\"conflict\"}"), 1);
  EXPECT_GE(delta("zapas_write_batch_size_count{}"), 2);
  EXPECT_GE(delta("zapas_commit_duration_seconds_count{}"), 2);
  // The writer ran the three deliveries (the refused one too) and the record
  // of the household's card being read, and their time went somewhere: into
  // their documents and commits, and into waits.
  EXPECT_EQ(delta("zapas_write_jobs_total{}"), 4);
  for (const char* stage : {"document", "commit", "queue", "reply"}) {
    EXPECT_GT(delta(std::string("zapas_write_stage_seconds_total{stage=\"") + stage + "\"}"), 0)
        << stage;
  }
  EXPECT_EQ(after.at("zapas_writer_queue_depth{}"), 0);
  EXPECT_GE(after.at("zapas_stock_lots{}"), 1);
  EXPECT_EQ(after.at("zapas_build_info{version=\"0.1.0\"}"), 1);
  for (const auto& [name, value] : after) {
    EXPECT_EQ(name.find("IDP-000117"), std::string::npos) << name;
    EXPECT_EQ(name.find("NOBODY"), std::string::npos) << name;
  }
  // The Grafana dashboard of docs/ shows what the server exposes (the sync
  // figures only at an alliance's site).
  const std::string text = Scrape();
  const std::string dashboard = Read(ZAPAS_TEST_DATA "/../../docs/grafana-dashboard.json");
  std::smatch m;
  int shown = 0;
  for (auto it = dashboard.cbegin();
       std::regex_search(it, dashboard.cend(), m, std::regex("zapas_[a-z_]+")); it = m[0].second) {
    std::string name = m[0];
    for (const char* suffix : {"_bucket", "_sum", "_count"}) {
      if (name.ends_with(suffix)) name.resize(name.size() - std::strlen(suffix));
    }
    if (name.rfind("zapas_sync_", 0) == 0 || name.rfind("zapas_backup_", 0) == 0) continue;
    ++shown;
    EXPECT_NE(text.find("# TYPE " + name + " "), std::string::npos) << name;
  }
  EXPECT_GE(shown, 10);

  // Only an admin scrapes, unless metrics.loopback lets this machine in.
  EXPECT_TRUE(IsProblem(client_->Get("/metrics"), 401));
  EXPECT_TRUE(IsProblem(client_->Get("/metrics", Token("warehouse")), 403));
  RestartWith("metrics.loopback = true\n");
  HttpReply open = client_->Get("/metrics");
  EXPECT_EQ(open.status, 200);
  EXPECT_EQ(open.content_type, "text/plain; version=0.0.4; charset=utf-8");
  // A client that a proxy on this machine forwards is no local Prometheus.
  for (const char* header : {"X-Forwarded-For: 203.0.113.9", "Forwarded: for=203.0.113.9"}) {
    RawConnection raw(server_->port(), 5000);
    ASSERT_TRUE(
        raw.Send(std::string("GET /metrics HTTP/1.1\r\nHost: x\r\n") + header + "\r\n\r\n"));
    EXPECT_EQ(raw.Read().status, 401) << header;
  }
  RestartWith("metrics.enabled = false\n");
  EXPECT_TRUE(IsProblem(client_->Get("/metrics", Token("admin")), 404));
}

TEST_F(OperationsTest, EveryReplyCarriesARequestId) {
  RawConnection raw(server_->port(), 5000);
  ASSERT_TRUE(
      raw.Send("GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Request-Id: lb-42.a_b:c\r\n\r\n"));
  EXPECT_EQ(raw.Read().Field("X-Request-Id"), "lb-42.a_b:c");
  ASSERT_TRUE(raw.Send("GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n"));
  const std::string fresh = raw.Read().Field("X-Request-Id");
  EXPECT_GE(fresh.size(), 16u);
  // An id with what does not belong in a log is replaced, not echoed.
  ASSERT_TRUE(raw.Send("GET /nowhere HTTP/1.1\r\nHost: x\r\nX-Request-Id: a\"b password\r\n\r\n"));
  RawHttpReply odd = raw.Read();
  EXPECT_EQ(odd.status, 404);
  EXPECT_GE(odd.Field("X-Request-Id").size(), 16u);
  EXPECT_NE(odd.Field("X-Request-Id"), fresh);
  EXPECT_EQ(odd.Field("X-Request-Id").find('"'), std::string::npos);
}

// The request lines of `log` (a log file's text): each a JSON object of the
// documented members; anything else fails the test.
std::vector<Poco::JSON::Object::Ptr> RequestLines(const std::string& log) {
  std::vector<Poco::JSON::Object::Ptr> lines;
  std::istringstream in(log);
  const std::set<std::string> request_members = {"time",        "level",  "request_id", "user",
                                                 "role",        "method", "route",      "status",
                                                 "duration_ms", "bytes"};
  for (std::string line; std::getline(in, line);) {
    Poco::JSON::Object::Ptr o;
    try {
      o = ParseObject(line);
    } catch (const std::exception& e) {
      ADD_FAILURE() << "a log line that is not JSON: " << line;
      continue;
    }
    if (Str(o, "level") != "info") continue;
    for (const auto& [name, value] : *o) {
      EXPECT_TRUE(request_members.contains(name)) << "a member " << name << " in " << line;
    }
    // The pattern: words of the API and {} for each id, never an id or a code.
    const std::string route = Str(o, "route");
    EXPECT_TRUE(std::regex_match(route, std::regex("(/api/v1(/([a-z][a-z0-9.-]*|\\{\\}))*)|static|"
                                                   "unmatched")))
        << route;
    lines.push_back(o);
  }
  return lines;
}

TEST_F(OperationsTest, TheLogOfAWholeScenarioHoldsNoPasswordTokenOrPersonalData) {
  const std::string log = server_->dir() + "/logs/zapas.log";
  fs::create_directories(server_->dir() + "/logs");
  RestartWith("log.file = " + log + "\n");
  std::vector<std::string> secrets = {
      "Wr0ng-Passw0rd-9", "New-Passw0rd-for-kasa", "Коваленко",        "Наталія",
      "+380671112233",    "вул. Хрещатик 1",       "ZZ-SECRET-REQUEST"};
  for (const auto& [role, u] : TestUsers()) secrets.push_back(u.password);
  // Sign-ins, a wrong password, a new password.
  for (const char* role : {"admin", "warehouse", "treasurer", "auditor", "donor"}) {
    secrets.push_back(Token(role));
  }
  EXPECT_EQ(client_->Post("/api/v1/sessions", LoginBody("kasa", "Wr0ng-Passw0rd-9")).status, 401);
  EXPECT_EQ(client_->Post("/api/v1/sessions", LoginBody("Wr0ng-Passw0rd-9", "x")).status, 401);
  EXPECT_EQ(Post("/sessions/password", R"({"old":"kasa-password-1","new":"New-Passw0rd-for-kasa"})",
                 "treasurer")
                .status,
            200);
  // A household with its personal data, read, searched for, delivered to.
  Must(
      "/recipients",
      R"({"code":"IDP-000900","kind":"idp_household","name":"Домогосподарство 900","region":"Київська область","personal":{"names":["Наталія Коваленко"],"phone":"+380671112233","address":"вул. Хрещатик 1","household_size":4}})",
      "warehouse");
  EXPECT_EQ(Get("/recipients/IDP-000900").status, 200);
  EXPECT_EQ(Get("/recipients?q=%D0%9A%D0%BE%D0%B2%D0%B0%D0%BB%D0%B5%D0%BD%D0%BA%D0%BE").status,
            200);
  Receive("KYIV-1", "NFI-BLANKET", "5", "BL-2", "", "8.00");
  Must("/deliveries", DeliveryBody("KYIV-1", "NFI-BLANKET", "1", "2026-11-10", "IDP-000900"),
       "warehouse");
  EXPECT_EQ(Get("/personal-reads").status, 200);
  // A request body that is refused, quoting itself.
  EXPECT_EQ(Post("/deliveries", R"({"warehouse":"ZZ-SECRET-REQUEST"})", "warehouse").status, 422);
  // logrotate moves the file; SIGHUP opens a new one.
  fs::rename(log, log + ".1");
  server_->Signal(SIGHUP);
  for (int i = 0; i < 50 && !fs::exists(log); ++i) {
    EXPECT_EQ(client_->Get("/api/v1/health").status, 200);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_TRUE(fs::exists(log));
  EXPECT_EQ(Get("/recipients/IDP-000900", "auditor").status, 200);

  // Request lines are written within 100 ms (the last one awaited).
  for (int i = 0; i < 100 && Read(log).find("\"user\":\"audit\"") == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  const std::string text = Read(log + ".1") + Read(log);
  for (const std::string& secret : secrets) {
    EXPECT_EQ(text.find(secret), std::string::npos) << "the log holds " << secret;
  }
  EXPECT_EQ(text.find("IDP-000900"), std::string::npos);
  const auto lines = RequestLines(text);
  ASSERT_GE(lines.size(), 15u) << text;
  int reads_of_the_household = 0;
  for (const auto& o : lines) {
    if (Str(o, "route") == "/api/v1/recipients/{}" && Str(o, "method") == "GET") {
      ++reads_of_the_household;
      EXPECT_TRUE(Str(o, "user") == "admin" || Str(o, "user") == "audit") << Str(o, "user");
    }
    EXPECT_EQ(Str(o, "request_id").size(), 21u);
  }
  EXPECT_EQ(reads_of_the_household, 2);
  // The file is its owner's only.
  EXPECT_EQ(fs::status(log).permissions() & (fs::perms::group_all | fs::perms::others_all),
            fs::perms::none);
}

// Returns once Kyiv's midnight is not within the next two minutes, so that
// a test's "today" and "a minute ahead" stay on one day.
void AwayFromKyivMidnight() {
  for (;;) {
    const int64_t now = std::time(nullptr);
    const int64_t second = ((now + KyivOffsetSeconds(now)) % 86400 + 86400) % 86400;
    if (second < 86400 - 120) return;
    std::this_thread::sleep_for(std::chrono::seconds(1));
  }
}

// The Kyiv time of day `seconds` from now, "HH:MM".
std::string KyivTimeIn(int seconds) {
  const int64_t at = std::time(nullptr) + seconds;
  const int64_t local = at + KyivOffsetSeconds(at);
  const int minute = static_cast<int>((local % 86400 + 86400) % 86400 / 60);
  char text[8];
  std::snprintf(text, sizeof text, "%02d:%02d", minute / 60, minute % 60);
  return text;
}

std::vector<std::string> BackupsIn(const std::string& dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.rfind("zapas-", 0) == 0) names.push_back(name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

TEST_F(OperationsTest, ADailyBackupAMinuteAheadAppearsVerifiedAndRestoresToTheSameReport) {
  ASSERT_NE(
      server_->Run({"rates", "import", ZAPAS_TEST_DATA "/nbu/rates-2024-2026.json"}).find("exit 0"),
      std::string::npos);
  Must("/accounts", R"({"code":"BK-UAH","name":"Bank UAH","currency":"UAH","kind":"bank"})");
  Must(
      "/cash/donations",
      R"({"date":"2026-11-03","donor":"DE-HILFE","account":"BK-UAH","amount":{"amount":"5000.00","currency":"UAH"}})",
      "treasurer");
  Receive("KYIV-1", "NFI-BLANKET", "10", "BL-3", "", "8.00");
  Must("/deliveries", DeliveryBody("KYIV-1", "NFI-BLANKET", "4", "2026-11-10", "IDP-000117"),
       "warehouse");
  // At least 20 s before the minute turns, so the minute ahead is the next one.
  AwayFromKyivMidnight();
  while (std::time(nullptr) % 60 > 40) std::this_thread::sleep_for(std::chrono::seconds(1));
  const std::string dir = server_->dir() + "/backups";
  const std::string elsewhere = server_->dir() + "/elsewhere";
  fs::create_directories(elsewhere);
  RestartWith("backup.dir = " + dir + "\nbackup.daily_at = " + KyivTimeIn(60) +
              "\nbackup.keep = 3 daily\nbackup.after = cp \"$ZAPAS_BACKUP_FILE\" " + elsewhere +
              "/\n");
  auto health = ParseObject(client_->Get("/api/v1/health").body);
  EXPECT_EQ(Str(Obj(health, "backup"), "status"), "missing");
  EXPECT_TRUE(BackupsIn(dir).empty());
  std::vector<std::string> made;
  for (int i = 0; i < 150 && BackupsIn(elsewhere).empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::seconds(1));
  }
  made = BackupsIn(dir);
  ASSERT_EQ(made.size(), 1u) << server_->output();
  EXPECT_EQ(BackupsIn(elsewhere), made);
  health = ParseObject(client_->Get("/api/v1/health").body);
  EXPECT_EQ(Str(Obj(health, "backup"), "status"), "ok") << server_->output();
  EXPECT_TRUE(Obj(health, "backup")->getValue<bool>("copied_elsewhere"));
  EXPECT_EQ(fs::status(dir + "/" + made[0]).permissions() &
                (fs::perms::group_all | fs::perms::others_all),
            fs::perms::none);

  // Restored into a fresh place with the key it was made with, it reports
  // what the database reports.
  const std::string fresh = server_->dir() + "/fresh/zapas.db";
  std::string out = RunZapas(
      {"restore", dir + "/" + made[0], "--db", fresh, "--key", server_->db_path() + ".key"});
  ASSERT_NE(out.find("exit 0"), std::string::npos) << out;
  EXPECT_TRUE(fs::exists(fresh + ".key"));
  const std::vector<std::string> report = {"report",     "reconciliation", "--from",
                                           "2026-11-01", "--to",           "2026-11-30"};
  std::vector<std::string> of_fresh = report;
  of_fresh.insert(of_fresh.end(), {"--db", fresh});
  const std::string restored = RunZapas(of_fresh);
  EXPECT_NE(restored.find("5000.00"), std::string::npos) << restored;
  EXPECT_EQ(restored, server_->Run(report));
  out = RunZapas({"verify", "--db", fresh});
  EXPECT_NE(out.find("exit 0"), std::string::npos) << out;
}

TEST_F(OperationsTest, ScheduledBackupsKeepTheRightSetAndAFailingCopyIsReported) {
  Receive("KYIV-1", "NFI-BLANKET", "10", "BL-4", "", "8.00");
  const std::string dir = server_->dir() + "/backups";
  const std::string config =
      WriteConfig(server_->dir(), "backup.dir = " + dir +
                                      "\nbackup.daily_at = 03:00\nbackup.keep = 2 daily, 2 weekly\n"
                                      "backup.after = echo cannot reach the remote >&2; exit 3\n");
  // Older backups: real copies, named as if made on earlier days.
  fs::create_directories(dir);
  const std::string copy = server_->dir() + "/copy.db";
  ASSERT_NE(server_->Run({"backup", copy}).find("exit 0"), std::string::npos);
  AwayFromKyivMidnight();
  const Date today = KyivDateOf(std::time(nullptr));
  auto name_of = [&](int days_ago) {
    return "zapas-" + today.AddDays(-days_ago).ToString() + "-030000.db";
  };
  for (int days : {1, 2, 9, 16, 30}) fs::copy_file(copy, dir + "/" + name_of(days));
  std::string out = server_->Run({"backup", "--scheduled", "--config", config});
  EXPECT_NE(out.find("exit 0"), std::string::npos) << out;
  EXPECT_NE(out.find("backup.after failed: exit 3: cannot reach the remote"), std::string::npos)
      << out;
  // Kept: today's and yesterday's (2 days), and the newest of the one week
  // before this one that has a backup (2 weeks, Monday to Sunday).
  auto week_of = [](Date d) { return d.days() - ((d.days() % 7 + 7 + 3) % 7); };
  std::set<std::string> expected = {name_of(1)};
  for (int days : {1, 2, 9, 16, 30}) {
    if (week_of(today.AddDays(-days)) != week_of(today)) {
      expected.insert(name_of(days));
      break;
    }
  }
  const auto kept = BackupsIn(dir);
  ASSERT_EQ(kept.size(), expected.size() + 1) << out;
  EXPECT_EQ(kept.back().substr(0, 16), "zapas-" + today.ToString());
  EXPECT_EQ(std::set<std::string>(kept.begin(), kept.end() - 1), expected) << out;
  // Each kept copy opens with the key and verifies.
  for (const std::string& name : kept) {
    fs::copy_file(server_->db_path() + ".key", dir + "/" + name + ".key");
    out = RunZapas({"verify", "--db", dir + "/" + name});
    EXPECT_NE(out.find("journal verified"), std::string::npos) << name << ": " << out;
    fs::remove(dir + "/" + name + ".key");
  }
  // The server with the same settings shows the copy that failed; the
  // doctor says what to do, and the backup itself stands.
  server_->Stop();
  server_->SetServeArgs({"--config", config});
  server_->Start();
  Reconnect();
  auto backup = Obj(ParseObject(client_->Get("/api/v1/health").body), "backup");
  EXPECT_EQ(Str(backup, "status"), "ok");
  EXPECT_FALSE(backup->getValue<bool>("copied_elsewhere"));
  EXPECT_EQ(Samples(Scrape(), server_->dir()).at("zapas_backup_copy_failing{}"), 1);
  out = server_->Run({"doctor", "--config", config});
  EXPECT_NE(out.find("warning  backup.after failed: exit 3"), std::string::npos) << out;

  // A backup that cannot be made (here: its hidden file's name is taken by
  // a directory for the next two minutes): the run fails, and health, metrics
  // and the doctor all say so.
  const int64_t now = std::time(nullptr);
  for (int64_t t = now; t < now + 120; ++t) {
    const int64_t local = t + KyivOffsetSeconds(t);
    const int second = static_cast<int>((local % 86400 + 86400) % 86400);
    char stem[64];
    std::snprintf(stem, sizeof stem, "/.zapas-%s-%02d%02d%02d.db.partial",
                  KyivDateOf(t).ToString().c_str(), second / 3600, second / 60 % 60, second % 60);
    fs::create_directories(dir + stem + "/taken");
  }
  out = server_->Run({"backup", "--scheduled", "--config", config});
  EXPECT_NE(out.find("exit 1"), std::string::npos) << out;
  EXPECT_NE(out.find("backup failed"), std::string::npos) << out;
  EXPECT_EQ(BackupsIn(dir), kept);
  backup = Obj(ParseObject(client_->Get("/api/v1/health").body), "backup");
  EXPECT_EQ(Str(backup, "status"), "failed");
  EXPECT_EQ(Samples(Scrape(), server_->dir()).at("zapas_backup_ok{}"), 0);
  out = server_->Run({"doctor", "--config", config});
  EXPECT_NE(out.find("exit 1"), std::string::npos) << out;
  EXPECT_NE(out.find("error    backups: the last failed"), std::string::npos) << out;
  // And the day's digest of alerts says so first.
  out = server_->Run({"alerts", "send", "--dry-run", "--config", config});
  EXPECT_NE(out.find("Увага: резервна копія не вдалася"), std::string::npos) << out;
}

TEST_F(OperationsTest, AScheduledBackupIsMadeOnEitherDatabase) {
  Receive("KYIV-1", "NFI-BLANKET", "10", "BL-6", "", "8.00");
  const std::string dir = server_->dir() + "/backups";
  const std::string config =
      WriteConfig(server_->dir(), "backup.dir = " + dir + "\nbackup.daily_at = 03:00\n");
  std::string out = server_->Run({"backup", "--scheduled", "--config", config}, 120);
  ASSERT_NE(out.find("exit 0"), std::string::npos) << out;
  const auto made = BackupsIn(dir);
  ASSERT_EQ(made.size(), 1u) << out;
  // SQLite: a verified copy of the file; PostgreSQL: pg_dump's custom format,
  // read back by pg_restore.
  if (TestOnPostgres()) {
    EXPECT_TRUE(made[0].ends_with(".dump")) << made[0];
    int status = 0;
    const std::string listed = Shell("pg_restore --list " + dir + "/" + made[0], &status);
    EXPECT_EQ(status, 0);
    EXPECT_NE(listed.find("TABLE DATA public journal"), std::string::npos) << listed;
    out = server_->Run({"restore", dir + "/" + made[0]});
    EXPECT_NE(out.find("pg_restore"), std::string::npos) << out;
  } else {
    EXPECT_TRUE(made[0].ends_with(".db")) << made[0];
    EXPECT_NE(out.find("made and verified"), std::string::npos) << out;
  }
  RestartWith("backup.dir = " + dir + "\nbackup.daily_at = 03:00\n");
  auto backup = Obj(ParseObject(client_->Get("/api/v1/health").body), "backup");
  EXPECT_EQ(Str(backup, "status"), "ok");
  EXPECT_EQ(BackupsIn(dir), made);  // today's is made: a restart makes none
}

TEST_F(OperationsTest, RestoreRefusesANewerOrServedDatabaseAndWhatIsNotABackup) {
  Receive("KYIV-1", "NFI-BLANKET", "10", "BL-5", "", "8.00");
  const std::string backup = server_->dir() + "/backup.db";
  ASSERT_NE(server_->Run({"backup", backup}).find("exit 0"), std::string::npos);
  Must("/deliveries", DeliveryBody("KYIV-1", "NFI-BLANKET", "3"), "warehouse");
  // Not while the server serves it.
  std::string out = server_->Run({"restore", backup});
  EXPECT_NE(out.find("exit 1"), std::string::npos) << out;
  EXPECT_NE(out.find("stop it first"), std::string::npos) << out;
  server_->Stop();
  // Not over a database that went further, unless --force.
  out = server_->Run({"restore", backup});
  EXPECT_NE(out.find("exit 1"), std::string::npos) << out;
  EXPECT_NE(out.find("--force"), std::string::npos) << out;
  // Not a file that is no backup, nor a backup with another key.
  const std::string text = server_->dir() + "/notes.db";
  std::ofstream(text) << "=SUM(A1:A9)\n";
  out = server_->Run({"restore", text});
  EXPECT_NE(out.find("not a Zapas backup"), std::string::npos) << out;
  const std::string other_key = server_->dir() + "/other.key";
  std::ofstream(other_key) << std::string(64, 'a') << "\n";
  fs::permissions(other_key, fs::perms::owner_read | fs::perms::owner_write);
  out = server_->Run({"restore", backup, "--key", other_key});
  EXPECT_NE(out.find("wrong key"), std::string::npos) << out;
  out = server_->Run({"restore", server_->dir() + "/nothing.db"});
  EXPECT_NE(out.find("no backup at"), std::string::npos) << out;
  // Forced: the delivery after the backup is gone, and the chain verifies.
  out = server_->Run({"restore", backup, "--force"});
  ASSERT_NE(out.find("exit 0"), std::string::npos) << out;
  server_->Start();
  Reconnect();
  EXPECT_EQ(StockQty("KYIV-1", "NFI-BLANKET", "BL-5"), "10");
  EXPECT_NE(server_->Run({"verify"}).find("exit 0"), std::string::npos);

  // A new machine: the package made an empty database with a key of its
  // own; the backup and its key take their places.
  const std::string fresh = server_->dir() + "/new/zapas.db";
  ASSERT_NE(RunZapas({"init", "--db", fresh}).find("exit 0"), std::string::npos);
  out = RunZapas({"restore", backup, "--db", fresh, "--key", server_->db_path() + ".key"});
  ASSERT_NE(out.find("exit 0"), std::string::npos) << out;
  EXPECT_NE(out.find("kept as " + fresh + ".key.before-restore-"), std::string::npos) << out;
  EXPECT_EQ(Read(fresh + ".key"), Read(server_->db_path() + ".key"));
  out = RunZapas({"verify", "--db", fresh});
  EXPECT_NE(out.find("journal verified"), std::string::npos) << out;
}

TEST_F(OperationsTest, TheDoctorPassesAHealthyDatabaseAndNamesWhatIsWrong) {
  const std::string config = WriteConfig(
      server_->dir(), "backup.dir = " + server_->dir() + "/backups\nbackup.daily_at = 03:00\n");
  ASSERT_NE(server_->Run({"backup", "--scheduled", "--config", config}).find("exit 0"),
            std::string::npos);
  std::string out = server_->Run({"doctor", "--config", config, "--web", ZAPAS_WEB_DIST});
  EXPECT_NE(out.find("zapas doctor: no error"), std::string::npos) << out;
  EXPECT_NE(out.find("exit 0"), std::string::npos) << out;
  for (const char* said : {"integrity: PRAGMA quick_check ok", "chain: ", "backups: the newest is",
                           "key: opens", "clock: ", "web UI: "}) {
    EXPECT_NE(out.find(said), std::string::npos) << said << "\n" << out;
  }
  // A key others may read, and no web UI: errors, each with what to do.
  fs::permissions(server_->db_path() + ".key", fs::perms::others_read, fs::perm_options::add);
  out = server_->Run({"doctor", "--config", config, "--web", "/nonexistent"});
  EXPECT_NE(out.find("exit 1"), std::string::npos) << out;
  EXPECT_NE(out.find("chmod 600 " + server_->db_path() + ".key"), std::string::npos) << out;
  EXPECT_NE(out.find("no web UI"), std::string::npos) << out;
  fs::permissions(server_->db_path() + ".key", fs::perms::others_read, fs::perm_options::remove);
}

}  // namespace
}  // namespace zapas::testing
