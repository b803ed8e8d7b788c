// CSV import of items, recipients, receipts and cash donations
// (POST /api/v1/import/{kind}, `zapas import KIND FILE`).
//
// A file's columns are the JSON fields of the matching POST endpoint, nested
// names joined by '_' (unit_value_amount), or their Ukrainian titles. Each row
// (for receipts: each group of rows with the same warehouse, donor, date and
// reference, which becomes one receipt) is decoded by the endpoint's own
// decoder and written by the endpoint's own write job (services/app/requests.h),
// all inside ONE write job of the single writer: one transaction. Every bad
// row is collected with its line and column; if there is any, nothing is
// written. A dry run does everything, then rolls back.
//
// Thread-safe (no state).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "services/app/store.h"

namespace zapas {

enum class ImportKind { kItems, kRecipients, kReceipts, kCash };
std::optional<ImportKind> ParseImportKind(std::string_view name);
const char* ImportKindName(ImportKind kind);

// What an import created (or, in a dry run, would create).
struct ImportSummary {
  size_t rows = 0;     // data rows of the file
  size_t created = 0;  // items, recipients, receipts or cash donations
};

// Called on the writer thread as parts are written: (rows done, rows in all).
using ImportProgress = std::function<void(size_t done, size_t total)>;

// The import of one file, decoded on the caller's thread and ready to write.
struct ImportJob {
  WriteWork work;  // run it with Store::Write (or Api::Write)
  size_t rows = 0;
};

// Reads and decodes `csv`. kMalformed (one FieldError with its line) when the
// text is not CSV; otherwise a job whose write checks the rows against the
// committed state and answers 201 (200 for a dry run) with
// {"kind", "dry_run", "rows", "created"}, or kInvalid with one FieldError per
// bad cell: {field: column title, message: reason, line}. `summary`, when
// given, receives the counts when the job succeeds.
Result<ImportJob> PrepareImport(ImportKind kind, std::string_view csv, bool dry_run,
                                ImportProgress progress = {},
                                std::shared_ptr<ImportSummary> summary = nullptr);

}  // namespace zapas
