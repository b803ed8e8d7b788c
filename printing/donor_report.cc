#include "printing/donor_report.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <memory>

#include "domain/text.h"
#include "printing/blocks.h"
#include "printing/format.h"
#include "printing/report_blocks.h"

namespace zapas::printing {

// ---- labels -----------------------------------------------------------------

namespace {

using blocks::kBody;
using blocks::kCaption;
using blocks::kSmall;

// A category as recorded ("non-food: hygiene"), in the report's language:
// known English words are translated for Ukrainian; the first letter is
// capitalised.
std::string CategoryLabel(const std::string& category, ReportLanguage l) {
  if (category.empty()) return Pick(l, "Без категорії", "Uncategorised");
  if (l == ReportLanguage::kEnglish) return CapitalizeFirstUtf8(category);
  static const std::map<std::string, std::string> kUk = {
      {"medical", "медичне"},          {"medicine", "ліки"},
      {"food", "продукти харчування"}, {"non-food", "непродовольчі товари"},
      {"hygiene", "гігієна"},          {"shelter", "укриття"},
      {"equipment", "обладнання"},     {"clothing", "одяг"},
      {"wash", "вода і санітарія"},    {"education", "освіта"},
      {"energy", "енергетика"},        {"other", "інше"}};
  std::string out;
  size_t start = 0;
  while (start <= category.size()) {
    const size_t colon = category.find(':', start);
    const std::string part(TrimBlanks(std::string_view(category).substr(
        start, colon == std::string::npos ? std::string::npos : colon - start)));
    auto it = kUk.find(part);
    if (!out.empty()) out += ": ";
    out += it != kUk.end() ? it->second : part;
    if (colon == std::string::npos) break;
    start = colon + 1;
  }
  return CapitalizeFirstUtf8(out);
}

// An amount as the report prints it: "1 250,00" in Ukrainian, "1 250.00" in
// English (grouped by spaces in both, as ISO 80000 allows).
std::string Amount(const MoneySum& m, ReportLanguage l) {
  std::string s = FormatAmount(m);
  if (l == ReportLanguage::kEnglish) {
    const size_t comma = s.rfind(',');
    if (comma != std::string::npos) s[comma] = '.';
  }
  return s;
}

std::string QuantityText(const std::string& printed, ReportLanguage l) {
  std::string s = printed;
  if (l == ReportLanguage::kEnglish) {
    const size_t comma = s.rfind(',');
    if (comma != std::string::npos) s[comma] = '.';
  }
  return s;
}

std::string LongDate(Date d, ReportLanguage l) {
  return l == ReportLanguage::kUkrainian ? FormatDateNumeric(d) : FormatDateLongEn(d);
}

// "37,5 %": the share of `part` in `whole`.
std::string Share(const MoneySum& part, const MoneySum& whole, ReportLanguage l) {
  if (whole.minor_units() <= 0) return "—";
  const double pct =
      100.0 * static_cast<double>(part.minor_units()) / static_cast<double>(whole.minor_units());
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f %%", pct);
  std::string s = buf;
  if (l == ReportLanguage::kUkrainian) std::replace(s.begin(), s.end(), '.', ',');
  return s;
}

const report::Noun kHouseholdsIdp{"домогосподарство ВПО", "домогосподарства ВПО",
                                  "домогосподарств ВПО", "IDP household", "IDP households"};
const report::Noun kHouseholdsOf{"домогосподарства", "домогосподарств", "домогосподарств",
                                 "household", "households"};
const report::Noun kPeople{"особа", "особи", "осіб", "person", "people"};
const report::Noun kOrganisations{"організацію", "організації", "організацій", "organisation",
                                  "organisations"};

// ---- blocks -------------------------------------------------------------------

// "2  Goods by category": a numbered section heading with a rule beneath.
void Section(PdfDocument& doc, int number, const std::string& title, float keep) {
  report::Section(doc, {number, title}, keep);
}

void Note(PdfDocument& doc, const std::string& text) {
  doc.Skip(3);
  doc.Paragraph(text, kSmall.Gray(0.35f));
}

TableSpec Spec(const DonorReportData& d, std::vector<TableColumn> columns) {
  TableSpec spec;
  spec.columns = std::move(columns);
  spec.text = kSmall.Sized(8.0f);
  spec.header_text = kSmall.Sized(7.5f);
  spec.padding = 2.8f;
  spec.continued_caption = Pick(d.language, "(продовження)", "(continued)");
  return spec;
}

TableRow Header(std::vector<std::string> cells, const std::vector<TableColumn>& columns) {
  TableRow row;
  row.shaded = true;
  row.bold = true;
  for (size_t i = 0; i < cells.size(); ++i) {
    TableCell c(cells[i]);
    c.align =
        i < columns.size() && columns[i].align == Align::kRight ? Align::kRight : Align::kLeft;
    row.cells.push_back(std::move(c));
  }
  return row;
}

// The title: who issues it, the report's name, the donor, the period.
void TitleBlock(PdfDocument& doc, const DonorReportData& d) {
  const ReportLanguage l = d.language;
  float y = doc.cursor();
  const TextStyle top_line = kSmall.Gray(0.35f);
  doc.DrawText(doc.left(), y - top_line.size, d.org_name, top_line);
  doc.DrawTextAligned(doc.left(), doc.width(), y - top_line.size,
                      std::string(Pick(l, "Складено ", "Issued ")) + LongDate(d.issued, l),
                      top_line, Align::kRight);
  y -= top_line.line_height() + 10;
  const TextStyle title = kBody.Bold().Sized(18);
  y -= doc.DrawParagraphAt(doc.left(), y, doc.width(), Pick(l, "Звіт для донора", "Donor report"),
                           title);
  y -= 2;
  y -= doc.DrawParagraphAt(doc.left(), y, doc.width(), d.donor_name, kBody.Bold().Sized(13));
  y -= 3;
  std::string meta =
      std::string(Pick(l, "Період: ", "Period: ")) + report::PeriodText(d.from, d.to, l);
  meta += std::string("   ·   ") + Pick(l, "Валюта: ", "Currency: ") + d.currency;
  meta += std::string("   ·   ") + Pick(l, "Код донора: ", "Donor code: ") + d.donor_code;
  if (!d.donor_country.empty()) {
    meta += std::string("   ·   ") + Pick(l, "Країна: ", "Country: ") + d.donor_country;
  }
  y -= doc.DrawParagraphAt(doc.left(), y, doc.width(), meta, kBody.Gray(0.2f));
  y -= 6;
  doc.DrawLine(doc.left(), y, doc.right(), y, 1.6f, 0.15f);
  doc.SetCursor(y - 12);
}

struct Tile {
  std::string caption;
  std::string value;
  std::string note;
};

// Key figures: tiles of four on a row, shaded.
void Tiles(PdfDocument& doc, const std::vector<Tile>& tiles) {
  const int per_row = 4;
  const float gap = 8;
  const float w = (doc.width() - gap * (per_row - 1)) / per_row;
  const float h = 46;
  const TextStyle caption = kCaption.Sized(6.8f).Gray(0.3f);
  const TextStyle value = kBody.Bold().Sized(13.5f);
  const TextStyle note = kCaption.Sized(6.8f).Gray(0.35f);
  for (size_t start = 0; start < tiles.size(); start += per_row) {
    doc.EnsureSpace(h + gap);
    const float top = doc.cursor();
    for (size_t i = start; i < tiles.size() && i < start + per_row; ++i) {
      const float x = doc.left() + static_cast<float>(i - start) * (w + gap);
      doc.DrawBox(x, top, w, h, 0, false, 0.93f);
      doc.DrawBox(x, top, 2.2f, h, 0, false, 0.3f);  // an accent on the left edge
      const Tile& t = tiles[i];
      const TextStyle fitted_caption =
          blocks::Fitting(doc, t.caption, caption, w - 12).value_or(caption);
      doc.DrawText(x + 8, top - 6 - fitted_caption.size, t.caption, fitted_caption);
      const TextStyle fitted =
          blocks::Fitting(doc, t.value, value, w - 12).value_or(value.Sized(8));
      doc.DrawText(x + 8, top - 29, t.value, fitted);
      doc.DrawText(x + 8, top - 39.5f, t.note, note);
    }
    doc.SetCursor(top - h - gap);
  }
}

// ---- the sections ---------------------------------------------------------------

void Empty(PdfDocument& doc, const char* text) { doc.Paragraph(text, kBody.Gray(0.3f)); }

TableCell TotalLabel(const std::string& text, int span) {
  TableCell c(text);
  c.span = span;
  c.align = Align::kRight;
  return c;
}

void MoneySection(PdfDocument& doc, const DonorReportData& d) {
  const ReportLanguage l = d.language;
  const std::vector<TableColumn> cols = {{0, Align::kLeft}, {120, Align::kRight}};
  TableSpec spec = Spec(d, cols);
  spec.header = Header({Pick(l, "Грошові пожертви", "Cash donations"),
                        std::string(Pick(l, "Сума, ", "Amount, ")) + d.currency},
                       cols);
  std::vector<TableRow> rows = {
      {{TableCell(std::string(Pick(l, "Залишок на початок періоду (",
                                   "Remaining at the start of the period (")) +
                  LongDate(d.from, l) + ")"),
        TableCell(Amount(d.totals.opening_remaining, l))}},
      {{TableCell(Pick(l, "Отримано за період", "Received in the period")),
        TableCell(Amount(d.totals.received, l))}},
      {{TableCell(Pick(l, "Витрачено за період", "Spent in the period")),
        TableCell(Amount(d.totals.spent, l))}},
  };
  TableRow closing{{TableCell(std::string(Pick(l, "Залишок на кінець періоду (",
                                               "Remaining at the end of the period (")) +
                              LongDate(d.to, l) + ")"),
                    TableCell(Amount(d.totals.remaining, l))}};
  closing.bold = true;
  rows.push_back(closing);
  Section(doc, 1, Pick(l, "Грошові кошти", "Money"), report::KeepOfTable(doc, spec, rows));
  doc.Table(spec, rows);

  const std::vector<TableColumn> pcols = {{22, Align::kRight},
                                          {0, Align::kLeft},
                                          {56, Align::kRight},
                                          {90, Align::kRight},
                                          {52, Align::kRight}};
  TableSpec pspec = Spec(d, pcols);
  pspec.header =
      Header({"№", Pick(l, "Призначення", "Purpose"), Pick(l, "Платежів", "Payments"),
              std::string(Pick(l, "Сума, ", "Amount, ")) + d.currency, Pick(l, "Частка", "Share")},
             pcols);
  std::vector<TableRow> prows;
  int no = 0;
  int payments = 0;
  for (const DonorPurpose& p : d.purposes) {
    payments += p.payments;
    prows.push_back({{TableCell(std::to_string(++no)), TableCell(p.purpose),
                      TableCell(std::to_string(p.payments)), TableCell(Amount(p.spent, l)),
                      TableCell(Share(p.spent, d.totals.spent, l))}});
  }
  TableRow total_row{{TotalLabel(Pick(l, "Усього витрачено", "Total spent"), 2),
                      TableCell(std::to_string(payments)), TableCell(Amount(d.totals.spent, l)),
                      TableCell(d.totals.spent.minor_units() > 0 ? "100 %" : "—")}};
  total_row.bold = true;
  prows.push_back(total_row);

  const TextStyle sub = kBody.Bold().Sized(9.5f);
  doc.Skip(9);
  doc.EnsureSpace(
      sub.line_height() + 3 +
      (d.purposes.empty() ? kBody.line_height() : report::KeepOfTable(doc, pspec, prows)));
  doc.Paragraph(Pick(l, "Витрати за призначенням", "Spending by purpose"), sub);
  doc.Skip(3);
  if (d.purposes.empty()) {
    Empty(doc, Pick(l, "За період оплат з коштів донора не було.",
                    "No payments were made from the donor's funds in this period."));
    return;
  }
  doc.Table(pspec, prows);
}

void GoodsSection(PdfDocument& doc, const DonorReportData& d) {
  const ReportLanguage l = d.language;
  const char* title =
      Pick(l, "Отримані товари за категоріями", "Goods received in kind, by category");
  if (d.categories.empty()) {
    Section(doc, 2, title, kBody.line_height());
    Empty(doc, Pick(l, "За період товарів донора на складах не було.",
                    "No goods of the donor were held or moved in this period."));
    return;
  }
  const std::vector<TableColumn> cols = {{0, Align::kLeft},
                                         {82, Align::kRight},
                                         {82, Align::kRight},
                                         {72, Align::kRight},
                                         {90, Align::kRight}};
  TableSpec spec = Spec(d, cols);
  spec.header =
      Header({Pick(l, "Категорія", "Category"), Pick(l, "Отримано", "Received"),
              Pick(l, "Передано", "Delivered"), Pick(l, "Списано", "Written off"),
              std::string(Pick(l, "Залишок на ", "In stock on ")) + FormatDateNumeric(d.to)},
             cols);
  std::vector<TableRow> rows;
  for (const DonorCategory& c : d.categories) {
    rows.push_back({{TableCell(CategoryLabel(c.category, l)), TableCell(Amount(c.received, l)),
                     TableCell(Amount(c.delivered, l)), TableCell(Amount(c.written_off, l)),
                     TableCell(Amount(c.in_stock, l))}});
  }
  TableRow total{{TableCell(std::string(Pick(l, "Разом, ", "Total, ")) + d.currency),
                  TableCell(Amount(d.totals.goods_received, l)),
                  TableCell(Amount(d.totals.goods_distributed, l)),
                  TableCell(Amount(d.totals.goods_written_off, l)),
                  TableCell(Amount(d.totals.goods_in_stock, l))}};
  total.bold = true;
  rows.push_back(total);
  Section(doc, 2, title, report::KeepOfTable(doc, spec, rows));
  doc.Table(spec, rows);
  Note(doc, Pick(l,
                 "Товари оцінено за вартістю одиниці, заявленою донором при отриманні, у валюті "
                 "звіту за курсами НБУ на дати операцій.",
                 "Goods are valued at the unit values the donor declared on receipt, converted "
                 "to the report currency at the NBU rates of the movements' dates."));
}

void DeliveriesSection(PdfDocument& doc, const DonorReportData& d) {
  const ReportLanguage l = d.language;
  const char* title = Pick(l, "Передано за видами отримувачів і регіонами",
                           "Deliveries by recipient kind and region");
  if (d.deliveries.empty()) {
    Section(doc, 3, title, kBody.line_height());
    Empty(doc, Pick(l, "За період товари донора не передавалися.",
                    "No goods of the donor were delivered in this period."));
  } else {
    const std::vector<TableColumn> cols = {{0, Align::kLeft},   {140, Align::kLeft},
                                           {64, Align::kRight}, {54, Align::kRight},
                                           {82, Align::kRight}, {44, Align::kRight}};
    TableSpec spec = Spec(d, cols);
    spec.header = Header(
        {Pick(l, "Вид отримувача", "Recipient kind"), Pick(l, "Регіон", "Region"),
         Pick(l, "Отримувачів", "Recipients"), Pick(l, "Видач", "Deliveries"),
         std::string(Pick(l, "Вартість, ", "Value, ")) + d.currency, Pick(l, "Частка", "Share")},
        cols);
    std::vector<TableRow> rows;
    int recipients = 0, deliveries = 0;
    for (const DonorDeliveries& r : d.deliveries) {
      recipients += r.recipients;
      deliveries += r.deliveries;
      rows.push_back(
          {{TableCell(RecipientKindLabel(r.kind, l)), TableCell(r.region.empty() ? "—" : r.region),
            TableCell(FormatCount(r.recipients)), TableCell(FormatCount(r.deliveries)),
            TableCell(Amount(r.value, l)),
            TableCell(Share(r.value, d.totals.goods_distributed, l))}});
    }
    TableRow total{{TotalLabel(Pick(l, "Усього передано", "Total delivered"), 2),
                    TableCell(FormatCount(recipients)), TableCell(FormatCount(deliveries)),
                    TableCell(Amount(d.totals.goods_distributed, l)),
                    TableCell(d.totals.goods_distributed.minor_units() > 0 ? "100 %" : "—")}};
    total.bold = true;
    rows.push_back(total);
    Section(doc, 3, title, report::KeepOfTable(doc, spec, rows));
    doc.Table(spec, rows);
  }
  // Reach, in a sentence.
  doc.Skip(6);
  const std::string reach = Pick(l, "Охоплено за період: ", "Reached in the period: ") +
                            report::CountOf(d.households, l, kHouseholdsIdp) + " (" +
                            report::CountOf(d.people, l, kPeople) + Pick(l, ") та ", ") and ") +
                            report::CountOf(d.organisations, l, kOrganisations) +
                            Pick(l, " (військові частини, місця проживання ВПО, лікарні, громади).",
                                 " (military units, shelters, hospitals, communities).");
  std::string note = Pick(l,
                          "Кількість осіб підраховано за зазначеним складом домогосподарств. "
                          "Жодного отримувача у звіті не названо.",
                          "People are counted from the household sizes recorded for the households "
                          "reached. No recipient is named in this report.");
  if (d.households_without_size > 0) {
    note += " " +
            std::string(Pick(l, "Склад не зазначено для ", "Household size not recorded for ")) +
            report::CountOf(d.households_without_size, l, kHouseholdsOf) + ".";
  }
  // The sentence and its note stay together.
  const TextStyle reach_style = kBody.Bold().Sized(8.5f);
  doc.EnsureSpace(doc.MeasureParagraph(reach, reach_style, doc.width()) + 3 +
                  doc.MeasureParagraph(note, kSmall, doc.width()));
  doc.Paragraph(reach, reach_style);
  Note(doc, note);
}

void ChartSection(PdfDocument& doc, const DonorReportData& d) {
  const ReportLanguage l = d.language;
  const float h = 145;
  Section(doc, 4, std::string(Pick(l, "Передано ", "Deliveries ")) + d.monthly_caption, h + 4);
  BarChartStyle style;
  style.axis_caption =
      std::string(Pick(l, "Вартість переданого, ", "Value delivered, ")) + d.currency;
  style.empty_text = Pick(l, "за період нічого не передано", "nothing delivered in this period");
  const float top = doc.cursor();
  DrawBarChart(doc, doc.left(), top, doc.width(), h, d.monthly, style);
  doc.SetCursor(top - h - 4);
}

void StockSection(PdfDocument& doc, const DonorReportData& d) {
  const ReportLanguage l = d.language;
  const std::string title =
      std::string(Pick(l, "Залишки на складах на ", "Stock remaining on ")) + LongDate(d.to, l);
  if (d.stock.empty()) {
    Section(doc, 5, title, kBody.line_height());
    Empty(doc, Pick(l, "Товарів донора на складах не залишилося.",
                    "None of the donor's goods remain in stock."));
    return;
  }
  const std::vector<TableColumn> cols = {
      {18, Align::kRight}, {0, Align::kLeft},  {70, Align::kLeft},  {86, Align::kLeft},
      {60, Align::kRight}, {58, Align::kLeft}, {32, Align::kRight}, {70, Align::kRight}};
  TableSpec spec = Spec(d, cols);
  spec.text = kSmall.Sized(7.5f);
  spec.header_text = kSmall.Sized(7.0f);
  spec.header = Header({"№", Pick(l, "Найменування", "Item"), Pick(l, "Партія", "Lot"),
                        Pick(l, "Склад", "Warehouse"), Pick(l, "Кількість", "Quantity"),
                        Pick(l, "Придатний до", "Expiry"), Pick(l, "Днів", "Days"),
                        Pick(l, "Заявлена вартість", "Declared value")},
                       cols);
  std::vector<TableRow> rows;
  int no = 0;
  int flagged = 0;
  const int32_t warn_until = d.to.days() + d.expiry_warning_days;
  for (const DonorReportStockLine& s : d.stock) {
    const bool expires = s.expiry && !s.expiry->is_never();
    const bool soon = expires && s.expiry->days() <= warn_until;
    flagged += soon ? 1 : 0;
    const std::string& name =
        l == ReportLanguage::kUkrainian || s.name_en.empty() ? s.name_uk : s.name_en;
    const std::string& unit = l == ReportLanguage::kUkrainian ? s.unit_uk : s.unit_en;
    TableCell expiry(expires ? FormatDateNumeric(*s.expiry) : "—");
    if (soon) {
      expiry.bold = true;
      expiry.secondary = s.expiry->days() < d.to.days() ? Pick(l, "прострочено", "expired")
                                                        : Pick(l, "спливає", "expires soon");
    }
    TableRow row{{TableCell(std::to_string(++no)), TableCell(name, CategoryLabel(s.category, l)),
                  TableCell(s.lot.empty() ? "—" : s.lot), TableCell(s.warehouse),
                  TableCell(QuantityText(s.quantity, l) + " " + unit), expiry,
                  TableCell(FormatCount(s.days_in_stock)),
                  TableCell(Amount(s.value, l) + " " + std::string(s.value.currency_code()))}};
    row.shaded = soon;
    rows.push_back(std::move(row));
  }
  Section(doc, 5, title, report::KeepOfTable(doc, spec, rows));
  doc.Table(spec, rows);
  std::string note = Pick(l,
                          "Днів: від надходження партії. Заявлена вартість: кількість, помножена "
                          "на вартість одиниці, заявлену донором, у валюті партії.",
                          "Days: since the lot was received. Declared value: quantity times the "
                          "unit value declared by the donor, in the lot's currency.");
  if (flagged > 0) {
    note += " " +
            std::string(Pick(l, "Затінено: строк придатності минув або спливає протягом ",
                             "Shaded: expired or expiring within ")) +
            std::to_string(d.expiry_warning_days) + Pick(l, " днів.", " days.");
  }
  Note(doc, note);
}

}  // namespace

Result<std::string> RenderDonorReport(const DonorReportData& d, const PrintOptions& options) {
  if (d.donor_name.empty()) return Status::Field("donor_name", "is required");
  if (d.currency.empty()) return Status::Field("currency", "is required");
  const ReportLanguage l = d.language;
  DocumentInfo info;
  info.title = std::string(Pick(l, "Звіт для донора: ", "Donor report: ")) + d.donor_name;
  info.subject = std::string(Pick(l, "Звіт для донора ", "Donor report ")) + d.donor_code + ", " +
                 d.from.ToString() + ".." + d.to.ToString();
  info.number = d.reference;
  ZAPAS_ASSIGN_OR_RETURN(std::unique_ptr<PdfDocument> doc, PdfDocument::Create(info, options));

  TitleBlock(*doc, d);
  const std::string households_note = report::CountOf(d.people, l, kPeople);
  Tiles(
      *doc,
      {
          {Pick(l, "ОТРИМАНО КОШТІВ", "MONEY RECEIVED"), Amount(d.totals.received, l), d.currency},
          {Pick(l, "ВИТРАЧЕНО КОШТІВ", "MONEY SPENT"), Amount(d.totals.spent, l), d.currency},
          {Pick(l, "ЗАЛИШОК КОШТІВ", "MONEY REMAINING"), Amount(d.totals.remaining, l),
           d.currency + Pick(l, " на ", " on ") + FormatDateNumeric(d.to)},
          {Pick(l, "ОХОПЛЕНО ДОМОГОСПОДАРСТВ", "HOUSEHOLDS REACHED"), FormatCount(d.households),
           households_note},
          {Pick(l, "ОТРИМАНО ТОВАРІВ", "GOODS RECEIVED"), Amount(d.totals.goods_received, l),
           d.currency},
          {Pick(l, "ПЕРЕДАНО ТОВАРІВ", "GOODS DELIVERED"), Amount(d.totals.goods_distributed, l),
           d.currency},
          {Pick(l, "ТОВАРІВ НА СКЛАДІ", "GOODS IN STOCK"), Amount(d.totals.goods_in_stock, l),
           d.currency + Pick(l, " на ", " on ") + FormatDateNumeric(d.to)},
          {Pick(l, "ОХОПЛЕНО ОРГАНІЗАЦІЙ", "ORGANISATIONS REACHED"), FormatCount(d.organisations),
           Pick(l, "частини, заклади, громади", "units, shelters, hospitals")},
      });
  MoneySection(*doc, d);
  GoodsSection(*doc, d);
  DeliveriesSection(*doc, d);
  ChartSection(*doc, d);
  StockSection(*doc, d);

  if (!d.excluded.empty()) {
    doc->Skip(10);
    std::string list;
    for (const ExcludedEntryRow& x : d.excluded) {
      if (!list.empty()) list += ", ";
      list += x.number + " (" + LongDate(x.date, l) + ")";
    }
    doc->Paragraph(Pick(l,
                        "Не враховано в показниках вище, бо суму в них неможливо обчислити (вона "
                        "понад межі, які приймає Zapas): ",
                        "Left out of the figures above, because an amount in them is too large "
                        "to compute (beyond the limits Zapas accepts): ") +
                       list + ".",
                   kCaption.Sized(7.5f));
  }
  doc->Skip(14);
  doc->EnsureSpace(30);
  doc->Rule(0.4f, 0.6f);
  doc->Paragraph(
      Pick(l,
           "Звіт містить лише узагальнені показники і не містить персональних даних отримувачів: "
           "імен, номерів телефонів, номерів документів чи кодів отримувачів. Кошти наведено "
           "за обліком, кожну операцію перераховано за курсом НБУ на її дату.",
           "This report shows aggregate figures only. It contains no personal data of any "
           "recipient: no names, telephone numbers, document numbers or recipient codes. "
           "Money is shown as booked, each operation converted at the NBU rate of its date."),
      kCaption.Sized(7.0f));
  return doc->Save();
}

}  // namespace zapas::printing
