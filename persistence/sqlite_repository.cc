// SQLite: opening the connection, transactions, migrations, the key and the
// sealing of personal data, backups (the class: sqlite_repository.h).
#include "persistence/sqlite_repository.h"

namespace zapas::sqlite {
namespace {

std::string DocumentMember(const std::string& column, const std::string& member) {
  return "json_extract(" + column + ", '$." + member + "')";
}

const SqlDialect kDialect = {"$1", HouseholdSizeOf, "", false, DocumentMember};

}  // namespace

SqliteRepository::SqliteRepository(sqlite3* db, const DatabaseOptions& options, FieldCipher cipher)
    : SqlRepository(std::move(cipher), kDialect), db_(db), options_(options) {
  options_.key.clear();  // the cipher holds it
}

SqliteRepository::~SqliteRepository() {
  statements_.clear();
  sqlite3_close_v2(db_);
  if (lock_fd_ >= 0) ::close(lock_fd_);
}

}  // namespace zapas::sqlite

namespace zapas {

Result<int> TakeDatabaseLock(const std::string& path) {
  // A lock file beside the database, not the database itself: SQLite's own
  // locks come and go with each transaction. The kernel drops it when the
  // process ends, even when it is killed.
  const std::string lock_path = path + ".lock";
  int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    return Status::Unavailable("cannot open " + lock_path + ": " + std::strerror(errno));
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd);
    return Status::Unavailable(AnotherWriterMessage(path));
  }
  // Who holds it, for `zapas sync` to ask that server to sync.
  if (::ftruncate(fd, 0) == 0) (void)!::dprintf(fd, "%d\n", static_cast<int>(::getpid()));
  return fd;
}

}  // namespace zapas

namespace zapas::sqlite {

Status SqliteRepository::HoldWriterLock(Writers) {
  if (lock_fd_ >= 0) return Status::Ok();
  ZAPAS_ASSIGN_OR_RETURN(lock_fd_, TakeDatabaseLock(options_.path));
  return Status::Ok();
}

Status SqliteRepository::Configure() {
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

Status SqliteRepository::Migrate() {
  ZAPAS_RETURN_IF_ERROR(
      Exec("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, "
           "applied_at TEXT NOT NULL)"));
  ZAPAS_ASSIGN_OR_RETURN(int current, SchemaVersion());
  size_t sealed = 0;
  for (const Migration& m : Migrations()) {
    if (m.version <= current) continue;
    // PRAGMA foreign_keys is a no-op inside a transaction.
    if (m.rebuilds_tables) ZAPAS_RETURN_IF_ERROR(Exec("PRAGMA foreign_keys=OFF"));
    ZAPAS_RETURN_IF_ERROR(Exec("BEGIN IMMEDIATE"));
    Status s = Exec(SqliteSql(m));
    if (s.ok() && m.rebuilds_tables) s = CheckForeignKeys();
    if (s.ok() && m.version == kHashChainMigration)
      s = BackfillHashes("DROP TRIGGER journal_no_update",
                         "CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal "
                         "BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END");
    if (s.ok() && m.version == kEncryptionMigration) s = EncryptStoredPersonalData(sealed);
    if (s.ok()) {
      s = Exec("INSERT INTO schema_version (version, applied_at) VALUES (" +
               std::to_string(m.version) + ", '" + NowRfc3339() + "')");
    }
    if (!s.ok()) {
      (void)Exec("ROLLBACK");
      if (m.rebuilds_tables) (void)Exec("PRAGMA foreign_keys=ON");
      return Status::Internal("migration " + std::to_string(m.version) + " (" + m.description +
                              ") failed: " + s.message());
    }
    ZAPAS_RETURN_IF_ERROR(Exec("COMMIT"));
    if (m.rebuilds_tables) ZAPAS_RETURN_IF_ERROR(Exec("PRAGMA foreign_keys=ON"));
  }
  if (sealed > 0) return ScrubFreeSpace();
  return Status::Ok();
}

Status SqliteRepository::CheckForeignKeys() {
  std::string broken;
  ZAPAS_RETURN_IF_ERROR(Query(
                            "PRAGMA foreign_key_check", SqlParams(),
                            [&](const SqlRow& r) {
                              if (broken.empty()) broken = r.Text(0) + " row " + r.Text(1);
                            },
                            "checking foreign keys")
                            .status());
  if (!broken.empty()) return Status::Internal("a foreign key does not hold: " + broken);
  return Status::Ok();
}

Result<int> SqliteRepository::SchemaVersion() {
  ZAPAS_ASSIGN_OR_RETURN(auto version, First<int64_t>(
                                           "SELECT COALESCE(MAX(version), 0) FROM schema_version",
                                           SqlParams(), [](const SqlRow& r) { return r.Int(0); },
                                           "cannot read the schema version"));
  return static_cast<int>(version.value_or(0));
}

Result<std::string> SqliteRepository::QuickCheck() {
  std::string found;
  Stmt check(db_, "PRAGMA quick_check");
  if (!check.valid()) return Status::Unavailable(check.error());
  int rc;
  while ((rc = check.Step()) == SQLITE_ROW) {
    if (!found.empty()) found += "; ";
    found += check.Text(0);
  }
  if (rc != SQLITE_DONE) return Status::Unavailable(sqlite3_errmsg(db_));
  return found;
}

Status SqliteRepository::RollbackToSavepoint() {
  ZAPAS_RETURN_IF_ERROR(Control("ROLLBACK TO job"));
  return Control("RELEASE job");
}

Result<StateMark> SqliteRepository::CurrentMark() {
  Stmt& s = Prepared(kCurrentMarkSql);
  if (!s.valid()) return Status::Unavailable(s.error());
  if (s.Step() != SQLITE_ROW) {
    Status error = Error("reading the database's mark");
    s.Reset();
    return error;
  }
  StateMark mark = MarkFrom(s);
  s.Reset();
  return mark;
}

Result<bool> SqliteRepository::TakeOverCheckpoints() {
  // A hook of its own replaces SQLite's automatic checkpoint (itself a hook).
  sqlite3_wal_hook(
      db_,
      [](void* self, sqlite3*, const char*, int pages) {
        static_cast<SqliteRepository*>(self)->log_pages_.store(pages, std::memory_order_relaxed);
        return SQLITE_OK;
      },
      this);
  // After a peak (a long reader kept the log from starting over), its file is
  // cut back to 64 MiB when it does.
  ZAPAS_RETURN_IF_ERROR(Exec("PRAGMA journal_size_limit = 67108864"));
  return true;
}

Status SqliteRepository::Checkpoint() {
  const int rc =
      sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
  // Busy: another connection is copying it right now.
  if (rc == SQLITE_OK || rc == SQLITE_BUSY) return Status::Ok();
  return Error("copying the write-ahead log into the database");
}

Result<bool> SqliteRepository::WaitForWrites(int) {
  return Status::Internal("a SQLite database has one writer: nothing to wait for");
}

Status SqliteRepository::BackupTo(const std::string& path,
                                  const std::function<void(int, int)>& progress) {
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
  // Every page in one step, so in one read transaction: in WAL mode writers
  // go on meanwhile, and a copy made in parts would start again after each
  // write of theirs (and might never end under a steady load).
  while ((rc = sqlite3_backup_step(backup, -1)) == SQLITE_OK || rc == SQLITE_BUSY ||
         rc == SQLITE_LOCKED) {
    if (progress) progress(0, sqlite3_backup_pagecount(backup));
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

Status SqliteRepository::CheckKey() {
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

Status SqliteRepository::EncryptStoredPersonalData(size_t& sealed) {
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

Status SqliteRepository::SealColumn(const std::string& table, const std::string& key_column,
                                    const std::string& column, const std::string& where,
                                    const std::function<std::string(const std::string&)>& context,
                                    size_t& sealed) {
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

Status SqliteRepository::ScrubFreeSpace() {
  ZAPAS_RETURN_IF_ERROR(Exec("VACUUM"));
  return Exec("PRAGMA wal_checkpoint(TRUNCATE)");
}

Stmt& SqliteRepository::Prepared(const std::string& sql) {
  auto it = statements_.find(sql);
  if (it == statements_.end()) {
    it = statements_.emplace(sql, std::make_unique<Stmt>(db_, sql.c_str())).first;
  }
  return *it->second;
}

Status SqliteRepository::Control(const char* sql) {
  Stmt& stmt = Prepared(sql);
  if (!stmt.valid()) return Status::Unavailable("database: " + stmt.error());
  const int rc = stmt.Step();
  const std::string error = rc == SQLITE_DONE ? std::string() : sqlite3_errmsg(db_);
  stmt.Reset();
  if (rc == SQLITE_DONE) return Status::Ok();
  return Status::Unavailable("database: " + error);
}

Status SqliteRepository::Exec(const std::string& sql) {
  char* err = nullptr;
  int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
  if (rc == SQLITE_OK) return Status::Ok();
  std::string message = err ? err : sqlite3_errstr(rc);
  sqlite3_free(err);
  return Status::Unavailable("database: " + message);
}

Status SqliteRepository::Error(const std::string& what) {
  int rc = sqlite3_extended_errcode(db_);
  std::string message = what + ": " + sqlite3_errmsg(db_);
  if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
    return Status::Conflict(message);
  }
  if ((rc & 0xff) == SQLITE_CONSTRAINT) return Status::Invalid(message);
  return Status::Unavailable(message);
}

Result<int64_t> SqliteRepository::Query(const std::string& sql, const SqlParams& params,
                                        const SqlRowVisitor& row, const std::string& what) {
  Stmt& s = Prepared(sql);
  if (!s.valid()) return Status::Internal(what + ": " + s.error());
  s.Reset();
  s.Bind(params);
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) {
    if (row) row(s);
  }
  Status st = rc == SQLITE_DONE ? Status::Ok() : Error(what);
  s.Reset();
  if (!st.ok()) return st;
  return static_cast<int64_t>(sqlite3_changes(db_));
}

}  // namespace zapas::sqlite

namespace zapas {

Result<std::unique_ptr<Repository>> OpenSqlite(const DatabaseOptions& options) {
  ZAPAS_ASSIGN_OR_RETURN(FieldCipher cipher, FieldCipher::Create(options.key));
  if (options.path != ":memory:") ZAPAS_RETURN_IF_ERROR(sqlite::CreateOwnerOnly(options.path));
  // Each connection is used by one thread at a time (the writer's by the
  // writer thread, pooled readers by one request each): no mutex around
  // every call.
  sqlite3* db = nullptr;
  const int rc =
      sqlite3_open_v2(options.path.c_str(), &db,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  if (rc != SQLITE_OK) {
    const std::string message = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close(db);
    return Status::Unavailable("cannot open database " + options.path + ": " + message);
  }
  auto repo = std::make_unique<sqlite::SqliteRepository>(db, options, std::move(cipher));
  ZAPAS_RETURN_IF_ERROR(repo->Configure());
  return std::unique_ptr<Repository>(std::move(repo));
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
