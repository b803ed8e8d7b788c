// When storage fails under a running server (here: the database file locked
// by another program beyond the busy timeout, as a full or read-only disk
// fails a commit), a write answers 503 saying what the user can do — never
// the database's own message — and GET /health says "degraded" until a
// write succeeds again. SQLite only: it is about the file.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "tests/services/fixture.h"

namespace zapas::testing {
namespace {

class StorageTest : public ZapasServerTest {};

TEST_F(StorageTest, AFailingDiskMakesHealthDegradedUntilAWriteSucceeds) {
  HttpReply ok = client_->Get("/api/v1/health");
  ASSERT_EQ(ok.status, 200);
  EXPECT_EQ(Str(ParseObject(ok.body), "status"), "ok");

  // Another program holds the database for longer than the busy timeout,
  // until the test lets it go: it says when it holds the lock (held) and
  // rolls back once told to (release), and says when it has (released).
  const std::string held = server_->dir() + "/held";
  const std::string release = server_->dir() + "/release";
  const std::string released = server_->dir() + "/released";
  const std::string hold = server_->dir() + "/hold.sh";
  std::ofstream(hold) << "(echo 'BEGIN EXCLUSIVE; INSERT INTO sequences VALUES (\"x\", 1, 1);'; "
                         "echo '.shell touch "
                      << held << "'; while [ ! -e " << release
                      << " ]; do sleep 0.1; done; echo 'ROLLBACK;'; echo '.shell touch " << released
                      << "') | sqlite3 " << server_->db_path() << " >/dev/null 2>&1 &\n";
  Shell("sh " + hold);
  for (int i = 0; i < 300 && !std::filesystem::exists(held); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_TRUE(std::filesystem::exists(held)) << "sqlite3 did not take the lock";
  HttpReply failed =
      Post("/receipts", ReceiptBody("KYIV-1", "NFI-BLANKET", "1", "", "", "1.00"), "warehouse");
  ASSERT_TRUE(IsProblem(failed, 503)) << failed.body;
  const std::string detail = Str(ParseObject(failed.body), "detail");
  EXPECT_NE(detail.find("Nothing was saved. Try again"), std::string::npos) << detail;
  for (const char* internal : {"database:", "locked", "SQLITE", "savepoint", "busy"}) {
    EXPECT_EQ(failed.body.find(internal), std::string::npos) << internal << " in " << failed.body;
  }
  EXPECT_NE(Str(ParseObject(failed.body), "detail_uk").find("Нічого не збережено"),
            std::string::npos);
  HttpReply health = client_->Get("/api/v1/health");
  EXPECT_EQ(health.status, 503) << health.body;
  auto h = ParseObject(health.body);
  EXPECT_EQ(Str(h, "status"), "degraded");
  EXPECT_NE(Str(h, "reason").find("failed on storage"), std::string::npos) << health.body;
  EXPECT_EQ(Str(h, "since").size(), 20u) << health.body;
  // The technician finds the database's own message in the server's log, on
  // an error line naming the request (read from the server's output by
  // another thread: give it a moment).
  const std::string logged = "\"level\":\"error\",\"request_id\":\"";
  for (int i = 0; i < 50 && server_->output().find(logged) == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  const std::string out = server_->output();
  const size_t line = out.find(logged);
  ASSERT_NE(line, std::string::npos) << out;
  EXPECT_NE(out.find("\"message\":\"database", line), std::string::npos) << out;

  // Once the disk is back, the next write succeeds and health is ok again.
  std::ofstream(release) << "";
  for (int i = 0; i < 300 && !std::filesystem::exists(released); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_TRUE(std::filesystem::exists(released)) << "sqlite3 did not let the lock go";
  Must("/receipts", ReceiptBody("KYIV-1", "NFI-BLANKET", "1", "", "", "1.00"), "warehouse");
  HttpReply back = client_->Get("/api/v1/health");
  EXPECT_EQ(back.status, 200) << back.body;
  EXPECT_EQ(Str(ParseObject(back.body), "status"), "ok");
  EXPECT_NE(server_->Run({"verify"}).find("exit 0"), std::string::npos);
}

// Mode bits of a file, or -1 when it does not exist.
int ModeOf(const std::string& path) {
  struct stat st;
  return ::stat(path.c_str(), &st) == 0 ? static_cast<int>(st.st_mode & 0777) : -1;
}

// The database, its WAL, its backups and its key file are their owner's only,
// whatever the umask of whoever made them.
TEST(StorageFilesTest, AreTheOwnersOnlyWhateverTheUmask) {
  const mode_t before = ::umask(0);  // the children inherit it
  {
    ServerProcess server;
    ASSERT_EQ(server.AddUser("admin", "admin", "admin-password-1"), 0);
    ASSERT_NO_THROW(server.Start());
    const std::string db = server.db_path();
    for (const std::string& file : {db, db + "-wal", db + "-shm", db + ".key", db + ".lock"}) {
      EXPECT_EQ(ModeOf(file), 0600) << file;
    }
    const std::string backup = server.dir() + "/backup.db";
    const std::string out = server.Run({"backup", backup});
    ASSERT_NE(out.find("exit 0"), std::string::npos) << out;
    EXPECT_EQ(ModeOf(backup), 0600);
  }
  ::umask(before);
}

}  // namespace
}  // namespace zapas::testing
