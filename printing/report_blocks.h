// What the two reports — the donor's (printing/donor_report.h) and the
// treasurer's audit report (printing/audit_report.h) — share beyond the
// documents' blocks (printing/blocks.h): the language of a report and the one
// bilingual convention, period and count texts, section headings, and keeping
// a table with its heading.
//
// The bilingual convention: wherever text comes in both languages, Ukrainian
// comes first and English second — in arguments (Pick, Heading, TableCell,
// SectionTitle) as on the page. A report in one language picks one of the
// two; a bilingual report sets the Ukrainian and the English beneath it.
//
// Everything draws through PdfDocument; nothing here keeps state.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "domain/date.h"
#include "printing/pdf_document.h"

namespace zapas::printing {

enum class ReportLanguage { kEnglish, kUkrainian };

// The text in the report's language.
inline const char* Pick(ReportLanguage l, const char* uk, const char* en) {
  return l == ReportLanguage::kUkrainian ? uk : en;
}

namespace report {

// "з 01.11.2026 по 30.11.2026" / "1 November 2026 – 30 November 2026".
std::string PeriodText(Date from, Date to, ReportLanguage l);
// "01.11.2026 – 30.11.2026", the same in both languages.
std::string PeriodNumeric(Date from, Date to);

// A noun's forms after a number: Ukrainian one, few, many (domain/text.h's
// UkrainianPlural), English one and many.
struct Noun {
  std::string_view uk_one, uk_few, uk_many;
  std::string_view en_one, en_many;
};
// "1 027 осіб" / "1 027 people": the number grouped as amounts are.
std::string CountOf(int64_t n, ReportLanguage l, const Noun& noun);

// A section heading, kept on one page with at least `keep` points of what
// follows. In a report of one language (`secondary` empty) the heading is
// numbered and ruled beneath: "2  Goods by category"; in a bilingual one it
// stands beside an accent bar, `text` (Ukrainian, bold) over `secondary`
// (English), with the note's two languages beneath.
struct SectionTitle {
  int number = 0;  // printed before a one-language heading
  std::string text;
  std::string secondary;
  std::string note, secondary_note;
};
void Section(PdfDocument& doc, const SectionTitle& title, float keep);

// The height of a table: its header and every row.
float TableHeight(const PdfDocument& doc, const TableSpec& spec, const std::vector<TableRow>& rows);
// What a section keeps on its first page with its heading: a short table
// whole (up to a third of a page), else its header and first three rows.
float KeepOfTable(const PdfDocument& doc, const TableSpec& spec, const std::vector<TableRow>& rows);

}  // namespace report
}  // namespace zapas::printing
