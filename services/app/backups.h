// Backups that happen by themselves. Each day at backup.daily_at (Kyiv) the
// server copies its database into backup.dir while it keeps serving (SQLite:
// the online backup of `zapas backup`; PostgreSQL: pg_dump's custom format),
// checks the copy (SQLite: opened with the key and the journal verified as
// `zapas verify` does; PostgreSQL: pg_restore reads its table of contents),
// and only then gives it its name and prunes the older ones to
// backup.keep. A copy is made under a hidden name and renamed when whole
// and checked, so a file named zapas-*.db is always a whole, verified
// backup. backup.after then runs with the backup's path in
// ZAPAS_BACKUP_FILE (rclone, rsync, a USB disk); its failure is reported,
// never fatal.
//
// The directory tells the state: the newest backup, and .zapas-backup-state
// (the last run's failure, if any) — so /health, `zapas doctor` and the
// daily digest all see a failed or missing backup, after a restart too.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "config/config.h"
#include "domain/date.h"
#include "persistence/repository.h"
#include "services/app/alerts.h"
#include "services/app/daily_task.h"
#include "services/app/store.h"

namespace zapas {

// backup.dir, or the database's directory + "/backups" ("" for a PostgreSQL
// database without backup.dir).
std::string BackupDir(const Config& config);

// A backup file: zapas-YYYY-MM-DD-HHMMSS.db (.dump for PostgreSQL), named
// by the Kyiv time it was made.
struct BackupFile {
  std::string name;
  Date day = Date::FromDays(0);
};
// The backups in `dir`, newest first (files of other names are not ours).
std::vector<BackupFile> ListBackups(const std::string& dir);
// The backups to delete from `newest_first` so that the newest backup of
// each of the last `daily` days that have one stays, and the newest of each
// of the last `weekly` weeks (Monday to Sunday); the newest of all stays.
std::vector<BackupFile> BackupsToPrune(const std::vector<BackupFile>& newest_first, int daily,
                                       int weekly);

struct BackupState {
  // "ok"; "failed" (the last run failed); "missing" (none younger than 26
  // hours); "off" (backup.daily_at is not set).
  std::string status;
  std::string last;         // the newest backup's name, "" when none
  int64_t last_time = 0;    // when it was made, seconds since 1970 (0: none)
  std::string error;        // why the last run failed, "" when it did not
  std::string after_error;  // why backup.after failed after the last backup
};
BackupState ReadBackupState(const Config& config, int64_t now);
// The status of `state`'s other members at `now`.
std::string BackupStatusOf(const Config& config, const BackupState& state, int64_t now);
// What the daily digest says of `state` (nothing when all is well).
std::vector<Notice> BackupNotices(const BackupState& state);

struct BackupMade {
  std::string file;  // the backup's path
  int64_t entries = 0;
  std::vector<std::string> pruned;  // names removed
  std::string after_error;          // "" when backup.after is not set or succeeded
};
// One backup as the schedule makes it, copied from `source` (a connection
// to the database `options` names, key included) at `now`. The outcome is
// also written to the directory's state file.
Result<BackupMade> MakeBackup(const Config& config, const DatabaseOptions& options,
                              Repository& source, int64_t now,
                              const std::function<void(const std::string&)>& log);

// The server's schedule: MakeBackup each day at backup.daily_at, retried
// (DailyTask) when it fails; and the state for /health and /metrics.
class BackupScheduler {
 public:
  BackupScheduler(const Config& config, DatabaseOptions options, Store& store,
                  std::function<void(const std::string&)> log);
  // As the directory tells it now. Read again only when the directory
  // changed (every backup, pruning and state file is a name made, renamed
  // or removed in it): GET /health and GET /metrics pay one stat.
  BackupState state() const;

 private:
  Status RunToday();
  const Config config_;
  const DatabaseOptions options_;
  Store& store_;
  const std::function<void(const std::string&)> log_;
  mutable std::mutex state_mu_;
  mutable BackupState state_;           // under state_mu_, as last read
  mutable timespec state_read_{-1, 0};  // the directory's mtime then
  DailyTask task_;                      // last: stops before the members it uses go
};

}  // namespace zapas
