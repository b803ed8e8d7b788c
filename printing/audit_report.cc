#include "printing/audit_report.h"

#include <algorithm>
#include <memory>

#include "printing/audit_journal.h"
#include "printing/blocks.h"
#include "printing/format.h"
#include "printing/qr.h"
#include "printing/report_blocks.h"

namespace zapas::printing {

namespace {

using audit::JournalTable;
using audit::Timestamp;
using audit::WithCode;
using blocks::Field;
using blocks::kBody;
using blocks::kSmall;

// "10 000": a count grouped as the amounts are.
template <typename N>
std::string Count(N n) {
  return FormatCount(static_cast<int64_t>(n));
}

// --- Page 1: title and key facts --------------------------------------------

// The QR code of the head hash at the top right, with "головний хеш / head
// hash" and the hash's first 16 digits beneath (blocks::QrBadge prints the
// payload's own hash instead).
Status HeadBadge(PdfDocument& doc, float x, float top, const AuditReportData& d) {
  Result<QrMatrix> qr = EncodeQr(d.qr_payload);
  if (!qr.ok()) return Status::Field("qr_payload", qr.status().message(), qr.status().code());
  const float w = blocks::kQrBadgeWidth;
  const float quiet = kQrQuietZone * w / static_cast<float>(qr->width);
  ZAPAS_RETURN_IF_ERROR(doc.DrawQr(x - quiet, top + quiet, w + 2 * quiet, d.qr_payload));
  const TextStyle caption = blocks::kCaption.Sized(6.0f);
  float baseline = top - w - 8;
  doc.DrawTextAligned(x, w, baseline, "головний хеш / head hash", caption, Align::kCenter);
  baseline -= caption.line_height();
  const std::string shown =
      d.head.hash.size() >= 16 ? d.head.hash.substr(0, 16) : PayloadShortHash(d.qr_payload);
  doc.DrawTextAligned(x, w, baseline, shown, caption.Gray(0.25f), Align::kCenter);
  return doc.status();
}

Status TitleBlock(PdfDocument& doc, const AuditReportData& d) {
  const bool qr = !d.qr_payload.empty();
  const TextStyle uk_style = kBody.Bold().Sized(14);
  const TextStyle en_style = uk_style.Secondary();
  const float side = qr ? blocks::kQrBadgeWidth + 14 : 0;
  const float x = doc.left() + side;
  const float w = doc.width() - 2 * side;
  const std::string period_uk =
      "за період " + report::PeriodText(d.from, d.to, ReportLanguage::kUkrainian) + " включно";
  const std::string period_en =
      "for the period " + FormatDateLongEn(d.from) + " to " + FormatDateLongEn(d.to) + " inclusive";
  const std::string_view about_uk = "Звірка грошових коштів і журнал операцій з ланцюжком хешів";
  const std::string_view about_en = "Cash reconciliation and the hash-chained journal";
  const TextStyle about = kSmall.Gray(0.3f);
  const float top = doc.cursor();
  float y = top;
  if (qr) {
    ZAPAS_RETURN_IF_ERROR(HeadBadge(doc, doc.right() - blocks::kQrBadgeWidth, top, d));
    const float h = uk_style.line_height() + en_style.line_height() + 4 + kBody.line_height() +
                    kBody.Secondary().line_height() + 5 + about.line_height() +
                    about.Secondary().line_height();
    y -= std::max(0.0f, (blocks::kQrBadgeWidth - h) / 2);
  }
  y -= doc.DrawParagraphAt(x, y, w, "ЗВІТ СКАРБНИКА ДЛЯ АУДИТУ", uk_style, Align::kCenter);
  y -= doc.DrawParagraphAt(x, y, w, "Treasurer's audit report", en_style, Align::kCenter);
  y -= 4;
  y -= doc.DrawParagraphAt(x, y, w, period_uk, kBody.Bold(), Align::kCenter);
  y -= doc.DrawParagraphAt(x, y, w, period_en, kBody.Secondary(), Align::kCenter);
  y -= 5;
  y -= doc.DrawParagraphAt(x, y, w, about_uk, about, Align::kCenter);
  y -= doc.DrawParagraphAt(x, y, w, about_en, about.Secondary(), Align::kCenter);
  if (qr) y = std::min(y, top - blocks::kQrBadgeHeight);
  doc.SetCursor(y - 10);
  return doc.status();
}

// "FEE-2026-000001 (#41), 12.11.2026, записано / recorded 2026-11-27 07:45:22 UTC"
std::string HeadText(const AuditHead& head) {
  if (head.id == 0) return "журнал порожній / the journal is empty";
  std::string number = head.number.empty() ? "#" + std::to_string(head.id)
                                           : head.number + " (#" + std::to_string(head.id) + ")";
  return "останній запис / last entry: " + number + ", " + FormatDateNumeric(head.date) +
         ", записано / recorded " + Timestamp(head.recorded_at) + " UTC";
}

// The journal head hash with the entry it belongs to beneath.
TableCell HeadHashField(const AuditReportData& d, bool with_count) {
  TableCell hash = Field(
      "Головний хеш журналу — SHA-256 останнього запису / "
      "Journal head hash — SHA-256 of the last entry",
      d.head.hash, 6);
  hash.bold = true;
  hash.secondary = HeadText(d.head);
  if (with_count && d.head.id != 0) {
    hash.secondary += "; записів у журналі / entries in the journal: " + Count(d.journal_entries);
  }
  return hash;
}

void KeyFacts(PdfDocument& doc, const AuditReportData& d) {
  std::string org = d.org_name;
  if (!d.org_edrpou.empty()) org += "\nкод ЄДРПОУ / EDRPOU code: " + d.org_edrpou;
  blocks::FieldGrid(
      doc, {
               {{Field("Організація / Organisation", org, 3),
                 Field("Період / Period", report::PeriodNumeric(d.from, d.to), 2),
                 Field("Валюта / Currency", d.currency, 1)}},
               {{Field("Записів за період / Entries in the period", Count(d.entries.size()), 2),
                 Field("Записів у журналі / Entries in the journal", Count(d.journal_entries), 2),
                 Field("Сформовано / Generated", d.generated_at, 2)}},
               {{HeadHashField(d, false)}},
           });
}

// --- Sections ---------------------------------------------------------------

// A bilingual section heading with an optional note beneath, kept on one
// page with at least `keep` points of what follows.
void Section(PdfDocument& doc, std::string uk, std::string en, float keep, std::string note_uk = {},
             std::string note_en = {}) {
  report::Section(doc, {0, std::move(uk), std::move(en), std::move(note_uk), std::move(note_en)},
                  keep);
}

TableSpec NumbersTable(std::vector<TableColumn> columns,
                       std::vector<std::pair<std::string, std::string>> headers) {
  TableSpec t;
  t.columns = std::move(columns);
  t.text = kSmall.Sized(7.2f);
  t.header_text = kSmall.Sized(6.6f);
  t.padding = 2.6f;
  TableRow header;
  header.shaded = true;
  header.bold = true;
  for (auto& [uk, en] : headers) {
    TableCell c(std::move(uk), std::move(en));
    c.align = Align::kCenter;
    header.cells.push_back(std::move(c));
  }
  t.header = std::move(header);
  return t;
}

// The narrowest a table's account or donor column becomes to make room for
// the figures: a code such as "CASH-EUR" in bold, the name wrapped beneath.
constexpr float kMinNameWidth = 64;

// Makes every figure (the cells of the right-aligned columns) fit its column
// on one line: a fixed figure column grows to its widest figure, in the bold
// of a totals row too, and the flexible columns share what is left. When that
// leaves a flexible text column narrower than `min_text` points, or a
// flexible figure column narrower than its widest figure, the table's type is
// set smaller, down to kMinFigureSize.
void FitFigures(const PdfDocument& doc, TableSpec& t, const std::vector<TableRow>& rows,
                float min_text) {
  constexpr float kMinFigureSize = 5.4f;
  constexpr float kStep = 0.2f;
  const size_t n = t.columns.size();
  for (float size = t.text.size;; size -= kStep) {
    const TextStyle text = t.text.Sized(size);
    std::vector<float> need(n, 0);
    for (const TableRow& row : rows) {
      size_t col = 0;
      for (const TableCell& cell : row.cells) {
        if (col >= n) break;
        if (cell.span <= 1 && t.columns[col].align == Align::kRight) {
          const TextStyle style = cell.bold || row.bold ? text.Bold() : text;
          // A hair to spare: Wrap accepts a line up to 0.01 pt wider.
          need[col] = std::max(need[col], doc.TextWidth(cell.text, style) + 2 * t.padding + 0.5f);
        }
        col += static_cast<size_t>(std::max(cell.span, 1));
      }
    }
    std::vector<TableColumn> columns = t.columns;
    float fixed = 0;
    int flexible = 0;
    for (size_t c = 0; c < n; ++c) {
      if (columns[c].width > 0) {
        columns[c].width = std::max(columns[c].width, need[c]);
        fixed += columns[c].width;
      } else {
        ++flexible;
      }
    }
    const float share = flexible > 0 ? (doc.width() - fixed) / static_cast<float>(flexible) : 0;
    bool fits = fixed <= doc.width();
    for (size_t c = 0; c < n; ++c) {
      if (columns[c].width > 0) continue;
      fits = fits && share >= (columns[c].align == Align::kRight ? need[c] : min_text);
    }
    if (fits || size - kStep < kMinFigureSize) {
      t.columns = std::move(columns);
      t.text = text;
      return;
    }
  }
}

// The rows of an empty table: one line that says so.
void NoneLine(PdfDocument& doc, std::string_view uk, std::string_view en) {
  doc.Bilingual(uk, en, kSmall.Gray(0.25f));
}

// The seven figures both reconciliation tables show, their headers, and the
// totals row that closes them (its label spans the first six columns).
std::vector<std::pair<std::string, std::string>> FigureHeaders(const std::string& currency,
                                                               bool short_labels) {
  const std::string r = ", " + currency;
  return {{"На початок", "Opening"},
          {"Надійшло", "In"},
          {"Вибуло", "Out"},
          {"На кінець", "Closing"},
          {"Облікова" + r, "Booked" + r},
          {"Переоцінена" + r, "Revalued" + r},
          short_labels ? std::pair<std::string, std::string>{"Курс. різниця" + r, "Exch. diff." + r}
                       : std::pair<std::string, std::string>{"Курсова різниця" + r,
                                                             "Exchange difference" + r}};
}

template <typename Row>
void AppendFigures(TableRow& row, const Row& x) {
  for (const MoneySum* m : {&x.opening, &x.in, &x.out, &x.closing, &x.closing_booked,
                            &x.closing_revalued, &x.exchange_difference}) {
    row.cells.push_back(TableCell(FormatAmount(*m)));
  }
}

void AppendTotals(std::vector<TableRow>& rows, const AuditReportData& d) {
  TableCell label("Разом, " + d.currency + " / Total, " + d.currency);
  label.span = 6;
  label.align = Align::kRight;
  rows.push_back(
      {{label, TableCell(FormatAmount(d.total_booked)), TableCell(FormatAmount(d.total_revalued)),
        TableCell(FormatAmount(d.total_difference))},
       /*shaded=*/true,
       /*bold=*/true});
}

// Headers for two leading columns followed by the seven figures.
std::vector<std::pair<std::string, std::string>> WithFigures(
    std::vector<std::pair<std::string, std::string>> leading, const std::string& currency,
    bool short_labels) {
  auto figures = FigureHeaders(currency, short_labels);
  leading.insert(leading.end(), figures.begin(), figures.end());
  return leading;
}

void CurrencyTable(PdfDocument& doc, const AuditReportData& d) {
  TableSpec t = NumbersTable({{44, Align::kCenter},
                              {40, Align::kCenter},
                              {0, Align::kRight},
                              {0, Align::kRight},
                              {0, Align::kRight},
                              {0, Align::kRight},
                              {0, Align::kRight},
                              {0, Align::kRight},
                              {0, Align::kRight}},
                             WithFigures({{"Валюта", "Currency"}, {"Рахунків", "Accounts"}},
                                         d.currency, /*short_labels=*/false));
  Section(
      doc, "1. Звірка грошових коштів за валютами", "1. Cash reconciliation by currency", 40,
      "Рух у валюті рахунків; облікова вартість — за курсами НБУ на дати операцій, переоцінена — "
      "за курсом НБУ на " +
          FormatDateNumeric(d.to) + ".",
      "Movements in the accounts' currency; booked at the NBU rates of each operation's date, "
      "revalued at the NBU rate in force on " +
          FormatDateLongEn(d.to) + ".");
  if (d.currencies.empty()) {
    NoneLine(doc, "Рахунків немає.", "No accounts.");
    doc.Skip(12);
    return;
  }
  std::vector<TableRow> rows;
  for (const AuditCurrencyRow& c : d.currencies) {
    TableCell cur(c.currency);
    cur.bold = true;
    TableRow row{{cur, TableCell(Count(c.accounts))}};
    AppendFigures(row, c);
    rows.push_back(std::move(row));
  }
  AppendTotals(rows, d);
  FitFigures(doc, t, rows, kMinNameWidth);
  doc.Table(t, rows);
  doc.Skip(14);
}

void AccountTable(PdfDocument& doc, const AuditReportData& d) {
  TableSpec t = NumbersTable({{0, Align::kLeft},
                              {30, Align::kCenter},
                              {54, Align::kRight},
                              {54, Align::kRight},
                              {54, Align::kRight},
                              {56, Align::kRight},
                              {58, Align::kRight},
                              {58, Align::kRight},
                              {54, Align::kRight}},
                             WithFigures({{"Рахунок", "Account"}, {"Вал.", "Cur."}}, d.currency,
                                         /*short_labels=*/true));
  Section(doc, "2. Рахунки", "2. Accounts", 40);
  if (d.accounts.empty()) {
    NoneLine(doc, "Рахунків немає.", "No accounts.");
    doc.Skip(12);
    return;
  }
  std::vector<TableRow> rows;
  for (const AccountReconciliation& a : d.accounts) {
    const bool cash = a.account.kind == AccountKind::kCash;
    TableCell account(a.account.code, a.account.name + (cash ? "\nкаса / cash" : "\nбанк / bank"));
    account.bold = true;
    TableRow row{{account, TableCell(std::string(a.account.currency->code))}};
    AppendFigures(row, a);
    rows.push_back(std::move(row));
  }
  AppendTotals(rows, d);
  FitFigures(doc, t, rows, kMinNameWidth);
  doc.Table(t, rows);
  doc.Skip(14);
}

void StatementTable(PdfDocument& doc, const AuditReportData& d) {
  TableSpec t = NumbersTable({{0, Align::kLeft},
                              {62, Align::kCenter},
                              {84, Align::kRight},
                              {84, Align::kRight},
                              {84, Align::kRight},
                              {92, Align::kCenter}},
                             {{"Рахунок", "Account"},
                              {"Дата виписки", "Statement date"},
                              {"Залишок за випискою", "Statement balance"},
                              {"Залишок за книгою", "Book balance"},
                              {"Різниця", "Difference"},
                              {"Результат", "Result"}});
  size_t mismatched = 0;
  for (const AuditStatementRow& s : d.statements) mismatched += s.matched ? 0 : 1;
  Section(doc, "3. Перевірка банківських виписок", "3. Bank statement checks", 36,
          "Виписок за період: " + Count(d.statements.size()) +
              ", з розбіжністю: " + Count(mismatched) + ".",
          "Statements in the period: " + Count(d.statements.size()) +
              ", with a difference: " + Count(mismatched) + ".");
  if (d.statements.empty()) {
    NoneLine(doc, "Банківських виписок за період не внесено.",
             "No bank statements were recorded for the period.");
    doc.Skip(12);
    return;
  }
  std::vector<TableRow> rows;
  for (const AuditStatementRow& s : d.statements) {
    TableCell result = s.matched ? TableCell("збігається", "matched")
                                 : TableCell("РОЗБІЖНІСТЬ", "difference to investigate");
    result.bold = !s.matched;
    TableCell account(s.account);
    account.bold = true;
    rows.push_back(
        {{account, TableCell(FormatDateNumeric(s.date)), TableCell(WithCode(s.balance)),
          TableCell(WithCode(s.book_balance)), TableCell(WithCode(s.difference)), result},
         /*shaded=*/!s.matched});
  }
  FitFigures(doc, t, rows, kMinNameWidth);
  doc.Table(t, rows);
  doc.Skip(14);
}

void DonorTable(PdfDocument& doc, const AuditReportData& d) {
  const std::string r = ", " + d.currency;
  TableSpec t = NumbersTable({{0, Align::kLeft},
                              {30, Align::kCenter},
                              {58, Align::kRight},
                              {58, Align::kRight},
                              {58, Align::kRight},
                              {58, Align::kRight},
                              {64, Align::kRight},
                              {62, Align::kRight}},
                             {{"Донор", "Donor"},
                              {"Вал.", "Cur."},
                              {"Залишок на початок", "Opening"},
                              {"Надійшло", "Received"},
                              {"Витрачено", "Spent"},
                              {"Залишок", "Remaining"},
                              {"Залишок, облік." + r, "Remaining, booked" + r},
                              {"Товари на складі", "Goods in stock"}});
  Section(
      doc, "4. Кошти донорів і нерозподілена допомога", "4. Donor funds and undistributed aid", 36,
      "Суми — у валюті донора; товари — за обліковою вартістю на " + FormatDateNumeric(d.to) + ".",
      "Amounts in the donor's currency; goods at their book value on " + FormatDateLongEn(d.to) +
          ".");
  if (d.donors.empty()) {
    NoneLine(doc, "Донорів з операціями до кінця періоду немає.",
             "No donor has operations up to the end of the period.");
  } else {
    std::vector<TableRow> rows;
    for (const DonorReconciliation& x : d.donors) {
      TableCell donor(x.donor.code, x.donor.name);
      donor.bold = true;
      rows.push_back(
          {{donor, TableCell(std::string(x.remaining.currency_code())),
            TableCell(FormatAmount(x.opening_remaining)), TableCell(FormatAmount(x.received)),
            TableCell(FormatAmount(x.spent)), TableCell(FormatAmount(x.remaining)),
            TableCell(FormatAmount(x.remaining_booked)),
            TableCell(FormatAmount(x.goods_in_stock))}});
    }
    FitFigures(doc, t, rows, kMinNameWidth);
    doc.Table(t, rows);
  }
  doc.Skip(6);
  const std::string lots = Count(d.undistributed_lots);
  const std::string overdue = Count(d.overdue_lots);
  doc.Bilingual(
      "Нерозподілена допомога на " + FormatDateNumeric(d.to) + ": партій — " + lots +
          ", з них понад 90 днів від надходження (Постанова КМУ № 953) — " + overdue + ".",
      "Aid not yet distributed on " + FormatDateLongEn(d.to) + ": " + lots + " lots, of which " +
          overdue + " are older than 90 days since receipt (Cabinet Resolution 953).",
      kSmall.Sized(7.5f).Gray(d.overdue_lots > 0 ? 0.0f : 0.2f));
  doc.Skip(14);
}

// --- The journal ------------------------------------------------------------

// Entries the figures leave out, each with its reason; nothing when none.
void ExcludedEntries(PdfDocument& doc, const AuditReportData& d) {
  if (d.excluded.empty()) return;
  doc.Skip(4);
  doc.Bilingual(
      "Не враховано в підсумках (значення не обчислюється: сума понад межі Zapas) — "
      "записів: " +
          Count(d.excluded.size()),
      "Left out of the figures (a value cannot be computed: an amount beyond Zapas' "
      "limits) — entries: " +
          Count(d.excluded.size()),
      kBody);
  for (const ExcludedEntryRow& x : d.excluded) {
    const auto [uk, en] = EntryKindLabels(x.kind);
    doc.Bilingual("• " + x.number + ", " + FormatDateNumeric(x.date) + ", " + std::string(uk) +
                      ": сума завелика для обчислення",
                  "  " + std::string(en) + ": " + x.reason, kSmall);
  }
  doc.Skip(8);
}

void JournalSection(PdfDocument& doc, const AuditReportData& d) {
  const std::string n = Count(d.entries.size());
  JournalTable table(doc);
  Section(doc, "5. Записи журналу за період", "5. Journal entries of the period",
          table.HeaderHeight() + 24,
          n + " записів з датою операції в межах періоду, у порядку журналу. Хеш кожного запису "
              "охоплює його зміст і хеш попереднього запису, тож зміна будь-якого запису змінює "
              "всі наступні хеші.",
          n + " entries dated within the period, in journal order. Each entry's hash covers its "
              "content and the previous entry's hash, so changing any entry changes every hash "
              "after it.");
  table.Header();
  if (d.entries.empty()) {
    const float top = doc.cursor();
    doc.DrawParagraphAt(doc.left() + 3, top - 3, doc.width(),
                        "Записів за період немає. / No entries in the period.", kSmall.Gray(0.25f));
    doc.SetCursor(top - kSmall.line_height() - 6);
  }
  for (const AuditEntry& e : d.entries) table.Row(e);
  table.End();
  doc.Skip(16);
}

// --- Closing ----------------------------------------------------------------

std::string EntryRef(const AuditEntry& e) {
  return (e.number.empty() ? "#" + std::to_string(e.id) : e.number) + ", " +
         FormatDateNumeric(e.date);
}

void SignatureColumn(PdfDocument& doc, float x, float top, float w, std::string_view uk,
                     std::string_view en) {
  float y = top - blocks::Heading(doc, x, top, w, uk, en) - 2;
  y -= blocks::LineField(doc, x, y, w, "", "прізвище, ім'я / full name");
  const float half = (w - 12) / 2;
  blocks::LineField(doc, x, y, half, "", "підпис / signature");
  blocks::LineField(doc, x + half + 12, y, half, "", "дата / date");
}

void Closing(PdfDocument& doc, const AuditReportData& d) {
  // The closing block stays together: facts, verification note, signatures.
  const float signatures_h = 24 + 2 * 24 + 10;
  Section(doc, "Підсумок", "Closing", 150 + signatures_h);
  const std::string first = d.entries.empty() ? "—" : EntryRef(d.entries.front());
  const std::string last = d.entries.empty() ? "—" : EntryRef(d.entries.back());
  blocks::FieldGrid(doc,
                    {
                        {{Field("Записів у звіті / Entries listed", Count(d.entries.size()), 2),
                          Field("Перший / First", first, 2), Field("Останній / Last", last, 2)}},
                        {{HeadHashField(d, true)}},
                    });
  doc.SetCursor(doc.cursor() + 4);
  doc.Bilingual(
      "Перевірка: команда zapas verify перераховує весь ланцюжок хешів із бази даних; "
      "GET /api/v1/verify/{хеш} знаходить запис за першими 16 цифрами його хешу. Звіт "
      "відповідає журналу, якщо перерахований головний хеш збігається з наведеним вище.",
      "Verification: the command zapas verify recomputes the whole hash chain from the database; "
      "GET /api/v1/verify/{hash} finds an entry by the first 16 digits of its hash. The report "
      "matches the journal when the recomputed head hash equals the one above.",
      kSmall.Sized(7.5f).Gray(0.2f));
  doc.Skip(14);
  doc.EnsureSpace(signatures_h);
  const float gap = 36;
  const float w = (doc.width() - gap) / 2;
  const float top = doc.cursor();
  SignatureColumn(doc, doc.left(), top, w, "Скарбник", "Treasurer");
  SignatureColumn(doc, doc.left() + w + gap, top, w, "Аудитор", "Auditor");
  doc.SetCursor(top - signatures_h);
}

}  // namespace

Result<std::string> RenderAuditReport(const AuditReportData& data, const PrintOptions& options) {
  if (data.to < data.from) return Status::Field("to", "must not be before from");
  DocumentInfo info;
  info.title = "Звіт скарбника для аудиту за " + report::PeriodNumeric(data.from, data.to);
  info.subject = "Treasurer's audit report, " + data.from.ToString() + " to " + data.to.ToString();
  info.number = "Звіт для аудиту / Audit report " + report::PeriodNumeric(data.from, data.to);
  ZAPAS_ASSIGN_OR_RETURN(std::unique_ptr<PdfDocument> doc, PdfDocument::Create(info, options));

  ZAPAS_RETURN_IF_ERROR(TitleBlock(*doc, data));
  KeyFacts(*doc, data);
  CurrencyTable(*doc, data);
  AccountTable(*doc, data);
  StatementTable(*doc, data);
  DonorTable(*doc, data);
  ExcludedEntries(*doc, data);
  JournalSection(*doc, data);
  Closing(*doc, data);
  return doc->Save();
}

}  // namespace zapas::printing
