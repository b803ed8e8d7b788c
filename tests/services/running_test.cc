// What running a server for months rests on, in process: the pruning of
// backups, backup.keep and the times of day, the metrics' text, the daily
// digest's notices, the request log's lines.
#include <gtest/gtest.h>

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>

#include "config/config.h"
#include "services/app/backups.h"
#include "services/app/notify.h"
#include "services/log.h"
#include "services/metrics.h"

namespace zapas {
namespace {

std::vector<BackupFile> Daily(Date newest, int days) {
  std::vector<BackupFile> files;
  for (int i = 0; i < days; ++i) {
    const Date d = newest.AddDays(-i);
    files.push_back({"zapas-" + d.ToString() + "-030000.db", d});
  }
  return files;
}

std::set<std::string> Kept(const std::vector<BackupFile>& all, int daily, int weekly) {
  std::set<std::string> kept;
  for (const auto& f : all) kept.insert(f.name);
  for (const auto& f : BackupsToPrune(all, daily, weekly)) kept.erase(f.name);
  return kept;
}

TEST(BackupPruning, KeepsTheNewestOfEachDayAndOfEachWeek) {
  // 2026-12-07 is a Monday; a backup each night for 100 nights.
  const Date monday = *Date::Parse("2026-12-07");
  const auto all = Daily(monday, 100);
  const auto kept = Kept(all, 14, 8);
  // 14 days: 2026-11-24 .. 2026-12-07; then the newest of each of 8 weeks
  // (Monday to Sunday): this week's (12-07) and the Sundays before it, the
  // last of them counted among the days already.
  std::set<std::string> expected;
  for (int i = 0; i < 14; ++i) {
    expected.insert("zapas-" + monday.AddDays(-i).ToString() + "-030000.db");
  }
  for (int w = 1; w < 8; ++w) {
    expected.insert("zapas-" + monday.AddDays(-1 - 7 * (w - 1)).ToString() + "-030000.db");
  }
  EXPECT_EQ(kept, expected);
  EXPECT_EQ(kept.size(), 14u + 5u);  // the Sundays 11-29 and 12-06 are among the days
}

TEST(BackupPruning, TwoOfADayKeepTheLaterAndTheNewestAlwaysStays) {
  const Date day = *Date::Parse("2026-12-07");
  std::vector<BackupFile> all = {{"zapas-2026-12-07-150000.db", day},
                                 {"zapas-2026-12-07-030000.db", day},
                                 {"zapas-2026-12-06-030000.db", day.AddDays(-1)}};
  EXPECT_EQ(Kept(all, 1, 0), (std::set<std::string>{"zapas-2026-12-07-150000.db"}));
  EXPECT_EQ(Kept(all, 2, 0),
            (std::set<std::string>{"zapas-2026-12-07-150000.db", "zapas-2026-12-06-030000.db"}));
  EXPECT_EQ(Kept(all, 0, 1), (std::set<std::string>{"zapas-2026-12-07-150000.db"}));
  EXPECT_TRUE(BackupsToPrune({}, 14, 8).empty());
}

TEST(BackupPruning, OnlyFilesNamedAsBackupsAreListed) {
  const std::string dir = ::testing::TempDir() + "/zapas-list-backups";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  for (const char* name :
       {"zapas-2026-12-07-030000.db", "zapas-2026-12-06-030000.dump", "zapas-2026-13-01-030000.db",
        "notes.txt", ".zapas-2026-12-08-030000.db.partial", "zapas-2026-12-05-0300.db",
        "zapas-2026-12-04-03000x.db"}) {
    std::ofstream(dir + "/" + name) << "x";
  }
  const auto files = ListBackups(dir);
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[0].name, "zapas-2026-12-07-030000.db");
  EXPECT_EQ(files[1].name, "zapas-2026-12-06-030000.dump");
  std::filesystem::remove_all(dir);
}

Result<Config> ConfigWith(const std::string& lines) {
  const std::string path = ::testing::TempDir() + "/zapas-running-test.properties";
  std::ofstream(path, std::ios::trunc) << lines;
  return LoadConfig(path);
}

TEST(BackupSettings, KeepAndTimeOfDayAreReadOrRefused) {
  auto c = ConfigWith("backup.keep = 7 daily, 4 weekly\nbackup.daily_at = 02:30\n");
  ASSERT_TRUE(c.ok()) << c.status().message();
  EXPECT_EQ(c->backup.keep_daily, 7);
  EXPECT_EQ(c->backup.keep_weekly, 4);
  EXPECT_EQ(c->backup.daily_at, "02:30");
  c = ConfigWith("backup.keep = 30\n");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->backup.keep_daily, 30);
  EXPECT_EQ(c->backup.keep_weekly, 0);
  for (const char* bad :
       {"backup.keep = 0 daily, 0 weekly\n", "backup.keep = -1\n", "backup.keep = 5 monthly\n",
        "backup.keep = 14 daily 8 weekly\n", "backup.keep = 99999\n", "backup.keep =\n",
        "backup.daily_at = 3:00\n", "backup.daily_at = 24:00\n", "backup.daily_at = 12:60\n",
        "backup.daily_at = 03:00:00\n", "alerts.daily_at = ab:cd\n"}) {
    EXPECT_EQ(ConfigWith(bad).status().code(), StatusCode::kInvalid) << bad;
  }
  EXPECT_EQ(*ParseTimeOfDay("23:59"), 23 * 60 + 59);
  EXPECT_EQ(*ParseTimeOfDay("00:00"), 0);
}

TEST(BackupNoticesTest, AFailedOrMissingBackupIsSaidInBothLanguagesAndInTheDigest) {
  BackupState failed{
      .status = "failed", .last = "zapas-2026-12-05-030000.db", .error = "disk full"};
  auto notices = BackupNotices(failed);
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_NE(notices[0].uk.find("не вдалася (disk full)"), std::string::npos);
  EXPECT_NE(notices[0].en.find("failed (disk full)"), std::string::npos);
  EXPECT_NE(notices[0].en.find("zapas-2026-12-05-030000.db"), std::string::npos);
  EXPECT_TRUE(BackupNotices(BackupState{.status = "ok"}).empty());
  EXPECT_TRUE(BackupNotices(BackupState{.status = "off"}).empty());
  EXPECT_EQ(BackupNotices(BackupState{.status = "missing"}).size(), 1u);
  EXPECT_EQ(BackupNotices(BackupState{.status = "ok", .after_error = "exit 3"}).size(), 1u);

  AlertSelection selection;
  selection.notices = notices;
  const Date day = *Date::Parse("2026-12-07");
  const Digest uk = MakeDigest(selection, day, "uk", "Кластер");
  EXPECT_NE(uk.text.find("Увага: резервна копія не вдалася"), std::string::npos) << uk.text;
  EXPECT_EQ(uk.text.find("Нічого не потребує уваги"), std::string::npos) << uk.text;
  const Digest en = MakeDigest(selection, day, "en", "Cluster");
  EXPECT_NE(en.text.find("Attention: the backup failed"), std::string::npos) << en.text;
  EXPECT_NE(DigestJson(selection, day, "en", "Cluster").find("\"notices\":[\"the backup failed"),
            std::string::npos);
}

TEST(MetricsText, HistogramsAreCumulativeAndLabelsEscaped) {
  Histogram h({1, 10, 100}, 1);
  for (int64_t v : {0, 1, 5, 10, 50, 1000}) h.Observe(v);
  std::string out;
  h.Render(out, "x", "a=\"b\"");
  EXPECT_NE(out.find("x_bucket{a=\"b\",le=\"1\"} 2\n"), std::string::npos) << out;
  EXPECT_NE(out.find("x_bucket{a=\"b\",le=\"10\"} 4\n"), std::string::npos) << out;
  EXPECT_NE(out.find("x_bucket{a=\"b\",le=\"100\"} 5\n"), std::string::npos) << out;
  EXPECT_NE(out.find("x_bucket{a=\"b\",le=\"+Inf\"} 6\n"), std::string::npos) << out;
  EXPECT_NE(out.find("x_sum{a=\"b\"} 1066\n"), std::string::npos) << out;
  EXPECT_NE(out.find("x_count{a=\"b\"} 6\n"), std::string::npos) << out;
  EXPECT_EQ(LabelValue("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");

  RequestMetrics m({"GET /api/v1/stock", "POST /api/v1/deliveries"});
  m.Record(1, 201, 700);
  m.Record(1, 201, 900);
  m.Record(1, 409, 300);
  m.Record(0, 299, 100);  // a status of no slot of its own
  m.Record(-1, 404, 50);  // no route
  m.Record(m.static_route(), 200, 10);
  out.clear();
  m.Render(out);
  EXPECT_NE(out.find("zapas_http_requests_total{method=\"POST\",route=\"/api/v1/deliveries\","
                     "status=\"201\"} 2\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("{method=\"GET\",route=\"/api/v1/stock\",status=\"other\"} 1\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("{method=\"\",route=\"unmatched\",status=\"404\"} 1\n"), std::string::npos);
  EXPECT_NE(out.find("{method=\"\",route=\"static\",status=\"200\"} 1\n"), std::string::npos);
  EXPECT_NE(out.find("zapas_http_request_duration_seconds_bucket{method=\"POST\",route=\"/api/v1/"
                     "deliveries\",le=\"0.001\"} 3\n"),
            std::string::npos)
      << out;
}

TEST(RequestLog, ALineIsOneJsonObjectAndTheFileIsReopened) {
  const std::string dir = ::testing::TempDir() + "/zapas-request-log";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string path = dir + "/zapas.log";
  ASSERT_TRUE(OpenLogFile(path).ok());
  LogRequest({.request_id = "r-1",
              .user = "sklad",
              .role = "warehouse",
              .method = "POST",
              .route = "/api/v1/deliveries",
              .status = 201,
              .duration_us = 1234,
              .bytes = 99});
  // logrotate moves the file; the next line goes to the moved one until
  // the reopen, then to a new file of the old name.
  std::filesystem::rename(path, path + ".1");
  SetThreadRequestId("r-2");
  LogError("database: \"disk\" I/O error\n");
  SetThreadRequestId("");
  ASSERT_TRUE(ReopenLogFile().ok());
  LogError("after");
  ASSERT_TRUE(OpenLogFile("").ok());
  std::ifstream rotated(path + ".1"), fresh(path);
  std::string first, second, third;
  std::getline(rotated, first);
  std::getline(rotated, second);
  std::getline(fresh, third);
  EXPECT_NE(first.find("\"request_id\":\"r-1\",\"user\":\"sklad\",\"role\":\"warehouse\","
                       "\"method\":\"POST\",\"route\":\"/api/v1/deliveries\",\"status\":201,"
                       "\"duration_ms\":1.234,\"bytes\":99}"),
            std::string::npos)
      << first;
  EXPECT_NE(second.find("\"level\":\"error\",\"request_id\":\"r-2\",\"message\":\"database: "
                        "\\\"disk\\\" I/O error\\n\"}"),
            std::string::npos)
      << second;
  EXPECT_NE(third.find("\"message\":\"after\""), std::string::npos) << third;
  EXPECT_EQ(third.find("request_id"), std::string::npos) << third;
  EXPECT_EQ(std::filesystem::status(path).permissions() & std::filesystem::perms::others_read,
            std::filesystem::perms::none);
  // Only a well-formed id of the client's is taken as it is.
  EXPECT_TRUE(IsAcceptableRequestId("3f2a-11:ab_C.d"));
  for (const char* bad : {"", "a b", "a\"b", "тест", "x\ny"})
    EXPECT_FALSE(IsAcceptableRequestId(bad));
  EXPECT_FALSE(IsAcceptableRequestId(std::string(129, 'a')));
  EXPECT_NE(NewRequestId(), NewRequestId());
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace zapas
