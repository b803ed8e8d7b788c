// Zapas as an HTTP client. The TLS settings of Zapas as a client (a webhook, SMTP's STARTTLS, a
// site's hub): TLS 1.2 or later, the system's certificate authorities, the
// peer's certificate verified. Thread-safe.
#pragma once

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/URI.h>

#include <memory>

namespace zapas {

Poco::Net::Context::Ptr TlsClientContext();

// A client session to the host of an http:// or https:// `uri` (HTTPS with
// TlsClientContext), waiting at most `timeout_seconds` on each step; nullptr
// for another scheme.
std::unique_ptr<Poco::Net::HTTPClientSession> ClientSessionFor(const Poco::URI& uri,
                                                               int timeout_seconds);

}  // namespace zapas
