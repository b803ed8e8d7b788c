#include "printing/waybill.h"

#include <algorithm>
#include <memory>

namespace zapas::printing {

namespace {

const TextStyle kBody{FontWeight::kRegular, 9.0f};
const TextStyle kSmall{FontWeight::kRegular, 8.0f};
const TextStyle kCaption{FontWeight::kRegular, 6.5f, 0.4f, 1.15f};

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

// A value written above a rule (wrapped, never cut), with a caption beneath
// the rule. Returns the height used.
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

// "М.П." / "Place of stamp" in a dashed box.
void StampPlace(PdfDocument& doc, float x, float top, float size) {
  doc.DrawBox(x, top, size, size, 0.5f, /*dashed=*/true);
  const TextStyle mp = kSmall.Bold().Gray(0.35f);
  const float mid = top - size / 2;
  doc.DrawTextAligned(x, size, mid + 1, "М.П.", mp, Align::kCenter);
  doc.DrawTextAligned(x, size, mid - 8, "place of stamp", kCaption, Align::kCenter);
}

// A bilingual heading at an absolute position: Ukrainian bold, English beneath.
float Heading(PdfDocument& doc, float x, float top, float w, std::string_view uk,
              std::string_view en, float size = 9.5f) {
  const TextStyle uk_style = kBody.Bold().Sized(size);
  float h = doc.DrawParagraphAt(x, top, w, uk, uk_style);
  h += doc.DrawParagraphAt(x, top - h, w, en, uk_style.Secondary());
  return h;
}

constexpr float kStamp = 62;

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

// "ЗАТВЕРДЖУЮ / Approved": the commander's approval at the top right.
void ApprovalBlock(PdfDocument& doc, const WaybillPerson& commander) {
  const float w = 220;
  const float x = doc.right() - w;
  float y = doc.cursor();
  y -= Heading(doc, x, y, w, "ЗАТВЕРДЖУЮ", "Approved", 10);
  y -= 2;
  y -= doc.DrawParagraphAt(x, y, w,
                           commander.position.empty()
                               ? "Командир військової частини / Commander of the military unit"
                               : commander.position,
                           kSmall);
  y -= 2;
  y -= LineField(doc, x, y - 4, w, commander.name, "підпис, прізвище / signature, name") + 4;
  y -= 4;
  doc.DrawText(x, y - 9, "«____» ______________ 20____ р.", kSmall);
  doc.DrawTextAligned(x, w, y - 9, "М.П.", kSmall.Bold().Gray(0.35f), Align::kRight);
  doc.SetCursor(y - 22);
}

void CommissionBlock(PdfDocument& doc, const std::vector<WaybillPerson>& members) {
  doc.EnsureSpace(30 + 26 * static_cast<float>(std::min<size_t>(members.size(), 2)));
  doc.SetCursor(doc.cursor() -
                Heading(doc, doc.left(), doc.cursor(), doc.width(),
                        "Комісія у складі:", "Commission members:") -
                2);
  const float pos_w = 200, name_w = 170, gap = 12;
  const float sig_w = doc.width() - pos_w - name_w - 2 * gap;
  for (const WaybillPerson& m : members) {
    // The three fields share one rule line: the tallest sets the row.
    const float h =
        std::max(LineFieldHeight(doc, pos_w, m.position), LineFieldHeight(doc, name_w, m.name)) + 2;
    doc.EnsureSpace(h);
    const float top = doc.cursor();
    auto field = [&](float x, float w, std::string_view value, std::string_view caption) {
      LineField(doc, x, top - (h - 2 - LineFieldHeight(doc, w, value)), w, value, caption);
    };
    field(doc.left(), pos_w, m.position, "посада / position");
    field(doc.left() + pos_w + gap, name_w, m.name, "прізвище, ім'я / full name");
    field(doc.right() - sig_w, sig_w, "", "підпис / signature");
    doc.SetCursor(top - h);
  }
}

}  // namespace

Result<std::string> RenderWaybill(const WaybillData& data, const PrintOptions& options) {
  if (data.number.empty()) return Status::Field("number", "is required");
  if (data.lines.empty()) return Status::Field("lines", "at least one line is required");

  const std::string title_uk =
      data.is_transfer_act ? "АКТ ПРИЙМАННЯ-ПЕРЕДАЧІ" : "ТОВАРНО-ТРАНСПОРТНА НАКЛАДНА";
  const std::string title_en = data.is_transfer_act ? "Transfer act" : "Consignment note (waybill)";
  DocumentInfo info;
  info.title =
      (data.is_transfer_act ? "Акт приймання-передачі № " : "Товарно-транспортна накладна № ") +
      data.number;
  info.subject = title_en + " No. " + data.number;
  info.number = data.number;
  ZAPAS_ASSIGN_OR_RETURN(std::unique_ptr<PdfDocument> doc, PdfDocument::Create(info, options));

  if (data.is_transfer_act) ApprovalBlock(*doc, data.commander);

  // Title, number, date and place.
  doc->Bilingual(title_uk + " № " + data.number, title_en + " No. " + data.number,
                 kBody.Bold().Sized(13), Align::kCenter);
  doc->Skip(2);
  doc->Bilingual(Join({"від " + FormatDateLongUk(data.date), data.place}, ", "),
                 Join({"dated " + FormatDateLongEn(data.date), data.place_en}, ", "), kBody,
                 Align::kCenter);
  doc->Skip(10);

  // Parties, transport and route: a grid of captioned fields on six columns.
  TableSpec grid;
  grid.columns.assign(6, TableColumn{});
  grid.text = kBody;
  grid.padding = 3.5f;
  grid.label_size = 6.5f;
  std::vector<TableRow> fields = {
      {{Field("Вантажовідправник / Consignor", PartyText(data.consignor), 3),
        Field("Вантажоодержувач / Consignee", PartyText(data.consignee), 3)}},
      {{Field("Перевізник / Carrier", data.carrier, 2),
        Field("Автомобіль, номерний знак / Vehicle, plate", Join({data.vehicle, data.plate}, "\n"),
              2),
        Field("Водій / Driver", data.driver, 2)}},
      {{Field("Пункт навантаження / Loading point", data.loading_point, 3),
        Field("Пункт розвантаження / Unloading point", data.unloading_point, 3)}},
  };
  doc->Table(grid, fields);
  doc->Skip(12);

  // The goods. When every line is in one currency it goes in the header;
  // otherwise each amount names its currency beneath.
  std::string_view currency = data.lines.front().sum.currency_code();
  bool one_currency = true;
  for (const WaybillLine& l : data.lines) {
    one_currency =
        one_currency && l.sum.currency_code() == currency && l.price.currency_code() == currency;
  }
  const std::string cur_suffix = one_currency ? ", " + std::string(currency) : "";
  TableSpec goods;
  goods.text = kSmall.Sized(7.5f);
  goods.header_text = kSmall.Sized(7.0f);
  goods.padding = 2.5f;
  // Fixed columns fit their usual content on one line at 7.5 pt: a lot such
  // as "GRN-2026-000031/12", a date, "1 200,125", "12 345 678,00".
  goods.columns = {{18, Align::kCenter}, {0, Align::kLeft},    {34, Align::kCenter},
                   {88, Align::kLeft},   {48, Align::kCenter}, {46, Align::kRight},
                   {50, Align::kRight},  {62, Align::kRight}};
  TableRow header{{{"№", "No."},
                   {"Найменування", "Description"},
                   {"Од.", "Unit"},
                   {"Партія", "Lot"},
                   {"Придатн. до", "Expiry"},
                   {"Кількість", "Quantity"},
                   {"Ціна" + cur_suffix, "Price" + cur_suffix},
                   {"Сума" + cur_suffix, "Amount" + cur_suffix}},
                  /*shaded=*/true,
                  /*bold=*/true};
  for (TableCell& c : header.cells) c.align = Align::kCenter;
  goods.header = header;

  std::vector<TableRow> rows;
  rows.reserve(data.lines.size() + data.totals.size());
  for (const WaybillLine& l : data.lines) {
    const bool expires = l.expiry && !l.expiry->is_never();
    TableCell price(FormatAmount(l.price)), sum(FormatAmount(l.sum));
    if (!one_currency) {
      price.secondary = std::string(l.price.currency_code());
      sum.secondary = std::string(l.sum.currency_code());
    }
    rows.push_back({{TableCell(std::to_string(l.no)), TableCell(l.name_uk, l.name_en),
                     TableCell(l.unit, l.unit_en), TableCell(l.lot.empty() ? "—" : l.lot),
                     TableCell(expires ? FormatDateNumeric(*l.expiry) : "—"), TableCell(l.quantity),
                     price, sum}});
  }
  for (const Money& total : data.totals) {
    const std::string code(total.currency_code());
    TableCell label(one_currency && data.totals.size() == 1
                        ? "Разом / Total"
                        : "Разом, " + code + " / Total, " + code);
    label.span = 7;
    label.align = Align::kRight;
    rows.push_back({{label, TableCell(FormatAmount(total))}, /*shaded=*/false, /*bold=*/true});
  }
  doc->Table(goods, rows);
  doc->Skip(8);

  // Totals in words.
  {
    const float label_w = 150;
    const float w = doc->width() - label_w;
    const TextStyle words = kBody.Bold();
    const std::string count_uk = "Усього найменувань: " + std::to_string(data.lines.size());
    const std::string count_en = "Number of lines: " + std::to_string(data.lines.size());
    const float h = 2 * kBody.line_height() +
                    doc->MeasureParagraph(data.total_in_words_uk, words, w) +
                    doc->MeasureParagraph(data.total_in_words_en, words.Secondary(), w) + 4;
    doc->EnsureSpace(h);
    float y = doc->cursor();
    y -=
        doc->DrawParagraphAt(doc->left(), y, doc->width(), count_uk + "   /   " + count_en, kSmall);
    y -= 4;
    Heading(*doc, doc->left(), y, label_w - 6, "Сума прописом:", "Amount in words:", 8);
    y -= doc->DrawParagraphAt(doc->left() + label_w, y, w, data.total_in_words_uk, words);
    y -= doc->DrawParagraphAt(doc->left() + label_w, y, w, data.total_in_words_en,
                              words.Secondary());
    doc->SetCursor(std::min(y, doc->cursor() - 2 * kBody.line_height()) - 4);
  }
  doc->Skip(6);
  doc->Rule(0.5f, 0.5f);
  doc->Skip(8);

  if (data.is_transfer_act && !data.commission.empty()) {
    CommissionBlock(*doc, data.commission);
    doc->Skip(12);
  }

  // Signatures, side by side, kept on one page.
  {
    const float gap = 24;
    const float w = (doc->width() - gap) / 2;
    doc->EnsureSpace(std::max(SignatureBlockHeight(*doc, w, data.handed_over),
                              SignatureBlockHeight(*doc, w, data.received)));
    const float top = doc->cursor();
    const float h1 =
        SignatureBlock(*doc, doc->left(), top, w, "Здав", "Handed over", data.handed_over);
    const float h2 =
        SignatureBlock(*doc, doc->left() + w + gap, top, w, "Прийняв", "Received", data.received);
    doc->SetCursor(top - std::max(h1, h2));
  }

  return doc->Save();
}

}  // namespace zapas::printing
