#include "printing/count_sheet.h"

#include <algorithm>
#include <memory>

#include "printing/blocks.h"
#include "printing/format.h"

namespace zapas::printing {
namespace {

using blocks::Field;

std::string ExpiryText(const std::optional<Date>& expiry) {
  return expiry && !expiry->is_never() ? FormatDateNumeric(*expiry) : "—";
}

// Blank lines for the count commission to sign.
void Commission(PdfDocument& doc) {
  const float w = (doc.width() - 24) / 3;
  doc.EnsureSpace(90);
  doc.SetCursor(doc.cursor() -
                blocks::Heading(doc, doc.left(), doc.cursor(), doc.width(),
                                "Інвентаризаційна комісія:", "Count commission:") -
                14);
  for (int row = 0; row < 2; ++row) {
    const float top = doc.cursor();
    float h = 0;
    for (int i = 0; i < 3; ++i) {
      h = std::max(h, blocks::LineField(doc, doc.left() + static_cast<float>(i) * (w + 12), top, w,
                                        "", "посада, ПІБ, підпис / position, name, signature"));
    }
    doc.SetCursor(top - h - 14);
  }
}

}  // namespace

Result<std::string> RenderCountSheet(const CountSheetData& data, const PrintOptions& options) {
  ZAPAS_ASSIGN_OR_RETURN(
      std::unique_ptr<PdfDocument> doc,
      blocks::OpenDocument("Інвентаризаційний опис", "Stocktake count sheet", data.number,
                           std::max<size_t>(data.lines.size(), 1), options));
  ZAPAS_RETURN_IF_ERROR(blocks::TitleBlock(
      *doc,
      {"ІНВЕНТАРИЗАЦІЙНИЙ ОПИС", "Stocktake count sheet", data.number, data.date, data.place, ""},
      ""));
  blocks::FieldGrid(
      *doc,
      {
          {{Field("Організація / Organisation", data.organisation, 2),
            Field("Склад / Warehouse", data.warehouse, 2),
            Field("Залишки на дату / Stock on",
                  FormatDateNumeric(data.date) + (data.blind ? "\nсліпий облік / blind count" : ""),
                  2)}},
      });
  TableSpec spec;
  spec.text = blocks::kSmall;
  spec.columns = {{20, Align::kRight}, {0}, {40}, {100}, {54}, {58, Align::kRight}, {66}};
  spec.header =
      TableRow{{TableCell("№"), TableCell("Найменування", "Item"), TableCell("Од.", "Unit"),
                TableCell("Партія", "Lot"), TableCell("Придатн. до", "Expiry"),
                TableCell("За обліком", "Books"), TableCell("Фактично", "Counted")},
               true,
               true};
  if (data.blind) {
    spec.columns.erase(spec.columns.begin() + 5);
    spec.header->cells.erase(spec.header->cells.begin() + 5);
  }
  std::vector<TableRow> rows;
  int no = 0;
  for (const CountSheetLine& l : data.lines) {
    TableRow row{{TableCell(std::to_string(++no)),
                  TableCell(l.name_uk, l.name_en.empty() ? l.sku : l.name_en + " · " + l.sku),
                  TableCell(l.unit, l.unit_en), TableCell(l.lot), TableCell(ExpiryText(l.expiry))}};
    if (!data.blind) row.cells.emplace_back(l.expected);
    row.cells.emplace_back("");
    rows.push_back(std::move(row));
  }
  if (rows.empty()) {
    TableCell none("на складі немає залишків", "the warehouse holds no stock");
    none.span = static_cast<int>(spec.columns.size());
    rows.push_back(TableRow{{none}});
  }
  doc->Table(spec, rows);
  doc->Skip(6);
  doc->Paragraph("Усього партій: " + std::to_string(data.lines.size()) +
                     " / Lots listed: " + std::to_string(data.lines.size()) +
                     ". Знайдені партії, яких немає в описі, дописати нижче / Lots found that are "
                     "not listed: add them below.",
                 blocks::kSmall);
  doc->Skip(16);
  Commission(*doc);
  return doc->Save();
}

Result<std::string> RenderNeedsSheet(const NeedsSheetData& data, const PrintOptions& options) {
  ZAPAS_ASSIGN_OR_RETURN(
      std::unique_ptr<PdfDocument> doc,
      blocks::OpenDocument("Що нам потрібно зараз", "What we need now", data.number,
                           std::max<size_t>(data.lines.size(), 1), options));
  ZAPAS_RETURN_IF_ERROR(blocks::TitleBlock(
      *doc, {"ЩО НАМ ПОТРІБНО ЗАРАЗ", "What we need now", data.number, data.date, "", ""}, ""));
  blocks::FieldGrid(*doc,
                    {
                        {{Field("Організація / Organisation", data.organisation, 3),
                          Field("Охоплення / Scope", data.scope_uk + "\n" + data.scope_en, 3)}},
                    });
  TableSpec spec;
  spec.text = blocks::kSmall;
  spec.columns = {{0},
                  {34},
                  {62, Align::kRight},
                  {62, Align::kRight},
                  {66, Align::kRight},
                  {62, Align::kRight}};
  spec.header =
      TableRow{{TableCell("Найменування", "Item"), TableCell("Од.", "Unit"),
                TableCell("Запитано", "Requested"), TableCell("Видано", "Delivered"),
                TableCell("Ще потрібно", "Still needed"), TableCell("На складах", "In stock")},
               true,
               true};
  std::vector<TableRow> rows;
  for (const NeedsSheetLine& l : data.lines) {
    TableRow row{{TableCell(l.name_uk, l.name_en), TableCell(l.unit, l.unit_en),
                  TableCell(l.requested), TableCell(l.delivered), TableCell(l.outstanding),
                  TableCell(l.available)}};
    row.cells[4].bold = true;
    rows.push_back(std::move(row));
  }
  if (rows.empty()) {
    TableCell none("усі запити виконано", "every request is met");
    none.span = 6;
    rows.push_back(TableRow{{none}});
  }
  doc->Table(spec, rows);
  doc->Skip(6);
  if (data.more > 0) {
    doc->Paragraph("…і ще " + std::to_string(data.more) + " найменувань / and " +
                       std::to_string(data.more) + " more items (GET /api/v1/reports/needs)",
                   blocks::kSmall);
  }
  doc->Paragraph(
      "Лише зведені дані: жодних відомостей про окремих отримувачів. / Aggregates "
      "only: nothing about any single recipient.",
      blocks::kSmall);
  return doc->Save();
}

}  // namespace zapas::printing
