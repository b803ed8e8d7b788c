#include "services/tls_client.h"

#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/SSLManager.h>

#include <mutex>

namespace zapas {

Poco::Net::Context::Ptr TlsClientContext() {
  static std::once_flag once;
  std::call_once(once, [] { Poco::Net::initializeSSL(); });
  return new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", "", "",
                                Poco::Net::Context::VERIFY_RELAXED, 9, true);
}

std::unique_ptr<Poco::Net::HTTPClientSession> ClientSessionFor(const Poco::URI& uri,
                                                               int timeout_seconds) {
  std::unique_ptr<Poco::Net::HTTPClientSession> session;
  if (uri.getScheme() == "https") {
    session = std::make_unique<Poco::Net::HTTPSClientSession>(uri.getHost(), uri.getPort(),
                                                              TlsClientContext());
  } else if (uri.getScheme() == "http") {
    session = std::make_unique<Poco::Net::HTTPClientSession>(uri.getHost(), uri.getPort());
  } else {
    return nullptr;
  }
  session->setTimeout(Poco::Timespan(timeout_seconds, 0));
  return session;
}

}  // namespace zapas
