// The building blocks the printed documents share (internal to printing/): the
// type styles, the title with its date, place and QR code, captioned fields,
// the goods table with its totals, the amount in words, and the signature
// blocks with stamp places. RenderWaybill and RenderGrn compose them, so the
// documents speak one visual language.
//
// Everything draws through PdfDocument; nothing here keeps state.
#pragma once

#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/date.h"
#include "domain/money.h"
#include "domain/status.h"
#include "printing/pdf_document.h"
#include "printing/waybill.h"

namespace zapas::printing::blocks {

// Checks what every document needs (kInvalid naming "number" when it is empty,
// "lines" when there are none) and creates the PDF with its metadata: the
// title "<title_uk> № <number>", the subject "<title_en> No. <number>".
Result<std::unique_ptr<PdfDocument>> OpenDocument(std::string_view title_uk,
                                                  std::string_view title_en,
                                                  std::string_view number, size_t line_count,
                                                  const PrintOptions& options);

inline const TextStyle kBody{FontWeight::kRegular, 9.0f};
inline const TextStyle kSmall{FontWeight::kRegular, 8.0f};
inline const TextStyle kCaption{FontWeight::kRegular, 6.5f, 0.4f, 1.15f};

// The style that fits `text` into `w` points, shrunk half a point at a time
// down to 4.5 points; nullopt when none does.
std::optional<TextStyle> Fitting(const PdfDocument& doc, const std::string& text, TextStyle style,
                                 float w);

// The non-empty parts joined by `sep`.
std::string Join(std::initializer_list<std::string_view> parts, std::string_view sep);
// Name, address and code on separate lines.
std::string PartyText(const WaybillParty& p);
// A grid cell with a small caption above its text; "—" when the text is empty.
TableCell Field(std::string label, std::string text, int span);

// Captioned fields (Field cells) on a grid of six equal columns, at the
// cursor, followed by some space: the parties block of a document.
void FieldGrid(PdfDocument& doc, const std::vector<TableRow>& rows);

// A bilingual heading at an absolute position: Ukrainian bold, English
// beneath. Returns its height.
float Heading(PdfDocument& doc, float x, float top, float w, std::string_view uk,
              std::string_view en, float size = 9.5f);

// A value written above a rule (wrapped, never cut) with a caption beneath the
// rule. LineField draws it and returns the height used.
float LineFieldHeight(PdfDocument& doc, float w, std::string_view value);
float LineField(PdfDocument& doc, float x, float top, float w, std::string_view value,
                std::string_view caption);

// The QR code with "перевірка / verify" and the payload's short hash beneath
// it: kQrBadgeWidth wide (the symbol itself; its quiet zone lies outside,
// in the page margin when the badge touches it), kQrBadgeHeight tall.
inline constexpr float kQrBadgeWidth = 70.0f;  // about 25 mm
inline constexpr float kQrBadgeHeight = kQrBadgeWidth + 20.0f;
// Field("qr_payload", ...) when the payload cannot be encoded.
Status QrBadge(PdfDocument& doc, float x, float top, std::string_view payload);

// The document's title, "<title_uk> № <number>" over "<title_en> No.
// <number>", then "від <date>, <place>" over "dated <date>, <place_en>", all
// centred, at the cursor; the cursor ends below with some space. With a QR
// payload the badge stands at the top right and the title is centred between
// equal margins beside it, breaking before "№" when it does not fit.
struct Title {
  std::string_view title_uk;
  std::string_view title_en;
  std::string_view number;
  Date date = Date::FromDays(0);
  std::string_view place;
  std::string_view place_en;
};
Status TitleBlock(PdfDocument& doc, const Title& title, std::string_view qr_payload);

// One line of a goods table as both documents print it. Views into the
// caller's data, which must outlive the call.
struct GoodsLine {
  int no = 0;
  std::string_view name_uk, name_en, unit, unit_en, lot;
  std::optional<Date> expiry;
  std::string_view quantity;
  // Per unit, and the line's amount; both null for a line that tells what
  // the line above holds (a kit's contents): printed without number or money.
  const Money* price = nullptr;
  const Money* sum = nullptr;
  std::string_view remark;
};
// The two money columns' headings and whether a remarks column follows them.
struct GoodsColumns {
  std::string_view price_uk = "Ціна", price_en = "Price";
  std::string_view sum_uk = "Сума", sum_en = "Amount";
  bool remarks = false;
};
// The goods table at the cursor: №, name, unit, lot, expiry, quantity, the two
// money columns (and remarks), then one bold "Разом / Total" row per currency.
// One currency throughout is named in the header; otherwise beneath each
// amount. The header repeats on every page the table runs onto.
void GoodsTable(PdfDocument& doc, const std::vector<GoodsLine>& lines,
                const std::vector<Money>& totals, const GoodsColumns& columns);

// "Усього найменувань: N / Number of lines: N" and the amount in words.
void AmountInWords(PdfDocument& doc, size_t line_count, std::string_view words_uk,
                   std::string_view words_en);

// "Здав / Handed over" and "Прийняв / Received" side by side, each with
// position, name, signature and a stamp place; kept together on one page.
void Signatures(PdfDocument& doc, const WaybillPerson& handed_over, const WaybillPerson& received);

}  // namespace zapas::printing::blocks
