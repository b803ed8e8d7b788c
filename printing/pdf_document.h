// PdfDocument: a small A4 document builder that hides libharu.
//
// It knows pages, margins, two fonts (regular and bold, TrueType, embedded),
// UTF-8 text, word wrapping, a table that repeats its header on every page it
// runs onto and never splits a row, rules, boxes, QR codes, and a footer on
// every page ("сторінка N з M / page N of M · <number>", drawn at Save when M
// is known).
//
// Coordinates are PDF points (1/72 in) with the origin at the bottom-left of the
// page, as in PDF. Flowing content (Paragraph, Bilingual, Table, Rule, Skip)
// advances a cursor from the top margin downwards and starts a new page when it
// would cross the bottom margin; the Draw* functions draw at absolute positions
// and do not move the cursor.
//
// Errors: libharu reports through a handler that only records the first error
// (it never longjmps); drawing calls do not return a Status, and the first
// recorded error comes back from status() and from Save().
//
// Ownership: a PdfDocument owns its libharu document. Not thread-safe; distinct
// documents may be built on distinct threads.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/status.h"

namespace zapas::printing {

// The fonts found at configure time (CMake cache variables ZAPAS_FONT_REGULAR
// and ZAPAS_FONT_BOLD; Debian's fonts-dejavu-core by default).
std::string DefaultRegularFontPath();
std::string DefaultBoldFontPath();

// How to print: fonts and determinism. Plain data.
struct PrintOptions {
  // TrueType fonts with Cyrillic glyphs; empty means the configured default.
  std::string font_regular_path;
  std::string font_bold_path;
  // When set, the document's CreationDate and ModDate are this instant
  // (seconds since 1970-01-01 UTC) instead of the clock, and the same data then
  // prints the same bytes. (libharu 2.3 writes no /ID for unencrypted files and
  // names font subsets by a per-document counter, so nothing else varies.)
  std::optional<int64_t> fixed_time;
  // Testing only: false skips the workaround for libharu's missing Ї/ї glyphs,
  // so a test can show that its check detects the bug.
  bool glyph_workaround = true;
};

enum class FontWeight { kRegular, kBold };
enum class Align { kLeft, kCenter, kRight };

struct TextStyle {
  FontWeight weight = FontWeight::kRegular;
  float size = 9.0f;     // points
  float gray = 0.0f;     // 0 black .. 1 white
  float leading = 1.2f;  // line height as a multiple of size

  float line_height() const { return size * leading; }
  TextStyle Bold() const {
    TextStyle s = *this;
    s.weight = FontWeight::kBold;
    return s;
  }
  TextStyle Sized(float points) const {
    TextStyle s = *this;
    s.size = points;
    return s;
  }
  TextStyle Gray(float g) const {
    TextStyle s = *this;
    s.gray = g;
    return s;
  }
  // The style of the English line beneath a Ukrainian one: smaller and grey.
  TextStyle Secondary() const {
    TextStyle s = *this;
    s.weight = FontWeight::kRegular;
    s.size = size * 0.82f;
    s.gray = 0.42f;
    return s;
  }
};

// Document metadata. `number` appears in every page's footer.
struct DocumentInfo {
  std::string title;    // PDF Title metadata
  std::string subject;  // PDF Subject metadata
  std::string number;   // the document number, e.g. "WB-2026-000004"
  // The page, in points: 0 x 0 is A4 portrait. Labels print on sheets of
  // their own size (a thermal roll's 100 x 150 mm).
  float page_width = 0;
  float page_height = 0;
  bool footers = true;  // "page N of M" and the number at the foot of each page
};

// A table column: width in points (0 = share what the fixed columns leave).
struct TableColumn {
  float width = 0;
  Align align = Align::kLeft;
};

// One cell: an optional caption above, the text, and an optional secondary
// (English) text beneath in the secondary style. All wrap to the cell width;
// "\n" forces a line break.
struct TableCell {
  std::string text;
  std::string secondary;
  std::string label;           // small grey caption above the text (key/value grids)
  int span = 1;                // columns this cell covers
  std::optional<Align> align;  // overrides the column's alignment
  bool bold = false;

  TableCell() = default;
  TableCell(std::string t) : text(std::move(t)) {}  // NOLINT: implicit by design
  TableCell(std::string t, std::string en) : text(std::move(t)), secondary(std::move(en)) {}
  TableCell(const char* t) : text(t) {}  // NOLINT
};

struct TableRow {
  std::vector<TableCell> cells;
  bool shaded = false;  // light grey background
  bool bold = false;    // every cell's text in bold
};

struct TableSpec {
  std::vector<TableColumn> columns;
  // Drawn first and again at the top of every page the table continues on.
  std::optional<TableRow> header;
  TextStyle text;                        // cell text
  std::optional<TextStyle> header_text;  // the header's text, when unlike the body's
  float secondary_scale = 0.82f;         // secondary text size = text.size * this
  float label_size = 6.5f;               // caption size
  float padding = 3.0f;                  // inside each cell
  bool grid = true;                      // draw cell borders
  // Printed in small grey type above the header on continuation pages.
  std::string continued_caption = "(продовження / continued)";
};

class PdfDocument {
 public:
  // Creates a document with the fonts of `options` embedded and one empty page.
  // kInvalid when a font file is missing or is not a TrueType font libharu can
  // load (naming the path); kInternal when libharu fails otherwise.
  static Result<std::unique_ptr<PdfDocument>> Create(const DocumentInfo& info,
                                                     const PrintOptions& options);
  ~PdfDocument();
  PdfDocument(const PdfDocument&) = delete;
  PdfDocument& operator=(const PdfDocument&) = delete;

  // Page geometry (A4 portrait) and the content area inside the margins.
  float page_width() const;
  float page_height() const;
  float left() const { return margin_left_; }
  float right() const { return page_width() - margin_right_; }
  float width() const { return right() - left(); }
  float top() const { return page_height() - margin_top_; }
  float bottom() const { return margin_bottom_; }

  // The flow cursor: the y where the next flowing content begins (its top).
  float cursor() const { return cursor_; }
  void SetCursor(float y) { cursor_ = y; }
  // Moves the cursor down by `dy` points (never below the bottom margin).
  void Skip(float dy);
  // Starts a new page when fewer than `height` points remain above the bottom
  // margin. Returns true when it did.
  bool EnsureSpace(float height);
  void NewPage();
  int page_count() const;

  // Text measurement, in points, for UTF-8 text.
  float TextWidth(std::string_view text, const TextStyle& style) const;
  // Splits text into lines no wider than `width`: at spaces (but not at a
  // space between two digits, as in "1 250,00"), at "\n", and inside words that
  // alone are too wide (after a "-" or "/" when possible).
  std::vector<std::string> Wrap(std::string_view text, const TextStyle& style, float width) const;
  // Height of `text` wrapped at `width`.
  float MeasureParagraph(std::string_view text, const TextStyle& style, float width) const;

  // Absolute drawing. `baseline` is the y of the text's baseline; `top` the y
  // of a block's top edge.
  void DrawText(float x, float baseline, std::string_view text, const TextStyle& style);
  void DrawTextAligned(float x, float width, float baseline, std::string_view text,
                       const TextStyle& style, Align align);
  // Draws wrapped text in a block and returns its height.
  float DrawParagraphAt(float x, float top, float width, std::string_view text,
                        const TextStyle& style, Align align = Align::kLeft);
  void DrawLine(float x1, float y1, float x2, float y2, float line_width = 0.5f, float gray = 0.0f);
  void DrawBox(float x, float top, float w, float h, float line_width = 0.6f, bool dashed = false,
               float fill_gray = -1.0f);
  // A QR code of `payload` (byte mode, error correction level M; see
  // printing/qr.h) as filled vector squares in a `size` x `size` square whose
  // top-left corner is (x, top). The square includes the quiet zone of
  // kQrQuietZone modules, which is painted white. kInvalid when the payload is
  // empty or too long for a QR code, or the size is not positive; nothing is
  // drawn then. kInternal when libharu has failed.
  Status DrawQr(float x, float top, float size, std::string_view payload);
  // A module matrix (a QR code, a Data Matrix) whose top-left module is at
  // (x, top), each module `module` points square; dark modules filled black,
  // nothing else drawn. `dark` is row-major, `width` x `height`.
  void DrawModules(float x, float top, float module, int width, int height,
                   const std::vector<unsigned char>& dark);

  // Flowing content at the cursor, within the margins.
  void Paragraph(std::string_view text, const TextStyle& style, Align align = Align::kLeft);
  // A Ukrainian line with the English beneath it in the secondary style. The
  // pair is kept on one page.
  void Bilingual(std::string_view uk, std::string_view en, const TextStyle& uk_style,
                 Align align = Align::kLeft);
  void Rule(float line_width = 0.5f, float gray = 0.0f);
  // Draws the rows; the header repeats on each page; a row is never split.
  void Table(const TableSpec& spec, const std::vector<TableRow>& rows);
  // Height a row takes in a table laid out by `spec`.
  float MeasureRow(const TableSpec& spec, const TableRow& row) const;

  // The first libharu error so far, or ok.
  Status status() const;
  // Draws the footers, gives each font a ToUnicode map of the characters
  // drawn with it (so that readers can copy and search the text), and returns
  // the PDF's bytes. Call once, last.
  Result<std::string> Save();

 private:
  struct Impl;
  explicit PdfDocument(std::unique_ptr<Impl> impl);
  std::vector<float> ColumnWidths(const TableSpec& spec) const;
  float DrawRow(const TableSpec& spec, const std::vector<float>& widths, const TableRow& row,
                float top);
  void DrawFooters();

  std::unique_ptr<Impl> impl_;
  float margin_left_ = 36.0f;
  float margin_right_ = 30.0f;
  float margin_top_ = 36.0f;
  float margin_bottom_ = 46.0f;
  float cursor_ = 0;
};

// Replaces invalid UTF-8 with U+FFFD and control characters other than "\n"
// with spaces, so that any text can be handed to libharu.
std::string SanitizeUtf8(std::string_view text);

}  // namespace zapas::printing
