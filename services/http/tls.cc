#include "services/http/tls.h"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>

namespace zapas {
namespace {

// TLS 1.2 suites with forward secrecy and authenticated encryption only, for
// RSA and ECDSA certificates alike; TLS 1.3 has its own suites, all of that
// kind. Every browser and curl of the last ten years offers them.
constexpr const char* kTls12Ciphers = "ECDHE+AESGCM:ECDHE+CHACHA20:!aNULL";

// A head and a small body go out as one TLS record (one packet) rather than two.
constexpr size_t kJoinUpTo = 16 * 1024;

// OpenSSL's reason for the last failure (e.g. "no start line", "key values
// mismatch"), and an empty error queue for the next call.
std::string OpenSslReason() {
  const unsigned long code = ERR_peek_last_error();
  const char* reason = code != 0 ? ERR_reason_error_string(code) : nullptr;
  ERR_clear_error();
  return reason != nullptr ? reason : "unknown OpenSSL error";
}

Status Refuse(const std::string& setting, const std::string& path, const std::string& why) {
  return Status::Invalid(setting + " " + path + ": " + why);
}

// Named and readable, so that a typo or a permission reads as such rather
// than as a PEM error.
Status CheckReadable(const std::string& setting, const std::string& path) {
  if (path.empty()) {
    return Status::Invalid(setting +
                           " is not set: HTTPS needs both http.tls.certificate and "
                           "http.tls.private_key");
  }
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"),
                                                       &std::fclose);
  if (!file) return Refuse(setting, path, std::strerror(errno));
  return Status::Ok();
}

// Sends every certificate of the PEM file `path` after the server's own.
Status AddChain(SSL_CTX* ctx, const std::string& path) {
  std::unique_ptr<BIO, int (*)(BIO*)> bio(BIO_new_file(path.c_str(), "r"), &BIO_free);
  if (!bio) return Refuse("http.tls.chain", path, OpenSslReason());
  int added = 0;
  while (X509* cert = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr)) {
    if (SSL_CTX_add0_chain_cert(ctx, cert) != 1) {  // takes `cert` only on success
      X509_free(cert);
      return Refuse("http.tls.chain", path, OpenSslReason());
    }
    ++added;
  }
  ERR_clear_error();  // reading stops with "no start line" at the end of the file
  if (added == 0) return Refuse("http.tls.chain", path, "no PEM certificate in it");
  return Status::Ok();
}

// An encrypted key is refused rather than prompted for: the server has no
// terminal to ask on.
int NoPassPhrase(char*, int, int, void*) { return 0; }

// Loads the certificate (with any chain in its file), the chain and the key,
// and insists that the key is the certificate's.
Status LoadIdentity(SSL_CTX* ctx, const Config& config) {
  ERR_clear_error();
  if (SSL_CTX_use_certificate_chain_file(ctx, config.tls_certificate.c_str()) != 1) {
    return Refuse("http.tls.certificate", config.tls_certificate,
                  "not a PEM certificate (" + OpenSslReason() + ")");
  }
  if (!config.tls_chain.empty()) ZAPAS_RETURN_IF_ERROR(AddChain(ctx, config.tls_chain));
  SSL_CTX_set_default_passwd_cb(ctx, &NoPassPhrase);
  if (SSL_CTX_use_PrivateKey_file(ctx, config.tls_private_key.c_str(), SSL_FILETYPE_PEM) != 1) {
    return Refuse("http.tls.private_key", config.tls_private_key,
                  "not an unencrypted PEM private key (" + OpenSslReason() + ")");
  }
  if (SSL_CTX_check_private_key(ctx) != 1) {
    ERR_clear_error();
    return Refuse("http.tls.private_key", config.tls_private_key,
                  "does not belong to the certificate " + config.tls_certificate);
  }
  return Status::Ok();
}

class TlsTransport final : public Transport {
 public:
  explicit TlsTransport(SSL* ssl) : ssl_(ssl) {}
  ~TlsTransport() override { SSL_free(ssl_); }

  IoResult Read(char* buffer, size_t size) override {
    ERR_clear_error();
    const int n = SSL_read(ssl_, buffer, static_cast<int>(std::min<size_t>(size, INT_MAX)));
    if (n > 0) return {IoStatus::kOk, static_cast<size_t>(n)};
    return Failed(n);
  }

  IoResult Write(const char* first, size_t first_size, const char* second,
                 size_t second_size) override {
    if (first_size > 0 && second_size > 0 && first_size + second_size <= kJoinUpTo) {
      thread_local std::string joined;
      joined.assign(first, first_size);
      joined.append(second, second_size);
      return WriteOnce(joined.data(), joined.size());
    }
    if (first_size == 0) return WriteOnce(second, second_size);
    IoResult r = WriteOnce(first, first_size);
    if (r.status != IoStatus::kOk || r.bytes < first_size || second_size == 0) return r;
    IoResult more = WriteOnce(second, second_size);
    if (more.status == IoStatus::kOk) r.bytes += more.bytes;
    if (more.status == IoStatus::kError) return more;
    return r;  // the second part waits for the next call
  }

  bool secure() const override { return true; }

 private:
  IoResult WriteOnce(const char* data, size_t size) {
    ERR_clear_error();
    const int n = SSL_write(ssl_, data, static_cast<int>(std::min<size_t>(size, INT_MAX)));
    if (n > 0) return {IoStatus::kOk, static_cast<size_t>(n)};
    return Failed(n);
  }

  IoResult Failed(int ret) {
    const int error = SSL_get_error(ssl_, ret);
    ERR_clear_error();
    switch (error) {
      case SSL_ERROR_WANT_READ:
        return {IoStatus::kWantRead, 0};
      case SSL_ERROR_WANT_WRITE:
        return {IoStatus::kWantWrite, 0};
      case SSL_ERROR_ZERO_RETURN:
        return {IoStatus::kClosed, 0};
      default:
        return {IoStatus::kError, 0};  // not TLS, a failed handshake, a reset
    }
  }

  SSL* ssl_;
};

}  // namespace

Result<std::unique_ptr<TlsContext>> TlsContext::FromConfig(const Config& config) {
  ZAPAS_RETURN_IF_ERROR(CheckReadable("http.tls.certificate", config.tls_certificate));
  ZAPAS_RETURN_IF_ERROR(CheckReadable("http.tls.private_key", config.tls_private_key));
  if (!config.tls_chain.empty()) {
    ZAPAS_RETURN_IF_ERROR(CheckReadable("http.tls.chain", config.tls_chain));
  }
  SSL_CTX* ctx = SSL_CTX_new(TLS_server_method());
  if (ctx == nullptr) return Status::Invalid("cannot set up TLS: " + OpenSslReason());
  std::unique_ptr<TlsContext> context(new TlsContext(ctx));
  if (SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION) != 1 ||
      SSL_CTX_set_cipher_list(ctx, kTls12Ciphers) != 1) {
    return Status::Invalid("cannot set up TLS: " + OpenSslReason());
  }
  uint64_t options =
      SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION;
#ifdef SSL_OP_IGNORE_UNEXPECTED_EOF
  options |= SSL_OP_IGNORE_UNEXPECTED_EOF;  // a client gone without close_notify: just closed
#endif
  SSL_CTX_set_options(ctx, options);
  SSL_CTX_set_mode(ctx, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER |
                            SSL_MODE_RELEASE_BUFFERS);
  SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, nullptr);  // no client certificate
  ZAPAS_RETURN_IF_ERROR(LoadIdentity(ctx, config));
  return context;
}

TlsContext::~TlsContext() { SSL_CTX_free(ctx_); }

std::unique_ptr<Transport> TlsContext::NewTransport(int fd) const {
  SSL* ssl = SSL_new(ctx_);
  if (ssl == nullptr) {
    ERR_clear_error();
    return nullptr;
  }
  if (SSL_set_fd(ssl, fd) != 1) {
    SSL_free(ssl);
    ERR_clear_error();
    return nullptr;
  }
  SSL_set_accept_state(ssl);
  return std::make_unique<TlsTransport>(ssl);
}

}  // namespace zapas
