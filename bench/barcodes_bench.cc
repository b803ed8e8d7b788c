// barcodes_bench: how fast Zapas reads GS1 scans and prints lot labels, in
// process (no server), on one core.
//
// A program run by hand, not a test:
//   build/bench/barcodes_bench [--strings N] [--labels N] [--write FILE.pdf]
//
// 1. parses --strings element strings (default 2,000,000), a mix of what
//    scanners send: a GS1 DataMatrix of GTIN, expiry, lot and serial with GS
//    separators; a GS1-128 with count; the bracketed form; a Digital Link URI;
//    an EAN-13; and one malformed string in eight (refused) — each through
//    gs1::ReadScan and gs1::Interpret, as POST /scan does; prints the rate;
// 2. renders a sheet of --labels lot labels (default 240: ten A4 sheets of
//    3 x 8), each a different lot with its own GS1 Data Matrix, and the same
//    number on the thermal layout; prints the times;
// 3. prints a summary with the goals: more than 1,000,000 strings/s, 240
//    labels in under 1 s.
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include "bench/bench_support.h"
#include "domain/gs1/scan.h"
#include "printing/labels.h"

namespace {

using namespace zapas::bench;
namespace gs1 = zapas::gs1;

constexpr const char* kUsage =
    "Usage: barcodes_bench [--strings N] [--labels N] [--write FILE.pdf]\n"
    "Parses GS1 scan data and renders lot labels in process; prints the rates.\n";

struct Options {
  int64_t strings = 2'000'000;
  int labels = 240;
  std::string write;
};

Options ParseOptions(int argc, char** argv) {
  Options o;
  OptionReader r(argc, argv, kUsage);
  while (r.Next()) {
    if (r.option() == "--strings") {
      o.strings = static_cast<int64_t>(r.Number());
    } else if (r.option() == "--labels") {
      o.labels = static_cast<int>(r.Number());
    } else if (r.option() == "--write") {
      o.write = r.Value();
    } else {
      r.Unknown();
    }
  }
  return o;
}

// The scans, with one GTIN check digit in eight made wrong.
std::vector<std::string> Scans() {
  const std::string gs = "\x1d";
  return {
      "]d2010950600013435217271231"
      "10LOT-2027-A" +
          gs + "21SN000123",
      "]C10109506000134352"
      "3012",
      "(01)09506000134352(17)280229(10)L7",
      "https://id.gs1.org/01/09506000134352/10/ABC?17=271231",
      "]E09506000134352",
      "]d20109506000134352"
      "17271200"
      "10A1B2C3" +
          gs + "21X",
      "0109506000134352"
      "17270630"
      "10BATCH42",
      "]d20109506000134353"
      "17271231"
      "10BAD",  // wrong check digit: refused
  };
}

double ParseRate(const Options& o) {
  const std::vector<std::string> scans = Scans();
  const gs1::ParseOptions parse{.this_year = 2026};
  int64_t read = 0, refused = 0, lots = 0;
  const auto start = Clock::now();
  for (int64_t i = 0; i < o.strings; ++i) {
    auto scan = gs1::ReadScan(scans[static_cast<size_t>(i) % scans.size()], parse);
    if (!scan.ok()) {
      ++refused;
      continue;
    }
    ++read;
    if (gs1::Interpret(*scan, parse).lot) ++lots;
  }
  const double seconds = Since(start);
  const double rate = static_cast<double>(o.strings) / seconds;
  Say("parsing: %lld strings in %.2f s: %.0f strings/s on one core (%lld read, %lld refused, "
      "%lld with a lot)",
      static_cast<long long>(o.strings), seconds, rate, static_cast<long long>(read),
      static_cast<long long>(refused), static_cast<long long>(lots));
  return rate;
}

double RenderSeconds(const Options& o, zapas::printing::LabelLayout layout, const char* name) {
  std::vector<zapas::printing::LotLabel> labels;
  for (int i = 0; i < o.labels; ++i) {
    labels.push_back({.sku = "MED-IFAK",
                      .name_uk = "Індивідуальна аптечка (IFAK), тактична, для підрозділів",
                      .lot = "L-" + std::to_string(100000 + i),
                      .expiry = zapas::Date::FromCivil(2027, 12, 31),
                      .gtin = "09506000134352"});
  }
  const zapas::printing::PrintOptions print{.fixed_time = 1795680000};
  const auto start = Clock::now();
  std::string pdf = Must(zapas::printing::RenderLabels(labels, 1, layout, print), "labels");
  const double seconds = Since(start);
  Say("labels: %d on %s in %.3f s (%.1f ms each), %zu KB", o.labels, name, seconds,
      seconds * 1000 / o.labels, pdf.size() / 1024);
  if (!o.write.empty() && layout == zapas::printing::LabelLayout::kA4Sheet3x8) {
    std::ofstream(o.write, std::ios::binary) << pdf;
    Say("labels: written to %s", o.write.c_str());
  }
  return seconds;
}

}  // namespace

int main(int argc, char** argv) {
  SetProgramName("barcodes_bench");
  const Options o = ParseOptions(argc, argv);
  const double rate = ParseRate(o);
  const double sheet = RenderSeconds(o, zapas::printing::LabelLayout::kA4Sheet3x8, "A4 3x8");
  RenderSeconds(o, zapas::printing::LabelLayout::kThermal100x150, "thermal 100x150");
  Say("summary: parsing %.0f strings/s (goal > 1,000,000): %s; %d labels in %.3f s (goal < 1 s): "
      "%s",
      rate, Mark(rate > 1'000'000), o.labels, sheet, Mark(sheet < 1.0));
  return 0;
}
