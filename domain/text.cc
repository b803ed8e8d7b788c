#include "domain/text.h"

#include <cstdio>

#include "domain/utf8.h"

namespace zapas {
namespace {

struct CharRange {
  uint32_t first, last;
  TextChar kind;
};

// Every code point that is not kKeep, in order.
constexpr CharRange kRanges[] = {
    {0x0000, 0x001F, TextChar::kControl},  // C0 controls, tab and line feed too
    {0x0020, 0x0020, TextChar::kSpace},
    {0x007F, 0x009F, TextChar::kControl},  // DEL, C1 controls (U+0085 NEXT LINE ...)
    {0x00A0, 0x00A0, TextChar::kSpace},    // NO-BREAK SPACE
    {0x061C, 0x061C, TextChar::kRemove},   // ARABIC LETTER MARK
    {0x115F, 0x1160, TextChar::kSpace},    // HANGUL CHOSEONG / JUNGSEONG FILLER
    {0x1680, 0x1680, TextChar::kSpace},    // OGHAM SPACE MARK
    {0x180E, 0x180E, TextChar::kRemove},   // MONGOLIAN VOWEL SEPARATOR
    {0x2000, 0x200A, TextChar::kSpace},    // EN QUAD ... HAIR SPACE
    {0x200B, 0x200F, TextChar::kRemove},   // ZERO WIDTH SPACE, ZWNJ, ZWJ, LRM, RLM
    {0x2028, 0x2029, TextChar::kControl},  // LINE / PARAGRAPH SEPARATOR
    {0x202A, 0x202E, TextChar::kBidi},     // LRE, RLE, PDF, LRO, RLO
    {0x202F, 0x202F, TextChar::kSpace},    // NARROW NO-BREAK SPACE
    {0x205F, 0x205F, TextChar::kSpace},    // MEDIUM MATHEMATICAL SPACE
    {0x2060, 0x2064, TextChar::kRemove},   // WORD JOINER, invisible operators
    {0x2066, 0x2069, TextChar::kBidi},     // LRI, RLI, FSI, PDI
    {0x2800, 0x2800, TextChar::kSpace},    // BRAILLE PATTERN BLANK
    {0x3000, 0x3000, TextChar::kSpace},    // IDEOGRAPHIC SPACE
    {0x3164, 0x3164, TextChar::kSpace},    // HANGUL FILLER
    {0xFEFF, 0xFEFF, TextChar::kRemove},   // ZERO WIDTH NO-BREAK SPACE (BOM)
    {0xFFA0, 0xFFA0, TextChar::kSpace},    // HALFWIDTH HANGUL FILLER
};

}  // namespace

TextChar ClassifyTextChar(uint32_t cp) {
  if (cp > 0x20 && cp < 0x7F) return TextChar::kKeep;  // printable ASCII, the usual case
  for (const CharRange& r : kRanges) {
    if (cp < r.first) break;
    if (cp <= r.last) return r.kind;
  }
  return TextChar::kKeep;
}

std::string CodePointName(uint32_t cp) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(cp));
  return buf;
}

Result<std::string> CleanText(std::string_view text, const std::string& field, size_t max,
                              bool required) {
  std::string out;
  out.reserve(text.size());
  bool blank = true;
  for (size_t i = 0; i < text.size();) {
    uint32_t cp = 0;
    const size_t len = DecodeUtf8(text, i, &cp);
    if (len == 0) return Status::Field(field, "is not valid UTF-8");
    switch (ClassifyTextChar(cp)) {
      case TextChar::kControl:
        return Status::Field(field,
                             "must not contain control characters (" + CodePointName(cp) + ")");
      case TextChar::kBidi:
        return Status::Field(field,
                             "must not contain bidirectional controls (" + CodePointName(cp) + ")");
      case TextChar::kRemove:
        break;
      case TextChar::kSpace:
        out.append(text.substr(i, len));
        break;
      case TextChar::kKeep:
        out.append(text.substr(i, len));
        blank = false;
        break;
    }
    i += len;
  }
  if (blank) {
    if (!required) return std::string();
    if (out.empty()) return Status::Field(field, "must not be empty");
    return Status::Field(field, "must not be blank (it holds nothing but spaces)");
  }
  if (out.size() > max) {
    return Status::Field(field, "must be at most " + std::to_string(max) + " bytes");
  }
  return out;
}

Status ValidateText(std::string_view text, const std::string& field, size_t max, bool required) {
  Result<std::string> cleaned = CleanText(text, field, max, required);
  return cleaned.ok() ? Status::Ok() : cleaned.status();
}

}  // namespace zapas
