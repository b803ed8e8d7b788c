// What every Repository implementation shares: the contexts that bind sealed
// values to their row (persistence/field_cipher.h), the key check value, and
// the clock of stored timestamps. Internal to persistence/. Pure functions;
// thread-safe.
#pragma once

#include <string>

#include "domain/entities.h"

namespace zapas {

// Now, RFC 3339 in UTC to the second.
std::string NowRfc3339();

// What each sealed value is bound to (FieldCipher's context): its table,
// column and row key, so a ciphertext copied to another row does not open.
inline std::string PersonalContext(const std::string& code) {
  return "recipients.personal:" + code;
}
inline std::string NameContext(const std::string& code) { return "recipients.name:" + code; }
inline std::string ReplyContext(const std::string& column, const std::string& key) {
  return "idempotency." + column + ":" + key;
}

// The query of Repository::CodeTakenIgnoringCase, its one parameter written
// `param` ("$1", "$1::text"): the stored code of `kind` equal to it ignoring ASCII
// case, itself first, then the oldest. lower() folds ASCII alike in SQLite and in
// PostgreSQL's "C" collation of code columns (codes are ASCII); the indexes
// on lower(code) of migration 10 serve it.
inline std::string CodeLikeSql(CodeKind kind, const std::string& param) {
  std::string table, column = "code";
  switch (kind) {
    case CodeKind::kItem:
      table = "items";
      column = "sku";
      break;
    case CodeKind::kWarehouse:
      table = "warehouses";
      break;
    case CodeKind::kDonor:
      table = "donors";
      break;
    case CodeKind::kRecipient:
      table = "recipients";
      break;
    case CodeKind::kAccount:
      table = "accounts";
      break;
  }
  return "SELECT " + column + " FROM " + table + " WHERE lower(" + column + ") = lower(" + param +
         ") ORDER BY CASE WHEN " + column + " = " + param + " THEN 0 ELSE 1 END, id LIMIT 1";
}

// The key check: this text sealed with the database key when the database was
// first encrypted; a key that does not open it is not the database's.
inline constexpr const char* kKeyCheckContext = "key_check";
inline constexpr const char* kKeyCheckText = "zapas key check v1";

// The message of a second process refused as the database's writer.
inline std::string AnotherWriterMessage(const std::string& database) {
  return "another zapas process is serving " + database + " (stop it first)";
}

// The message of a refused key, naming the database.
inline std::string WrongKeyMessage(const std::string& database) {
  return "wrong key for " + database + ": its personal data was encrypted with another key";
}

}  // namespace zapas
