// PdfDocument's layout: UTF-8 clean-up, word wrapping, flowing paragraphs and
// tables. Everything here goes through PdfDocument's public primitives.
#include <algorithm>
#include <cctype>
#include <cstdint>

#include "domain/utf8.h"
#include "printing/pdf_document.h"

namespace zapas::printing {

namespace {

// Byte length of the UTF-8 sequence starting at s[i] (already sanitized).
size_t CharLength(std::string_view s, size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  return std::min(n, s.size() - i);
}

// Where the baseline of a line sits below the line's top.
float BaselineOffset(const TextStyle& s) { return s.size * (s.leading * 0.5f + 0.36f); }

struct CellBlock {
  std::vector<std::string> lines;
  TextStyle style;
};

}  // namespace

std::string SanitizeUtf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t i = 0;
  while (i < text.size()) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      if (c == '\n') {
        out += '\n';
      } else if (c == '\r') {
        // dropped: "\r\n" becomes "\n"
      } else if (c < 0x20 || c == 0x7F) {
        out += ' ';
      } else {
        out += static_cast<char>(c);
      }
      ++i;
      continue;
    }
    uint32_t cp = 0;
    const size_t n = DecodeUtf8(text, i, &cp);
    if (n == 0) {
      AppendUtf8(out, 0xFFFD);
      ++i;
      continue;
    }
    if (cp >= 0x80 && cp < 0xA0) {
      out += ' ';  // C1 controls
    } else {
      out.append(text.substr(i, n));
    }
    i += n;
  }
  return out;
}

std::vector<std::string> PdfDocument::Wrap(std::string_view raw, const TextStyle& style,
                                           float width) const {
  std::vector<std::string> lines;
  if (raw.empty()) return lines;
  const std::string text = SanitizeUtf8(raw);
  auto fits = [&](std::string_view s) { return TextWidth(s, style) <= width + 0.01f; };

  size_t para_start = 0;
  while (para_start <= text.size()) {
    size_t para_end = text.find('\n', para_start);
    if (para_end == std::string::npos) para_end = text.size();
    std::string_view para(text.data() + para_start, para_end - para_start);

    std::string line;
    bool any = false;
    size_t pos = 0;
    while (pos < para.size()) {
      while (pos < para.size() && para[pos] == ' ') ++pos;
      if (pos >= para.size()) break;
      // A space between two digits does not break: "1 250,00" stays whole.
      size_t end = para.find(' ', pos);
      while (end != std::string::npos && end > 0 && end + 1 < para.size() &&
             std::isdigit(static_cast<unsigned char>(para[end - 1])) &&
             std::isdigit(static_cast<unsigned char>(para[end + 1]))) {
        end = para.find(' ', end + 1);
      }
      if (end == std::string::npos) end = para.size();
      std::string word(para.substr(pos, end - pos));
      pos = end;

      std::string candidate = line.empty() ? word : line + " " + word;
      if (fits(candidate)) {
        line = std::move(candidate);
        continue;
      }
      if (!line.empty()) {
        lines.push_back(line);
        any = true;
        line.clear();
      }
      // A word too wide on its own is cut: after the last "-" or "/" that
      // fits, or else after as many characters as fit.
      while (!fits(word)) {
        size_t cut = 0, soft = 0;
        for (size_t k = 0; k < word.size();) {
          const size_t next = k + CharLength(word, k);
          if (!fits(std::string_view(word).substr(0, next))) break;
          cut = next;
          if (word[k] == '-' || word[k] == '/') soft = next;
          k = next;
        }
        if (soft > 0 && soft < word.size()) cut = soft;
        if (cut == 0) cut = CharLength(word, 0);  // not even one character fits
        lines.push_back(word.substr(0, cut));
        any = true;
        word.erase(0, cut);
      }
      line = std::move(word);
    }
    if (!line.empty() || !any) lines.push_back(line);
    para_start = para_end + 1;
  }
  return lines;
}

float PdfDocument::MeasureParagraph(std::string_view text, const TextStyle& style,
                                    float width) const {
  return static_cast<float>(Wrap(text, style, width).size()) * style.line_height();
}

void PdfDocument::DrawTextAligned(float x, float width, float baseline, std::string_view text,
                                  const TextStyle& style, Align align) {
  float dx = 0;
  if (align != Align::kLeft) {
    const float free = width - TextWidth(text, style);
    dx = align == Align::kRight ? free : free / 2;
  }
  DrawText(x + dx, baseline, text, style);
}

float PdfDocument::DrawParagraphAt(float x, float top, float width, std::string_view text,
                                   const TextStyle& style, Align align) {
  float y = top;
  for (const std::string& line : Wrap(text, style, width)) {
    DrawTextAligned(x, width, y - BaselineOffset(style), line, style, align);
    y -= style.line_height();
  }
  return top - y;
}

void PdfDocument::Paragraph(std::string_view text, const TextStyle& style, Align align) {
  for (const std::string& line : Wrap(text, style, width())) {
    EnsureSpace(style.line_height());
    DrawTextAligned(left(), width(), cursor_ - BaselineOffset(style), line, style, align);
    cursor_ -= style.line_height();
  }
}

void PdfDocument::Bilingual(std::string_view uk, std::string_view en, const TextStyle& uk_style,
                            Align align) {
  const TextStyle en_style = uk_style.Secondary();
  const float h = MeasureParagraph(uk, uk_style, width()) + MeasureParagraph(en, en_style, width());
  if (h <= top() - bottom()) EnsureSpace(h);
  Paragraph(uk, uk_style, align);
  Paragraph(en, en_style, align);
}

void PdfDocument::Rule(float line_width, float gray) {
  EnsureSpace(6);
  DrawLine(left(), cursor_ - 3, right(), cursor_ - 3, line_width, gray);
  cursor_ -= 6;
}

// --- Tables ---------------------------------------------------------------

std::vector<float> PdfDocument::ColumnWidths(const TableSpec& spec) const {
  std::vector<float> widths;
  float fixed = 0;
  int flexible = 0;
  for (const TableColumn& c : spec.columns) {
    fixed += c.width;
    if (c.width <= 0) ++flexible;
  }
  const float share = flexible > 0 ? std::max(0.0f, width() - fixed) / flexible : 0;
  for (const TableColumn& c : spec.columns) widths.push_back(c.width > 0 ? c.width : share);
  return widths;
}

namespace {

std::vector<CellBlock> LayoutCell(const PdfDocument& doc, const TableSpec& spec,
                                  const TableCell& cell, bool row_bold, float inner_width) {
  std::vector<CellBlock> blocks;
  if (!cell.label.empty()) {
    TextStyle s{FontWeight::kRegular, spec.label_size, 0.4f, 1.15f};
    blocks.push_back({doc.Wrap(cell.label, s, inner_width), s});
  }
  if (!cell.text.empty()) {
    TextStyle s = spec.text;
    if (cell.bold || row_bold) s.weight = FontWeight::kBold;
    blocks.push_back({doc.Wrap(cell.text, s, inner_width), s});
  }
  if (!cell.secondary.empty()) {
    TextStyle s = spec.text.Secondary();
    s.size = spec.text.size * spec.secondary_scale;
    blocks.push_back({doc.Wrap(cell.secondary, s, inner_width), s});
  }
  return blocks;
}

float BlocksHeight(const std::vector<CellBlock>& blocks) {
  float h = 0;
  for (const CellBlock& b : blocks) h += static_cast<float>(b.lines.size()) * b.style.line_height();
  return h;
}

// The width of a cell starting at column `col`, and the next column.
float SpanWidth(const std::vector<float>& widths, size_t col, int span) {
  float w = 0;
  for (size_t k = col; k < widths.size() && k < col + static_cast<size_t>(std::max(span, 1)); ++k) {
    w += widths[k];
  }
  return w;
}

}  // namespace

float PdfDocument::MeasureRow(const TableSpec& spec, const TableRow& row) const {
  const std::vector<float> widths = ColumnWidths(spec);
  float content = 0;
  size_t col = 0;
  for (const TableCell& cell : row.cells) {
    if (col >= widths.size()) break;
    const float w = SpanWidth(widths, col, cell.span) - 2 * spec.padding;
    content = std::max(content, BlocksHeight(LayoutCell(*this, spec, cell, row.bold, w)));
    col += static_cast<size_t>(std::max(cell.span, 1));
  }
  return content + 2 * spec.padding;
}

float PdfDocument::DrawRow(const TableSpec& spec, const std::vector<float>& widths,
                           const TableRow& row, float top) {
  const float h = MeasureRow(spec, row);
  if (row.shaded) DrawBox(left(), top, width(), h, 0, false, 0.92f);
  float x = left();
  size_t col = 0;
  for (const TableCell& cell : row.cells) {
    if (col >= widths.size()) break;
    const float w = SpanWidth(widths, col, cell.span);
    const Align align = cell.align.value_or(spec.columns[col].align);
    float y = top - spec.padding;
    for (const CellBlock& b : LayoutCell(*this, spec, cell, row.bold, w - 2 * spec.padding)) {
      for (const std::string& line : b.lines) {
        DrawTextAligned(x + spec.padding, w - 2 * spec.padding, y - BaselineOffset(b.style), line,
                        b.style, align);
        y -= b.style.line_height();
      }
    }
    if (spec.grid) DrawBox(x, top, w, h, 0.5f);
    x += w;
    col += static_cast<size_t>(std::max(cell.span, 1));
  }
  // Cells missing at the end of a short row still get their borders.
  for (; spec.grid && col < widths.size(); ++col) {
    DrawBox(x, top, widths[col], h, 0.5f);
    x += widths[col];
  }
  return h;
}

void PdfDocument::Table(const TableSpec& spec, const std::vector<TableRow>& rows) {
  if (spec.columns.empty()) return;
  const std::vector<float> widths = ColumnWidths(spec);
  TableSpec header_spec = spec;
  if (spec.header_text) header_spec.text = *spec.header_text;
  const float header_h = spec.header ? MeasureRow(header_spec, *spec.header) : 0;
  // The header never stands alone at the foot of a page.
  EnsureSpace(header_h + (rows.empty() ? 0 : MeasureRow(spec, rows.front())));
  if (spec.header) cursor_ -= DrawRow(header_spec, widths, *spec.header, cursor_);

  const TextStyle caption{FontWeight::kRegular, 7.0f, 0.4f};
  for (const TableRow& row : rows) {
    const float h = MeasureRow(spec, row);
    if (cursor_ - h < bottom()) {
      NewPage();
      if (!spec.continued_caption.empty()) {
        DrawTextAligned(left(), width(), cursor_ - BaselineOffset(caption), spec.continued_caption,
                        caption, Align::kRight);
        cursor_ -= caption.line_height() + 2;
      }
      if (spec.header) cursor_ -= DrawRow(header_spec, widths, *spec.header, cursor_);
    }
    // A row taller than a whole page is drawn anyway and runs past the margin.
    cursor_ -= DrawRow(spec, widths, row, cursor_);
  }
}

}  // namespace zapas::printing
