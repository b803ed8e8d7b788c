// PostgreSQL for the benchmarks: a server to run against (a throw-away
// cluster of scripts/pg-test-cluster.sh, or one given by URL), a fresh
// database on it, the raw rate of durable single-row inserts through libpq,
// and one-number queries.
//
// For programs run by hand (see bench_support.h): every failure ends the
// program through Die(). libpq stays in postgres_support.cc.
#pragma once

#include <cstdint>
#include <string>

#include "bench/bench_support.h"

namespace zapas::bench {

// A PostgreSQL server and the one database a benchmark made on it. Not
// thread-safe.
class PostgresServer {
 public:
  // `url` names a running server (any database on it that the user may
  // connect to; the user needs CREATEDB). Empty: starts a throw-away cluster
  // with `scripts/pg-test-cluster.sh start STATE_DIR`, which is stopped (and
  // its files removed) on destruction, at exit and by Die().
  PostgresServer(const std::string& url, const std::string& state_dir);
  // Drops the database made by NewDatabase (unless kept), then stops the
  // cluster it started.
  ~PostgresServer();
  PostgresServer(const PostgresServer&) = delete;
  PostgresServer& operator=(const PostgresServer&) = delete;

  // Creates the empty database `name` on the server (dropping one left by an
  // earlier run) and returns its URL: the server's URL with the database
  // name replaced. One per server.
  std::string NewDatabase(const std::string& name);
  // Leaves the database made by NewDatabase in place at the end.
  void KeepDatabase() { keep_ = true; }
  // Where the server is: "throw-away cluster" or the URL given.
  std::string Describe() const;

 private:
  std::string url_;        // of the server (its first database)
  std::string state_dir_;  // of the cluster it started; empty for a given URL
  std::string database_;   // made by NewDatabase
  bool keep_ = false;
};

// Raw PostgreSQL: for `seconds`, one connection to `url` inserts one row per
// transaction (autocommit, a prepared INSERT) into a table of its own with
// synchronous_commit=on: each commit waits for its WAL flush, as Zapas's do.
RateResult RawPostgresInserts(const std::string& url, double seconds);

// The first column of the first row `sql` returns on the database at `url`,
// as a number; -1 when it cannot be read.
int64_t PostgresNumber(const std::string& url, const std::string& sql);

}  // namespace zapas::bench
