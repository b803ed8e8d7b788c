// PdfDocument's libharu side: the document, fonts, pages, drawing primitives,
// footers and saving. Layout (wrapping, paragraphs, tables) is in pdf_layout.cc.
#include "printing/pdf_document.h"

#include <hpdf.h>

#include <bitset>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <system_error>

#include "domain/utf8.h"
#include "printing/qr.h"
#include "printing/to_unicode_cmap.h"

#ifndef ZAPAS_DEFAULT_FONT_REGULAR
#define ZAPAS_DEFAULT_FONT_REGULAR "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
#endif
#ifndef ZAPAS_DEFAULT_FONT_BOLD
#define ZAPAS_DEFAULT_FONT_BOLD "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
#endif

namespace zapas::printing {

std::string DefaultRegularFontPath() { return ZAPAS_DEFAULT_FONT_REGULAR; }
std::string DefaultBoldFontPath() { return ZAPAS_DEFAULT_FONT_BOLD; }

namespace {

// What libharu's error handler records: the first error, 0 when none.
struct ErrorState {
  HPDF_STATUS error = 0;
  HPDF_STATUS detail = 0;
  bool reading_stream = false;  // HPDF_STREAM_EOF is then expected, not an error
};

// libharu calls this on every error. It must return normally (no longjmp, no
// throw through C frames): it records the first error for status() to report.
void HPDF_STDCALL RecordError(HPDF_STATUS error_no, HPDF_STATUS detail_no, void* user_data) {
  auto* state = static_cast<ErrorState*>(user_data);
  if (state->reading_stream && error_no == HPDF_STREAM_EOF) return;
  if (state->error == 0) {
    state->error = error_no;
    state->detail = detail_no;
  }
}

std::string ErrorText(HPDF_STATUS error, HPDF_STATUS detail) {
  char buf[96];
  std::snprintf(buf, sizeof buf, "libharu error 0x%04X (detail %u)", static_cast<unsigned>(error),
                static_cast<unsigned>(detail));
  return buf;
}

HPDF_Date ToHpdfDate(int64_t seconds) {
  std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  HPDF_Date d{};
  d.year = tm.tm_year + 1900;
  d.month = tm.tm_mon + 1;
  d.day = tm.tm_mday;
  d.hour = tm.tm_hour;
  d.minutes = tm.tm_min;
  d.seconds = tm.tm_sec;
  d.ind = 'Z';
  return d;
}

// The two-byte codes a font's text used. libharu's UTF-8 encoder writes each
// character as its code point in two bytes (a CIDToGIDMap then picks the
// glyph), so a code is a character of the Basic Multilingual Plane.
using CodeSet = std::bitset<0x10000>;

// Adds the codes libharu writes for `text` (sanitized UTF-8) to `codes`: each
// character's code point, and U+0020 for a character above U+FFFF, which the
// encoder writes as a space.
void RecordCodes(std::string_view text, CodeSet& codes) {
  for (size_t i = 0; i < text.size();) {
    uint32_t cp = 0;
    const size_t n = DecodeUtf8(text, i, &cp);
    if (n == 0) {
      ++i;
      continue;
    }
    codes.set(cp <= 0xFFFF ? cp : 0x20);
    i += n;
  }
}

// Replaces the text of a font's ToUnicode CMap with one that maps each of
// `codes` to its character. libharu 2.3 gives a font loaded with its UTF-8
// encoder a CID CMap instead ("<0000> <FFFF> 0" in a begincidrange block) and
// no mappings at all: poppler warns about it, and other readers cannot copy or
// search the text. The stream stays the font's own object, compressed like the
// other streams. kInternal when the font has no such stream or libharu fails.
Status ReplaceToUnicode(HPDF_Font font, const CodeSet& codes) {
  auto cmap = static_cast<HPDF_Dict>(HPDF_Dict_GetItem(font, "ToUnicode", HPDF_OCLASS_DICT));
  if (cmap == nullptr || cmap->stream == nullptr || cmap->stream->type != HPDF_STREAM_MEMORY) {
    return Status::Internal("PDF generation failed: a font has no ToUnicode stream");
  }
  std::vector<CodeToUnicode> mappings;
  for (size_t code = 0; code < codes.size(); ++code) {
    if (codes.test(code)) {
      mappings.push_back({static_cast<uint16_t>(code), static_cast<char32_t>(code)});
    }
  }
  const std::string text = ToUnicodeCMap(mappings);
  HPDF_MemStream_FreeData(cmap->stream);
  // These entries describe libharu's CID CMap; a ToUnicode stream has none.
  for (const char* key : {"Type", "CMapName", "CIDSystemInfo", "WMode"}) {
    HPDF_Dict_RemoveElement(cmap, key);
  }
  if (HPDF_Stream_Write(cmap->stream, reinterpret_cast<const HPDF_BYTE*>(text.data()),
                        static_cast<HPDF_UINT>(text.size())) != HPDF_OK) {
    return Status::Internal("PDF generation failed: cannot write a font's ToUnicode map");
  }
  return Status::Ok();
}

}  // namespace

struct PdfDocument::Impl {
  HPDF_Doc pdf = nullptr;
  HPDF_Font regular = nullptr;
  HPDF_Font bold = nullptr;
  std::vector<HPDF_Page> pages;
  HPDF_Page current = nullptr;  // the page drawing goes to
  DocumentInfo info;
  ErrorState errors;
  bool saved = false;
  // The codes drawn with each font, for the ToUnicode maps written at Save.
  CodeSet regular_codes;
  CodeSet bold_codes;

  ~Impl() {
    if (pdf != nullptr) HPDF_Free(pdf);
  }
  HPDF_Page page() const { return current; }
  HPDF_Font font(FontWeight w) const { return w == FontWeight::kBold ? bold : regular; }
  // One set per font: a single font serving both weights has one.
  CodeSet& codes(FontWeight w) {
    return w == FontWeight::kBold && bold != regular ? bold_codes : regular_codes;
  }
};

PdfDocument::PdfDocument(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PdfDocument::~PdfDocument() = default;

Result<std::unique_ptr<PdfDocument>> PdfDocument::Create(const DocumentInfo& info,
                                                         const PrintOptions& options) {
  const std::string regular_path =
      options.font_regular_path.empty() ? DefaultRegularFontPath() : options.font_regular_path;
  const std::string bold_path =
      options.font_bold_path.empty() ? DefaultBoldFontPath() : options.font_bold_path;
  for (const std::string* path : {&regular_path, &bold_path}) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(*path, ec)) {
      return Status::Invalid("font file " + *path +
                             " not found (install fonts-dejavu-core or set the font path)");
    }
  }

  auto impl = std::make_unique<Impl>();
  impl->info = info;
  impl->pdf = HPDF_New(&RecordError, &impl->errors);
  if (impl->pdf == nullptr) return Status::Internal("libharu could not create a document");
  HPDF_Doc pdf = impl->pdf;

  HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
  HPDF_UseUTFEncodings(pdf);
  HPDF_SetCurrentEncoder(pdf, "UTF-8");
  if (impl->errors.error != 0) {
    return Status::Internal("cannot set up UTF-8: " +
                            ErrorText(impl->errors.error, impl->errors.detail));
  }

  auto load = [&](const std::string& path) -> HPDF_Font {
    const char* name = HPDF_LoadTTFontFromFile(pdf, path.c_str(), HPDF_TRUE);
    if (name == nullptr) return nullptr;
    HPDF_Font font = HPDF_GetFont(pdf, name, "UTF-8");
    if (font != nullptr && options.glyph_workaround) {
      // libharu 2.3 drops the composite glyphs of Ї and ї from the embedded
      // subset (its issue #79); measuring "Ïï" right after loading the font
      // marks the glyphs they are built from, and the letters are drawn.
      static constexpr char kComposites[] = "\xC3\x8F\xC3\xAF";  // U+00CF U+00EF
      HPDF_Font_TextWidth(font, reinterpret_cast<const HPDF_BYTE*>(kComposites),
                          sizeof kComposites - 1);
    }
    return font;
  };
  impl->regular = load(regular_path);
  if (impl->regular == nullptr || impl->errors.error != 0) {
    return Status::Invalid("cannot load font " + regular_path + ": " +
                           ErrorText(impl->errors.error, impl->errors.detail));
  }
  // The same file twice (a single font for both weights) is loaded once.
  impl->bold = bold_path == regular_path ? impl->regular : load(bold_path);
  if (impl->bold == nullptr || impl->errors.error != 0) {
    return Status::Invalid("cannot load font " + bold_path + ": " +
                           ErrorText(impl->errors.error, impl->errors.detail));
  }

  HPDF_SetInfoAttr(pdf, HPDF_INFO_CREATOR, "Zapas");
  if (!info.title.empty()) HPDF_SetInfoAttr(pdf, HPDF_INFO_TITLE, SanitizeUtf8(info.title).c_str());
  if (!info.subject.empty()) {
    HPDF_SetInfoAttr(pdf, HPDF_INFO_SUBJECT, SanitizeUtf8(info.subject).c_str());
  }
  const int64_t now =
      options.fixed_time ? *options.fixed_time : static_cast<int64_t>(std::time(nullptr));
  HPDF_SetInfoDateAttr(pdf, HPDF_INFO_CREATION_DATE, ToHpdfDate(now));
  HPDF_SetInfoDateAttr(pdf, HPDF_INFO_MOD_DATE, ToHpdfDate(now));

  std::unique_ptr<PdfDocument> doc(new PdfDocument(std::move(impl)));
  doc->NewPage();
  if (doc->impl_->errors.error != 0) return doc->status();
  return doc;
}

float PdfDocument::page_width() const { return HPDF_Page_GetWidth(impl_->page()); }
float PdfDocument::page_height() const { return HPDF_Page_GetHeight(impl_->page()); }
int PdfDocument::page_count() const { return static_cast<int>(impl_->pages.size()); }

void PdfDocument::NewPage() {
  HPDF_Page page = HPDF_AddPage(impl_->pdf);
  if (page == nullptr) return;  // the error is recorded
  if (impl_->info.page_width > 0 && impl_->info.page_height > 0) {
    HPDF_Page_SetWidth(page, impl_->info.page_width);
    HPDF_Page_SetHeight(page, impl_->info.page_height);
  } else {
    HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
  }
  HPDF_Page_SetLineJoin(page, HPDF_MITER_JOIN);
  impl_->pages.push_back(page);
  impl_->current = page;
  cursor_ = top();
}

void PdfDocument::Skip(float dy) {
  cursor_ -= dy;
  if (cursor_ < bottom()) cursor_ = bottom();
}

bool PdfDocument::EnsureSpace(float height) {
  if (cursor_ - height >= bottom() - 0.01f) return false;
  NewPage();
  return true;
}

float PdfDocument::TextWidth(std::string_view text, const TextStyle& style) const {
  if (text.empty()) return 0;
  const std::string clean = SanitizeUtf8(text);
  HPDF_TextWidth tw = HPDF_Font_TextWidth(impl_->font(style.weight),
                                          reinterpret_cast<const HPDF_BYTE*>(clean.data()),
                                          static_cast<HPDF_UINT>(clean.size()));
  return static_cast<float>(tw.width) * style.size / 1000.0f;
}

void PdfDocument::DrawText(float x, float baseline, std::string_view text, const TextStyle& style) {
  if (text.empty()) return;
  const std::string clean = SanitizeUtf8(text);
  RecordCodes(clean, impl_->codes(style.weight));
  HPDF_Page page = impl_->page();
  HPDF_Page_SetGrayFill(page, style.gray);
  HPDF_Page_BeginText(page);
  HPDF_Page_SetFontAndSize(page, impl_->font(style.weight), style.size);
  HPDF_Page_TextOut(page, x, baseline, clean.c_str());
  HPDF_Page_EndText(page);
  HPDF_Page_SetGrayFill(page, 0);
}

void PdfDocument::DrawLine(float x1, float y1, float x2, float y2, float line_width, float gray) {
  HPDF_Page page = impl_->page();
  HPDF_Page_SetLineWidth(page, line_width);
  HPDF_Page_SetGrayStroke(page, gray);
  HPDF_Page_MoveTo(page, x1, y1);
  HPDF_Page_LineTo(page, x2, y2);
  HPDF_Page_Stroke(page);
  HPDF_Page_SetGrayStroke(page, 0);
}

void PdfDocument::DrawBox(float x, float top, float w, float h, float line_width, bool dashed,
                          float fill_gray) {
  HPDF_Page page = impl_->page();
  if (fill_gray >= 0) {
    HPDF_Page_SetGrayFill(page, fill_gray);
    HPDF_Page_Rectangle(page, x, top - h, w, h);
    HPDF_Page_Fill(page);
    HPDF_Page_SetGrayFill(page, 0);
  }
  if (line_width <= 0) return;
  HPDF_Page_SetLineWidth(page, line_width);
  if (dashed) {
    static const HPDF_UINT16 kDash[] = {3, 2};
    HPDF_Page_SetDash(page, kDash, 2, 0);
  }
  HPDF_Page_Rectangle(page, x, top - h, w, h);
  HPDF_Page_Stroke(page);
  if (dashed) HPDF_Page_SetDash(page, nullptr, 0, 0);
}

Status PdfDocument::DrawQr(float x, float top, float size, std::string_view payload) {
  if (!(size > 0)) return Status::Invalid("a QR code needs a positive size");
  ZAPAS_ASSIGN_OR_RETURN(const QrMatrix qr, EncodeQr(payload));
  const float module = size / static_cast<float>(qr.width + 2 * kQrQuietZone);
  DrawBox(x, top, size, size, 0, false, 1.0f);  // the quiet zone, and a white ground
  DrawModules(x + kQrQuietZone * module, top - kQrQuietZone * module, module, qr.width, qr.width,
              qr.dark);
  return status();
}

void PdfDocument::DrawModules(float x, float top, float module, int width, int height,
                              const std::vector<unsigned char>& dark) {
  HPDF_Page page = impl_->page();
  // Each row's runs of dark modules become one rectangle, and all of them one
  // path filled at once: a small content stream, and no hairline seams
  // between neighbouring modules when a viewer anti-aliases.
  HPDF_Page_SetGrayFill(page, 0);
  auto at = [&](int col, int row) { return dark[static_cast<size_t>(row) * width + col] != 0; };
  bool any = false;
  for (int row = 0; row < height; ++row) {
    const float y = top - static_cast<float>(row + 1) * module;
    for (int col = 0; col < width;) {
      if (!at(col, row)) {
        ++col;
        continue;
      }
      int end = col;
      while (end < width && at(end, row)) ++end;
      HPDF_Page_Rectangle(page, x + static_cast<float>(col) * module, y,
                          static_cast<float>(end - col) * module, module);
      any = true;
      col = end;
    }
  }
  if (any) HPDF_Page_Fill(page);
}

void PdfDocument::DrawFooters() {
  if (!impl_->info.footers) return;
  const int total = page_count();
  const TextStyle style{FontWeight::kRegular, 7.0f, 0.35f};
  for (int i = 0; i < total; ++i) {
    impl_->current = impl_->pages[i];
    const std::string n = std::to_string(i + 1);
    const std::string m = std::to_string(total);
    std::string text = "сторінка " + n + " з " + m + " / page " + n + " of " + m;
    if (!impl_->info.number.empty()) text += " · " + impl_->info.number;
    const float rule_y = bottom() - 12;
    DrawLine(left(), rule_y, right(), rule_y, 0.4f, 0.55f);
    DrawTextAligned(left(), width(), rule_y - 10, text, style, Align::kRight);
  }
  impl_->current = impl_->pages.back();
}

Status PdfDocument::status() const {
  if (impl_->errors.error == 0) return Status::Ok();
  return Status::Internal("PDF generation failed: " +
                          ErrorText(impl_->errors.error, impl_->errors.detail));
}

Result<std::string> PdfDocument::Save() {
  if (impl_->saved) return Status::Internal("PdfDocument::Save called twice");
  impl_->saved = true;
  DrawFooters();
  ZAPAS_RETURN_IF_ERROR(status());
  ZAPAS_RETURN_IF_ERROR(ReplaceToUnicode(impl_->regular, impl_->regular_codes));
  if (impl_->bold != impl_->regular) {
    ZAPAS_RETURN_IF_ERROR(ReplaceToUnicode(impl_->bold, impl_->bold_codes));
  }
  HPDF_Doc pdf = impl_->pdf;
  if (HPDF_SaveToStream(pdf) != HPDF_OK) {
    ZAPAS_RETURN_IF_ERROR(status());
    return Status::Internal("PDF generation failed: cannot save to a stream");
  }
  const HPDF_UINT32 size = HPDF_GetStreamSize(pdf);
  std::string bytes(size, '\0');
  HPDF_ResetStream(pdf);
  impl_->errors.reading_stream = true;
  HPDF_UINT32 done = 0;
  while (done < size) {
    HPDF_UINT32 n = size - done;
    HPDF_STATUS st =
        HPDF_ReadFromStream(pdf, reinterpret_cast<HPDF_BYTE*>(bytes.data()) + done, &n);
    done += n;
    if (st == HPDF_STREAM_EOF || n == 0) break;
    if (st != HPDF_OK) break;
  }
  impl_->errors.reading_stream = false;
  ZAPAS_RETURN_IF_ERROR(status());
  if (done != size) return Status::Internal("PDF generation failed: short read from stream");
  return bytes;
}

}  // namespace zapas::printing
