#include "tests/persistence/test_database.h"

#include <libpq-fe.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>

namespace zapas::testing {
namespace {

// The test cluster's URL, or "" when there is none.
std::string ClusterUrl() {
  if (const char* url = std::getenv("ZAPAS_TEST_PG_URL"); url != nullptr && *url != '\0') {
    return url;
  }
  const char* state = std::getenv("ZAPAS_TEST_PG_STATE");
  if (state == nullptr) return "";
  std::ifstream in(std::string(state) + "/url");
  std::string url;
  std::getline(in, url);
  return url;
}

// `url` naming database `name` instead of its own.
std::string WithDatabase(const std::string& url, const std::string& name) {
  const size_t slash = url.find('/', url.find("://") + 3);
  const size_t query = url.find('?');
  std::string base = slash == std::string::npos ? url : url.substr(0, slash);
  return base + "/" + name + (query == std::string::npos ? "" : url.substr(query));
}

// Runs `sql` on the PostgreSQL database at `url`; the first value, or an error.
bool PgQuery(const std::string& url, const std::string& sql, std::string* value,
             std::string* error) {
  PGconn* conn = PQconnectdb(url.c_str());
  bool ok = PQstatus(conn) == CONNECTION_OK;
  if (ok) {
    PGresult* r = PQexec(conn, sql.c_str());
    const ExecStatusType st = PQresultStatus(r);
    ok = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
    if (ok && value != nullptr) {
      *value = PQntuples(r) > 0 && !PQgetisnull(r, 0, 0) ? PQgetvalue(r, 0, 0) : "";
    }
    if (!ok && error != nullptr) *error = PQresultErrorMessage(r);
    PQclear(r);
  } else if (error != nullptr) {
    *error = PQerrorMessage(conn);
  }
  PQfinish(conn);
  return ok;
}

}  // namespace

std::string BackendName(Backend backend) {
  return backend == Backend::kSqlite ? "SQLite" : "PostgreSQL";
}

std::vector<Backend> AllBackends() { return {Backend::kSqlite, Backend::kPostgres}; }

TestDatabase::TestDatabase(Backend backend) : backend_(backend) {
  if (backend == Backend::kSqlite) {
    char tmpl[] = "/tmp/zapas-repo-XXXXXX";
    dir_ = mkdtemp(tmpl);
    location_ = dir_ + "/test.db";
    return;
  }
  const std::string cluster = ClusterUrl();
  if (cluster.empty()) {
    error_ =
        "no test PostgreSQL: set ZAPAS_TEST_PG_URL, or run the tests with ctest "
        "(its fixture starts a cluster)";
    return;
  }
  std::random_device random;
  name_ = "zapas_t" + std::to_string(getpid()) + "_" + std::to_string(random() % 1000000);
  server_ = WithDatabase(cluster, "postgres");
  if (!PgQuery(server_, "CREATE DATABASE " + name_, nullptr, &error_)) return;
  location_ = WithDatabase(cluster, name_);
}

TestDatabase::~TestDatabase() {
  if (!dir_.empty()) std::filesystem::remove_all(dir_);
  if (!location_.empty() && backend_ == Backend::kPostgres) {
    PgQuery(server_, "DROP DATABASE " + name_ + " WITH (FORCE)", nullptr, nullptr);
  }
}

bool TestDatabase::Exec(const std::string& sql) {
  if (backend_ == Backend::kPostgres) return PgQuery(location_, sql, nullptr, nullptr);
  sqlite3* db = nullptr;
  sqlite3_open(location_.c_str(), &db);
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
  sqlite3_close(db);
  return rc == SQLITE_OK;
}

std::string TestDatabase::Query(const std::string& sql) {
  std::string out;
  if (backend_ == Backend::kPostgres) {
    PgQuery(location_, sql, &out, nullptr);
    return out;
  }
  sqlite3* db = nullptr;
  sqlite3_open(location_.c_str(), &db);
  sqlite3_exec(
      db, sql.c_str(),
      [](void* p, int, char** v, char**) {
        *static_cast<std::string*>(p) = v[0] ? v[0] : "";
        return 0;
      },
      &out, nullptr);
  sqlite3_close(db);
  return out;
}

}  // namespace zapas::testing
