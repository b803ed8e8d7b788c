#include "services/http/message.h"

#include <ctime>

#include "domain/json.h"
#include "domain/text.h"

namespace zapas {
namespace {

constexpr size_t kMaxMethod = 32;
constexpr size_t kMaxTarget = 16 * 1024;
constexpr size_t kMaxFieldName = 256;
constexpr size_t kMaxFieldValue = 8 * 1024;
constexpr int kMaxFields = 100;

// The headers of every response: the web UI loads nothing but its own
// files, and no page may frame it (clickjacking) or sniff its types.
constexpr std::string_view kSecurityHeaders =
    "Content-Security-Policy: default-src 'self'; script-src 'self'; style-src 'self'; "
    "img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'\r\n"
    "X-Frame-Options: DENY\r\n"
    "X-Content-Type-Options: nosniff\r\n"
    "Referrer-Policy: no-referrer\r\n";
constexpr std::string_view kHsts = "Strict-Transport-Security: max-age=31536000\r\n";

// RFC 9110's tchar: the bytes of a method or a field name.
bool IsTokenChar(unsigned char c) {
  if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
}

bool IsToken(std::string_view s) {
  if (s.empty()) return false;
  for (unsigned char c : s) {
    if (!IsTokenChar(c)) return false;
  }
  return true;
}

// A field value's bytes: visible ASCII, space, tab and bytes above 0x7F.
bool IsFieldValue(std::string_view s) {
  for (unsigned char c : s) {
    if ((c < 0x20 && c != '\t') || c == 0x7f) return false;
  }
  return true;
}

// A request target's bytes: visible ASCII and bytes above 0x7F (the path's
// UTF-8 is checked after percent-decoding).
bool IsTarget(std::string_view s) {
  if (s.empty()) return false;
  for (unsigned char c : s) {
    if (c <= 0x20 || c == 0x7f) return false;
  }
  return true;
}

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

// The next line of `rest` without its CRLF or LF, advancing `rest` past it.
std::string_view NextLine(std::string_view& rest) {
  size_t nl = rest.find('\n');
  std::string_view line = rest.substr(0, nl);
  rest.remove_prefix(nl == std::string_view::npos ? rest.size() : nl + 1);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return line;
}

// "Connection: close" / "Connection: keep-alive" (a list of tokens).
void ReadConnection(std::string_view value, bool& close, bool& keep_alive) {
  while (!value.empty()) {
    size_t comma = value.find(',');
    std::string_view token = TrimBlanks(value.substr(0, comma));
    if (EqualsIgnoringCase(token, "close")) close = true;
    if (EqualsIgnoringCase(token, "keep-alive")) keep_alive = true;
    value.remove_prefix(comma == std::string_view::npos ? value.size() : comma + 1);
  }
}

Status Bad(const std::string& why) { return Status::Malformed("malformed HTTP request: " + why); }

// "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n", formatted once a second per thread.
const std::string& DateLine() {
  thread_local std::time_t cached = 0;
  thread_local std::string line;
  const std::time_t now = std::time(nullptr);
  if (now != cached || line.empty()) {
    std::tm tm{};
    gmtime_r(&now, &tm);
    char buf[64];
    std::strftime(buf, sizeof buf, "Date: %a, %d %b %Y %H:%M:%S GMT\r\n", &tm);
    line = buf;
    cached = now;
  }
  return line;
}

}  // namespace

size_t FindHeadEnd(std::string_view bytes, size_t from) {
  // Back up over the end of what was searched: the empty line may have
  // started there.
  size_t i = from > 3 ? from - 3 : 0;
  for (;;) {
    i = bytes.find('\n', i);
    if (i == std::string_view::npos) return std::string_view::npos;
    size_t next = i + 1;
    if (next < bytes.size() && bytes[next] == '\r') ++next;
    if (next < bytes.size() && bytes[next] == '\n') return next + 1;
    ++i;
  }
}

size_t LeadingEmptyLines(std::string_view bytes) {
  size_t n = 0;
  while (n < bytes.size() && (bytes[n] == '\r' || bytes[n] == '\n')) ++n;
  return n;
}

Result<HttpRequestHead> ParseRequestHead(std::string_view text) {
  HttpRequestHead head;
  std::string_view rest = text;
  const std::string_view line = NextLine(rest);

  // METHOD SP TARGET SP HTTP/1.x
  const size_t sp1 = line.find(' ');
  const size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos) return Bad("the request line is not METHOD TARGET VERSION");
  const std::string_view method = line.substr(0, sp1);
  const std::string_view target = line.substr(sp1 + 1, sp2 - sp1 - 1);
  const std::string_view version = line.substr(sp2 + 1);
  if (method.size() > kMaxMethod || !IsToken(method)) return Bad("the method is not a token");
  if (target.size() > kMaxTarget) {
    return Bad("the request target is over " + std::to_string(kMaxTarget) + " bytes");
  }
  if (!IsTarget(target)) return Bad("the request target holds a space or control character");
  if (version == "HTTP/1.1") {
    head.http11 = true;
  } else if (version == "HTTP/1.0") {
    head.http11 = false;
  } else {
    return Bad("the HTTP version is not HTTP/1.1 or HTTP/1.0");
  }
  head.method = std::string(method);
  head.target = std::string(target);

  bool close = false, keep_alive = false;
  int fields = 0;
  for (;;) {
    if (rest.empty()) break;  // the head's own empty line was the last line
    const std::string_view field = NextLine(rest);
    if (field.empty()) break;
    if (++fields > kMaxFields) return Bad("more than " + std::to_string(kMaxFields) + " fields");
    if (field.front() == ' ' || field.front() == '\t') return Bad("a folded header line");
    const size_t colon = field.find(':');
    if (colon == std::string_view::npos) return Bad("a header line without a colon");
    const std::string_view name = field.substr(0, colon);
    const std::string_view value = TrimBlanks(field.substr(colon + 1));
    if (name.size() > kMaxFieldName || !IsToken(name)) return Bad("a malformed field name");
    if (value.size() > kMaxFieldValue) {
      return Bad("the field " + std::string(name) + " is over " + std::to_string(kMaxFieldValue) +
                 " bytes");
    }
    if (!IsFieldValue(value)) {
      return Bad("the field " + std::string(name) + " holds a control character");
    }
    auto is = [&](std::string_view n) { return EqualsIgnoringCase(name, n); };
    if (is("Content-Length")) {
      if (head.has_content_length) return Bad("two Content-Length fields");
      head.has_content_length = true;
      head.content_length = std::string(value);
    } else if (is("Transfer-Encoding")) {
      head.has_transfer_encoding = true;
    } else if (is("Connection")) {
      ReadConnection(value, close, keep_alive);
    } else if (is("Expect")) {
      head.expect_continue = EqualsIgnoringCase(value, "100-continue");
    } else if (is("Authorization")) {
      if (head.authorization.empty()) head.authorization = std::string(value);
    } else if (is("Idempotency-Key")) {
      if (head.idempotency_key.empty()) head.idempotency_key = std::string(value);
    } else if (is("Accept-Language")) {
      if (head.accept_language.empty()) head.accept_language = std::string(value);
    } else if (is("Content-Type")) {
      if (head.content_type.empty()) head.content_type = std::string(value);
    } else if (is("Content-Encoding")) {
      if (head.content_encoding.empty()) head.content_encoding = std::string(value);
    } else if (is("X-Request-Id")) {
      if (head.request_id.empty()) head.request_id = std::string(value);
    } else if (is("X-Forwarded-For") || is("Forwarded")) {
      head.forwarded = true;
    }
  }
  head.keep_alive = !close && (head.http11 || keep_alive);
  return head;
}

Result<int64_t> BodyLength(const HttpRequestHead& head, size_t limit) {
  if (head.has_transfer_encoding) {
    return Status::Malformed(
        "send the request body with a Content-Length: chunked bodies are not accepted");
  }
  if (!head.has_content_length) return int64_t{0};
  const std::string& text = head.content_length;
  if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos) {
    return Status::Malformed("the Content-Length header is not a number of bytes: " + text);
  }
  const Status too_large(StatusCode::kTooLarge,
                         "the request body is over " + std::to_string(limit) + " bytes");
  if (text.size() > 18) return too_large;  // beyond any limit (and beyond int64)
  const int64_t declared = std::stoll(text);
  if (declared > static_cast<int64_t>(limit)) return too_large;
  return declared;
}

const char* ReasonOf(int status) {
  switch (status) {
    case 100:
      return "Continue";
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 408:
      return "Request Timeout";
    case 409:
      return "Conflict";
    case 413:
      return "Content Too Large";
    case 415:
      return "Unsupported Media Type";
    case 422:
      return "Unprocessable Content";
    case 429:
      return "Too Many Requests";
    case 431:
      return "Request Header Fields Too Large";
    case 503:
      return "Service Unavailable";
    default:
      return "Internal Server Error";
  }
}

std::string ResponseHead(const Reply& reply, bool keep_alive, bool http11, bool https) {
  std::string h;
  h.reserve(640);
  h += "HTTP/1.1 ";
  h += std::to_string(reply.status);
  h += ' ';
  h += ReasonOf(reply.status);
  h += "\r\nContent-Type: ";
  h += reply.content_type;
  h += "\r\nContent-Length: ";
  h += std::to_string(reply.body.size());
  h += "\r\nCache-Control: no-store\r\n";
  if (!reply.request_id.empty()) {
    h += "X-Request-Id: ";
    h += reply.request_id;
    h += "\r\n";
  }
  h += kSecurityHeaders;
  if (https) h += kHsts;
  h += DateLine();
  if (!keep_alive) {
    h += "Connection: close\r\n";
  } else if (!http11) {
    h += "Connection: keep-alive\r\n";
  }
  h += "\r\n";
  return h;
}

Reply ProtocolProblem(int status, std::string_view detail) {
  const char* type = "urn:zapas:problem:malformed";
  const char* en = "Malformed request";
  const char* uk = "Некоректний запит";
  if (status == 408) {
    type = "urn:zapas:problem:timeout";
    en = "Request timeout";
    uk = "Час очікування запиту вичерпано";
  } else if (status == 431) {
    type = "urn:zapas:problem:too-large";
    en = "Request header too large";
    uk = "Заголовок запиту завеликий";
  }
  JsonWriter w;
  w.BeginObject()
      .Field("type", type)
      .Field("title", en)
      .Field("title_uk", uk)
      .Field("status", status)
      .Field("detail", detail);
  w.Key("errors").BeginArray().EndArray().EndObject();
  return Reply{status, w.Take(), "application/problem+json"};
}

}  // namespace zapas
