#include "persistence/field_cipher.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace zapas {
namespace {

constexpr unsigned char kVersion = 1;
constexpr size_t kNonceBytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
constexpr size_t kTagBytes = crypto_aead_xchacha20poly1305_ietf_ABYTES;

const unsigned char* Bytes(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

}  // namespace

static_assert(FieldCipher::kKeyBytes == crypto_aead_xchacha20poly1305_ietf_KEYBYTES);

Result<FieldCipher> FieldCipher::Create(const std::string& key) {
  if (sodium_init() < 0) return Status::Internal("cannot initialise libsodium");
  if (key.size() != kKeyBytes) {
    return Status::Invalid("the database key must be " + std::to_string(kKeyBytes) + " bytes");
  }
  return FieldCipher(key);
}

FieldCipher::~FieldCipher() {
  if (!key_.empty()) sodium_memzero(key_.data(), key_.size());
}

std::string FieldCipher::Seal(std::string_view plaintext, std::string_view context) const {
  std::string out(1 + kNonceBytes + plaintext.size() + kTagBytes, '\0');
  auto* p = reinterpret_cast<unsigned char*>(out.data());
  p[0] = kVersion;
  randombytes_buf(p + 1, kNonceBytes);
  unsigned long long written = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(p + 1 + kNonceBytes, &written, Bytes(plaintext),
                                             plaintext.size(), Bytes(context), context.size(),
                                             nullptr, p + 1, Bytes(key_));
  return out;
}

Result<std::string> FieldCipher::Open(std::string_view sealed, std::string_view context) const {
  if (sealed.size() < 1 + kNonceBytes + kTagBytes || Bytes(sealed)[0] != kVersion) {
    return Status::Invalid(std::string(context) + ": not an encrypted value");
  }
  std::string out(sealed.size() - 1 - kNonceBytes - kTagBytes, '\0');
  unsigned long long written = 0;
  const unsigned char* nonce = Bytes(sealed) + 1;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(reinterpret_cast<unsigned char*>(out.data()),
                                                 &written, nullptr, nonce + kNonceBytes,
                                                 sealed.size() - 1 - kNonceBytes, Bytes(context),
                                                 context.size(), nonce, Bytes(key_)) != 0) {
    return Status::Invalid(std::string(context) + ": does not open with this key");
  }
  out.resize(written);
  return out;
}

std::string FieldCipher::SealText(std::string_view plaintext, std::string_view context) const {
  const std::string sealed = Seal(plaintext, context);
  constexpr int kVariant = sodium_base64_VARIANT_ORIGINAL;
  std::string text(sodium_base64_ENCODED_LEN(sealed.size(), kVariant), '\0');
  sodium_bin2base64(text.data(), text.size(), Bytes(sealed), sealed.size(), kVariant);
  text.pop_back();  // the terminating NUL
  return text;
}

Result<std::string> FieldCipher::OpenText(std::string_view sealed_text,
                                          std::string_view context) const {
  std::string sealed(sealed_text.size(), '\0');
  size_t length = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(sealed.data()), sealed.size(),
                        sealed_text.data(), sealed_text.size(), nullptr, &length, nullptr,
                        sodium_base64_VARIANT_ORIGINAL) != 0) {
    return Status::Invalid(std::string(context) + ": not an encrypted value");
  }
  sealed.resize(length);
  return Open(sealed, context);
}

Result<std::string> ParseKeyText(std::string_view text, const std::string& source) {
  const size_t first = text.find_first_not_of(" \t\r\n");
  const size_t last = text.find_last_not_of(" \t\r\n");
  text = first == std::string_view::npos ? "" : text.substr(first, last - first + 1);
  const std::string wrong = source + " must hold the key as " +
                            std::to_string(2 * FieldCipher::kKeyBytes) + " hex digits";
  if (text.size() != 2 * FieldCipher::kKeyBytes) return Status::Invalid(wrong);
  std::string key(FieldCipher::kKeyBytes, '\0');
  size_t length = 0;
  const char* end = nullptr;
  if (sodium_hex2bin(reinterpret_cast<unsigned char*>(key.data()), key.size(), text.data(),
                     text.size(), nullptr, &length, &end) != 0 ||
      length != key.size() || end != text.data() + text.size()) {
    return Status::Invalid(wrong);
  }
  return key;
}

std::string KeyText(const std::string& key) {
  std::string hex(2 * key.size() + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), Bytes(key), key.size());
  hex.pop_back();
  return hex;
}

Result<std::string> ReadKeyFile(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return Status::NotFound("no key file at " + path);
    return Status::Unavailable("cannot read the key file " + path + ": " + std::strerror(errno));
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0 || (st.st_mode & 077) != 0) {
    ::close(fd);
    return Status::Invalid("the key file " + path +
                           " may be read by others than its owner (chmod 600 " + path + ")");
  }
  char buf[256];
  ssize_t n = ::read(fd, buf, sizeof buf);
  ::close(fd);
  if (n < 0) return Status::Unavailable("cannot read the key file " + path);
  return ParseKeyText(std::string_view(buf, static_cast<size_t>(n)), "the key file " + path);
}

Result<std::string> CreateKeyFile(const std::string& path) {
  if (sodium_init() < 0) return Status::Internal("cannot initialise libsodium");
  // O_EXCL: created here and now, or not at all; never an existing file.
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return Status::Conflict("the key file " + path + " exists already");
    return Status::Unavailable("cannot create the key file " + path + ": " + std::strerror(errno));
  }
  std::string key(FieldCipher::kKeyBytes, '\0');
  randombytes_buf(key.data(), key.size());
  const std::string text = KeyText(key) + "\n";
  const bool written = ::fchmod(fd, 0600) == 0 &&
                       ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) &&
                       ::fsync(fd) == 0;
  ::close(fd);
  if (!written) {
    ::unlink(path.c_str());
    return Status::Unavailable("cannot write the key file " + path);
  }
  return key;
}

}  // namespace zapas
