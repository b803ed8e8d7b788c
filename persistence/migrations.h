// The numbered schema migrations, one list for every backend. Migration N
// takes the schema from version N-1 to N; they are applied in order and never
// edited once released. Where the SQL dialects differ a migration carries the
// PostgreSQL text beside the SQLite one.
#pragma once

#include <vector>

namespace zapas {

struct Migration {
  int version;
  const char* description;
  const char* sqlite;
  const char* postgresql = nullptr;  // nullptr: the SQLite text works as it is
  // SQLite rebuilds a table (create, copy, drop, rename): its foreign keys
  // are off while it runs, and checked before it commits.
  bool rebuilds_tables = false;
};

const std::vector<Migration>& Migrations();

// Migration 12's texts (persistence/migrations_work.cc).
extern const char kWorkTablesSqlite[];
extern const char kWorkTablesPostgres[];
extern const char kKitTablesSqlite[];
extern const char kKitTablesPostgres[];
extern const char kSiteTablesSqlite[];
extern const char kSiteTablesPostgres[];

inline const char* SqliteSql(const Migration& m) { return m.sqlite; }
inline const char* PostgresSql(const Migration& m) {
  return m.postgresql != nullptr ? m.postgresql : m.sqlite;
}

// The migration that adds the journal's hash chain: entries stored before it
// get their hashes computed right after its SQL, in the same transaction.
inline constexpr int kHashChainMigration = 5;

// The migration that encrypts personal data: the key check value, household
// sizes and the encryption of rows stored in clear before it are done in C++
// right after its SQL, in the same transaction.
inline constexpr int kEncryptionMigration = 7;

}  // namespace zapas
