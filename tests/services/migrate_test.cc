// zapas migrate: a demo SQLite database copied into an empty PostgreSQL one
// (the test cluster) verifies, reports the same, and a second copy into the
// same target is refused.
#include <gtest/gtest.h>

#include <string>

#include "tests/persistence/test_database.h"
#include "tests/services/older_journal.h"
#include "tests/services/server_process.h"

namespace zapas::testing {
namespace {

// The same key for both databases, so the copy's personal data opens.
const std::string kKey = "ZAPAS_KEY=" + std::string(64, '7') + " ";

std::string Zapas(const std::string& args, int* status) {
  // The parentheses keep stderr (the progress, the messages) past Shell.
  return Shell("(" + kKey + ZAPAS_BINARY + " " + args + " 2>&1)", status);
}

TEST(MigrateTest, CopiesADemoDatabaseIntoPostgresqlAndRefusesASecondCopy) {
  TestDatabase sqlite(Backend::kSqlite);
  TestDatabase postgres(Backend::kPostgres);
  ASSERT_TRUE(sqlite.ok()) << sqlite.error();
  ASSERT_TRUE(postgres.ok()) << postgres.error();
  const std::string from = " --db " + sqlite.location();
  int status = -1;
  std::string out =
      Zapas("rates import " ZAPAS_TEST_DATA "/nbu/rates-2024-2026.json" + from, &status);
  ASSERT_EQ(status, 0) << out;
  out = Zapas("demo" + from, &status);
  ASSERT_EQ(status, 0) << out;

  const std::string migrate =
      "migrate --from sqlite:" + sqlite.location() + " --to " + postgres.location();
  out = Zapas(migrate, &status);
  ASSERT_EQ(status, 0) << out;
  EXPECT_NE(out.find("journal entries"), std::string::npos) << out;

  out = Zapas("verify --db " + postgres.location(), &status);
  EXPECT_EQ(status, 0) << out;
  EXPECT_NE(out.find("journal verified"), std::string::npos) << out;
  const std::string source_verify = Zapas("verify" + from, &status);
  EXPECT_EQ(out, source_verify);  // the same number of entries and the same head

  const std::string report = "report reconciliation --from 2024-01-01 --to 2026-12-31 --db ";
  const std::string source_report = Zapas(report + sqlite.location(), &status);
  ASSERT_EQ(status, 0) << source_report;
  const std::string copy_report = Zapas(report + postgres.location(), &status);
  ASSERT_EQ(status, 0) << copy_report;
  EXPECT_EQ(copy_report, source_report);

  EXPECT_EQ(postgres.Query("SELECT count(*) FROM users"),
            sqlite.Query("SELECT count(*) FROM users"));
  EXPECT_EQ(postgres.Query("SELECT string_agg(password_hash, ',' ORDER BY id) FROM users"),
            sqlite.Query("SELECT group_concat(password_hash, ',') FROM (SELECT password_hash "
                         "FROM users ORDER BY id)"));

  // The demo's kit, its assembled lot's composition and its reorder level.
  // ... and its GTINs.
  for (const char* q :
       {"SELECT count(*) FROM kit_components", "SELECT count(*) FROM minimums",
        "SELECT min(kit) FROM lots WHERE kit IS NOT NULL", "SELECT count(*) FROM item_gtins",
        "SELECT min(gtin) FROM item_gtins", "SELECT max(gtins) FROM items"}) {
    EXPECT_EQ(postgres.Query(q), sqlite.Query(q)) << q;
    EXPECT_NE(sqlite.Query(q), "0") << q;
    EXPECT_NE(sqlite.Query(q), "") << q;
  }

  out = Zapas(migrate, &status);
  EXPECT_EQ(status, 1) << out;
  EXPECT_NE(out.find("not empty"), std::string::npos) << out;
}

// A SQLite journal holding an entry of an older version beyond today's limits:
// the copy is refused naming it, unless --keep-over-limit, which copies it as
// it is.
TEST(MigrateTest, AJournalBeyondTheLimitsIsRefusedUnlessKeptOnPurpose) {
  TestDatabase sqlite(Backend::kSqlite);
  TestDatabase postgres(Backend::kPostgres);
  ASSERT_TRUE(sqlite.ok()) << sqlite.error();
  ASSERT_TRUE(postgres.ok()) << postgres.error();
  int status = -1;
  std::string out = Zapas("demo --db " + sqlite.location(), &status);
  ASSERT_EQ(status, 0) << out;
  ASSERT_TRUE(WriteOverLimitReceipt(sqlite.location(), {kKey.substr(0, kKey.size() - 1)},
                                    "GRN-2026-000099", "2026-11-05", "KYIV-1", "MED-IFAK",
                                    "DE-HILFE"));
  const std::string migrate =
      "migrate --from sqlite:" + sqlite.location() + " --to " + postgres.location();
  out = Zapas(migrate, &status);
  EXPECT_EQ(status, 1) << out;
  EXPECT_NE(out.find("GRN-2026-000099"), std::string::npos) << out;
  EXPECT_NE(out.find("--keep-over-limit"), std::string::npos) << out;
  EXPECT_EQ(postgres.Query("SELECT count(*) FROM journal"), "0");
  out = Zapas(migrate + " --keep-over-limit", &status);
  ASSERT_EQ(status, 0) << out;
  EXPECT_NE(out.find("1 of them beyond today's limits, kept as they are"), std::string::npos)
      << out;
  out = Zapas("verify --db " + postgres.location(), &status);
  EXPECT_EQ(status, 0) << out;
}

}  // namespace
}  // namespace zapas::testing
