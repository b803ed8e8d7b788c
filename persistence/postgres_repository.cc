// PostgreSQL: the connection and its recovery, transactions, migrations, the
// key, listening for other servers' writes (the class: postgres_repository.h).
#include "persistence/postgres_repository.h"

namespace zapas::postgres {
namespace {

std::string HouseholdSizeOf(const std::string& json) {
  return "zapas_household_size(" + json + ")";
}

std::string DocumentMember(const std::string& column, const std::string& member) {
  return column + "::jsonb ->> '" + member + "'";
}

const SqlDialect kDialect = {"$1::text", HouseholdSizeOf, " COLLATE \"C\"", true, DocumentMember};

}  // namespace

PostgresRepository::PostgresRepository(PGconn* conn, const DatabaseOptions& options,
                                       FieldCipher cipher)
    : SqlRepository(std::move(cipher), kDialect), conn_(conn), options_(options) {
  options_.key.clear();  // the cipher holds it
  // Notices ("relation exists, skipping") are not errors: not to stderr.
  PQsetNoticeProcessor(
      conn_, [](void*, const char*) {}, nullptr);
}

PostgresRepository::~PostgresRepository() {
  // The server drops a session's locks when its backend ends, which comes a
  // moment after PQfinish: let the writer's lock go now, so the next server
  // can take it at once.
  if (writer_lock_ && PQstatus(conn_) == CONNECTION_OK) {
    (void)Exec("SELECT pg_advisory_unlock_all()");
  }
  PQfinish(conn_);
}

Status PostgresRepository::Configure() {
  // A commit is durable when acknowledged, unless asked otherwise; waiting
  // for another writer's lock is bounded like SQLite's busy timeout.
  ZAPAS_RETURN_IF_ERROR(Exec(options_.synchronous_full ? "SET synchronous_commit = on"
                                                       : "SET synchronous_commit = off"));
  ZAPAS_RETURN_IF_ERROR(Exec("SET lock_timeout = " + std::to_string(options_.busy_timeout_ms)));
  ZAPAS_RETURN_IF_ERROR(Exec("SET client_min_messages = warning"));
  return CheckKey();
}

Status PostgresRepository::Migrate() {
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
    if (s.ok() && next->version == kHashChainMigration)
      s = BackfillHashes("ALTER TABLE journal DISABLE TRIGGER journal_no_update",
                         "ALTER TABLE journal ENABLE TRIGGER journal_no_update");
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

Status PostgresRepository::HoldWriterLock(Writers writers) {
  const char* sql = writers == Writers::kShared ? "SELECT pg_try_advisory_lock_shared($1)"
                                                : "SELECT pg_try_advisory_lock($1)";
  ZAPAS_ASSIGN_OR_RETURN(PgResult r, Run(sql, Params().Int(kWriterLock)));
  // PostgreSQL writes a boolean as "t" or "f".
  if (Row(r, 0).Text(0) != "t") return Status::Unavailable(AnotherWriterMessage(options_.path));
  writer_lock_ = writers;
  return Status::Ok();
}

Result<StateMark> PostgresRepository::CurrentMark() {
  ZAPAS_ASSIGN_OR_RETURN(PgResult r, Run(kCurrentMarkSql, Params()));
  return MarkFrom(Row(r, 0));
}

Result<bool> PostgresRepository::Listen() {
  ZAPAS_RETURN_IF_ERROR(Exec(std::string("LISTEN ") + kWritesChannel));
  listening_ = true;
  return true;
}

Result<bool> PostgresRepository::WaitForWrites(int timeout_ms) {
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

Result<int> PostgresRepository::SchemaVersion() {
  ZAPAS_ASSIGN_OR_RETURN(PgResult r,
                         Run("SELECT COALESCE(MAX(version), 0) FROM schema_version", Params()));
  return static_cast<int>(Row(r, 0).Int(0));
}

Result<std::string> PostgresRepository::QuickCheck() { return std::string("ok"); }

Status PostgresRepository::Begin() {
  ForgetTransaction();
  ZAPAS_RETURN_IF_ERROR(EnsureAlive());
  // Waits for the other write transactions (kWriteLock), at most lock_timeout.
  Status begun = Exec("BEGIN; SELECT pg_advisory_xact_lock(" + std::to_string(kWriteLock) + ")");
  if (!begun.ok()) (void)Exec("ROLLBACK");
  in_transaction_ = begun.ok();
  return begun;
}

Status PostgresRepository::Commit() {
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

Status PostgresRepository::Rollback() {
  ForgetTransaction();
  in_transaction_ = false;
  return Exec("ROLLBACK");
}

Status PostgresRepository::Savepoint() {
  deferred_.push_back(kSavepointSql);
  counter_marks_.push_back(counters_);
  return Status::Ok();
}

Status PostgresRepository::ReleaseSavepoint() {
  if (!counter_marks_.empty()) counter_marks_.pop_back();
  if (!deferred_.empty() && deferred_.back() == kSavepointSql) {
    deferred_.pop_back();  // nothing ran inside it
  } else {
    deferred_.push_back(kReleaseSql);
  }
  return Status::Ok();
}

Status PostgresRepository::RollbackToSavepoint() {
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

Status PostgresRepository::BeginRead() {
  ZAPAS_RETURN_IF_ERROR(EnsureAlive());
  Status begun = Exec("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY");
  in_transaction_ = begun.ok();
  return begun;
}

Status PostgresRepository::EndRead() {
  in_transaction_ = false;
  return Exec("COMMIT");
}

Status PostgresRepository::BackupTo(const std::string& path, const std::function<void(int, int)>&) {
  return Status::Invalid(
      "zapas backup copies a SQLite database; back up PostgreSQL with pg_dump or "
      "pg_basebackup (docs/deploy.md)");
}

Status PostgresRepository::CheckKey() {
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

Status PostgresRepository::StoreKeyCheck() {
  return Run("INSERT INTO key_check (id, value) VALUES (1, $1)",
             Params().Bytes(cipher_.Seal(kKeyCheckText, kKeyCheckContext)), "storing the key check")
      .status();
}

Status PostgresRepository::Reconnect() {
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

Status PostgresRepository::SetUpSession() {
  ZAPAS_RETURN_IF_ERROR(Configure());
  if (writer_lock_) ZAPAS_RETURN_IF_ERROR(HoldWriterLock(*writer_lock_));
  if (listening_) ZAPAS_RETURN_IF_ERROR(Listen().status());
  return Status::Ok();
}

Status PostgresRepository::EnsureAlive() {
  if (setting_up_) return Status::Ok();  // Reconnect's own statements
  // Its last words, then the end of the stream: a read each.
  for (int reads = 0; reads < 3 && PQstatus(conn_) == CONNECTION_OK; ++reads) {
    pollfd fd{PQsocket(conn_), POLLIN, 0};
    if (::poll(&fd, 1, 0) <= 0 || PQconsumeInput(conn_) == 0) break;
  }
  return Reconnect();
}

void PostgresRepository::ForgetTransaction() {
  head_.reset();
  deferred_.clear();
  counters_ = Counters();
  counter_marks_.clear();
}

std::string PostgresRepository::StoreCounters() {
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

bool PostgresRepository::Heard() {
  bool heard = false;
  while (PGnotify* n = PQnotifies(conn_)) {
    heard = true;
    PQfreemem(n);
  }
  return heard;
}

Status PostgresRepository::Exec(const std::string& sql) {
  std::string text;
  for (const char* command : deferred_) text += std::string(command) + "; ";
  deferred_.clear();
  text += sql;
  PgResult r(PQexec(conn_, text.c_str()));
  const ExecStatusType st = PQresultStatus(r.get());
  if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK) return Status::Ok();
  return Error(r, "database");
}

Result<PgResult> PostgresRepository::Run(const std::string& sql, const Params& params,
                                         const std::string& what) {
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
  // Text format but BYTEA; numbers as their decimal text.
  const int n = params.size();
  std::vector<std::string> numbers(static_cast<size_t>(n));
  std::vector<const char*> values;
  std::vector<int> lengths, formats;
  for (int i = 0; i < n; ++i) {
    const Params::Value& v = params.at(i);
    std::string& number = numbers[static_cast<size_t>(i)];
    if (v.kind == Params::Kind::kInt) number = std::to_string(v.number);
    const std::string& text = v.kind == Params::Kind::kInt ? number : v.text;
    values.push_back(v.kind == Params::Kind::kNull ? nullptr : text.data());
    lengths.push_back(static_cast<int>(text.size()));
    formats.push_back(v.kind == Params::Kind::kBytes ? 1 : 0);
  }
  if (!deferred_.empty()) {
    return RunAfterDeferred(it->second, params, values, lengths, formats, what);
  }
  PgResult r(PQexecPrepared(conn_, it->second.c_str(), n, values.data(), lengths.data(),
                            formats.data(), 0));
  const ExecStatusType st = PQresultStatus(r.get());
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) return Error(r, what);
  return r;
}

Result<PgResult> PostgresRepository::RunAfterDeferred(const std::string& name, const Params& params,
                                                      const std::vector<const char*>& values,
                                                      const std::vector<int>& lengths,
                                                      const std::vector<int>& formats,
                                                      const std::string& what) {
  const size_t commands = deferred_.size();
  bool sent = PQenterPipelineMode(conn_) == 1;
  for (const char* command : deferred_) {
    sent = sent && PQsendQueryParams(conn_, command, 0, nullptr, nullptr, nullptr, nullptr, 0);
  }
  deferred_.clear();
  sent = sent && PQsendQueryPrepared(conn_, name.c_str(), params.size(), values.data(),
                                     lengths.data(), formats.data(), 0);
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

Status PostgresRepository::Error(const PgResult& r, const std::string& what) const {
  const char* state = r.get() ? PQresultErrorField(r.get(), PG_DIAG_SQLSTATE) : nullptr;
  std::string message = r.get() ? PQresultErrorMessage(r.get()) : PQerrorMessage(conn_);
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) {
    message.pop_back();
  }
  message = what + ": " + message;
  const std::string code = state ? state : "";
  if (code == "23505") return Status::Conflict(message);  // unique_violation
  const char* constraint = r.get() ? PQresultErrorField(r.get(), PG_DIAG_CONSTRAINT_NAME) : nullptr;
  if (code == "23514" && constraint != nullptr &&
      std::string(constraint) == "lot_stock_not_negative") {
    // The database's own check that no lot goes below zero (migration 8).
    return Status::Conflict(what + ": not enough stock");
  }
  if (code.rfind("23", 0) == 0) return Status::Invalid(message);  // integrity constraints
  return Status::Unavailable(message);
}

Result<int64_t> PostgresRepository::Query(const std::string& sql, const SqlParams& params,
                                          const SqlRowVisitor& row, const std::string& what) {
  ZAPAS_ASSIGN_OR_RETURN(PgResult r, Run(sql, params, what));
  if (row) {
    for (int i = 0; i < r.rows(); ++i) row(Row(r, i));
  }
  return r.changes();
}

Result<int32_t> PostgresRepository::InsertReturningId(const char* sql, const Params& params,
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

}  // namespace zapas::postgres

namespace zapas {

Result<std::unique_ptr<Repository>> OpenPostgres(const DatabaseOptions& options) {
  ZAPAS_ASSIGN_OR_RETURN(FieldCipher cipher, FieldCipher::Create(options.key));
  char* error = nullptr;
  PQconninfoOption* parsed = PQconninfoParse(options.path.c_str(), &error);
  if (parsed == nullptr) {
    std::string message = error ? error : "out of memory";
    PQfreemem(error);
    while (!message.empty() && message.back() == '\n') message.pop_back();
    return Status::Invalid("bad database URL " + postgres::Redacted(options.path) + ": " + message);
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
    return Status::Unavailable("cannot connect to " + postgres::Redacted(options.path) + ": " +
                               message);
  }
  auto repo = std::make_unique<postgres::PostgresRepository>(conn, options, std::move(cipher));
  ZAPAS_RETURN_IF_ERROR(repo->Configure());
  return std::unique_ptr<Repository>(std::move(repo));
}

}  // namespace zapas
