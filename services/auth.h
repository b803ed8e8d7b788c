// Authentication: argon2id password hashes (libsodium) and bearer tokens.
// Tokens are random 256-bit values held in memory with their expiry.
// Thread-safe.
#pragma once

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "domain/entities.h"
#include "domain/status.h"

namespace zapas {

struct Principal {
  std::string username;
  Role role = Role::kDonor;
  std::string donor_code;  // for donors: the one donor they may see
};

// Initialises libsodium; false when it cannot.
bool InitCrypto();
// argon2id hash in libsodium's string format; kInternal when out of memory.
Result<std::string> HashPassword(const std::string& password);
bool VerifyPassword(const std::string& hash, const std::string& password);
// Lower-case hex SHA-256 of `data`.
std::string Sha256Hex(const std::string& data);

class TokenStore {
 public:
  explicit TokenStore(std::chrono::seconds lifetime) : lifetime_(lifetime) {}

  struct Issued {
    std::string token;
    std::string expires_at;  // RFC 3339 UTC
  };
  Issued Issue(const Principal& who);
  // nullopt when unknown or expired.
  std::optional<Principal> Check(const std::string& token);
  // Forgets every token of `username` (a disabled user).
  void RevokeUser(const std::string& username);
  // Forgets one token (a logout); false when it was not known.
  bool Revoke(const std::string& token);

 private:
  struct Entry {
    Principal who;
    std::chrono::system_clock::time_point expires;
  };
  std::chrono::seconds lifetime_;
  std::mutex mu_;
  std::unordered_map<std::string, Entry> tokens_;
};

std::string FormatRfc3339(std::chrono::system_clock::time_point t);

}  // namespace zapas
