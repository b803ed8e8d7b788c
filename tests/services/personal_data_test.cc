// Personal data at rest: recipients' names, phones and document numbers never
// reach the database in clear (the SQLite file, its write-ahead log and a
// backup; every table of a PostgreSQL database as pg_dump shows it);
// the API still gives them to admin and warehouse. The key: created 0600, a
// wrong or missing one refused with a clear message; an older database with
// personal data in clear is encrypted by `zapas init`.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <Poco/DigestEngine.h>
#include <Poco/SHA2Engine.h>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "tests/services/fixture.h"

namespace zapas::testing {
namespace {

// What the recipients below hold, whole and word by word: none of it may be
// found in the database file.
const std::vector<std::string>& Secrets() {
  static const std::vector<std::string> secrets = {"Шевченко Оксана Петрівна",
                                                   "Шевченко",
                                                   "Оксана",
                                                   "Петрівна",
                                                   "Тарас",
                                                   "+380671234567",
                                                   "380671234567",
                                                   "НК 482913",
                                                   "482913",
                                                   "Kovalenko Mykola",
                                                   "Kovalenko",
                                                   "Mykola",
                                                   "+380937215508",
                                                   "937215508",
                                                   "EP 730551",
                                                   "730551",
                                                   "Гнатюк Ірина",
                                                   "Гнатюк",
                                                   "Ірина",
                                                   "+380445556677",
                                                   "445556677"};
  return secrets;
}

const char* kShevchenko =
    R"({"code":"IDP-SH-1","kind":"idp_household","name":"Шевченко Оксана Петрівна","region":"Київська область","personal":{"names":["Шевченко Оксана Петрівна","Шевченко Тарас"],"phone":"+380671234567","documents":["НК 482913"],"household_size":4}})";
const char* kKovalenko =
    R"({"code":"IDP-KV-2","kind":"idp_household","name":"Kovalenko Mykola","region":"Харківська область","personal":{"names":["Kovalenko Mykola"],"phone":"+380937215508","documents":["EP 730551"],"household_size":2}})";
// A shelter is an organisation (its name is not personal), but its contact is.
const char* kShelter =
    R"({"code":"SHELTER-LV-7","kind":"idp_shelter","name":"Прихисток Львів 7","region":"Львівська область","personal":{"contact":"Гнатюк Ірина","phone":"+380445556677"}})";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// The secrets found in the database file and its write-ahead log (the bytes
// themselves, as `strings` would show them), one "file: secret" each.
std::vector<std::string> SecretsInFiles(const std::string& db) {
  std::vector<std::string> found;
  for (const std::string& file : {db, db + "-wal"}) {
    if (!std::filesystem::exists(file)) continue;
    const std::string bytes = ReadFile(file);
    for (const std::string& s : Secrets()) {
      if (bytes.find(s) != std::string::npos) found.push_back(file + ": " + s);
    }
  }
  return found;
}

// "\x..." hex of `text`: how pg_dump writes a BYTEA value.
std::string Hex(const std::string& text) {
  static const char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned char c : text) {
    hex += kHex[c >> 4];
    hex += kHex[c & 15];
  }
  return hex;
}

// The secrets found in the rows of the PostgreSQL database at `url`, in text
// columns as they are and in BYTEA columns as hex, one "pg_dump: secret" each.
std::vector<std::string> SecretsInTables(const std::string& url) {
  int status = -1;
  const std::string dump = Shell("pg_dump --data-only -d '" + url + "'", &status);
  if (status != 0 || dump.empty()) return {"pg_dump failed with status " + std::to_string(status)};
  std::vector<std::string> found;
  for (const std::string& s : Secrets()) {
    if (dump.find(s) != std::string::npos || dump.find(Hex(s)) != std::string::npos) {
      found.push_back("pg_dump: " + s);
    }
  }
  return found;
}

// The secrets the server's database holds in clear, wherever it keeps its rows.
std::vector<std::string> SecretsAtRest(const ServerProcess& server) {
  return TestOnPostgres() ? SecretsInTables(server.db_location())
                          : SecretsInFiles(server.db_path());
}

std::string Joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& l : lines) out += l + "\n";
  return out;
}

bool Has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

class PersonalDataTest : public ZapasServerTest {
 protected:
  std::string key_file() const { return server_->db_path() + ".key"; }

  // The three recipients, a receipt and a delivery to each, with their ids.
  std::vector<std::string> CreateRecipientsAndDeliver() {
    HttpReply first = Post("/recipients", kShevchenko, "warehouse", "recipient-sh-1");
    EXPECT_EQ(first.status, 201) << first.body;
    // The same request again: the stored reply (with the personal data).
    HttpReply again = Post("/recipients", kShevchenko, "warehouse", "recipient-sh-1");
    EXPECT_EQ(again.status, 201);
    EXPECT_EQ(again.body, first.body);
    EXPECT_TRUE(Has(again.body, "НК 482913")) << again.body;
    Must("/recipients", kKovalenko);
    Must("/recipients", kShelter, "warehouse");
    Receive("KYIV-1", "NFI-BLANKET", "100", "BL-1", "", "8.00");
    std::vector<std::string> ids;
    for (const char* code : {"IDP-SH-1", "IDP-KV-2", "SHELTER-LV-7"}) {
      auto d = Must("/deliveries", DeliveryBody("KYIV-1", "NFI-BLANKET", "3", "2026-11-10", code),
                    "warehouse");
      ids.push_back(Str(d, "id"));
    }
    // Who received the household's aid is personal data too.
    HttpReply confirmed = Post(
        "/deliveries/" + ids[0] + "/confirm",
        R"({"received_by":"Шевченко Тарас","received_at":"2026-11-11T10:00:00Z"})", "warehouse");
    EXPECT_EQ(confirmed.status, 201) << confirmed.body;
    EXPECT_TRUE(Has(confirmed.body, R"("received_by":"Шевченко Тарас")")) << confirmed.body;
    return ids;
  }

  std::string WaybillText(const std::string& id) {
    HttpReply r = Get("/deliveries/" + id + "/waybill.pdf", "warehouse");
    EXPECT_EQ(r.status, 200) << r.body;
    const std::string file = server_->dir() + "/waybill-" + id + ".pdf";
    std::ofstream(file, std::ios::binary) << r.body;
    return Shell("pdftotext " + file + " -");
  }

  // The API gives the personal data back to the roles that hand out aid.
  void ExpectReadableOverHttp() {
    for (const char* role : {"admin", "warehouse"}) {
      HttpReply r = Get("/recipients", role);
      ASSERT_EQ(r.status, 200) << r.body;
      for (const char* s :
           {"Шевченко Оксана Петрівна", "Шевченко Тарас", "+380671234567", "НК 482913",
            "Kovalenko Mykola", "EP 730551", "Гнатюк Ірина", "\"household_size\":4"}) {
        EXPECT_TRUE(Has(r.body, s)) << role << " misses " << s << " in " << r.body;
      }
    }
    // The auditor still sees the household's name, never its personal data.
    HttpReply r = Get("/recipients", "auditor");
    EXPECT_TRUE(Has(r.body, "Шевченко Оксана Петрівна")) << r.body;
    EXPECT_FALSE(Has(r.body, "+380671234567")) << r.body;
  }
};

TEST_F(PersonalDataTest, TheDatabaseFileHoldsNoPersonalDataInClear) {
  const std::vector<std::string> ids = CreateRecipientsAndDeliver();
  // The waybill names the household (decrypted for printing), not its people's details.
  const std::string waybill = WaybillText(ids[0]);
  EXPECT_TRUE(Has(waybill, "Шевченко Оксана Петрівна")) << waybill;
  EXPECT_FALSE(Has(waybill, "+380671234567")) << waybill;
  EXPECT_TRUE(Has(waybill, "Шевченко Тарас")) << waybill;
  ExpectReadableOverHttp();
  // The proof of delivery: its receiver for the warehouse, not for the auditor.
  HttpReply delivery = Get("/deliveries/" + ids[0], "warehouse");
  EXPECT_TRUE(Has(delivery.body, R"("received_by":"Шевченко Тарас")")) << delivery.body;
  delivery = Get("/deliveries/" + ids[0], "auditor");
  EXPECT_EQ(delivery.status, 200);
  EXPECT_TRUE(Has(delivery.body, R"("received_at":"2026-11-11T10:00:00Z")")) << delivery.body;
  EXPECT_FALSE(Has(delivery.body, "received_by")) << delivery.body;
  EXPECT_FALSE(Has(Get("/journal", "auditor").body, "Шевченко"));

  // While the server runs (on SQLite after a checkpoint, so that the file
  // has the rows too): nothing in the database or its log.
  if (!TestOnPostgres()) {
    int status = -1;
    Shell("sqlite3 " + server_->db_path() + " 'PRAGMA wal_checkpoint(PASSIVE)'", &status);
    ASSERT_EQ(status, 0);
  }
  EXPECT_EQ(Joined(SecretsAtRest(*server_)), "");

  // The command line prints the same waybill from the database.
  const std::string cli = server_->dir() + "/cli.pdf";
  std::string out = server_->Run({"print", "waybill", ids[1], "-o", cli});
  ASSERT_TRUE(Has(out, "exit 0")) << out;
  EXPECT_TRUE(Has(Shell("pdftotext " + cli + " -"), "Kovalenko Mykola"));

  // Stopped: the database (and a log, if one is left) still holds none of it.
  ASSERT_EQ(server_->Stop(), 0);
  EXPECT_EQ(Joined(SecretsAtRest(*server_)), "");
  // The same data comes back after a restart.
  server_->Start();
  Reconnect();
  ExpectReadableOverHttp();
}

TEST_F(PersonalDataTest, TheKeyFileIsTheOwnersOnlyAndAWrongOrMissingKeyIsRefused) {
  CreateRecipientsAndDeliver();
  struct stat st {};
  ASSERT_EQ(::stat(key_file().c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  ASSERT_EQ(server_->Stop(), 0);
  const std::string key = ReadFile(key_file());
  const std::string db = server_->db_path();

  // Another key (a valid one): refused, naming the problem, by every command.
  std::ofstream(key_file(), std::ios::trunc) << std::string(64, '7') << "\n";
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"verify", "--db", db},
        {"serve", "--db", db, "--port", "0", "--web", "/nonexistent"},
        {"print", "waybill", "1", "-o", server_->dir() + "/x.pdf", "--db", db}}) {
    std::string out = RunZapas(args);
    EXPECT_TRUE(Has(out, "exit 1")) << out;
    EXPECT_TRUE(Has(out, "wrong key for " + db)) << out;
  }
  // A key file others may read is refused.
  std::ofstream(key_file(), std::ios::trunc) << key;
  ASSERT_EQ(::chmod(key_file().c_str(), 0644), 0);
  std::string out = RunZapas({"verify", "--db", db});
  EXPECT_TRUE(Has(out, "exit 1")) << out;
  EXPECT_TRUE(Has(out, "may be read by others than its owner")) << out;
  ASSERT_EQ(::chmod(key_file().c_str(), 0600), 0);
  EXPECT_TRUE(Has(RunZapas({"verify", "--db", db}), "exit 0"));

  // No key file: refused, never replaced by a new key (not even by serve).
  const std::string moved = server_->dir() + "/kept.key";
  std::filesystem::rename(key_file(), moved);
  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"verify", "--db", db},
        {"serve", "--db", db, "--port", "0", "--web", "/nonexistent"}}) {
    out = RunZapas(args);
    EXPECT_TRUE(Has(out, "exit 1")) << out;
    EXPECT_TRUE(Has(out, "no key for " + db + ": no key file at " + key_file())) << out;
    EXPECT_FALSE(std::filesystem::exists(key_file()));
  }
  // ZAPAS_KEY (64 hex digits) opens it instead of the file.
  ::setenv("ZAPAS_KEY", key.c_str(), 1);
  out = RunZapas({"verify", "--db", db});
  ::setenv("ZAPAS_KEY", "not-a-key", 1);
  std::string bad = RunZapas({"verify", "--db", db});
  ::unsetenv("ZAPAS_KEY");
  EXPECT_TRUE(Has(out, "exit 0")) << out;
  EXPECT_TRUE(Has(bad, "ZAPAS_KEY must hold the key as 64 hex digits")) << bad;
  EXPECT_TRUE(Has(bad, "exit 1")) << bad;

  // Nor does `zapas init` make a new key for the encrypted database.
  out = RunZapas({"init", "--db", db});
  EXPECT_TRUE(Has(out, "exit 1")) << out;
  EXPECT_TRUE(Has(out, "no key for " + db)) << out;
  EXPECT_FALSE(std::filesystem::exists(key_file()));

  // `zapas init` never overwrites a key: with the file back, all is as before.
  std::filesystem::rename(moved, key_file());
  EXPECT_TRUE(Has(RunZapas({"init", "--db", db}), "exit 0"));
  EXPECT_EQ(ReadFile(key_file()), key);
  server_->Start();
  Reconnect();
  ExpectReadableOverHttp();
}

TEST_F(PersonalDataTest, ABackupOpensWithTheKeyOnly) {
  const std::vector<std::string> ids = CreateRecipientsAndDeliver();
  const std::string copy = server_->dir() + "/backup.db";
  std::string out = RunZapas({"backup", copy, "--db", server_->db_path()});
  ASSERT_TRUE(Has(out, "exit 0")) << out;
  EXPECT_TRUE(Has(out, "opens only with the key")) << out;
  EXPECT_EQ(Joined(SecretsInFiles(copy)), "");
  // The copy alone: no key, nothing read.
  out = RunZapas({"verify", "--db", copy});
  EXPECT_TRUE(Has(out, "exit 1")) << out;
  EXPECT_TRUE(Has(out, "no key for " + copy)) << out;
  // With the key: verified, and its documents print the household's name.
  Shell("cp -p " + key_file() + " " + copy + ".key");
  out = RunZapas({"verify", "--db", copy});
  EXPECT_TRUE(Has(out, "exit 0")) << out;
  const std::string pdf = server_->dir() + "/from-backup.pdf";
  out = RunZapas({"print", "waybill", ids[0], "-o", pdf, "--db", copy});
  ASSERT_TRUE(Has(out, "exit 0")) << out;
  EXPECT_TRUE(Has(Shell("pdftotext " + pdf + " -"), "Шевченко Оксана Петрівна"));
}

// A database of an older version, with personal data in clear (made here by
// undoing the encryption migration with the sqlite3 tool), is encrypted by
// `zapas init`, and its old text is gone from the file.
TEST(PersonalDataMigrationTest, InitEncryptsAnOlderDatabase) {
  ServerProcess server;
  const std::string db = server.db_path();
  ASSERT_TRUE(Has(RunZapas({"init", "--db", db}), "exit 0"));
  const std::string old_body =
      R"({"code":"IDP-SH-1","kind":"idp_household","name":"Шевченко Оксана Петрівна","region":"Київська область"})";
  Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
  sha.update("POST /api/v1/recipients\n" + old_body);
  const std::string old_hash = Poco::DigestEngine::digestToHex(sha.digest());
  const std::string sql =
      "DELETE FROM schema_version WHERE version >= 7; DROP TABLE key_check; "
      // What migration 15 added (the lots table rebuilt as it was).
      "DROP TRIGGER items_changed_INSERT; DROP TRIGGER items_changed_UPDATE; DROP TRIGGER "
      "warehouses_changed_INSERT; DROP TRIGGER warehouses_changed_UPDATE; DROP TRIGGER "
      "donors_changed_INSERT; DROP TRIGGER donors_changed_UPDATE; DROP TRIGGER "
      "recipients_changed_INSERT; DROP TRIGGER recipients_changed_UPDATE; DROP TRIGGER "
      "accounts_changed_INSERT; DROP TRIGGER accounts_changed_UPDATE; DROP TRIGGER "
      "users_changed_INSERT; DROP TRIGGER users_changed_UPDATE; DROP TRIGGER rates_changed_INSERT; "
      "DROP TRIGGER rates_changed_UPDATE; "
      "DROP TABLE master_changes; DROP TABLE site_entries; DROP TABLE site_state; "
      "DROP TABLE sites; DROP INDEX journal_own; ALTER TABLE journal DROP COLUMN site; "
      "ALTER TABLE warehouses DROP COLUMN site; ALTER TABLE accounts DROP COLUMN site; "
      "CREATE TABLE lots_v14 (id INTEGER PRIMARY KEY, item_id INTEGER NOT NULL REFERENCES "
      "items(id), batch TEXT NOT NULL, expiry TEXT, unit_value INTEGER NOT NULL, currency TEXT "
      "NOT NULL, donor_id INTEGER NOT NULL REFERENCES donors(id), booked_rate INTEGER, "
      "booked_rate_day INTEGER, kit TEXT, UNIQUE (item_id, batch)); "
      "INSERT INTO lots_v14 SELECT id, item_id, batch, expiry, unit_value, currency, donor_id, "
      "booked_rate, booked_rate_day, kit FROM lots; DROP TABLE lots; "
      "ALTER TABLE lots_v14 RENAME TO lots; CREATE TRIGGER lots_no_update BEFORE UPDATE ON lots "
      "BEGIN SELECT RAISE(ABORT, 'lots are immutable'); END; "
      "ALTER TABLE recipients DROP COLUMN household_size; "
      // What migration 9 added.
      "ALTER TABLE lots DROP COLUMN booked_rate; ALTER TABLE lots DROP COLUMN booked_rate_day; "
      "DROP TRIGGER closed_periods_latest_only; "
      "CREATE TRIGGER closed_periods_no_delete BEFORE DELETE ON closed_periods "
      "BEGIN SELECT RAISE(ABORT, 'a closed period stays closed'); END; "
      // What migration 11 added.
      "ALTER TABLE users DROP COLUMN warehouses; ALTER TABLE users DROP COLUMN session_epoch; "
      // What migration 12 added.
      "DROP TABLE stocktake_lots; DROP TABLE stocktakes; DROP TABLE needs; DROP TABLE need_totals; "
      "DROP TABLE request_deliveries; DROP TABLE request_lines; DROP TABLE requests; "
      // What migration 13 added.
      "ALTER TABLE lots DROP COLUMN kit; DROP TABLE kit_components; DROP TABLE minimums; "
      "DROP TABLE notifications; ALTER TABLE donors DROP COLUMN email; "
      "ALTER TABLE donors DROP COLUMN language; "
      // What migration 14 added.
      "ALTER TABLE items DROP COLUMN gtins; DROP TABLE item_gtins; "
      "INSERT INTO recipients (code, kind, name, region, personal) VALUES "
      "('IDP-SH-1', 'idp_household', 'Шевченко Оксана Петрівна', 'Київська область', "
      "'{\"names\":[\"Шевченко Оксана Петрівна\",\"Шевченко Тарас\"],\"phone\":\"+380671234567\","
      "\"documents\":[\"НК 482913\"],\"household_size\":4}'), "
      "('SHELTER-LV-7', 'idp_shelter', 'Прихисток Львів 7', 'Львівська область', "
      "'{\"contact\":\"Гнатюк Ірина\",\"phone\":\"+380445556677\"}'); "
      "INSERT INTO idempotency (key, request_hash, status, body, created_at) VALUES "
      "('old-key', '" +
      old_hash +
      "', 201, '{\"id\":\"1\",\"name\":\"Kovalenko Mykola\","
      "\"personal\":{\"phone\":\"+380937215508\",\"documents\":[\"EP 730551\"]}}', "
      "'2026-01-01T00:00:00Z');";
  std::ofstream(server.dir() + "/old.sql") << sql;
  int status = -1;
  Shell("sqlite3 " + db + " < " + server.dir() + "/old.sql", &status);
  ASSERT_EQ(status, 0);
  std::filesystem::remove(db + ".key");
  // The older database has them in clear...
  ASSERT_FALSE(SecretsInFiles(db).empty());
  // ...and nothing opens it but `zapas init`, which makes the key.
  std::string out = RunZapas({"verify", "--db", db});
  EXPECT_TRUE(Has(out, "exit 1")) << out;
  out = RunZapas({"init", "--db", db});
  ASSERT_TRUE(Has(out, "exit 0")) << out;
  EXPECT_TRUE(Has(out, "schema version 15")) << out;
  EXPECT_TRUE(Has(out, "key file " + db + ".key created")) << out;
  EXPECT_EQ(Joined(SecretsInFiles(db)), "");

  // Served: the same data, decrypted; the old stored reply replays.
  ASSERT_EQ(server.AddUser("admin", "admin", "admin-password-1"), 0);
  server.Start();
  HttpClient client(server.port());
  HttpReply login =
      client.Post("/api/v1/sessions", R"({"username":"admin","password":"admin-password-1"})");
  const std::string token = Str(ParseObject(login.body), "token");
  HttpReply r = client.Get("/api/v1/recipients", token);
  for (const char* s : {"Шевченко Оксана Петрівна", "Шевченко Тарас", "НК 482913",
                        "\"household_size\":4", "Гнатюк Ірина"}) {
    EXPECT_TRUE(Has(r.body, s)) << s << " not in " << r.body;
  }
  r = client.Post("/api/v1/recipients", old_body, token, "old-key");
  EXPECT_EQ(r.status, 201);
  EXPECT_TRUE(Has(r.body, "EP 730551")) << r.body;
  ASSERT_EQ(server.Stop(), 0);
  EXPECT_EQ(Joined(SecretsInFiles(db)), "");
}

}  // namespace
}  // namespace zapas::testing
