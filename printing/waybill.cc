#include "printing/waybill.h"

#include <algorithm>
#include <memory>

#include "printing/blocks.h"
#include "printing/format.h"

namespace zapas::printing {

namespace {

using blocks::Field;
using blocks::Heading;
using blocks::Join;
using blocks::kBody;
using blocks::kSmall;
using blocks::LineField;
using blocks::LineFieldHeight;

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
  const std::string title_en = data.is_transfer_act ? "Transfer act" : "Consignment note (waybill)";
  ZAPAS_ASSIGN_OR_RETURN(std::unique_ptr<PdfDocument> doc,
                         blocks::OpenDocument(data.is_transfer_act ? "Акт приймання-передачі"
                                                                   : "Товарно-транспортна накладна",
                                              title_en, data.number, data.lines.size(), options));

  // The act's approval takes the top right; its QR code then stands at the
  // top left, level with it, and the title spans the page beneath.
  std::string_view title_qr = data.qr_payload;
  if (data.is_transfer_act) {
    const float top = doc->cursor();
    ApprovalBlock(*doc, data.commander);
    if (!data.qr_payload.empty()) {
      ZAPAS_RETURN_IF_ERROR(blocks::QrBadge(*doc, doc->left(), top, data.qr_payload));
      doc->SetCursor(std::min(doc->cursor(), top - blocks::kQrBadgeHeight - 6));
      title_qr = {};
    }
  }
  const std::string_view title_uk =
      data.is_transfer_act ? "АКТ ПРИЙМАННЯ-ПЕРЕДАЧІ" : "ТОВАРНО-ТРАНСПОРТНА НАКЛАДНА";
  ZAPAS_RETURN_IF_ERROR(blocks::TitleBlock(
      *doc, {title_uk, title_en, data.number, data.date, data.place, data.place_en}, title_qr));
  if (!data.request_number.empty()) {
    // The request it serves: "на запит № RQ-2026-000012 від 05.12.2026".
    const std::string date = data.request_date ? FormatDateNumeric(*data.request_date) : "";
    doc->Paragraph("на запит № " + data.request_number + (date.empty() ? "" : " від " + date),
                   blocks::kBody, Align::kCenter);
    doc->Paragraph("on request No. " + data.request_number + (date.empty() ? "" : " dated " + date),
                   blocks::kSmall, Align::kCenter);
    doc->Skip(6);
  }

  // Parties, transport and route: a grid of captioned fields on six columns.
  blocks::FieldGrid(
      *doc, {
                {{Field("Вантажовідправник / Consignor", blocks::PartyText(data.consignor), 3),
                  Field("Вантажоодержувач / Consignee", blocks::PartyText(data.consignee), 3)}},
                {{Field("Перевізник / Carrier", data.carrier, 2),
                  Field("Автомобіль, номерний знак / Vehicle, plate",
                        Join({data.vehicle, data.plate}, "\n"), 2),
                  Field("Водій / Driver", data.driver, 2)}},
                {{Field("Пункт навантаження / Loading point", data.loading_point, 3),
                  Field("Пункт розвантаження / Unloading point", data.unloading_point, 3)}},
            });

  std::vector<blocks::GoodsLine> goods;
  goods.reserve(data.lines.size());
  for (const WaybillLine& l : data.lines) {
    goods.push_back({l.no,
                     l.name_uk,
                     l.name_en,
                     l.unit,
                     l.unit_en,
                     l.lot,
                     l.expiry,
                     l.quantity,
                     l.contents ? nullptr : &l.price,
                     l.contents ? nullptr : &l.sum,
                     {}});
  }
  const size_t numbered = std::count_if(data.lines.begin(), data.lines.end(),
                                        [](const WaybillLine& l) { return !l.contents; });
  blocks::GoodsTable(*doc, goods, data.totals, blocks::GoodsColumns{});
  doc->Skip(8);
  blocks::AmountInWords(*doc, numbered, data.total_in_words_uk, data.total_in_words_en);
  doc->Skip(6);
  doc->Rule(0.5f, 0.5f);
  doc->Skip(8);

  if (data.is_transfer_act && !data.commission.empty()) {
    CommissionBlock(*doc, data.commission);
    doc->Skip(12);
  }
  blocks::Signatures(*doc, data.handed_over, data.received);
  return doc->Save();
}

}  // namespace zapas::printing
