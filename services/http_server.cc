#include "services/http_server.h"

#include <Poco/File.h>
#include <Poco/FileStream.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Path.h>
#include <Poco/StreamCopier.h>
#include <Poco/ThreadPool.h>
#include <Poco/URI.h>
#include <sstream>

#include "domain/utf8.h"
#include "services/tls.h"

namespace zapas {
namespace {

using Poco::Net::HTTPMessage;
using Poco::Net::HTTPResponse;
using Poco::Net::HTTPServerRequest;
using Poco::Net::HTTPServerResponse;

const char* ReasonOf(int status) {
  switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 413: return "Content Too Large";
    case 415:
      return "Unsupported Media Type";
    case 422: return "Unprocessable Content";
    case 429: return "Too Many Requests";
    case 503: return "Service Unavailable";
    default: return "Internal Server Error";
  }
}

void Send(HTTPServerResponse& response, const Reply& reply) {
  response.setStatusAndReason(static_cast<HTTPResponse::HTTPStatus>(reply.status),
                              ReasonOf(reply.status));
  response.setContentType(reply.content_type);
  response.set("Cache-Control", "no-store");
  response.sendBuffer(reply.body.data(), reply.body.size());
}

std::string ContentTypeOf(const std::string& path) {
  auto ends = [&](const char* ext) {
    std::string e(ext);
    return path.size() >= e.size() && path.compare(path.size() - e.size(), e.size(), e) == 0;
  };
  if (ends(".html")) return "text/html; charset=utf-8";
  if (ends(".js")) return "text/javascript; charset=utf-8";
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".json")) return "application/json";
  if (ends(".svg")) return "image/svg+xml";
  if (ends(".png")) return "image/png";
  return "application/octet-stream";
}

class ApiHandler : public Poco::Net::HTTPRequestHandler {
 public:
  ApiHandler(Api& api, const Config& config) : api_(api), config_(config) {}

  void handleRequest(HTTPServerRequest& request, HTTPServerResponse& response) override {
    try {
      Handle(request, response);
    } catch (const std::exception& e) {
      if (!response.sent()) {
        Send(response, ProblemReply(Status::Internal(std::string("unexpected error: ") + e.what())));
      }
    }
  }

 private:
  void Handle(HTTPServerRequest& request, HTTPServerResponse& response) {
    Poco::URI uri;
    try {
      uri = Poco::URI(request.getURI());
    } catch (const Poco::Exception&) {
      Send(response, ProblemReply(Status::Malformed("the request URI is malformed")));
      return;
    }
    const std::string path = uri.getPath();
    if (!IsValidUtf8(path)) {
      Send(response, ProblemReply(Status::Malformed("the request path is not valid UTF-8")));
      return;
    }
    if (path.rfind("/api/", 0) != 0) {
      ServeStatic(path, response);
      return;
    }
    ApiRequest r;
    r.method = request.getMethod();
    r.path = path;
    try {
      for (const auto& [k, v] : uri.getQueryParameters()) r.query[k] = v;
    } catch (const Poco::Exception&) {
      Send(response, ProblemReply(Status::Malformed("the query string is malformed")));
      return;
    }
    for (const auto& [k, v] : r.query) {
      if (!IsValidUtf8(k) || !IsValidUtf8(v)) {
        Send(response, ProblemReply(Status::Malformed("the query string is not valid UTF-8")));
        return;
      }
    }
    r.authorization = request.get("Authorization", "");
    r.idempotency_key = request.get("Idempotency-Key", "");
    r.accept_language = request.get("Accept-Language", "");
    r.content_type = request.get("Content-Type", "");

    // Spreadsheets are the one kind of body that runs to megabytes.
    auto body = ReadBody(request, Api::TakesSpreadsheet(r.method, r.path)
                                      ? config_.http_max_import_bytes
                                      : config_.http_max_body_bytes);
    if (!body.ok()) {
      // What is left of the body cannot be told from a next request.
      response.setKeepAlive(false);
      Send(response, ProblemReply(body.status()));
      return;
    }
    r.body = std::move(body).value();
    Send(response, api_.Handle(r));
  }

  // The request body, at most `limit` bytes (kTooLarge) and exactly as
  // long as its Content-Length says (kMalformed otherwise). Chunked bodies are
  // refused: Poco ends one cut short without an error, so a body whose
  // sender vanished could not be told from a whole one.
  Result<std::string> ReadBody(HTTPServerRequest& request, size_t limit) {
    if (request.getChunkedTransferEncoding()) {
      return Status::Malformed(
          "send the request body with a Content-Length: chunked bodies are not accepted");
    }
    const Status too_large(StatusCode::kTooLarge,
                           "the request body is over " + std::to_string(limit) + " bytes");
    int64_t declared = -1;
    if (request.has(HTTPMessage::CONTENT_LENGTH)) {
      const std::string text = request.get(HTTPMessage::CONTENT_LENGTH);
      if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos) {
        return Status::Malformed("the Content-Length header is not a number of bytes: " + text);
      }
      if (text.size() > 18) return too_large;  // beyond any limit (and beyond int64)
      declared = std::stoll(text);
      if (declared > static_cast<int64_t>(limit)) return too_large;
    }
    std::string body;
    try {
      std::istream& in = request.stream();
      char buf[16384];
      while (in.read(buf, sizeof buf) || in.gcount() > 0) {
        body.append(buf, static_cast<size_t>(in.gcount()));
        if (body.size() > limit) return too_large;
      }
    } catch (const Poco::Exception& e) {
      return Status::Malformed("the request body is malformed: " + e.displayText());
    }
    if (declared >= 0 && body.size() != static_cast<size_t>(declared)) {
      return Status::Malformed("the request body ended after " + std::to_string(body.size()) +
                               " of the " + std::to_string(declared) +
                               " bytes its Content-Length announced");
    }
    return body;
  }

  void ServeStatic(const std::string& path, HTTPServerResponse& response) {
    std::string rel = path == "/" ? "/index.html" : path;
    if (rel.find("..") != std::string::npos) {
      Send(response, ProblemReply(Status::NotFound("no such file")));
      return;
    }
    Poco::File file(config_.web_root + rel);
    if (!file.exists() || !file.isFile()) {
      Send(response, ProblemReply(Status::NotFound("no such file: " + path)));
      return;
    }
    Poco::FileInputStream in(file.path());
    std::ostringstream out;
    Poco::StreamCopier::copyStream(in, out);
    Send(response, Reply{200, out.str(), ContentTypeOf(rel)});
  }

  Api& api_;
  const Config& config_;
};

class Factory : public Poco::Net::HTTPRequestHandlerFactory {
 public:
  Factory(Api& api, const Config& config) : api_(api), config_(config) {}
  Poco::Net::HTTPRequestHandler* createRequestHandler(const HTTPServerRequest&) override {
    return new ApiHandler(api_, config_);
  }

 private:
  Api& api_;
  const Config& config_;
};

}  // namespace

HttpServer::HttpServer(Api& api, const Config& config) : api_(api), config_(config) {}

HttpServer::~HttpServer() { Stop(); }

Status HttpServer::Start() {
  try {
    // With TLS only the socket differs: the server, its pool and keep-alive
    // stay the same.
    Poco::Net::ServerSocket socket;
    if (config_.tls()) {
      tls_ = std::make_unique<TlsLibrary>();
      ZAPAS_ASSIGN_OR_RETURN(socket, TlsServerSocket(config_));
    }
    // SO_REUSEADDR but never SO_REUSEPORT: a second server on a port in use
    // must fail, not share the port.
    socket.bind(
        Poco::Net::SocketAddress(config_.http_host, static_cast<uint16_t>(config_.http_port)),
        /*reuseAddress=*/true, /*reusePort=*/false);
    socket.listen(/*backlog=*/256);
    port_ = socket.address().port();
    auto* params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(config_.http_threads);
    params->setMaxQueued(1024);
    params->setKeepAlive(true);
    params->setKeepAliveTimeout(Poco::Timespan(config_.http_keep_alive_seconds, 0));
    params->setMaxKeepAliveRequests(0);
    params->setServerName("zapas");
    // Poco's default pool holds 16 threads; keep-alive connections each hold one.
    pool_ = std::make_unique<Poco::ThreadPool>(2, config_.http_threads + 4, 60);
    server_ = std::make_unique<Poco::Net::HTTPServer>(new Factory(api_, config_), *pool_, socket,
                                                      params);
    server_->start();
    return Status::Ok();
  } catch (const Poco::Exception& e) {
    return Status::Unavailable("cannot listen on " + config_.http_host + ":" +
                               std::to_string(config_.http_port) + ": " + e.displayText());
  }
}

void HttpServer::Stop() {
  if (server_) {
    server_->stopAll(true);
    server_.reset();
    pool_->joinAll();
    pool_.reset();
  }
  tls_.reset();  // after the server: its sockets hold the TLS context
}

}  // namespace zapas
