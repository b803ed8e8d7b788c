// Random identifiers: login tokens, site tokens, a database's identity.
// Thread-safe (libsodium, initialised by InitCrypto).
#pragma once

#include <cstddef>
#include <string>

namespace zapas {

// `bytes` random bytes as lower-case hex (2 × bytes characters).
std::string RandomHex(size_t bytes);

}  // namespace zapas
