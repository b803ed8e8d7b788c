// A database made by the previous release (tests/data/previous_release/,
// README.md there says how) opens, verifies and reports exactly as that
// release did: its hash chain, the reconciliation JSON, the audit and donor
// reports, the waybill, the transfer act and the GRN (as `pdftotext -layout`
// reads them), the hledger journal and the HXL and IATI exports are compared
// byte for byte with what the previous release wrote. The same again after
// `zapas migrate` copies the database into PostgreSQL.
//
// ZAPAS_UPDATE_GOLDEN=1 rewrites the expected files instead of comparing;
// read the diff before committing (a change here is a change of what an
// existing cluster's reports say).
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "domain/journal_document.h"
#include "persistence/repository.h"
#include "tests/persistence/test_database.h"
#include "tests/services/server_process.h"

namespace zapas::testing {
namespace {

const std::string kRelease = ZAPAS_TEST_DATA "/previous_release";
const std::string kKey =
    "ZAPAS_KEY=00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff ";

std::string Quoted(const std::string& s) { return "'" + s + "'"; }

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

bool Updating() {
  const char* v = std::getenv("ZAPAS_UPDATE_GOLDEN");
  return v != nullptr && std::string(v) == "1";
}

// One output of the previous release: the command that writes `file`, and
// whether it is a PDF to be read with pdftotext.
struct Output {
  std::string file;  // under expected/
  std::string args;  // after `zapas`, before --db; "-o OUT" is added
  bool pdf;
};

const std::vector<Output>& Outputs() {
  static const std::vector<Output> kOutputs = {
      {"reconciliation.json", "report reconciliation --from 2026-10-01 --to 2026-12-31", false},
      {"reconciliation-eur.json",
       "report reconciliation --from 2026-10-01 --to 2026-12-31 --currency EUR", false},
      {"audit.txt", "print audit --from 2026-10-01 --to 2026-12-31", true},
      {"donor.txt", "print donor DE-HILFE --from 2026-10-01 --to 2026-12-31", true},
      {"donor-uk.txt", "print donor UA-FOND --from 2026-10-01 --to 2026-12-31 --lang uk", true},
      {"act.txt", "print waybill 31", true},
      {"waybill.txt", "print waybill 43", true},
      {"grn.txt", "print grn 52", true},
      {"journal.ledger", "export journal --to 2026-12-31", false},
      {"hxl.csv", "export hxl --from 2026-10-01 --to 2026-12-31", false},
      {"iati.xml", "export iati --from 2026-10-01 --to 2026-12-31", false},
  };
  return kOutputs;
}

class PreviousReleaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("zapas-previous-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    db_ = (dir_ / "zapas.db").string();
    std::filesystem::copy_file(kRelease + "/zapas.db", db_);
    config_ = (dir_ / "zapas.properties").string();
    std::ofstream(config_) << "printing.fixed_time = 2026-12-06T12:00:00Z\n";
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string Zapas(const std::string& args, const std::string& db, int* status) {
    return Shell("(" + kKey + ZAPAS_BINARY + " " + args + " --db " + Quoted(db) + " --config " +
                     Quoted(config_) + " 2>&1)",
                 status);
  }

  // Every output of `db` against the previous release's.
  void ExpectSameReports(const std::string& db) {
    for (const Output& o : Outputs()) {
      SCOPED_TRACE(o.file);
      const std::string written = (dir_ / ("out-" + o.file + (o.pdf ? ".pdf" : ""))).string();
      int status = -1;
      std::string out = Zapas(o.args + " -o " + Quoted(written), db, &status);
      ASSERT_EQ(status, 0) << out;
      std::string actual = ReadAll(written);
      if (o.pdf) {
        actual = Shell("pdftotext -layout " + Quoted(written) + " -", &status);
        ASSERT_EQ(status, 0);
      }
      const std::string expected_path = kRelease + "/expected/" + o.file;
      if (Updating()) {
        std::ofstream(expected_path, std::ios::binary) << actual;
        continue;
      }
      if (actual != ReadAll(expected_path)) {
        const std::string now = (dir_ / ("now-" + o.file)).string();
        std::ofstream(now, std::ios::binary) << actual;
        ADD_FAILURE() << o.file << " differs from the previous release's:\n"
                      << Shell("diff -u " + Quoted(expected_path) + " " + Quoted(now) +
                               " | head -60");
      }
    }
  }

  std::filesystem::path dir_;
  std::string db_;
  std::string config_;
};

TEST_F(PreviousReleaseTest, OpensVerifiesAndReportsAsThePreviousReleaseDid) {
  int status = -1;
  std::string out = Zapas("verify", db_, &status);
  ASSERT_EQ(status, 0) << out;
  EXPECT_NE(out.find("journal verified: 52 entries, head "
                     "3ea69f92da4fedd90cbaf586b7b7d4125582743a6135db061eb45cc141bce35c"),
            std::string::npos)
      << out;
  ExpectSameReports(db_);
}

// Every stored document reads through the typed codec and writes back to the
// very bytes the chain hashed.
TEST_F(PreviousReleaseTest, EveryStoredDocumentReadsBackToItsBytes) {
  DatabaseOptions options;
  options.path = db_;
  options.key = std::string(32, '\0');
  const std::string hex = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
  for (size_t i = 0; i < 32; ++i)
    options.key[i] = static_cast<char>(std::stoi(hex.substr(2 * i, 2), nullptr, 16));
  auto repo = OpenSqlite(options);
  ASSERT_TRUE(repo.ok()) << repo.status().message();
  // Brought to the current schema (as every command does); no document changes.
  ASSERT_TRUE((*repo)->Migrate().ok());
  int entries = 0;
  Status read = (*repo)->ForEachEntry(0, [&](const JournalEntry& e) {
    ++entries;
    auto doc = DecodeDocument(e.kind, e.document);
    EXPECT_TRUE(doc.ok()) << e.id << " " << e.kind << ": " << doc.status().message();
    if (doc.ok()) EXPECT_EQ(EncodeDocument(*doc), e.document) << e.id << " " << e.kind;
    return true;
  });
  ASSERT_TRUE(read.ok()) << read.message();
  EXPECT_EQ(entries, 52);
}

TEST_F(PreviousReleaseTest, ReportsTheSameAfterMigratingToPostgresql) {
  if (Updating()) return;  // the expected files are written from SQLite
  TestDatabase postgres(Backend::kPostgres);
  ASSERT_TRUE(postgres.ok()) << postgres.error();
  int status = -1;
  std::string out = Shell("(" + kKey + ZAPAS_BINARY + " migrate --from sqlite:" + Quoted(db_) +
                              " --to " + Quoted(postgres.location()) + " 2>&1)",
                          &status);
  ASSERT_EQ(status, 0) << out;
  out = Zapas("verify", postgres.location(), &status);
  ASSERT_EQ(status, 0) << out;
  EXPECT_NE(out.find("3ea69f92da4fedd90cbaf586b7b7d4125582743a6135db061eb45cc141bce35c"),
            std::string::npos)
      << out;
  ExpectSameReports(postgres.location());
}

}  // namespace
}  // namespace zapas::testing
