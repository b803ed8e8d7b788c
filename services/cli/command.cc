// What every subcommand shares: failing, opening the database, writing output.
#include "services/cli/command.h"

#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/Path.h>

#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "services/app/reports.h"
#include "services/database_key.h"

namespace zapas::cli {

int Fail(const std::string& message) {
  std::cerr << "zapas: " << message << "\n";
  return 1;
}

Result<DatabaseOptions> DbOptions(const Config& c, KeyCreation creation, bool* created) {
  DatabaseOptions o;
  o.path = c.db_path;
  o.synchronous_full = c.db_synchronous_full;
  ZAPAS_ASSIGN_OR_RETURN(o.key, DatabaseKey(c, creation, created));
  return o;
}

Status EnsureParentDir(const std::string& path) {
  if (IsPostgresUrl(path)) return Status::Ok();  // a server, not a file
  try {
    Poco::Path p(path);
    if (p.depth() > 0 || p.isAbsolute()) Poco::File(p.parent()).createDirectories();
    return Status::Ok();
  } catch (const Poco::Exception& e) {
    return Status::Unavailable("cannot create the directory for " + path + ": " + e.displayText());
  }
}

DocumentSettings DocumentSettingsOf(const Config& c) {
  DocumentSettings d;
  d.org_name = c.org_name;
  d.org_edrpou = c.org_edrpou;
  d.iati_id = c.org_iati_id;
  d.font_regular = c.font_regular;
  d.font_bold = c.font_bold;
  if (auto t = ParseTimestamp(c.fixed_time); !c.fixed_time.empty() && t.ok()) d.fixed_time = *t;
  return d;
}

Result<std::unique_ptr<Store>> OpenStore(const Config& c) {
  ZAPAS_RETURN_IF_ERROR(EnsureParentDir(c.db_path));
  ZAPAS_ASSIGN_OR_RETURN(DatabaseOptions options, DbOptions(c, KeyCreation::kIfNewDb));
  ZAPAS_ASSIGN_OR_RETURN(std::unique_ptr<Store> store, Store::Open(options));
  store->SetMaxDaysAhead(c.writes_max_days_ahead);
  return store;
}

bool AnyWords(const CommandLine&) { return true; }

namespace {

// Run by root on a database another user owns (the package's /var/lib/zapas,
// the zapas user's), a command runs as that user: no file it makes (a WAL,
// a backup, a key) is then root's, which the service could not open.
Status BecomeOwnerOf(const std::string& db_path) {
  if (::geteuid() != 0 || IsPostgresUrl(db_path)) return Status::Ok();
  struct stat st {};
  std::filesystem::path probe(db_path);
  while (::stat(probe.c_str(), &st) != 0) {
    if (!probe.has_parent_path() || probe.parent_path() == probe) return Status::Ok();
    probe = probe.parent_path();
  }
  if (st.st_uid == 0) return Status::Ok();
  const passwd* owner = ::getpwuid(st.st_uid);
  if (owner == nullptr) return Status::Ok();  // no such user: stay as is
  if (::initgroups(owner->pw_name, owner->pw_gid) != 0 || ::setgid(owner->pw_gid) != 0 ||
      ::setuid(owner->pw_uid) != 0) {
    return Status::Unavailable(std::string("cannot act as ") + owner->pw_name + ", the owner of " +
                               probe.string());
  }
  return Status::Ok();
}

}  // namespace

int Run(const Subcommand& command, const CommandLine& cl) {
  if (cl.Has("help") || !command.takes(cl)) {
    std::cout << command.usage;
    return cl.Has("help") ? 0 : 2;
  }
  auto config = ConfigFor(cl);
  if (!config.ok()) return Fail(config.status().message());
  if (Status owner = BecomeOwnerOf(config->db_path); !owner.ok()) return Fail(owner.message());
  try {
    return command.run(cl, *config);
  } catch (const std::exception& e) {  // a file it may not read, say
    return Fail(e.what());
  }
}

Result<std::unique_ptr<Repository>> Open(const Config& c, bool migrate, KeyCreation creation,
                                         bool* key_created) {
  ZAPAS_ASSIGN_OR_RETURN(DatabaseOptions options, DbOptions(c, creation, key_created));
  ZAPAS_ASSIGN_OR_RETURN(std::unique_ptr<Repository> repo, OpenDatabase(options));
  if (migrate) ZAPAS_RETURN_IF_ERROR(repo->Migrate());
  return repo;
}

Result<std::unique_ptr<Repository>> OpenOrCreate(const Config& c, KeyCreation creation,
                                                 bool* key_created) {
  ZAPAS_RETURN_IF_ERROR(EnsureParentDir(c.db_path));
  return Open(c, /*migrate=*/true, creation, key_created);
}

Result<std::unique_ptr<Repository>> OpenExisting(const Config& c, bool migrate) {
  if (!IsPostgresUrl(c.db_path) && !Poco::File(c.db_path).exists()) {
    return Status::NotFound("no database at " + c.db_path);
  }
  return Open(c, migrate);
}

Result<std::unique_ptr<LoadedDatabase>> OpenLoaded(const Config& c) {
  auto db = std::make_unique<LoadedDatabase>();
  ZAPAS_ASSIGN_OR_RETURN(db->repo, OpenExisting(c, /*migrate=*/false));
  ZAPAS_RETURN_IF_ERROR(LoadStockState(*db->repo, db->catalog, db->index));
  return db;
}

int WriteOutput(const CommandLine& cl, const std::string& bytes) {
  if (!cl.Has("output")) {
    std::cout << bytes;
    return 0;
  }
  std::ofstream out(cl.Get("output"), std::ios::binary | std::ios::trunc);
  out << bytes;
  out.close();
  if (!out) return Fail("cannot write " + cl.Get("output"));
  return 0;
}

int FailWith(const Status& s, const std::string& option_prefix) {
  if (s.errors().empty()) return Fail(s.message());
  for (const FieldError& e : s.errors()) {
    if (e.line > 0) {
      std::cerr << "line " << e.line << ": " << (e.field.empty() ? "(row)" : e.field) << ": "
                << e.message << "\n";
    } else {
      std::cerr << "zapas: " << option_prefix << e.field << ": " << e.message << "\n";
    }
  }
  return Fail(s.message());
}

}  // namespace zapas::cli
