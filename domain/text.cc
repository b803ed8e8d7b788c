#include "domain/text.h"

#include <algorithm>

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

std::string_view TrimBlanks(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::vector<std::string> SplitOn(std::string_view text, char sep) {
  std::vector<std::string> out;
  for (size_t at = 0; at < text.size();) {
    const size_t end = std::min(text.find(sep, at), text.size());
    out.emplace_back(text.substr(at, end - at));
    at = end + 1;
  }
  return out;
}

std::string AsciiLower(std::string s) {
  for (char& c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + ('a' - 'A'));
  }
  return s;
}

std::string FoldCase(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    unsigned char n = i + 1 < s.size() ? static_cast<unsigned char>(s[i + 1]) : 0;
    if (c >= 'A' && c <= 'Z') {
      out += static_cast<char>(c + 32);
    } else if (c == 0xD0 && n >= 0x90 && n <= 0x9F) {  // А..П
      out += '\xD0';
      out += static_cast<char>(n + 0x20);
      ++i;
    } else if (c == 0xD0 && n >= 0xA0 && n <= 0xAF) {  // Р..Я
      out += '\xD1';
      out += static_cast<char>(n - 0x20);
      ++i;
    } else if (c == 0xD0 && (n == 0x84 || n == 0x86 || n == 0x87)) {  // Є І Ї
      out += '\xD1';
      out += static_cast<char>(n + 0x10);
      ++i;
    } else if (c == 0xD2 && n == 0x90) {  // Ґ
      out += "\xD2\x91";
      ++i;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

namespace {

// Cyrillic (U+0400..U+04FF) and Latin-1 lower-case letters to upper case; other code
// points unchanged.
uint32_t ToUpper(uint32_t cp) {
  if (cp >= 0x00E0 && cp <= 0x00FE && cp != 0x00F7) return cp - 0x20;  // à..þ
  if (cp >= 0x0430 && cp <= 0x044F) return cp - 0x20;                  // а..я
  if (cp >= 0x0450 && cp <= 0x045F) return cp - 0x50;                  // ѐ..џ (є, і, ї)
  const bool odd = (cp & 1) != 0;
  if (cp >= 0x0461 && cp <= 0x0481 && odd) return cp - 1;   // ѡ..ҁ
  if (cp >= 0x048B && cp <= 0x04BF && odd) return cp - 1;   // ҋ..ҿ (ґ)
  if (cp >= 0x04C2 && cp <= 0x04CE && !odd) return cp - 1;  // ӂ..ӎ
  if (cp == 0x04CF) return 0x04C0;                          // ӏ
  if (cp >= 0x04D1 && cp <= 0x04FF && odd) return cp - 1;   // ӑ..ӿ
  return cp;
}

}  // namespace

std::string CapitalizeFirstUtf8(std::string text) {
  if (text.empty()) return text;
  const auto b0 = static_cast<unsigned char>(text[0]);
  if (b0 >= 'a' && b0 <= 'z') {
    text[0] = static_cast<char>(b0 - ('a' - 'A'));
    return text;
  }
  // Every letter handled below is a two-byte sequence: 110xxxxx 10xxxxxx.
  if (b0 < 0xC2 || b0 > 0xDF || text.size() < 2) return text;
  const auto b1 = static_cast<unsigned char>(text[1]);
  if ((b1 & 0xC0) != 0x80) return text;
  const uint32_t cp = (static_cast<uint32_t>(b0 & 0x1F) << 6) | (b1 & 0x3F);
  const uint32_t up = ToUpper(cp);
  if (up == cp) return text;
  text[0] = static_cast<char>(0xC0 | (up >> 6));
  text[1] = static_cast<char>(0x80 | (up & 0x3F));
  return text;
}

std::string_view UkrainianPlural(uint64_t n, std::string_view one, std::string_view few,
                                 std::string_view many) {
  const uint64_t last_two = n % 100, last = n % 10;
  if (last_two >= 11 && last_two <= 14) return many;
  if (last == 1) return one;
  if (last >= 2 && last <= 4) return few;
  return many;
}

}  // namespace zapas

namespace zapas {

bool LooksLikeEmail(std::string_view a) {
  if (a.size() < 3 || a.size() > 254) return false;
  const size_t at = a.find('@');
  if (at == 0 || at == std::string_view::npos || a.find('@', at + 1) != std::string_view::npos) {
    return false;
  }
  const std::string_view domain = a.substr(at + 1);
  if (domain.find('.') == std::string_view::npos || domain.front() == '.' || domain.back() == '.') {
    return false;
  }
  for (char c : a) {
    if (c <= ' ' || c > '~' ||
        std::string_view(",;<>\"()[]\\:").find(c) != std::string_view::npos) {
      return false;
    }
  }
  return true;
}

}  // namespace zapas
