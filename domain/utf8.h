// UTF-8 encoding and checking, shared by every layer that builds text from
// code points (the NBU rate file reader, the audit report's document scanner,
// the PDF layer's UTF-8 clean-up) or takes text from outside (field
// validation, request bodies, paths and query strings). Pure functions;
// thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace zapas {

// Appends code point `cp` to `out` encoded as UTF-8 (1 to 4 bytes). The
// caller passes a valid code point: surrogates are paired before this.
void AppendUtf8(std::string& out, uint32_t cp);

// The length of the UTF-8 sequence starting at s[i], or 0 when it is not a
// valid one (truncated, overlong, a surrogate, or above U+10FFFF).
size_t Utf8SequenceLength(std::string_view s, size_t i);

// Decodes the UTF-8 sequence starting at s[i]: its code point goes to `*cp`
// and its length is returned. When it is not a valid sequence (as for
// Utf8SequenceLength) the result is 0 and `*cp` is left unspecified.
size_t DecodeUtf8(std::string_view s, size_t i, uint32_t* cp);

// Whether all of `s` is valid UTF-8.
bool IsValidUtf8(std::string_view s);

}  // namespace zapas
