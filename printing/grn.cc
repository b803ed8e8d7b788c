#include "printing/grn.h"

#include <memory>

#include "printing/blocks.h"
#include "printing/format.h"

namespace zapas::printing {

namespace {

using blocks::Field;
using blocks::Join;
using blocks::kBody;
using blocks::kSmall;

// "Нестачі, пошкодження / Shortages, damage": every line's remark, or
// "немає / none".
void RemarksBlock(PdfDocument& doc, const std::vector<GrnLine>& lines) {
  std::vector<const GrnLine*> noted;
  for (const GrnLine& l : lines) {
    if (!l.remark.empty()) noted.push_back(&l);
  }
  const float heading_h = kBody.Bold().line_height() + kBody.Bold().Secondary().line_height();
  const float no_w = 34;
  const float text_w = doc.width() - no_w;
  auto entry_text = [](const GrnLine& l) {
    return KeepNumbersWithUnits(Join({l.name_uk, l.lot}, ", ") + ": " + l.remark);
  };
  doc.EnsureSpace(heading_h + 2 +
                  (noted.empty()
                       ? kBody.line_height()
                       : doc.MeasureParagraph(entry_text(*noted.front()), kSmall, text_w)));
  doc.SetCursor(doc.cursor() -
                blocks::Heading(doc, doc.left(), doc.cursor(), doc.width(),
                                "Нестачі, пошкодження:", "Shortages, damage:", 9) -
                2);
  if (noted.empty()) {
    doc.Paragraph("немає / none", kBody);
    return;
  }
  for (const GrnLine* l : noted) {
    const std::string text = entry_text(*l);
    const float h = doc.MeasureParagraph(text, kSmall, text_w) + 1.5f;
    doc.EnsureSpace(h);
    const float top = doc.cursor();
    doc.DrawParagraphAt(doc.left(), top, no_w - 4, "№ " + std::to_string(l->no), kSmall.Bold(),
                        Align::kRight);
    doc.DrawParagraphAt(doc.left() + no_w, top, text_w, text, kSmall);
    doc.SetCursor(top - h);
  }
}

}  // namespace

Result<std::string> RenderGrn(const GrnData& data, const PrintOptions& options) {
  ZAPAS_ASSIGN_OR_RETURN(std::unique_ptr<PdfDocument> doc,
                         blocks::OpenDocument("Прибуткова накладна", "Goods received note",
                                              data.number, data.lines.size(), options));

  ZAPAS_RETURN_IF_ERROR(blocks::TitleBlock(*doc,
                                           {"ПРИБУТКОВА НАКЛАДНА", "Goods received note",
                                            data.number, data.date, data.place, data.place_en},
                                           data.qr_payload));

  // Who received it where, from whom, and on which document.
  blocks::FieldGrid(
      *doc,
      {
          {{Field("Одержувач / Receiving organisation", blocks::PartyText(data.receiver), 3),
            Field("Склад / Warehouse", data.warehouse, 3)}},
          {{Field("Донор, країна / Donor, country",
                  Join({data.donor.name, data.donor.country}, "\n"), 3),
            Field("Підстава (супровідний документ) / Reference document", data.reference, 3)}},
      });

  std::vector<blocks::GoodsLine> goods;
  goods.reserve(data.lines.size());
  for (const GrnLine& l : data.lines) {
    goods.push_back({l.no, l.name_uk, l.name_en, l.unit, l.unit_en, l.lot, l.expiry, l.quantity,
                     &l.unit_value, &l.value, l.remark});
  }
  blocks::GoodsColumns columns;
  columns.price_uk = "Вартість од.";
  columns.price_en = "Unit value";
  columns.sum_uk = "Вартість";
  columns.sum_en = "Value";
  columns.remarks = true;
  blocks::GoodsTable(*doc, goods, data.totals, columns);
  doc->Skip(8);
  blocks::AmountInWords(*doc, data.lines.size(), data.total_in_words_uk, data.total_in_words_en);
  doc->Skip(10);
  RemarksBlock(*doc, data.lines);
  doc->Skip(6);
  doc->Rule(0.5f, 0.5f);
  doc->Skip(8);
  blocks::Signatures(*doc, data.handed_over_by, data.received_by);
  return doc->Save();
}

}  // namespace zapas::printing
