// The zapas program's subcommands, one file a group (services/cli/*.cc), and
// what they share: failing with a message, opening the database, writing
// output. services/main.cc picks the subcommand.
#pragma once

#include <memory>
#include <string>

#include "config/config.h"
#include "persistence/repository.h"
#include "services/app/documents.h"
#include "services/app/store.h"
#include "services/cli/command_line.h"
#include "services/database_key.h"

namespace zapas::cli {

inline constexpr const char* kVersion = "0.1.0";

// A subcommand: its usage, whether a command line is one it takes (its words
// and required options), and what it does with the configuration.
struct Subcommand {
  const char* usage;
  bool (*takes)(const CommandLine& cl);
  int (*run)(const CommandLine& cl, const Config& config);
};

// The subcommands, defined in the file of their group.
extern const Subcommand kServe;                                                 // serve.cc
extern const Subcommand kInit, kVerify, kMigrate, kDemo;                        // database.cc
extern const Subcommand kBackup, kRestore;                                      // backups.cc
extern const Subcommand kDoctor;                                                // doctor.cc
extern const Subcommand kUserAdd, kUserDisable;                                 // users.cc
extern const Subcommand kRatesImport, kExport, kImport, kReportReconciliation;  // books.cc
extern const Subcommand kPrint;                                                 // print.cc
extern const Subcommand kAlertsSend, kReportsMailDonors;                        // alerts.cc
extern const Subcommand kSite, kSync;                                           // sites.cc

// Prints the usage for --help (exit 0) or a command line the subcommand does
// not take (exit 2); else runs it with the configuration (--config, --db ...).
int Run(const Subcommand& command, const CommandLine& cl);
// The `takes` of a subcommand that takes any words.
bool AnyWords(const CommandLine&);

// Prints "zapas: MESSAGE" to standard error; returns 1.
int Fail(const std::string& message);
// Prints a Status: its message, or each of its field errors ("--to: ...";
// for rows of a file "line N: column: reason"); returns 1.
int FailWith(const Status& s, const std::string& option_prefix = "--");

// How every command opens the database: its path, its settings and its key
// (services/database_key.h); `created` tells whether the key was made now.
Result<DatabaseOptions> DbOptions(const Config& c, KeyCreation creation, bool* created = nullptr);
// Creates the directory a database file is to be made in (nothing for a
// PostgreSQL URL).
Status EnsureParentDir(const std::string& path);
// The organisation and fonts of printed documents, from the configuration.
DocumentSettings DocumentSettingsOf(const Config& c);
// For serve and demo, which create a missing database (with a new key).
Result<std::unique_ptr<Store>> OpenStore(const Config& c);
// Opens the database at c.db_path, migrated to the current schema when
// `migrate`.
Result<std::unique_ptr<Repository>> Open(const Config& c, bool migrate,
                                         KeyCreation creation = KeyCreation::kNever,
                                         bool* key_created = nullptr);
// Opens (creating it, its directory and its key when missing) and migrates
// the database: for the commands that write to it.
Result<std::unique_ptr<Repository>> OpenOrCreate(const Config& c,
                                                 KeyCreation creation = KeyCreation::kIfNewDb,
                                                 bool* key_created = nullptr);
// Opens the database for the commands that read it: "no database at PATH"
// when the file does not exist, rather than creating an empty one.
Result<std::unique_ptr<Repository>> OpenExisting(const Config& c, bool migrate);
// An existing database with its catalog and stock index loaded, for the
// commands that report or print from it.
struct LoadedDatabase {
  std::unique_ptr<Repository> repo;
  Catalog catalog;
  StockIndex index;
};
Result<std::unique_ptr<LoadedDatabase>> OpenLoaded(const Config& c);
// Writes `bytes` to the -o FILE, or to standard output without -o: 0, or 1
// saying "cannot write FILE".
int WriteOutput(const CommandLine& cl, const std::string& bytes);

}  // namespace zapas::cli
