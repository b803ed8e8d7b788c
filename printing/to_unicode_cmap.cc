#include "printing/to_unicode_cmap.h"

#include <algorithm>
#include <vector>

namespace zapas::printing {

namespace {

// "bfchar and bfrange blocks shall contain at most 100 entries" (Adobe
// technical note #5014, kept by ISO 32000-1, 9.10.3).
constexpr size_t kMaxEntriesPerBlock = 100;

void AppendHex4(std::string& out, uint32_t v) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  for (int shift = 12; shift >= 0; shift -= 4) out += kDigits[(v >> shift) & 0xF];
}

void AppendCode(std::string& out, uint16_t code) {
  out += '<';
  AppendHex4(out, code);
  out += '>';
}

// The character as a UTF-16BE hex string: one unit, or a surrogate pair.
void AppendUtf16Be(std::string& out, char32_t c) {
  out += '<';
  if (c < 0x10000) {
    AppendHex4(out, c);
  } else {
    const uint32_t v = c - 0x10000;
    AppendHex4(out, 0xD800 + (v >> 10));
    AppendHex4(out, 0xDC00 + (v & 0x3FF));
  }
  out += '>';
}

// Whether `next` extends the bfrange that begins at `first` and so far ends
// at `last`: the next code shows the next character, the codes differ only
// in their last byte, and the destination is one UTF-16 unit whose last byte
// grows without carrying into the byte before it.
bool ExtendsRange(const CodeToUnicode& first, const CodeToUnicode& last,
                  const CodeToUnicode& next) {
  return next.code == last.code + 1 && next.unicode == last.unicode + 1 &&
         (next.code >> 8) == (first.code >> 8) && next.unicode <= 0xFFFF &&
         (next.unicode >> 8) == (first.unicode >> 8);
}

// `entries` as "N begin<kind>" ... "end<kind>" blocks of at most 100 lines.
void AppendBlocks(std::string& out, const std::string& kind,
                  const std::vector<std::string>& entries) {
  for (size_t at = 0; at < entries.size(); at += kMaxEntriesPerBlock) {
    const size_t n = std::min(kMaxEntriesPerBlock, entries.size() - at);
    out += std::to_string(n) + " begin" + kind + "\n";
    for (size_t k = at; k < at + n; ++k) out += entries[k] + "\n";
    out += "end" + kind + "\n";
  }
}

}  // namespace

std::string ToUnicodeCMap(std::span<const CodeToUnicode> mappings) {
  std::vector<std::string> chars;
  std::vector<std::string> ranges;
  for (size_t i = 0; i < mappings.size();) {
    size_t end = i + 1;
    while (end < mappings.size() && ExtendsRange(mappings[i], mappings[end - 1], mappings[end])) {
      ++end;
    }
    std::string entry;
    AppendCode(entry, mappings[i].code);
    entry += ' ';
    if (end - i > 1) {
      AppendCode(entry, mappings[end - 1].code);
      entry += ' ';
      AppendUtf16Be(entry, mappings[i].unicode);
      ranges.push_back(std::move(entry));
    } else {
      AppendUtf16Be(entry, mappings[i].unicode);
      chars.push_back(std::move(entry));
    }
    i = end;
  }

  std::string out =
      "/CIDInit /ProcSet findresource begin\n"
      "12 dict begin\n"
      "begincmap\n"
      "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
      "/CMapName /Adobe-Identity-UCS def\n"
      "/CMapType 2 def\n"
      "1 begincodespacerange\n"
      "<0000> <FFFF>\n"
      "endcodespacerange\n";
  AppendBlocks(out, "bfchar", chars);
  AppendBlocks(out, "bfrange", ranges);
  out +=
      "endcmap\n"
      "CMapName currentdict /CMap defineresource pop\n"
      "end\n"
      "end\n";
  return out;
}

}  // namespace zapas::printing
