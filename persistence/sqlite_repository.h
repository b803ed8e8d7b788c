// SQLite's side of the repository (internal to persistence/): the
// connection, transactions, migrations, the key check and the sealing of what
// older versions stored in clear, backups, and the driver that runs the
// shared statements of sql_repository.h.
//
// One API on the connection: sqlite3's own. Every statement is prepared once
// and kept for the life of the connection (Query's, by their text), sealed
// values are bound and read as BLOBs apart from TEXT, errors keep their
// extended codes, and backups use the online backup API; Poco::Data, which
// re-prepares SQL on every execution and hides the difference between BLOB
// and TEXT, is not used.
#pragma once

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
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
#include "persistence/sql_repository.h"

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

// The household size that the personal data `json` (an SQL expression: a
// column or a parameter) records, as a whole number, else NULL. Kept in its own
// column, a count only, so donor reports count people without the key.
inline std::string HouseholdSizeOf(const std::string& json) {
  return "CASE WHEN json_valid(" + json + ") AND json_type(" + json +
         ", '$.household_size') IN ('integer', 'real', 'text') THEN CAST(json_extract(" + json +
         ", '$.household_size') AS INTEGER) END";
}

// A prepared statement kept for the life of the connection.
class Stmt final : public SqlRow {
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
  // Binds `params`: a parameter named $n takes the n-th, a ? the next.
  void Bind(const SqlParams& params) {
    const int count = sqlite3_bind_parameter_count(stmt_);
    for (int i = 1; i <= count; ++i) {
      const char* name = sqlite3_bind_parameter_name(stmt_, i);
      const int n = name != nullptr && name[0] == '$' ? std::atoi(name + 1) : i;
      if (n < 1 || n > params.size()) continue;  // left NULL
      const SqlParams::Value& v = params.at(n - 1);
      switch (v.kind) {
        case SqlParams::Kind::kNull:
          BindNull(i);
          break;
        case SqlParams::Kind::kInt:
          Bind(i, v.number);
          break;
        case SqlParams::Kind::kText:
          Bind(i, v.text);
          break;
        case SqlParams::Kind::kBytes:
          BindBlob(i, v.text);
          break;
      }
    }
  }
  bool IsBlob(int col) const override { return sqlite3_column_type(stmt_, col) == SQLITE_BLOB; }
  std::string Blob(int col) const override {
    const void* b = sqlite3_column_blob(stmt_, col);
    return b ? std::string(static_cast<const char*>(b),
                           static_cast<size_t>(sqlite3_column_bytes(stmt_, col)))
             : std::string();
  }
  int Step() { return sqlite3_step(stmt_); }
  int64_t Int(int col) const override { return sqlite3_column_int64(stmt_, col); }
  bool IsNull(int col) const override { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
  std::string Text(int col) const override {
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

class SqliteRepository final : public SqlRepository {
 public:
  // Takes `db`, open, for its life.
  SqliteRepository(sqlite3* db, const DatabaseOptions& options, FieldCipher cipher);

  ~SqliteRepository() override;

  Status HoldWriterLock(Writers) override;

  Status Configure();

  Status Migrate() override;

  Result<int> SchemaVersion() override;
  Result<std::string> QuickCheck() override;

  Status Begin() override { return Control("BEGIN IMMEDIATE"); }
  Status Commit() override { return Control("COMMIT"); }
  Status Rollback() override { return Control("ROLLBACK"); }
  Status Savepoint() override { return Control("SAVEPOINT job"); }
  Status ReleaseSavepoint() override { return Control("RELEASE job"); }
  Status BeginRead() override { return Control("BEGIN DEFERRED"); }
  Status EndRead() override { return Control("COMMIT"); }
  Status RollbackToSavepoint() override;

  Result<StateMark> CurrentMark() override;

  // One process writes a SQLite database: nobody to hear from.
  Result<bool> Listen() override { return false; }
  Result<bool> WaitForWrites(int) override;

  Status BackupTo(const std::string& path, const std::function<void(int, int)>& progress) override;

  Result<bool> TakeOverCheckpoints() override;
  int64_t LogPages() const override { return log_pages_.load(std::memory_order_relaxed); }
  Status Checkpoint() override;

 protected:
  Result<int64_t> Query(const std::string& sql, const SqlParams& params, const SqlRowVisitor& row,
                        const std::string& what) override;

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
  // kInternal naming the first row whose foreign key does not hold.
  Status CheckForeignKeys();

  Status Exec(const std::string& sql);
  // A transaction statement (BEGIN IMMEDIATE, SAVEPOINT job, COMMIT ...),
  // prepared once: each write job runs several, and parsing them each time
  // showed in the profile of the hot lot.
  Status Control(const char* sql);
  // The statement of `sql`, prepared on first use and kept (also when it
  // failed to prepare: check valid()); Query's, Control's and CurrentMark's.
  Stmt& Prepared(const std::string& sql);

  Status Error(const std::string& what);

  sqlite3* db_;
  DatabaseOptions options_;
  std::unordered_map<std::string, std::unique_ptr<Stmt>> statements_;  // Prepared's, by text
  int lock_fd_ = -1;                   // HoldWriterLock's file, or -1
  std::atomic<int64_t> log_pages_{0};  // the log's pages at the last commit (TakeOverCheckpoints)
};

}  // namespace zapas::sqlite
