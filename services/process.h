// Running another program from the server: pg_dump for a PostgreSQL backup,
// the administrator's backup.after command. Its standard output and error
// are read together (the last 4 KiB kept, for the message of a failure);
// its standard input is /dev/null. Thread-safe (posix_spawn, no fork of a
// threaded process's memory).
#pragma once

#include <string>
#include <vector>

#include "domain/status.h"

namespace zapas {

struct ProgramRun {
  int exit_code = -1;  // the program's exit status; -1 when a signal ended it
  std::string output;  // its standard output and error, the last 4 KiB
  bool timed_out = false;
};

// Runs `argv` (argv[0] looked up in PATH) with the environment of this
// process (less ZAPAS_KEY and ZAPAS_SMTP_PASSWORD) plus `env`
// ("NAME=value"), and waits for it, at most
// `timeout_seconds` (then it is killed). kUnavailable when it cannot start.
Result<ProgramRun> RunProgram(const std::vector<std::string>& argv,
                              const std::vector<std::string>& env, int timeout_seconds);

// "exit 3: <its last line>", "killed after 600 s", ...: what went wrong with
// a run that did not exit 0, in one line.
std::string DescribeFailure(const ProgramRun& run);

}  // namespace zapas
