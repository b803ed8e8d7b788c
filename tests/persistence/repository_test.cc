// The persistence contract: every test runs unchanged against each backend
// (SQLite file, PostgreSQL database), named ".../SQLite" and ".../PostgreSQL".
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "persistence/journal_hash.h"
#include "persistence/migrations.h"
#include "persistence/repository.h"
#include "tests/persistence/test_database.h"

namespace zapas {
namespace {

using testing::Backend;
using testing::TestDatabase;

class RepositoryTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    db_ = std::make_unique<TestDatabase>(GetParam());
    ASSERT_TRUE(db_->ok()) << db_->error();
    options_.path = db_->location();
    options_.key = std::string(32, 'k');
    auto repo = OpenDatabase(options_);
    ASSERT_TRUE(repo.ok()) << repo.status().message();
    repo_ = std::move(repo).value();
    auto migrated = repo_->Migrate();
    ASSERT_TRUE(migrated.ok()) << migrated.message();
  }
  void TearDown() override {
    repo_.reset();
    db_.reset();
  }

  // Runs one SQL statement on a separate raw connection; false when refused.
  bool RawExec(const std::string& sql) { return db_->Exec(sql); }
  std::string RawQuery(const std::string& sql) { return db_->Query(sql); }
  // The same question in each backend's SQL.
  std::string RawQuery(const std::string& sqlite, const std::string& postgresql) {
    return RawQuery(GetParam() == Backend::kSqlite ? sqlite : postgresql);
  }

  // Master data for one lot; returns the ids (item, warehouse, donor).
  void Seed(int32_t& item, int32_t& wh, int32_t& donor) {
    ASSERT_TRUE(repo_->Begin().ok());
    Item i;
    i.sku = "MED-IFAK";
    i.name_uk = "Аптечка";
    i.name_en = "First-aid kit";
    i.expiry_tracked = true;
    auto item_id = repo_->InsertItem(i);
    ASSERT_TRUE(item_id.ok());
    auto wh_id = repo_->InsertWarehouse(Warehouse{0, "KYIV-1", "Склад", "Київ"});
    ASSERT_TRUE(wh_id.ok());
    auto donor_id = repo_->InsertDonor(Donor{0, "DE-1", "Hilfe", "DE", FindCurrency("EUR")});
    ASSERT_TRUE(donor_id.ok());
    ASSERT_TRUE(repo_->Commit().ok());
    item = *item_id;
    wh = *wh_id;
    donor = *donor_id;
  }

  // A lot of `item` from `donor`, unexpiring, valued at nothing.
  static Lot NewLot(int32_t item, int32_t donor, const std::string& batch) {
    Lot lot;
    lot.item_id = item;
    lot.batch = batch;
    lot.currency = FindCurrency("EUR");
    lot.donor_id = donor;
    return lot;
  }
  // A stock movement dated `date` with `postings` (each dated `date`).
  static JournalEntry NewEntry(const std::string& kind, const std::string& number,
                               const std::string& date, std::vector<Posting> postings) {
    JournalEntry e;
    e.kind = kind;
    e.number = number;
    e.date = *Date::Parse(date);
    e.recorded_at = "2026-11-27T10:00:00Z";
    e.recorded_by = "sklad";
    e.document = "{}";
    for (Posting& p : postings) p.date = e.date;
    e.postings = std::move(postings);
    return e;
  }

  std::unique_ptr<TestDatabase> db_;
  DatabaseOptions options_;
  std::unique_ptr<Repository> repo_;
};

TEST_P(RepositoryTest, MigrationsAreNumberedAndIdempotent) {
  auto v = repo_->SchemaVersion();
  ASSERT_TRUE(v.ok());
  EXPECT_GE(*v, 1);
  ASSERT_TRUE(repo_->Migrate().ok());
  EXPECT_EQ(*repo_->SchemaVersion(), *v);
  EXPECT_EQ(RawQuery("SELECT COUNT(*) FROM schema_version"), std::to_string(*v));
}

TEST(SqliteRepositoryTest, UsesWalMode) {
  TestDatabase db(Backend::kSqlite);
  DatabaseOptions options;
  options.path = db.location();
  options.key = std::string(32, 'k');
  ASSERT_TRUE(OpenSqlite(options).ok());
  EXPECT_EQ(db.Query("PRAGMA journal_mode"), "wal");
}

TEST_P(RepositoryTest, DuplicateCodeIsConflict) {
  int32_t item, wh, donor;
  Seed(item, wh, donor);
  ASSERT_TRUE(repo_->Begin().ok());
  auto again = repo_->InsertWarehouse(Warehouse{0, "KYIV-1", "Інший", "Київ"});
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().code(), StatusCode::kConflict);
  ASSERT_TRUE(repo_->Rollback().ok());
}

// Codes that differ only in case: the repository finds the stored one (the
// services refuse to create it), and a pair stored before that rule (or
// copied from such a database) is still stored and found, itself first.
TEST_P(RepositoryTest, CodesAreFoundIgnoringCase) {
  int32_t item, wh, donor;
  Seed(item, wh, donor);
  auto taken = [&](CodeKind kind, const std::string& code) {
    auto r = repo_->CodeTakenIgnoringCase(kind, code);
    EXPECT_TRUE(r.ok()) << r.status().message();
    return r.ok() ? r->value_or("<none>") : "<error>";
  };
  EXPECT_EQ(taken(CodeKind::kItem, "med-ifak"), "MED-IFAK");
  EXPECT_EQ(taken(CodeKind::kItem, "MED-IFAK"), "MED-IFAK");
  EXPECT_EQ(taken(CodeKind::kWarehouse, "Kyiv-1"), "KYIV-1");
  EXPECT_EQ(taken(CodeKind::kDonor, "de-1"), "DE-1");
  EXPECT_EQ(taken(CodeKind::kDonor, "kyiv-1"), "<none>");  // another kind's code
  EXPECT_EQ(taken(CodeKind::kDonor, "DE-10"), "<none>");
  EXPECT_EQ(taken(CodeKind::kDonor, "DE_1"), "<none>");  // "_" is no wildcard
  EXPECT_EQ(taken(CodeKind::kDonor, "%"), "<none>");

  ASSERT_TRUE(repo_->Begin().ok());
  ASSERT_TRUE(repo_
                  ->InsertRecipient(Recipient{0, "MU-A1234", RecipientKind::kMilitaryUnit,
                                              "ВЧ А1234", "Донецька область", ""})
                  .ok());
  Account a;
  a.code = "BK-EUR";
  a.name = "Bank";
  a.currency = FindCurrency("EUR");
  ASSERT_TRUE(repo_->InsertAccount(a).ok());
  // Inside the transaction that wrote them.
  EXPECT_EQ(taken(CodeKind::kRecipient, "mu-a1234"), "MU-A1234");
  EXPECT_EQ(taken(CodeKind::kAccount, "bk-eur"), "BK-EUR");
  // A pair of an older database: the indexes on lower(code) are not unique.
  a.code = "bk-eur";
  a.currency = FindCurrency("USD");
  ASSERT_TRUE(repo_->InsertAccount(a).ok());
  ASSERT_TRUE(repo_->Commit().ok());
  EXPECT_EQ(taken(CodeKind::kAccount, "bk-eur"), "bk-eur");
  EXPECT_EQ(taken(CodeKind::kAccount, "BK-EUR"), "BK-EUR");
  EXPECT_EQ(taken(CodeKind::kAccount, "Bk-Eur"), "BK-EUR");  // the older one
  EXPECT_EQ(taken(CodeKind::kAccount, "cash"), "<none>");
}

TEST_P(RepositoryTest, ForeignKeysAreEnforced) {
  ASSERT_TRUE(repo_->Begin().ok());
  Lot lot;
  lot.item_id = 999;
  lot.batch = "X";
  lot.currency = FindCurrency("UAH");
  lot.donor_id = 999;
  auto r = repo_->InsertLot(lot);
  EXPECT_FALSE(r.ok());
  ASSERT_TRUE(repo_->Rollback().ok());
}

TEST_P(RepositoryTest, JournalRoundTripAndRebuild) {
  int32_t item, wh, donor;
  Seed(item, wh, donor);
  ASSERT_TRUE(repo_->Begin().ok());
  Lot lot;
  lot.item_id = item;
  lot.batch = "L1";
  lot.expiry = *Date::Parse("2027-03-01");
  lot.unit_value_minor = 1250;
  lot.currency = FindCurrency("EUR");
  lot.donor_id = donor;
  auto lot_id = repo_->InsertLot(lot);
  ASSERT_TRUE(lot_id.ok());
  JournalEntry e = NewEntry("receipt", "GRN-2026-000001", "2026-11-01",
                            {Posting{wh, *lot_id, Date::FromDays(0), 10000}});
  e.document = R"({"number":"GRN-2026-000001"})";
  auto id = repo_->InsertEntry(e);
  ASSERT_TRUE(id.ok());
  ASSERT_TRUE(repo_->Commit().ok());

  auto found = repo_->FindEntry(*id);
  ASSERT_TRUE(found.ok());
  EXPECT_EQ(found->number, "GRN-2026-000001");
  EXPECT_EQ(found->document, e.document);
  EXPECT_EQ(repo_->FindEntry(*id + 100).status().code(), StatusCode::kNotFound);

  // A fresh connection sees the committed lot and posting.
  auto other = OpenDatabase(options_);
  ASSERT_TRUE(other.ok());
  Catalog catalog;
  ASSERT_TRUE((*other)->LoadCatalog(catalog).ok());
  const Lot* loaded = catalog.LotByBatch(item, "L1");
  ASSERT_NE(loaded, nullptr);
  EXPECT_EQ(loaded->expiry.ToString(), "2027-03-01");
  EXPECT_EQ(loaded->unit_value().AmountString(), "12.50");
  int postings = 0;
  ASSERT_TRUE((*other)
                  ->ForEachPosting(0,
                                   [&](const Posting& p) {
                                     ++postings;
                                     EXPECT_EQ(p.delta, 10000);
                                     EXPECT_EQ(p.date.ToString(), "2026-11-01");
                                   })
                  .ok());
  EXPECT_EQ(postings, 1);
}

TEST_P(RepositoryTest, JournalIsAppendOnly) {
  int32_t item, wh, donor;
  Seed(item, wh, donor);
  ASSERT_TRUE(repo_->Begin().ok());
  JournalEntry e = NewEntry("receipt", "GRN-2026-000001", "2026-11-01", {});
  ASSERT_TRUE(repo_->InsertEntry(e).ok());
  ASSERT_TRUE(repo_->Commit().ok());
  EXPECT_FALSE(RawExec("UPDATE journal SET document = '{\"x\":1}'"));
  EXPECT_FALSE(RawExec("DELETE FROM journal"));
  EXPECT_EQ(RawQuery("SELECT document FROM journal"), "{}");
}

TEST_P(RepositoryTest, NumbersCountPerYearAndRollBack) {
  ASSERT_TRUE(repo_->Begin().ok());
  EXPECT_EQ(*repo_->NextNumber("WB", 2026), 1);
  EXPECT_EQ(*repo_->NextNumber("WB", 2026), 2);
  EXPECT_EQ(*repo_->NextNumber("WB", 2027), 1);
  ASSERT_TRUE(repo_->Commit().ok());
  ASSERT_TRUE(repo_->Begin().ok());
  EXPECT_EQ(*repo_->NextNumber("WB", 2026), 3);
  ASSERT_TRUE(repo_->Rollback().ok());
  ASSERT_TRUE(repo_->Begin().ok());
  EXPECT_EQ(*repo_->NextNumber("WB", 2026), 3);
  ASSERT_TRUE(repo_->Commit().ok());
}

TEST_P(RepositoryTest, CountersAreListedAndSet) {
  ASSERT_TRUE(repo_->NextNumber("WB", 2027).ok());
  ASSERT_TRUE(repo_->SetCounter(Counter{"GRN", 2026, 41}).ok());
  EXPECT_EQ(*repo_->NextNumber("GRN", 2026), 42);
  ASSERT_TRUE(repo_->SetCounter(Counter{"WB", 2027, 7}).ok());
  auto counters = repo_->ListCounters();
  ASSERT_TRUE(counters.ok());
  ASSERT_EQ(counters->size(), 2u);
  EXPECT_EQ((*counters)[0].name, "GRN");
  EXPECT_EQ((*counters)[0].value, 42);
  EXPECT_EQ((*counters)[1].year, 2027);
  EXPECT_EQ((*counters)[1].value, 7);
}

TEST_P(RepositoryTest, SavepointRollsBackOnePart) {
  ASSERT_TRUE(repo_->Begin().ok());
  ASSERT_TRUE(repo_->InsertWarehouse(Warehouse{0, "A", "A", "R"}).ok());
  ASSERT_TRUE(repo_->Savepoint().ok());
  ASSERT_TRUE(repo_->InsertWarehouse(Warehouse{0, "B", "B", "R"}).ok());
  ASSERT_TRUE(repo_->RollbackToSavepoint().ok());
  ASSERT_TRUE(repo_->Commit().ok());
  auto list = repo_->ListWarehouses(PageRequest{"", 10});
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].code, "A");
}

TEST_P(RepositoryTest, IdempotentResponses) {
  ASSERT_TRUE(repo_->Begin().ok());
  ASSERT_TRUE(repo_->SaveResponse("k1", StoredResponse{"h", 201, "{\"id\":\"1\"}"}).ok());
  ASSERT_TRUE(repo_->Commit().ok());
  auto found = repo_->FindResponse("k1");
  ASSERT_TRUE(found.ok());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->status, 201);
  EXPECT_EQ((*found)->body, "{\"id\":\"1\"}");
  EXPECT_FALSE(repo_->FindResponse("k2")->has_value());
  ASSERT_TRUE(repo_->SaveResponse("K0", StoredResponse{"h", 200, "{}"}).ok());
  EXPECT_EQ(*repo_->ResponseKeys(), (std::vector<std::string>{"K0", "k1"}));  // bytewise
}

TEST_P(RepositoryTest, PersonalDataIsSealedAndOpensWithItsKeyOnly) {
  ASSERT_TRUE(repo_->Begin().ok());
  Recipient household{0,
                      "IDP-1",
                      RecipientKind::kIdpHousehold,
                      "Шевченко Оксана",
                      "Київська область",
                      R"({"phone":"+380671234567","household_size":"4"})"};
  Recipient unit{0,
                 "MU-1",
                 RecipientKind::kMilitaryUnit,
                 "Військова частина А1234",
                 "Донецька область",
                 R"({"commander":"Петренко"})"};
  ASSERT_TRUE(repo_->InsertRecipient(household).ok());
  ASSERT_TRUE(repo_->InsertRecipient(unit).ok());
  ASSERT_TRUE(repo_->SaveResponse("k1", StoredResponse{"h", 201, "{\"phone\":\"+38067\"}"}).ok());
  ASSERT_TRUE(repo_->Commit().ok());

  // Stored sealed: the household's name and everyone's personal data.
  // (PostgreSQL's columns are BYTEA: sealed means the sealed format's version
  // byte, 1, where clear text would have its first character.)
  EXPECT_EQ(RawQuery("SELECT typeof(name) FROM recipients WHERE code = 'IDP-1'",
                     "SELECT CASE WHEN get_byte(name, 0) = 1 THEN 'blob' END FROM recipients "
                     "WHERE code = 'IDP-1'"),
            "blob");
  EXPECT_EQ(RawQuery("SELECT name FROM recipients WHERE code = 'MU-1'",
                     "SELECT convert_from(name, 'UTF8') FROM recipients WHERE code = 'MU-1'"),
            "Військова частина А1234");
  EXPECT_EQ(RawQuery("SELECT COUNT(*) FROM recipients WHERE typeof(personal) = 'blob'",
                     "SELECT COUNT(*) FROM recipients WHERE get_byte(personal, 0) = 1"),
            "2");
  EXPECT_EQ(RawQuery("SELECT typeof(body) || typeof(request_hash) FROM idempotency",
                     "SELECT CASE WHEN get_byte(body, 0) = 1 AND get_byte(request_hash, 0) = 1 "
                     "THEN 'blobblob' END FROM idempotency"),
            "blobblob");
  // Read back in clear; the household size is a count of its own.
  auto list = repo_->ListRecipients(PageRequest{});
  ASSERT_TRUE(list.ok()) << list.status().message();
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].name, household.name);
  EXPECT_EQ((*list)[0].personal_json, household.personal_json);
  EXPECT_EQ((*list)[1].personal_json, unit.personal_json);
  EXPECT_EQ(repo_->HouseholdSizes()->at("IDP-1"), 4);
  EXPECT_EQ((**repo_->FindResponse("k1")).body, "{\"phone\":\"+38067\"}");

  // Another key, or none, does not open the database.
  DatabaseOptions other = options_;
  other.key = std::string(32, 'x');
  auto wrong = OpenDatabase(other);
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.status().code(), StatusCode::kInvalid);
  EXPECT_NE(wrong.status().message().find("wrong key"), std::string::npos);
  other.key.clear();
  EXPECT_EQ(OpenDatabase(other).status().code(), StatusCode::kInvalid);

  // A sealed value copied to another row does not open there.
  ASSERT_TRUE(
      RawExec("UPDATE recipients SET personal = (SELECT personal FROM recipients WHERE "
              "code = 'IDP-1') WHERE code = 'MU-1'"));
  EXPECT_EQ(repo_->ListRecipients(PageRequest{}).status().code(), StatusCode::kInternal);
}

TEST_P(RepositoryTest, UsersKeepCyrillicNamesAndRoles) {
  User u;
  u.username = "оксана";
  u.password_hash = "$argon2id$placeholder";
  u.role = Role::kDonor;
  u.donor_code = "DE-1";
  ASSERT_TRUE(repo_->AddUser(u).ok());
  EXPECT_EQ(repo_->AddUser(u).code(), StatusCode::kConflict);
  auto found = repo_->FindUser("оксана");
  ASSERT_TRUE(found.ok());
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->role, Role::kDonor);
  EXPECT_EQ((*found)->donor_code, "DE-1");
  EXPECT_FALSE(repo_->FindUser("nobody")->has_value());
  EXPECT_EQ(*repo_->CountUsers(), 1);
  u.username = "adam";
  ASSERT_TRUE(repo_->AddUser(u).ok());
  EXPECT_EQ(*repo_->Usernames(), (std::vector<std::string>{"оксана", "adam"}));  // as added
}

TEST_P(RepositoryTest, UsersChangeAndPageByName) {
  User u;
  u.password_hash = "$argon2id$placeholder";
  u.role = Role::kWarehouse;
  for (const char* name : {"c", "a", "b"}) {
    u.username = name;
    ASSERT_TRUE(repo_->AddUser(u).ok());
  }
  u.username = "b";
  u.warehouses = {"KYIV-1", "LVIV-1"};
  u.session_epoch = 3;
  u.disabled = true;
  u.password_hash = "$argon2id$other";
  ASSERT_TRUE(repo_->UpdateUser(u).ok());
  auto b = repo_->FindUser("b");
  ASSERT_TRUE(b.ok() && b->has_value());
  EXPECT_EQ((*b)->warehouses, (std::vector<std::string>{"KYIV-1", "LVIV-1"}));
  EXPECT_EQ((*b)->session_epoch, 3);
  EXPECT_TRUE((*b)->disabled);
  EXPECT_EQ((*b)->password_hash, "$argon2id$other");
  EXPECT_TRUE((*repo_->FindUser("a"))->warehouses.empty());
  u.username = "nobody";
  EXPECT_EQ(repo_->UpdateUser(u).code(), StatusCode::kNotFound);

  auto page = repo_->ListUsers(PageRequest{"", 2});
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->size(), 2u);
  EXPECT_EQ((*page)[0].username, "a");
  EXPECT_EQ((*page)[1].username, "b");
  EXPECT_EQ((*page)[1].warehouses.size(), 2u);
  page = repo_->ListUsers(PageRequest{"b", 2});
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->size(), 1u);
  EXPECT_EQ((*page)[0].username, "c");
}

TEST_P(RepositoryTest, PagesByCode) {
  ASSERT_TRUE(repo_->Begin().ok());
  for (const char* c : {"C", "A", "B"}) {
    ASSERT_TRUE(repo_->InsertWarehouse(Warehouse{0, c, c, "R"}).ok());
  }
  ASSERT_TRUE(repo_->Commit().ok());
  auto first = repo_->ListWarehouses(PageRequest{"", 2});
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->size(), 2u);
  EXPECT_EQ((*first)[1].code, "B");
  auto second = repo_->ListWarehouses(PageRequest{"B", 2});
  ASSERT_EQ(second->size(), 1u);
  EXPECT_EQ((*second)[0].code, "C");
}

TEST_P(RepositoryTest, EntriesFormOneHashChain) {
  ASSERT_TRUE(repo_->Begin().ok());
  JournalEntry e = NewEntry("receipt", "GRN-2026-000001", "2026-11-01", {});
  auto first = repo_->InsertEntry(e);
  e.number = "GRN-2026-000002";
  auto second = repo_->InsertEntry(e);
  ASSERT_TRUE(first.ok() && second.ok());
  ASSERT_TRUE(repo_->Commit().ok());
  auto a = repo_->FindEntry(*first);
  auto b = repo_->FindEntry(*second);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->prev_hash, "");
  EXPECT_EQ(b->prev_hash, a->hash);
  // The hash is the one journal_hash.h defines, whatever the backend.
  EXPECT_EQ(b->hash, Sha256(CanonicalEntry(*b, a->hash)));
  auto by_hash = repo_->FindEntryByHash(ShortHash(b->hash));
  ASSERT_TRUE(by_hash.ok() && by_hash->has_value());
  EXPECT_EQ((*by_hash)->id, *second);
  // A duplicate number is a conflict.
  ASSERT_TRUE(repo_->Begin().ok());
  EXPECT_EQ(repo_->InsertEntry(e).status().code(), StatusCode::kConflict);
  ASSERT_TRUE(repo_->Rollback().ok());
}

// `zapas migrate` copies a database with nobody else writing: a second
// connection asking for the writer's lock alone is refused until the first is
// closed.
TEST_P(RepositoryTest, OneWriterAlone) {
  ASSERT_TRUE(repo_->HoldWriterLock(Writers::kAlone).ok());
  auto second = OpenDatabase(options_);
  ASSERT_TRUE(second.ok()) << second.status().message();
  Status refused = (*second)->HoldWriterLock(Writers::kAlone);
  EXPECT_EQ(refused.code(), StatusCode::kUnavailable);
  EXPECT_NE(refused.message().find("another zapas process is serving"), std::string::npos)
      << refused.message();
  EXPECT_EQ((*second)->HoldWriterLock(Writers::kShared).code(), StatusCode::kUnavailable);
  repo_.reset();
  EXPECT_TRUE((*second)->HoldWriterLock(Writers::kAlone).ok());
}

// Servers share a PostgreSQL database; a SQLite database has one writer.
TEST_P(RepositoryTest, ServersShareOnlyPostgres) {
  ASSERT_TRUE(repo_->HoldWriterLock(Writers::kShared).ok());
  auto second = OpenDatabase(options_);
  ASSERT_TRUE(second.ok()) << second.status().message();
  Status shared = (*second)->HoldWriterLock(Writers::kShared);
  if (GetParam() == Backend::kPostgres) {
    EXPECT_TRUE(shared.ok()) << shared.message();
    auto third = OpenDatabase(options_);
    ASSERT_TRUE(third.ok());
    EXPECT_EQ((*third)->HoldWriterLock(Writers::kAlone).code(), StatusCode::kUnavailable);
  } else {
    EXPECT_EQ(shared.code(), StatusCode::kUnavailable);
  }
}

// What one connection commits reaches the state another built earlier, through
// its mark: new master data, lots and postings, and nothing twice.
TEST_P(RepositoryTest, StateChangesCarryOthersCommits) {
  int32_t item, wh, donor;
  Seed(item, wh, donor);
  Catalog catalog;
  StockIndex index;
  StateMark seen;
  ASSERT_TRUE(LoadStockState(*repo_, catalog, index, nullptr, &seen).ok());
  EXPECT_EQ(seen.items, item);
  EXPECT_EQ(seen.entries, 0);
  {
    auto none = StateChanges::Read(*repo_, seen);
    ASSERT_TRUE(none.ok());
    EXPECT_TRUE(none->empty());
  }

  auto other = OpenDatabase(options_);
  ASSERT_TRUE(other.ok());
  Repository& o = **other;
  ASSERT_TRUE(o.Begin().ok());
  auto wh2 = o.InsertWarehouse(Warehouse{0, "LVIV-1", "Склад у Львові", "Львів"});
  ASSERT_TRUE(wh2.ok());
  auto lot_id = o.InsertLot(NewLot(item, donor, "L9"));
  ASSERT_TRUE(lot_id.ok());
  ASSERT_TRUE(o.InsertEntry(NewEntry("receipt", "GRN-2026-000009", "2026-11-02",
                                     {Posting{*wh2, *lot_id, Date::FromDays(0), 7000}}))
                  .ok());
  ASSERT_TRUE(o.Commit().ok());

  auto changes = StateChanges::Read(*repo_, seen);
  ASSERT_TRUE(changes.ok()) << changes.status().message();
  EXPECT_FALSE(changes->empty());
  ASSERT_TRUE(changes->ApplyTo(catalog, index).ok());
  ASSERT_NE(catalog.WarehouseByCode("LVIV-1"), nullptr);
  ASSERT_NE(catalog.LotByBatch(item, "L9"), nullptr);
  const LotBalance* b = index.Find(*wh2, item, *lot_id);
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(b->quantity, 7000);
  EXPECT_EQ(changes->mark(), *repo_->CurrentMark());
  auto again = StateChanges::Read(*repo_, changes->mark());
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->empty());
}

// A database made before the journal had its hash chain (schema 4): the
// migration that adds it computes the hashes of the entries already stored,
// in id order, on each backend, and the journal is append-only again after.
class OlderDatabaseTest : public ::testing::TestWithParam<Backend> {};

TEST_P(OlderDatabaseTest, TheHashChainMigrationChainsTheEntriesAlreadyStored) {
  TestDatabase db(GetParam());
  ASSERT_TRUE(db.ok()) << db.error();
  ASSERT_TRUE(
      db.Exec("CREATE TABLE schema_version (version INTEGER NOT NULL, "
              "applied_at TEXT NOT NULL)"));
  for (const Migration& m : Migrations()) {
    if (m.version >= kHashChainMigration) break;
    ASSERT_TRUE(db.Exec(GetParam() == Backend::kSqlite ? SqliteSql(m) : PostgresSql(m)))
        << m.description;
    ASSERT_TRUE(db.Exec("INSERT INTO schema_version (version, applied_at) VALUES (" +
                        std::to_string(m.version) + ", '2026-01-01T00:00:00Z')"));
  }
  for (int id = 1; id <= 3; ++id) {
    ASSERT_TRUE(db.Exec(
        "INSERT INTO journal (id, kind, number, date, recorded_at, recorded_by, "
        "document) VALUES (" +
        std::to_string(id) + ", 'rate_correction', NULL, '2026-0" + std::to_string(id) +
        "-01', '2026-01-01T00:00:00Z', 'skarbnyk', " + "'{\"n\":" + std::to_string(id) + "}')"));
  }
  DatabaseOptions options;
  options.path = db.location();
  options.key = std::string(32, 'k');
  auto repo = OpenDatabase(options);
  ASSERT_TRUE(repo.ok()) << repo.status().message();
  auto migrated = (*repo)->Migrate();
  ASSERT_TRUE(migrated.ok()) << migrated.message();
  std::string prev;
  for (int id = 1; id <= 3; ++id) {
    auto e = (*repo)->FindEntry(id);
    ASSERT_TRUE(e.ok()) << e.status().message();
    EXPECT_EQ(e->prev_hash, prev);
    EXPECT_EQ(e->hash, Sha256(CanonicalEntry(*e, prev)));
    prev = e->hash;
  }
  EXPECT_FALSE(db.Exec("UPDATE journal SET document = '{}' WHERE id = 2"));
}

INSTANTIATE_TEST_SUITE_P(Backends, OlderDatabaseTest, ::testing::ValuesIn(testing::AllBackends()),
                         [](const ::testing::TestParamInfo<Backend>& info) {
                           return testing::BackendName(info.param);
                         });

INSTANTIATE_TEST_SUITE_P(Backends, RepositoryTest, ::testing::ValuesIn(testing::AllBackends()),
                         [](const ::testing::TestParamInfo<Backend>& info) {
                           return testing::BackendName(info.param);
                         });

// What only a database shared by several servers does (PostgreSQL).
class SharedDatabaseTest : public RepositoryTest {};

// The database itself refuses stock below zero, whatever a server's index
// believed: a posting that takes more than a lot holds is a conflict.
TEST_P(SharedDatabaseTest, DatabaseRefusesNegativeStock) {
  int32_t item, wh, donor;
  Seed(item, wh, donor);
  ASSERT_TRUE(repo_->Begin().ok());
  auto lot_id = repo_->InsertLot(NewLot(item, donor, "L1"));
  ASSERT_TRUE(lot_id.ok());
  ASSERT_TRUE(repo_
                  ->InsertEntry(NewEntry("receipt", "GRN-2026-000001", "2026-11-01",
                                         {Posting{wh, *lot_id, Date::FromDays(0), 1000}}))
                  .ok());
  ASSERT_TRUE(repo_->Commit().ok());

  JournalEntry e = NewEntry("delivery", "WB-2026-000001", "2026-11-02",
                            {Posting{wh, *lot_id, Date::FromDays(0), -1001}});
  ASSERT_TRUE(repo_->Begin().ok());
  auto refused = repo_->InsertEntry(e);
  EXPECT_EQ(refused.status().code(), StatusCode::kConflict);
  EXPECT_NE(refused.status().message().find("not enough stock"), std::string::npos)
      << refused.status().message();
  ASSERT_TRUE(repo_->Rollback().ok());

  e.postings = {Posting{wh, *lot_id, e.date, -1000}};
  ASSERT_TRUE(repo_->Begin().ok());
  auto taken = repo_->InsertEntry(e);
  ASSERT_TRUE(taken.ok()) << taken.status().message();
  ASSERT_TRUE(repo_->Commit().ok());
  EXPECT_EQ(RawQuery("SELECT quantity FROM lot_stock"), "0");
}

// A listening connection hears of another's commit of new rows.
TEST_P(SharedDatabaseTest, ListenerHearsCommits) {
  auto listener = OpenDatabase(options_);
  ASSERT_TRUE(listener.ok());
  auto listening = (*listener)->Listen();
  ASSERT_TRUE(listening.ok()) << listening.status().message();
  EXPECT_TRUE(*listening);
  auto quiet = (*listener)->WaitForWrites(50);
  ASSERT_TRUE(quiet.ok());
  EXPECT_FALSE(*quiet);
  int32_t item, wh, donor;
  Seed(item, wh, donor);
  auto heard = (*listener)->WaitForWrites(10000);
  ASSERT_TRUE(heard.ok()) << heard.status().message();
  EXPECT_TRUE(*heard);
}

INSTANTIATE_TEST_SUITE_P(PostgreSQL, SharedDatabaseTest, ::testing::Values(Backend::kPostgres),
                         [](const ::testing::TestParamInfo<Backend>& info) {
                           return testing::BackendName(info.param);
                         });

}  // namespace
}  // namespace zapas
