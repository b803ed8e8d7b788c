// The server's log: one JSON object a line, on standard error (which the
// systemd journal takes) or appended to a file (log.file), reopened on
// SIGHUP after logrotate has moved it. Two kinds of line:
//
//   {"time":"2026-12-06T10:00:00.123Z","level":"error","request_id":"...","message":"database: disk
//   I/O error"}
//   {"time":"...","level":"info","request_id":"...","user":"sklad","role":"staff",
//    "method":"POST","route":"/api/v1/deliveries","status":201,"duration_ms":1.234,"bytes":812}
//
// A request line holds the route's pattern ("/api/v1/recipients/{}"), never
// the path, and no body, query, header value, token or password: nothing of
// anyone's personal data. Error lines are for what a technician needs and a
// client must never see (the internals behind a 500 or 503). Request lines
// are written a batch at a time (at most 100 ms late). Thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "domain/status.h"

namespace zapas {

void LogError(std::string_view message);

// What one request line says.
struct RequestRecord {
  std::string_view request_id;
  std::string_view user;  // "" when none signed in
  std::string_view role;  // "" when none
  std::string_view method;
  std::string_view route;  // the pattern, "static" (a web UI file) or "unmatched"
  int status = 0;
  int64_t duration_us = 0;
  size_t bytes = 0;  // of the reply's body
};
void LogRequest(const RequestRecord& r);

// Lines go to `path`, appended (created readable by its owner only); "":
// standard error. kUnavailable when the file cannot be opened (the log
// stays where it was).
Status OpenLogFile(const std::string& path);
// Opens the log file again by its name (after logrotate moved it); nothing
// when the log is standard error.
Status ReopenLogFile();
// Request lines are written in batches, every 100 ms (error lines at once):
// this writes what has gathered now (a clean stop).
void FlushLog();

// The request this thread is answering, named in its error lines; "" after.
void SetThreadRequestId(std::string_view id);

// A request id of this process: unique, short, with nothing of the request.
std::string NewRequestId();
// Whether `id` (a client's X-Request-Id) may be taken as it is: 1 to 128
// characters of A-Z a-z 0-9 . _ : -.
bool IsAcceptableRequestId(std::string_view id);

}  // namespace zapas
