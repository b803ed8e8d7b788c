// UTF-8 helpers the service layer's small JSON scanners share (the NBU rate
// file reader and the audit report's document scanner).
#pragma once

#include <cstdint>
#include <string>

namespace zapas {

// Appends code point `cp` to `out` encoded as UTF-8 (1 to 4 bytes). The
// caller passes a valid code point: surrogates are paired before this.
void AppendUtf8(std::string& out, uint32_t cp);

}  // namespace zapas
