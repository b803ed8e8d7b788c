// The journal's hash chain from outside: GET /journal, GET /verify/{hash}, and
// `zapas verify`, which must catch a row edited behind Zapas' back with the
// database's own tool (sqlite3, or psql as the PostgreSQL superuser).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <thread>

#include "tests/services/fixture.h"

namespace zapas::testing {
namespace {

// Runs `sql` on the server's database with sqlite3 or psql; the tool's exit status.
int Tamper(const ServerProcess& server, const std::string& sql) {
  const std::string tool = TestOnPostgres()
                               ? "psql -q -v ON_ERROR_STOP=1 -d '" + server.db_location() + "' -c"
                               : "sqlite3 " + server.db_path();
  std::string command = tool + " \"" + sql + "\" 2>&1";
  FILE* p = ::popen(command.c_str(), "r");
  if (p == nullptr) return -1;
  char buf[512];
  while (std::fgets(buf, sizeof buf, p) != nullptr) {
  }
  int rc = ::pclose(p);
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

// SQL that lifts the append-only triggers (and foreign keys) of `tables` so
// that rows can be edited or removed: SQLite drops them, PostgreSQL disables
// them (a superuser's right).
std::string LiftGuards(const std::vector<std::string>& tables) {
  std::string sql = TestOnPostgres() ? "" : "PRAGMA foreign_keys=OFF; ";
  for (const std::string& table : tables) {
    sql += TestOnPostgres()
               ? "ALTER TABLE " + table + " DISABLE TRIGGER ALL; "
               : "DROP TRIGGER " + table + "_no_update; DROP TRIGGER " + table + "_no_delete; ";
  }
  return sql;
}

class JournalTest : public ZapasServerTest {
 protected:
  // A few entries of every kind of stock movement.
  void Book() {
    Receive("KYIV-1", "MED-IFAK", "10", "IFAK-J", "2027-12-31", "12.50");
    Must("/deliveries", DeliveryBody("KYIV-1", "MED-IFAK", "3"), "warehouse");
    Must(
        "/transfers",
        R"({"from":"KYIV-1","to":"LVIV-1","date":"2026-11-05","lines":[{"sku":"MED-IFAK","quantity":"2"}]})",
        "warehouse");
  }
  std::string Verify() { return server_->Run({"verify"}); }
};

TEST_F(JournalTest, EntriesCarryAChainOfHashes) {
  Book();
  HttpReply page = Get("/journal?limit=2", "auditor");
  ASSERT_EQ(page.status, 200) << page.body;
  auto first = ParseObject(page.body);
  auto items = Arr(first, "items");
  ASSERT_EQ(items->size(), 2u);
  EXPECT_EQ(Str(At(items, 0), "prev_hash"), "");
  EXPECT_EQ(Str(At(items, 1), "prev_hash"), Str(At(items, 0), "hash"));
  EXPECT_EQ(Str(At(items, 0), "hash").size(), 64u);
  const std::string next = Str(first, "next");
  HttpReply rest = Get("/journal?after=" + next, "admin");
  ASSERT_EQ(rest.status, 200);
  auto more = Arr(ParseObject(rest.body), "items");
  ASSERT_EQ(more->size(), 1u);
  EXPECT_EQ(Str(At(more, 0), "prev_hash"), Str(At(items, 1), "hash"));
  EXPECT_EQ(Str(At(more, 0), "kind"), "transfer");
  EXPECT_TRUE(IsProblem(Get("/journal", "treasurer"), 403));
  EXPECT_TRUE(IsProblem(Get("/journal", "donor"), 403));
}

TEST_F(JournalTest, APrintedDocumentIsCheckedByItsHash) {
  Book();
  auto items = Arr(ParseObject(Get("/journal", "auditor").body), "items");
  const std::string hash = Str(At(items, 1), "hash");                  // the delivery
  HttpReply r = client_->Get("/api/v1/verify/" + hash.substr(0, 16));  // no token needed
  ASSERT_EQ(r.status, 200) << r.body;
  auto answer = ParseObject(r.body);
  EXPECT_TRUE(answer->getValue<bool>("valid"));
  EXPECT_EQ(Str(answer, "kind"), "delivery");
  EXPECT_EQ(Str(answer, "number").rfind("WB-2026-", 0), 0u);
  EXPECT_TRUE(IsProblem(client_->Get("/api/v1/verify/0000000000000000"), 404));
  EXPECT_TRUE(IsProblem(client_->Get("/api/v1/verify/nothex"), 404));
}

TEST_F(JournalTest, VerifyCatchesARowEditedWithTheDatabaseTool) {
  Book();
  std::string out = Verify();
  EXPECT_NE(out.find("journal verified: 3 entries"), std::string::npos) << out;
  EXPECT_NE(out.find("exit 0"), std::string::npos) << out;

  // The append-only trigger refuses the edit...
  EXPECT_NE(Tamper(*server_, "UPDATE journal SET recorded_by = 'x' WHERE id = 2"), 0);
  // ...so someone lifts it first, and changes the delivered quantity.
  ASSERT_EQ(Tamper(*server_, LiftGuards({"postings"}) +
                                 "UPDATE postings SET quantity = -1000 WHERE entry_id = 2"),
            0);
  out = Verify();
  EXPECT_NE(out.find("exit 1"), std::string::npos) << out;
  EXPECT_NE(out.find("entry 2 (WB-2026-000001): its hash does not match its content"),
            std::string::npos)
      << out;
}

TEST_F(JournalTest, VerifyCatchesARemovedEntry) {
  Book();
  ASSERT_EQ(Tamper(*server_, LiftGuards({"journal", "postings"}) +
                                 "DELETE FROM postings WHERE entry_id = 2; "
                                 "DELETE FROM journal WHERE id = 2"),
            0);
  std::string out = Verify();
  EXPECT_NE(out.find("exit 1"), std::string::npos) << out;
  EXPECT_NE(out.find("entry 3"), std::string::npos) << out;
  EXPECT_NE(out.find("does not link"), std::string::npos) << out;
}

TEST_F(JournalTest, BackupWhileServingIsConsistent) {
  Book();
  Receive("KYIV-1", "NFI-BLANKET", "400", "BL-BK", "", "8.00");
  // Deliveries keep landing while the backup runs.
  std::atomic<bool> stop{false};
  std::atomic<int> delivered{0};
  std::thread writer([&] {
    HttpClient client(server_->port());
    const std::string token = Token("warehouse");
    while (!stop && delivered < 300) {
      HttpReply r =
          client.Post("/api/v1/deliveries", DeliveryBody("KYIV-1", "NFI-BLANKET", "1"), token);
      if (r.status == 201) ++delivered;
    }
  });
  while (delivered < 20) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  const std::string copy = server_->dir() + "/backup.db";
  std::string out = server_->Run({"backup", copy});
  stop = true;
  writer.join();
  EXPECT_NE(out.find("exit 0"), std::string::npos) << out;
  // The copy is a consistent journal of its own (opened with the key)...
  Shell("cp -p " + server_->db_path() + ".key " + copy + ".key");
  out = RunZapas({"verify", "--db", copy});
  EXPECT_NE(out.find("exit 0"), std::string::npos) << out;
  EXPECT_NE(out.find("journal verified"), std::string::npos) << out;
  // ...and a backup never overwrites a file.
  out = server_->Run({"backup", copy});
  EXPECT_NE(out.find("exit 1"), std::string::npos) << out;
  EXPECT_NE(out.find("exists already"), std::string::npos) << out;
}

}  // namespace
}  // namespace zapas::testing

namespace zapas::testing {
namespace {

class AccessTest : public ZapasServerTest {};

TEST_F(AccessTest, ADisabledUserLosesItsTokenAtOnce) {
  const std::string token = Token("warehouse");
  ASSERT_EQ(client_->Get("/api/v1/stock", token).status, 200);
  std::string out = server_->Run({"user", "disable", "sklad"});
  ASSERT_NE(out.find("exit 0"), std::string::npos) << out;
  std::this_thread::sleep_for(std::chrono::milliseconds(1200));
  EXPECT_TRUE(IsProblem(client_->Get("/api/v1/stock", token), 401));
  HttpReply login = client_->Post("/api/v1/sessions", LoginBody("sklad", "sklad-password-1"), "");
  EXPECT_TRUE(IsProblem(login, 401));
  out = server_->Run({"user", "enable", "sklad"});
  ASSERT_NE(out.find("exit 0"), std::string::npos) << out;
  std::this_thread::sleep_for(std::chrono::milliseconds(1200));
  login = client_->Post("/api/v1/sessions", LoginBody("sklad", "sklad-password-1"), "");
  EXPECT_EQ(login.status, 200) << login.body;
  out = server_->Run({"user", "disable", "nobody"});
  EXPECT_NE(out.find("exit 1"), std::string::npos) << out;
}

TEST_F(AccessTest, RepeatedFailedLoginsAreThrottled) {
  for (int i = 0; i < 5; ++i) {
    HttpReply r = client_->Post("/api/v1/sessions", LoginBody("kasa", "wrong-password"), "");
    EXPECT_TRUE(IsProblem(r, 401)) << i;
  }
  // Even the right password waits now.
  HttpReply r = client_->Post("/api/v1/sessions", LoginBody("kasa", "kasa-password-1"), "");
  EXPECT_TRUE(IsProblem(r, 429)) << r.body;
  // Other users are not affected.
  EXPECT_EQ(client_->Post("/api/v1/sessions", LoginBody("audit", "audit-password-1"), "").status,
            200);
}

TEST_F(AccessTest, EveryReadOfPersonalDataIsLogged) {
  // The auditor sees no personal data, so nothing is logged for it.
  ASSERT_EQ(Get("/recipients", "auditor").status, 200);
  auto reads = Arr(ParseObject(Get("/personal-reads", "auditor").body), "items");
  EXPECT_EQ(reads->size(), 0u);
  // The warehouse sees the household's data: who, when and which recipient.
  HttpReply r = Get("/recipients", "warehouse");
  ASSERT_EQ(r.status, 200);
  ASSERT_NE(r.body.find("household_size"), std::string::npos);
  Get("/recipients", "admin");
  reads = Arr(ParseObject(Get("/personal-reads?recipient=IDP-000117", "auditor").body), "items");
  ASSERT_EQ(reads->size(), 2u);
  EXPECT_EQ(Str(At(reads, 0), "read_by"), "sklad");
  EXPECT_EQ(Str(At(reads, 1), "read_by"), "admin");
  EXPECT_EQ(Str(At(reads, 0), "recipient"), "IDP-000117");
  EXPECT_EQ(Str(At(reads, 0), "read_at").size(), 20u);
  // The military unit has no personal data: never logged.
  EXPECT_EQ(
      Arr(ParseObject(Get("/personal-reads?recipient=MU-A1234", "admin").body), "items")->size(),
      0u);
  EXPECT_TRUE(IsProblem(Get("/personal-reads", "warehouse"), 403));
}

TEST_F(AccessTest, AListWithoutPersonalDataIsNotLogged) {
  HttpReply r = Get("/recipients?personal=false", "warehouse");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_NE(r.body.find("IDP-000117"), std::string::npos);
  EXPECT_EQ(r.body.find("household_size"), std::string::npos);
  EXPECT_EQ(Arr(ParseObject(Get("/personal-reads", "auditor").body), "items")->size(), 0u);
  HttpReply bad = Get("/recipients?personal=no", "warehouse");
  EXPECT_TRUE(IsProblem(bad, 422));
  EXPECT_EQ(FirstErrorField(bad), "personal");
}

}  // namespace
}  // namespace zapas::testing
