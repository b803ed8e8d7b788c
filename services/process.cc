#include "services/process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <string_view>
#include <thread>

extern char** environ;

namespace zapas {
namespace {

constexpr size_t kKeptOutput = 4096;

void Keep(std::string& output, const char* bytes, size_t n) {
  output.append(bytes, n);
  if (output.size() > 2 * kKeptOutput) output.erase(0, output.size() - kKeptOutput);
}

}  // namespace

Result<ProgramRun> RunProgram(const std::vector<std::string>& argv,
                              const std::vector<std::string>& env, int timeout_seconds) {
  if (argv.empty()) return Status::Invalid("no program to run");
  // The server's own secrets never reach another program.
  std::vector<std::string> environment;
  for (char** e = environ; *e != nullptr; ++e) {
    const std::string_view entry(*e);
    if (entry.starts_with("ZAPAS_KEY=") || entry.starts_with("ZAPAS_SMTP_PASSWORD=")) continue;
    environment.emplace_back(*e);
  }
  for (const std::string& add : env) {
    const std::string name = add.substr(0, add.find('=') + 1);
    std::erase_if(environment, [&](const std::string& e) { return e.rfind(name, 0) == 0; });
    environment.push_back(add);
  }
  std::vector<char*> args, envp;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  for (const std::string& e : environment) envp.push_back(const_cast<char*>(e.c_str()));
  envp.push_back(nullptr);

  int out[2];
  if (::pipe2(out, O_CLOEXEC) != 0) return Status::Unavailable("cannot make a pipe");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_adddup2(&actions, out[1], 2);
  posix_spawnattr_t attributes;
  posix_spawnattr_init(&attributes);
  // The server blocks its stop signals in every thread; the child must not
  // inherit that (a hung command could not be stopped), nor ignore SIGPIPE.
  sigset_t none, defaults;
  sigemptyset(&none);
  sigemptyset(&defaults);
  sigaddset(&defaults, SIGPIPE);
  posix_spawnattr_setsigmask(&attributes, &none);
  posix_spawnattr_setsigdefault(&attributes, &defaults);
  posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
  pid_t pid = -1;
  const int spawned =
      ::posix_spawnp(&pid, args[0], &actions, &attributes, args.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attributes);
  ::close(out[1]);
  if (spawned != 0) {
    ::close(out[0]);
    return Status::Unavailable("cannot run " + argv[0] + ": " + std::strerror(spawned));
  }
  ProgramRun run;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_seconds);
  char buffer[4096];
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                          deadline - std::chrono::steady_clock::now())
                          .count();
    if (left <= 0) {
      run.timed_out = true;
      ::kill(pid, SIGKILL);
      break;
    }
    pollfd p{out[0], POLLIN, 0};
    const int ready = ::poll(&p, 1, static_cast<int>(std::min<int64_t>(left, 1000)));
    if (ready < 0 && errno != EINTR) break;
    if (ready <= 0) continue;
    const ssize_t n = ::read(out[0], buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;  // the program closed its output: it ends
    Keep(run.output, buffer, static_cast<size_t>(n));
  }
  ::close(out[0]);
  // It closed its output, or its time ran out: it ends by the deadline too.
  int status = 0;
  for (;;) {
    const pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid || (done < 0 && errno != EINTR)) break;
    if (done == 0 && std::chrono::steady_clock::now() >= deadline) {
      run.timed_out = true;
      ::kill(pid, SIGKILL);
      while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
      }
      break;
    }
    if (done == 0) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  if (run.output.size() > kKeptOutput) run.output.erase(0, run.output.size() - kKeptOutput);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

std::string DescribeFailure(const ProgramRun& run) {
  std::string last = run.output;
  while (!last.empty() && (last.back() == '\n' || last.back() == '\r')) last.pop_back();
  if (const size_t nl = last.rfind('\n'); nl != std::string::npos) last.erase(0, nl + 1);
  std::string what = run.timed_out       ? std::string("killed after its time ran out")
                     : run.exit_code < 0 ? std::string("ended by a signal")
                                         : "exit " + std::to_string(run.exit_code);
  return last.empty() ? what : what + ": " + last;
}

}  // namespace zapas
