#include "services/auth.h"

#include "services/random.h"

#include <sodium.h>

#include <algorithm>
#include <ctime>

namespace zapas {

bool InitCrypto() { return sodium_init() >= 0; }

// argon2id with t=2 and m=19 MiB, the OWASP Password Storage Cheat Sheet's
// first recommended setting: strong, and a login does not add 64 MiB to a
// server that must stay small on a volunteer's laptop.
constexpr unsigned long long kOpsLimit = 2;
constexpr size_t kMemLimit = 19u * 1024 * 1024;

Result<std::string> HashPassword(const std::string& password) {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), kOpsLimit, kMemLimit) != 0) {
    return Status::Internal("cannot hash the password: out of memory");
  }
  return std::string(out);
}

bool VerifyPassword(const std::string& hash, const std::string& password) {
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

std::string Sha256Hex(const std::string& data) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

std::string FormatRfc3339(std::chrono::system_clock::time_point t) {
  std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

TokenStore::Issued TokenStore::Issue(const Principal& who) {
  const std::string hex = RandomHex(32);
  auto expires = std::chrono::system_clock::now() + lifetime_;
  std::lock_guard<std::mutex> lock(mu_);
  // Drop expired tokens now and then so the table does not grow without bound.
  if (tokens_.size() > 10000) {
    auto now = std::chrono::system_clock::now();
    std::erase_if(tokens_, [&](const auto& kv) { return kv.second.expires < now; });
  }
  tokens_[hex] = Entry{who, expires};
  return Issued{hex, FormatRfc3339(expires)};
}

std::optional<Principal> TokenStore::Check(const std::string& token) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = tokens_.find(token);
  if (it == tokens_.end()) return std::nullopt;
  if (it->second.expires < std::chrono::system_clock::now()) {
    tokens_.erase(it);
    return std::nullopt;
  }
  return it->second.who;
}

void TokenStore::RevokeUser(const std::string& username) {
  std::lock_guard<std::mutex> lock(mu_);
  std::erase_if(tokens_, [&](const auto& kv) { return kv.second.who.username == username; });
}

void TokenStore::RevokeOthers(const std::string& username, const std::string& keep, int64_t epoch) {
  std::lock_guard<std::mutex> lock(mu_);
  std::erase_if(tokens_, [&](const auto& kv) {
    return kv.second.who.username == username && kv.first != keep;
  });
  if (auto it = tokens_.find(keep); it != tokens_.end()) it->second.who.session_epoch = epoch;
}

bool TokenStore::Revoke(const std::string& token) {
  std::lock_guard<std::mutex> lock(mu_);
  return tokens_.erase(token) > 0;
}

}  // namespace zapas
