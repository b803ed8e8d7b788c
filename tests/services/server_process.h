// Test support for the end-to-end HTTP tests: a real `zapas serve` child
// process on a temporary database, a small HTTP client over loopback, and
// JSON helpers.
//
// The backend comes from the environment variable ZAPAS_TEST_BACKEND:
// `sqlite` (the default) or `postgresql`, so that one suite runs on both
// (tests/services/CMakeLists.txt registers it twice).
//
// ServerProcess owns a temporary directory (mkdtemp, also the children's
// working directory) and its database: the SQLite file DIR/test.db, or a
// fresh database on the test PostgreSQL cluster (TestDatabase) with a key
// of its own handed to every child in ZAPAS_KEY. AddUser() runs
// `zapas user add` with the password on standard input; Start() runs
// `zapas serve --db LOCATION --port 0 --web /nonexistent` (SetWebRoot
// changes --web; plus any SetServeArgs) and waits (at most 20 s) for its
// "serving at http://127.0.0.1:PORT/" (or https://) line. Failures throw
// std::runtime_error carrying the child's output. Not thread-safe; one per test.
#pragma once

#include <sys/types.h>

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/Net/HTTPClientSession.h>
#include <functional>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace zapas::testing {

class TestDatabase;

// True when ZAPAS_TEST_BACKEND asks for PostgreSQL.
bool TestOnPostgres();

// Runs a shell command (its stderr discarded) and returns its standard output;
// `status`, when given, receives its exit code.
std::string Shell(const std::string& command, int* status = nullptr);

// Runs the zapas binary with `args` to its end (killed after `timeout_seconds`)
// and returns what it printed on stdout and stderr, then "exit N". `env`
// ("NAME=value") is added to (or replaces in) the child's environment.
std::string RunZapas(const std::vector<std::string>& args, int timeout_seconds = 20,
                     const std::vector<std::string>& env = {});

// Reads `fd` into `out` until EOF, or until done(out) says enough; false when
// `timeout_seconds` pass first.
bool ReadUntilClosed(int fd, int timeout_seconds, std::string& out,
                     const std::function<bool(const std::string&)>& done = nullptr);

class ServerProcess {
 public:
  // Creates the temporary directory and the database of the test backend
  // (throws when there is none); does not start the server.
  ServerProcess();
  // Stops the server and removes the directory; the database goes with the
  // last ServerProcess that uses it.
  ~ServerProcess();
  ServerProcess(const ServerProcess&) = delete;
  ServerProcess& operator=(const ServerProcess&) = delete;

  // A second server on the database of `first` (same location, same key),
  // with a directory and port of its own; not started. On SQLite both must
  // not serve at once (the file takes one server).
  static std::unique_ptr<ServerProcess> OnDatabaseOf(const ServerProcess& first);
  // A server on a SQLite file whatever the test backend (an alliance's site).
  static std::unique_ptr<ServerProcess> OnSqlite();

  // Runs `zapas user add NAME --role ROLE [--donor CODE] [--warehouses A,B]
  // --password-stdin --db DB`; returns its exit status (0 on success). Works
  // whether or not the server runs.
  int AddUser(const std::string& name, const std::string& role, const std::string& password,
              const std::string& donor = "", const std::string& warehouses = "");

  // Runs `zapas ARGS` in this server's directory and environment with
  // `input` on its standard input; its output, and its exit code in
  // `exit_code` when given.
  std::string RunWithInput(const std::vector<std::string>& args, const std::string& input,
                           int* exit_code = nullptr) const;

  // More arguments for `zapas serve` from the next Start() on, e.g.
  // {"--tls-certificate", FILE, "--tls-private-key", FILE}.
  void SetServeArgs(std::vector<std::string> args) { serve_args_ = std::move(args); }
  // The --web of `zapas serve` from the next Start() on (/nonexistent unless
  // set); empty: no --web at all, so the server finds the web UI itself.
  void SetWebRoot(std::string dir) { web_root_ = std::move(dir); }
  void Start();             // throws when the server does not come up within 20 s
  int Stop();               // SIGTERM and wait; returns the raw wait status (-1 if not running)
  int Kill();               // SIGKILL and wait; returns the raw wait status (-1 if not running)
  void Restart();           // Stop() when running, then Start() on the same database
  void Signal(int signal);  // sends `signal` to the running server

  bool running() const { return pid_ > 0; }
  int port() const { return port_; }
  const std::string& dir() const { return dir_; }
  // What `--db` takes: the SQLite file's path or the PostgreSQL URL.
  const std::string& db_location() const { return db_location_; }
  // The SQLite file, for tests about the file itself; throws on PostgreSQL.
  const std::string& db_path() const;
  // {"--db", db_location()}, and what the child's environment needs with it
  // (ZAPAS_KEY on PostgreSQL, nothing on SQLite).
  std::vector<std::string> DbArgs() const { return {"--db", db_location_}; }
  const std::vector<std::string>& Env() const { return env_; }
  // Adds "NAME=value" to the environment of the server and of Run() from
  // now on (e.g. "ZAPAS_TODAY=2026-12-06", services/clock.h).
  void AddEnv(std::string name_value) { env_.push_back(std::move(name_value)); }
  // RunZapas(args + DbArgs()) with Env(): a command on this server's database.
  std::string Run(std::vector<std::string> args, int timeout_seconds = 20) const;
  // Everything the server printed on stdout and stderr so far.
  std::string output() const;

 private:
  explicit ServerProcess(std::shared_ptr<TestDatabase> database);
  int WaitForExit(int timeout_seconds);
  void JoinDrain();

  std::string dir_;
  std::shared_ptr<TestDatabase> database_;  // PostgreSQL only; shared by OnDatabaseOf
  std::string db_location_;
  std::vector<std::string> env_;
  std::vector<std::string> serve_args_;
  std::string web_root_ = "/nonexistent";
  pid_t pid_ = -1;
  int port_ = 0;
  int out_fd_ = -1;
  std::thread drain_;
  mutable std::mutex out_mu_;
  std::string out_;
};

struct HttpReply {
  int status = 0;
  std::string content_type;
  std::string body;
};

// One keep-alive HTTP/1.1 connection to 127.0.0.1:port. Every reply body is
// read to its end, so the connection can carry the next request.
class HttpClient {
 public:
  explicit HttpClient(int port);
  // Sends one request; `token` becomes "Authorization: Bearer <token>" when
  // non-empty, `idempotency_key` the Idempotency-Key header when non-empty;
  // a body is labelled `content_type`. Throws Poco::Exception on transport errors.
  HttpReply Request(const std::string& method, const std::string& path,
                    const std::string& body = "", const std::string& token = "",
                    const std::string& idempotency_key = "",
                    const std::string& content_type = "application/json");
  HttpReply Get(const std::string& path, const std::string& token = "") {
    return Request("GET", path, "", token);
  }
  HttpReply Post(const std::string& path, const std::string& body, const std::string& token = "",
                 const std::string& idempotency_key = "") {
    return Request("POST", path, body, token, idempotency_key);
  }

 private:
  std::unique_ptr<Poco::Net::HTTPClientSession> session_;
};

// Parses JSON text that must be an object / array; throws std::runtime_error
// quoting the text otherwise.
Poco::JSON::Object::Ptr ParseObject(const std::string& text);
Poco::JSON::Array::Ptr ParseArray(const std::string& text);

// Reading replies: a string field ("<missing key>" and the like when it is
// not one), and objects and arrays that must be there (std::runtime_error).
inline std::string Str(const Poco::JSON::Object::Ptr& o, const std::string& key) {
  if (!o) return "<null object>";
  if (!o->has(key)) return "<missing " + key + ">";
  Poco::Dynamic::Var v = o->get(key);
  if (v.isEmpty()) return "<null>";
  if (!v.isString()) return "<not a string: " + v.convert<std::string>() + ">";
  return v.extract<std::string>();
}

inline Poco::JSON::Object::Ptr Obj(const Poco::JSON::Object::Ptr& o, const std::string& key) {
  if (!o || !o->has(key)) throw std::runtime_error("no object \"" + key + "\"");
  auto p = o->getObject(key);
  if (!p) throw std::runtime_error("\"" + key + "\" is not an object");
  return p;
}

inline Poco::JSON::Array::Ptr Arr(const Poco::JSON::Object::Ptr& o, const std::string& key) {
  if (!o || !o->has(key)) throw std::runtime_error("no array \"" + key + "\"");
  auto p = o->getArray(key);
  if (!p) throw std::runtime_error("\"" + key + "\" is not an array");
  return p;
}

inline Poco::JSON::Object::Ptr At(const Poco::JSON::Array::Ptr& a, size_t i) {
  if (!a || i >= a->size()) throw std::runtime_error("no element " + std::to_string(i));
  auto p = a->getObject(static_cast<unsigned>(i));
  if (!p) throw std::runtime_error("element " + std::to_string(i) + " is not an object");
  return p;
}

// True when `text` (JSON) holds an object key `key` at any depth.
bool HasKeyAnywhere(const std::string& text, const std::string& key);

}  // namespace zapas::testing
