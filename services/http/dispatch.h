// HttpDispatcher: what the HTTP server answers to one whole request. Paths
// under /api/ go to the Api as an ApiRequest; every other path is a static
// file of the web UI (`/` is index.html). The request target is checked
// first: a malformed URI, a path or query that is not valid UTF-8, or a path
// holding a control character (such as %00) is a 400 problem, never a file.
// Never throws; thread-safe (the Api is).
#pragma once

#include <cstddef>
#include <string>

#include "config/config.h"
#include "services/http/api.h"
#include "services/http/message.h"

namespace zapas {

class HttpDispatcher {
 public:
  // Serves the files under `web_root` (none when it is empty).
  HttpDispatcher(Api& api, const Config& config, std::string web_root);

  // The largest body `head` may carry: http.max_import_bytes for a
  // spreadsheet import (Api::TakesSpreadsheet), else http.max_body_bytes.
  size_t BodyLimit(const HttpRequestHead& head) const;

  // The reply to `head` with its whole `body`, from `client_address` (the
  // peer's IP as text). Each answer carries a request id (the client's
  // X-Request-Id when acceptable, else a new one), is counted for GET
  // /metrics (metrics.enabled) and logged as one line (log.requests,
  // services/log.h).
  Reply Answer(const HttpRequestHead& head, std::string body,
               const std::string& client_address) const;

 private:
  Reply Dispatch(const HttpRequestHead& head, std::string body, const std::string& client_address,
                 CallInfo& info) const;
  Reply ServeStatic(const std::string& path) const;

  Api& api_;
  size_t max_body_bytes_;
  size_t max_import_bytes_;
  std::string web_root_;
  bool log_requests_;
  bool metrics_enabled_;
};

}  // namespace zapas
