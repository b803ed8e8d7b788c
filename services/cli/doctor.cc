// zapas doctor: what a technician checks of an installation, each finding
// with what to do. Exit 1 when any is an error; warnings alone exit 0.
#include "services/cli/command.h"

#include <openssl/pem.h>
#include <openssl/x509.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

#include <ctime>
#include <filesystem>
#include <iostream>
#include <string>

#include "printing/pdf_document.h"
#include "services/app/backups.h"
#include "services/app/verify.h"
#include "services/http/web_root.h"

namespace zapas::cli {

namespace {

namespace fs = std::filesystem;

class Findings {
 public:
  void Ok(const std::string& what) { Say("ok     ", what, ""); }
  void Warn(const std::string& what, const std::string& todo) {
    ++warnings_;
    Say("warning", what, todo);
  }
  void Error(const std::string& what, const std::string& todo) {
    ++errors_;
    Say("error  ", what, todo);
  }
  int errors() const { return errors_; }
  int warnings() const { return warnings_; }

 private:
  static void Say(const char* level, const std::string& what, const std::string& todo) {
    std::cout << level << "  " << what << "\n";
    if (!todo.empty()) std::cout << "         → " << todo << "\n";
  }
  int errors_ = 0, warnings_ = 0;
};

// Whether others than the owner may read or write `path` (false when it
// does not exist).
bool OpenToOthers(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && (st.st_mode & 077) != 0;
}

void CheckFiles(const Config& config, Findings& f) {
  if (IsPostgresUrl(config.db_path)) {
    // The host part only: the URL may carry a password before its '@'.
    const size_t at = config.db_path.rfind('@');
    f.Ok("database: PostgreSQL at " +
         (at == std::string::npos ? std::string("(a URL)") : config.db_path.substr(at + 1)));
    return;
  }
  if (!fs::exists(config.db_path)) {
    f.Error("no database at " + config.db_path, "run: zapas init");
    return;
  }
  const int errors = f.errors();
  for (const std::string& file :
       {config.db_path, config.db_path + "-wal", config.db_path + "-shm"}) {
    if (OpenToOthers(file)) {
      f.Error(file + " may be read by others than its owner", "chmod 600 " + file);
    }
  }
  const std::string key = KeyFilePath(config);
  if (std::getenv("ZAPAS_KEY") == nullptr && OpenToOthers(key)) {
    f.Error("the key " + key + " may be read by others than its owner", "chmod 600 " + key);
  }
  const std::string dir = fs::path(config.db_path).parent_path().string();
  struct stat st {};
  if (!dir.empty() && ::stat(dir.c_str(), &st) == 0 && (st.st_mode & 007) != 0) {
    f.Warn(dir + " may be listed by anyone", "chmod o-rwx " + dir);
  }
  if (f.errors() == errors)
    f.Ok("files: " + config.db_path + " and its key are their owner's only");
}

void CheckDisk(const std::string& path, const std::string& what, Findings& f) {
  struct statvfs vfs {};
  if (path.empty() || ::statvfs(path.c_str(), &vfs) != 0) return;
  const double free_mb = static_cast<double>(vfs.f_bavail) * vfs.f_frsize / (1024.0 * 1024.0);
  const double share = vfs.f_blocks == 0 ? 1.0 : static_cast<double>(vfs.f_bavail) / vfs.f_blocks;
  const std::string text = what + ": " + std::to_string(static_cast<int64_t>(free_mb)) +
                           " MB free (" + std::to_string(static_cast<int>(share * 100)) + " %)";
  if (free_mb < 200) {
    f.Error(text, "free space on " + path + ": writes fail when the disk is full");
  } else if (free_mb < 2048 || share < 0.1) {
    f.Warn(text, "free space on " + path + " soon");
  } else {
    f.Ok(text);
  }
}

void CheckDatabase(const Config& config, Findings& f) {
  auto repo = OpenExisting(config, /*migrate=*/false);
  if (!repo.ok()) {
    f.Error("the database does not open: " + repo.status().message(),
            "check db.path and the key (security.key_file or ZAPAS_KEY)");
    return;
  }
  f.Ok("key: opens the database's personal data");
  auto version = (*repo)->SchemaVersion();
  auto quick = (*repo)->QuickCheck();
  if (!quick.ok() || *quick != "ok") {
    f.Error("integrity check: " + (quick.ok() ? *quick : quick.status().message()),
            "stop the server and restore the newest backup: zapas restore FILE");
  } else {
    f.Ok("integrity: PRAGMA quick_check ok (schema version " +
         std::to_string(version.ok() ? *version : 0) + ")");
  }
  auto report = VerifyJournal(**repo);
  if (!report.ok()) {
    f.Error("the journal's chain: " + report.status().message(),
            "keep this database for the auditors and restore the newest backup that verifies");
  } else {
    f.Ok("chain: " + std::to_string(report->entries) + " journal entries verified");
  }
}

void CheckClock(const Config& config, Findings& f) {
  const int64_t now = std::time(nullptr);
  const int year = DateOfTimestamp(now).year();
  // A database written after now: the clock went back (a board without a
  // battery after a blackout).
  struct stat st {};
  const bool written_later = !IsPostgresUrl(config.db_path) &&
                             ::stat(config.db_path.c_str(), &st) == 0 && st.st_mtime > now + 600;
  if (year < 2025 || year > 2100 || written_later) {
    f.Error("the clock says " + FormatTimestamp(now) +
                (written_later ? ", before the database was last written (" +
                                     FormatTimestamp(st.st_mtime) + ")"
                               : std::string()),
            "set the time (timedatectl set-ntp true): documents are dated by it");
  } else {
    f.Ok("clock: " + FormatTimestamp(now) + " (Kyiv: " + KyivDateOf(now).ToString() + ")");
  }
}

void CheckBackups(const Config& config, Findings& f) {
  const BackupState b = ReadBackupState(config, std::time(nullptr));
  const std::string where = BackupDir(config);
  const std::string last = b.last.empty() ? "none yet" : "the newest is " + b.last;
  if (b.status == "off") {
    f.Warn("backups: not scheduled (" + last + ")",
           "set backup.daily_at (e.g. 03:00) and backup.dir in the configuration");
  } else if (b.status == "failed") {
    f.Error("backups: the last failed: " + b.error + " (" + last + ")",
            "see the server's log; try: zapas backup --scheduled");
  } else if (b.status == "missing") {
    f.Warn("backups: none in the last 26 hours in " + where + " (" + last + ")",
           "the first comes at backup.daily_at; or make one now: zapas backup --scheduled");
  } else {
    f.Ok("backups: " + last + " in " + where);
  }
  if (!b.after_error.empty()) {
    f.Warn("backup.after failed: " + b.after_error, "fix the command in backup.after");
  }
}

void CheckTls(const Config& config, Findings& f) {
  if (!config.tls()) return;
  FILE* file = std::fopen(config.tls_certificate.c_str(), "r");
  if (file == nullptr) {
    f.Error("no certificate at " + config.tls_certificate, "check http.tls.certificate");
    return;
  }
  X509* cert = PEM_read_X509(file, nullptr, nullptr, nullptr);
  std::fclose(file);
  if (cert == nullptr) {
    f.Error(config.tls_certificate + " holds no PEM certificate", "check http.tls.certificate");
    return;
  }
  int days = 0, seconds = 0;
  const bool known = ASN1_TIME_diff(&days, &seconds, nullptr, X509_get0_notAfter(cert)) == 1;
  X509_free(cert);
  if (!known) return;
  const std::string text = "TLS certificate: expires in " + std::to_string(days) + " days";
  if (days < 0 || (days == 0 && seconds <= 0)) {
    f.Error("TLS certificate: expired", "renew it (certbot renew) and restart zapas");
  } else if (days < 14) {
    f.Warn(text, "renew it (certbot renew) and restart zapas");
  } else {
    f.Ok(text);
  }
}

void CheckPieces(const Config& config, Findings& f) {
  const WebRoot web = FindWebRoot(config.web_root);
  if (web.dir.empty() || !fs::exists(web.dir + "/index.html")) {
    f.Error(web.message, "install the package again, or set web.root");
  } else {
    f.Ok("web UI: " + web.dir);
  }
  const std::string font =
      config.font_regular.empty() ? printing::DefaultRegularFontPath() : config.font_regular;
  if (!fs::exists(font)) {
    f.Error("no font at " + font, "apt install fonts-dejavu-core, or set printing.font_regular");
  } else {
    f.Ok("fonts: " + font);
  }
}

int Doctor(const CommandLine&, const Config& config) {
  Findings f;
  f.Ok("configuration read");
  CheckFiles(config, f);
  if (!IsPostgresUrl(config.db_path)) {
    CheckDisk(fs::path(config.db_path).parent_path().string(), "disk of the database", f);
  }
  CheckDisk(BackupDir(config), "disk of the backups", f);
  if (IsPostgresUrl(config.db_path) || fs::exists(config.db_path)) CheckDatabase(config, f);
  CheckBackups(config, f);
  CheckTls(config, f);
  CheckPieces(config, f);
  CheckClock(config, f);
  std::cout << (f.errors() > 0 ? "zapas doctor: " + std::to_string(f.errors()) + " error(s), "
                               : "zapas doctor: no error, ")
            << f.warnings() << " warning(s)" << std::endl;
  return f.errors() > 0 ? 1 : 0;
}

}  // namespace

const Subcommand kDoctor = {
    "Usage: zapas doctor [--db PATH] [--config FILE]\n"
    "Checks the installation: the configuration, the modes of the database and\n"
    "its key, free disk, the database's integrity (PRAGMA quick_check) and its\n"
    "chain (as zapas verify), the last backup, the TLS certificate's expiry,\n"
    "the web UI and fonts, the clock. Prints each finding with what to do; exit\n"
    "1 when any is an error.\n",
    AnyWords, Doctor};

}  // namespace zapas::cli
