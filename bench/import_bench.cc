// import_bench: how fast `zapas import` takes a large spreadsheet.
//
// A program run by hand, not a test:
//   build/bench/import_bench [--rows N] [--lines-per-receipt N] [--dir DIR] [--keep]
//
// 1. makes a database with two warehouses and a donor (through the
//    Repository API), and imports a catalogue of 1,000 items with
//    `zapas import items` (a comma-separated file, English titles);
// 2. writes a receipts file of --rows rows (default 100,000) as a Ukrainian
//    spreadsheet exports it: semicolons, Ukrainian column titles, decimal
//    commas with grouped thousands ("1 250,50"), a byte-order mark; rows with
//    the same warehouse, donor, date and reference make one receipt of
//    --lines-per-receipt lines (default 10);
// 3. times `zapas import receipts FILE --dry-run` (every check, nothing
//    written) and then the import itself (one transaction, durable commit),
//    each as the wall time of the whole command, and prints rows/s. Goal:
//    100,000 rows in under 5 s including validation;
// 4. checks the imported journal with `zapas verify`.
#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "bench/bench_support.h"
#include "domain/entities.h"
#include "domain/money.h"

namespace {

using namespace zapas::bench;

const char* kUsage =
    "Usage: import_bench [--rows N] [--lines-per-receipt N] [--dir DIR] [--keep]\n"
    "Times `zapas import receipts` on a generated spreadsheet of N rows (default\n"
    "100000), grouped into receipts of --lines-per-receipt lines (default 10).\n";

constexpr int kItems = 1000;

struct Options {
  int64_t rows = 100000;
  int64_t lines_per_receipt = 10;
  std::string parent = DefaultTempParent();
  bool keep = false;
};

Options ParseOptions(int argc, char** argv) {
  Options o;
  OptionReader r(argc, argv, kUsage);
  while (r.Next()) {
    if (r.option() == "--rows") {
      o.rows = static_cast<int64_t>(r.Number());
    } else if (r.option() == "--lines-per-receipt") {
      o.lines_per_receipt = static_cast<int64_t>(r.Number());
    } else if (r.option() == "--dir") {
      o.parent = r.Value();
    } else if (r.option() == "--keep") {
      o.keep = true;
    } else {
      r.Unknown();
    }
  }
  if (o.rows < 1 || o.lines_per_receipt < 1 || o.lines_per_receipt > 1000) {
    Die("--rows must be at least 1 and --lines-per-receipt from 1 to 1000");
  }
  return o;
}

std::string Sku(int i) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "BENCH-%04d", i);
  return buf;
}

void WriteItems(const std::string& path) {
  std::ofstream out(path, std::ios::binary);
  out << "sku,name_uk,name_en,unit,category,expiry_tracked\n";
  for (int i = 0; i < kItems; ++i) {
    out << Sku(i) << ",Тестовий товар " << i + 1 << ",Bench item " << i + 1 << ","
        << (i % 2 ? "pcs" : "kg") << "," << (i % 2 ? "hygiene" : "food") << ","
        << (i % 3 == 0 ? "true" : "false") << "\n";
  }
}

// "1 250,50": the price of row `n` as a Ukrainian spreadsheet writes it.
std::string Price(int64_t n) {
  const long long cents = 100 + (n * 7919) % 300000;
  const long long units = cents / 100;
  char buf[32];
  if (units >= 1000) {
    std::snprintf(buf, sizeof buf, "%lld %03lld,%02lld", units / 1000, units % 1000, cents % 100);
  } else {
    std::snprintf(buf, sizeof buf, "%lld,%02lld", units, cents % 100);
  }
  return buf;
}

void WriteReceipts(const std::string& path, const Options& o) {
  std::ofstream out(path, std::ios::binary);
  out << "\xEF\xBB\xBF"
      << "Склад;Донор;Дата;Документ;Артикул;Кількість;Партія;Придатний до;Ціна;Валюта\n";
  for (int64_t n = 0; n < o.rows; ++n) {
    const int64_t receipt = n / o.lines_per_receipt;
    const int item = static_cast<int>(n % kItems);
    const int day = 1 + static_cast<int>(receipt % 28);
    char date[16];
    std::snprintf(date, sizeof date, "2026-11-%02d", day);
    out << (receipt % 2 ? "LVIV-1" : "KYIV-1") << ";EU-ECHO;" << date << ";Invoice " << receipt
        << ";" << Sku(item) << ";" << (item % 2 ? "12" : "2,5") << ";L-" << n << ";"
        << (item % 3 == 0 ? "2027-12-31" : "") << ";" << Price(n) << ";EUR\n";
  }
}

// Runs a shell command; returns its wall time in seconds, or Die with `what`.
double Timed(const std::string& command, const std::string& what) {
  const auto start = Clock::now();
  const int rc = std::system(command.c_str());
  const double seconds = Since(start);
  if (rc == -1 || !WIFEXITED(rc) || WEXITSTATUS(rc) != 0) Die(what + " failed: " + command);
  return seconds;
}

}  // namespace

int main(int argc, char** argv) {
  SetProgramName("import_bench");
  const Options o = ParseOptions(argc, argv);
  const std::string dir = MakeWorkDir(o.parent, "zapas-import-bench");
  const std::string db = dir + "/bench.db";
  const std::string config = dir + "/zapas.properties";
  WriteServerConfig(config, "");
  {
    auto repo = OpenForBulkLoad(db);
    const zapas::Currency* eur = zapas::FindCurrency("EUR");
    Must(repo->Begin(), "begin");
    Must(repo->InsertWarehouse({0, "KYIV-1", "Склад Київ", "Київська область"}), "warehouse");
    Must(repo->InsertWarehouse({0, "LVIV-1", "Склад Львів", "Львівська область"}), "warehouse");
    Must(repo->InsertDonor(
             {0, "EU-ECHO", "European Civil Protection and Humanitarian Aid", "BE", eur}),
         "donor");
    Must(repo->Commit(), "commit");
  }
  const std::string zapas = std::string(ZAPAS_BINARY) + " ";
  const std::string on_db = " --db " + db + " --config " + config;
  WriteItems(dir + "/items.csv");
  const double items_s = Timed(zapas + "import items " + dir + "/items.csv" + on_db, "items");
  Say("items: %d imported in %.2f s", kItems, items_s);

  const std::string file = dir + "/receipts.csv";
  WriteReceipts(file, o);
  Say("receipts file: %lld rows, %lld receipts, %.1f MB (semicolons, decimal commas)",
      static_cast<long long>(o.rows),
      static_cast<long long>((o.rows + o.lines_per_receipt - 1) / o.lines_per_receipt),
      FileMegabytes(file));
  const double dry_s = Timed(zapas + "import receipts " + file + " --dry-run" + on_db, "dry run");
  const double import_s = Timed(zapas + "import receipts " + file + on_db, "import");
  const double rows = static_cast<double>(o.rows);
  const double verify_s = Timed(zapas + "verify" + on_db + " > /dev/null", "verify");
  Say("%s", "");
  Say("dry run (read, decode, plan, write, roll back): %.2f s, %.0f rows/s", dry_s, rows / dry_s);
  Say("import (the same, committed durably):           %.2f s, %.0f rows/s", import_s,
      rows / import_s);
  Say("zapas verify of the imported journal (hash chain, no negative stock): %.2f s", verify_s);
  Say("goal: %lld rows in < 5 s including validation: %s", static_cast<long long>(o.rows),
      Mark(import_s < 5.0));
  FinishWorkDir(dir, o.keep);
  return 0;
}
