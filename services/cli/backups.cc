// Backups: zapas backup (a copy now, or one as the schedule makes it) and
// zapas restore.
#include "services/cli/command.h"

#include <unistd.h>

#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "services/app/backups.h"
#include "services/app/verify.h"

namespace zapas::cli {

namespace {

namespace fs = std::filesystem;

int Backup(const CommandLine& cl, const Config& config) {
  auto repo = OpenExisting(config, /*migrate=*/false);
  if (!repo.ok()) return Fail(repo.status().message());
  if (cl.Has("scheduled")) {
    auto options = DbOptions(config, KeyCreation::kNever);
    if (!options.ok()) return Fail(options.status().message());
    auto made = MakeBackup(config, *options, **repo, std::time(nullptr), [](const std::string& l) {
      std::cout << "zapas: backup: " << l << std::endl;
    });
    if (!made.ok()) return Fail("backup failed: " + made.status().message());
    // The backup stands; a failed copy elsewhere is reported, and is not the backup's failure.
    if (!made->after_error.empty()) std::cerr << "zapas: backup.after failed" << std::endl;
    return 0;
  }
  if (IsPostgresUrl(config.db_path)) {
    return Fail(
        "a PostgreSQL database is copied with pg_dump (or zapas backup --scheduled "
        "with backup.dir): docs/deploy.md");
  }
  Status done = (*repo)->BackupTo(cl.words[1], [](int, int total) {
    std::cout << "zapas: copying " << total << " pages ..." << std::endl;
  });
  if (!done.ok()) return Fail(done.message());
  std::cout << "zapas: " << config.db_path << " copied to " << cl.words[1]
            << " (its personal data opens only with the key: " << KeySource(config) << ")"
            << std::endl;
  return 0;
}

// Whether `path` starts as every SQLite database does.
bool IsSqliteFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char header[16] = {};
  in.read(header, sizeof header);
  return in && std::string(header, 16) == std::string("SQLite format 3\0", 16);
}

struct Checked {
  int64_t entries = 0;
  std::string head;
};
// Opens the database at `path` with `options`' key, migrated when
// `migrate`, and verifies its journal.
Result<Checked> OpenAndVerify(DatabaseOptions options, const std::string& path, bool migrate) {
  options.path = path;
  ZAPAS_ASSIGN_OR_RETURN(auto repo, OpenDatabase(options));
  if (migrate) ZAPAS_RETURN_IF_ERROR(repo->Migrate());
  ZAPAS_ASSIGN_OR_RETURN(VerifyReport report, VerifyJournal(*repo));
  return Checked{report.entries, report.head};
}

std::string ReadWhole(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Whether the database at `path` holds the entry of `hash`.
Result<bool> Holds(DatabaseOptions options, const std::string& path, const std::string& hash) {
  options.path = path;
  ZAPAS_ASSIGN_OR_RETURN(auto repo, OpenDatabase(options));
  ZAPAS_ASSIGN_OR_RETURN(auto entry, repo->FindEntryByHash(hash));
  return entry.has_value();
}

void RemoveWithSidecars(const std::string& path) {
  std::error_code ec;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(path + suffix, ec);
}

int Restore(const CommandLine& cl, const Config& config) {
  if (IsPostgresUrl(config.db_path)) {
    return Fail("a PostgreSQL database is restored with pg_restore: docs/deploy.md");
  }
  const std::string from = cl.words[1];
  const std::string target = config.db_path;
  std::error_code ec;
  if (!fs::is_regular_file(from, ec)) return Fail("no backup at " + from + " (or not readable)");
  if (!IsSqliteFile(from)) return Fail(from + " is not a Zapas backup (not a SQLite database)");
  // The key the backup was made with: --key FILE, else the configured one.
  Config keyed = config;
  if (cl.Has("key")) keyed.key_file = cl.Get("key");
  auto options = DbOptions(keyed, KeyCreation::kNever);
  if (!options.ok()) {
    return Fail(options.status().message() +
                " (give the key the backup was made with: --key FILE)");
  }
  if (Status dir = EnsureParentDir(target); !dir.ok()) return Fail(dir.message());
  // No server may serve the database while it is replaced.
  auto lock = TakeDatabaseLock(target);
  if (!lock.ok()) return Fail(lock.status().message());
  struct Unlock {
    int fd;
    ~Unlock() { ::close(fd); }
  } unlock{*lock};

  // The backup is copied beside the database, checked there (and brought to
  // this version's schema), and only then put in its place.
  const std::string staged = target + ".restoring";
  RemoveWithSidecars(staged);
  fs::copy_file(from, staged, ec);
  if (ec) return Fail("cannot copy " + from + " to " + staged + ": " + ec.message());
  fs::permissions(staged, fs::perms::owner_read | fs::perms::owner_write, ec);
  auto backup = OpenAndVerify(*options, staged, /*migrate=*/true);
  if (!backup.ok()) {
    RemoveWithSidecars(staged);
    return Fail(from + " cannot be restored: " + backup.status().message());
  }
  if (fs::exists(target, ec)) {
    // The database in place, with its own key (not the backup's): newer
    // when it holds more entries, or an entry (its head) the backup lacks.
    auto own = DbOptions(config, KeyCreation::kNever);
    auto current =
        own.ok() ? OpenAndVerify(*own, target, /*migrate=*/false) : Result<Checked>(own.status());
    bool newer = false;
    if (current.ok() && current->entries > 0) {
      auto held = Holds(*options, staged, current->head);
      newer = current->entries > backup->entries || !held.ok() || !*held;
    }
    if (newer && !cl.Has("force")) {
      RemoveWithSidecars(staged);
      return Fail(target + " holds " + std::to_string(current->entries) +
                  " journal entries against the backup's " + std::to_string(backup->entries) +
                  ": it is newer than the backup, or went another way. --force replaces it");
    }
    if (!current.ok()) {
      std::cout << "zapas: " << target << " does not open or verify (" << current.status().message()
                << "): replacing it" << std::endl;
    }
  }
  // The database opens with the key it was made with: --key takes the
  // place of the configured key file (the one it replaces is kept aside),
  // staged before anything is replaced.
  const std::string key_file = KeyFilePath(config);
  const std::string staged_key = key_file + ".restoring";
  const bool new_key = cl.Has("key") && std::getenv("ZAPAS_KEY") == nullptr &&
                       ReadWhole(key_file) != ReadWhole(cl.Get("key"));
  if (new_key) {
    fs::remove(staged_key, ec);
    fs::copy_file(cl.Get("key"), staged_key, ec);
    if (!ec) fs::permissions(staged_key, fs::perms::owner_read | fs::perms::owner_write, ec);
    if (ec) {
      RemoveWithSidecars(staged);
      return Fail("cannot copy the key to " + staged_key + ": " + ec.message());
    }
  }
  const std::string kept = key_file + ".before-restore-" + std::to_string(std::time(nullptr));
  if (new_key && fs::exists(key_file, ec)) {
    fs::rename(key_file, kept, ec);
    if (ec) {
      RemoveWithSidecars(staged);
      fs::remove(staged_key, ec);
      return Fail("cannot set aside the key " + key_file + ": " + ec.message());
    }
    std::cout << "zapas: the key in place kept as " << kept << std::endl;
  }
  RemoveWithSidecars(target);
  fs::rename(staged, target, ec);
  if (ec) return Fail("cannot put the backup in place at " + target + ": " + ec.message());
  if (new_key) {
    fs::rename(staged_key, key_file, ec);
    if (ec) {
      return Fail("the backup is in place, but its key is not: move " + staged_key + " to " +
                  key_file + " (" + ec.message() + ")");
    }
    std::cout << "zapas: the key copied to " << key_file << std::endl;
  }
  std::cout << "zapas: " << from << " restored to " << target << ": " << backup->entries
            << " journal entries, verified, head " << backup->head << std::endl;
  return 0;
}

}  // namespace

const Subcommand kBackup = {
    "Usage: zapas backup FILE [--db PATH] [--config FILE]\n"
    "       zapas backup --scheduled [--db PATH] [--config FILE]\n"
    "Copies the database to FILE (which must not exist) while the server keeps\n"
    "serving: SQLite's online backup gives a consistent copy. --scheduled makes\n"
    "one backup as the daily schedule does (backup.dir, named by date and time,\n"
    "verified, older ones pruned to backup.keep, then backup.after); also for\n"
    "PostgreSQL (pg_dump).\n",
    [](const CommandLine& cl) {
      return cl.Has("scheduled") ? cl.words.size() == 1 : cl.words.size() == 2;
    },
    Backup};

const Subcommand kRestore = {
    "Usage: zapas restore FILE [--key KEYFILE] [--force] [--db PATH] [--config FILE]\n"
    "Puts the backup FILE in place as the database, once it opens with the key\n"
    "(--key: the key file it was made with; default the configured key, which\n"
    "is copied beside a database restored to a new place) and its journal\n"
    "verifies. Stop the server first. Refuses to replace a database that holds\n"
    "more journal entries than the backup, or other ones, unless --force.\n",
    [](const CommandLine& cl) { return cl.words.size() == 2; }, Restore};

}  // namespace zapas::cli
