// TLS for the HTTP server over Poco NetSSL: the listening socket that speaks
// HTTPS with the certificate and key named in the Config. Only
// services/http_server.cc includes this, and NetSSL's and OpenSSL's headers
// stay inside tls.cc.
#pragma once

#include <Poco/Net/ServerSocket.h>

#include "config/config.h"
#include "domain/status.h"

namespace zapas {

// Keeps Poco's OpenSSL set up (Poco::Net::initializeSSL) while it lives; the
// calls nest, so several may live at once. Every TLS socket and context must
// be gone before the last one is destroyed.
class TlsLibrary {
 public:
  TlsLibrary();
  ~TlsLibrary();
  TlsLibrary(const TlsLibrary&) = delete;
  TlsLibrary& operator=(const TlsLibrary&) = delete;
};

// An unbound server socket whose connections speak TLS 1.2 or later with
// forward-secret AEAD ciphers, config.tls_certificate (plus config.tls_chain)
// and config.tls_private_key; no client certificate is asked for. kInvalid
// naming the setting, the file and the reason when a file is not named, is
// missing or unreadable, is not PEM, is an encrypted key, or when the key does
// not belong to the certificate. Needs a live TlsLibrary.
Result<Poco::Net::ServerSocket> TlsServerSocket(const Config& config);

}  // namespace zapas
