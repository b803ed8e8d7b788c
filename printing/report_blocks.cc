#include "printing/report_blocks.h"

#include <algorithm>

#include "domain/text.h"
#include "printing/blocks.h"
#include "printing/format.h"

namespace zapas::printing::report {

using blocks::kBody;
using blocks::kSmall;

std::string PeriodText(Date from, Date to, ReportLanguage l) {
  if (l == ReportLanguage::kUkrainian) {
    return "з " + FormatDateNumeric(from) + " по " + FormatDateNumeric(to);
  }
  return FormatDateLongEn(from) + " – " + FormatDateLongEn(to);
}

std::string PeriodNumeric(Date from, Date to) {
  return FormatDateNumeric(from) + " – " + FormatDateNumeric(to);
}

std::string CountOf(int64_t n, ReportLanguage l, const Noun& noun) {
  const std::string_view word = l == ReportLanguage::kEnglish
                                    ? (n == 1 ? noun.en_one : noun.en_many)
                                    : UkrainianPlural(static_cast<uint64_t>(n < 0 ? -n : n),
                                                      noun.uk_one, noun.uk_few, noun.uk_many);
  return FormatCount(n) + " " + std::string(word);
}

namespace {

void NumberedSection(PdfDocument& doc, int number, const std::string& title, float keep) {
  const TextStyle style = kBody.Bold().Sized(11);
  const float h = style.line_height() + 8;
  doc.Skip(10);
  doc.EnsureSpace(h + keep);
  const float top = doc.cursor();
  doc.DrawText(doc.left(), top - style.size, std::to_string(number), style.Gray(0.45f));
  doc.DrawText(doc.left() + 16, top - style.size, title, style);
  const float rule = top - style.line_height() - 2;
  doc.DrawLine(doc.left(), rule, doc.right(), rule, 0.6f, 0.3f);
  doc.SetCursor(rule - 6);
}

void BilingualSection(PdfDocument& doc, const SectionTitle& t, float keep) {
  const TextStyle heading = kBody.Bold().Sized(10.5f);
  const TextStyle note = kSmall.Sized(7.5f).Gray(0.2f);
  float h = heading.line_height() + heading.Secondary().line_height() + 6;
  if (!t.note.empty()) h += doc.MeasureParagraph(t.note, note, doc.width());
  if (!t.secondary_note.empty()) {
    h += doc.MeasureParagraph(t.secondary_note, note.Secondary(), doc.width());
  }
  doc.EnsureSpace(h + keep);
  const float top = doc.cursor();
  doc.DrawBox(doc.left(), top - 1, 2.5f, heading.line_height() + heading.Secondary().line_height(),
              0, false, 0.25f);
  float y =
      top - blocks::Heading(doc, doc.left() + 8, top, doc.width() - 8, t.text, t.secondary, 10.5f);
  y -= 3;
  y -= doc.DrawParagraphAt(doc.left(), y, doc.width(), t.note, note);
  y -= doc.DrawParagraphAt(doc.left(), y, doc.width(), t.secondary_note, note.Secondary());
  doc.SetCursor(y - 4);
}

}  // namespace

void Section(PdfDocument& doc, const SectionTitle& title, float keep) {
  if (title.secondary.empty()) {
    NumberedSection(doc, title.number, title.text, keep);
  } else {
    BilingualSection(doc, title, keep);
  }
}

float TableHeight(const PdfDocument& doc, const TableSpec& spec,
                  const std::vector<TableRow>& rows) {
  float h = 0;
  if (spec.header) {
    TableSpec header_spec = spec;
    if (spec.header_text) header_spec.text = *spec.header_text;
    h += doc.MeasureRow(header_spec, *spec.header);
  }
  for (const TableRow& r : rows) h += doc.MeasureRow(spec, r);
  return h;
}

float KeepOfTable(const PdfDocument& doc, const TableSpec& spec,
                  const std::vector<TableRow>& rows) {
  const float whole = TableHeight(doc, spec, rows);
  const float third = (doc.top() - doc.bottom()) / 3;
  if (whole <= third) return whole;
  std::vector<TableRow> first(rows.begin(), rows.begin() + std::min<size_t>(rows.size(), 3));
  return TableHeight(doc, spec, first);
}

}  // namespace zapas::printing::report
