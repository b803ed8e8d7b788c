#include "services/tls.h"

#include <Poco/Net/Context.h>
#include <Poco/Net/NetSSL.h>
#include <Poco/Net/SecureServerSocket.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>

#include <cerrno>
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

// Loads the certificate (with any chain in its file), the chain and the key,
// and insists that the key is the certificate's.
Status LoadIdentity(SSL_CTX* ctx, const Config& config) {
  ERR_clear_error();
  if (SSL_CTX_use_certificate_chain_file(ctx, config.tls_certificate.c_str()) != 1) {
    return Refuse("http.tls.certificate", config.tls_certificate,
                  "not a PEM certificate (" + OpenSslReason() + ")");
  }
  if (!config.tls_chain.empty()) ZAPAS_RETURN_IF_ERROR(AddChain(ctx, config.tls_chain));
  // An encrypted key fails here: Poco's pass phrase callback, with no handler
  // registered, answers with an empty pass phrase rather than prompting.
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

}  // namespace

TlsLibrary::TlsLibrary() { Poco::Net::initializeSSL(); }

TlsLibrary::~TlsLibrary() { Poco::Net::uninitializeSSL(); }

Result<Poco::Net::ServerSocket> TlsServerSocket(const Config& config) {
  ZAPAS_RETURN_IF_ERROR(CheckReadable("http.tls.certificate", config.tls_certificate));
  ZAPAS_RETURN_IF_ERROR(CheckReadable("http.tls.private_key", config.tls_private_key));
  if (!config.tls_chain.empty()) {
    ZAPAS_RETURN_IF_ERROR(CheckReadable("http.tls.chain", config.tls_chain));
  }
  using Poco::Net::Context;
  try {
    Context::Params params;  // no files: LoadIdentity loads them, naming what fails
    params.verificationMode = Context::VERIFY_NONE;  // no client certificate
    params.cipherList = kTls12Ciphers;
    Context::Ptr context = new Context(Context::TLS_SERVER_USE, params);
    context->requireMinimumProtocol(Context::PROTO_TLSV1_2);
    context->preferServerCiphers();
    ZAPAS_RETURN_IF_ERROR(LoadIdentity(context->sslContext(), config));
    return Poco::Net::ServerSocket(Poco::Net::SecureServerSocket(context));
  } catch (const Poco::Exception& e) {
    return Status::Invalid("cannot set up TLS: " + e.displayText());
  }
}

}  // namespace zapas
