// UTF-8 encoding, shared by every layer that builds text from code points
// (the NBU rate file reader, the audit report's document scanner, the PDF
// layer's UTF-8 clean-up). Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <string>

namespace zapas {

// Appends code point `cp` to `out` encoded as UTF-8 (1 to 4 bytes). The
// caller passes a valid code point: surrogates are paired before this.
void AppendUtf8(std::string& out, uint32_t cp);

}  // namespace zapas
