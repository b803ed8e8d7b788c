// Lot labels (printing/labels.h).
#include "printing/labels.h"

#include "domain/gs1/scan.h"
#include "printing/datamatrix.h"

namespace zapas::printing {
namespace {

constexpr float kMillimetre = 72.0f / 25.4f;

// Where each label goes and how big its parts are.
struct Geometry {
  float page_width, page_height;
  int columns, rows;
  float padding;     // inside a label
  float code_size;   // the Data Matrix's side, quiet zone included
  TextStyle name;    // the item's name
  TextStyle line;    // SKU, lot, expiry
  bool code_on_top;  // the code above the text (thermal) or beside it (sheet)
};

Geometry GeometryOf(LabelLayout layout) {
  if (layout == LabelLayout::kThermal100x150) {
    return Geometry{.page_width = 100 * kMillimetre,
                    .page_height = 150 * kMillimetre,
                    .columns = 1,
                    .rows = 1,
                    .padding = 6 * kMillimetre,
                    .code_size = 60 * kMillimetre,
                    .name = TextStyle{FontWeight::kBold, 16.0f, 0.0f, 1.15f},
                    .line = TextStyle{FontWeight::kRegular, 13.0f, 0.0f, 1.25f},
                    .code_on_top = true};
  }
  return Geometry{.page_width = 210 * kMillimetre,
                  .page_height = 297 * kMillimetre,
                  .columns = 3,
                  .rows = 8,
                  .padding = 3 * kMillimetre,
                  .code_size = 24 * kMillimetre,
                  .name = TextStyle{FontWeight::kBold, 8.0f, 0.0f, 1.15f},
                  .line = TextStyle{FontWeight::kRegular, 7.0f, 0.0f, 1.25f},
                  .code_on_top = false};
}

std::string Yymmdd(Date d) {
  auto two = [](int n) {
    return std::string(1, static_cast<char>('0' + n / 10)) + static_cast<char>('0' + n % 10);
  };
  return two(d.year() % 100) + two(static_cast<int>(d.month())) + two(static_cast<int>(d.day()));
}

// One label whose top-left corner is (x, top), `w` x `h` points.
Status DrawLabel(PdfDocument& doc, const Geometry& g, const LotLabel& label,
                 const ModuleMatrix& matrix, float x, float top, float w, float h) {
  const int quiet = kDataMatrixQuietZone;
  const float module = g.code_size / static_cast<float>(matrix.width + 2 * quiet);
  float text_x = x + g.padding, text_top = top - g.padding, text_w = w - 2 * g.padding;
  const float code_x = g.code_on_top ? x + (w - g.code_size) / 2 : x + g.padding;
  const float code_top = g.code_on_top ? top - g.padding : top - (h - g.code_size) / 2;
  doc.DrawModules(code_x + quiet * module, code_top - quiet * module, module, matrix.width,
                  matrix.height, matrix.dark);
  if (g.code_on_top) {
    text_top = code_top - g.code_size - g.padding;
  } else {
    text_x = code_x + g.code_size + g.padding / 2;
    text_w = x + w - g.padding - text_x;
  }
  // The name takes at most three lines; the rest of the text one line each.
  std::vector<std::string> name = doc.Wrap(label.name_uk, g.name, text_w);
  if (name.size() > 3) {
    name.resize(3);
    name.back() += "…";
  }
  float baseline = text_top - g.name.size;
  for (const std::string& line : name) {
    doc.DrawText(text_x, baseline, line, g.name);
    baseline -= g.name.line_height();
  }
  baseline -= g.line.size * 0.3f;
  std::vector<std::string> lines = {
      label.sku, "Партія / Lot: " + label.lot,
      "Термін / Exp: " + (label.expiry ? label.expiry->ToString() : "—")};
  if (!label.gtin.empty()) lines.push_back("GTIN " + label.gtin);
  const float floor = top - h + g.padding / 2;
  for (const std::string& line : lines) {
    for (const std::string& part : doc.Wrap(line, g.line, text_w)) {
      if (baseline < floor)
        return Status::Ok();  // what does not fit is left out, never overprinted
      doc.DrawText(text_x, baseline, part, g.line);
      baseline -= g.line.line_height();
    }
  }
  return Status::Ok();
}

}  // namespace

std::optional<LabelLayout> ParseLabelLayout(std::string_view name) {
  if (name == "a4-3x8") return LabelLayout::kA4Sheet3x8;
  if (name == "thermal-100x150") return LabelLayout::kThermal100x150;
  return std::nullopt;
}

LabelCode CodeOfLabel(const LotLabel& label) {
  constexpr size_t kLongestGs1Lot = 20;  // (10) is X..20
  if (label.gtin.empty() || label.lot.size() > kLongestGs1Lot) {
    return LabelCode{.text = gs1::LotLabelText(label.sku, label.lot), .gs1 = false};
  }
  std::string text = "(01)" + label.gtin;
  if (label.expiry) text += "(17)" + Yymmdd(*label.expiry);
  text += "(10)" + label.lot;
  return LabelCode{.text = text, .gs1 = true};
}

Result<std::string> RenderLabels(const std::vector<LotLabel>& labels, int copies,
                                 LabelLayout layout, const PrintOptions& options) {
  if (labels.empty()) return Status::Invalid("no lots to label");
  if (copies < 1 || copies > 1000) return Status::Field("copies", "must be from 1 to 1000");
  const Geometry g = GeometryOf(layout);
  ZAPAS_ASSIGN_OR_RETURN(auto doc,
                         PdfDocument::Create(DocumentInfo{.title = "Етикетки партій / Lot labels",
                                                          .subject = "Zapas",
                                                          .number = "",
                                                          .page_width = g.page_width,
                                                          .page_height = g.page_height,
                                                          .footers = false},
                                             options));
  const float w = g.page_width / static_cast<float>(g.columns);
  const float h = g.page_height / static_cast<float>(g.rows);
  const int per_page = g.columns * g.rows;
  int slot = 0;
  for (const LotLabel& label : labels) {
    LabelCode code = CodeOfLabel(label);
    ZAPAS_ASSIGN_OR_RETURN(ModuleMatrix matrix,
                           code.gs1 ? EncodeGs1DataMatrix(code.text) : EncodeDataMatrix(code.text));
    for (int c = 0; c < copies; ++c, ++slot) {
      if (slot > 0 && slot % per_page == 0) doc->NewPage();
      const int on_page = slot % per_page;
      const float x = static_cast<float>(on_page % g.columns) * w;
      const float top = g.page_height - static_cast<float>(on_page / g.columns) * h;
      ZAPAS_RETURN_IF_ERROR(DrawLabel(*doc, g, label, matrix, x, top, w, h));
    }
  }
  ZAPAS_RETURN_IF_ERROR(doc->status());
  return doc->Save();
}

}  // namespace zapas::printing
