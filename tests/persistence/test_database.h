// A fresh, empty database for one test, on either backend: a SQLite file in a
// temporary directory, or a new database on the test PostgreSQL cluster that
// ctest starts (scripts/pg-test-cluster.sh, fixture `postgresql` in
// tests/CMakeLists.txt). Dropped or removed when the object goes.
//
// The cluster's URL comes from ZAPAS_TEST_PG_URL when set (a server of your
// own), else from the file `url` in ZAPAS_TEST_PG_STATE (the fixture's).
// Not thread-safe; one per test.
#pragma once

#include <ostream>
#include <string>
#include <vector>

namespace zapas::testing {

enum class Backend { kSqlite, kPostgres };

// "SQLite" or "PostgreSQL": what test names show.
std::string BackendName(Backend backend);
// How GoogleTest prints a Backend parameter.
inline void PrintTo(Backend backend, std::ostream* os) { *os << BackendName(backend); }
// Both backends, for INSTANTIATE_TEST_SUITE_P.
std::vector<Backend> AllBackends();

class TestDatabase {
 public:
  explicit TestDatabase(Backend backend);
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  Backend backend() const { return backend_; }
  // What DatabaseOptions::path and `--db` take: a file path or a URL.
  const std::string& location() const { return location_; }
  // Empty when it could not be made; then error() says why.
  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }

  // Runs one SQL statement on a connection of its own; false when it fails.
  bool Exec(const std::string& sql);
  // The first column of the first row of `sql` as text ("" when none or NULL).
  std::string Query(const std::string& sql);

 private:
  Backend backend_;
  std::string dir_;     // SQLite: the temporary directory
  std::string name_;    // PostgreSQL: the database's name
  std::string server_;  // PostgreSQL: the URL of the cluster's maintenance database
  std::string location_;
  std::string error_;
};

}  // namespace zapas::testing
