// PostgreSQL implementation of Repository (internal to persistence/): the
// class and the helpers its files share. The methods live by what they do:
// postgres_repository.cc (the connection, transactions, migrations, keys,
// listening for other servers' writes), postgres_journal.cc (lots, the
// journal, numbering, idempotency), postgres_master_data.cc (catalogue,
// users, personal reads), postgres_books.cc (accounts, money, periods,
// statements, rates).
//
// Why libpq and not Poco::Data::PostgreSQL: every statement here is prepared
// once per connection (PQprepare) and then only executed, as the SQLite hot
// paths keep their sqlite3 statements, while Poco::Data re-prepares the SQL
// on each execute(); sealed values travel as binary BYTEA parameters; libpq
// takes the postgresql:// URL the user gives as it is; and Poco's PostgreSQL
// connector needs a CMake workaround on Debian 12 (docs/architecture.md).
//
// One connection per Repository, used by one thread at a time. The SQL
// mirrors sqlite_repository.cc statement for statement; where the dialects
// differ ($n placeholders, RETURNING id, jsonb instead of json_extract) the
// result is the same. Errors map alike: unique violation → kConflict, other
// constraint (and the append-only triggers) → kInvalid, the rest →
// kUnavailable.
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

// The parameters of one statement, in text format except BYTEA (binary).
class Params {
 public:
  Params& Int(int64_t v) { return Add(std::to_string(v), 0); }
  Params& Text(std::string v) { return Add(std::move(v), 0); }
  Params& Bytes(std::string v) { return Add(std::move(v), 1); }
  Params& Null() {
    Add("", 0);
    nulls_.back() = true;
    return *this;
  }
  Params& TextOrNull(const std::string& v) { return v.empty() ? Null() : Text(v); }
  Params& IntOrNull(int64_t v) { return v == 0 ? Null() : Int(v); }

  int size() const { return static_cast<int>(values_.size()); }
  // The arrays PQexecPrepared takes; valid while this object is unchanged.
  void Arrays(std::vector<const char*>& values, std::vector<int>& lengths) const {
    for (size_t i = 0; i < values_.size(); ++i) {
      values.push_back(nulls_[i] ? nullptr : values_[i].data());
      lengths.push_back(static_cast<int>(values_[i].size()));
    }
  }
  const int* formats() const { return formats_.data(); }

 private:
  Params& Add(std::string v, int format) {
    values_.push_back(std::move(v));
    formats_.push_back(format);
    nulls_.push_back(false);
    return *this;
  }
  std::vector<std::string> values_;
  std::vector<int> formats_;
  std::vector<bool> nulls_;
};

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
class Row {
 public:
  Row(const PgResult& r, int row) : r_(r.get()), row_(row) {}
  bool IsNull(int col) const { return PQgetisnull(r_, row_, col) != 0; }
  // Sealed columns are BYTEA: never a value stored in clear, as SQLite may hold.
  bool IsBlob(int) const { return true; }
  std::string Text(int col) const {
    return std::string(PQgetvalue(r_, row_, col), static_cast<size_t>(PQgetlength(r_, row_, col)));
  }
  int64_t Int(int col) const { return std::strtoll(PQgetvalue(r_, row_, col), nullptr, 10); }
  // A BYTEA column's bytes (its text form is hex, "\x...").
  std::string Blob(int col) const {
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

// Rows per page of a long read (lots, postings): bounded memory, few round trips.
constexpr int kPageRows = 20000;

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

class PostgresRepository final : public Repository {
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

  // Numbers are counted here for the length of a write transaction, which
  // holds the write lock (Begin), so no one else moves a counter meanwhile:
  // each counter is read once and stored once, with COMMIT, instead of one
  // round trip per number. A rollback to a savepoint gives its numbers back.
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

  Status BackupTo(const std::string& path, const std::function<void(int, int)>&) override;

  std::string SealText(const std::string& plaintext, const std::string& context) override;

  Result<std::string> OpenText(const std::string& sealed, const std::string& context) override;

  Status AddUser(const User& u) override;

  Result<std::optional<User>> FindUser(const std::string& username) override;

  Result<int64_t> CountUsers() override;

  Status SetUserDisabled(const std::string& username, bool disabled) override;

  Result<std::vector<std::string>> DisabledUsers() override;

  // The first column of every row of `sql`.
  Result<std::vector<std::string>> Strings(const char* sql, const std::string& what);

 private:
  static Result<std::vector<Rate>> RatesOf(const PgResult& r);

  // Refuses a key that is not the database's (as the SQLite repository does).
  Status CheckKey();

  // The encryption migration's work. A PostgreSQL database never held personal
  // data in clear (its columns were sealed BYTEA from the start), so only the
  // key check value is stored.
  Status StoreKeyCheck();

  // The hash chain migration's work on entries stored before it: computed in
  // id order with the append-only trigger lifted inside the transaction.
  Status BackfillHashes();

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
                                    const std::vector<int>& lengths, const std::string& what);

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
  FieldCipher cipher_;
  std::unordered_map<std::string, std::string> prepared_;  // SQL → statement name
  std::optional<Writers> writer_lock_;                     // what HoldWriterLock holds
  bool listening_ = false;                                 // Listen() was called
  bool in_transaction_ = false;                            // between Begin/BeginRead and their end
  // The connection must be made again before its next use: a reconnection
  // whose setup failed, or a pipeline that did not end cleanly.
  bool needs_setup_ = false;
  bool setting_up_ = false;  // inside Reconnect's setup
  // The journal's head as this write transaction leaves it, once read.
  struct Head {
    int64_t id;
    std::string hash;
  };
  std::optional<Head> head_;
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
