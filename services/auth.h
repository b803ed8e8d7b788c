// Authentication: argon2id password hashes (libsodium) and bearer tokens.
// Tokens are random 256-bit values held in memory with their expiry.
// Thread-safe.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "domain/entities.h"
#include "domain/status.h"

namespace zapas {

struct Principal {
  std::string username;
  Role role = Role::kDonor;
  std::string donor_code;  // for donors: the one donor they may see
  // A warehouse user limited to these warehouses (codes as stored); empty:
  // every warehouse.
  std::vector<std::string> warehouses;
  int64_t session_epoch = 0;  // the user's session epoch when the token was issued

  // Whether the user reads and writes the warehouse `code`: the one rule of
  // per-warehouse scope.
  bool MayUseWarehouse(std::string_view code) const {
    return warehouses.empty() ||
           std::find(warehouses.begin(), warehouses.end(), code) != warehouses.end();
  }
  bool scoped() const { return !warehouses.empty(); }
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
  // A password change: forgets every token of `username` but `keep`, which
  // takes the new session epoch.
  void RevokeOthers(const std::string& username, const std::string& keep, int64_t epoch);

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
