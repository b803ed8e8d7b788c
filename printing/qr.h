// QR codes for printed documents: the module matrix of a payload (libqrencode,
// byte mode, error correction level M) and the short hash printed beneath a
// code so that a reader without a scanner can still compare it. PdfDocument::
// DrawQr draws the matrix; libqrencode stays inside printing/qr.cc.
//
// Pure functions; thread-safe (Debian's libqrencode is built with pthreads).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "domain/status.h"

namespace zapas::printing {

// The light margin a reader needs around a code, in modules (ISO/IEC 18004).
inline constexpr int kQrQuietZone = 4;

// The most bytes a payload may have: version 40 at level M in byte mode.
inline constexpr size_t kQrMaxPayloadBytes = 2331;

// A QR symbol without its quiet zone: `width` x `width` modules.
struct QrMatrix {
  int version = 0;
  int width = 0;
  std::vector<unsigned char> dark;  // row-major from the top; 1 = dark module

  bool at(int x, int y) const { return dark[static_cast<size_t>(y) * width + x] != 0; }
};

// Encodes the payload's bytes as they are (UTF-8 text stays UTF-8) in the
// smallest version that holds them at level M. kInvalid when the payload is
// empty or longer than kQrMaxPayloadBytes; kInternal when libqrencode fails
// otherwise (out of memory).
Result<QrMatrix> EncodeQr(std::string_view payload);

// The first 16 hex digits (lower case) of the SHA-256 of the payload.
std::string PayloadShortHash(std::string_view payload);

// The code printed beneath a QR code, for a person to type into the verify
// page: the hash a Zapas payload ends with ("zapas:<number>:<hash>"), else the
// payload's own short hash.
std::string VerificationCode(std::string_view payload);

}  // namespace zapas::printing
