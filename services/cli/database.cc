// The database as a whole: init, verify, migrate, demo.
#include "services/cli/command.h"

#include <iostream>
#include <string>

#include "services/app/migrate.h"
#include "services/app/store.h"
#include "services/app/verify.h"
#include "services/cli/demo.h"
#include "services/database_key.h"

namespace zapas::cli {

namespace {

int Init(const CommandLine&, const Config& config) {
  bool key_created = false;
  auto repo = OpenOrCreate(config, KeyCreation::kIfMissing, &key_created);
  if (key_created) {
    std::cout << "zapas: " << KeySource(config)
              << " created, readable by its owner only: it encrypts personal data; keep it "
                 "apart from the database and its backups"
              << std::endl;
  }
  if (!repo.ok()) return Fail(repo.status().message());
  auto version = (*repo)->SchemaVersion();
  std::cout << "zapas: " << config.db_path << " is at schema version "
            << (version.ok() ? *version : 0) << std::endl;
  return 0;
}

int Verify(const CommandLine&, const Config& config) {
  auto repo = OpenExisting(config, /*migrate=*/true);
  if (!repo.ok()) return Fail(repo.status().message());
  auto report = VerifyJournal(**repo);
  if (!report.ok()) return Fail(report.status().message());
  std::cout << "zapas: journal verified: " << report->entries << " entries, head "
            << (report->head.empty() ? "(empty)" : report->head) << std::endl;
  if (report->site_entries > 0) {
    std::cout << "zapas: the sites' chains verified: " << report->site_entries
              << " entries as they sent them" << std::endl;
  }
  return 0;
}

// The SQLite file of --from sqlite:FILE (a bare path is taken too).
std::string SqlitePath(const std::string& from) {
  const std::string prefix = "sqlite:";
  return from.rfind(prefix, 0) == 0 ? from.substr(prefix.size()) : from;
}

int Migrate(const CommandLine& cl, const Config& config) {
  Config source = config;
  source.db_path = SqlitePath(cl.Get("from"));
  const std::string target = cl.Get("to");
  if (!IsPostgresUrl(target)) return Fail("--to must be a postgresql:// URL");
  auto from = OpenExisting(source, /*migrate=*/true);
  if (!from.ok()) return Fail(from.status().message());
  // The same key on both sides: personal data opens in the copy as before.
  auto options = DbOptions(source, KeyCreation::kNever);
  if (!options.ok()) return Fail(options.status().message());
  options->path = target;
  auto to = OpenDatabase(*options);
  if (!to.ok()) return Fail(to.status().message());
  // No server may write to either side while the copy is made.
  Status migrated = (*from)->HoldWriterLock(Writers::kAlone);
  if (migrated.ok()) migrated = (*to)->HoldWriterLock(Writers::kAlone);
  if (migrated.ok()) migrated = (*to)->Migrate();
  if (migrated.ok()) {
    migrated = CopyDatabase(**from, **to, std::cerr,
                            cl.Has("keep-over-limit") ? OverLimit::kKeep : OverLimit::kRefuse);
  }
  if (!migrated.ok()) return Fail(migrated.message());
  std::cerr << "zapas: " << source.db_path << " copied to " << target
            << " (run zapas verify --db on it)" << std::endl;
  return 0;
}

int Demo(const CommandLine&, const Config& config) {
  if (!InitCrypto()) return Fail("cannot initialise libsodium");
  auto store = OpenStore(config);
  if (!store.ok()) return Fail(store.status().message());
  TokenStore tokens(std::chrono::hours(1));
  Api api(**store, tokens, kVersion);
  Status loaded = LoadDemo(api, **store, std::cout);
  if (!loaded.ok()) return Fail(loaded.message());
  return 0;
}

}  // namespace

const Subcommand kInit = {
    "Usage: zapas init [--db PATH] [--config FILE]\n"
    "Creates the database, or applies the migrations it lacks. Creates the key\n"
    "that encrypts personal data when there is none (security.key_file, default\n"
    "the database path + \".key\"; or set ZAPAS_KEY to 64 hex digits).\n",
    AnyWords, Init};

const Subcommand kVerify = {
    "Usage: zapas verify [--db PATH] [--config FILE]\n"
    "Recomputes the journal's hash chain and checks that every money entry\n"
    "balances and no lot's stock is ever negative. Exit 0, or 1 naming the first\n"
    "bad entry.\n",
    AnyWords, Verify};

const Subcommand kMigrate = {
    "Usage: zapas migrate --from sqlite:FILE --to postgresql://USER@HOST/DB [--keep-over-limit]\n"
    "                     [--config FILE]\n"
    "Copies the whole SQLite database into an empty PostgreSQL database (made\n"
    "and migrated if need be), in one transaction: ids, the journal with its\n"
    "hashes, users, rates, books, numbering, idempotency keys and the personal\n"
    "data (sealed again with the same key). Refuses a target that holds data.\n"
    "Refuses a source whose journal holds an amount or quantity beyond the limits\n"
    "Zapas accepts (docs/api.md, Limits) unless --keep-over-limit, which copies such\n"
    "entries as they are (reports list them apart). Progress goes to standard error.\n",
    [](const CommandLine& cl) { return cl.words.size() == 1 && cl.Has("from") && cl.Has("to"); },
    Migrate};

const Subcommand kDemo = {
    "Usage: zapas demo [--db PATH] [--config FILE]\n"
    "Fills an empty database with a demo cluster and prints the demo logins.\n",
    AnyWords, Demo};

}  // namespace zapas::cli
