// PostgreSQL's side of the repository (internal to persistence/): the
// connection, transactions, migrations, keys and listening for other servers'
// writes (postgres_repository.cc), the hot write path it pipelines
// (postgres_journal.cc), and the driver that runs the shared statements of
// sql_repository.h.
//
// Why libpq and not Poco::Data::PostgreSQL: every statement here is prepared
// once per connection (PQprepare) and then only executed, as the SQLite hot
// paths keep their sqlite3 statements, while Poco::Data re-prepares the SQL
// on each execute(); sealed values travel as binary BYTEA parameters; libpq
// takes the postgresql:// URL the user gives as it is; and Poco's PostgreSQL
// connector needs a CMake workaround on Debian 12 (docs/architecture.md).
//
// One connection per Repository, used by one thread at a time. Errors map as
// SQLite's do: unique violation → kConflict, other constraint (and the
// append-only triggers) → kInvalid, the rest → kUnavailable.
#pragma once

#include <libpq-fe.h>
#include <poll.h>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>
#include "persistence/field_cipher.h"
#include "persistence/journal_hash.h"
#include "persistence/migrations.h"
#include "persistence/repository.h"
#include "persistence/repository_support.h"
#include "persistence/row_readers.h"
#include "persistence/sql_repository.h"

namespace zapas::postgres {

// The repository's own types, named in the return types of methods defined
// outside the class.
using DeliverySummary = Repository::DeliverySummary;
using PersonalRead = Repository::PersonalRead;

// The URL without its password, for messages.
inline std::string Redacted(const std::string& url) {
  const size_t scheme = url.find("://");
  if (scheme == std::string::npos) return url;
  const size_t at = url.find('@', scheme);
  const size_t slash = url.find('/', scheme + 3);
  if (at == std::string::npos || (slash != std::string::npos && at > slash)) return url;
  const size_t colon = url.find(':', scheme + 3);
  if (colon == std::string::npos || colon > at) return url;
  return url.substr(0, colon) + url.substr(at);
}

// The parameters of one statement; sent in text format but BYTEA (binary).
using Params = SqlParams;

// A query's result (text format), owned.
class PgResult {
 public:
  explicit PgResult(PGresult* r) : r_(r) {}
  ~PgResult() { PQclear(r_); }
  PgResult(PgResult&& o) noexcept : r_(o.r_) { o.r_ = nullptr; }
  PgResult(const PgResult&) = delete;
  PgResult& operator=(const PgResult&) = delete;
  PgResult& operator=(PgResult&&) = delete;

  int rows() const { return PQntuples(r_); }
  int64_t changes() const { return std::atoll(PQcmdTuples(r_)); }
  const PGresult* get() const { return r_; }

 private:
  PGresult* r_;
};

// One row of a result, read as the SQLite statements read theirs.
class Row final : public SqlRow {
 public:
  Row(const PgResult& r, int row) : r_(r.get()), row_(row) {}
  bool IsNull(int col) const override { return PQgetisnull(r_, row_, col) != 0; }
  // Sealed columns are BYTEA: never a value stored in clear, as SQLite may hold.
  bool IsBlob(int) const override { return true; }
  std::string Text(int col) const override {
    return std::string(PQgetvalue(r_, row_, col), static_cast<size_t>(PQgetlength(r_, row_, col)));
  }
  // A boolean ("t", "f") reads as 1 or 0, as SQLite gives it.
  int64_t Int(int col) const override {
    const char* v = PQgetvalue(r_, row_, col);
    if (v[0] == 't' || v[0] == 'f') return v[0] == 't' ? 1 : 0;
    return std::strtoll(v, nullptr, 10);
  }
  // A BYTEA column's bytes (its text form is hex, "\x...").
  std::string Blob(int col) const override {
    size_t n = 0;
    unsigned char* bytes =
        PQunescapeBytea(reinterpret_cast<const unsigned char*>(PQgetvalue(r_, row_, col)), &n);
    std::string out(reinterpret_cast<const char*>(bytes), n);
    PQfreemem(bytes);
    return out;
  }

 private:
  const PGresult* r_;
  int row_;
};

// A key for pg_advisory_xact_lock: held by every write transaction from
// Begin() to its end, so the write transactions of several servers take turns.
// The hash chain then stays one chain, ids grow in commit order (what
// StateMark relies on), and each server's checks run on the stock as it is.
constexpr int64_t kWriteLock = 0x7a6170617301;  // "zapas" 1
// The savepoint commands a write job defers (PostgresRepository::Savepoint).
constexpr const char* kSavepointSql = "SAVEPOINT job";
constexpr const char* kReleaseSql = "RELEASE SAVEPOINT job";

// The channel the triggers of migration 8 notify on each commit that adds
// master data, lots or journal entries (Repository::Listen).
constexpr const char* kWritesChannel = "zapas_writes";
constexpr int64_t kMigrationLock = 0x7a6170617302;
// A key for session advisory locks: shared by the servers writing this
// database, taken alone by `zapas migrate` (Repository::HoldWriterLock).
constexpr int64_t kWriterLock = 0x7a6170617303;

// PostgreSQL array literals, for passing many values as one parameter.
// IntArray: with `zero_is_null`, 0 stands for NULL (an absent id).
inline std::string IntArray(const std::vector<int64_t>& values, bool zero_is_null = false) {
  std::string out = "{";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ',';
    out += zero_is_null && values[i] == 0 ? "NULL" : std::to_string(values[i]);
  }
  return out + "}";
}

inline std::string TextArray(const std::vector<std::string>& values) {
  std::string out = "{";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ',';
    out += '"';
    for (char c : values[i]) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

class PostgresRepository final : public SqlRepository {
 public:
  PostgresRepository(PGconn* conn, const DatabaseOptions& options, FieldCipher cipher);
  ~PostgresRepository() override;

  Status Configure();

  Status Migrate() override;

  Status HoldWriterLock(Writers writers) override;

  Result<StateMark> CurrentMark() override;

  Result<bool> Listen() override;

  Result<bool> WaitForWrites(int timeout_ms) override;

  Result<int> SchemaVersion() override;
  Result<std::string> QuickCheck() override;

  Status Begin() override;
  Status Commit() override;
  Status Rollback() override;
  // Savepoint commands wait to travel with the next statement, in the same
  // round trip (Exec, Run): a write job's savepoint costs none of its own.
  Status Savepoint() override;
  Status ReleaseSavepoint() override;
  Status RollbackToSavepoint() override;
  // One snapshot for every read until EndRead, as SQLite's read transaction.
  Status BeginRead() override;
  Status EndRead() override;

  // Numbers are counted here for the length of a write transaction, which
  // holds the write lock (Begin), so no one else moves a counter meanwhile:
  // each counter is read once and stored once, with COMMIT, instead of one
  // round trip per number. A rollback to a savepoint gives its numbers back.
  Result<int64_t> NextNumber(const std::string& name, int year) override;

  Result<std::vector<Counter>> ListCounters() override;

  Status SetCounter(const Counter& c) override;

  Status BackupTo(const std::string& path, const std::function<void(int, int)>&) override;

 protected:
  Result<int64_t> Query(const std::string& sql, const SqlParams& params, const SqlRowVisitor& row,
                        const std::string& what) override;
  // The head is read once per write transaction and then kept here.
  Result<JournalHead> Head() override;
  // The entry, its postings and its money postings in one statement: one
  // round trip however many lines.
  Status StoreEntry(const JournalEntry& e, const std::string& prev,
                    const std::string& hash) override;

  // Refuses a key that is not the database's (as the SQLite repository does).
  Status CheckKey();

  // The encryption migration's work. A PostgreSQL database never held personal
  // data in clear (its columns were sealed BYTEA from the start), so only the
  // key check value is stored.
  Status StoreKeyCheck();

  // A connection that broke (the primary restarted, a failover, a cut
  // network) is made again before the next transaction, or the next read
  // outside one, with this session's settings and locks. What was in flight
  // has failed already (kUnavailable): nothing is retried behind the caller.
  Status Reconnect();

  // The session's settings, key check, writer's lock and LISTEN, as at open.
  Status SetUpSession();

  // Before a transaction or a read outside one: a connection the server has
  // closed since its last use (its goodbye is waiting on the socket) is made
  // again before anything is sent on it.
  Status EnsureAlive();

  // What a write transaction keeps on this side until it ends.
  void ForgetTransaction();

  // SQL storing the counters this transaction moved ("" when none); they are
  // then stored as far as this side knows.
  std::string StoreCounters();

  // Whether a notification has arrived on this connection (consumed).
  bool Heard();

  // Runs SQL text without parameters (several statements allowed), after the
  // deferred savepoint commands.
  Status Exec(const std::string& sql);

  // Executes `sql` with `params`, prepared on first use and kept for the life
  // of the connection (a prepared statement outlives a rolled back
  // transaction).
  Result<PgResult> Run(const std::string& sql, const Params& params,
                       const std::string& what = "database");

  // The deferred savepoint commands and then the prepared statement `name`,
  // in one pipeline: one round trip. The first failure is the result.
  Result<PgResult> RunAfterDeferred(const std::string& name, const Params& params,
                                    const std::vector<const char*>& values,
                                    const std::vector<int>& lengths,
                                    const std::vector<int>& formats, const std::string& what);

  // The Status of a failed statement, by SQLSTATE (as the SQLite repository
  // maps its extended codes).
  Status Error(const PgResult& r, const std::string& what) const;

  Result<int32_t> InsertReturningId(const char* sql, const Params& params, const std::string& what);

  template <typename T, typename RowFn>
  Result<std::vector<T>> List(const char* sql, const PageRequest& page, RowFn row) {
    ZAPAS_ASSIGN_OR_RETURN(PgResult r,
                           Run(sql, Params().Text(page.after).Int(page.limit), "listing"));
    std::vector<T> out;
    out.reserve(static_cast<size_t>(r.rows()));
    for (int i = 0; i < r.rows(); ++i) out.push_back(row(Row(r, i)));
    return out;
  }

  PGconn* conn_;
  DatabaseOptions options_;
  std::unordered_map<std::string, std::string> prepared_;  // SQL → statement name
  std::optional<Writers> writer_lock_;                     // what HoldWriterLock holds
  bool listening_ = false;                                 // Listen() was called
  bool in_transaction_ = false;                            // between Begin/BeginRead and their end
  // The connection must be made again before its next use: a reconnection
  // whose setup failed, or a pipeline that did not end cleanly.
  bool needs_setup_ = false;
  bool setting_up_ = false;  // inside Reconnect's setup
  // The journal's head as this write transaction leaves it, once read.
  std::optional<JournalHead> head_;
  // Savepoint commands not yet sent (kSavepointSql, kReleaseSql), in order.
  std::vector<const char*> deferred_;
  // Document counters as this write transaction moved them (NextNumber),
  // and as they were at each open savepoint.
  using CounterKey = std::pair<std::string, int>;
  struct Counters {
    std::map<CounterKey, int64_t> value;  // the last number given
    std::set<CounterKey> dirty;           // not yet stored
  };
  Counters counters_;
  std::vector<Counters> counter_marks_;
};

}  // namespace zapas::postgres
