#include "services/app/backups.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <set>

#include "domain/json.h"
#include "services/app/verify.h"
#include "services/process.h"

namespace zapas {
namespace {

namespace fs = std::filesystem;

constexpr const char* kStateFile = ".zapas-backup-state";
constexpr int64_t kMissingAfterSeconds = 26 * 3600;
constexpr int kCommandSeconds = 6 * 3600;  // pg_dump of a large database, an rclone upload

// "zapas-2026-12-07-030000" of an instant, in Kyiv time.
std::string StemOf(int64_t now) {
  const int second = KyivSecondOfDay(now);
  char text[32];
  std::snprintf(text, sizeof text, "zapas-%s-%02d%02d%02d", KyivDateOf(now).ToString().c_str(),
                static_cast<int>(second / 3600), static_cast<int>(second / 60 % 60),
                static_cast<int>(second % 60));
  return text;
}

// The day of a backup's name, or nothing for a file that is not one.
std::optional<Date> DayOfName(const std::string& name) {
  // zapas-YYYY-MM-DD-HHMMSS.db / .dump
  const bool db = name.size() == 26 && name.ends_with(".db");
  const bool dump = name.size() == 28 && name.ends_with(".dump");
  if ((!db && !dump) || name.rfind("zapas-", 0) != 0 || name[16] != '-') return std::nullopt;
  for (size_t i = 17; i < 23; ++i) {
    if (name[i] < '0' || name[i] > '9') return std::nullopt;
  }
  auto day = Date::Parse(name.substr(6, 10));
  if (!day.ok()) return std::nullopt;
  return *day;
}

void SyncDirectory(const std::string& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  (void)::fsync(fd);
  ::close(fd);
}

Status SyncFile(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::Unavailable("cannot open " + path + " to flush it");
  const int synced = ::fsync(fd);
  ::close(fd);
  return synced == 0 ? Status::Ok() : Status::Unavailable("cannot flush " + path + " to disk");
}

// The state file: the last run's failure and backup.after's.
void WriteState(const std::string& dir, const std::string& error, const std::string& after_error) {
  JsonWriter w;
  w.BeginObject().Field("error", error).Field("after_error", after_error).EndObject();
  const std::string path = dir + "/" + kStateFile;
  const std::string temporary = path + ".new";
  {
    std::ofstream out(temporary, std::ios::trunc);
    out << w.Take();
    if (!out) return;
  }
  std::error_code ec;
  fs::permissions(temporary, fs::perms::owner_read | fs::perms::owner_write, ec);
  fs::rename(temporary, path, ec);
}

std::pair<std::string, std::string> ReadStateFile(const std::string& dir) {
  std::ifstream in(dir + "/" + kStateFile);
  if (!in) return {};
  const std::string text(std::istreambuf_iterator<char>(in), {});
  const Result<JsonValue> state = ParseJson(text);
  if (!state.ok()) return {"the state file " + dir + "/" + kStateFile + " is damaged", ""};
  return {state->Text("error"), state->Text("after_error")};
}

// "postgresql://user:secret@host/db" as ("postgresql://user@host/db",
// "secret", percent-escapes decoded); a URL without a password as it is.
std::pair<std::string, std::string> WithoutPassword(const std::string& url) {
  const size_t scheme = url.find("://");
  const size_t at = url.find('@');
  if (scheme == std::string::npos || at == std::string::npos) return {url, ""};
  const size_t colon = url.find(':', scheme + 3);
  if (colon == std::string::npos || colon > at) return {url, ""};
  const std::string raw = url.substr(colon + 1, at - colon - 1);
  std::string password;
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '%' && i + 2 < raw.size() &&
        std::isxdigit(static_cast<unsigned char>(raw[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(raw[i + 2]))) {
      password += static_cast<char>(std::stoi(raw.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      password += raw[i];
    }
  }
  return {url.substr(0, colon) + url.substr(at), password};
}

// Copies and checks: the hidden file `partial` holds a verified backup when
// this succeeds. Returns the journal's entries (SQLite; 0 for PostgreSQL).
Result<int64_t> CopyAndCheck(const DatabaseOptions& options, Repository& source,
                             const std::string& partial) {
  if (IsPostgresUrl(options.path)) {
    // A password in the URL goes to pg_dump in its environment, not on its
    // command line (which every local user may read).
    const auto [url, password] = WithoutPassword(options.path);
    std::vector<std::string> env;
    if (!password.empty()) env.push_back("PGPASSWORD=" + password);
    ZAPAS_ASSIGN_OR_RETURN(ProgramRun dump, RunProgram({"pg_dump", "--format=custom",
                                                        "--file=" + partial, "--dbname=" + url},
                                                       env, kCommandSeconds));
    if (dump.exit_code != 0) return Status::Unavailable("pg_dump: " + DescribeFailure(dump));
    ZAPAS_ASSIGN_OR_RETURN(ProgramRun list,
                           RunProgram({"pg_restore", "--list", partial}, {}, kCommandSeconds));
    if (list.exit_code != 0) {
      return Status::Unavailable("the dump does not read back: pg_restore " +
                                 DescribeFailure(list));
    }
    return 0;
  }
  ZAPAS_RETURN_IF_ERROR(source.BackupTo(partial, nullptr));
  DatabaseOptions copy = options;
  copy.path = partial;
  Result<int64_t> entries = [&]() -> Result<int64_t> {
    ZAPAS_ASSIGN_OR_RETURN(auto repo, OpenDatabase(copy));
    ZAPAS_ASSIGN_OR_RETURN(VerifyReport report, VerifyJournal(*repo));
    return report.entries;
  }();
  std::error_code ec;
  fs::remove(partial + "-wal", ec);
  fs::remove(partial + "-shm", ec);
  if (!entries.ok()) {
    return Status(entries.status().code(),
                  "the copy does not verify: " + entries.status().message());
  }
  ZAPAS_RETURN_IF_ERROR(SyncFile(partial));
  return entries;
}

}  // namespace

std::string BackupDir(const Config& config) {
  if (!config.backup.dir.empty()) return config.backup.dir;
  if (IsPostgresUrl(config.db_path)) return "";
  const fs::path db(config.db_path);
  const fs::path parent = db.parent_path().empty() ? fs::path(".") : db.parent_path();
  return (parent / "backups").string();
}

std::vector<BackupFile> ListBackups(const std::string& dir) {
  std::vector<BackupFile> files;
  std::error_code ec;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (auto day = DayOfName(name); day && it->is_regular_file(ec)) {
      files.push_back({name, *day});
    }
  }
  std::sort(files.begin(), files.end(),
            [](const BackupFile& a, const BackupFile& b) { return a.name > b.name; });
  return files;
}

std::vector<BackupFile> BackupsToPrune(const std::vector<BackupFile>& newest_first, int daily,
                                       int weekly) {
  std::set<int32_t> days, weeks;
  std::vector<BackupFile> pruned;
  for (size_t i = 0; i < newest_first.size(); ++i) {
    const BackupFile& f = newest_first[i];
    const int32_t day = f.day.days();
    // 1970-01-01 was a Thursday: Monday starts each week.
    const int32_t week = day - ((day % 7 + 7 + 3) % 7);
    bool keep = i == 0;
    if (!days.contains(day) && static_cast<int>(days.size()) < daily) {
      days.insert(day);
      keep = true;
    }
    if (!weeks.contains(week) && static_cast<int>(weeks.size()) < weekly) {
      weeks.insert(week);
      keep = true;
    }
    if (!keep) pruned.push_back(f);
  }
  return pruned;
}

BackupState ReadBackupState(const Config& config, int64_t now) {
  BackupState s;
  const std::string dir = BackupDir(config);
  if (!dir.empty()) {
    const auto files = ListBackups(dir);
    if (!files.empty()) {
      s.last = files.front().name;
      struct stat st {};
      if (::stat((dir + "/" + s.last).c_str(), &st) == 0) s.last_time = st.st_mtime;
    }
    std::tie(s.error, s.after_error) = ReadStateFile(dir);
  }
  s.status = BackupStatusOf(config, s, now);
  return s;
}

std::string BackupStatusOf(const Config& config, const BackupState& s, int64_t now) {
  if (config.backup.daily_at.empty()) return "off";
  if (!s.error.empty()) return "failed";
  if (s.last.empty() || now - s.last_time > kMissingAfterSeconds) return "missing";
  return "ok";
}

std::vector<Notice> BackupNotices(const BackupState& s) {
  std::vector<Notice> notices;
  const std::string last_uk = s.last.empty() ? "жодної ще немає" : "остання — " + s.last;
  const std::string last_en = s.last.empty() ? "there is none yet" : "the last is " + s.last;
  if (s.status == "failed") {
    notices.push_back({"резервна копія не вдалася (" + s.error + "); " + last_uk + ".",
                       "the backup failed (" + s.error + "); " + last_en + "."});
  } else if (s.status == "missing") {
    notices.push_back({"за останню добу немає резервної копії; " + last_uk + ".",
                       "no backup in the last day; " + last_en + "."});
  }
  if (!s.after_error.empty()) {
    notices.push_back({"резервну копію зроблено, але backup.after не вдався (" + s.after_error +
                           "): копії немає в іншому місці.",
                       "the backup was made, but backup.after failed (" + s.after_error +
                           "): there is no copy elsewhere."});
  }
  return notices;
}

Result<BackupMade> MakeBackup(const Config& config, const DatabaseOptions& options,
                              Repository& source, int64_t now,
                              const std::function<void(const std::string&)>& log) {
  const std::string dir = BackupDir(config);
  if (dir.empty()) {
    return Status::Invalid("backup.dir must be set for a PostgreSQL database's backups");
  }
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Status::Unavailable("cannot create " + dir + ": " + ec.message());
  fs::permissions(dir, fs::perms::owner_all, ec);
  const std::string name =
      StemOf(now) + (IsPostgresUrl(options.path) ? std::string(".dump") : std::string(".db"));
  const std::string final_path = dir + "/" + name;
  const std::string partial = dir + "/." + name + ".partial";
  // What a crash left half-made is never a backup: removed once older than
  // any backup still being made (another run's, at the same time, stays).
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    const std::string n = it->path().filename().string();
    struct stat st {};
    if (n.rfind(".zapas-", 0) == 0 && n.find(".partial") != std::string::npos &&
        ::stat(it->path().c_str(), &st) == 0 && st.st_mtime < now - kCommandSeconds) {
      std::error_code ignored;
      fs::remove(it->path(), ignored);
    }
  }
  Result<int64_t> entries = fs::exists(final_path, ec)
                                ? Result<int64_t>(Status::Conflict(final_path + " exists already"))
                                : CopyAndCheck(options, source, partial);
  if (entries.ok()) {
    fs::rename(partial, final_path, ec);
    if (ec) entries = Status::Unavailable("cannot name the backup " + final_path);
  }
  if (!entries.ok()) {
    fs::remove(partial, ec);
    WriteState(dir, entries.status().message(), "");
    return entries.status();
  }
  SyncDirectory(dir);
  BackupMade made{.file = final_path, .entries = *entries};
  log(final_path + " made and verified" +
      (IsPostgresUrl(options.path) ? std::string()
                                   : " (" + std::to_string(*entries) + " journal entries)"));
  const std::vector<BackupFile> all = ListBackups(dir);
  if (!all.empty() && all.front().name != name) {
    // Named before a newer one: the clock went back (a board without a
    // battery after a blackout). Pruning by date would remove what is new.
    log("the clock is behind the newest backup " + all.front().name + ": nothing pruned");
  } else {
    for (const BackupFile& old :
         BackupsToPrune(all, config.backup.keep_daily, config.backup.keep_weekly)) {
      if (fs::remove(dir + "/" + old.name, ec)) made.pruned.push_back(old.name);
    }
  }
  if (!made.pruned.empty()) log("pruned " + std::to_string(made.pruned.size()) + " older backups");
  if (!config.backup.after.empty()) {
    auto run = RunProgram({"/bin/sh", "-c", config.backup.after},
                          {"ZAPAS_BACKUP_FILE=" + final_path}, kCommandSeconds);
    if (!run.ok()) {
      made.after_error = run.status().message();
    } else if (run->exit_code != 0) {
      made.after_error = DescribeFailure(*run);
    }
    log(made.after_error.empty() ? "backup.after done"
                                 : "backup.after failed: " + made.after_error);
  }
  WriteState(dir, "", made.after_error);
  return made;
}

BackupScheduler::BackupScheduler(const Config& config, DatabaseOptions options, Store& store,
                                 std::function<void(const std::string&)> log)
    : config_(config),
      options_(std::move(options)),
      store_(store),
      log_(std::move(log)),
      task_(
          config_.backup.daily_at, [this](Date) { return RunToday(); },
          [this](Date, const Status& failed, int seconds) {
            log_("backup failed (" + failed.message() + "): trying again in " +
                 std::to_string(seconds) + " s");
          }) {}

BackupState BackupScheduler::state() const {
  const int64_t now = std::time(nullptr);
  struct stat st {};
  const std::string dir = BackupDir(config_);
  const timespec changed =
      !dir.empty() && ::stat(dir.c_str(), &st) == 0 ? st.st_mtim : timespec{0, 0};
  std::lock_guard<std::mutex> lock(state_mu_);
  if (changed.tv_sec != state_read_.tv_sec || changed.tv_nsec != state_read_.tv_nsec) {
    state_ = ReadBackupState(config_, now);
    // A change in the same tick of the file system's clock would keep this
    // mtime: a directory changed in the last two seconds is read again.
    state_read_ = now - changed.tv_sec >= 2 ? changed : timespec{-1, 0};
  }
  BackupState s = state_;
  s.status = BackupStatusOf(config_, s, now);
  return s;
}

Status BackupScheduler::RunToday() {
  // A server restarted after the hour has made today's already.
  const int64_t now = std::time(nullptr);
  const auto made = ListBackups(BackupDir(config_));
  if (!made.empty() && made.front().day == KyivDateOf(now) &&
      ReadBackupState(config_, now).error.empty()) {
    return Status::Ok();
  }
  ZAPAS_ASSIGN_OR_RETURN(auto conn, store_.Reader());
  auto backup = MakeBackup(config_, options_, *conn, now, log_);
  return backup.ok() ? Status::Ok() : backup.status();
}

}  // namespace zapas
