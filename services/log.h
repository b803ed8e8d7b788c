// The server's own log lines on standard error: "zapas: 2026-12-06T10:00:00Z
// error: database: disk I/O error". For what a technician needs and a client
// must never see (internal messages behind a 500 or 503). Thread-safe.
#pragma once

#include <string>
#include <string_view>

namespace zapas {

void LogError(std::string_view message);

}  // namespace zapas
