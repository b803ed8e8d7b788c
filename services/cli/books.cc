// The books and the data files: rates import, report, export, import.
#include "services/cli/command.h"

#include <fstream>
#include <iostream>
#include <iterator>
#include <string>

#include "services/app/export.h"
#include "services/app/import.h"
#include "services/app/nbu_import.h"
#include "services/app/reports.h"
#include "services/app/standards_export.h"
#include "services/app/store.h"
#include "services/clock.h"
#include "services/http/api.h"

namespace zapas::cli {

namespace {

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

int Export(const CommandLine& cl, const Config& config) {
  return cl.words[1] == "journal" ? ExportJournal(cl, config) : ExportStandard(cl, config);
}

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
  auto db = OpenLoaded(config);
  if (!db.ok()) return Fail(db.status().message());
  Repository& repo = *(*db)->repo;
  const Catalog& catalog = (*db)->catalog;
  const StockIndex& index = (*db)->index;
  auto json = ReconciliationReportJson(repo, *period,
                                       [&](Date to) { return Undistributed(catalog, index, to); });
  if (!json.ok()) {
    const auto& errors = json.status().errors();
    return Fail(errors.empty() ? json.status().message()
                               : "--" + errors.front().field + ": " + errors.front().message);
  }
  return WriteOutput(cl, *json + "\n");
}

}  // namespace

const Subcommand kRatesImport = {
    "Usage: zapas rates import FILE [--confirm-outlier] [--db PATH] [--config FILE]\n"
    "Imports an NBU exchange-rate file, JSON or XML, one day or many. A bad record\n"
    "refuses the whole file and is named; rates already stored are skipped. Refused\n"
    "too: a new rate dated within a closed month, or more than writes.max_days_ahead\n"
    "days after today; and one more than 20 % away from its currency's previous\n"
    "rate unless --confirm-outlier.\n",
    [](const CommandLine& cl) { return cl.words.size() == 3 && cl.words[1] == "import"; },
    RatesImport};

const Subcommand kExportJournal = {
    "Usage: zapas export journal [--to YYYY-MM-DD] [-o FILE] [--db PATH]\n"
    "Writes the money journal (entries on or before --to, default today) as plain\n"
    "text that hledger and ledger read; to standard output without -o.\n",
    [](const CommandLine& cl) { return cl.words.size() == 2 && cl.words[1] == "journal"; },
    ExportJournal};

const Subcommand kExportStandard = {
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

const Subcommand kExport = {
    "Usage: zapas export journal|hxl|iati|items ... (zapas export journal --help,\n"
    "zapas export hxl --help)\n",
    [](const CommandLine& cl) { return kExportJournal.takes(cl) || kExportStandard.takes(cl); },
    Export};

const Subcommand kImport = {
    "Usage: zapas import items|recipients|receipts|cash FILE.csv [--dry-run] [--db PATH]\n"
    "Imports a CSV file (UTF-8, comma or semicolon separated, English or Ukrainian\n"
    "column titles; see docs/api.md) in one transaction: every row or none. Each\n"
    "bad row is printed as `line N: column: reason` and nothing is imported (exit\n"
    "1). --dry-run checks everything and writes nothing. Receipts: rows with the\n"
    "same warehouse, donor, date and reference make one receipt. Needs the\n"
    "database to itself: stop the server, or use POST /api/v1/import/{kind}.\n",
    [](const CommandLine& cl) { return cl.words.size() == 3; }, Import};

const Subcommand kReportReconciliation = {
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

}  // namespace zapas::cli
