// What the benchmark programs (deliveries_bench, books_bench) share: printing
// and failing, reading the command line, the temporary working directory, the
// server configuration, a `zapas serve` child process, the bench user, HTTP
// requests and login, and what /proc says about a process.
//
// For programs run by hand, not for Zapas itself: every failure ends the
// program through Die() (a message on stderr, the servers still running sent
// SIGTERM, exit status 1) instead of being returned.
//
// ZAPAS_BINARY (the path of the `zapas` executable) is defined by
// bench/CMakeLists.txt for this library and the programs that link it.
#pragma once

#include <sys/types.h>

#include <Poco/JSON/Object.h>
#include <Poco/Net/HTTPClientSession.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <utility>

#include "domain/status.h"
#include "persistence/repository.h"

namespace zapas::bench {

using Clock = std::chrono::steady_clock;

// The password of the user "bench" that AddUser() adds and Login() uses.
inline constexpr const char* kPassword = "bench-password-1";

// ---------------------------------------------------------------------------
// Printing and failing.

// Names the program in Die()'s messages and in WriteServerConfig()'s comment
// ("bench" until set). Call first in main().
void SetProgramName(const char* name);

// Seconds since `t`.
double Since(Clock::time_point t);

// printf-style line on stdout, newline added, flushed at once (progress shows
// while a long step runs).
void Say(const char* fmt, ...) __attribute__((format(printf, 1, 2)));

// Prints "PROGRAM: message" on stderr, sends SIGTERM to every Server still
// running, and exits with status 1.
[[noreturn]] void Die(const std::string& message);

// The value of `r`; Die("what: message") when it is an error.
template <typename T>
T Must(zapas::Result<T> r, const std::string& what) {
  if (!r.ok()) Die(what + ": " + r.status().message());
  return std::move(r).value();
}
// Die("what: message") when `s` is an error.
void Must(const zapas::Status& s, const std::string& what);

// "ok" or "MISSED": whether a goal printed in the summary was met.
const char* Mark(bool ok);

// ---------------------------------------------------------------------------
// The command line.

// Reads the command line one option at a time, for a program's ParseOptions:
//   OptionReader r(argc, argv, kUsage);
//   while (r.Next()) {
//     if (r.option() == "--lots") o.lots = static_cast<int64_t>(r.Number());
//     else r.Unknown();
//   }
class OptionReader {
 public:
  // `usage` is printed by --help and for an unknown option; it must outlive
  // the reader.
  OptionReader(int argc, char** argv, const char* usage);

  // Moves to the next option; false after the last. "--help" and "-h" print
  // the usage on stdout and exit 0.
  bool Next();
  // The current option, as written ("--lots").
  const std::string& option() const { return option_; }
  // The argument after the current option (consumed);
  // Die("option X needs a value") when there is none.
  std::string Value();
  // Value() as a number >= 0 (strtod: "2e5" is fine);
  // Die("option X: bad number V") when it is not one.
  double Number();
  // The usage on stderr, then Die("unknown option X").
  [[noreturn]] void Unknown() const;

 private:
  int argc_;
  char** argv_;
  const char* usage_;
  int i_ = 0;
  std::string option_;
};

// Where the temporary directory is made unless --dir says otherwise: $TMPDIR,
// or /tmp when it is unset or empty.
std::string DefaultTempParent();

// ---------------------------------------------------------------------------
// Files and the working directory.

// Makes a new directory PARENT/PREFIX-XXXXXX (mkdtemp), creating PARENT first,
// and returns its absolute path. Die when mkdtemp fails; throws
// std::filesystem::filesystem_error when PARENT cannot be created.
std::string MakeWorkDir(const std::string& parent, const std::string& prefix);

// At the end of a run: prints "kept DIR" when `keep`, else removes DIR and all
// in it (a failure to remove is ignored).
void FinishWorkDir(const std::string& dir, bool keep);

// The whole content of a file; empty when it cannot be read.
std::string ReadFile(const std::string& path);

// The size of a file in MB (10^6 bytes); not meaningful when it is missing
// (std::filesystem::file_size's error value).
double FileMegabytes(const std::string& path);

// Opens the database at `location` for a bulk load, with durability off
// (synchronous_full = false), and migrates it to the current schema: a SQLite
// file (created when missing) or a PostgreSQL URL. Its key is the one
// `zapas serve` will use: ZAPAS_KEY when set, else the key file beside a
// SQLite database (created when missing). Die when it cannot be opened or
// migrated, or for a PostgreSQL URL without ZAPAS_KEY.
std::unique_ptr<zapas::Repository> OpenForBulkLoad(const std::string& location);

// Sets ZAPAS_KEY, when it is not set, to the key of a new key file at
// `key_file` (it is inherited by every `zapas` command the program starts
// after this): a PostgreSQL database has no file beside it to keep its key.
void EnsureKeyInEnvironment(const std::string& key_file);

// A rate measured: `rows` done in `seconds`.
struct RateResult {
  double seconds = 0;
  int64_t rows = 0;
  double rate() const { return seconds > 0 ? static_cast<double>(rows) / seconds : 0; }
};

// One row per durable transaction into a table of its own at `path`, for
// `seconds`: the raw single-row synchronous=FULL SQLite rate of the disk.
RateResult RawSqliteInserts(const std::string& path, double seconds);

// Writes the configuration the servers of a benchmark run with to `path`: a
// comment naming the program, http.host = 127.0.0.1, then `http_settings`
// (whole lines, each ending in "\n"; may be empty), durable commits
// (db.synchronous_full = true), no web root, and the request log in
// `path`.log. Die when it cannot be written.
void WriteServerConfig(const std::string& path, const std::string& http_settings);

// Adds the user "bench" with `role` ("warehouse", "treasurer") and kPassword
// to the database `db` (a path or a PostgreSQL URL), through `zapas user add --password-stdin` (its
// output discarded). Die when the command cannot be run or fails.
void AddUser(const std::string& config, const std::string& db, const std::string& role);

// ---------------------------------------------------------------------------
// The server process.

// `zapas serve --port 0` on a database, its standard output read by a thread:
// the port comes from its "serving at http://HOST:PORT/" line. Stopped (and
// waited for) on destruction; Die() stops it too.
class Server {
 public:
  // Starts the server (the executable `binary`: the build's `zapas` unless
  // given); Die when it cannot be spawned.
  Server(const std::string& config, const std::string& db,
         const std::string& binary = ZAPAS_BINARY);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Waits for the "serving at" line; false when the server exits first or
  // `timeout_s` passes.
  bool WaitReady(double timeout_s);
  // WaitReady(timeout_s), or Die with the server's output and exit status.
  void WaitReadyOrDie(double timeout_s);

  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  // Seconds from spawn to the "serving at" line.
  double ready_seconds() const { return ready_s_; }
  // The server's "stock index rebuilt ..." line (no newline); empty when none.
  std::string rebuild_line();
  // The "in X s" of the rebuild line; negative when missing.
  double rebuild_seconds();
  // All the server printed on standard output so far.
  std::string output();

  // SIGTERM, then waits (SIGKILL after 30 s). Returns the exit status text
  // ("exit 0", "signal 9", "killed after 30 s ..."); again on later calls.
  std::string Stop();
  // Seconds from SIGTERM to the server's exit, as measured by Stop().
  double stop_seconds() const { return stop_seconds_; }

 private:
  void ReadOutput(int fd);

  pid_t pid_ = -1;
  Clock::time_point spawned_;
  std::thread reader_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::atomic<int> port_{0};
  bool eof_ = false;
  double ready_s_ = 0;
  std::string rebuild_line_;
  std::string output_;
  std::string stop_status_;
  double stop_seconds_ = 0;
};

// ---------------------------------------------------------------------------
// What /proc says about a process.

struct Memory {
  double rss_mb = -1;  // VmRSS; -1 when unknown (the process is gone)
  double hwm_mb = -1;  // VmHWM: the peak of VmRSS
};

// The memory of process `pid` from /proc/PID/status.
Memory ReadMemory(pid_t pid);

// ---------------------------------------------------------------------------
// HTTP.

struct Request {
  std::string method;                // "GET", "POST"
  std::string path;                  // with the query: "/api/v1/stock?sku=X"
  std::string body;                  // JSON for POST; empty for GET
  std::string idempotency_key = {};  // sent as Idempotency-Key when not empty
};

struct HttpReply {
  int status = 0;
  std::string body;
};

// Sends `r` on a keep-alive session, with "Authorization: Bearer TOKEN" unless
// `token` is empty, and reads the whole reply. Poco exceptions (connection
// refused or reset, timeout) propagate to the caller.
HttpReply Send(Poco::Net::HTTPClientSession& session, const Request& r, const std::string& token);

// `text` parsed as a JSON object; Die("what: cannot read TEXT: error") when it
// is not one (TEXT cut at 300 characters).
Poco::JSON::Object::Ptr ParseObject(const std::string& text, const std::string& what);

// Logs in as "bench" (POST /api/v1/sessions) on `session` and returns the
// session token; Die when the server refuses or answers without a token.
std::string Login(Poco::Net::HTTPClientSession& session);

// Latencies of one kind of request, in ms.
struct Latencies {
  std::vector<double> ms;
  // The `q` quantile (0.5, 0.99; 1.0 the slowest); 0 when none.
  double at(double q);
};
// GETs `paths` in turn, `rounds` times in all, on `session`; Die unless each is 200.
Latencies TimeGets(Poco::Net::HTTPClientSession& session, const std::string& token,
                   const std::vector<std::string>& paths, int rounds);
// Prints "what  p50 … ms   p99 … ms   max … ms".
void ReportLatencies(const char* what, Latencies t);

}  // namespace zapas::bench
