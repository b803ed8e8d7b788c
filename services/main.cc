// zapas: the one program. `zapas --help` lists the subcommands.
#include <Poco/File.h>
#include <Poco/Path.h>
#include <Poco/Util/ServerApplication.h>
#include <pthread.h>
#include <csignal>

#include <csignal>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>

#include "services/api.h"
#include "services/cli.h"
#include "services/clock.h"
#include "services/database_key.h"
#include "services/demo.h"
#include "services/export.h"
#include "services/http_server.h"
#include "services/import.h"
#include "services/migrate.h"
#include "services/nbu_import.h"
#include "services/reports.h"
#include "services/standards_export.h"
#include "services/store.h"
#include "services/user_names.h"
#include "services/verify.h"
#include "services/web_root.h"

namespace zapas {
namespace {

constexpr const char* kVersion = "0.1.0";

const char* kUsage = R"(zapas — humanitarian aid stock and money, exact.

Usage: zapas COMMAND [OPTIONS]

Commands:
  serve [--port N] [--host ADDR]   serve the HTTP API and the web UI
        [--tls-certificate PEM --tls-private-key PEM]
                                   ... over HTTPS (TLS 1.2 or later)
  init                             create or migrate the database
  user add NAME --role ROLE [--donor CODE] --password-stdin
                                   add a user (roles: admin, warehouse,
                                   treasurer, auditor, donor)
  user disable|enable NAME         stop (or restore) a user's access at once
  rates import FILE                import an NBU exchange-rate file (JSON or XML)
  report reconciliation --from D --to D [--currency UAH] [-o FILE]
                                   the treasurer's reconciliation report (JSON)
  verify                           check the journal's hash chain and invariants
  migrate --from sqlite:FILE --to postgresql://...
                                   copy a whole SQLite database into an empty
                                   PostgreSQL one (same key)
  backup FILE                      a consistent copy of the database, while serving
  print waybill|grn ID -o FILE     a delivery's waybill (or transfer act), a receipt's GRN
  print donor CODE|audit --from D --to D -o FILE
                                   a donor's report, the audit report
  export journal [--to D] [-o FILE]
                                   the money journal as plain text for hledger
  export hxl|iati|items [--from D] [--to D] [--donor CODE] [-o FILE]
                                   deliveries as HXL CSV, donors as IATI XML,
                                   the catalogue as CSV
  import items|recipients|receipts|cash FILE [--dry-run]
                                   import a CSV file: all rows or none
  demo                             fill an empty database with demo data and
                                   demo users, and print the logins

Every command takes --db PATH (default from the config) and --config FILE
(default config/zapas.properties when present). Personal data is encrypted
with the key in ZAPAS_KEY (64 hex digits) or the key file (security.key_file,
default the database path + ".key"). `zapas COMMAND --help` says more.
)";

int Fail(const std::string& message) {
  std::cerr << "zapas: " << message << "\n";
  return 1;
}

// How every command opens the database: its path, its settings and its key
// (services/database_key.h); `created` tells whether the key was made now.
Result<DatabaseOptions> DbOptions(const Config& c, KeyCreation creation, bool* created = nullptr) {
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

// For serve and demo, which create a missing database (with a new key).
Result<std::unique_ptr<Store>> OpenStore(const Config& c) {
  ZAPAS_RETURN_IF_ERROR(EnsureParentDir(c.db_path));
  ZAPAS_ASSIGN_OR_RETURN(DatabaseOptions options, DbOptions(c, KeyCreation::kIfNewDb));
  ZAPAS_ASSIGN_OR_RETURN(std::unique_ptr<Store> store, Store::Open(options));
  store->SetMaxDaysAhead(c.writes_max_days_ahead);
  return store;
}

// A subcommand: its usage, whether a command line is one it takes (its words
// and required options), and what it does with the configuration.
struct Subcommand {
  const char* usage;
  bool (*takes)(const CommandLine& cl);
  int (*run)(const CommandLine& cl, const Config& config);
};

bool AnyWords(const CommandLine&) { return true; }

// Prints the usage for --help (exit 0) or a command line the subcommand does
// not take (exit 2); else runs it with the configuration (--config, --db ...).
int Run(const Subcommand& command, const CommandLine& cl) {
  if (cl.Has("help") || !command.takes(cl)) {
    std::cout << command.usage;
    return cl.Has("help") ? 0 : 2;
  }
  auto config = ConfigFor(cl);
  if (!config.ok()) return Fail(config.status().message());
  return command.run(cl, *config);
}

// Opens the database at c.db_path, migrated to the current schema when
// `migrate`.
Result<std::unique_ptr<Repository>> Open(const Config& c, bool migrate,
                                         KeyCreation creation = KeyCreation::kNever,
                                         bool* key_created = nullptr) {
  ZAPAS_ASSIGN_OR_RETURN(DatabaseOptions options, DbOptions(c, creation, key_created));
  ZAPAS_ASSIGN_OR_RETURN(std::unique_ptr<Repository> repo, OpenDatabase(options));
  if (migrate) ZAPAS_RETURN_IF_ERROR(repo->Migrate());
  return repo;
}

// Opens (creating it, its directory and its key when missing) and migrates
// the database: for the commands that write to it.
Result<std::unique_ptr<Repository>> OpenOrCreate(const Config& c,
                                                 KeyCreation creation = KeyCreation::kIfNewDb,
                                                 bool* key_created = nullptr) {
  ZAPAS_RETURN_IF_ERROR(EnsureParentDir(c.db_path));
  return Open(c, /*migrate=*/true, creation, key_created);
}

// Opens the database for the commands that read it: "no database at PATH"
// when the file does not exist, rather than creating an empty one.
Result<std::unique_ptr<Repository>> OpenExisting(const Config& c, bool migrate) {
  if (!IsPostgresUrl(c.db_path) && !Poco::File(c.db_path).exists()) {
    return Status::NotFound("no database at " + c.db_path);
  }
  return Open(c, migrate);
}

// Writes `bytes` to the -o FILE, or to standard output without -o: 0, or 1
// saying "cannot write FILE".
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

// waitForTerminationRequest() blocks SIGINT, SIGQUIT and SIGTERM in its own
// thread only and waits for them there. Every thread started before it (the
// writer, the HTTP pool) would still take them with their default action and
// end the process without a clean stop; blocked here first, the threads
// inherit the mask and the signal goes to the waiting thread alone.
void BlockStopSignals() {
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGQUIT);
  sigaddset(&stop, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop, nullptr);
}

class ServeApp : public Poco::Util::ServerApplication {
 public:
  explicit ServeApp(Config config) : config_(std::move(config)) {}

 protected:
  int main(const std::vector<std::string>&) override {
    BlockStopSignals();
    if (!InitCrypto()) return Fail("cannot initialise libsodium");
    // A client that hangs up mid-reply must cost its connection, not the
    // process: OpenSSL writes to TLS sockets without MSG_NOSIGNAL.
    std::signal(SIGPIPE, SIG_IGN);
    std::cout << "zapas: opening " << config_.db_path << " ..." << std::endl;
    auto store = OpenStore(config_);
    if (!store.ok()) return Fail(store.status().message());
    const auto& s = (*store)->startup();
    std::cout << "zapas: stock index rebuilt from the journal: " << s.postings << " postings, "
              << s.lots << " lots, " << s.balances << " balances in " << s.load_seconds << " s"
              << std::endl;
    TokenStore tokens(std::chrono::hours(config_.token_hours));
    Api api(**store, tokens, kVersion);
    api.SetDocumentSettings(DocumentSettingsOf(config_));
    const WebRoot web = FindWebRoot(config_.web_root);
    std::cout << "zapas: " << web.message << std::endl;
    Config http = config_;
    http.web_root = web.dir;
    HttpServer server(api, http);
    Status started = server.Start();
    if (!started.ok()) return Fail(started.message());
    if (server.max_connections() < config_.http_max_connections) {
      std::cout << "zapas: at most " << server.max_connections()
                << " connections (http.max_connections is " << config_.http_max_connections
                << "; raise the open-file limit, ulimit -n, for more)" << std::endl;
    }
    const std::string url = std::string(config_.tls() ? "https" : "http") + "://" +
                            config_.http_host + ":" + std::to_string(server.port()) + "/";
    std::cout << "zapas: serving at " << url << "  (API: " << url << "api/v1/health)" << std::endl;
    waitForTerminationRequest();
    std::cout << "zapas: stopping" << std::endl;
    server.Stop();
    return 0;
  }

 private:
  Config config_;
};

int Serve(const CommandLine&, const Config& config) {
  ServeApp app(config);
  char name[] = "zapas";
  char* argv[] = {name, nullptr};
  return app.run(1, argv);
}

constexpr Subcommand kServe = {
    "Usage: zapas serve [--port N] [--host ADDR] [--db PATH] [--config FILE] "
    "[--web DIR]\n"
    "                   [--tls-certificate PEM --tls-private-key PEM [--tls-chain PEM]]\n"
    "Serves the HTTP API under /api/v1 and the web UI at /. --port 0 picks a free\n"
    "port. With a certificate and its key (or http.tls.certificate and\n"
    "http.tls.private_key in the config) it serves HTTPS only, TLS 1.2 or later.\n",
    AnyWords, Serve};

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

constexpr Subcommand kInit = {
    "Usage: zapas init [--db PATH] [--config FILE]\n"
    "Creates the database, or applies the migrations it lacks. Creates the key\n"
    "that encrypts personal data when there is none (security.key_file, default\n"
    "the database path + \".key\"; or set ZAPAS_KEY to 64 hex digits).\n",
    AnyWords, Init};

int UserAdd(const CommandLine& cl, const Config& config) {
  if (!InitCrypto()) return Fail("cannot initialise libsodium");
  User user;
  auto name = CheckUsernameForm(cl.words[2], "NAME");
  if (!name.ok()) return Fail(name.status().message());
  user.username = *name;
  auto role = ParseRole(cl.Get("role"));
  if (!role) return Fail("--role must be one of admin, warehouse, treasurer, auditor, donor");
  user.role = *role;
  user.donor_code = cl.Get("donor");
  if (user.role == Role::kDonor && user.donor_code.empty()) {
    return Fail("a donor user needs --donor CODE");
  }
  if (!cl.Has("password-stdin"))
    return Fail("give the password on standard input with --password-stdin");
  std::string password;
  std::getline(std::cin, password);
  if (!password.empty() && password.back() == '\r') password.pop_back();
  if (password.empty()) return Fail("the password on standard input is empty");
  Status strong = CheckNewPassword(password, "the password");
  if (!strong.ok()) return Fail(strong.message());
  auto hash = HashPassword(password);
  if (!hash.ok()) return Fail(hash.status().message());
  user.password_hash = *hash;
  auto repo = OpenOrCreate(config);
  if (!repo.ok()) return Fail(repo.status().message());
  auto existing = (*repo)->Usernames();
  if (!existing.ok()) return Fail(existing.status().message());
  Status free = CheckUsernameFree(user.username, *existing, "NAME");
  if (!free.ok()) return Fail(free.message());
  Status added = (*repo)->AddUser(user);
  if (!added.ok()) return Fail(added.message());
  std::cout << "zapas: user " << user.username << " (" << RoleName(user.role) << ") added"
            << std::endl;
  return 0;
}

constexpr Subcommand kUserAdd = {
    "Usage: zapas user add NAME --role ROLE [--donor CODE] --password-stdin\n"
    "Reads the password from standard input (one line, at least 10 characters).\n"
    "Works while the server runs. NAME is stored in Unicode NFC; it must not hold\n"
    "control or invisible characters, white space other than inner spaces, or\n"
    "letters of scripts mixed so that they pass for others (Latin with Cyrillic),\n"
    "and must not look like an existing user's name: names that differ only in\n"
    "case or in look-alike letters are one name (\"SKLAD\" beside \"sklad\", or\n"
    "\"sklad\" with a Cyrillic \"s\").\n",
    [](const CommandLine& cl) { return cl.words.size() == 3; }, UserAdd};

int UserDisable(const CommandLine& cl, const Config& config) {
  const bool disable = cl.words[1] == "disable";
  auto repo = Open(config, /*migrate=*/true);
  if (!repo.ok()) return Fail(repo.status().message());
  // Names are stored in NFC; one stored before may not be.
  auto name = NormalizeUsername(cl.words[2], "NAME");
  if (!name.ok()) return Fail(name.status().message());
  Status done = (*repo)->SetUserDisabled(*name, disable);
  if (done.code() == StatusCode::kNotFound && *name != cl.words[2]) {
    done = (*repo)->SetUserDisabled(cl.words[2], disable);
  }
  if (!done.ok()) return Fail(done.message());
  std::cout << "zapas: user " << cl.words[2] << (disable ? " disabled" : " enabled") << std::endl;
  return 0;
}

constexpr Subcommand kUserDisable = {
    "Usage: zapas user disable|enable NAME [--db PATH] [--config FILE]\n"
    "A disabled user cannot log in, and the tokens it holds stop working within a\n"
    "second, also while the server runs.\n",
    [](const CommandLine& cl) { return cl.words.size() == 3; }, UserDisable};

int RatesImport(const CommandLine& cl, const Config& config) {
  const std::string path = cl.words[2];
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail("cannot read " + path);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto file = ParseNbuFile(text);
  if (!file.ok()) return Fail(path + ": " + file.status().message() + "; nothing imported");
  auto repo = OpenOrCreate(config);
  if (!repo.ok()) return Fail(repo.status().message());
  Status s = (*repo)->Begin();
  if (!s.ok()) return Fail(s.message());
  s = CheckNewRates(**repo, file->rates, Today().AddDays(config.writes_max_days_ahead),
                    cl.Has("confirm-outlier"));
  if (!s.ok()) {
    (void)(*repo)->Rollback();
    std::string message = s.message();
    if (!s.errors().empty() && s.errors().front().field == "confirm_outlier") {
      message =
          "rates more than 20 % away from the previous ones (if they are right, import "
          "again with --confirm-outlier):";
      for (const FieldError& e : s.errors()) message += "\n  " + e.message;
    }
    return Fail(path + ": " + message + "\nnothing imported");
  }
  auto inserted = (*repo)->InsertRates(file->rates);
  if (!inserted.ok()) {
    (void)(*repo)->Rollback();
    return Fail(path + ": " + inserted.status().message() + "; nothing imported");
  }
  s = (*repo)->Commit();
  if (!s.ok()) return Fail(s.message());
  std::cout << "zapas: " << path << ": " << file->records << " records, " << *inserted
            << " rates imported, " << (file->rates.size() - *inserted) << " already known";
  if (!file->skipped.empty()) {
    std::cout << ", " << file->skipped.size() << " of currencies Zapas does not keep";
  }
  std::cout << std::endl;
  return 0;
}

constexpr Subcommand kRatesImport = {
    "Usage: zapas rates import FILE [--confirm-outlier] [--db PATH] [--config FILE]\n"
    "Imports an NBU exchange-rate file, JSON or XML, one day or many. A bad record\n"
    "refuses the whole file and is named; rates already stored are skipped. Refused\n"
    "too: a new rate dated within a closed month, or more than writes.max_days_ahead\n"
    "days after today; and one more than 20 % away from its currency's previous\n"
    "rate unless --confirm-outlier.\n",
    [](const CommandLine& cl) { return cl.words.size() == 3 && cl.words[1] == "import"; },
    RatesImport};

int ExportJournal(const CommandLine& cl, const Config& config) {
  Date to = Today();
  if (cl.Has("to")) {
    auto d = Date::Parse(cl.Get("to"));
    if (!d.ok()) return Fail("--to: " + d.status().message());
    to = *d;
  }
  auto repo = OpenExisting(config, /*migrate=*/true);
  if (!repo.ok()) return Fail(repo.status().message());
  auto journal = HledgerJournal(**repo, to);
  if (!journal.ok()) return Fail(journal.status().message());
  return WriteOutput(cl, *journal);
}

constexpr Subcommand kExportJournal = {
    "Usage: zapas export journal [--to YYYY-MM-DD] [-o FILE] [--db PATH]\n"
    "Writes the money journal (entries on or before --to, default today) as plain\n"
    "text that hledger and ledger read; to standard output without -o.\n",
    [](const CommandLine& cl) { return cl.words.size() == 2 && cl.words[1] == "journal"; },
    ExportJournal};

// Prints a Status: its message, or each of its field errors ("--to: ...";
// for rows of a file "line N: column: reason").
int FailWith(const Status& s, const std::string& option_prefix = "--") {
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

int ExportStandard(const CommandLine& cl, const Config& config) {
  const std::string& what = cl.words[1];
  std::map<std::string, std::string> query;
  for (const char* k : {"from", "to"}) {
    if (cl.Has(k)) query[k] = cl.Get(k);
  }
  auto period = ParseExportPeriod(query);
  if (!period.ok()) return FailWith(period.status());
  auto repo = OpenExisting(config, /*migrate=*/false);
  if (!repo.ok()) return Fail(repo.status().message());
  Result<std::string> text = what == "items" ? ItemsCsv(**repo)
                             : what == "hxl"
                                 ? HxlDistributions(**repo, *period)
                                 : IatiActivities(**repo, *period, cl.Get("donor"),
                                                  IatiPublisherOf(DocumentSettingsOf(config)));
  if (!text.ok()) return FailWith(text.status());
  return WriteOutput(cl, *text);
}

constexpr Subcommand kExportStandard = {
    "Usage: zapas export hxl [--from D] [--to D] [-o FILE] [--db PATH]\n"
    "       zapas export iati [--from D] [--to D] [--donor CODE] [-o FILE]\n"
    "       zapas export items [-o FILE]\n"
    "hxl: deliveries summed by month, region, recipient kind, item and donor as\n"
    "HXL-tagged CSV; iati: one IATI 2.03 activity per donor (or --donor's); items:\n"
    "the catalogue in the columns `zapas import items` reads. Aggregates only, no\n"
    "personal data. Works while the server runs; to standard output without -o.\n",
    [](const CommandLine& cl) {
      return cl.words.size() == 2 &&
             (cl.words[1] == "hxl" || cl.words[1] == "iati" || cl.words[1] == "items");
    },
    ExportStandard};

int Export(const CommandLine& cl, const Config& config) {
  return cl.words[1] == "journal" ? ExportJournal(cl, config) : ExportStandard(cl, config);
}

constexpr Subcommand kExport = {
    "Usage: zapas export journal|hxl|iati|items ... (zapas export journal --help,\n"
    "zapas export hxl --help)\n",
    [](const CommandLine& cl) { return kExportJournal.takes(cl) || kExportStandard.takes(cl); },
    Export};

int Import(const CommandLine& cl, const Config& config) {
  auto kind = ParseImportKind(cl.words[1]);
  if (!kind) return Fail("import what? items, recipients, receipts or cash");
  const std::string path = cl.words[2];
  std::ifstream in(path, std::ios::binary);
  if (!in) return Fail("cannot read " + path);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const bool dry_run = cl.Has("dry-run");
  auto summary = std::make_shared<ImportSummary>();
  // Large files show their progress on standard error, every tenth.
  int shown = 0;
  auto progress = [&shown](size_t done, size_t total) {
    if (total < 10000) return;
    int tenth = static_cast<int>(done * 10 / total);
    if (tenth <= shown) return;
    shown = tenth;
    std::cerr << "zapas: import " << tenth * 10 << "% (" << done << " of " << total << " rows)"
              << std::endl;
  };
  auto job = PrepareImport(*kind, text, dry_run, progress, summary);
  if (!job.ok()) return FailWith(job.status());
  if (!InitCrypto()) return Fail("cannot initialise libsodium");
  auto store = OpenStore(config);
  if (!store.ok()) return Fail(store.status().message());
  const Principal who{"cli", Role::kAdmin, ""};
  auto written = (*store)->Write(who, "", "", std::move(job->work));
  if (!written.ok()) return FailWith(written.status());
  std::cout << "zapas: " << path << ": " << summary->rows << " rows, " << summary->created << " "
            << ImportKindName(*kind)
            << (dry_run ? " would be imported (dry run, nothing written)" : " imported")
            << std::endl;
  return 0;
}

constexpr Subcommand kImport = {
    "Usage: zapas import items|recipients|receipts|cash FILE.csv [--dry-run] [--db PATH]\n"
    "Imports a CSV file (UTF-8, comma or semicolon separated, English or Ukrainian\n"
    "column titles; see docs/api.md) in one transaction: every row or none. Each\n"
    "bad row is printed as `line N: column: reason` and nothing is imported (exit\n"
    "1). --dry-run checks everything and writes nothing. Receipts: rows with the\n"
    "same warehouse, donor, date and reference make one receipt. Needs the\n"
    "database to itself: stop the server, or use POST /api/v1/import/{kind}.\n",
    [](const CommandLine& cl) { return cl.words.size() == 3; }, Import};

int ReportReconciliation(const CommandLine& cl, const Config& config) {
  std::map<std::string, std::string> query;
  for (const char* name : {"from", "to", "currency"}) {
    if (cl.Has(name)) query[name] = cl.Get(name);
  }
  auto period = ParseReconciliationQuery(query);
  if (!period.ok()) {
    std::string message;
    for (const FieldError& e : period.status().errors()) {
      message += (message.empty() ? "--" : "; --") + e.field + ": " + e.message;
    }
    return Fail(message.empty() ? period.status().message() : message);
  }
  auto repo = OpenExisting(config, /*migrate=*/false);
  if (!repo.ok()) return Fail(repo.status().message());
  Catalog catalog;
  StockIndex index;
  Status loaded = LoadStockState(**repo, catalog, index);
  if (!loaded.ok()) return Fail(loaded.message());
  auto json = ReconciliationReportJson(**repo, *period,
                                       [&](Date to) { return Undistributed(catalog, index, to); });
  if (!json.ok()) {
    const auto& errors = json.status().errors();
    return Fail(errors.empty() ? json.status().message()
                               : "--" + errors.front().field + ": " + errors.front().message);
  }
  return WriteOutput(cl, *json + "\n");
}

constexpr Subcommand kReportReconciliation = {
    "Usage: zapas report reconciliation --from YYYY-MM-DD --to YYYY-MM-DD\n"
    "                                   [--currency UAH] [-o FILE] [--db PATH]\n"
    "Writes the treasurer's reconciliation report as JSON, the same as\n"
    "GET /api/v1/reports/reconciliation: each account's opening, in, out and\n"
    "closing, booked and revalued in --currency at the NBU rates; each donor's\n"
    "received, spent and remaining; and the aid not yet distributed on --to, by\n"
    "age. Reads the database without changing it, also while the server runs;\n"
    "to standard output without -o.\n",
    [](const CommandLine& cl) { return cl.words.size() == 2 && cl.words[1] == "reconciliation"; },
    ReportReconciliation};

// print waybill|grn ID, print donor CODE or print audit; always with -o FILE.
bool PrintTakes(const CommandLine& cl) {
  const std::string what = cl.words.size() >= 2 ? cl.words[1] : "";
  const bool by_id = (what == "waybill" || what == "grn") && cl.words.size() == 3;
  const bool donor = what == "donor" && cl.words.size() == 3;
  const bool audit = what == "audit" && cl.words.size() == 2;
  return (by_id || donor || audit) && cl.Has("output");
}

int Print(const CommandLine& cl, const Config& config) {
  const std::string& what = cl.words[1];  // one PrintTakes accepts
  const bool by_id = what == "waybill" || what == "grn";
  const bool donor = what == "donor";
  auto repo = OpenExisting(config, /*migrate=*/false);
  if (!repo.ok()) return Fail(repo.status().message());
  Catalog catalog;
  StockIndex index;
  Status loaded = LoadStockState(**repo, catalog, index);
  if (!loaded.ok()) return Fail(loaded.message());
  const DocumentSettings settings = DocumentSettingsOf(config);
  Result<std::string> pdf = Status::Internal("nothing printed");
  if (by_id) {
    const std::string& id = cl.words[2];
    if (id.empty() || id.size() > 18 || id.find_first_not_of("0123456789") != std::string::npos) {
      return Fail(std::string(what == "waybill" ? "no delivery " : "no receipt ") + id);
    }
    // Printed on the server's own machine, with its key: personal data
    // included, and its read logged before the file is written.
    PrintedFor who{/*personal=*/true};
    pdf = what == "waybill" ? WaybillPdf(**repo, catalog, std::stoll(id), settings, who)
                            : GrnPdf(**repo, catalog, std::stoll(id), settings);
    if (pdf.ok() && who.read_of != 0) {
      const char* user = std::getenv("USER");
      Status logged = (*repo)->Begin();
      if (logged.ok()) {
        logged = (*repo)->LogPersonalRead(who.read_of,
                                          std::string("zapas print (") + (user ? user : "?") + ")",
                                          FormatRfc3339(std::chrono::system_clock::now()));
      }
      if (logged.ok()) {
        logged = (*repo)->Commit();
      } else {
        (void)(*repo)->Rollback();
      }
      if (!logged.ok()) return Fail("cannot log the read of personal data: " + logged.message());
    }
  } else {
    std::map<std::string, std::string> query;
    for (const char* k : {"from", "to", "currency", "lang"}) {
      if (cl.Has(k)) query[k] = cl.Get(k);
    }
    std::string default_currency = "UAH";
    if (donor) {
      const Donor* d = catalog.DonorByCode(cl.words[2]);
      if (d == nullptr) return Fail("no donor " + cl.words[2]);
      default_currency = std::string(d->currency->code);
    }
    auto request = ParseReportRequest(query, default_currency);
    if (!request.ok()) return Fail(request.status().message());
    pdf = donor ? DonorReportPdf(**repo, catalog, index, cl.words[2], *request, settings)
                : AuditReportPdf(**repo, catalog, index, *request, settings);
  }
  if (!pdf.ok()) return Fail(pdf.status().message());
  if (int written = WriteOutput(cl, *pdf); written != 0) return written;
  std::cout << "zapas: " << cl.Get("output") << " written" << std::endl;
  return 0;
}

constexpr Subcommand kPrint = {
    "Usage: zapas print waybill DELIVERY-ID -o FILE.pdf [--db PATH] [--config FILE]\n"
    "       zapas print grn RECEIPT-ID -o FILE.pdf\n"
    "       zapas print donor CODE --from D --to D [--currency C] [--lang en|uk] -o FILE.pdf\n"
    "       zapas print audit --from D --to D [--currency C] -o FILE.pdf\n"
    "Prints a delivery's waybill (the transfer act for a military unit), a receipt's\n"
    "goods received note, a donor's report or the audit report from the stored\n"
    "records. Works while the server runs.\n",
    PrintTakes, Print};

int Backup(const CommandLine& cl, const Config& config) {
  auto repo = OpenExisting(config, /*migrate=*/false);
  if (!repo.ok()) return Fail(repo.status().message());
  int last_percent = -1;
  Status done = (*repo)->BackupTo(cl.words[1], [&](int copied, int total) {
    int percent = total > 0 ? copied * 100 / total : 100;
    if (percent / 10 != last_percent / 10) {
      std::cout << "zapas: backup " << percent << "%" << std::endl;
      last_percent = percent;
    }
  });
  if (!done.ok()) return Fail(done.message());
  std::cout << "zapas: " << config.db_path << " copied to " << cl.words[1]
            << " (its personal data opens only with the key: " << KeySource(config) << ")"
            << std::endl;
  return 0;
}

constexpr Subcommand kBackup = {
    "Usage: zapas backup FILE [--db PATH] [--config FILE]\n"
    "Copies the database to FILE (which must not exist) while the server keeps\n"
    "serving: SQLite's online backup gives a consistent copy.\n",
    [](const CommandLine& cl) { return cl.words.size() == 2; }, Backup};

int Verify(const CommandLine&, const Config& config) {
  auto repo = OpenExisting(config, /*migrate=*/true);
  if (!repo.ok()) return Fail(repo.status().message());
  auto report = VerifyJournal(**repo);
  if (!report.ok()) return Fail(report.status().message());
  std::cout << "zapas: journal verified: " << report->entries << " entries, head "
            << (report->head.empty() ? "(empty)" : report->head) << std::endl;
  return 0;
}

constexpr Subcommand kVerify = {
    "Usage: zapas verify [--db PATH] [--config FILE]\n"
    "Recomputes the journal's hash chain and checks that every money entry\n"
    "balances and no lot's stock is ever negative. Exit 0, or 1 naming the first\n"
    "bad entry.\n",
    AnyWords, Verify};

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

constexpr Subcommand kMigrate = {
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

constexpr Subcommand kDemo = {
    "Usage: zapas demo [--db PATH] [--config FILE]\n"
    "Fills an empty database with a demo cluster and prints the demo logins.\n",
    AnyWords, Demo};

}  // namespace
}  // namespace zapas

int main(int argc, char** argv) {
  using namespace zapas;
  if (argc < 2 || std::string(argv[1]) == "--help" || std::string(argv[1]) == "help") {
    std::cout << kUsage;
    return argc < 2 ? 2 : 0;
  }
  const std::string command = argv[1];
  int first = 2;
  if (command == "user") {
    const std::string verb = argc >= 3 ? argv[2] : "";
    if (verb != "add" && verb != "disable" && verb != "enable") {
      std::cerr << "Usage: zapas user add NAME --role ROLE [--donor CODE] --password-stdin\n"
                   "       zapas user disable|enable NAME\n";
      return 2;
    }
  }
  auto cl = CommandLine::Parse(
      argc, argv, first,
      {"help", "password-stdin", "dry-run", "keep-over-limit", "confirm-outlier"});
  if (!cl.ok()) return Fail(cl.status().message());
  // The words start with the command's own (print waybill 7: "print", "waybill", "7").
  cl->words.insert(cl->words.begin(), command);
  if (command == "user") return Run(cl->words[1] == "add" ? kUserAdd : kUserDisable, *cl);
  const std::pair<const char*, const Subcommand*> commands[] = {
      {"serve", &kServe},       {"init", &kInit},       {"demo", &kDemo},
      {"verify", &kVerify},     {"backup", &kBackup},   {"print", &kPrint},
      {"export", &kExport},     {"import", &kImport},   {"report", &kReportReconciliation},
      {"rates", &kRatesImport}, {"migrate", &kMigrate},
  };
  for (const auto& [name, subcommand] : commands) {
    if (command == name) return Run(*subcommand, *cl);
  }
  std::cerr << "zapas: unknown command \"" << command << "\"\n\n" << kUsage;
  return 2;
}
