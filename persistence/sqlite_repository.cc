// SQLite implementation of Repository.
//
// The connection is opened through Poco::Data (its session owns the handle);
// admin paths (users, lists, migrations) use Poco::Data statements, while the
// hot paths (journal, lots, idempotency, numbering, the start-up scan) keep
// prepared statements through sqlite3's own API on the same connection, since
// Poco::Data re-prepares SQL on every execution.
#include <fcntl.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/SQLite/Utility.h>
#include <Poco/Data/Session.h>
#include <Poco/Exception.h>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <unordered_map>

#include "persistence/field_cipher.h"
#include "persistence/journal_hash.h"
#include "persistence/migrations.h"
#include "persistence/repository.h"
#include "persistence/repository_support.h"
#include "persistence/row_readers.h"

namespace zapas {
namespace {

// Creates `path` (when it does not exist) readable and writable by its owner
// only, whatever the umask; SQLite then opens it as it is, and gives its WAL
// and shared-memory files the same mode. kUnavailable when it cannot.
Status CreateOwnerOnly(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return Status::Ok();
    return Status::Unavailable("cannot create " + path + ": " + std::strerror(errno));
  }
  const bool owner_only = ::fchmod(fd, 0600) == 0;
  ::close(fd);
  if (!owner_only) return Status::Unavailable("cannot make " + path + " its owner's only");
  return Status::Ok();
}

using Poco::Data::Keywords::into;
using Poco::Data::Keywords::now;
using Poco::Data::Keywords::use;

// The household size that the personal data `json` (an SQL expression: a
// column or a parameter) records, as a whole number, else NULL. Kept in its own
// column, a count only, so donor reports count people without the key.
std::string HouseholdSizeOf(const std::string& json) {
  return "CASE WHEN json_valid(" + json + ") AND json_type(" + json +
         ", '$.household_size') IN ('integer', 'real', 'text') THEN CAST(json_extract(" + json +
         ", '$.household_size') AS INTEGER) END";
}

// A prepared statement kept for the life of the connection.
class Stmt {
 public:
  Stmt(sqlite3* db, const char* sql) : db_(db) {
    if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr) != SQLITE_OK) {
      error_ = sqlite3_errmsg(db);
      stmt_ = nullptr;
    }
  }
  ~Stmt() { sqlite3_finalize(stmt_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  bool valid() const { return stmt_ != nullptr; }
  const std::string& error() const { return error_; }
  void Reset() {
    if (stmt_ == nullptr) return;  // a statement that failed to prepare
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  void Bind(int i, int64_t v) { sqlite3_bind_int64(stmt_, i, v); }
  void Bind(int i, const std::string& v) {
    sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  }
  void BindNull(int i) { sqlite3_bind_null(stmt_, i); }
  void BindBlob(int i, const std::string& v) {
    sqlite3_bind_blob(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  }
  bool IsBlob(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_BLOB; }
  std::string Blob(int col) const {
    const void* b = sqlite3_column_blob(stmt_, col);
    return b ? std::string(static_cast<const char*>(b),
                           static_cast<size_t>(sqlite3_column_bytes(stmt_, col)))
             : std::string();
  }
  int Step() { return sqlite3_step(stmt_); }
  int64_t Int(int col) const { return sqlite3_column_int64(stmt_, col); }
  bool IsNull(int col) const { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  std::string Text(int col) const {
    const unsigned char* t = sqlite3_column_text(stmt_, col);
    return t ? std::string(reinterpret_cast<const char*>(t),
                           static_cast<size_t>(sqlite3_column_bytes(stmt_, col)))
             : std::string();
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
  std::string error_;
};

class SqliteRepository final : public Repository {
 public:
  SqliteRepository(std::unique_ptr<Poco::Data::Session> session, const DatabaseOptions& options,
                   FieldCipher cipher)
      : session_(std::move(session)),
        db_(Poco::Data::SQLite::Utility::dbHandle(*session_)),
        options_(options),
        cipher_(std::move(cipher)) {
    options_.key.clear();  // the cipher holds it
  }

  ~SqliteRepository() override {
    statements_.clear();
    if (lock_fd_ >= 0) ::close(lock_fd_);
  }

  Status HoldWriterLock(Writers) override {
    if (lock_fd_ >= 0) return Status::Ok();
    // A lock file beside the database, not the database itself: SQLite's own
    // locks come and go with each transaction. The kernel drops it when the
    // process ends, even when it is killed.
    const std::string lock_path = options_.path + ".lock";
    int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) {
      return Status::Unavailable("cannot open " + lock_path + ": " + std::strerror(errno));
    }
    if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
      ::close(fd);
      return Status::Unavailable(AnotherWriterMessage(options_.path));
    }
    lock_fd_ = fd;
    return Status::Ok();
  }

  Status Configure() {
    sqlite3_busy_timeout(db_, options_.busy_timeout_ms);
    ZAPAS_RETURN_IF_ERROR(Exec("PRAGMA journal_mode=WAL"));
    ZAPAS_RETURN_IF_ERROR(
        Exec(options_.synchronous_full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL"));
    ZAPAS_RETURN_IF_ERROR(Exec("PRAGMA foreign_keys=ON"));
    // Deleted or overwritten content is zeroed, so no old value (a row stored
    // in clear before encryption, a replaced cell) lingers in free space.
    ZAPAS_RETURN_IF_ERROR(Exec("PRAGMA secure_delete=ON"));
    return CheckKey();
  }

  Status Migrate() override {
    ZAPAS_RETURN_IF_ERROR(
        Exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, "
             "applied_at TEXT NOT NULL)"));
    ZAPAS_ASSIGN_OR_RETURN(int current, SchemaVersion());
    size_t sealed = 0;
    for (const Migration& m : Migrations()) {
      if (m.version <= current) continue;
      ZAPAS_RETURN_IF_ERROR(Exec("BEGIN IMMEDIATE"));
      Status s = Exec(SqliteSql(m));
      if (s.ok() && m.version == kHashChainMigration) s = BackfillHashes();
      if (s.ok() && m.version == kEncryptionMigration) s = EncryptStoredPersonalData(sealed);
      if (s.ok()) {
        s = Exec("INSERT INTO schema_version (version, applied_at) VALUES (" +
                 std::to_string(m.version) + ", '" + NowRfc3339() + "')");
      }
      if (!s.ok()) {
        (void)Exec("ROLLBACK");
        return Status::Internal("migration " + std::to_string(m.version) + " (" + m.description +
                                ") failed: " + s.message());
      }
      ZAPAS_RETURN_IF_ERROR(Exec("COMMIT"));
    }
    if (sealed > 0) return ScrubFreeSpace();
    return Status::Ok();
  }

  Result<int> SchemaVersion() override {
    try {
      int version = 0;
      *session_ << "SELECT COALESCE(MAX(version), 0) FROM schema_version", into(version), now;
      return version;
    } catch (const Poco::Exception& e) {
      return Status::Unavailable("cannot read the schema version: " + e.displayText());
    }
  }

  Status Begin() override { return Exec("BEGIN IMMEDIATE"); }
  Status Commit() override { return Exec("COMMIT"); }
  Status Rollback() override { return Exec("ROLLBACK"); }
  Status Savepoint() override { return Exec("SAVEPOINT job"); }
  Status ReleaseSavepoint() override { return Exec("RELEASE job"); }
  Status BeginRead() override { return Exec("BEGIN DEFERRED"); }
  Status EndRead() override { return Exec("COMMIT"); }
  Status RollbackToSavepoint() override {
    ZAPAS_RETURN_IF_ERROR(Exec("ROLLBACK TO job"));
    return Exec("RELEASE job");
  }

  Result<std::optional<std::string>> CodeTakenIgnoringCase(CodeKind kind,
                                                           const std::string& code) override {
    static const std::string kSql[] = {
        CodeLikeSql(CodeKind::kItem, "?1"), CodeLikeSql(CodeKind::kWarehouse, "?1"),
        CodeLikeSql(CodeKind::kDonor, "?1"), CodeLikeSql(CodeKind::kRecipient, "?1"),
        CodeLikeSql(CodeKind::kAccount, "?1")};
    Stmt* s = Prepare(kSql[static_cast<int>(kind)].c_str());
    if (!s->valid()) return Status::Internal(s->error());
    s->Bind(1, code);
    const int rc = s->Step();
    std::optional<std::string> found;
    if (rc == SQLITE_ROW) {
      found = s->Text(0);
    } else if (rc != SQLITE_DONE) {
      return Error("reading codes");
    }
    s->Reset();
    return found;
  }

  Result<int32_t> InsertItem(const Item& item) override {
    Stmt* s = Prepare(
        "INSERT INTO items (sku, name_uk, name_en, unit, category, expiry_tracked) "
        "VALUES (?, ?, ?, ?, ?, ?)");
    s->Bind(1, item.sku);
    s->Bind(2, item.name_uk);
    s->Bind(3, item.name_en);
    s->Bind(4, std::string(UnitName(item.unit)));
    s->Bind(5, item.category);
    s->Bind(6, item.expiry_tracked ? 1 : 0);
    return InsertReturningId(s, "item " + item.sku);
  }

  Result<int32_t> InsertWarehouse(const Warehouse& w) override {
    Stmt* s = Prepare("INSERT INTO warehouses (code, name, region) VALUES (?, ?, ?)");
    s->Bind(1, w.code);
    s->Bind(2, w.name);
    s->Bind(3, w.region);
    return InsertReturningId(s, "warehouse " + w.code);
  }

  Result<int32_t> InsertDonor(const Donor& d) override {
    Stmt* s = Prepare("INSERT INTO donors (code, name, country, currency) VALUES (?, ?, ?, ?)");
    s->Bind(1, d.code);
    s->Bind(2, d.name);
    s->Bind(3, d.country);
    s->Bind(4, std::string(d.currency->code));
    return InsertReturningId(s, "donor " + d.code);
  }

  Result<int32_t> InsertRecipient(const Recipient& r) override {
    // ?6, the personal data in clear, is only read by the household size's
    // expression: it is never stored.
    static const std::string sql =
        "INSERT INTO recipients (code, kind, name, region, personal, household_size) "
        "VALUES (?1, ?2, ?3, ?4, ?5, CASE WHEN ?2 = 'idp_household' THEN " +
        HouseholdSizeOf("?6") + " END)";
    Stmt* s = Prepare(sql.c_str());
    s->Bind(1, r.code);
    s->Bind(2, std::string(RecipientKindName(r.kind)));
    if (NameIsPersonal(r.kind)) {
      s->BindBlob(3, cipher_.Seal(r.name, NameContext(r.code)));
    } else {
      s->Bind(3, r.name);
    }
    s->Bind(4, r.region);
    if (r.personal_json.empty()) {
      s->BindNull(5);
      s->BindNull(6);
    } else {
      s->BindBlob(5, cipher_.Seal(r.personal_json, PersonalContext(r.code)));
      s->Bind(6, r.personal_json);
    }
    return InsertReturningId(s, "recipient " + r.code);
  }

  Result<int32_t> InsertLot(const Lot& lot) override {
    Stmt* s = Prepare(
        "INSERT INTO lots (item_id, batch, expiry, unit_value, currency, donor_id, booked_rate, "
        "booked_rate_day) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    s->Bind(1, lot.item_id);
    s->Bind(2, lot.batch);
    if (lot.expiry.is_never()) {
      s->BindNull(3);
    } else {
      s->Bind(3, lot.expiry.ToString());
    }
    s->Bind(4, lot.unit_value_minor);
    s->Bind(5, std::string(lot.currency->code));
    s->Bind(6, lot.donor_id);
    if (lot.booked_rate > 0) {
      s->Bind(7, lot.booked_rate);
      s->Bind(8, lot.booked_rate_date.days());
    } else {
      s->BindNull(7);
      s->BindNull(8);
    }
    return InsertReturningId(s, "lot " + lot.batch);
  }

  Result<std::vector<Item>> ListItems(const PageRequest& page) override {
    return List<Item>(
        "SELECT id, sku, name_uk, name_en, unit, category, expiry_tracked FROM items "
        "WHERE sku > ? ORDER BY sku LIMIT ?",
        page, ItemFrom<Stmt>);
  }

  Result<std::vector<Warehouse>> ListWarehouses(const PageRequest& page) override {
    return List<Warehouse>(
        "SELECT id, code, name, region FROM warehouses WHERE code > ? ORDER BY code LIMIT ?", page,
        WarehouseFrom<Stmt>);
  }

  Result<std::vector<Donor>> ListDonors(const PageRequest& page) override {
    return List<Donor>(
        "SELECT id, code, name, country, currency FROM donors WHERE code > ? ORDER BY code "
        "LIMIT ?",
        page, DonorFrom<Stmt>);
  }

  Result<std::vector<Recipient>> ListRecipients(const PageRequest& page) override {
    Status opened = Status::Ok();  // the first value that does not open
    auto rows = List<Recipient>(
        "SELECT id, code, kind, name, region, personal FROM recipients WHERE code > ? "
        "ORDER BY code LIMIT ?",
        page, [&](const Stmt& s) { return RecipientFrom(s, cipher_, opened); });
    ZAPAS_RETURN_IF_ERROR(opened);
    return rows;
  }

  Result<std::map<std::string, int64_t>> HouseholdSizes() override {
    Stmt s(db_,
           "SELECT code, household_size FROM recipients "
           "WHERE kind = 'idp_household' AND household_size > 0");
    if (!s.valid()) return Status::Unavailable(s.error());
    std::map<std::string, int64_t> out;
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) out.emplace(s.Text(0), s.Int(1));
    if (rc != SQLITE_DONE) return Error("reading household sizes");
    return out;
  }

  Result<StateMark> CurrentMark() override {
    Stmt s(db_, kCurrentMarkSql);
    if (!s.valid()) return Status::Unavailable(s.error());
    if (s.Step() != SQLITE_ROW) return Error("reading the database's mark");
    return MarkFrom(s);
  }

  // One process writes a SQLite database: nobody to hear from.
  Result<bool> Listen() override { return false; }
  Result<bool> WaitForWrites(int) override {
    return Status::Internal("a SQLite database has one writer: nothing to wait for");
  }

  Status ForEachLot(int32_t after, const std::function<void(Lot&&)>& visit) override {
    const std::string sql =
        std::string("SELECT ") + kLotColumns + " FROM lots WHERE id > ? ORDER BY id";
    Stmt s(db_, sql.c_str());
    if (!s.valid()) return Status::Unavailable(s.error());
    s.Bind(1, after);
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) {
      ZAPAS_ASSIGN_OR_RETURN(Lot lot, LotFrom(s));
      visit(std::move(lot));
    }
    return rc == SQLITE_DONE ? Status::Ok() : Error("reading lots");
  }

  Status ForEachPosting(int64_t after_entry,
                        const std::function<void(const Posting&)>& visit) override {
    Stmt s(db_,
           "SELECT warehouse_id, lot_id, day, quantity FROM postings WHERE entry_id > ? "
           "ORDER BY entry_id, line");
    if (!s.valid()) return Status::Unavailable(s.error());
    s.Bind(1, after_entry);
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) visit(PostingFrom(s, 0));
    return rc == SQLITE_DONE ? Status::Ok() : Error("reading postings");
  }

  Result<int64_t> InsertEntry(const JournalEntry& entry) override {
    // The next id and the chain's head; the writer holds the database's write
    // lock (BEGIN IMMEDIATE), so nobody else can take them meanwhile.
    JournalEntry e = entry;
    std::string prev;
    {
      Stmt* head = Prepare("SELECT id, hash FROM journal ORDER BY id DESC LIMIT 1");
      int rc = head->Step();
      e.id = 1;
      if (rc == SQLITE_ROW) {
        e.id = head->Int(0) + 1;
        prev = head->IsNull(1) ? "" : head->Text(1);
      } else if (rc != SQLITE_DONE) {
        return Error("reading the journal's head");
      }
      head->Reset();
    }
    const std::string hash = Sha256(CanonicalEntry(e, prev));
    Stmt* s = Prepare(
        "INSERT INTO journal (id, kind, number, date, recorded_at, recorded_by, refers_to, "
        "document, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    s->Bind(1, e.id);
    s->Bind(2, e.kind);
    if (e.number.empty()) {
      s->BindNull(3);
    } else {
      s->Bind(3, e.number);
    }
    s->Bind(4, e.date.ToString());
    s->Bind(5, e.recorded_at);
    s->Bind(6, e.recorded_by);
    if (e.refers_to == 0) {
      s->BindNull(7);
    } else {
      s->Bind(7, e.refers_to);
    }
    s->Bind(8, e.document);
    s->Bind(9, prev);
    s->Bind(10, hash);
    ZAPAS_ASSIGN_OR_RETURN(int64_t id, InsertReturningId(s, "journal entry " + e.number));
    Stmt* p = Prepare(
        "INSERT INTO postings (entry_id, line, lot_id, warehouse_id, day, quantity) "
        "VALUES (?, ?, ?, ?, ?, ?)");
    int line = 0;
    for (const Posting& posting : e.postings) {
      p->Reset();
      p->Bind(1, id);
      p->Bind(2, line++);
      p->Bind(3, posting.lot_id);
      p->Bind(4, posting.warehouse_id);
      p->Bind(5, posting.date.days());
      p->Bind(6, posting.delta);
      if (p->Step() != SQLITE_DONE) return Error("inserting a posting");
    }
    p->Reset();
    if (!e.money.empty()) {
      Stmt* m = Prepare(
          "INSERT INTO money_postings (entry_id, line, day, ledger_account, account_id, donor_id, "
          "currency, amount, uah) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
      int n = 0;
      for (const MoneyPosting& mp : e.money) {
        m->Reset();
        m->Bind(1, id);
        m->Bind(2, n++);
        m->Bind(3, e.date.days());
        m->Bind(4, mp.ledger_account);
        if (mp.account_id)
          m->Bind(5, mp.account_id);
        else
          m->BindNull(5);
        if (mp.donor_id)
          m->Bind(6, mp.donor_id);
        else
          m->BindNull(6);
        m->Bind(7, std::string(mp.amount.currency_code()));
        m->Bind(8, mp.amount.minor_units());
        m->Bind(9, mp.uah.minor_units());
        if (m->Step() != SQLITE_DONE) return Error("inserting a money posting");
      }
      m->Reset();
    }
    return id;
  }

  Result<int32_t> InsertAccount(const Account& a) override {
    Stmt* s = Prepare("INSERT INTO accounts (code, name, currency, kind) VALUES (?, ?, ?, ?)");
    s->Bind(1, a.code);
    s->Bind(2, a.name);
    s->Bind(3, std::string(a.currency->code));
    s->Bind(4, std::string(AccountKindName(a.kind)));
    return InsertReturningId(s, "account " + a.code);
  }

  Result<std::vector<Account>> ListAccounts(const PageRequest& page) override {
    return List<Account>(
        "SELECT id, code, name, currency, kind FROM accounts WHERE code > ? ORDER BY code LIMIT ?",
        page, AccountFrom<Stmt>);
  }

  Result<std::optional<Account>> FindAccount(const std::string& code) override {
    Stmt* s = Prepare("SELECT id, code, name, currency, kind FROM accounts WHERE code = ?");
    s->Bind(1, code);
    int rc = s->Step();
    std::optional<Account> found;
    if (rc == SQLITE_ROW) {
      found = AccountFrom(*s);
    } else if (rc != SQLITE_DONE) {
      return Error("reading accounts");
    }
    s->Reset();
    return found;
  }

  Status ForEachStockEntry(Date to,
                           const std::function<void(const JournalEntry&)>& visit) override {
    Stmt s(db_,
           "SELECT j.id, j.kind, j.number, j.refers_to, j.document, p.warehouse_id, p.lot_id, "
           "p.day, p.quantity FROM postings p JOIN journal j ON j.id = p.entry_id "
           "WHERE p.day <= ? ORDER BY p.day, p.entry_id, p.line");
    if (!s.valid()) return Status::Unavailable(s.error());
    s.Bind(1, to.days());
    StockEntryGrouper entries(visit);
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) entries.Add(s);
    if (rc != SQLITE_DONE) return Error("reading the journal");
    entries.Finish();
    return Status::Ok();
  }

  Status ForEachMoneyPosting(Date to, const std::function<void(const MoneyRow&)>& visit) override {
    Stmt s(
        db_,
        "SELECT p.entry_id, j.kind, j.number, p.day, p.ledger_account, p.account_id, "
        "p.donor_id, p.currency, p.amount, p.uah FROM money_postings p "
        "JOIN journal j ON j.id = p.entry_id WHERE p.day <= ? ORDER BY p.day, p.entry_id, p.line");
    if (!s.valid()) return Status::Unavailable(s.error());
    s.Bind(1, to.days());
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) {
      ZAPAS_ASSIGN_OR_RETURN(MoneyRow row, MoneyRowFrom(s));
      visit(row);
    }
    return rc == SQLITE_DONE ? Status::Ok() : Error("reading money postings");
  }

  Result<JournalEntry> FindEntry(int64_t id) override {
    static const std::string sql =
        std::string("SELECT ") + kEntryColumns + " FROM journal WHERE id = ?";
    Stmt* s = Prepare(sql.c_str());
    s->Bind(1, id);
    int rc = s->Step();
    if (rc == SQLITE_DONE) {
      s->Reset();
      return Status::NotFound("no journal entry " + std::to_string(id));
    }
    if (rc != SQLITE_ROW) return Error("reading the journal");
    JournalEntry e = EntryFrom(*s);
    s->Reset();
    return e;
  }

  Result<std::optional<JournalEntry>> FindEntryByHash(const std::string& prefix) override {
    if (prefix.size() < 16 || prefix.size() > 64 ||
        prefix.find_first_not_of("0123456789abcdef") != std::string::npos) {
      return std::optional<JournalEntry>();
    }
    // A range on the unique index: prefix <= hash < prefix + "g".
    static const std::string sql =
        std::string("SELECT ") + kEntryColumns +
        " FROM journal WHERE hash >= ? AND hash < ? ORDER BY hash LIMIT 2";
    Stmt* s = Prepare(sql.c_str());
    s->Bind(1, prefix);
    s->Bind(2, prefix + "g");
    std::vector<JournalEntry> found;
    int rc;
    while ((rc = s->Step()) == SQLITE_ROW) found.push_back(EntryFrom(*s));
    s->Reset();
    if (rc != SQLITE_DONE) return Error("reading the journal");
    if (found.size() != 1) return std::optional<JournalEntry>();  // none, or not unique
    return std::optional<JournalEntry>(std::move(found.front()));
  }

  Status ForEachEntry(int64_t after,
                      const std::function<bool(const JournalEntry&)>& visit) override {
    // Three cursors in entry order, merged.
    Stmt entries(db_,
                 (std::string("SELECT ") + kEntryColumns + " FROM journal WHERE id > ? ORDER BY id")
                     .c_str());
    Stmt stock(db_,
               "SELECT entry_id, warehouse_id, lot_id, day, quantity FROM postings "
               "WHERE entry_id > ? ORDER BY entry_id, line");
    Stmt money(db_,
               "SELECT entry_id, ledger_account, account_id, donor_id, currency, amount, uah "
               "FROM money_postings WHERE entry_id > ? ORDER BY entry_id, line");
    for (Stmt* st : {&entries, &stock, &money}) {
      if (!st->valid()) return Status::Unavailable(st->error());
      st->Bind(1, after);
    }
    int stock_rc = stock.Step(), money_rc = money.Step();
    int rc;
    while ((rc = entries.Step()) == SQLITE_ROW) {
      JournalEntry e = EntryFrom(entries);
      for (; stock_rc == SQLITE_ROW && stock.Int(0) <= e.id; stock_rc = stock.Step()) {
        if (stock.Int(0) < e.id) continue;  // an orphan posting: left for verify to miss
        e.postings.push_back(PostingFrom(stock, 1));
      }
      for (; money_rc == SQLITE_ROW && money.Int(0) <= e.id; money_rc = money.Step()) {
        if (money.Int(0) < e.id) continue;
        ZAPAS_ASSIGN_OR_RETURN(MoneyPosting m, MoneyPostingFrom(money, 1));
        e.money.push_back(std::move(m));
      }
      if (!visit(e)) return Status::Ok();
    }
    return rc == SQLITE_DONE ? Status::Ok() : Error("reading the journal");
  }

  Result<std::vector<Posting>> PostingsOf(int64_t id) override {
    Stmt* s = Prepare(
        "SELECT warehouse_id, lot_id, day, quantity FROM postings WHERE entry_id = ? ORDER BY "
        "line");
    s->Bind(1, id);
    std::vector<Posting> out;
    int rc;
    while ((rc = s->Step()) == SQLITE_ROW) out.push_back(PostingFrom(*s, 0));
    s->Reset();
    if (rc != SQLITE_DONE) return Error("reading postings");
    return out;
  }

  Result<std::optional<int64_t>> FindEventFor(int64_t id, const std::string& kind) override {
    Stmt* s =
        Prepare("SELECT id FROM journal WHERE refers_to = ? AND kind = ? ORDER BY id LIMIT 1");
    s->Bind(1, id);
    s->Bind(2, kind);
    int rc = s->Step();
    std::optional<int64_t> found;
    if (rc == SQLITE_ROW) {
      found = s->Int(0);
    } else if (rc != SQLITE_DONE) {
      return Error("reading the journal");
    }
    s->Reset();
    return found;
  }

  Result<std::vector<DeliverySummary>> ListDeliveries(int64_t after, int limit) override {
    // The codes come from the delivery's stored document, as it was accepted.
    Stmt* s = Prepare(
        "SELECT j.id, j.number, j.date, json_extract(j.document, '$.warehouse'), "
        "json_extract(j.document, '$.recipient'), EXISTS (SELECT 1 FROM journal c "
        "WHERE c.refers_to = j.id AND c.kind = 'confirmation') FROM journal j "
        "WHERE j.kind = 'delivery' AND j.id > ? ORDER BY j.id LIMIT ?");
    s->Bind(1, after);
    s->Bind(2, static_cast<int64_t>(limit));
    std::vector<DeliverySummary> out;
    int rc;
    while ((rc = s->Step()) == SQLITE_ROW) out.push_back(DeliveryFrom(*s));
    s->Reset();
    if (rc != SQLITE_DONE) return Error("reading the deliveries");
    return out;
  }

  Result<int64_t> NextNumber(const std::string& name, int year) override {
    Stmt* s = Prepare(
        "INSERT INTO sequences (name, year, value) VALUES (?, ?, 1) "
        "ON CONFLICT (name, year) DO UPDATE SET value = value + 1 RETURNING value");
    s->Bind(1, name);
    s->Bind(2, year);
    if (s->Step() != SQLITE_ROW) return Error("numbering");
    int64_t v = s->Int(0);
    s->Step();
    s->Reset();
    return v;
  }

  Result<std::vector<Counter>> ListCounters() override {
    Stmt* s = Prepare("SELECT name, year, value FROM sequences ORDER BY name, year");
    std::vector<Counter> out;
    int rc;
    while ((rc = s->Step()) == SQLITE_ROW) {
      out.push_back(Counter{s->Text(0), static_cast<int>(s->Int(1)), s->Int(2)});
    }
    s->Reset();
    if (rc != SQLITE_DONE) return Error("reading numbering");
    return out;
  }

  Status SetCounter(const Counter& c) override {
    Stmt* s = Prepare(
        "INSERT INTO sequences (name, year, value) VALUES (?, ?, ?) "
        "ON CONFLICT (name, year) DO UPDATE SET value = excluded.value");
    s->Bind(1, c.name);
    s->Bind(2, c.year);
    s->Bind(3, c.value);
    const int rc = s->Step();
    s->Reset();
    if (rc != SQLITE_DONE) return Error("numbering");
    return Status::Ok();
  }

  Result<std::vector<std::string>> ResponseKeys() override {
    return Strings("SELECT key FROM idempotency ORDER BY key", "reading idempotency keys");
  }

  Result<std::vector<std::string>> Usernames() override {
    return Strings("SELECT username FROM users ORDER BY id", "reading users");
  }

  Result<std::optional<StoredResponse>> FindResponse(const std::string& key) override {
    // A stored reply may carry personal data (a created recipient's): sealed.
    Stmt* s = Prepare("SELECT request_hash, status, body FROM idempotency WHERE key = ?");
    s->Bind(1, key);
    int rc = s->Step();
    std::optional<StoredResponse> found;
    if (rc == SQLITE_ROW) {
      Result<std::string> hash = UnsealColumn(cipher_, *s, 0, ReplyContext("request_hash", key));
      Result<std::string> body = UnsealColumn(cipher_, *s, 2, ReplyContext("body", key));
      const int status = static_cast<int>(s->Int(1));
      s->Reset();
      ZAPAS_RETURN_IF_ERROR(hash.status());
      ZAPAS_RETURN_IF_ERROR(body.status());
      found = StoredResponse{*hash, status, *body};
    } else if (rc != SQLITE_DONE) {
      return Error("reading idempotency keys");
    }
    s->Reset();
    return found;
  }

  Status SaveResponse(const std::string& key, const StoredResponse& r) override {
    Stmt* s = Prepare(
        "INSERT INTO idempotency (key, request_hash, status, body, created_at) "
        "VALUES (?, ?, ?, ?, ?)");
    s->Bind(1, key);
    s->BindBlob(2, cipher_.Seal(r.request_hash, ReplyContext("request_hash", key)));
    s->Bind(3, r.status);
    s->BindBlob(4, cipher_.Seal(r.body, ReplyContext("body", key)));
    s->Bind(5, NowRfc3339());
    int rc = s->Step();
    s->Reset();
    return rc == SQLITE_DONE ? Status::Ok() : Error("saving an idempotency key");
  }

  Result<int64_t> AccountBalance(int32_t account_id, Date date) override {
    Stmt* s = Prepare(
        "SELECT COALESCE(SUM(amount), 0) FROM money_postings WHERE account_id = ? AND day <= ?");
    s->Bind(1, account_id);
    s->Bind(2, date.days());
    int rc = s->Step();
    int64_t balance = rc == SQLITE_ROW ? s->Int(0) : 0;
    s->Reset();
    if (rc != SQLITE_ROW) return Error("reading a balance");
    return balance;
  }

  Status ClosePeriod(const ClosedPeriod& p) override {
    Stmt* s = Prepare(
        "INSERT INTO closed_periods (month, last_day, closed_at, closed_by) VALUES (?, ?, ?, ?)");
    s->Bind(1, p.month);
    s->Bind(2, p.last_day.days());
    s->Bind(3, p.closed_at);
    s->Bind(4, p.closed_by);
    int rc = s->Step();
    Status st = rc == SQLITE_DONE ? Status::Ok() : Error("closing a period");
    s->Reset();
    if (st.code() == StatusCode::kConflict) return Status::Conflict(p.month + " is closed already");
    return st;
  }

  Status ReopenPeriod(const std::string& month) override {
    Stmt* s = Prepare("DELETE FROM closed_periods WHERE month = ?");
    s->Bind(1, month);
    int rc = s->Step();
    Status st = rc == SQLITE_DONE ? Status::Ok() : Error("reopening a period");
    s->Reset();
    if (st.ok() && sqlite3_changes(db_) == 0) return Status::NotFound(month + " is not closed");
    if (!st.ok() && st.code() != StatusCode::kUnavailable) {
      return Status::Conflict("only the latest closed month can be reopened");
    }
    return st;
  }

  Result<std::vector<ClosedPeriod>> ListClosedPeriods() override {
    Stmt* s =
        Prepare("SELECT month, last_day, closed_at, closed_by FROM closed_periods ORDER BY month");
    std::vector<ClosedPeriod> out;
    int rc;
    while ((rc = s->Step()) == SQLITE_ROW) out.push_back(ClosedPeriodFrom(*s));
    s->Reset();
    if (rc != SQLITE_DONE) return Error("reading closed periods");
    return out;
  }

  Result<std::optional<Date>> ClosedThrough() override {
    Stmt* s = Prepare("SELECT MAX(last_day) FROM closed_periods");
    int rc = s->Step();
    std::optional<Date> through;
    if (rc == SQLITE_ROW && !s->IsNull(0))
      through = Date::FromDays(static_cast<int32_t>(s->Int(0)));
    s->Reset();
    if (rc != SQLITE_ROW) return Error("reading closed periods");
    return through;
  }

  Status InsertStatement(const Statement& st) override {
    Stmt* s = Prepare(
        "INSERT INTO statements (account_id, day, balance, recorded_at, recorded_by) "
        "VALUES (?, ?, ?, ?, ?)");
    s->Bind(1, st.account_id);
    s->Bind(2, st.date.days());
    s->Bind(3, st.balance);
    s->Bind(4, st.recorded_at);
    s->Bind(5, st.recorded_by);
    int rc = s->Step();
    Status result = rc == SQLITE_DONE ? Status::Ok() : Error("storing a statement");
    s->Reset();
    if (result.code() == StatusCode::kConflict) {
      return Status::Conflict("a statement of that account on " + st.date.ToString() +
                              " is recorded already");
    }
    return result;
  }

  Result<std::vector<Statement>> ListStatements(int32_t account_id) override {
    Stmt* s = Prepare(
        "SELECT account_id, day, balance, recorded_at, recorded_by FROM statements "
        "WHERE ? = 0 OR account_id = ? ORDER BY account_id, day");
    s->Bind(1, account_id);
    s->Bind(2, account_id);
    std::vector<Statement> out;
    int rc;
    while ((rc = s->Step()) == SQLITE_ROW) out.push_back(StatementFrom(*s));
    s->Reset();
    if (rc != SQLITE_DONE) return Error("reading statements");
    return out;
  }

  Status ReplaceRate(const Rate& rate) override {
    Stmt* s = Prepare("UPDATE rates SET uah_per_unit = ? WHERE currency = ? AND day = ?");
    s->Bind(1, rate.uah_per_unit);
    s->Bind(2, std::string(rate.currency->code));
    s->Bind(3, rate.date.days());
    int rc = s->Step();
    Status st = rc == SQLITE_DONE ? Status::Ok() : Error("replacing a rate");
    s->Reset();
    if (st.ok() && sqlite3_changes(db_) == 0) {
      return Status::NotFound("no NBU rate of " + std::string(rate.currency->code) + " on " +
                              rate.date.ToString());
    }
    return st;
  }

  Result<bool> RateIsUsed(const Currency& currency, Date from, std::optional<Date> until) override {
    Stmt* s = Prepare(
        "SELECT EXISTS (SELECT 1 FROM money_postings WHERE currency = ?1 AND day >= ?2 AND "
        "day < ?3) OR EXISTS (SELECT 1 FROM lots WHERE currency = ?1 AND booked_rate_day = ?2)");
    s->Bind(1, std::string(currency.code));
    s->Bind(2, from.days());
    s->Bind(3, until ? until->days() : std::numeric_limits<int32_t>::max());
    int rc = s->Step();
    const bool used = rc == SQLITE_ROW && s->Int(0) != 0;
    s->Reset();
    if (rc != SQLITE_ROW) return Error("reading rates");
    return used;
  }

  Result<size_t> InsertRates(const std::vector<Rate>& rates) override {
    Stmt* find = Prepare("SELECT uah_per_unit FROM rates WHERE currency = ? AND day = ?");
    Stmt* insert = Prepare("INSERT INTO rates (currency, day, uah_per_unit) VALUES (?, ?, ?)");
    size_t inserted = 0;
    for (const Rate& r : rates) {
      const std::string code(r.currency->code);
      find->Reset();
      find->Bind(1, code);
      find->Bind(2, r.date.days());
      int rc = find->Step();
      if (rc == SQLITE_ROW) {
        int64_t stored = find->Int(0);
        find->Reset();
        if (stored != r.uah_per_unit) {
          Rate old = r;
          old.uah_per_unit = stored;
          return Status::Conflict("the rate of " + code + " on " + r.date.ToString() + " is " +
                                  old.RateString() + " already; the file says " + r.RateString());
        }
        continue;
      }
      find->Reset();
      if (rc != SQLITE_DONE) return Error("reading rates");
      insert->Reset();
      insert->Bind(1, code);
      insert->Bind(2, r.date.days());
      insert->Bind(3, r.uah_per_unit);
      if (insert->Step() != SQLITE_DONE) return Error("storing a rate");
      insert->Reset();
      ++inserted;
    }
    return inserted;
  }

  Result<std::optional<Rate>> RateInForce(const Currency& currency, Date date) override {
    Stmt* s = Prepare(
        "SELECT day, uah_per_unit FROM rates WHERE currency = ? AND day <= ? "
        "ORDER BY day DESC LIMIT 1");
    s->Bind(1, std::string(currency.code));
    s->Bind(2, date.days());
    int rc = s->Step();
    std::optional<Rate> found;
    if (rc == SQLITE_ROW) {
      found = Rate{Date::FromDays(static_cast<int32_t>(s->Int(0))), &currency, s->Int(1)};
    } else if (rc != SQLITE_DONE) {
      return Error("reading rates");
    }
    s->Reset();
    return found;
  }

  Result<std::vector<Rate>> RatesInForce(Date date) override {
    Stmt* s = Prepare(
        "SELECT r.currency, r.day, r.uah_per_unit FROM rates r JOIN "
        "(SELECT currency, MAX(day) AS day FROM rates WHERE day <= ? GROUP BY currency) m "
        "ON r.currency = m.currency AND r.day = m.day ORDER BY r.currency");
    s->Bind(1, date.days());
    std::vector<Rate> out;
    int rc;
    while ((rc = s->Step()) == SQLITE_ROW) {
      if (std::optional<Rate> rate = RateFrom(*s)) out.push_back(*rate);
    }
    s->Reset();
    if (rc != SQLITE_DONE) return Error("reading rates");
    return out;
  }

  Status LoadRates(RateTable& table) override {
    Stmt s(db_, "SELECT currency, day, uah_per_unit FROM rates");
    if (!s.valid()) return Status::Unavailable(s.error());
    int rc;
    while ((rc = s.Step()) == SQLITE_ROW) {
      if (std::optional<Rate> rate = RateFrom(s)) table.Add(*rate);
    }
    return rc == SQLITE_DONE ? Status::Ok() : Error("reading rates");
  }

  Status LogPersonalRead(int32_t recipient_id, const std::string& read_by,
                         const std::string& read_at) override {
    Stmt* s =
        Prepare("INSERT INTO personal_reads (read_at, read_by, recipient_id) VALUES (?, ?, ?)");
    s->Bind(1, read_at);
    s->Bind(2, read_by);
    s->Bind(3, recipient_id);
    int rc = s->Step();
    s->Reset();
    return rc == SQLITE_DONE ? Status::Ok() : Error("logging a read of personal data");
  }

  Result<std::vector<PersonalRead>> PersonalReads(const std::string& recipient_code) override {
    Stmt* s = Prepare(
        "SELECT l.read_at, l.read_by, r.code FROM personal_reads l JOIN recipients r "
        "ON r.id = l.recipient_id WHERE ? = '' OR r.code = ? ORDER BY l.id");
    s->Bind(1, recipient_code);
    s->Bind(2, recipient_code);
    std::vector<PersonalRead> out;
    int rc;
    while ((rc = s->Step()) == SQLITE_ROW) out.push_back({s->Text(0), s->Text(1), s->Text(2)});
    s->Reset();
    if (rc != SQLITE_DONE) return Error("reading the log of personal data");
    return out;
  }

  Status BackupTo(const std::string& path, const std::function<void(int, int)>& progress) override {
    if (FILE* existing = std::fopen(path.c_str(), "rb")) {
      std::fclose(existing);
      return Status::Invalid(path + " exists already: a backup never overwrites a file");
    }
    ZAPAS_RETURN_IF_ERROR(CreateOwnerOnly(path));
    sqlite3* target = nullptr;
    if (sqlite3_open(path.c_str(), &target) != SQLITE_OK) {
      std::string message = target ? sqlite3_errmsg(target) : "out of memory";
      sqlite3_close(target);
      return Status::Unavailable("cannot create " + path + ": " + message);
    }
    sqlite3_backup* backup = sqlite3_backup_init(target, "main", db_, "main");
    if (backup == nullptr) {
      std::string message = sqlite3_errmsg(target);
      sqlite3_close(target);
      return Status::Unavailable("cannot back up: " + message);
    }
    int rc;
    // A few hundred pages at a time, so writers are not held up for long.
    while ((rc = sqlite3_backup_step(backup, 256)) == SQLITE_OK || rc == SQLITE_BUSY ||
           rc == SQLITE_LOCKED) {
      if (progress)
        progress(sqlite3_backup_pagecount(backup) - sqlite3_backup_remaining(backup),
                 sqlite3_backup_pagecount(backup));
      if (rc != SQLITE_OK) sqlite3_sleep(20);
    }
    sqlite3_backup_finish(backup);
    Status result = rc == SQLITE_DONE
                        ? Status::Ok()
                        : Status::Unavailable(std::string("backup failed: ") + sqlite3_errstr(rc));
    if (result.ok() && progress) progress(1, 1);
    sqlite3_close(target);
    if (!result.ok()) std::remove(path.c_str());
    return result;
  }

  std::string SealText(const std::string& plaintext, const std::string& context) override {
    return cipher_.SealText(plaintext, context);
  }

  Result<std::string> OpenText(const std::string& sealed, const std::string& context) override {
    Result<std::string> text = cipher_.OpenText(sealed, context);
    if (!text.ok()) return Status::Internal(text.status().message());
    return text;
  }

  Status AddUser(const User& u) override {
    try {
      std::string username = u.username, hash = u.password_hash;
      std::string role(RoleName(u.role)), donor = u.donor_code, created = NowRfc3339();
      int disabled = u.disabled ? 1 : 0;
      *session_ << "INSERT INTO users (username, password_hash, role, donor_code, disabled, "
                   "created_at) VALUES (?, ?, ?, NULLIF(?, ''), ?, ?)",
          use(username), use(hash), use(role), use(donor), use(disabled), use(created), now;
      return Status::Ok();
    } catch (const Poco::Exception& e) {
      if (e.displayText().find("UNIQUE") != std::string::npos) {
        return Status::Conflict("user \"" + u.username + "\" already exists");
      }
      return Status::Unavailable("cannot add the user: " + e.displayText());
    }
  }

  Result<std::optional<User>> FindUser(const std::string& username) override {
    try {
      std::string name = username;
      std::vector<
          Poco::Tuple<Poco::Int64, std::string, std::string, Poco::Nullable<std::string>, int>>
          rows;
      *session_ << "SELECT id, password_hash, role, donor_code, disabled FROM users "
                   "WHERE username = ?",
          use(name), into(rows), now;
      if (rows.empty()) return std::optional<User>();
      const auto& r = rows.front();
      User u;
      u.id = r.get<0>();
      u.username = username;
      u.password_hash = r.get<1>();
      u.role = ParseRole(r.get<2>()).value_or(Role::kDonor);
      u.donor_code = r.get<3>().isNull() ? "" : r.get<3>().value();
      u.disabled = r.get<4>() != 0;
      return std::optional<User>(std::move(u));
    } catch (const Poco::Exception& e) {
      return Status::Unavailable("cannot read users: " + e.displayText());
    }
  }

  Status SetUserDisabled(const std::string& username, bool disabled) override {
    Stmt* s = Prepare("UPDATE users SET disabled = ? WHERE username = ?");
    s->Bind(1, disabled ? 1 : 0);
    s->Bind(2, username);
    int rc = s->Step();
    s->Reset();
    if (rc != SQLITE_DONE) return Error("updating a user");
    if (sqlite3_changes(db_) == 0) return Status::NotFound("no user \"" + username + "\"");
    return Status::Ok();
  }

  Result<std::vector<std::string>> DisabledUsers() override {
    return Strings("SELECT username FROM users WHERE disabled != 0", "reading users");
  }

  // The first column of every row of `sql`.
  Result<std::vector<std::string>> Strings(const char* sql, const std::string& what) {
    Stmt* s = Prepare(sql);
    std::vector<std::string> out;
    int rc;
    while ((rc = s->Step()) == SQLITE_ROW) out.push_back(s->Text(0));
    s->Reset();
    if (rc != SQLITE_DONE) return Error(what);
    return out;
  }

  Result<int64_t> CountUsers() override {
    try {
      Poco::Int64 n = 0;
      *session_ << "SELECT COUNT(*) FROM users", into(n), now;
      return static_cast<int64_t>(n);
    } catch (const Poco::Exception& e) {
      return Status::Unavailable("cannot read users: " + e.displayText());
    }
  }

 private:
  // Refuses a key that is not the database's: the key check value stored when
  // the database was first encrypted must open with it. A database not yet at
  // the encryption migration has none; Migrate() stores it.
  Status CheckKey() {
    Stmt table(db_, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'key_check'");
    if (!table.valid()) return Status::Unavailable(table.error());
    if (table.Step() != SQLITE_ROW) return Status::Ok();
    Stmt s(db_, "SELECT value FROM key_check WHERE id = 1");
    const std::string wrong = WrongKeyMessage(options_.path);
    if (!s.valid() || s.Step() != SQLITE_ROW || !s.IsBlob(0)) return Status::Invalid(wrong);
    auto check = cipher_.Open(s.Blob(0), kKeyCheckContext);
    if (!check.ok() || *check != kKeyCheckText) return Status::Invalid(wrong);
    return Status::Ok();
  }

  // The encryption migration's work, inside its transaction: stores the key
  // check value, records household sizes as counts, and seals what older
  // versions stored in clear (recipients' personal data and household names,
  // stored replies). `sealed` counts the values sealed.
  Status EncryptStoredPersonalData(size_t& sealed) {
    Stmt check(db_, "INSERT INTO key_check (id, value) VALUES (1, ?)");
    if (!check.valid()) return Status::Internal(check.error());
    check.BindBlob(1, cipher_.Seal(kKeyCheckText, kKeyCheckContext));
    if (check.Step() != SQLITE_DONE) return Error("storing the key check");
    ZAPAS_RETURN_IF_ERROR(Exec("UPDATE recipients SET household_size = " +
                               HouseholdSizeOf("personal") + " WHERE kind = 'idp_household'"));
    ZAPAS_RETURN_IF_ERROR(SealColumn("recipients", "code", "personal", "personal IS NOT NULL",
                                     PersonalContext, sealed));
    // The kind whose name is personal (NameIsPersonal).
    ZAPAS_RETURN_IF_ERROR(
        SealColumn("recipients", "code", "name", "kind = 'idp_household'", NameContext, sealed));
    auto hash_context = [](const std::string& key) { return ReplyContext("request_hash", key); };
    auto body_context = [](const std::string& key) { return ReplyContext("body", key); };
    ZAPAS_RETURN_IF_ERROR(
        SealColumn("idempotency", "key", "request_hash", "1", hash_context, sealed));
    return SealColumn("idempotency", "key", "body", "1", body_context, sealed);
  }

  // Seals `column` of the rows of `table` matching `where` that are still in
  // clear, each bound to context(the row's `key_column`); adds to `sealed`.
  Status SealColumn(const std::string& table, const std::string& key_column,
                    const std::string& column, const std::string& where,
                    const std::function<std::string(const std::string&)>& context, size_t& sealed) {
    Stmt read(db_, ("SELECT rowid, " + key_column + ", " + column + " FROM " + table + " WHERE " +
                    where + " AND typeof(" + column + ") = 'text'")
                       .c_str());
    Stmt write(db_, ("UPDATE " + table + " SET " + column + " = ? WHERE rowid = ?").c_str());
    if (!read.valid() || !write.valid()) return Status::Internal(read.error() + write.error());
    std::vector<std::pair<int64_t, std::string>> rows;  // (rowid, sealed value)
    int rc;
    while ((rc = read.Step()) == SQLITE_ROW) {
      rows.emplace_back(read.Int(0), cipher_.Seal(read.Text(2), context(read.Text(1))));
    }
    if (rc != SQLITE_DONE) return Error("reading " + table);
    for (const auto& [rowid, value] : rows) {
      write.Reset();
      write.BindBlob(1, value);
      write.Bind(2, rowid);
      if (write.Step() != SQLITE_DONE) return Error("encrypting " + table + "." + column);
      ++sealed;
    }
    return Status::Ok();
  }

  // After values stored in clear were sealed: rebuilds the file so no page
  // keeps the old text (VACUUM), and empties the write-ahead log that still
  // holds the old pages. Best effort while others read: they keep what they see.
  Status ScrubFreeSpace() {
    ZAPAS_RETURN_IF_ERROR(Exec("VACUUM"));
    return Exec("PRAGMA wal_checkpoint(TRUNCATE)");
  }

  // Computes the hash chain of entries stored before it existed, in id order,
  // inside the migration's transaction (the append-only trigger is lifted for
  // the moment and put back).
  Status BackfillHashes() {
    std::vector<JournalEntry> entries;
    ZAPAS_RETURN_IF_ERROR(ForEachEntry(0, [&](const JournalEntry& e) {
      entries.push_back(e);
      return true;
    }));
    if (entries.empty()) return Status::Ok();
    ZAPAS_RETURN_IF_ERROR(Exec("DROP TRIGGER journal_no_update"));
    Stmt update(db_, "UPDATE journal SET prev_hash = ?, hash = ? WHERE id = ?");
    if (!update.valid()) return Status::Internal(update.error());
    std::string prev;
    for (const JournalEntry& e : entries) {
      const std::string hash = Sha256(CanonicalEntry(e, prev));
      update.Reset();
      update.Bind(1, prev);
      update.Bind(2, hash);
      update.Bind(3, e.id);
      if (update.Step() != SQLITE_DONE) return Error("storing a hash");
      prev = hash;
    }
    return Exec(
        "CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal "
        "BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END");
  }

  Status Exec(const std::string& sql) {
    char* err = nullptr;
    int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
    if (rc == SQLITE_OK) return Status::Ok();
    std::string message = err ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    return Status::Unavailable("database: " + message);
  }

  Status Error(const std::string& what) {
    int rc = sqlite3_extended_errcode(db_);
    std::string message = what + ": " + sqlite3_errmsg(db_);
    if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
      return Status::Conflict(message);
    }
    if ((rc & 0xff) == SQLITE_CONSTRAINT) return Status::Invalid(message);
    return Status::Unavailable(message);
  }

  Stmt* Prepare(const char* sql) {
    auto it = statements_.find(sql);
    if (it == statements_.end()) {
      it = statements_.emplace(sql, std::make_unique<Stmt>(db_, sql)).first;
    }
    it->second->Reset();
    return it->second.get();
  }

  Result<int32_t> InsertReturningId(Stmt* s, const std::string& what) {
    if (!s->valid()) return Status::Internal(s->error());
    int rc = s->Step();
    if (rc != SQLITE_DONE) {
      Status err = Error("cannot store " + what);
      s->Reset();
      if (err.code() == StatusCode::kConflict) {
        return Status::Conflict(what + " already exists");
      }
      return err;
    }
    s->Reset();
    return static_cast<int32_t>(sqlite3_last_insert_rowid(db_));
  }

  template <typename T, typename Row>
  Result<std::vector<T>> List(const char* sql, const PageRequest& page, Row row) {
    Stmt* s = Prepare(sql);
    if (!s->valid()) return Status::Internal(s->error());
    s->Bind(1, page.after);
    s->Bind(2, page.limit);
    std::vector<T> out;
    int rc;
    while ((rc = s->Step()) == SQLITE_ROW) out.push_back(row(*s));
    s->Reset();
    if (rc != SQLITE_DONE) return Error("listing");
    return out;
  }

  std::unique_ptr<Poco::Data::Session> session_;
  sqlite3* db_;
  DatabaseOptions options_;
  FieldCipher cipher_;
  std::unordered_map<const char*, std::unique_ptr<Stmt>> statements_;
  int lock_fd_ = -1;  // HoldWriterLock's file, or -1
};

}  // namespace

Result<std::unique_ptr<Repository>> OpenSqlite(const DatabaseOptions& options) {
  static std::once_flag registered;
  std::call_once(registered, [] {
    // Each connection is used by one thread at a time (the writer's by the
    // writer thread, pooled readers by one request each): SQLite's multi-thread
    // mode, without a mutex around every call.
    Poco::Data::SQLite::Utility::setThreadMode(Poco::Data::SQLite::Utility::THREAD_MODE_MULTI);
    Poco::Data::SQLite::Connector::registerConnector();
  });
  ZAPAS_ASSIGN_OR_RETURN(FieldCipher cipher, FieldCipher::Create(options.key));
  if (options.path != ":memory:") ZAPAS_RETURN_IF_ERROR(CreateOwnerOnly(options.path));
  try {
    auto session = std::make_unique<Poco::Data::Session>("SQLite", options.path);
    auto repo = std::make_unique<SqliteRepository>(std::move(session), options, std::move(cipher));
    ZAPAS_RETURN_IF_ERROR(repo->Configure());
    return std::unique_ptr<Repository>(std::move(repo));
  } catch (const Poco::Exception& e) {
    return Status::Unavailable("cannot open database " + options.path + ": " + e.displayText());
  }
}

Result<bool> DatabaseIsEncrypted(const std::string& path) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  bool encrypted = false;
  if (rc == SQLITE_OK) {
    rc = sqlite3_exec(
        db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'key_check'",
        [](void* found, int, char**, char**) {
          *static_cast<bool*>(found) = true;
          return 0;
        },
        &encrypted, nullptr);
  }
  const std::string message = db ? sqlite3_errmsg(db) : "out of memory";
  sqlite3_close(db);
  if (rc != SQLITE_OK) return Status::Unavailable("cannot read " + path + ": " + message);
  return encrypted;
}

}  // namespace zapas
