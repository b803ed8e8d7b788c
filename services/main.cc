// zapas: the one program. `zapas --help` lists the subcommands; each lives in
// the file of its group under services/cli/.
#include <iostream>
#include <string>
#include <utility>

#include "services/cli/command.h"

namespace zapas::cli {
namespace {

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
  backup FILE | --scheduled        a consistent copy of the database, while serving
                                   (--scheduled: into backup.dir, verified, pruned)
  restore FILE [--force]           put a backup in place (server stopped)
  doctor                           check the installation: config, files, key,
                                   disk, database, chain, backups, TLS, clock
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
  alerts send [--dry-run]          send today's digest of alerts (e-mail, webhook)
  reports mail-donors --month YYYY-MM [--dry-run] [--again]
                                   e-mail each donor its monthly report (PDF)
  demo                             fill an empty database with demo data and
                                   demo users, and print the logins
  site add CODE --warehouses A,B [--accounts X,Y]
                                   at an alliance's hub: register a site, print
                                   its token; site token|revoke CODE
  site init --hub URL --site CODE --token-stdin
                                   make a new database a site of that hub
  sync [--once]                    at a site: push the journal, pull master data

Every command takes --db PATH (default from the config) and --config FILE
(default config/zapas.properties when present, else /etc/zapas/zapas.properties). Personal data is encrypted
with the key in ZAPAS_KEY (64 hex digits) or the key file (security.key_file,
default the database path + ".key"). `zapas COMMAND --help` says more.
)";

}  // namespace
}  // namespace zapas::cli

int main(int argc, char** argv) {
  using namespace zapas;
  using namespace zapas::cli;
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
  auto cl =
      CommandLine::Parse(argc, argv, first,
                         {"help", "password-stdin", "dry-run", "keep-over-limit", "confirm-outlier",
                          "again", "token-stdin", "once", "scheduled", "force"});
  if (!cl.ok()) return Fail(cl.status().message());
  // The words start with the command's own (print waybill 7: "print", "waybill", "7").
  cl->words.insert(cl->words.begin(), command);
  if (command == "user") return Run(cl->words[1] == "add" ? kUserAdd : kUserDisable, *cl);
  const std::pair<const char*, const Subcommand*> commands[] = {
      {"serve", &kServe},
      {"init", &kInit},
      {"demo", &kDemo},
      {"verify", &kVerify},
      {"backup", &kBackup},
      {"restore", &kRestore},
      {"doctor", &kDoctor},
      {"print", &kPrint},
      {"export", &kExport},
      {"import", &kImport},
      {"report", &kReportReconciliation},
      {"rates", &kRatesImport},
      {"migrate", &kMigrate},
      {"alerts", &kAlertsSend},
      {"reports", &kReportsMailDonors},
      {"site", &kSite},
      {"sync", &kSync},
  };
  for (const auto& [name, subcommand] : commands) {
    if (command == name) return Run(*subcommand, *cl);
  }
  std::cerr << "zapas: unknown command \"" << command << "\"\n\n" << kUsage;
  return 2;
}
