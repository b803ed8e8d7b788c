// HTTP/1.1 messages as the server reads and writes them: finding the end of a
// request head in the bytes received so far, parsing it strictly, the length
// of its body, and the bytes of a response with the headers every reply
// carries (security headers, Cache-Control: no-store, the framing).
//
// The parser takes HTTP/1.0 and HTTP/1.1 only and refuses what could make two
// readers disagree on where a request ends: a header field without a colon,
// a folded line, two Content-Length fields, any Transfer-Encoding. Limits:
// a method of 32 bytes, a request target of 16 KiB, a field name of 256
// bytes, a field value of 8 KiB, 100 fields. Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "domain/status.h"

namespace zapas {

// What the API answers: an HTTP status and a body (the transport writes it).
struct Reply {
  int status = 200;
  std::string body;  // JSON, or the bytes of content_type
  std::string content_type = "application/json";
  std::string request_id;  // sent as X-Request-Id when not empty
};

// What the server needs of one request head.
struct HttpRequestHead {
  std::string method;  // "GET", as sent (case-sensitive)
  std::string target;  // the request target: path and query, still percent-encoded
  bool http11 = true;  // HTTP/1.1 (false: HTTP/1.0)
  // HTTP/1.1 keeps the connection unless "Connection: close"; HTTP/1.0
  // closes it unless "Connection: keep-alive".
  bool keep_alive = true;
  bool has_content_length = false;
  std::string content_length;  // the field as sent (checked by BodyLength)
  bool has_transfer_encoding = false;
  bool expect_continue = false;  // "Expect: 100-continue"
  std::string authorization;
  std::string idempotency_key;
  std::string accept_language;
  std::string content_type;
  std::string content_encoding;  // "gzip" on a site's batch, else ""
  std::string request_id;        // X-Request-Id, as sent
  bool forwarded = false;        // X-Forwarded-For or Forwarded: a proxy's request
};

// Where the head in `bytes` ends (just past its empty line), searching from
// `from` (the length already searched, so a head arriving byte by byte is
// scanned once); npos when the empty line has not come yet. Lines end in CRLF
// or a bare LF.
size_t FindHeadEnd(std::string_view bytes, size_t from);

// The number of CR and LF bytes `bytes` starts with: the empty lines a client
// may send before a request line, which are skipped.
size_t LeadingEmptyLines(std::string_view bytes);

// Parses a request head (request line, header fields, the empty line).
// kMalformed saying what is wrong: an unknown HTTP version, a bad request
// line, a malformed or oversized field, too many fields, two Content-Lengths.
Result<HttpRequestHead> ParseRequestHead(std::string_view head);

// The number of body bytes `head` announces (0 without Content-Length),
// at most `limit`. kMalformed for a Transfer-Encoding (chunked bodies are
// refused: a body cut short could not be told from a whole one) or a
// Content-Length that is not a number; kTooLarge above `limit`.
Result<int64_t> BodyLength(const HttpRequestHead& head, size_t limit);

// The reason phrase of a status ("Created" for 201).
const char* ReasonOf(int status);

// The interim reply to "Expect: 100-continue".
inline constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";

// The status line and headers of `reply` (the body follows them unchanged):
// Content-Type, Content-Length, Cache-Control: no-store, the security headers
// (Strict-Transport-Security too when `https`), Date, and Connection: close
// unless `keep_alive` (Connection: keep-alive for an HTTP/1.0 client that
// asked for it).
std::string ResponseHead(const Reply& reply, bool keep_alive, bool http11, bool https);

// An RFC 9457 problem+json reply for the statuses the HTTP layer gives
// itself rather than through the Api (408, 431): the same fields as
// ProblemReply's.
Reply ProtocolProblem(int status, std::string_view detail);

}  // namespace zapas
