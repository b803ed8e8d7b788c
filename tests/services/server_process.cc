#include "tests/services/server_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <random>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "tests/persistence/test_database.h"

#ifndef ZAPAS_BINARY
#error "ZAPAS_BINARY must name the zapas executable"
#endif

namespace zapas::testing {
namespace {

constexpr int kStartTimeoutSeconds = 20;
constexpr int kStopTimeoutSeconds = 20;

// The port of the server's "serving at http://127.0.0.1:PORT/" (or https://)
// line in `seen`; 0 while the line is not complete.
int ServingPort(const std::string& seen) {
  for (const char* prefix : {"serving at http://127.0.0.1:", "serving at https://127.0.0.1:"}) {
    size_t at = seen.find(prefix);
    if (at == std::string::npos) continue;
    size_t digits = at + std::strlen(prefix);
    size_t slash = seen.find('/', digits);
    if (slash != std::string::npos) return std::atoi(seen.substr(digits, slash - digits).c_str());
  }
  return 0;
}

// argv for execve, kept alive by `storage`.
std::vector<char*> Argv(std::vector<std::string>& storage) {
  std::vector<char*> argv;
  for (std::string& s : storage) argv.push_back(s.data());
  argv.push_back(nullptr);
  return argv;
}

// The text before '=' of "NAME=value".
std::string_view VariableName(std::string_view entry) { return entry.substr(0, entry.find('=')); }

// This process's environment with `extra` ("NAME=value") added or replacing,
// for execve; made before fork, since the child may not allocate.
std::vector<std::string> ChildEnvironment(std::vector<std::string> extra) {
  // No configuration file but what a test gives (not the one of an installed
  // package in /etc/zapas).
  if (std::none_of(extra.begin(), extra.end(),
                   [](const std::string& x) { return VariableName(x) == "ZAPAS_CONFIG"; })) {
    extra.push_back("ZAPAS_CONFIG=");
  }
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string_view name = VariableName(*e);
    const bool replaced = std::any_of(
        extra.begin(), extra.end(), [&](const std::string& x) { return VariableName(x) == name; });
    if (!replaced) env.emplace_back(*e);
  }
  env.insert(env.end(), extra.begin(), extra.end());
  return env;
}

// A personal-data key for a PostgreSQL database: 64 hex digits, as ZAPAS_KEY takes.
std::string RandomKey() {
  std::random_device random;
  std::string key;
  static const char kHex[] = "0123456789abcdef";
  for (int i = 0; i < 64; ++i) key += kHex[random() % 16];
  return key;
}

std::string MakeTempDir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "zapas-http-test-XXXXXX").string();
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  if (::mkdtemp(buf.data()) == nullptr) {
    throw std::runtime_error(std::string("mkdtemp failed: ") + std::strerror(errno));
  }
  return buf.data();
}

std::shared_ptr<TestDatabase> NewPostgresDatabase() {
  auto database = std::make_shared<TestDatabase>(Backend::kPostgres);
  if (!database->ok()) throw std::runtime_error("no test database: " + database->error());
  return database;
}

void IgnoreSigpipe() {
  static bool done = [] {
    ::signal(SIGPIPE, SIG_IGN);
    return true;
  }();
  (void)done;
}

std::string Describe(int wait_status) {
  if (wait_status == -1) return "not running";
  if (WIFEXITED(wait_status)) return "exit code " + std::to_string(WEXITSTATUS(wait_status));
  if (WIFSIGNALED(wait_status)) return "killed by signal " + std::to_string(WTERMSIG(wait_status));
  return "wait status " + std::to_string(wait_status);
}

// Writes all of `data` to `fd`; false on error.
bool WriteAll(int fd, const std::string& data) {
  size_t done = 0;
  while (done < data.size()) {
    ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    done += static_cast<size_t>(n);
  }
  return true;
}

// Reads `fd` to EOF.
std::string ReadAll(int fd) {
  std::string out;
  char buf[4096];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  return out;
}

void WalkForKey(const Poco::Dynamic::Var& v, const std::string& key, bool& found) {
  if (found) return;
  if (v.type() == typeid(Poco::JSON::Object::Ptr)) {
    auto o = v.extract<Poco::JSON::Object::Ptr>();
    for (const auto& [k, value] : *o) {
      if (k == key) {
        found = true;
        return;
      }
      WalkForKey(value, key, found);
    }
  } else if (v.type() == typeid(Poco::JSON::Array::Ptr)) {
    auto a = v.extract<Poco::JSON::Array::Ptr>();
    for (const auto& e : *a) WalkForKey(e, key, found);
  }
}

Poco::Dynamic::Var ParseAny(const std::string& text) {
  try {
    Poco::JSON::Parser parser;
    return parser.parse(text);
  } catch (const Poco::Exception& e) {
    throw std::runtime_error("not JSON (" + e.displayText() + "): " + text);
  }
}

}  // namespace

// ---- ServerProcess ----

bool TestOnPostgres() {
  const char* backend = std::getenv("ZAPAS_TEST_BACKEND");
  return backend != nullptr && std::string(backend) == "postgresql";
}

ServerProcess::ServerProcess()
    : ServerProcess(TestOnPostgres() ? NewPostgresDatabase() : nullptr) {}

std::unique_ptr<ServerProcess> ServerProcess::OnSqlite() {
  return std::unique_ptr<ServerProcess>(new ServerProcess(nullptr));
}

ServerProcess::ServerProcess(std::shared_ptr<TestDatabase> database)
    : database_(std::move(database)) {
  IgnoreSigpipe();
  dir_ = MakeTempDir();
  if (database_) {
    db_location_ = database_->location();
    // A PostgreSQL database has no file to keep its key beside (docs/deploy.md).
    env_ = {"ZAPAS_KEY=" + RandomKey()};
  } else {
    db_location_ = dir_ + "/test.db";
  }
}

std::unique_ptr<ServerProcess> ServerProcess::OnDatabaseOf(const ServerProcess& first) {
  std::unique_ptr<ServerProcess> second(new ServerProcess(first.database_));
  second->db_location_ = first.db_location_;
  second->env_ = first.env_;
  return second;
}

const std::string& ServerProcess::db_path() const {
  if (database_) throw std::logic_error("db_path() on PostgreSQL: the test is about a SQLite file");
  return db_location_;
}

std::string ServerProcess::Run(std::vector<std::string> args, int timeout_seconds) const {
  const std::vector<std::string> db = DbArgs();
  args.insert(args.end(), db.begin(), db.end());
  return RunZapas(args, timeout_seconds, env_);
}

ServerProcess::~ServerProcess() {
  if (running()) Stop();
  JoinDrain();
  std::error_code ec;
  if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
}

int ServerProcess::AddUser(const std::string& name, const std::string& role,
                           const std::string& password, const std::string& donor,
                           const std::string& warehouses) {
  std::vector<std::string> args = {"user", "add", name, "--role", role};
  if (!donor.empty()) args.insert(args.end(), {"--donor", donor});
  if (!warehouses.empty()) args.insert(args.end(), {"--warehouses", warehouses});
  args.insert(args.end(), {"--password-stdin", "--db", db_location_});
  int code = 0;
  std::string output = RunWithInput(args, password + "\n", &code);
  if (code != 0) std::cerr << "zapas user add " << name << " failed: " << output;
  return code;
}

std::string ServerProcess::RunWithInput(const std::vector<std::string>& zapas_args,
                                        const std::string& input, int* exit_code) const {
  std::vector<std::string> args = {ZAPAS_BINARY};
  args.insert(args.end(), zapas_args.begin(), zapas_args.end());
  std::vector<char*> argv = Argv(args);
  std::vector<std::string> env_storage = ChildEnvironment(env_);
  std::vector<char*> envp = Argv(env_storage);

  int in[2], out[2];
  if (::pipe2(in, O_CLOEXEC) != 0) throw std::runtime_error("pipe2 failed");
  if (::pipe2(out, O_CLOEXEC) != 0) {
    ::close(in[0]);
    ::close(in[1]);
    throw std::runtime_error("pipe2 failed");
  }
  const char* dir = dir_.c_str();
  pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    ::dup2(in[0], 0);
    ::dup2(out[1], 1);
    ::dup2(out[1], 2);
    if (::chdir(dir) != 0) ::_exit(126);
    ::execve(argv[0], argv.data(), envp.data());
    ::_exit(127);
  }
  ::close(in[0]);
  ::close(out[1]);
  WriteAll(in[1], input);
  ::close(in[1]);
  std::string output = ReadAll(out[0]);
  ::close(out[0]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (exit_code != nullptr) *exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128;
  return output;
}

void ServerProcess::Start() {
  if (running()) throw std::runtime_error("the server is already running");
  JoinDrain();
  {
    std::lock_guard<std::mutex> lock(out_mu_);
    out_.clear();
  }
  std::vector<std::string> args = {ZAPAS_BINARY, "serve", "--db", db_location_, "--port", "0"};
  if (!web_root_.empty()) args.insert(args.end(), {"--web", web_root_});
  args.insert(args.end(), serve_args_.begin(), serve_args_.end());
  std::vector<char*> argv = Argv(args);
  std::vector<std::string> env_storage = ChildEnvironment(env_);
  std::vector<char*> envp = Argv(env_storage);
  int out[2];
  if (::pipe2(out, O_CLOEXEC) != 0) throw std::runtime_error("pipe2 failed");
  const char* dir = dir_.c_str();
  const pid_t parent = ::getpid();
  pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    // Never outlive a crashed test binary.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(125);
    int devnull = ::open("/dev/null", O_RDONLY);
    if (devnull >= 0) ::dup2(devnull, 0);
    ::dup2(out[1], 1);
    ::dup2(out[1], 2);
    // No config/zapas.properties from the test's working directory.
    if (::chdir(dir) != 0) ::_exit(126);
    ::execve(argv[0], argv.data(), envp.data());
    ::_exit(127);
  }
  ::close(out[1]);
  pid_ = pid;
  out_fd_ = out[0];

  // Read until the "serving at" line.
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::seconds(kStartTimeoutSeconds);
  std::string seen;
  int port = 0;
  for (;;) {
    port = ServingPort(seen);
    if (port > 0) break;
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                    deadline - std::chrono::steady_clock::now())
                    .count();
    if (left <= 0) break;
    pollfd p{out_fd_, POLLIN, 0};
    int r = ::poll(&p, 1, static_cast<int>(left));
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) break;
    char buf[4096];
    ssize_t n = ::read(out_fd_, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // EOF: the server exited
    seen.append(buf, static_cast<size_t>(n));
  }
  {
    std::lock_guard<std::mutex> lock(out_mu_);
    out_ = seen;
  }
  if (port <= 0) {
    int status = Kill();
    throw std::runtime_error("zapas serve did not report its port within " +
                             std::to_string(kStartTimeoutSeconds) + " s (" + Describe(status) +
                             "); output:\n" + output());
  }
  port_ = port;
  // Keep draining the output so the server never blocks on a full pipe.
  drain_ = std::thread([this, fd = out_fd_] {
    char buf[4096];
    for (;;) {
      ssize_t n = ::read(fd, buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      std::lock_guard<std::mutex> lock(out_mu_);
      out_.append(buf, static_cast<size_t>(n));
    }
  });
}

int ServerProcess::WaitForExit(int timeout_seconds) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_seconds);
  int status = 0;
  for (;;) {
    pid_t r = ::waitpid(pid_, &status, WNOHANG);
    if (r == pid_) break;
    if (r < 0 && errno != EINTR) {
      status = -1;
      break;
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      std::cerr << "zapas serve did not stop within " << timeout_seconds << " s; sending SIGKILL\n";
      ::kill(pid_, SIGKILL);
      while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
      }
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  pid_ = -1;
  port_ = 0;
  JoinDrain();
  return status;
}

void ServerProcess::JoinDrain() {
  if (drain_.joinable()) drain_.join();
  if (out_fd_ >= 0) {
    ::close(out_fd_);
    out_fd_ = -1;
  }
}

int ServerProcess::Stop() {
  if (!running()) return -1;
  ::kill(pid_, SIGTERM);
  return WaitForExit(kStopTimeoutSeconds);
}

void ServerProcess::Signal(int signal) {
  if (pid_ > 0) ::kill(pid_, signal);
}

int ServerProcess::Kill() {
  if (!running()) return -1;
  ::kill(pid_, SIGKILL);
  return WaitForExit(kStopTimeoutSeconds);
}

void ServerProcess::Restart() {
  if (running()) Stop();
  Start();
}

std::string ServerProcess::output() const {
  std::lock_guard<std::mutex> lock(out_mu_);
  return out_;
}

// ---- HttpClient ----

HttpClient::HttpClient(int port)
    : session_(std::make_unique<Poco::Net::HTTPClientSession>("127.0.0.1",
                                                              static_cast<uint16_t>(port))) {
  session_->setKeepAlive(true);
  session_->setTimeout(Poco::Timespan(30, 0));
  // The server closes idle connections after 5 s; reconnect well before that.
  session_->setKeepAliveTimeout(Poco::Timespan(2, 0));
}

HttpReply HttpClient::Request(const std::string& method, const std::string& path,
                              const std::string& body, const std::string& token,
                              const std::string& idempotency_key, const std::string& content_type) {
  Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
  request.setKeepAlive(true);
  if (!token.empty()) request.set("Authorization", "Bearer " + token);
  if (!idempotency_key.empty()) request.set("Idempotency-Key", idempotency_key);
  if (method != "GET" || !body.empty()) {
    request.setContentType(content_type);
    request.setContentLength(static_cast<std::streamsize>(body.size()));
  }
  std::ostream& out = session_->sendRequest(request);
  out << body;
  Poco::Net::HTTPResponse response;
  std::istream& in = session_->receiveResponse(response);
  HttpReply reply;
  reply.status = static_cast<int>(response.getStatus());
  reply.content_type = response.getContentType();
  Poco::StreamCopier::copyToString(in, reply.body);  // the whole body, for keep-alive
  return reply;
}

// ---- JSON ----

Poco::JSON::Object::Ptr ParseObject(const std::string& text) {
  Poco::Dynamic::Var v = ParseAny(text);
  if (v.type() != typeid(Poco::JSON::Object::Ptr)) {
    throw std::runtime_error("not a JSON object: " + text);
  }
  return v.extract<Poco::JSON::Object::Ptr>();
}

Poco::JSON::Array::Ptr ParseArray(const std::string& text) {
  Poco::Dynamic::Var v = ParseAny(text);
  if (v.type() != typeid(Poco::JSON::Array::Ptr)) {
    throw std::runtime_error("not a JSON array: " + text);
  }
  return v.extract<Poco::JSON::Array::Ptr>();
}

bool HasKeyAnywhere(const std::string& text, const std::string& key) {
  bool found = false;
  WalkForKey(ParseAny(text), key, found);
  return found;
}

bool ReadUntilClosed(int fd, int timeout_seconds, std::string& out,
                     const std::function<bool(const std::string&)>& done) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_seconds);
  char buf[16384];
  for (;;) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                    deadline - std::chrono::steady_clock::now())
                    .count();
    if (left <= 0) return false;
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left)) <= 0) continue;
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n <= 0) return true;
    out.append(buf, static_cast<size_t>(n));
    if (done && done(out)) return true;
  }
}

std::string RunZapas(const std::vector<std::string>& args, int timeout_seconds,
                     const std::vector<std::string>& env) {
  std::vector<std::string> argv_storage = {ZAPAS_BINARY};
  argv_storage.insert(argv_storage.end(), args.begin(), args.end());
  std::vector<char*> argv = Argv(argv_storage);
  std::vector<std::string> env_storage = ChildEnvironment(env);
  std::vector<char*> envp = Argv(env_storage);
  int out[2];
  if (::pipe2(out, O_CLOEXEC) != 0) throw std::runtime_error("pipe2 failed");
  pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    ::dup2(out[1], 1);
    ::dup2(out[1], 2);
    ::execve(argv[0], argv.data(), envp.data());
    ::_exit(127);
  }
  ::close(out[1]);
  std::string text;
  if (!ReadUntilClosed(out[0], timeout_seconds, text)) {
    ::kill(pid, SIGKILL);
    text += "\n(killed after " + std::to_string(timeout_seconds) + " s)";
  }
  ::close(out[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  return text + "\nexit " + std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

std::string Shell(const std::string& command, int* status) {
  FILE* p = ::popen((command + " 2>/dev/null").c_str(), "r");
  if (p == nullptr) throw std::runtime_error("cannot run " + command);
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  int rc = ::pclose(p);
  if (status != nullptr) *status = WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
  return out;
}

}  // namespace zapas::testing
