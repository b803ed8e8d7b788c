#include "services/database_key.h"

#include <Poco/File.h>

#include <cstdlib>

#include "persistence/field_cipher.h"
#include "persistence/repository.h"

namespace zapas {
namespace {

constexpr const char* kKeyVariable = "ZAPAS_KEY";

}  // namespace

std::string KeyFilePath(const Config& c) {
  return c.key_file.empty() ? c.db_path + ".key" : c.key_file;
}

std::string KeySource(const Config& c) {
  if (std::getenv(kKeyVariable) != nullptr) return std::string("the variable ") + kKeyVariable;
  return "the key file " + KeyFilePath(c);
}

Result<std::string> DatabaseKey(const Config& c, KeyCreation creation, bool* created) {
  if (created != nullptr) *created = false;
  if (const char* text = std::getenv(kKeyVariable)) return ParseKeyText(text, kKeyVariable);
  const bool postgres = IsPostgresUrl(c.db_path);
  if (postgres && c.key_file.empty()) {
    return Status::NotFound("no key for " + c.db_path + ": set " + kKeyVariable +
                            " or security.key_file (a PostgreSQL database has no file to keep "
                            "its key beside)");
  }
  const std::string path = KeyFilePath(c);
  Result<std::string> key = ReadKeyFile(path);
  if (key.status().code() != StatusCode::kNotFound) return key;
  // A PostgreSQL database counts as new: should it hold data encrypted with
  // another key, opening it refuses the new key (its key check value).
  const bool new_db = postgres || !Poco::File(c.db_path).exists();
  bool may_create = creation == KeyCreation::kIfNewDb && new_db;
  if (creation == KeyCreation::kIfMissing) {
    // Never a new key for a database encrypted with another: it would not open it.
    ZAPAS_ASSIGN_OR_RETURN(bool encrypted,
                           new_db ? Result<bool>(false) : DatabaseIsEncrypted(c.db_path));
    may_create = !encrypted;
  }
  if (may_create) {
    key = CreateKeyFile(path);
    if (key.ok() && created != nullptr) *created = true;
    return key;
  }
  return Status::NotFound("no key for " + c.db_path + ": no key file at " + path + " and " +
                          kKeyVariable + " is not set (`zapas init` makes a key for a new " +
                          "database; an encrypted one opens only with its own key)");
}

}  // namespace zapas
