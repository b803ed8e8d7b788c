// FieldCipher: the one place where personal data is encrypted before it is
// stored (recipients' personal data and household names, stored replies of
// idempotent requests). XChaCha20-Poly1305 (libsodium's
// crypto_aead_xchacha20poly1305_ietf) with a random 24-byte nonce per value
// and a `context` as associated data: the table, the column and the row's key
// (e.g. "recipients.personal:IDP-000117"), so a ciphertext moved to another
// row or column no longer opens.
//
// A sealed value is bytes: version (1) ‖ nonce (24) ‖ ciphertext ‖ tag (16).
// Also here: the database key's text form and its key file. libsodium stays in
// field_cipher.cc. Immutable after creation; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "domain/status.h"

namespace zapas {

class FieldCipher {
 public:
  static constexpr size_t kKeyBytes = 32;

  // kInvalid unless `key` is exactly 32 bytes; kInternal when libsodium cannot
  // start.
  static Result<FieldCipher> Create(const std::string& key);
  ~FieldCipher();
  FieldCipher(const FieldCipher& other) = default;
  FieldCipher& operator=(const FieldCipher& other) = default;

  std::string Seal(std::string_view plaintext, std::string_view context) const;
  // kInvalid when `sealed` was not sealed by this key for this context (a
  // wrong key, a value moved between rows, or a damaged value).
  Result<std::string> Open(std::string_view sealed, std::string_view context) const;
  // The same as text (base64 of the sealed bytes), for values kept inside a
  // stored JSON document.
  std::string SealText(std::string_view plaintext, std::string_view context) const;
  Result<std::string> OpenText(std::string_view sealed_text, std::string_view context) const;

 private:
  explicit FieldCipher(std::string key) : key_(std::move(key)) {}
  std::string key_;
};

// A key as text: 64 hex digits (surrounding white space ignored); kInvalid
// saying what is wrong otherwise. `source` names where it came from.
Result<std::string> ParseKeyText(std::string_view text, const std::string& source);
// 64 lower-case hex digits.
std::string KeyText(const std::string& key);

// Reads the key file at `path`: kNotFound when it does not exist, kInvalid
// when others than its owner may read it (mode must be 0600 or 0400) or it
// does not hold a key.
Result<std::string> ReadKeyFile(const std::string& path);
// Creates the key file at `path` with a new random key, atomically and
// readable by its owner only (O_EXCL, mode 0600): it never overwrites a file
// (kConflict when one exists). Returns the key.
Result<std::string> CreateKeyFile(const std::string& path);

}  // namespace zapas
