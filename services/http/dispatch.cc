#include "services/http/dispatch.h"

#include <Poco/Exception.h>
#include <Poco/URI.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "domain/utf8.h"
#include "services/log.h"

namespace zapas {
namespace {

std::string ContentTypeOf(const std::string& path) {
  auto ends = [&](const char* ext) {
    std::string e(ext);
    return path.size() >= e.size() && path.compare(path.size() - e.size(), e.size(), e) == 0;
  };
  if (ends(".html")) return "text/html; charset=utf-8";
  if (ends(".js")) return "text/javascript; charset=utf-8";
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".json")) return "application/json";
  if (ends(".webmanifest")) return "application/manifest+json";
  if (ends(".svg")) return "image/svg+xml";
  if (ends(".png")) return "image/png";
  if (ends(".ico")) return "image/x-icon";
  if (ends(".woff2")) return "font/woff2";
  return "application/octet-stream";
}

// A byte below 0x20 or DEL: never part of a file name the UI has, and a NUL
// would cut the name short in the C library (/index.html%00.png).
bool HasControlCharacter(const std::string& s) {
  for (unsigned char c : s) {
    if (c < 0x20 || c == 0x7f) return true;
  }
  return false;
}

// The path of a request target, percent-decoded; only for choosing a body
// limit (Answer checks the target properly).
std::string DecodedPath(const std::string& target) {
  std::string path;
  try {
    Poco::URI::decode(target.substr(0, target.find('?')), path);
  } catch (const Poco::Exception&) {
    path.clear();
  }
  return path;
}

// The method as logged: one of HTTP's own, else "other" (a client's
// made-up method is no business of the log).
std::string_view KnownMethod(const std::string& method) {
  for (std::string_view m : {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"}) {
    if (method == m) return m;
  }
  return "other";
}

}  // namespace

HttpDispatcher::HttpDispatcher(Api& api, const Config& config, std::string web_root)
    : api_(api),
      max_body_bytes_(config.http_max_body_bytes),
      max_import_bytes_(config.http_max_import_bytes),
      web_root_(std::move(web_root)),
      log_requests_(config.log_requests),
      metrics_enabled_(config.metrics_enabled) {}

size_t HttpDispatcher::BodyLimit(const HttpRequestHead& head) const {
  // Spreadsheets are the one kind of body that runs to megabytes.
  return Api::TakesSpreadsheet(head.method, DecodedPath(head.target)) ? max_import_bytes_
                                                                      : max_body_bytes_;
}

Reply HttpDispatcher::Answer(const HttpRequestHead& head, std::string body,
                             const std::string& client_address) const {
  const auto start = std::chrono::steady_clock::now();
  std::string request_id =
      IsAcceptableRequestId(head.request_id) ? head.request_id : NewRequestId();
  SetThreadRequestId(request_id);
  CallInfo info;
  Reply reply;
  try {
    reply = Dispatch(head, std::move(body), client_address, info);
  } catch (const std::exception& e) {
    reply = ProblemReply(Status::Internal(std::string("unexpected error: ") + e.what()));
  }
  const int64_t us = std::chrono::duration_cast<std::chrono::microseconds>(
                         std::chrono::steady_clock::now() - start)
                         .count();
  if (metrics_enabled_) api_.request_metrics().Record(info.route, reply.status, us);
  if (log_requests_) {
    LogRequest({.request_id = request_id,
                .user = info.user,
                .role = info.role,
                .method = KnownMethod(head.method),
                .route = info.pattern.empty() ? std::string_view("unmatched") : info.pattern,
                .status = reply.status,
                .duration_us = us,
                .bytes = reply.body.size()});
  }
  SetThreadRequestId("");
  reply.request_id = std::move(request_id);
  return reply;
}

Reply HttpDispatcher::Dispatch(const HttpRequestHead& head, std::string body,
                               const std::string& client_address, CallInfo& info) const {
  Poco::URI uri;
  try {
    uri = Poco::URI(head.target);
  } catch (const Poco::Exception&) {
    return ProblemReply(Status::Malformed("the request URI is malformed"));
  }
  std::string path = uri.getPath();
  // Prometheus scrapes /metrics by default.
  if (path == "/metrics") path = "/api/v1/metrics";
  if (!IsValidUtf8(path)) {
    return ProblemReply(Status::Malformed("the request path is not valid UTF-8"));
  }
  if (HasControlCharacter(path)) {
    return ProblemReply(Status::Malformed("the request path holds a control character"));
  }
  if (path.rfind("/api/", 0) != 0) {
    info.route = api_.request_metrics().static_route();
    info.pattern = "static";
    return ServeStatic(path);
  }
  ApiRequest r;
  r.method = head.method;
  r.path = path;
  try {
    for (const auto& [k, v] : uri.getQueryParameters()) r.query[k] = v;
  } catch (const Poco::Exception&) {
    return ProblemReply(Status::Malformed("the query string is malformed"));
  }
  for (const auto& [k, v] : r.query) {
    if (!IsValidUtf8(k) || !IsValidUtf8(v)) {
      return ProblemReply(Status::Malformed("the query string is not valid UTF-8"));
    }
  }
  r.authorization = head.authorization;
  r.idempotency_key = head.idempotency_key;
  r.accept_language = head.accept_language;
  r.content_type = head.content_type;
  r.content_encoding = head.content_encoding;
  r.client_address = client_address;
  r.forwarded = head.forwarded;
  r.body = std::move(body);
  return api_.Handle(r, &info);
}

Reply HttpDispatcher::ServeStatic(const std::string& path) const {
  const std::string rel = path == "/" ? "/index.html" : path;
  if (rel.find("..") != std::string::npos) return ProblemReply(Status::NotFound("no such file"));
  const std::string file = web_root_ + rel;
  std::error_code ec;
  if (web_root_.empty() || !std::filesystem::is_regular_file(file, ec)) {
    return ProblemReply(Status::NotFound("no such file: " + path));
  }
  std::ifstream in(file, std::ios::binary);
  std::ostringstream out;
  if (in.peek() != std::ifstream::traits_type::eof()) out << in.rdbuf();
  if (in.bad()) return ProblemReply(Status::NotFound("no such file: " + path));
  return Reply{200, out.str(), ContentTypeOf(rel)};
}

}  // namespace zapas
