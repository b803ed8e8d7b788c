#include "printing/blocks.h"

#include <algorithm>

#include "printing/format.h"
#include "printing/qr.h"

namespace zapas::printing::blocks {

Result<std::unique_ptr<PdfDocument>> OpenDocument(std::string_view title_uk,
                                                  std::string_view title_en,
                                                  std::string_view number, size_t line_count,
                                                  const PrintOptions& options) {
  if (number.empty()) return Status::Field("number", "is required");
  if (line_count == 0) return Status::Field("lines", "at least one line is required");
  DocumentInfo info;
  info.title = std::string(title_uk) + " № " + std::string(number);
  info.subject = std::string(title_en) + " No. " + std::string(number);
  info.number = std::string(number);
  return PdfDocument::Create(info, options);
}

std::optional<TextStyle> Fitting(const PdfDocument& doc, const std::string& text, TextStyle style,
                                 float w) {
  while (doc.TextWidth(text, style) > w) {
    if (style.size <= 4.5f) return std::nullopt;
    style.size -= 0.5f;
  }
  return style;
}

std::string Join(std::initializer_list<std::string_view> parts, std::string_view sep) {
  std::string out;
  for (std::string_view p : parts) {
    if (p.empty()) continue;
    if (!out.empty()) out += sep;
    out += p;
  }
  return out;
}

std::string PartyText(const WaybillParty& p) {
  std::string code;
  if (!p.code.empty()) code = p.code_label_uk + " / " + p.code_label_en + ": " + p.code;
  return Join({p.name, p.address, code}, "\n");
}

TableCell Field(std::string label, std::string text, int span) {
  TableCell c(text.empty() ? std::string("—") : std::move(text));
  c.label = std::move(label);
  c.span = span;
  return c;
}

void FieldGrid(PdfDocument& doc, const std::vector<TableRow>& rows) {
  TableSpec grid;
  grid.columns.assign(6, TableColumn{});
  grid.text = kBody;
  grid.padding = 3.5f;
  grid.label_size = 6.5f;
  doc.Table(grid, rows);
  doc.Skip(12);
}

float Heading(PdfDocument& doc, float x, float top, float w, std::string_view uk,
              std::string_view en, float size) {
  const TextStyle uk_style = kBody.Bold().Sized(size);
  float h = doc.DrawParagraphAt(x, top, w, uk, uk_style);
  h += doc.DrawParagraphAt(x, top - h, w, en, uk_style.Secondary());
  return h;
}

float LineFieldHeight(PdfDocument& doc, float w, std::string_view value) {
  const size_t n = std::max<size_t>(1, doc.Wrap(value, kBody, w).size());
  return 24 + static_cast<float>(n - 1) * kBody.line_height();
}

float LineField(PdfDocument& doc, float x, float top, float w, std::string_view value,
                std::string_view caption) {
  const std::vector<std::string> lines = doc.Wrap(value, kBody, w);
  const float h = LineFieldHeight(doc, w, value);
  const float rule_y = top - h + 11;
  float baseline =
      rule_y + 3 +
      static_cast<float>(lines.size() > 0 ? lines.size() - 1 : 0) * kBody.line_height();
  for (const std::string& line : lines) {
    doc.DrawTextAligned(x, w, baseline, line, kBody, Align::kCenter);
    baseline -= kBody.line_height();
  }
  doc.DrawLine(x, rule_y, x + w, rule_y, 0.5f);
  doc.DrawTextAligned(x, w, rule_y - 7.5f, caption, kCaption, Align::kCenter);
  return h;
}

Status QrBadge(PdfDocument& doc, float x, float top, std::string_view payload) {
  Result<QrMatrix> qr = EncodeQr(payload);
  if (!qr.ok()) return Status::Field("qr_payload", qr.status().message(), qr.status().code());
  // The symbol fills the badge's width; its quiet zone lies around it.
  const float module = kQrBadgeWidth / static_cast<float>(qr->width);
  const float quiet = kQrQuietZone * module;
  ZAPAS_RETURN_IF_ERROR(doc.DrawQr(x - quiet, top + quiet, kQrBadgeWidth + 2 * quiet, payload));
  const TextStyle caption = kCaption.Sized(6.0f);
  float baseline = top - kQrBadgeWidth - 8;
  doc.DrawTextAligned(x, kQrBadgeWidth, baseline, "перевірка / verify", caption, Align::kCenter);
  baseline -= caption.line_height();
  doc.DrawTextAligned(x, kQrBadgeWidth, baseline, VerificationCode(payload), caption.Gray(0.25f),
                      Align::kCenter);
  return doc.status();
}

namespace {

// "<title> <sign> <number>" on one line when it fits `w`, else broken before
// the sign.
std::string TitleLine(const PdfDocument& doc, std::string_view title, std::string_view sign,
                      std::string_view number, const TextStyle& style, float w) {
  std::string line = Join({title, Join({sign, number}, " ")}, " ");
  if (doc.TextWidth(line, style) <= w) return line;
  return Join({title, Join({sign, number}, " ")}, "\n");
}

}  // namespace

Status TitleBlock(PdfDocument& doc, const Title& t, std::string_view qr_payload) {
  const bool qr = !qr_payload.empty();
  const TextStyle uk_style = kBody.Bold().Sized(13);
  const TextStyle en_style = uk_style.Secondary();
  const float side = qr ? kQrBadgeWidth + 14 : 0;
  const float x = doc.left() + side;
  const float w = doc.width() - 2 * side;
  const std::string title_uk = TitleLine(doc, t.title_uk, "№", t.number, uk_style, w);
  const std::string title_en = TitleLine(doc, t.title_en, "No.", t.number, en_style, w);
  const std::string date_uk = Join({"від " + FormatDateLongUk(t.date), t.place}, ", ");
  const std::string date_en = Join({"dated " + FormatDateLongEn(t.date), t.place_en}, ", ");

  const float top = doc.cursor();
  float y = top;
  if (qr) {
    ZAPAS_RETURN_IF_ERROR(QrBadge(doc, doc.right() - kQrBadgeWidth, top, qr_payload));
    // The title stands level with the middle of the code.
    const float h = doc.MeasureParagraph(title_uk, uk_style, w) +
                    doc.MeasureParagraph(title_en, en_style, w) + 2 +
                    doc.MeasureParagraph(date_uk, kBody, w) +
                    doc.MeasureParagraph(date_en, kBody.Secondary(), w);
    y -= std::max(0.0f, (kQrBadgeWidth - h) / 2);
  }
  y -= doc.DrawParagraphAt(x, y, w, title_uk, uk_style, Align::kCenter);
  y -= doc.DrawParagraphAt(x, y, w, title_en, en_style, Align::kCenter);
  y -= 2;
  y -= doc.DrawParagraphAt(x, y, w, date_uk, kBody, Align::kCenter);
  y -= doc.DrawParagraphAt(x, y, w, date_en, kBody.Secondary(), Align::kCenter);
  if (qr) y = std::min(y, top - kQrBadgeHeight);
  doc.SetCursor(y - 10);
  return doc.status();
}

void GoodsTable(PdfDocument& doc, const std::vector<GoodsLine>& lines,
                const std::vector<Money>& totals, const GoodsColumns& columns) {
  // When every amount is in one currency it goes in the header; otherwise
  // each amount names its currency beneath.
  std::string_view currency;
  bool one_currency = true;
  for (const GoodsLine& l : lines) {
    if (l.sum == nullptr || l.price == nullptr) continue;
    if (currency.empty()) currency = l.sum->currency_code();
    one_currency =
        one_currency && l.sum->currency_code() == currency && l.price->currency_code() == currency;
  }
  const std::string cur = one_currency ? ", " + std::string(currency) : "";

  TableSpec goods;
  goods.text = kSmall.Sized(7.5f);
  goods.header_text = kSmall.Sized(7.0f);
  goods.padding = 2.5f;
  // Fixed columns fit their usual content on one line at 7.5 pt: a lot such
  // as "GRN-2026-000031/12", a date, "1 200,125", "12 345 678,00".
  if (columns.remarks) {
    // The remarks take their width from the name and the amounts.
    goods.columns = {{16, Align::kCenter}, {0, Align::kLeft},    {34, Align::kCenter},
                     {84, Align::kLeft},   {48, Align::kCenter}, {44, Align::kRight},
                     {46, Align::kRight},  {58, Align::kRight},  {68, Align::kLeft}};
  } else {
    goods.columns = {{18, Align::kCenter}, {0, Align::kLeft},    {34, Align::kCenter},
                     {88, Align::kLeft},   {48, Align::kCenter}, {46, Align::kRight},
                     {50, Align::kRight},  {62, Align::kRight}};
  }
  TableRow header{{{"№", "No."},
                   {"Найменування", "Description"},
                   {"Од.", "Unit"},
                   {"Партія", "Lot"},
                   {"Придатн. до", "Expiry"},
                   {"Кількість", "Quantity"},
                   {std::string(columns.price_uk) + cur, std::string(columns.price_en) + cur},
                   {std::string(columns.sum_uk) + cur, std::string(columns.sum_en) + cur}},
                  /*shaded=*/true,
                  /*bold=*/true};
  if (columns.remarks) header.cells.push_back({"Примітка", "Remark"});
  for (TableCell& c : header.cells) c.align = Align::kCenter;
  goods.header = header;

  std::vector<TableRow> rows;
  rows.reserve(lines.size() + totals.size());
  for (const GoodsLine& l : lines) {
    const bool expires = l.expiry && !l.expiry->is_never();
    const bool priced = l.price != nullptr && l.sum != nullptr;
    TableCell price(priced ? FormatAmount(*l.price) : ""), sum(priced ? FormatAmount(*l.sum) : "");
    if (!one_currency && priced) {
      price.secondary = std::string(l.price->currency_code());
      sum.secondary = std::string(l.sum->currency_code());
    }
    TableRow row{{TableCell(l.no > 0 ? std::to_string(l.no) : ""),
                  TableCell(KeepNumbersWithUnits(l.name_uk), KeepNumbersWithUnits(l.name_en)),
                  TableCell(std::string(l.unit), std::string(l.unit_en)),
                  TableCell(l.lot.empty() ? "—" : std::string(l.lot)),
                  TableCell(expires ? FormatDateNumeric(*l.expiry) : "—"),
                  TableCell(std::string(l.quantity)), price, sum}};
    if (columns.remarks) row.cells.emplace_back(KeepNumbersWithUnits(l.remark));
    rows.push_back(std::move(row));
  }
  // The totals' label spans up to the sum column; a remarks cell stays empty.
  const int label_span = 7;
  for (const Money& total : totals) {
    const std::string code(total.currency_code());
    TableCell label(one_currency && totals.size() == 1 ? "Разом / Total"
                                                       : "Разом, " + code + " / Total, " + code);
    label.span = label_span;
    label.align = Align::kRight;
    rows.push_back({{label, TableCell(FormatAmount(total))}, /*shaded=*/false, /*bold=*/true});
  }
  doc.Table(goods, rows);
}

void AmountInWords(PdfDocument& doc, size_t line_count, std::string_view uk, std::string_view en) {
  // "62 центи" stays on one line.
  const std::string words_uk = KeepNumbersWithUnits(uk);
  const std::string words_en = KeepNumbersWithUnits(en);
  const float label_w = 150;
  const float w = doc.width() - label_w;
  const TextStyle words = kBody.Bold();
  const std::string count = FormatCount(static_cast<int64_t>(line_count));
  const std::string count_uk = "Усього найменувань: " + count;
  const std::string count_en = "Number of lines: " + count;
  const float h = 2 * kBody.line_height() + doc.MeasureParagraph(words_uk, words, w) +
                  doc.MeasureParagraph(words_en, words.Secondary(), w) + 4;
  doc.EnsureSpace(h);
  float y = doc.cursor();
  y -= doc.DrawParagraphAt(doc.left(), y, doc.width(), count_uk + "   /   " + count_en, kSmall);
  y -= 4;
  Heading(doc, doc.left(), y, label_w - 6, "Сума прописом:", "Amount in words:", 8);
  y -= doc.DrawParagraphAt(doc.left() + label_w, y, w, words_uk, words);
  y -= doc.DrawParagraphAt(doc.left() + label_w, y, w, words_en, words.Secondary());
  doc.SetCursor(std::min(y, doc.cursor() - 2 * kBody.line_height()) - 4);
}

namespace {

constexpr float kStamp = 62;

// "М.П." / "Place of stamp" in a dashed box.
void StampPlace(PdfDocument& doc, float x, float top, float size) {
  doc.DrawBox(x, top, size, size, 0.5f, /*dashed=*/true);
  const TextStyle mp = kSmall.Bold().Gray(0.35f);
  const float mid = top - size / 2;
  doc.DrawTextAligned(x, size, mid + 1, "М.П.", mp, Align::kCenter);
  doc.DrawTextAligned(x, size, mid - 8, "place of stamp", kCaption, Align::kCenter);
}

float SignatureBlockHeight(PdfDocument& doc, float w, const WaybillPerson& person) {
  const float fw = w - kStamp - 12;
  const TextStyle heading = kBody.Bold().Sized(9.5f);
  return heading.line_height() + heading.Secondary().line_height() + 4 +
         LineFieldHeight(doc, fw, person.position) + LineFieldHeight(doc, fw, person.name) + 6 +
         LineFieldHeight(doc, fw, "");
}

// One signature block ("Здав / Handed over"): position, name, signature, stamp.
float SignatureBlock(PdfDocument& doc, float x, float top, float w, std::string_view uk,
                     std::string_view en, const WaybillPerson& person) {
  float y = top - Heading(doc, x, top, w, uk, en) - 4;
  const float fw = w - kStamp - 12;
  y -= LineField(doc, x, y, fw, person.position, "посада / position");
  y -= LineField(doc, x, y, fw, person.name, "прізвище, ім'я / full name");
  y -= 6;  // room to sign
  y -= LineField(doc, x, y, fw, "", "підпис / signature");
  StampPlace(doc, x + w - kStamp, top - 26, kStamp);
  return top - y;
}

}  // namespace

void Signatures(PdfDocument& doc, const WaybillPerson& handed_over, const WaybillPerson& received) {
  const float gap = 24;
  const float w = (doc.width() - gap) / 2;
  doc.EnsureSpace(
      std::max(SignatureBlockHeight(doc, w, handed_over), SignatureBlockHeight(doc, w, received)));
  const float top = doc.cursor();
  const float h1 = SignatureBlock(doc, doc.left(), top, w, "Здав", "Handed over", handed_over);
  const float h2 =
      SignatureBlock(doc, doc.left() + w + gap, top, w, "Прийняв", "Received", received);
  doc.SetCursor(top - std::max(h1, h2));
}

}  // namespace zapas::printing::blocks
