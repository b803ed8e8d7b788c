#include "bench/postgres_support.h"

#include <libpq-fe.h>

#include <cstdio>
#include <cstdlib>
#include <memory>

namespace zapas::bench {
namespace {

// The state directory of the cluster this program started, for the exit
// handler; empty when none runs.
std::string g_cluster_state;

// Runs `scripts/pg-test-cluster.sh ACTION STATE` and returns what it printed
// on stdout (the URL for "start"); Die when it fails.
std::string RunClusterScript(const std::string& action, const std::string& state) {
  std::string cmd = std::string("'") + ZAPAS_PG_CLUSTER_SCRIPT + "' " + action + " '" + state + "'";
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) Die("cannot run " + cmd);
  std::string out;
  char buf[512];
  while (std::fgets(buf, sizeof buf, p) != nullptr) out += buf;
  if (int rc = pclose(p); rc != 0) Die(cmd + " failed (status " + std::to_string(rc) + ")");
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

void StopCluster() {
  if (g_cluster_state.empty()) return;
  std::string state = std::move(g_cluster_state);
  g_cluster_state.clear();
  std::string cmd = std::string("'") + ZAPAS_PG_CLUSTER_SCRIPT + "' stop '" + state + "'";
  (void)std::system(cmd.c_str());  // at exit: nothing left to report a failure to
}

struct ConnectionCloser {
  void operator()(PGconn* c) const { PQfinish(c); }
};
using Connection = std::unique_ptr<PGconn, ConnectionCloser>;

Connection Connect(const std::string& url) {
  Connection c(PQconnectdb(url.c_str()));
  if (PQstatus(c.get()) != CONNECTION_OK) {
    Die("cannot connect to " + url + ": " + PQerrorMessage(c.get()));
  }
  // NOTICEs ("... does not exist, skipping") would interleave with the figures.
  PQsetNoticeProcessor(
      c.get(), [](void*, const char*) {}, nullptr);
  return c;
}

// Runs `sql` (no result rows wanted); Die with PostgreSQL's message on failure.
void Exec(PGconn* c, const std::string& sql) {
  PGresult* r = PQexec(c, sql.c_str());
  const bool ok = PQresultStatus(r) == PGRES_COMMAND_OK || PQresultStatus(r) == PGRES_TUPLES_OK;
  PQclear(r);
  if (!ok) Die("PostgreSQL: " + sql + ": " + PQerrorMessage(c));
}

// `url` with its database name (the path after the host) replaced by `name`;
// a query string (?sslmode=...) is kept.
std::string WithDatabase(const std::string& url, const std::string& name) {
  const size_t scheme = url.find("://");
  if (scheme == std::string::npos) Die("not a PostgreSQL URL: " + url);
  const size_t query = url.find('?', scheme + 3);
  const size_t slash = url.find('/', scheme + 3);
  const size_t host_end = std::min(slash, query);
  std::string base = url.substr(0, host_end) + "/" + name;
  return query == std::string::npos ? base : base + url.substr(query);
}

}  // namespace

PostgresServer::PostgresServer(const std::string& url, const std::string& state_dir) : url_(url) {
  if (!url_.empty()) return;
  state_dir_ = state_dir;
  url_ = RunClusterScript("start", state_dir_);
  g_cluster_state = state_dir_;
  static bool registered = false;
  if (!registered) std::atexit(StopCluster);  // also after Die()
  registered = true;
}

PostgresServer::~PostgresServer() {
  if (!database_.empty() && !keep_) {
    Connection c = Connect(url_);
    Exec(c.get(), "DROP DATABASE IF EXISTS " + database_ + " WITH (FORCE)");
  }
  if (!state_dir_.empty()) StopCluster();
}

std::string PostgresServer::NewDatabase(const std::string& name) {
  if (!database_.empty()) Die("PostgresServer: one database per server");
  Connection c = Connect(url_);
  Exec(c.get(), "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
  Exec(c.get(), "CREATE DATABASE " + name);
  database_ = name;
  return WithDatabase(url_, name);
}

std::string PostgresServer::Describe() const {
  return state_dir_.empty() ? url_ : "throw-away cluster " + url_;
}

RateResult RawPostgresInserts(const std::string& url, double seconds) {
  Connection c = Connect(url);
  PGconn* pg = c.get();
  Exec(pg, "SET synchronous_commit = on");
  Exec(pg,
       "CREATE TABLE IF NOT EXISTS raw_inserts (id bigserial PRIMARY KEY, day integer NOT NULL, "
       "quantity bigint NOT NULL, note text NOT NULL)");
  PGresult* prep =
      PQprepare(pg, "insert", "INSERT INTO raw_inserts (day, quantity, note) VALUES ($1, $2, $3)",
                3, nullptr);
  const bool prepared = PQresultStatus(prep) == PGRES_COMMAND_OK;
  PQclear(prep);
  if (!prepared) Die(std::string("raw PostgreSQL prepare: ") + PQerrorMessage(pg));
  RateResult r;
  const auto start = Clock::now();
  const std::string day = "20784", note = "WB-2026-000001";
  while (Since(start) < seconds) {
    const std::string quantity = std::to_string(-1000 - r.rows);
    const char* values[] = {day.c_str(), quantity.c_str(), note.c_str()};
    // Autocommit: each INSERT is its own transaction, durable when it returns.
    PGresult* res = PQexecPrepared(pg, "insert", 3, values, nullptr, nullptr, 0);
    const bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
    PQclear(res);
    if (!ok) Die(std::string("raw PostgreSQL insert: ") + PQerrorMessage(pg));
    ++r.rows;
  }
  r.seconds = Since(start);
  return r;
}

int64_t PostgresNumber(const std::string& url, const std::string& sql) {
  Connection c = Connect(url);
  PGresult* r = PQexec(c.get(), sql.c_str());
  int64_t n = -1;
  if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) > 0 && !PQgetisnull(r, 0, 0)) {
    n = std::strtoll(PQgetvalue(r, 0, 0), nullptr, 10);
  }
  PQclear(r);
  return n;
}

}  // namespace zapas::bench
