#include "printing/qr.h"

#include <qrencode.h>
#include <sodium.h>

#include <cerrno>
#include <memory>

namespace zapas::printing {

Result<QrMatrix> EncodeQr(std::string_view payload) {
  if (payload.empty()) return Status::Invalid("a QR code needs a non-empty payload");
  if (payload.size() > kQrMaxPayloadBytes) {
    return Status::Invalid("QR payload too long: " + std::to_string(payload.size()) +
                           " bytes, at most " + std::to_string(kQrMaxPayloadBytes));
  }
  // QRcode_encodeData is QRcode_encodeString8bit with a length: byte mode, and
  // a payload may hold any byte, NUL included.
  errno = 0;
  std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
      QRcode_encodeData(static_cast<int>(payload.size()),
                        reinterpret_cast<const unsigned char*>(payload.data()), 0, QR_ECLEVEL_M),
      &QRcode_free);
  if (code == nullptr) {
    if (errno == ERANGE) {
      return Status::Invalid("QR payload too long: " + std::to_string(payload.size()) + " bytes");
    }
    return Status::Internal("libqrencode could not encode the payload (errno " +
                            std::to_string(errno) + ")");
  }
  QrMatrix m;
  m.version = code->version;
  m.width = code->width;
  const size_t n = static_cast<size_t>(code->width) * static_cast<size_t>(code->width);
  m.dark.resize(n);
  for (size_t i = 0; i < n; ++i) m.dark[i] = code->data[i] & 1;
  return m;
}

std::string PayloadShortHash(std::string_view payload) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(payload.data()),
                     payload.size());
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < 8; ++i) {
    out += kHex[digest[i] >> 4];
    out += kHex[digest[i] & 0xF];
  }
  return out;
}

std::string VerificationCode(std::string_view payload) {
  const size_t colon = payload.rfind(':');
  if (payload.rfind("zapas:", 0) == 0 && colon != std::string_view::npos) {
    std::string_view hash = payload.substr(colon + 1);
    if (hash.size() >= 16 && hash.size() <= 64 &&
        hash.find_first_not_of("0123456789abcdef") == std::string_view::npos) {
      return std::string(hash);
    }
  }
  return PayloadShortHash(payload);
}

}  // namespace zapas::printing
