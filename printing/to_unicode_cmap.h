// The ToUnicode CMap of an embedded font: the Unicode text that each two-byte
// character code on the pages stands for (ISO 32000-1, 9.10.3). Readers use it
// to copy, search and extract text; without a usable one they guess or give
// up. PdfDocument writes one for each of its fonts from the codes the pages
// actually use.
//
// Pure functions of their arguments; thread-safe. No libharu here.
#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace zapas::printing {

// One two-byte character code of a font and the character it shows.
struct CodeToUnicode {
  uint16_t code = 0;
  char32_t unicode = 0;  // a Unicode scalar value (not a surrogate, at most U+10FFFF)
};

// The text of a ToUnicode CMap (Adobe-Identity-UCS, CMapType 2) for fonts
// whose codes are two bytes (codespace <0000> to <FFFF>), mapping each code of
// `mappings` to its character in UTF-16BE, a surrogate pair above U+FFFF.
// Runs of consecutive codes showing consecutive characters become bfrange
// entries, the rest bfchar entries, at most 100 to a block as the CMap
// specification requires. `mappings` must be sorted by code, each code once;
// the same mappings always give the same text.
std::string ToUnicodeCMap(std::span<const CodeToUnicode> mappings);

}  // namespace zapas::printing
