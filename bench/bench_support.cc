#include "bench/bench_support.h"

#include <algorithm>

#include "persistence/field_cipher.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <Poco/Exception.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>

#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <vector>

extern char** environ;

namespace zapas::bench {
namespace {

const char* g_program = "bench";

// Servers still running, stopped by Die().
std::mutex g_servers_mu;
std::vector<pid_t> g_servers;

}  // namespace

void SetProgramName(const char* name) { g_program = name; }

double Since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

void Say(const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  std::vfprintf(stdout, fmt, ap);
  va_end(ap);
  std::fputc('\n', stdout);
  std::fflush(stdout);
}

[[noreturn]] void Die(const std::string& message) {
  std::fprintf(stderr, "%s: %s\n", g_program, message.c_str());
  {
    std::lock_guard<std::mutex> lock(g_servers_mu);
    for (pid_t pid : g_servers) kill(pid, SIGTERM);
  }
  std::exit(1);
}

void Must(const zapas::Status& s, const std::string& what) {
  if (!s.ok()) Die(what + ": " + s.message());
}

const char* Mark(bool ok) { return ok ? "ok" : "MISSED"; }

// ---------------------------------------------------------------------------
// The command line.

OptionReader::OptionReader(int argc, char** argv, const char* usage)
    : argc_(argc), argv_(argv), usage_(usage) {}

bool OptionReader::Next() {
  if (++i_ >= argc_) return false;
  option_ = argv_[i_];
  if (option_ == "--help" || option_ == "-h") {
    std::cout << usage_;
    std::exit(0);
  }
  return true;
}

std::string OptionReader::Value() {
  if (i_ + 1 >= argc_) Die("option " + option_ + " needs a value");
  return argv_[++i_];
}

double OptionReader::Number() {
  std::string v = Value();
  char* end = nullptr;
  double d = std::strtod(v.c_str(), &end);
  if (end == v.c_str() || *end != '\0' || d < 0) Die("option " + option_ + ": bad number " + v);
  return d;
}

void OptionReader::Unknown() const {
  std::cerr << usage_;
  Die("unknown option " + option_);
}

std::string DefaultTempParent() {
  if (const char* t = std::getenv("TMPDIR"); t != nullptr && *t != '\0') return t;
  return "/tmp";
}

// ---------------------------------------------------------------------------
// Files and the working directory.

std::string MakeWorkDir(const std::string& parent, const std::string& prefix) {
  std::filesystem::create_directories(parent);
  std::string templ = parent + "/" + prefix + "-XXXXXX";
  if (mkdtemp(templ.data()) == nullptr) Die("mkdtemp in " + parent + ": " + std::strerror(errno));
  return std::filesystem::absolute(templ).string();
}

void FinishWorkDir(const std::string& dir, bool keep) {
  if (keep) {
    std::printf("kept %s\n", dir.c_str());
  } else {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

double FileMegabytes(const std::string& path) {
  std::error_code ec;
  return static_cast<double>(std::filesystem::file_size(path, ec)) / 1e6;
}

namespace {

// The key of the database at `location` as `zapas serve` finds it (see
// OpenForBulkLoad).
std::string BenchKey(const std::string& location) {
  if (const char* text = std::getenv("ZAPAS_KEY")) {
    return Must(zapas::ParseKeyText(text, "ZAPAS_KEY"), "ZAPAS_KEY");
  }
  if (zapas::IsPostgresUrl(location)) Die("a PostgreSQL database needs its key in ZAPAS_KEY");
  // The key file where `zapas serve` looks for it (the database path + ".key").
  auto key = zapas::ReadKeyFile(location + ".key");
  return key.ok() ? *key : Must(zapas::CreateKeyFile(location + ".key"), "create a key file");
}

}  // namespace

std::unique_ptr<zapas::Repository> OpenForBulkLoad(const std::string& location) {
  zapas::DatabaseOptions options;
  options.path = location;
  options.synchronous_full = false;  // bulk load: durability does not matter here
  options.key = BenchKey(location);
  auto repo = Must(zapas::OpenDatabase(options), "open " + location);
  Must(repo->Migrate(), "migrate");
  return repo;
}

void EnsureKeyInEnvironment(const std::string& key_file) {
  if (std::getenv("ZAPAS_KEY") != nullptr) return;
  const std::string key = Must(zapas::CreateKeyFile(key_file), "create a key file");
  setenv("ZAPAS_KEY", zapas::KeyText(key).c_str(), 1);
}

void WriteServerConfig(const std::string& path, const std::string& http_settings) {
  std::ofstream out(path);
  out << "# written by " << g_program << "\n"
      << "http.host = 127.0.0.1\n"
      << http_settings << "db.synchronous_full = true\n"
      << "web.root = /nonexistent\n"
      // Request lines to a file beside the databases, as a production
      // server's go to the journal or to log.file (not to this terminal).
      << "log.file = " << path << ".log\n";
  if (!out) Die("cannot write " + path);
}

void AddUser(const std::string& config, const std::string& db, const std::string& role) {
  std::string cmd = std::string("'") + ZAPAS_BINARY + "' user add bench --role " + role +
                    " --password-stdin --db '" + db + "' --config '" + config + "' >/dev/null";
  FILE* p = popen(cmd.c_str(), "w");
  if (p == nullptr) Die("cannot run " + cmd);
  std::fprintf(p, "%s\n", kPassword);
  if (int rc = pclose(p); rc != 0)
    Die("`zapas user add` failed (status " + std::to_string(rc) + ")");
}

// ---------------------------------------------------------------------------
// The server process.

Server::Server(const std::string& config, const std::string& db, const std::string& binary) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) Die("pipe");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
  std::vector<std::string> args = {"zapas", "serve",  "--db", db,      "--config",
                                   config,  "--port", "0",    "--web", "/nonexistent"};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  spawned_ = Clock::now();
  int rc = posix_spawn(&pid_, binary.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(fds[1]);
  if (rc != 0) Die("cannot start " + binary + ": " + std::strerror(rc));
  {
    std::lock_guard<std::mutex> lock(g_servers_mu);
    g_servers.push_back(pid_);
  }
  reader_ = std::thread([this, fd = fds[0]] { ReadOutput(fd); });
}

Server::~Server() { Stop(); }

bool Server::WaitReady(double timeout_s) {
  std::unique_lock<std::mutex> lock(mu_);
  bool done = cv_.wait_for(lock, std::chrono::duration<double>(timeout_s),
                           [&] { return port_ != 0 || eof_; });
  return done && port_ != 0;
}

void Server::WaitReadyOrDie(double timeout_s) {
  if (!WaitReady(timeout_s)) {
    Die("the server did not become ready; its output:\n" + output() + "status: " + Stop());
  }
}

std::string Server::rebuild_line() {
  std::lock_guard<std::mutex> lock(mu_);
  return rebuild_line_;
}

double Server::rebuild_seconds() {
  std::string l = rebuild_line();
  auto at = l.rfind(" in ");
  if (at == std::string::npos) return -1;
  return std::atof(l.c_str() + at + 4);
}

std::string Server::output() {
  std::lock_guard<std::mutex> lock(mu_);
  return output_;
}

std::string Server::Stop() {
  if (pid_ <= 0) return stop_status_;
  {
    std::lock_guard<std::mutex> lock(g_servers_mu);
    std::erase(g_servers, pid_);
  }
  kill(pid_, SIGTERM);
  int status = 0;
  auto start = Clock::now();
  for (;;) {
    pid_t r = waitpid(pid_, &status, WNOHANG);
    if (r == pid_) break;
    if (r < 0) break;
    if (Since(start) > 30) {
      kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
      stop_status_ = "killed after 30 s without exiting on SIGTERM";
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (stop_status_.empty()) {
    if (WIFEXITED(status)) {
      stop_status_ = "exit " + std::to_string(WEXITSTATUS(status));
    } else if (WIFSIGNALED(status)) {
      stop_status_ = "signal " + std::to_string(WTERMSIG(status));
    }
  }
  stop_seconds_ = Since(start);
  pid_ = -1;
  if (reader_.joinable()) reader_.join();
  return stop_status_;
}

void Server::ReadOutput(int fd) {
  FILE* f = fdopen(fd, "r");
  char* line = nullptr;
  size_t cap = 0;
  ssize_t n;
  const std::string marker = "serving at http://";
  while ((n = getline(&line, &cap, f)) > 0) {
    std::string l(line, static_cast<size_t>(n));
    std::lock_guard<std::mutex> lock(mu_);
    output_ += l;
    if (l.find("stock index rebuilt") != std::string::npos) {
      rebuild_line_ = l.substr(0, l.find_last_not_of("\r\n") + 1);
    }
    if (auto at = l.find(marker); at != std::string::npos && port_ == 0) {
      if (auto colon = l.find(':', at + marker.size()); colon != std::string::npos) {
        ready_s_ = Since(spawned_);
        port_ = std::atoi(l.c_str() + colon + 1);
        cv_.notify_all();
      }
    }
  }
  std::free(line);
  std::fclose(f);
  std::lock_guard<std::mutex> lock(mu_);
  eof_ = true;
  cv_.notify_all();
}

// ---------------------------------------------------------------------------
// What /proc says about a process.

Memory ReadMemory(pid_t pid) {
  Memory m;
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line)) {
    auto mb = [&] { return std::atof(line.c_str() + line.find(':') + 1) / 1024.0; };
    if (line.rfind("VmRSS:", 0) == 0) m.rss_mb = mb();
    if (line.rfind("VmHWM:", 0) == 0) m.hwm_mb = mb();
  }
  return m;
}

// ---------------------------------------------------------------------------
// HTTP.

HttpReply Send(Poco::Net::HTTPClientSession& session, const Request& r, const std::string& token) {
  Poco::Net::HTTPRequest req(r.method, r.path, Poco::Net::HTTPMessage::HTTP_1_1);
  req.setKeepAlive(true);
  if (!token.empty()) req.set("Authorization", "Bearer " + token);
  if (!r.idempotency_key.empty()) req.set("Idempotency-Key", r.idempotency_key);
  if (r.method == "POST") {
    req.setContentType("application/json");
    req.setContentLength(static_cast<std::streamsize>(r.body.size()));
  }
  std::ostream& out = session.sendRequest(req);
  if (!r.body.empty()) out.write(r.body.data(), static_cast<std::streamsize>(r.body.size()));
  Poco::Net::HTTPResponse resp;
  std::istream& in = session.receiveResponse(resp);
  HttpReply reply;
  reply.status = static_cast<int>(resp.getStatus());
  Poco::StreamCopier::copyToString(in, reply.body);
  return reply;
}

Poco::JSON::Object::Ptr ParseObject(const std::string& text, const std::string& what) {
  try {
    Poco::JSON::Parser parser;
    return parser.parse(text).extract<Poco::JSON::Object::Ptr>();
  } catch (const Poco::Exception& e) {
    Die(what + ": cannot read " + text.substr(0, 300) + ": " + e.displayText());
  }
}

std::string Login(Poco::Net::HTTPClientSession& session) {
  HttpReply r = Send(session,
                     {"POST", "/api/v1/sessions",
                      std::string("{\"username\":\"bench\",\"password\":\"") + kPassword + "\"}"},
                     "");
  if (r.status != 200) Die("login failed: HTTP " + std::to_string(r.status) + " " + r.body);
  auto obj = ParseObject(r.body, "login");
  try {
    return obj->getValue<std::string>("token");
  } catch (const Poco::Exception& e) {
    Die("login: cannot read the token from " + r.body + ": " + e.displayText());
  }
}

double Latencies::at(double q) {
  std::sort(ms.begin(), ms.end());
  return ms.empty() ? 0 : ms[std::min(ms.size() - 1, static_cast<size_t>(q * ms.size()))];
}

Latencies TimeGets(Poco::Net::HTTPClientSession& session, const std::string& token,
                   const std::vector<std::string>& paths, int rounds) {
  Latencies t;
  for (int i = 0; i < rounds; ++i) {
    const std::string& path = paths[static_cast<size_t>(i) % paths.size()];
    const auto start = Clock::now();
    HttpReply r = Send(session, {"GET", path, ""}, token);
    t.ms.push_back(Since(start) * 1000);
    if (r.status != 200) Die(path + ": HTTP " + std::to_string(r.status) + " " + r.body);
  }
  return t;
}

void ReportLatencies(const char* what, Latencies t) {
  const double p50 = t.at(0.5), p99 = t.at(0.99), max = t.at(1.0);
  Say("%-44s p50 %7.2f ms   p99 %7.2f ms   max %7.2f ms\n", what, p50, p99, max);
}

RateResult RawSqliteInserts(const std::string& path, double seconds) {
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) Die("sqlite3_open " + path);
  auto exec = [&](const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
      std::string m = err ? err : "?";
      sqlite3_free(err);
      Die(std::string("raw sqlite: ") + sql + ": " + m);
    }
  };
  exec("PRAGMA journal_mode=WAL");
  exec("PRAGMA synchronous=FULL");
  exec(
      "CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, day INTEGER NOT NULL, "
      "quantity INTEGER NOT NULL, note TEXT NOT NULL)");
  sqlite3_stmt* begin = nullptr;
  sqlite3_stmt* insert = nullptr;
  sqlite3_stmt* commit = nullptr;
  if (sqlite3_prepare_v2(db, "BEGIN IMMEDIATE", -1, &begin, nullptr) != SQLITE_OK ||
      sqlite3_prepare_v2(db, "INSERT INTO t (day, quantity, note) VALUES (?, ?, ?)", -1, &insert,
                         nullptr) != SQLITE_OK ||
      sqlite3_prepare_v2(db, "COMMIT", -1, &commit, nullptr) != SQLITE_OK) {
    Die(std::string("raw sqlite prepare: ") + sqlite3_errmsg(db));
  }
  RateResult r;
  auto start = Clock::now();
  const std::string note = "WB-2026-000001";
  while (Since(start) < seconds) {
    for (int i = 0; i < 10; ++i) {
      sqlite3_step(begin);
      sqlite3_reset(begin);
      sqlite3_bind_int64(insert, 1, 20784);
      sqlite3_bind_int64(insert, 2, -1000 - r.rows);
      sqlite3_bind_text(insert, 3, note.data(), static_cast<int>(note.size()), SQLITE_STATIC);
      if (sqlite3_step(insert) != SQLITE_DONE)
        Die(std::string("raw insert: ") + sqlite3_errmsg(db));
      sqlite3_reset(insert);
      if (sqlite3_step(commit) != SQLITE_DONE)
        Die(std::string("raw commit: ") + sqlite3_errmsg(db));
      sqlite3_reset(commit);
      ++r.rows;
    }
  }
  r.seconds = Since(start);
  sqlite3_finalize(begin);
  sqlite3_finalize(insert);
  sqlite3_finalize(commit);
  sqlite3_close(db);
  return r;
}

}  // namespace zapas::bench
