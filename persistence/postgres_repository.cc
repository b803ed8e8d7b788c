// PostgreSQL implementation of Repository, on libpq directly.
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

namespace zapas {
namespace {

// The URL without its password, for messages.
std::string Redacted(const std::string& url) {
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
std::string IntArray(const std::vector<int64_t>& values, bool zero_is_null = false) {
  std::string out = "{";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ',';
    out += zero_is_null && values[i] == 0 ? "NULL" : std::to_string(values[i]);
  }
  return out + "}";
}

std::string TextArray(const std::vector<std::string>& values) {
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
  PostgresRepository(PGconn* conn, const DatabaseOptions& options, FieldCipher cipher)
      : conn_(conn), options_(options), cipher_(std::move(cipher)) {
    options_.key.clear();  // the cipher holds it
    // Notices ("relation exists, skipping") are not errors: not to stderr.
    PQsetNoticeProcessor(
        conn_, [](void*, const char*) {}, nullptr);
  }
  ~PostgresRepository() override {
    // The server drops a session's locks when its backend ends, which comes a
    // moment after PQfinish: let the writer's lock go now, so the next server
    // can take it at once.
    if (writer_lock_ && PQstatus(conn_) == CONNECTION_OK) {
      (void)Exec("SELECT pg_advisory_unlock_all()");
    }
    PQfinish(conn_);
  }

  Status Configure() {
    // A commit is durable when acknowledged, unless asked otherwise; waiting
    // for another writer's lock is bounded like SQLite's busy timeout.
    ZAPAS_RETURN_IF_ERROR(Exec(options_.synchronous_full ? "SET synchronous_commit = on"
                                                         : "SET synchronous_commit = off"));
    ZAPAS_RETURN_IF_ERROR(Exec("SET lock_timeout = " + std::to_string(options_.busy_timeout_ms)));
    ZAPAS_RETURN_IF_ERROR(Exec("SET client_min_messages = warning"));
    return CheckKey();
  }

  Status Migrate() override {
    // One migration per transaction, each under a lock, so servers starting
    // together on one database apply each migration once.
    for (;;) {
      ZAPAS_RETURN_IF_ERROR(EnsureAlive());
      ZAPAS_RETURN_IF_ERROR(Exec("BEGIN"));
      // A broken connection fails the migration; nothing reconnects inside it.
      in_transaction_ = true;
      Status s = Exec("SELECT pg_advisory_xact_lock(" + std::to_string(kMigrationLock) + ")");
      if (s.ok()) {
        s = Exec(
            "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, "
            "applied_at TEXT NOT NULL)");
      }
      Result<int> current = s.ok() ? SchemaVersion() : Result<int>(s);
      const Migration* next = nullptr;
      if (current.ok()) {
        for (const Migration& m : Migrations()) {
          if (m.version > *current) {
            next = &m;
            break;
          }
        }
      }
      if (current.ok() && next == nullptr) {
        in_transaction_ = false;
        return Exec("COMMIT");
      }
      s = current.status();
      if (s.ok()) s = Exec(PostgresSql(*next));
      if (s.ok() && next->version == kHashChainMigration) s = BackfillHashes();
      if (s.ok() && next->version == kEncryptionMigration) s = StoreKeyCheck();
      if (s.ok()) {
        s = Run("INSERT INTO schema_version (version, applied_at) VALUES ($1, $2)",
                Params().Int(next->version).Text(NowRfc3339()))
                .status();
      }
      in_transaction_ = false;
      if (!s.ok()) {
        (void)Exec("ROLLBACK");
        if (next == nullptr) return s;
        return Status::Internal("migration " + std::to_string(next->version) + " (" +
                                next->description + ") failed: " + s.message());
      }
      ZAPAS_RETURN_IF_ERROR(Exec("COMMIT"));
    }
  }

  Status HoldWriterLock(Writers writers) override {
    const char* sql = writers == Writers::kShared ? "SELECT pg_try_advisory_lock_shared($1)"
                                                  : "SELECT pg_try_advisory_lock($1)";
    ZAPAS_ASSIGN_OR_RETURN(PgResult r, Run(sql, Params().Int(kWriterLock)));
    // PostgreSQL writes a boolean as "t" or "f".
    if (Row(r, 0).Text(0) != "t") return Status::Unavailable(AnotherWriterMessage(options_.path));
    writer_lock_ = writers;
    return Status::Ok();
  }

  Result<StateMark> CurrentMark() override {
    ZAPAS_ASSIGN_OR_RETURN(PgResult r, Run(kCurrentMarkSql, Params()));
    return MarkFrom(Row(r, 0));
  }

  Result<bool> Listen() override {
    ZAPAS_RETURN_IF_ERROR(Exec(std::string("LISTEN ") + kWritesChannel));
    listening_ = true;
    return true;
  }

  Result<bool> WaitForWrites(int timeout_ms) override {
    if (PQstatus(conn_) != CONNECTION_OK) {
      // Listening again; what was said meanwhile went unheard, so say "heard".
      ZAPAS_RETURN_IF_ERROR(Reconnect());
      return true;
    }
    if (Heard()) return true;
    pollfd fd{PQsocket(conn_), POLLIN, 0};
    if (fd.fd < 0) return Status::Unavailable("the database connection is closed");
    int ready = ::poll(&fd, 1, timeout_ms);
    if (ready < 0 && errno != EINTR) return Status::Unavailable(std::strerror(errno));
    if (ready > 0 && PQconsumeInput(conn_) == 0) {
      return Status::Unavailable(std::string("database: ") + PQerrorMessage(conn_));
    }
    return Heard();
  }

  Result<int> SchemaVersion() override {
    ZAPAS_ASSIGN_OR_RETURN(PgResult r,
                           Run("SELECT COALESCE(MAX(version), 0) FROM schema_version", Params()));
    return static_cast<int>(Row(r, 0).Int(0));
  }

  Status Begin() override {
    ForgetTransaction();
    ZAPAS_RETURN_IF_ERROR(EnsureAlive());
    // Waits for the other write transactions (kWriteLock), at most lock_timeout.
    Status begun = Exec("BEGIN; SELECT pg_advisory_xact_lock(" + std::to_string(kWriteLock) + ")");
    if (!begun.ok()) (void)Exec("ROLLBACK");
    in_transaction_ = begun.ok();
    return begun;
  }
  Status Commit() override {
    const std::string counters = StoreCounters();
    ForgetTransaction();  // COMMIT ends every savepoint
    in_transaction_ = false;
    PgResult r(PQexec(conn_, (counters + "COMMIT").c_str()));
    if (PQresultStatus(r.get()) != PGRES_COMMAND_OK) return Error(r, "database");
    // COMMIT of a transaction that failed earlier answers ROLLBACK.
    if (std::string(PQcmdStatus(const_cast<PGresult*>(r.get()))) != "COMMIT") {
      return Status::Unavailable("the transaction had failed and was rolled back");
    }
    return Status::Ok();
  }
  Status Rollback() override {
    ForgetTransaction();
    in_transaction_ = false;
    return Exec("ROLLBACK");
  }
  // Savepoint commands wait to travel with the next statement, in the same
  // round trip (Exec, Run): a write job's savepoint costs none of its own.
  Status Savepoint() override {
    deferred_.push_back(kSavepointSql);
    counter_marks_.push_back(counters_);
    return Status::Ok();
  }
  Status ReleaseSavepoint() override {
    if (!counter_marks_.empty()) counter_marks_.pop_back();
    if (!deferred_.empty() && deferred_.back() == kSavepointSql) {
      deferred_.pop_back();  // nothing ran inside it
    } else {
      deferred_.push_back(kReleaseSql);
    }
    return Status::Ok();
  }
  Status RollbackToSavepoint() override {
    head_.reset();
    if (!counter_marks_.empty()) {
      counters_ = std::move(counter_marks_.back());
      counter_marks_.pop_back();
    }
    if (!deferred_.empty() && deferred_.back() == kSavepointSql) {
      deferred_.pop_back();  // nothing ran inside it: nothing to undo
      return Status::Ok();
    }
    // A failed statement took the deferred commands with it, so what is
    // still deferred here ran without error and may go first.
    return Exec("ROLLBACK TO SAVEPOINT job; RELEASE SAVEPOINT job");
  }
  // One snapshot for every read until EndRead, as SQLite's read transaction.
  Status BeginRead() override {
    ZAPAS_RETURN_IF_ERROR(EnsureAlive());
    Status begun = Exec("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY");
    in_transaction_ = begun.ok();
    return begun;
  }
  Status EndRead() override {
    in_transaction_ = false;
    return Exec("COMMIT");
  }

  Result<std::optional<std::string>> CodeTakenIgnoringCase(CodeKind kind,
                                                           const std::string& code) override {
    ZAPAS_ASSIGN_OR_RETURN(
        PgResult r, Run(CodeLikeSql(kind, "$1::text"), Params().Text(code), "reading codes"));
    if (r.rows() == 0) return std::optional<std::string>();
    return std::optional<std::string>(Row(r, 0).Text(0));
  }

  Result<int32_t> InsertItem(const Item& item) override {
    return InsertReturningId(
        "INSERT INTO items (sku, name_uk, name_en, unit, category, expiry_tracked) "
        "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        Params()
            .Text(item.sku)
            .Text(item.name_uk)
            .Text(item.name_en)
            .Text(std::string(UnitName(item.unit)))
            .Text(item.category)
            .Int(item.expiry_tracked ? 1 : 0),
        "item " + item.sku);
  }

  Result<int32_t> InsertWarehouse(const Warehouse& w) override {
    return InsertReturningId(
        "INSERT INTO warehouses (code, name, region) VALUES ($1, $2, $3) RETURNING id",
        Params().Text(w.code).Text(w.name).Text(w.region), "warehouse " + w.code);
  }

  Result<int32_t> InsertDonor(const Donor& d) override {
    return InsertReturningId(
        "INSERT INTO donors (code, name, country, currency) VALUES ($1, $2, $3, $4) RETURNING id",
        Params().Text(d.code).Text(d.name).Text(d.country).Text(std::string(d.currency->code)),
        "donor " + d.code);
  }

  Result<int32_t> InsertRecipient(const Recipient& r) override {
    // $6, the personal data in clear, is only read by the household size's
    // function: it is never stored.
    Params p;
    p.Text(r.code).Text(std::string(RecipientKindName(r.kind)));
    p.Bytes(NameIsPersonal(r.kind) ? cipher_.Seal(r.name, NameContext(r.code)) : r.name);
    p.Text(r.region);
    if (r.personal_json.empty()) {
      p.Null().Null();
    } else {
      p.Bytes(cipher_.Seal(r.personal_json, PersonalContext(r.code))).Text(r.personal_json);
    }
    return InsertReturningId(
        "INSERT INTO recipients (code, kind, name, region, personal, household_size) "
        "VALUES ($1, $2, $3, $4, $5, CASE WHEN $2 = 'idp_household' THEN "
        "zapas_household_size($6) END) RETURNING id",
        p, "recipient " + r.code);
  }

  Result<int32_t> InsertLot(const Lot& lot) override {
    Params p;
    p.Int(lot.item_id).Text(lot.batch);
    if (lot.expiry.is_never()) {
      p.Null();
    } else {
      p.Text(lot.expiry.ToString());
    }
    p.Int(lot.unit_value_minor).Text(std::string(lot.currency->code)).Int(lot.donor_id);
    if (lot.booked_rate > 0) {
      p.Int(lot.booked_rate).Int(lot.booked_rate_date.days());
    } else {
      p.Null().Null();
    }
    return InsertReturningId(
        "INSERT INTO lots (item_id, batch, expiry, unit_value, currency, donor_id, booked_rate, "
        "booked_rate_day) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        p, "lot " + lot.batch);
  }

  Result<std::vector<Item>> ListItems(const PageRequest& page) override {
    return List<Item>(
        "SELECT id, sku, name_uk, name_en, unit, category, expiry_tracked FROM items "
        "WHERE sku > $1 ORDER BY sku LIMIT $2",
        page, ItemFrom<Row>);
  }

  Result<std::vector<Warehouse>> ListWarehouses(const PageRequest& page) override {
    return List<Warehouse>(
        "SELECT id, code, name, region FROM warehouses WHERE code > $1 ORDER BY code LIMIT $2",
        page, WarehouseFrom<Row>);
  }

  Result<std::vector<Donor>> ListDonors(const PageRequest& page) override {
    return List<Donor>(
        "SELECT id, code, name, country, currency FROM donors WHERE code > $1 ORDER BY code "
        "LIMIT $2",
        page, DonorFrom<Row>);
  }

  Result<std::vector<Recipient>> ListRecipients(const PageRequest& page) override {
    Status opened = Status::Ok();  // the first value that does not open
    auto rows = List<Recipient>(
        "SELECT id, code, kind, name, region, personal FROM recipients WHERE code > $1 "
        "ORDER BY code LIMIT $2",
        page, [&](const Row& s) { return RecipientFrom(s, cipher_, opened); });
    ZAPAS_RETURN_IF_ERROR(opened);
    return rows;
  }

  Result<std::map<std::string, int64_t>> HouseholdSizes() override {
    ZAPAS_ASSIGN_OR_RETURN(PgResult r, Run("SELECT code, household_size FROM recipients "
                                           "WHERE kind = 'idp_household' AND household_size > 0",
                                           Params()));
    std::map<std::string, int64_t> out;
    for (int i = 0; i < r.rows(); ++i) out.emplace(Row(r, i).Text(0), Row(r, i).Int(1));
    return out;
  }

  Status ForEachLot(int32_t after, const std::function<void(Lot&&)>& visit) override {
    // In pages along the primary key, so a million lots are never in memory twice.
    for (;;) {
      ZAPAS_ASSIGN_OR_RETURN(PgResult r, Run(std::string("SELECT ") + kLotColumns +
                                                 " FROM lots WHERE id > $1 ORDER BY id LIMIT $2",
                                             Params().Int(after).Int(kPageRows)));
      for (int i = 0; i < r.rows(); ++i) {
        ZAPAS_ASSIGN_OR_RETURN(Lot lot, LotFrom(Row(r, i)));
        after = lot.id;
        visit(std::move(lot));
      }
      if (r.rows() < kPageRows) return Status::Ok();
    }
  }

  Status ForEachPosting(int64_t after_entry,
                        const std::function<void(const Posting&)>& visit) override {
    // In pages along the primary key, so a long journal is never in memory whole.
    int64_t entry = after_entry, line = std::numeric_limits<int>::max();
    for (;;) {
      ZAPAS_ASSIGN_OR_RETURN(PgResult r,
                             Run("SELECT warehouse_id, lot_id, day, quantity, entry_id, line "
                                 "FROM postings WHERE (entry_id, line) > ($1, $2) "
                                 "ORDER BY entry_id, line LIMIT $3",
                                 Params().Int(entry).Int(line).Int(kPageRows)));
      for (int i = 0; i < r.rows(); ++i) visit(PostingFrom(Row(r, i), 0));
      if (r.rows() < kPageRows) return Status::Ok();
      entry = Row(r, r.rows() - 1).Int(4);
      line = Row(r, r.rows() - 1).Int(5);
    }
  }

  Result<int64_t> InsertEntry(const JournalEntry& entry) override {
    // The next id and the chain's head: this transaction holds the write lock
    // (Begin), so the head read once stays this transaction's to extend.
    JournalEntry e = entry;
    if (!head_) {
      ZAPAS_ASSIGN_OR_RETURN(
          PgResult head, Run("SELECT id, hash FROM journal ORDER BY id DESC LIMIT 1", Params()));
      head_ = Head{0, ""};
      if (head.rows() == 1) {
        head_->id = Row(head, 0).Int(0);
        head_->hash = Row(head, 0).IsNull(1) ? "" : Row(head, 0).Text(1);
      }
    }
    e.id = head_->id + 1;
    const std::string hash = Sha256(CanonicalEntry(e, head_->hash));
    // The entry, its postings and its money postings in one statement: one
    // round trip however many lines.
    std::vector<int64_t> lots, warehouses, days, quantities;
    for (const Posting& posting : e.postings) {
      lots.push_back(posting.lot_id);
      warehouses.push_back(posting.warehouse_id);
      days.push_back(posting.date.days());
      quantities.push_back(posting.delta);
    }
    std::vector<std::string> ledger_accounts, currencies;
    std::vector<int64_t> accounts, donors, amounts, uahs;
    for (const MoneyPosting& mp : e.money) {
      ledger_accounts.push_back(mp.ledger_account);
      accounts.push_back(mp.account_id);
      donors.push_back(mp.donor_id);
      currencies.push_back(std::string(mp.amount.currency_code()));
      amounts.push_back(mp.amount.minor_units());
      uahs.push_back(mp.uah.minor_units());
    }
    Params p;
    p.Int(e.id).Text(e.kind).TextOrNull(e.number).Text(e.date.ToString());
    p.Text(e.recorded_at).Text(e.recorded_by).IntOrNull(e.refers_to).Text(e.document);
    p.Text(head_->hash).Text(hash);
    p.Text(IntArray(lots))
        .Text(IntArray(warehouses))
        .Text(IntArray(days))
        .Text(IntArray(quantities));
    p.Int(e.date.days()).Text(TextArray(ledger_accounts)).Text(IntArray(accounts, true));
    p.Text(IntArray(donors, true)).Text(TextArray(currencies)).Text(IntArray(amounts));
    p.Text(IntArray(uahs));
    Result<PgResult> stored = Run(
        "WITH entry AS (INSERT INTO journal (id, kind, number, date, recorded_at, recorded_by, "
        "refers_to, document, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)), "
        "stock AS (INSERT INTO postings (entry_id, line, lot_id, warehouse_id, day, quantity) "
        "SELECT $1, t.n - 1, t.lot, t.wh, t.day, t.q FROM unnest($11::int[], $12::int[], "
        "$13::int[], $14::bigint[]) WITH ORDINALITY AS t(lot, wh, day, q, n)) "
        "INSERT INTO money_postings (entry_id, line, day, ledger_account, account_id, donor_id, "
        "currency, amount, uah) SELECT $1, t.n - 1, $15, t.la, t.acc, t.donor, t.cur, t.amount, "
        "t.uah FROM unnest($16::text[], $17::int[], $18::int[], $19::text[], $20::bigint[], "
        "$21::bigint[]) WITH ORDINALITY AS t(la, acc, donor, cur, amount, uah, n)",
        p, "journal entry " + e.number);
    if (!stored.ok()) {
      if (stored.status().code() == StatusCode::kConflict &&
          stored.status().message().find("not enough stock") == std::string::npos) {
        return Status::Conflict("journal entry " + e.number + " already exists");
      }
      return stored.status();
    }
    head_ = Head{e.id, hash};
    return e.id;
  }

  Result<int32_t> InsertAccount(const Account& a) override {
    return InsertReturningId(
        "INSERT INTO accounts (code, name, currency, kind) VALUES ($1, $2, $3, $4) RETURNING id",
        Params()
            .Text(a.code)
            .Text(a.name)
            .Text(std::string(a.currency->code))
            .Text(std::string(AccountKindName(a.kind))),
        "account " + a.code);
  }

  Result<std::vector<Account>> ListAccounts(const PageRequest& page) override {
    return List<Account>(
        "SELECT id, code, name, currency, kind FROM accounts WHERE code > $1 ORDER BY code "
        "LIMIT $2",
        page, AccountFrom<Row>);
  }

  Result<std::optional<Account>> FindAccount(const std::string& code) override {
    ZAPAS_ASSIGN_OR_RETURN(
        PgResult r, Run("SELECT id, code, name, currency, kind FROM accounts WHERE code = $1",
                        Params().Text(code)));
    if (r.rows() == 0) return std::optional<Account>();
    return std::optional<Account>(AccountFrom(Row(r, 0)));
  }

  Status ForEachStockEntry(Date to,
                           const std::function<void(const JournalEntry&)>& visit) override {
    ZAPAS_ASSIGN_OR_RETURN(
        PgResult r,
        Run("SELECT j.id, j.kind, j.number, j.refers_to, j.document, p.warehouse_id, p.lot_id, "
            "p.day, p.quantity FROM postings p JOIN journal j ON j.id = p.entry_id "
            "WHERE p.day <= $1 ORDER BY p.day, p.entry_id, p.line",
            Params().Int(to.days())));
    StockEntryGrouper entries(visit);
    for (int i = 0; i < r.rows(); ++i) entries.Add(Row(r, i));
    entries.Finish();
    return Status::Ok();
  }

  Status ForEachMoneyPosting(Date to, const std::function<void(const MoneyRow&)>& visit) override {
    ZAPAS_ASSIGN_OR_RETURN(
        PgResult r,
        Run("SELECT p.entry_id, j.kind, j.number, p.day, p.ledger_account, p.account_id, "
            "p.donor_id, p.currency, p.amount, p.uah FROM money_postings p "
            "JOIN journal j ON j.id = p.entry_id WHERE p.day <= $1 "
            "ORDER BY p.day, p.entry_id, p.line",
            Params().Int(to.days())));
    for (int i = 0; i < r.rows(); ++i) {
      ZAPAS_ASSIGN_OR_RETURN(MoneyRow row, MoneyRowFrom(Row(r, i)));
      visit(row);
    }
    return Status::Ok();
  }

  Result<JournalEntry> FindEntry(int64_t id) override {
    ZAPAS_ASSIGN_OR_RETURN(
        PgResult r, Run(std::string("SELECT ") + kEntryColumns + " FROM journal WHERE id = $1",
                        Params().Int(id)));
    if (r.rows() == 0) return Status::NotFound("no journal entry " + std::to_string(id));
    return EntryFrom(Row(r, 0));
  }

  Result<std::optional<JournalEntry>> FindEntryByHash(const std::string& prefix) override {
    if (prefix.size() < 16 || prefix.size() > 64 ||
        prefix.find_first_not_of("0123456789abcdef") != std::string::npos) {
      return std::optional<JournalEntry>();
    }
    // A range on the unique index: prefix <= hash < prefix + "g" (bytewise:
    // COLLATE "C", whatever the database's collation).
    ZAPAS_ASSIGN_OR_RETURN(
        PgResult r, Run(std::string("SELECT ") + kEntryColumns +
                            " FROM journal WHERE hash COLLATE \"C\" >= $1 AND hash COLLATE \"C\" "
                            "< $2 ORDER BY hash COLLATE \"C\" LIMIT 2",
                        Params().Text(prefix).Text(prefix + "g")));
    if (r.rows() != 1) return std::optional<JournalEntry>();  // none, or not unique
    return std::optional<JournalEntry>(EntryFrom(Row(r, 0)));
  }

  Status ForEachEntry(int64_t after,
                      const std::function<bool(const JournalEntry&)>& visit) override {
    // A page of entries at a time with their postings. The journal only grows
    // at its end, under a lock held until commit, so pages read one after the
    // other miss nothing.
    for (;;) {
      ZAPAS_ASSIGN_OR_RETURN(PgResult entries,
                             Run(std::string("SELECT ") + kEntryColumns +
                                     " FROM journal WHERE id > $1 ORDER BY id LIMIT 1000",
                                 Params().Int(after)));
      if (entries.rows() == 0) return Status::Ok();
      const int64_t last = Row(entries, entries.rows() - 1).Int(0);
      ZAPAS_ASSIGN_OR_RETURN(
          PgResult stock, Run("SELECT entry_id, warehouse_id, lot_id, day, quantity FROM postings "
                              "WHERE entry_id > $1 AND entry_id <= $2 ORDER BY entry_id, line",
                              Params().Int(after).Int(last)));
      ZAPAS_ASSIGN_OR_RETURN(
          PgResult money,
          Run("SELECT entry_id, ledger_account, account_id, donor_id, currency, amount, uah "
              "FROM money_postings WHERE entry_id > $1 AND entry_id <= $2 "
              "ORDER BY entry_id, line",
              Params().Int(after).Int(last)));
      int si = 0, mi = 0;
      for (int i = 0; i < entries.rows(); ++i) {
        JournalEntry e = EntryFrom(Row(entries, i));
        for (; si < stock.rows() && Row(stock, si).Int(0) <= e.id; ++si) {
          if (Row(stock, si).Int(0) < e.id) continue;  // an orphan posting: left for verify
          e.postings.push_back(PostingFrom(Row(stock, si), 1));
        }
        for (; mi < money.rows() && Row(money, mi).Int(0) <= e.id; ++mi) {
          if (Row(money, mi).Int(0) < e.id) continue;
          ZAPAS_ASSIGN_OR_RETURN(MoneyPosting mp, MoneyPostingFrom(Row(money, mi), 1));
          e.money.push_back(std::move(mp));
        }
        if (!visit(e)) return Status::Ok();
      }
      after = last;
    }
  }

  Result<std::vector<Posting>> PostingsOf(int64_t id) override {
    ZAPAS_ASSIGN_OR_RETURN(PgResult r,
                           Run("SELECT warehouse_id, lot_id, day, quantity FROM postings "
                               "WHERE entry_id = $1 ORDER BY line",
                               Params().Int(id)));
    std::vector<Posting> out;
    for (int i = 0; i < r.rows(); ++i) out.push_back(PostingFrom(Row(r, i), 0));
    return out;
  }

  Result<std::optional<int64_t>> FindEventFor(int64_t id, const std::string& kind) override {
    ZAPAS_ASSIGN_OR_RETURN(
        PgResult r,
        Run("SELECT id FROM journal WHERE refers_to = $1 AND kind = $2 ORDER BY id LIMIT 1",
            Params().Int(id).Text(kind)));
    if (r.rows() == 0) return std::optional<int64_t>();
    return std::optional<int64_t>(Row(r, 0).Int(0));
  }

  Result<std::vector<DeliverySummary>> ListDeliveries(int64_t after, int limit) override {
    // The codes come from the delivery's stored document, as it was accepted.
    ZAPAS_ASSIGN_OR_RETURN(
        PgResult r,
        Run("SELECT j.id, j.number, j.date, j.document::jsonb ->> 'warehouse', "
            "j.document::jsonb ->> 'recipient', (EXISTS (SELECT 1 FROM journal c "
            "WHERE c.refers_to = j.id AND c.kind = 'confirmation'))::int FROM journal j "
            "WHERE j.kind = 'delivery' AND j.id > $1 ORDER BY j.id LIMIT $2",
            Params().Int(after).Int(limit)));
    std::vector<DeliverySummary> out;
    for (int i = 0; i < r.rows(); ++i) out.push_back(DeliveryFrom(Row(r, i)));
    return out;
  }

  // Numbers are counted here for the length of a write transaction, which
  // holds the write lock (Begin), so no one else moves a counter meanwhile:
  // each counter is read once and stored once, with COMMIT, instead of one
  // round trip per number. A rollback to a savepoint gives its numbers back.
  Result<int64_t> NextNumber(const std::string& name, int year) override {
    if (!in_transaction_) {
      // On its own (autocommit): stored at once.
      ZAPAS_ASSIGN_OR_RETURN(PgResult r,
                             Run("INSERT INTO sequences (name, year, value) VALUES ($1, $2, 1) "
                                 "ON CONFLICT (name, year) DO UPDATE SET value = "
                                 "sequences.value + 1 RETURNING value",
                                 Params().Text(name).Int(year), "numbering"));
      return Row(r, 0).Int(0);
    }
    const CounterKey key{name, year};
    auto it = counters_.value.find(key);
    if (it == counters_.value.end()) {
      ZAPAS_ASSIGN_OR_RETURN(PgResult r,
                             Run("SELECT value FROM sequences WHERE name = $1 AND year = $2",
                                 Params().Text(name).Int(year), "numbering"));
      it = counters_.value.emplace(key, r.rows() == 1 ? Row(r, 0).Int(0) : 0).first;
    }
    counters_.dirty.insert(key);
    return ++it->second;
  }

  Result<std::vector<Counter>> ListCounters() override {
    if (const std::string counters = StoreCounters(); !counters.empty()) {
      ZAPAS_RETURN_IF_ERROR(Exec(counters));
    }
    ZAPAS_ASSIGN_OR_RETURN(
        PgResult r, Run("SELECT name, year, value FROM sequences ORDER BY name COLLATE \"C\", year",
                        Params(), "reading numbering"));
    std::vector<Counter> out;
    for (int i = 0; i < r.rows(); ++i) {
      const Row row(r, i);
      out.push_back(Counter{row.Text(0), static_cast<int>(row.Int(1)), row.Int(2)});
    }
    return out;
  }

  Status SetCounter(const Counter& c) override {
    const CounterKey key{c.name, c.year};
    counters_.value.erase(key);
    counters_.dirty.erase(key);
    return Run("INSERT INTO sequences (name, year, value) VALUES ($1, $2, $3) "
               "ON CONFLICT (name, year) DO UPDATE SET value = excluded.value",
               Params().Text(c.name).Int(c.year).Int(c.value), "numbering")
        .status();
  }

  Result<std::vector<std::string>> ResponseKeys() override {
    return Strings("SELECT key FROM idempotency ORDER BY key COLLATE \"C\"",
                   "reading idempotency keys");
  }

  Result<std::vector<std::string>> Usernames() override {
    return Strings("SELECT username FROM users ORDER BY id", "reading users");
  }

  Result<std::optional<StoredResponse>> FindResponse(const std::string& key) override {
    // A stored reply may carry personal data (a created recipient's): sealed.
    ZAPAS_ASSIGN_OR_RETURN(PgResult r,
                           Run("SELECT request_hash, status, body FROM idempotency WHERE key = $1",
                               Params().Text(key)));
    if (r.rows() == 0) return std::optional<StoredResponse>();
    const Row s(r, 0);
    ZAPAS_ASSIGN_OR_RETURN(std::string hash,
                           UnsealColumn(cipher_, s, 0, ReplyContext("request_hash", key)));
    ZAPAS_ASSIGN_OR_RETURN(std::string body,
                           UnsealColumn(cipher_, s, 2, ReplyContext("body", key)));
    return std::optional<StoredResponse>(
        StoredResponse{std::move(hash), static_cast<int>(s.Int(1)), std::move(body)});
  }

  Status SaveResponse(const std::string& key, const StoredResponse& r) override {
    return Run("INSERT INTO idempotency (key, request_hash, status, body, created_at) "
               "VALUES ($1, $2, $3, $4, $5)",
               Params()
                   .Text(key)
                   .Bytes(cipher_.Seal(r.request_hash, ReplyContext("request_hash", key)))
                   .Int(r.status)
                   .Bytes(cipher_.Seal(r.body, ReplyContext("body", key)))
                   .Text(NowRfc3339()),
               "saving an idempotency key")
        .status();
  }

  Result<int64_t> AccountBalance(int32_t account_id, Date date) override {
    ZAPAS_ASSIGN_OR_RETURN(PgResult r,
                           Run("SELECT COALESCE(SUM(amount), 0) FROM money_postings "
                               "WHERE account_id = $1 AND day <= $2",
                               Params().Int(account_id).Int(date.days()), "reading a balance"));
    return Row(r, 0).Int(0);
  }

  Status ClosePeriod(const ClosedPeriod& p) override {
    Status st =
        Run("INSERT INTO closed_periods (month, last_day, closed_at, closed_by) "
            "VALUES ($1, $2, $3, $4)",
            Params().Text(p.month).Int(p.last_day.days()).Text(p.closed_at).Text(p.closed_by),
            "closing a period")
            .status();
    if (st.code() == StatusCode::kConflict) return Status::Conflict(p.month + " is closed already");
    return st;
  }

  Status ReopenPeriod(const std::string& month) override {
    auto r = Run("DELETE FROM closed_periods WHERE month = $1", Params().Text(month),
                 "reopening a period");
    if (!r.ok()) {
      if (r.status().code() != StatusCode::kUnavailable) {
        return Status::Conflict("only the latest closed month can be reopened");
      }
      return r.status();
    }
    if (r->changes() == 0) return Status::NotFound(month + " is not closed");
    return Status::Ok();
  }

  Result<std::vector<ClosedPeriod>> ListClosedPeriods() override {
    ZAPAS_ASSIGN_OR_RETURN(PgResult r,
                           Run("SELECT month, last_day, closed_at, closed_by FROM closed_periods "
                               "ORDER BY month COLLATE \"C\"",
                               Params()));
    std::vector<ClosedPeriod> out;
    for (int i = 0; i < r.rows(); ++i) out.push_back(ClosedPeriodFrom(Row(r, i)));
    return out;
  }

  Result<std::optional<Date>> ClosedThrough() override {
    ZAPAS_ASSIGN_OR_RETURN(PgResult r, Run("SELECT MAX(last_day) FROM closed_periods", Params()));
    if (Row(r, 0).IsNull(0)) return std::optional<Date>();
    return std::optional<Date>(Date::FromDays(static_cast<int32_t>(Row(r, 0).Int(0))));
  }

  Status InsertStatement(const Statement& st) override {
    Status result = Run("INSERT INTO statements (account_id, day, balance, recorded_at, "
                        "recorded_by) VALUES ($1, $2, $3, $4, $5)",
                        Params()
                            .Int(st.account_id)
                            .Int(st.date.days())
                            .Int(st.balance)
                            .Text(st.recorded_at)
                            .Text(st.recorded_by),
                        "storing a statement")
                        .status();
    if (result.code() == StatusCode::kConflict) {
      return Status::Conflict("a statement of that account on " + st.date.ToString() +
                              " is recorded already");
    }
    return result;
  }

  Result<std::vector<Statement>> ListStatements(int32_t account_id) override {
    ZAPAS_ASSIGN_OR_RETURN(
        PgResult r, Run("SELECT account_id, day, balance, recorded_at, recorded_by FROM statements "
                        "WHERE $1 = 0 OR account_id = $1 ORDER BY account_id, day",
                        Params().Int(account_id)));
    std::vector<Statement> out;
    for (int i = 0; i < r.rows(); ++i) out.push_back(StatementFrom(Row(r, i)));
    return out;
  }

  Status ReplaceRate(const Rate& rate) override {
    ZAPAS_ASSIGN_OR_RETURN(
        PgResult r, Run("UPDATE rates SET uah_per_unit = $1 WHERE currency = $2 AND day = $3",
                        Params()
                            .Int(rate.uah_per_unit)
                            .Text(std::string(rate.currency->code))
                            .Int(rate.date.days()),
                        "replacing a rate"));
    if (r.changes() == 0) {
      return Status::NotFound("no NBU rate of " + std::string(rate.currency->code) + " on " +
                              rate.date.ToString());
    }
    return Status::Ok();
  }

  Result<bool> RateIsUsed(const Currency& currency, Date from, std::optional<Date> until) override {
    ZAPAS_ASSIGN_OR_RETURN(
        PgResult r,
        Run("SELECT EXISTS (SELECT 1 FROM money_postings WHERE currency = $1 AND day >= $2 AND "
            "day < $3) OR EXISTS (SELECT 1 FROM lots WHERE currency = $1 AND booked_rate_day = $2)",
            Params()
                .Text(std::string(currency.code))
                .Int(from.days())
                .Int(until ? until->days() : std::numeric_limits<int32_t>::max()),
            "reading rates"));
    return Row(r, 0).Text(0) == "t";
  }

  Result<size_t> InsertRates(const std::vector<Rate>& rates) override {
    size_t inserted = 0;
    for (const Rate& r : rates) {
      const std::string code(r.currency->code);
      ZAPAS_ASSIGN_OR_RETURN(PgResult found,
                             Run("SELECT uah_per_unit FROM rates WHERE currency = $1 AND day = $2",
                                 Params().Text(code).Int(r.date.days()), "reading rates"));
      if (found.rows() == 1) {
        const int64_t stored = Row(found, 0).Int(0);
        if (stored != r.uah_per_unit) {
          Rate old = r;
          old.uah_per_unit = stored;
          return Status::Conflict("the rate of " + code + " on " + r.date.ToString() + " is " +
                                  old.RateString() + " already; the file says " + r.RateString());
        }
        continue;
      }
      ZAPAS_RETURN_IF_ERROR(
          Run("INSERT INTO rates (currency, day, uah_per_unit) VALUES ($1, $2, $3)",
              Params().Text(code).Int(r.date.days()).Int(r.uah_per_unit), "storing a rate")
              .status());
      ++inserted;
    }
    return inserted;
  }

  Result<std::optional<Rate>> RateInForce(const Currency& currency, Date date) override {
    ZAPAS_ASSIGN_OR_RETURN(
        PgResult r, Run("SELECT day, uah_per_unit FROM rates WHERE currency = $1 AND day <= $2 "
                        "ORDER BY day DESC LIMIT 1",
                        Params().Text(std::string(currency.code)).Int(date.days())));
    if (r.rows() == 0) return std::optional<Rate>();
    return std::optional<Rate>(
        Rate{Date::FromDays(static_cast<int32_t>(Row(r, 0).Int(0))), &currency, Row(r, 0).Int(1)});
  }

  Result<std::vector<Rate>> RatesInForce(Date date) override {
    ZAPAS_ASSIGN_OR_RETURN(
        PgResult r,
        Run("SELECT r.currency, r.day, r.uah_per_unit FROM rates r JOIN "
            "(SELECT currency, MAX(day) AS day FROM rates WHERE day <= $1 GROUP BY currency) m "
            "ON r.currency = m.currency AND r.day = m.day ORDER BY r.currency COLLATE \"C\"",
            Params().Int(date.days())));
    return RatesOf(r);
  }

  Status LoadRates(RateTable& table) override {
    ZAPAS_ASSIGN_OR_RETURN(PgResult r,
                           Run("SELECT currency, day, uah_per_unit FROM rates", Params()));
    ZAPAS_ASSIGN_OR_RETURN(std::vector<Rate> rates, RatesOf(r));
    for (const Rate& rate : rates) table.Add(rate);
    return Status::Ok();
  }

  Status LogPersonalRead(int32_t recipient_id, const std::string& read_by,
                         const std::string& read_at) override {
    return Run("INSERT INTO personal_reads (read_at, read_by, recipient_id) VALUES ($1, $2, $3)",
               Params().Text(read_at).Text(read_by).Int(recipient_id),
               "logging a read of personal data")
        .status();
  }

  Result<std::vector<PersonalRead>> PersonalReads(const std::string& recipient_code) override {
    ZAPAS_ASSIGN_OR_RETURN(PgResult r,
                           Run("SELECT l.read_at, l.read_by, r.code FROM personal_reads l JOIN "
                               "recipients r ON r.id = l.recipient_id WHERE $1 = '' OR r.code = $1 "
                               "ORDER BY l.id",
                               Params().Text(recipient_code)));
    std::vector<PersonalRead> out;
    for (int i = 0; i < r.rows(); ++i) {
      const Row s(r, i);
      out.push_back({s.Text(0), s.Text(1), s.Text(2)});
    }
    return out;
  }

  Status BackupTo(const std::string& path, const std::function<void(int, int)>&) override {
    return Status::Invalid(
        "zapas backup copies a SQLite database; back up PostgreSQL with pg_dump or "
        "pg_basebackup (docs/deploy.md)");
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
    Status s = Run("INSERT INTO users (username, password_hash, role, donor_code, disabled, "
                   "created_at) VALUES ($1, $2, $3, NULLIF($4, ''), $5, $6)",
                   Params()
                       .Text(u.username)
                       .Text(u.password_hash)
                       .Text(std::string(RoleName(u.role)))
                       .Text(u.donor_code)
                       .Int(u.disabled ? 1 : 0)
                       .Text(NowRfc3339()),
                   "cannot add the user")
                   .status();
    if (s.code() == StatusCode::kConflict) {
      return Status::Conflict("user \"" + u.username + "\" already exists");
    }
    return s;
  }

  Result<std::optional<User>> FindUser(const std::string& username) override {
    ZAPAS_ASSIGN_OR_RETURN(PgResult r,
                           Run("SELECT id, password_hash, role, donor_code, disabled FROM users "
                               "WHERE username = $1",
                               Params().Text(username), "cannot read users"));
    if (r.rows() == 0) return std::optional<User>();
    const Row s(r, 0);
    User u;
    u.id = s.Int(0);
    u.username = username;
    u.password_hash = s.Text(1);
    u.role = ParseRole(s.Text(2)).value_or(Role::kDonor);
    u.donor_code = s.IsNull(3) ? "" : s.Text(3);
    u.disabled = s.Int(4) != 0;
    return std::optional<User>(std::move(u));
  }

  Result<int64_t> CountUsers() override {
    ZAPAS_ASSIGN_OR_RETURN(PgResult r,
                           Run("SELECT COUNT(*) FROM users", Params(), "cannot read users"));
    return Row(r, 0).Int(0);
  }

  Status SetUserDisabled(const std::string& username, bool disabled) override {
    ZAPAS_ASSIGN_OR_RETURN(PgResult r,
                           Run("UPDATE users SET disabled = $1 WHERE username = $2",
                               Params().Int(disabled ? 1 : 0).Text(username), "updating a user"));
    if (r.changes() == 0) return Status::NotFound("no user \"" + username + "\"");
    return Status::Ok();
  }

  Result<std::vector<std::string>> DisabledUsers() override {
    return Strings("SELECT username FROM users WHERE disabled != 0", "reading users");
  }

  // The first column of every row of `sql`.
  Result<std::vector<std::string>> Strings(const char* sql, const std::string& what) {
    ZAPAS_ASSIGN_OR_RETURN(PgResult r, Run(sql, Params(), what));
    std::vector<std::string> out;
    for (int i = 0; i < r.rows(); ++i) out.push_back(Row(r, i).Text(0));
    return out;
  }

 private:
  static Result<std::vector<Rate>> RatesOf(const PgResult& r) {
    std::vector<Rate> out;
    for (int i = 0; i < r.rows(); ++i) {
      if (std::optional<Rate> rate = RateFrom(Row(r, i))) out.push_back(*rate);
    }
    return out;
  }

  // Refuses a key that is not the database's (as the SQLite repository does).
  Status CheckKey() {
    ZAPAS_ASSIGN_OR_RETURN(PgResult table,
                           Run("SELECT to_regclass('key_check') IS NOT NULL", Params()));
    if (Row(table, 0).Text(0) != "t") return Status::Ok();
    const std::string wrong = WrongKeyMessage(Redacted(options_.path));
    ZAPAS_ASSIGN_OR_RETURN(PgResult r, Run("SELECT value FROM key_check WHERE id = 1", Params()));
    if (r.rows() != 1) return Status::Invalid(wrong);
    auto check = cipher_.Open(Row(r, 0).Blob(0), kKeyCheckContext);
    if (!check.ok() || *check != kKeyCheckText) return Status::Invalid(wrong);
    return Status::Ok();
  }

  // The encryption migration's work. A PostgreSQL database never held personal
  // data in clear (its columns were sealed BYTEA from the start), so only the
  // key check value is stored.
  Status StoreKeyCheck() {
    return Run("INSERT INTO key_check (id, value) VALUES (1, $1)",
               Params().Bytes(cipher_.Seal(kKeyCheckText, kKeyCheckContext)),
               "storing the key check")
        .status();
  }

  // The hash chain migration's work on entries stored before it: computed in
  // id order with the append-only trigger lifted inside the transaction.
  Status BackfillHashes() {
    std::vector<JournalEntry> entries;
    ZAPAS_RETURN_IF_ERROR(ForEachEntry(0, [&](const JournalEntry& e) {
      entries.push_back(e);
      return true;
    }));
    if (entries.empty()) return Status::Ok();
    ZAPAS_RETURN_IF_ERROR(Exec("ALTER TABLE journal DISABLE TRIGGER journal_no_update"));
    std::string prev;
    for (const JournalEntry& e : entries) {
      const std::string hash = Sha256(CanonicalEntry(e, prev));
      ZAPAS_RETURN_IF_ERROR(Run("UPDATE journal SET prev_hash = $1, hash = $2 WHERE id = $3",
                                Params().Text(prev).Text(hash).Int(e.id), "storing a hash")
                                .status());
      prev = hash;
    }
    return Exec("ALTER TABLE journal ENABLE TRIGGER journal_no_update");
  }

  // A connection that broke (the primary restarted, a failover, a cut
  // network) is made again before the next transaction, or the next read
  // outside one, with this session's settings and locks. What was in flight
  // has failed already (kUnavailable): nothing is retried behind the caller.
  Status Reconnect() {
    if (PQstatus(conn_) == CONNECTION_OK && !needs_setup_) return Status::Ok();
    // Until the whole setup below has succeeded, the next use comes back here.
    needs_setup_ = true;
    PQreset(conn_);
    if (PQstatus(conn_) != CONNECTION_OK) {
      std::string message = PQerrorMessage(conn_);
      while (!message.empty() && message.back() == '\n') message.pop_back();
      return Status::Unavailable("cannot connect to " + Redacted(options_.path) + ": " + message);
    }
    prepared_.clear();  // they lived in the old session
    ForgetTransaction();
    in_transaction_ = false;
    setting_up_ = true;
    Status set_up = SetUpSession();
    setting_up_ = false;
    if (!set_up.ok()) return set_up;
    needs_setup_ = false;
    return Status::Ok();
  }

  // The session's settings, key check, writer's lock and LISTEN, as at open.
  Status SetUpSession() {
    ZAPAS_RETURN_IF_ERROR(Configure());
    if (writer_lock_) ZAPAS_RETURN_IF_ERROR(HoldWriterLock(*writer_lock_));
    if (listening_) ZAPAS_RETURN_IF_ERROR(Listen().status());
    return Status::Ok();
  }

  // Before a transaction or a read outside one: a connection the server has
  // closed since its last use (its goodbye is waiting on the socket) is made
  // again before anything is sent on it.
  Status EnsureAlive() {
    if (setting_up_) return Status::Ok();  // Reconnect's own statements
    // Its last words, then the end of the stream: a read each.
    for (int reads = 0; reads < 3 && PQstatus(conn_) == CONNECTION_OK; ++reads) {
      pollfd fd{PQsocket(conn_), POLLIN, 0};
      if (::poll(&fd, 1, 0) <= 0 || PQconsumeInput(conn_) == 0) break;
    }
    return Reconnect();
  }

  // What a write transaction keeps on this side until it ends.
  void ForgetTransaction() {
    head_.reset();
    deferred_.clear();
    counters_ = Counters();
    counter_marks_.clear();
  }

  // SQL storing the counters this transaction moved ("" when none); they are
  // then stored as far as this side knows.
  std::string StoreCounters() {
    std::string sql;
    for (const CounterKey& key : counters_.dirty) {
      char* name = PQescapeLiteral(conn_, key.first.c_str(), key.first.size());
      if (name == nullptr) continue;  // cannot happen for a document prefix
      sql += "INSERT INTO sequences (name, year, value) VALUES (" + std::string(name) + ", " +
             std::to_string(key.second) + ", " + std::to_string(counters_.value[key]) +
             ") ON CONFLICT (name, year) DO UPDATE SET value = excluded.value; ";
      PQfreemem(name);
    }
    counters_.dirty.clear();
    return sql;
  }

  // Whether a notification has arrived on this connection (consumed).
  bool Heard() {
    bool heard = false;
    while (PGnotify* n = PQnotifies(conn_)) {
      heard = true;
      PQfreemem(n);
    }
    return heard;
  }

  // Runs SQL text without parameters (several statements allowed), after the
  // deferred savepoint commands.
  Status Exec(const std::string& sql) {
    std::string text;
    for (const char* command : deferred_) text += std::string(command) + "; ";
    deferred_.clear();
    text += sql;
    PgResult r(PQexec(conn_, text.c_str()));
    const ExecStatusType st = PQresultStatus(r.get());
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) return Status::Ok();
    return Error(r, "database");
  }

  // Executes `sql` with `params`, prepared on first use and kept for the life
  // of the connection (a prepared statement outlives a rolled back
  // transaction).
  Result<PgResult> Run(const std::string& sql, const Params& params,
                       const std::string& what = "database") {
    if (!in_transaction_) ZAPAS_RETURN_IF_ERROR(EnsureAlive());
    auto it = prepared_.find(sql);
    if (it == prepared_.end()) {
      // The deferred commands first: a failing prepare must find them sent.
      if (!deferred_.empty()) ZAPAS_RETURN_IF_ERROR(Exec(""));
      const std::string name = "z" + std::to_string(prepared_.size() + 1);
      PgResult prepared(PQprepare(conn_, name.c_str(), sql.c_str(), 0, nullptr));
      if (PQresultStatus(prepared.get()) != PGRES_COMMAND_OK) return Error(prepared, what);
      it = prepared_.emplace(sql, name).first;
    }
    std::vector<const char*> values;
    std::vector<int> lengths;
    params.Arrays(values, lengths);
    if (!deferred_.empty()) return RunAfterDeferred(it->second, params, values, lengths, what);
    PgResult r(PQexecPrepared(conn_, it->second.c_str(), params.size(), values.data(),
                              lengths.data(), params.formats(), 0));
    const ExecStatusType st = PQresultStatus(r.get());
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) return Error(r, what);
    return r;
  }

  // The deferred savepoint commands and then the prepared statement `name`,
  // in one pipeline: one round trip. The first failure is the result.
  Result<PgResult> RunAfterDeferred(const std::string& name, const Params& params,
                                    const std::vector<const char*>& values,
                                    const std::vector<int>& lengths, const std::string& what) {
    const size_t commands = deferred_.size();
    bool sent = PQenterPipelineMode(conn_) == 1;
    for (const char* command : deferred_) {
      sent = sent && PQsendQueryParams(conn_, command, 0, nullptr, nullptr, nullptr, nullptr, 0);
    }
    deferred_.clear();
    sent = sent && PQsendQueryPrepared(conn_, name.c_str(), params.size(), values.data(),
                                       lengths.data(), params.formats(), 0);
    sent = sent && PQpipelineSync(conn_);
    if (!sent) {
      // What reached the server is unknown: this session is given up.
      needs_setup_ = true;
      return Status::Unavailable(what + ": " + PQerrorMessage(conn_));
    }
    Status failed = Status::Ok();
    std::optional<PgResult> out;
    for (size_t i = 0; i <= commands; ++i) {
      PgResult r(PQgetResult(conn_));
      const ExecStatusType st = PQresultStatus(r.get());
      if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
        if (failed.ok()) failed = Error(r, i < commands ? "database" : what);
      } else if (i == commands) {
        out.emplace(std::move(r));
      }
      PgResult end(PQgetResult(conn_));  // each command's results end with NULL
    }
    PgResult sync(PQgetResult(conn_));  // PGRES_PIPELINE_SYNC
    if (PQexitPipelineMode(conn_) != 1) {
      needs_setup_ = true;
      if (failed.ok()) failed = Status::Unavailable(what + ": " + PQerrorMessage(conn_));
    }
    if (!failed.ok()) return failed;
    return std::move(*out);
  }

  // The Status of a failed statement, by SQLSTATE (as the SQLite repository
  // maps its extended codes).
  Status Error(const PgResult& r, const std::string& what) const {
    const char* state = r.get() ? PQresultErrorField(r.get(), PG_DIAG_SQLSTATE) : nullptr;
    std::string message = r.get() ? PQresultErrorMessage(r.get()) : PQerrorMessage(conn_);
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) {
      message.pop_back();
    }
    message = what + ": " + message;
    const std::string code = state ? state : "";
    if (code == "23505") return Status::Conflict(message);  // unique_violation
    const char* constraint =
        r.get() ? PQresultErrorField(r.get(), PG_DIAG_CONSTRAINT_NAME) : nullptr;
    if (code == "23514" && constraint != nullptr &&
        std::string(constraint) == "lot_stock_not_negative") {
      // The database's own check that no lot goes below zero (migration 8).
      return Status::Conflict(what + ": not enough stock");
    }
    if (code.rfind("23", 0) == 0) return Status::Invalid(message);  // integrity constraints
    return Status::Unavailable(message);
  }

  Result<int32_t> InsertReturningId(const char* sql, const Params& params,
                                    const std::string& what) {
    Result<PgResult> r = Run(sql, params, "cannot store " + what);
    if (!r.ok()) {
      if (r.status().code() == StatusCode::kConflict) {
        return Status::Conflict(what + " already exists");
      }
      return r.status();
    }
    return static_cast<int32_t>(Row(*r, 0).Int(0));
  }

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

}  // namespace

Result<std::unique_ptr<Repository>> OpenPostgres(const DatabaseOptions& options) {
  ZAPAS_ASSIGN_OR_RETURN(FieldCipher cipher, FieldCipher::Create(options.key));
  char* error = nullptr;
  PQconninfoOption* parsed = PQconninfoParse(options.path.c_str(), &error);
  if (parsed == nullptr) {
    std::string message = error ? error : "out of memory";
    PQfreemem(error);
    while (!message.empty() && message.back() == '\n') message.pop_back();
    return Status::Invalid("bad database URL " + Redacted(options.path) + ": " + message);
  }
  PQconninfoFree(parsed);
  // A connection attempt gives up after 10 s unless the URL says otherwise
  // (the URL's settings come later and win), so an unreachable host never
  // holds a server's writer or its shutdown for long; libpq keeps TCP
  // keepalives on.
  const char* keywords[] = {"connect_timeout", "dbname", nullptr};
  const char* values[] = {"10", options.path.c_str(), nullptr};
  PGconn* conn = PQconnectdbParams(keywords, values, 1);
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string message = PQerrorMessage(conn);
    PQfinish(conn);
    while (!message.empty() && message.back() == '\n') message.pop_back();
    return Status::Unavailable("cannot connect to " + Redacted(options.path) + ": " + message);
  }
  auto repo = std::make_unique<PostgresRepository>(conn, options, std::move(cipher));
  ZAPAS_RETURN_IF_ERROR(repo->Configure());
  return std::unique_ptr<Repository>(std::move(repo));
}

}  // namespace zapas
