// SQLite implementation of Repository (internal to persistence/): the class
// and the helpers its files share. The methods live by what they do:
// sqlite_repository.cc (the connection, transactions, migrations, keys,
// backup), sqlite_journal.cc (lots, the journal, numbering, idempotency),
// sqlite_master_data.cc (catalogue, users, personal reads), sqlite_books.cc
// (accounts, money, periods, statements, rates).
//
// The connection is opened through Poco::Data (its session owns the handle);
// admin paths (users, lists, migrations) use Poco::Data statements, while the
// hot paths (journal, lots, idempotency, numbering, the start-up scan) keep
// prepared statements through sqlite3's own API on the same connection, since
// Poco::Data re-prepares SQL on every execution.
#pragma once

#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/SQLite/Utility.h>
#include <Poco/Data/Session.h>
#include <Poco/Exception.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <mutex>
#include <unordered_map>
#include "persistence/field_cipher.h"
#include "persistence/journal_hash.h"
#include "persistence/migrations.h"
#include "persistence/repository.h"
#include "persistence/repository_support.h"
#include "persistence/row_readers.h"

namespace zapas::sqlite {

// The repository's own types, named in the return types of methods defined
// outside the class.
using DeliverySummary = Repository::DeliverySummary;
using PersonalRead = Repository::PersonalRead;

// Creates `path` (when it does not exist) readable and writable by its owner
// only, whatever the umask; SQLite then opens it as it is, and gives its WAL
// and shared-memory files the same mode. kUnavailable when it cannot.
inline Status CreateOwnerOnly(const std::string& path) {
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
inline std::string HouseholdSizeOf(const std::string& json) {
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
                   FieldCipher cipher);

  ~SqliteRepository() override;

  Status HoldWriterLock(Writers) override;

  Status Configure();

  Status Migrate() override;

  Result<int> SchemaVersion() override;

  Status Begin() override { return Exec("BEGIN IMMEDIATE"); }
  Status Commit() override { return Exec("COMMIT"); }
  Status Rollback() override { return Exec("ROLLBACK"); }
  Status Savepoint() override { return Exec("SAVEPOINT job"); }
  Status ReleaseSavepoint() override { return Exec("RELEASE job"); }
  Status BeginRead() override { return Exec("BEGIN DEFERRED"); }
  Status EndRead() override { return Exec("COMMIT"); }
  Status RollbackToSavepoint() override;

  Result<std::optional<std::string>> CodeTakenIgnoringCase(CodeKind kind,
                                                           const std::string& code) override;

  Result<int32_t> InsertItem(const Item& item) override;

  Result<int32_t> InsertWarehouse(const Warehouse& w) override;

  Result<int32_t> InsertDonor(const Donor& d) override;

  Result<int32_t> InsertRecipient(const Recipient& r) override;

  Result<int32_t> InsertLot(const Lot& lot) override;

  Result<std::vector<Item>> ListItems(const PageRequest& page) override;

  Result<std::vector<Warehouse>> ListWarehouses(const PageRequest& page) override;

  Result<std::vector<Donor>> ListDonors(const PageRequest& page) override;

  Result<std::vector<Recipient>> ListRecipients(const PageRequest& page) override;

  Result<std::map<std::string, int64_t>> HouseholdSizes() override;

  Result<StateMark> CurrentMark() override;

  // One process writes a SQLite database: nobody to hear from.
  Result<bool> Listen() override { return false; }
  Result<bool> WaitForWrites(int) override;

  Status ForEachLot(int32_t after, const std::function<void(Lot&&)>& visit) override;

  Status ForEachPosting(int64_t after_entry,
                        const std::function<void(const Posting&)>& visit) override;

  Result<int64_t> InsertEntry(const JournalEntry& entry) override;

  Result<int32_t> InsertAccount(const Account& a) override;

  Result<std::vector<Account>> ListAccounts(const PageRequest& page) override;

  Result<std::optional<Account>> FindAccount(const std::string& code) override;

  Status ForEachStockEntry(Date to, const std::function<void(const JournalEntry&)>& visit) override;

  Status ForEachMoneyPosting(Date to, const std::function<void(const MoneyRow&)>& visit) override;

  Result<JournalEntry> FindEntry(int64_t id) override;

  Result<std::optional<JournalEntry>> FindEntryByHash(const std::string& prefix) override;

  Status ForEachEntry(int64_t after,
                      const std::function<bool(const JournalEntry&)>& visit) override;

  Result<std::vector<Posting>> PostingsOf(int64_t id) override;

  Result<std::optional<int64_t>> FindEventFor(int64_t id, const std::string& kind) override;

  Result<std::vector<DeliverySummary>> ListDeliveries(int64_t after, int limit) override;

  Result<int64_t> NextNumber(const std::string& name, int year) override;

  Result<std::vector<Counter>> ListCounters() override;

  Status SetCounter(const Counter& c) override;

  Result<std::vector<std::string>> ResponseKeys() override;

  Result<std::vector<std::string>> Usernames() override;

  Result<std::optional<StoredResponse>> FindResponse(const std::string& key) override;

  Status SaveResponse(const std::string& key, const StoredResponse& r) override;

  Result<int64_t> AccountBalance(int32_t account_id, Date date) override;

  Status ClosePeriod(const ClosedPeriod& p) override;

  Status ReopenPeriod(const std::string& month) override;

  Result<std::vector<ClosedPeriod>> ListClosedPeriods() override;

  Result<std::optional<Date>> ClosedThrough() override;

  Status InsertStatement(const Statement& st) override;

  Result<std::vector<Statement>> ListStatements(int32_t account_id) override;

  Status ReplaceRate(const Rate& rate) override;

  Result<bool> RateIsUsed(const Currency& currency, Date from, std::optional<Date> until) override;

  Result<size_t> InsertRates(const std::vector<Rate>& rates) override;

  Result<std::optional<Rate>> RateInForce(const Currency& currency, Date date) override;

  Result<std::vector<Rate>> RatesInForce(Date date) override;

  Status LoadRates(RateTable& table) override;

  Status LogPersonalRead(int32_t recipient_id, const std::string& read_by,
                         const std::string& read_at) override;

  Result<std::vector<PersonalRead>> PersonalReads(const std::string& recipient_code) override;

  Status BackupTo(const std::string& path, const std::function<void(int, int)>& progress) override;

  std::string SealText(const std::string& plaintext, const std::string& context) override;

  Result<std::string> OpenText(const std::string& sealed, const std::string& context) override;

  Status AddUser(const User& u) override;

  Result<std::optional<User>> FindUser(const std::string& username) override;

  Status SetUserDisabled(const std::string& username, bool disabled) override;

  Result<std::vector<std::string>> DisabledUsers() override;

  // The first column of every row of `sql`.
  Result<std::vector<std::string>> Strings(const char* sql, const std::string& what);

  Result<int64_t> CountUsers() override;

 private:
  // Refuses a key that is not the database's: the key check value stored when
  // the database was first encrypted must open with it. A database not yet at
  // the encryption migration has none; Migrate() stores it.
  Status CheckKey();

  // The encryption migration's work, inside its transaction: stores the key
  // check value, records household sizes as counts, and seals what older
  // versions stored in clear (recipients' personal data and household names,
  // stored replies). `sealed` counts the values sealed.
  Status EncryptStoredPersonalData(size_t& sealed);

  // Seals `column` of the rows of `table` matching `where` that are still in
  // clear, each bound to context(the row's `key_column`); adds to `sealed`.
  Status SealColumn(const std::string& table, const std::string& key_column,
                    const std::string& column, const std::string& where,
                    const std::function<std::string(const std::string&)>& context, size_t& sealed);

  // After values stored in clear were sealed: rebuilds the file so no page
  // keeps the old text (VACUUM), and empties the write-ahead log that still
  // holds the old pages. Best effort while others read: they keep what they see.
  Status ScrubFreeSpace();

  // Computes the hash chain of entries stored before it existed, in id order,
  // inside the migration's transaction (the append-only trigger is lifted for
  // the moment and put back).
  Status BackfillHashes();

  Status Exec(const std::string& sql);

  Status Error(const std::string& what);

  Stmt* Prepare(const char* sql);

  Result<int32_t> InsertReturningId(Stmt* s, const std::string& what);

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

}  // namespace zapas::sqlite
