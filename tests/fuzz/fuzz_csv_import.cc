// CSV import (domain/csv.h, services/app/import.h): the reader, the decimal-comma
// rule and the decoding of every kind of import read the same bytes (the
// whole input is the file). Any input is either read or refused as malformed
// (400) or invalid (422); never a crash, a hang or another status. Nothing is written: the write
// job PrepareImport returns is not run.
#include <cstddef>
#include <cstdint>
#include <string>

#include "domain/csv.h"
#include "services/app/import.h"
#include "tests/fuzz/fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  auto table = zapas::ReadCsv(text);
  if (!table.ok()) {
    zapas::fuzz::CheckRefusal(table.status(), "csv");
  } else {
    // Rows keep the physical line they start on: after the header, increasing.
    int last = table->header.line;
    for (const zapas::CsvRow& row : table->rows) {
      zapas::fuzz::Check(row.line > last, "csv", "a row's line does not follow the last one");
      last = row.line;
      for (const std::string& field : row.fields) {
        auto plain = zapas::PlainDecimal(field);
        if (!plain.ok()) zapas::fuzz::CheckRefusal(plain.status(), "decimal comma");
      }
    }
  }
  for (auto kind : {zapas::ImportKind::kItems, zapas::ImportKind::kRecipients,
                    zapas::ImportKind::kReceipts, zapas::ImportKind::kCash}) {
    auto job = zapas::PrepareImport(kind, text, /*dry_run=*/true);
    if (!job.ok()) {
      zapas::fuzz::CheckRefusal(job.status(), zapas::ImportKindName(kind));
    } else {
      zapas::fuzz::Check(static_cast<bool>(job->work), zapas::ImportKindName(kind),
                         "an accepted file without a write job");
    }
  }
  return 0;
}
