// The key that encrypts personal data in the database: the one way every
// command comes by it. From the environment variable ZAPAS_KEY (64 hex digits)
// when set, else from the key file (`security.key_file`, default the database
// path + ".key"), which is created, readable by its owner only, when a command
// may create it and there is none.
#pragma once

#include <string>

#include "config/config.h"
#include "domain/status.h"

namespace zapas {

enum class KeyCreation {
  kNever,      // reading commands: the key must exist
  kIfNewDb,    // commands that create a missing database: a new database gets a new key
  kIfMissing,  // `zapas init`: also for a database stored before encryption (never for
               // one already encrypted: only its own key opens it)
};

// Where the key of `config`'s database comes from, for messages.
std::string KeySource(const Config& config);
// The key file of `config`'s database: security.key_file, or the database
// path + ".key".
std::string KeyFilePath(const Config& config);

// The 32-byte key. kNotFound naming the key file (and how to make one) when
// there is none and none may be created; kInvalid when ZAPAS_KEY or the file
// does not hold a key, or the file may be read by others. `created`, when
// given, tells whether the key file was created now.
Result<std::string> DatabaseKey(const Config& config, KeyCreation creation,
                                bool* created = nullptr);

}  // namespace zapas
