// TLS for the HTTP server over OpenSSL, non-blocking: the server's TLS
// context (certificate, chain, key, protocol and cipher rules) and, per
// connection, a Transport that speaks TLS over the connection's socket.
// OpenSSL's headers stay inside tls.cc.
#pragma once

#include <memory>

#include "config/config.h"
#include "domain/status.h"
#include "services/http/transport.h"

struct ssl_ctx_st;

namespace zapas {

// Connections speak TLS 1.2 or later with forward-secret AEAD ciphers,
// config.tls_certificate (plus config.tls_chain) and config.tls_private_key;
// no client certificate is asked for. Thread-safe once made.
class TlsContext {
 public:
  // kInvalid naming the setting, the file and the reason when a file is not
  // named, is missing or unreadable, is not PEM, is an encrypted key, or when
  // the key does not belong to the certificate.
  static Result<std::unique_ptr<TlsContext>> FromConfig(const Config& config);
  ~TlsContext();
  TlsContext(const TlsContext&) = delete;
  TlsContext& operator=(const TlsContext&) = delete;

  // A server-side TLS transport over the non-blocking socket `fd`: the
  // handshake runs within its first reads and writes, and a client that does
  // not speak TLS gets kError. nullptr when OpenSSL cannot make one.
  std::unique_ptr<Transport> NewTransport(int fd) const;

 private:
  explicit TlsContext(ssl_ctx_st* ctx) : ctx_(ctx) {}
  ssl_ctx_st* ctx_;
};

}  // namespace zapas
