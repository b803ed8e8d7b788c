// HttpServer: carries the Api over Poco's HTTP server (HTTPS when the config
// names a certificate), and serves the web UI's static files at /. Request
// bodies over the configured limit get 413.
// Start() and Stop() from one thread; requests are served by a thread pool.
#pragma once

#include <memory>
#include <string>

#include "config/config.h"
#include "services/api.h"

namespace Poco {
class ThreadPool;
namespace Net {
class HTTPServer;
}
}  // namespace Poco

namespace zapas {

class TlsLibrary;

class HttpServer {
 public:
  HttpServer(Api& api, const Config& config);
  ~HttpServer();
  // Binds and starts serving, over HTTPS when config.tls(); kUnavailable when
  // the port cannot be bound, kInvalid when the TLS files cannot be used.
  Status Start();
  void Stop();
  int port() const { return port_; }

 private:
  Api& api_;
  Config config_;
  int port_ = 0;
  std::unique_ptr<TlsLibrary> tls_;  // set while serving HTTPS
  std::unique_ptr<Poco::ThreadPool> pool_;
  std::unique_ptr<Poco::Net::HTTPServer> server_;
};

}  // namespace zapas
