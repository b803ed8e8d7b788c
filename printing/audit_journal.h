// The audit report's journal table and the small formats it shares with the
// rest of the report (internal to printing/, used by audit_report.cc).
//
// JournalTable draws the entries of the period directly with PdfDocument's
// primitives: the cells mix type sizes (the hash is smaller), and one row
// costs a handful of text runs, so 10,000 entries lay out in a fraction of a
// second. The header (and "continued") repeats on every page; a row is never
// split. Not thread-safe: one table draws into one document.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "domain/money.h"
#include "printing/audit_report.h"
#include "printing/pdf_document.h"

namespace zapas::printing::audit {

// "1 250,00 EUR"
std::string WithCode(const Money& m);
// "2026-03-12T14:03:05Z" -> "2026-03-12 14:03:05"
std::string Timestamp(std::string_view rfc3339);

class JournalTable {
 public:
  explicit JournalTable(PdfDocument& doc);
  ~JournalTable();
  JournalTable(const JournalTable&) = delete;
  JournalTable& operator=(const JournalTable&) = delete;

  // The height of the header, for keeping it with the section's title.
  float HeaderHeight() const;
  // The header at the cursor.
  void Header();
  // One entry; a new page (with the header again) when it does not fit.
  void Row(const AuditEntry& e);
  // Closes the table with a rule under its last row.
  void End();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace zapas::printing::audit
