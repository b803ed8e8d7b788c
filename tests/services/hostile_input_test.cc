// Hostile input over HTTP: a generated, deterministic suite of malformed
// requests against every write endpoint of CONTRACT.md and the read endpoints
// that take a query. Each must get a 4xx application/problem+json (never a 5xx,
// never a hang), must write nothing, and the server must go on answering
// /health and valid writes. A raw-socket part sends malformed HTTP itself.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <chrono>
#include <cstring>
#include <functional>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "tests/services/fixture.h"

namespace zapas::testing {
namespace {

constexpr const char* kSql = "'; DROP TABLE journal; --";
constexpr const char* kBadUtf8 = "\"\xff\xfe\xc3\x28\"";
constexpr size_t kMaxBody = 1 << 20;  // http.max_body_bytes by default

// ---- A raw HTTP/1.1 exchange over one socket ----

struct RawReply {
  int status = 0;  // 0: no status line came back
  bool timed_out = false;
  std::string content_type;
  std::string body;
  std::string raw;
};

// Sends `bytes`, half-closes the connection (so a server waiting for more of
// a body sees its end) unless `keep_open`, and reads until the server closes.
RawReply SendRaw(int port, const std::string& bytes, bool keep_open = false) {
  RawReply reply;
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) throw std::runtime_error("socket failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    throw std::runtime_error("connect failed");
  }
  size_t sent = 0;
  while (sent < bytes.size()) {
    ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;  // the server may answer (413) and close before reading it all
    sent += static_cast<size_t>(n);
  }
  if (!keep_open) ::shutdown(fd, SHUT_WR);
  // With the connection kept open, stop once a whole reply is in.
  std::function<bool(const std::string&)> whole = [](const std::string& raw) {
    const size_t end = raw.find("\r\n\r\n");
    const size_t cl = raw.find("Content-Length: ");
    return end != std::string::npos && cl != std::string::npos && cl < end &&
           raw.size() >= end + 4 + std::stoul(raw.substr(cl + 16));
  };
  reply.timed_out = !ReadUntilClosed(fd, 15, reply.raw, keep_open ? whole : nullptr);
  ::close(fd);
  if (reply.raw.rfind("HTTP/1.", 0) == 0 && reply.raw.size() > 12) {
    reply.status = std::atoi(reply.raw.substr(9, 3).c_str());
  }
  const size_t end = reply.raw.find("\r\n\r\n");
  const std::string head = reply.raw.substr(0, end);
  for (const char* name : {"\r\nContent-Type: ", "\r\ncontent-type: "}) {
    size_t at = head.find(name);
    if (at != std::string::npos) {
      size_t from = at + std::strlen(name);
      reply.content_type = head.substr(from, head.find("\r\n", from) - from);
    }
  }
  if (end != std::string::npos) reply.body = reply.raw.substr(end + 4);
  return reply;
}

// A request with Connection: close, a Content-Length of its body (unless
// `headers` brings its own framing) and, when given, a bearer token.
std::string Http(const std::string& method, const std::string& target, const std::string& body,
                 const std::string& token, const std::string& headers = "",
                 const std::string& content_type = "application/json") {
  std::string r = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
  if (!token.empty()) r += "Authorization: Bearer " + token + "\r\n";
  if (!content_type.empty() && (method == "POST" || !body.empty())) {
    r += "Content-Type: " + content_type + "\r\n";
  }
  const bool framed = headers.find("Content-Length:") != std::string::npos ||
                      headers.find("Transfer-Encoding:") != std::string::npos;
  if (!framed && (method == "POST" || !body.empty())) {
    r += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  }
  return r + headers + "\r\n" + body;
}

// ---- The shape of each write endpoint's body ----

enum class Kind {
  kCode,         // letters, digits, - _ . /
  kText,         // free text
  kEnum,         // one of a fixed set of words
  kDate,         // YYYY-MM-DD
  kMonth,        // YYYY-MM
  kTimestamp,    // RFC 3339
  kQuantity,     // positive decimal string
  kSignedQty,    // signed, not zero
  kMoney,        // positive Money
  kValue,        // Money, zero or more (a declared unit value)
  kSignedMoney,  // any Money
  kBool,
  kLines,  // an array of line objects
  kName,   // {"uk", "en"}
};

struct Field {
  std::string name;
  Kind kind;
  bool required;
  std::string valid;        // JSON text of a valid value
  std::vector<Field> line;  // kLines: the fields of one line
};

struct Endpoint {
  std::string path;
  std::vector<Field> fields;
};

std::string ObjectOf(const std::vector<Field>& fields, const std::string& replaced_name = "",
                     const std::string& replacement = "") {
  std::string out = "{";
  for (const Field& f : fields) {
    if (out.size() > 1) out += ",";
    out += "\"" + f.name + "\":" + (f.name == replaced_name ? replacement : f.valid);
  }
  return out + "}";
}

// JSON values that no field of `kind` accepts (null only where required).
std::vector<std::string> BadValues(Kind kind, bool required) {
  std::vector<std::string> v = {"[]",     kind == Kind::kBool ? "false," : "true",
                                "1e400",  "99999999999999999999999",
                                kBadUtf8, std::string(40, '[') + std::string(40, ']')};
  if (required) v.push_back("null");
  auto add = [&](std::initializer_list<std::string> more) { v.insert(v.end(), more); };
  const std::string sql = std::string("\"") + kSql + "\"";
  switch (kind) {
    case Kind::kCode:
      add({"{}", "123", "-0", sql, "\"a b\"", "\"" + std::string(65, 'X') + "\"", "\"ключ\"",
           "\"X\\u0000Y\""});
      if (required) add({"\"\""});
      break;
    case Kind::kText:
      add({"{}", "123", "-0", "\"a\\u0001b\"", "\"" + std::string(10000, 'x') + "\""});
      if (required) add({"\"\""});
      break;
    case Kind::kEnum:
      add({"{}", "123", sql, "\"PCS\"", "\"\"", "\"\\u0000\""});
      break;
    case Kind::kDate:
      add({"{}", "20261101", "-0", "\"2026-02-30\"", "\"99999-01-01\"", "\"2026-13-01\"",
           "\"2026-1-01\"", "\"2026-02-29\"", "\"0000-00-00\"", "\"2026-11-01T00:00:00Z\"", sql,
           "\"\""});
      break;
    case Kind::kMonth:
      add({"{}", "202610", "\"2026-13\"", "\"2026-1\"", "\"99999-01\"", "\"2026-10-01\"", sql,
           "\"\""});
      break;
    case Kind::kTimestamp:
      add({"{}", "1700000000", "\"2026-02-30T10:00:00Z\"", "\"yesterday\"",
           "\"2026-11-12T25:00:00Z\"", sql, "\"\""});
      break;
    case Kind::kQuantity:
    case Kind::kSignedQty:
      add({"{}", "1.5", "-0", "\"1e3\"", "\"1,5\"", "\"0.0001\"", "\"99999999999999999999999\"",
           "\"9223372036854775807\"", "\"NaN\"", "\"Infinity\"", "\"\"", "\"0\"", "\"-0\"", sql});
      if (kind == Kind::kQuantity) add({"\"-1\"", "-1"});
      break;
    case Kind::kMoney:
    case Kind::kValue:
    case Kind::kSignedMoney: {
      auto money = [](const std::string& amount, const std::string& currency) {
        return "{\"amount\":" + amount + ",\"currency\":" + currency + "}";
      };
      add({"\"100.00\"", "123", money("\"1e400\"", "\"UAH\""),
           money("\"99999999999999999999999.00\"", "\"UAH\""),
           money("\"92233720368547758.08\"", "\"UAH\""), money("\"1.555\"", "\"UAH\""),
           money("12.50", "\"UAH\""), money("\"NaN\"", "\"UAH\""), money("\"1.00\"", "\"XXX\""),
           money("\"1.00\"", std::string("\"") + kSql + "\""), money("\"1.00\"", "null"),
           money("\"1.00\"", kBadUtf8), "{\"amount\":\"1.00\"}", "{}"});
      if (kind != Kind::kSignedMoney) add({money("\"-5.00\"", "\"UAH\"")});
      if (kind == Kind::kMoney) add({money("\"0.00\"", "\"UAH\""), money("\"-0.00\"", "\"UAH\"")});
      break;
    }
    case Kind::kBool:
      add({"\"true\"", "1", "{}"});
      break;
    case Kind::kLines:
      add({"{}", "\"x\"", "[1]", "[\"x\"]", "[[]]", "[{}]", "[null]"});
      break;
    case Kind::kName:
      add({"\"\"", "123", "{\"uk\":123,\"en\":\"x\"}", "{\"uk\":" + std::string(kBadUtf8) + "}"});
      break;
  }
  return v;
}

// Bodies that are not one JSON object at all.
std::vector<std::string> MalformedBodies() {
  return {"{",
          "}",
          "{\"a\":}",
          "{\"a\" 1}",
          "{'a':1}",
          "{\"a\":1,}",
          "{\"a\":1}}",
          "[",
          "nul",
          "NaN",
          "{\"a\":NaN}",
          "{\"a\":-}",
          "{\"a\":01}",
          "{\"a\":1e}",
          "{\"a\":\"x}",
          "{\"a\":\"\\x41\"}",
          "{/*c*/}",
          "{\"a\":tru}",
          "\x01\x02\x03",
          "{\"a\":\"\\ud800\"",
          std::string(1, '\0'),
          "{\"a\":[1,2}",
          "{{}}",
          "<xml/>",
          "a=1&b=2"};
}

std::vector<std::string> NotAnObject() { return {"[]", "[{}]", "\"text\"", "42", "null", "true"}; }

class HostileInputTest : public ZapasServerTest {
 protected:
  void SetUp() override {
    ZapasServerTest::SetUp();
    if (HasFatalFailure()) return;
    ASSERT_NO_THROW(
        Must("/accounts", R"({"code":"BK-UAH","name":"Банк","currency":"UAH","kind":"bank"})"));
    ASSERT_NO_THROW(
        Must("/accounts", R"({"code":"CASH-UAH","name":"Каса","currency":"UAH","kind":"cash"})"));
    Receive("KYIV-1", "MED-IFAK", "50", "IFAK-H", "2027-12-31", "2.50");
    reversible_id_ = Str(Receive("LVIV-1", "FOOD-KIT", "5", "FK-H", "2027-12-31", "9.00"), "id");
    delivery_id_ =
        Str(Must("/deliveries", DeliveryBody("KYIV-1", "MED-IFAK", "2"), "warehouse"), "id");
    token_ = Token("admin");
  }

  std::vector<Endpoint> Endpoints() const {
    const Field date{"date", Kind::kDate, true, "\"2026-11-10\"", {}};
    const Field out_lines{"lines",
                          Kind::kLines,
                          true,
                          R"([{"sku":"MED-IFAK","quantity":"1","lot":"IFAK-H"}])",
                          {{"sku", Kind::kCode, true, "\"MED-IFAK\"", {}},
                           {"quantity", Kind::kQuantity, true, "\"1\"", {}},
                           {"lot", Kind::kCode, false, "\"IFAK-H\"", {}}}};
    const std::string uah = R"({"amount":"10.00","currency":"UAH"})";
    return {
        {"/api/v1/sessions",
         {{"username", Kind::kText, true, "\"nobody-hostile\"", {}},
          {"password", Kind::kText, true, "\"pw\"", {}}}},
        {"/api/v1/items",
         {{"sku", Kind::kCode, true, "\"HX-NEW\"", {}},
          {"name", Kind::kName, true, R"({"uk":"Тест","en":"Test"})", {}},
          {"unit", Kind::kEnum, true, "\"pcs\"", {}},
          {"category", Kind::kText, false, "\"medical\"", {}},
          {"expiry_tracked", Kind::kBool, false, "true", {}}}},
        {"/api/v1/warehouses",
         {{"code", Kind::kCode, true, "\"HX-WH\"", {}},
          {"name", Kind::kText, true, "\"Склад\"", {}},
          {"region", Kind::kText, true, "\"Київська область\"", {}}}},
        {"/api/v1/donors",
         {{"code", Kind::kCode, true, "\"HX-DON\"", {}},
          {"name", Kind::kText, true, "\"Донор\"", {}},
          {"country", Kind::kText, false, "\"UA\"", {}},
          {"currency", Kind::kEnum, true, "\"UAH\"", {}}}},
        {"/api/v1/recipients",
         {{"code", Kind::kCode, true, "\"HX-REC\"", {}},
          {"kind", Kind::kEnum, true, "\"community\"", {}},
          {"name", Kind::kText, true, "\"Громада\"", {}},
          {"region", Kind::kText, true, "\"Київська область\"", {}}}},
        {"/api/v1/receipts",
         {{"warehouse", Kind::kCode, true, "\"KYIV-1\"", {}},
          {"donor", Kind::kCode, true, "\"DE-HILFE\"", {}},
          date,
          {"reference", Kind::kText, false, "\"DN-9\"", {}},
          {"lines",
           Kind::kLines,
           true,
           R"([{"sku":"MED-IFAK","quantity":"5","lot":"HX-LOT","expiry":"2027-12-31","unit_value":{"amount":"2.50","currency":"EUR"}}])",
           {{"sku", Kind::kCode, true, "\"MED-IFAK\"", {}},
            {"quantity", Kind::kQuantity, true, "\"5\"", {}},
            {"lot", Kind::kCode, false, "\"HX-LOT\"", {}},
            {"expiry", Kind::kDate, false, "\"2027-12-31\"", {}},
            {"unit_value", Kind::kValue, true, R"({"amount":"2.50","currency":"EUR"})", {}}}}}},
        {"/api/v1/transfers",
         {{"from", Kind::kCode, true, "\"KYIV-1\"", {}},
          {"to", Kind::kCode, true, "\"LVIV-1\"", {}},
          date,
          out_lines}},
        {"/api/v1/deliveries",
         {{"warehouse", Kind::kCode, true, "\"KYIV-1\"", {}},
          {"recipient", Kind::kCode, true, "\"MU-A1234\"", {}},
          date,
          out_lines}},
        {"/api/v1/deliveries/" + delivery_id_ + "/confirm",
         {{"received_by", Kind::kText, true, "\"Іваненко\"", {}},
          {"received_at", Kind::kTimestamp, true, "\"2026-11-12T10:00:00Z\"", {}}}},
        {"/api/v1/adjustments",
         {{"warehouse", Kind::kCode, true, "\"KYIV-1\"", {}},
          date,
          {"reason", Kind::kEnum, true, "\"damaged\"", {}},
          {"lines",
           Kind::kLines,
           true,
           R"([{"sku":"MED-IFAK","lot":"IFAK-H","quantity":"-1"}])",
           {{"sku", Kind::kCode, true, "\"MED-IFAK\"", {}},
            {"lot", Kind::kCode, true, "\"IFAK-H\"", {}},
            {"quantity", Kind::kSignedQty, true, "\"-1\"", {}}}}}},
        {"/api/v1/journal/" + reversible_id_ + "/reverse",
         {{"date", Kind::kDate, false, "\"2026-11-14\"", {}},
          {"reason", Kind::kText, true, "\"entered twice\"", {}}}},
        {"/api/v1/accounts",
         {{"code", Kind::kCode, true, "\"HX-ACC\"", {}},
          {"name", Kind::kText, true, "\"Каса\"", {}},
          {"currency", Kind::kEnum, true, "\"UAH\"", {}},
          {"kind", Kind::kEnum, true, "\"cash\"", {}}}},
        {"/api/v1/cash/donations",
         {{"donor", Kind::kCode, true, "\"DE-HILFE\"", {}},
          date,
          {"amount", Kind::kMoney, true, R"({"amount":"500.00","currency":"UAH"})", {}},
          {"account", Kind::kCode, true, "\"BK-UAH\"", {}}}},
        {"/api/v1/cash/payments",
         {date,
          {"amount", Kind::kMoney, true, uah, {}},
          {"account", Kind::kCode, true, "\"BK-UAH\"", {}},
          {"purpose", Kind::kText, true, "\"Пальне\"", {}},
          {"donor", Kind::kCode, false, "\"DE-HILFE\"", {}}}},
        {"/api/v1/cash/transfers",
         {date,
          {"account_from", Kind::kCode, true, "\"BK-UAH\"", {}},
          {"account_to", Kind::kCode, true, "\"CASH-UAH\"", {}},
          {"amount", Kind::kMoney, true, uah, {}}}},
        {"/api/v1/cash/exchanges",
         {date,
          {"account_from", Kind::kCode, true, "\"BK-UAH\"", {}},
          {"account_to", Kind::kCode, true, "\"CASH-UAH\"", {}},
          {"sold", Kind::kMoney, true, uah, {}},
          {"bought", Kind::kMoney, true, uah, {}}}},
        {"/api/v1/cash/fees",
         {date,
          {"amount", Kind::kMoney, true, uah, {}},
          {"account", Kind::kCode, true, "\"BK-UAH\"", {}},
          {"purpose", Kind::kText, false, "\"Комісія\"", {}}}},
        {"/api/v1/periods/close", {{"month", Kind::kMonth, true, "\"2026-10\"", {}}}},
        {"/api/v1/accounts/BK-UAH/statements",
         {date, {"balance", Kind::kSignedMoney, true, uah, {}}}},
    };
  }

  struct Case {
    std::string label;
    std::string raw;
    int status = 0;  // the exact status expected, or 0 for any 4xx
  };

  // Every generated case for one endpoint.
  std::vector<Case> CasesFor(const Endpoint& e) const {
    std::vector<Case> cases;
    auto post = [&](const std::string& label, const std::string& body, int status = 0,
                    const std::string& headers = "",
                    const std::string& content_type = "application/json") {
      cases.push_back({e.path + " " + label,
                       Http("POST", e.path, body, token_, headers, content_type), status});
    };
    const std::string valid = ObjectOf(e.fields);
    for (const std::string& b : MalformedBodies()) post("malformed " + b.substr(0, 20), b, 400);
    for (const std::string& b : NotAnObject()) post("not an object " + b, b, 400);
    post("empty body", "", 400);
    for (size_t cut = 1; cut < valid.size(); cut += std::max<size_t>(1, valid.size() / 12)) {
      post("truncated at " + std::to_string(cut), valid.substr(0, cut), 400);
    }
    post("nesting 33 deep", "{\"x\":" + std::string(33, '[') + std::string(33, ']') + "}", 400);
    post("nesting 5000 deep", std::string(5000, '[') + std::string(5000, ']'), 400);
    post("invalid UTF-8 key", "{\"\xff\xfe\":1," + valid.substr(1), 400);
    post("invalid UTF-8 in an unknown field",
         "{\"note\":" + std::string(kBadUtf8) + "," + valid.substr(1), 400);
    post("text/plain", valid, 415, "", "text/plain");
    post("multipart", valid, 415, "", "multipart/form-data; boundary=x");
    post("xml", valid, 415, "", "application/xml");
    post("form-urlencoded", valid, 415, "", "application/x-www-form-urlencoded");
    post("without a Content-Type", valid, 415, "", "");
    post("Content-Length over the limit", "", 413,
         "Content-Length: " + std::to_string(kMaxBody + 1) + "\r\n");
    post("negative Content-Length", valid, 400, "Content-Length: -5\r\n");
    post("short Content-Length", valid, 400, "Content-Length: 5\r\n");
    post("long Content-Length", valid, 400,
         "Content-Length: " + std::to_string(valid.size() + 100) + "\r\n");
    if (e.path != "/api/v1/sessions") {  // a login takes no key
      post("Idempotency-Key over 200 characters", valid, 422,
           "Idempotency-Key: " + std::string(201, 'k') + "\r\n");
    }
    post("a 6 KB header", "{", 400, "X-Filler: " + std::string(6000, 'f') + "\r\n");
    for (const Field& f : e.fields) {
      const std::vector<std::string> bad = BadValues(f.kind, f.required);
      for (size_t i = 0; i < bad.size(); ++i) {
        post(f.name + " = bad value " + std::to_string(i), ObjectOf(e.fields, f.name, bad[i]));
      }
      if (f.required) {
        std::vector<Field> without;
        for (const Field& g : e.fields) {
          if (g.name != f.name) without.push_back(g);
        }
        post("without " + f.name, ObjectOf(without));
      }
      for (const Field& l : f.line) {
        for (const std::string& v : BadValues(l.kind, l.required)) {
          post(f.name + "[0]." + l.name + " = " + v.substr(0, 20),
               ObjectOf(e.fields, f.name, "[" + ObjectOf(f.line, l.name, v) + "]"));
        }
      }
    }
    if (e.path == "/api/v1/sessions") return cases;  // public: no token to refuse
    auto unauthenticated = [&](const std::string& label, const std::string& auth) {
      cases.push_back({e.path + " " + label,
                       Http("POST", e.path, valid, "", auth.empty() ? "" : auth + "\r\n"), 401});
    };
    unauthenticated("without a token", "");
    unauthenticated("with an unknown token", "Authorization: Bearer " + std::string(64, 'a'));
    unauthenticated("with Basic", "Authorization: Basic YWRtaW46YWRtaW4=");
    unauthenticated("with an invalid UTF-8 token", "Authorization: Bearer \xff\xfe");
    unauthenticated("with a 4 KB token", "Authorization: Bearer " + std::string(4000, 't'));
    return cases;
  }

  // Hostile spreadsheets for every kind of CSV import: each is refused whole.
  std::vector<Case> ImportCases() const {
    std::vector<Case> cases;
    const std::vector<std::pair<std::string, std::string>> kinds = {
        {"items", "sku,name_uk,unit\n"},
        {"recipients", "code,kind,name,region\n"},
        {"receipts", "warehouse,donor,date,sku,quantity,unit_value_amount,unit_value_currency\n"},
        {"cash", "donor,date,amount_amount,amount_currency,account\n"}};
    const std::string sql = kSql;
    for (const auto& [kind, header] : kinds) {
      const std::string path = "/api/v1/import/" + kind;
      auto post = [&](const std::string& label, const std::string& body, int status = 0,
                      const std::string& content_type = "text/csv") {
        cases.push_back(
            {path + " " + label, Http("POST", path, body, token_, "", content_type), status});
      };
      post("empty", "");
      post("a quote left open", header + "\"X,1,2\n");
      post("invalid UTF-8", header + std::string(kBadUtf8) + ",a,b,c,d,e,f\n");
      post("binary noise", std::string("\x01\x02\xff\x00,;\"\n\x7f", 9));
      post("an unknown column", "colour," + header + "red,a,b,c,d,e,f,g\n");
      post("200 columns", std::string(400, ',') + "\n");
      post("huge numbers",
           header + "HX-1,99999999999999999999999,1e400,-0,NaN,99999999999999999999999.00,UAH\n");
      post("SQL-looking codes", header + "\"" + sql + "\",\"" + sql + "\",x,y,1,1.00,UAH\n");
      post("bad dates", header + "HX-1,HX-2,2026-02-30,99999-01-01,1,1.00,UAH\n");
      post("decimal commas as thousands", header + "A,B,C,D,\"1,250.50\",\"12 34\",EUR\n");
      post("JSON", "{\"sku\":\"X\"}", 415, "application/json");
    }
    return cases;
  }

  std::vector<Case> RateCases() const {
    const std::string path = "/api/v1/rates";
    std::vector<Case> cases;
    auto post = [&](const std::string& body) {
      cases.push_back({"rates " + body.substr(0, 40), Http("POST", path, body, token_), 0});
    };
    auto rate = [](const std::string& r030, const std::string& rate, const std::string& cc,
                   const std::string& date) {
      return "[{\"r030\":" + r030 + ",\"txt\":\"Євро\",\"rate\":" + rate + ",\"cc\":" + cc +
             ",\"exchangedate\":" + date + "}]";
    };
    for (const std::string& b : MalformedBodies()) post(b);
    cases.push_back(
        {"rates as text/plain", Http("POST", path, "[]", token_, "", "text/plain"), 415});
    cases.push_back({"rates as multipart",
                     Http("POST", path, "[]", token_, "", "multipart/form-data; boundary=x"), 415});
    post("[]");
    post("{}");
    post(rate("978", "1e400", "\"EUR\"", "\"27.11.2026\""));
    post(rate("978", "-47.5", "\"EUR\"", "\"27.11.2026\""));
    post(rate("978", "0", "\"EUR\"", "\"27.11.2026\""));
    post(rate("978", "99999999999999999999999", "\"EUR\"", "\"27.11.2026\""));
    post(rate("978", "\"abc\"", "\"EUR\"", "\"27.11.2026\""));
    post(rate("978", "47.5", "\"EUR\"", "\"30.02.2026\""));
    post(rate("978", "47.5", "\"EUR\"", "\"27.11.99999\""));
    post(rate("978", "47.5", std::string("\"") + kSql + "\"", "\"27.11.2026\""));
    post(rate("978", "47.5", kBadUtf8, "\"27.11.2026\""));
    post(rate("978", "47.5", "\"EUR\"", "null"));
    post("<exchange><currency><r030>978</r030><rate>1e400</rate></currency>");
    return cases;
  }

  std::vector<Case> ReadCases() const {
    std::vector<Case> cases;
    auto get = [&](const std::string& target, int status = 0) {
      cases.push_back({"GET " + target.substr(0, 60), Http("GET", target, "", token_), status});
    };
    for (const char* list :
         {"items", "warehouses", "donors", "recipients", "accounts", "stock", "journal"}) {
      const std::string base = std::string("/api/v1/") + list;
      for (const char* q :
           {"?limit=abc", "?limit=0", "?limit=-1", "?limit=1001", "?limit=99999999999999999999",
            "?limit=1e3", "?limit=%FF", "?limit=%zz", "?%zz=1", "?limit=1%", "?limit=%00"}) {
        get(base + q);
      }
    }
    for (const char* q : {"?after=-1", "?after=x", "?after=9999999999999999999999",
                          "?expiring_before=2026-02-30", "?expiring_before=99999-01-01",
                          "?expiring_before=x", "?sku=%FF%FE", "?warehouse=%C3%28", "?sku=%zz"}) {
      get(std::string("/api/v1/stock") + q);
    }
    for (const char* q :
         {"?from=2026-02-30&to=2026-11-30", "?from=x&to=y", "?from=2026-01-01&to=99999-01-01"}) {
      get(std::string("/api/v1/reports/audit.pdf") + q);
    }
    get("/api/v1/journal?after=abc");
    get("/api/v1/journal?after=-5");
    for (const char* q : {"?date=2026-02-30", "?date=99999-01-01", "?date=", "?date=%FF",
                          "?date='%20OR%201=1%20--"}) {
      get(std::string("/api/v1/rates") + q);
    }
    for (const char* q :
         {"?from=2026-02-30&to=2026-11-30&currency=UAH", "?from=2026-01-01&to=99999-01-01",
          "?from=2026-01-01&to=2026-11-30&currency=XXX", "?from=2026-12-01&to=2026-01-01",
          "?from=x&to=y", "?from=2026-01-01&to=2026-11-30&currency=%FF"}) {
      get(std::string("/api/v1/reports/reconciliation") + q);
      get(std::string("/api/v1/reports/donor/DE-HILFE") + q);
    }
    get("/api/v1/receipts/%zz");
    get("/api/v1/receipts/%FF");
    get("/api/v1/receipts/99999999999999999999999", 404);
    get("/api/v1/receipts/-1", 404);
    get("/api/v1/deliveries/" + std::string(10000, '9'), 404);
    get("/api/v1/stock?limit=x&filler=" + std::string(12000, 'a'));
    get("/api/v1/%zz");
    get("/api/v1/stock/%2e%2e/%2e%2e/etc/passwd");
    return cases;
  }

  // What a write would change, as the API shows it.
  std::string Snapshot() {
    std::string all;
    for (const std::string& path : std::vector<std::string>{
             "/journal?limit=1000", "/items?limit=1000", "/warehouses?limit=1000",
             "/donors?limit=1000", "/recipients?limit=1000", "/accounts?limit=1000",
             "/stock?limit=1000", "/periods", "/rates?date=2026-11-27",
             "/accounts/BK-UAH/statements", "/deliveries/" + delivery_id_}) {
      HttpReply r = Get(path);
      all += path + " " + std::to_string(r.status) + " " + r.body + "\n";
    }
    return all;
  }

  // The lines of `after` that differ from `before` (empty when none do).
  static std::string Changed(const std::string& before, const std::string& after) {
    std::istringstream b(before), a(after);
    std::string lb, la, out;
    while (std::getline(b, lb) && std::getline(a, la)) {
      if (lb != la) out += "was: " + lb.substr(0, 400) + "\nnow: " + la.substr(0, 400) + "\n";
    }
    return out;
  }

  // Sends every case and checks each reply; returns how many were sent.
  size_t Run(const std::vector<Case>& cases) {
    for (const Case& c : cases) {
      RawReply r = SendRaw(server_->port(), c.raw);
      if (r.timed_out) {
        ADD_FAILURE() << c.label << ": no reply within 15 s";
        continue;
      }
      if (c.status != 0) {
        EXPECT_EQ(r.status, c.status) << c.label << ": " << r.body.substr(0, 300);
      } else {
        EXPECT_TRUE(r.status >= 400 && r.status < 500)
            << c.label << ": " << r.status << " " << r.body.substr(0, 300);
      }
      EXPECT_TRUE(IsProblem(HttpReply{r.status, r.content_type, r.body}, r.status)) << c.label;
    }
    return cases.size();
  }

  std::string token_;
  std::string reversible_id_;  // a receipt nothing was taken from
  std::string delivery_id_;
};

TEST_F(HostileInputTest, ThousandsOfMalformedRequestsGetProblemsAndWriteNothing) {
  const std::string before = Snapshot();
  size_t sent = 0;
  for (const Endpoint& e : Endpoints()) {
    sent += Run(CasesFor(e));
    ASSERT_EQ(Changed(before, Snapshot()), "") << "a malformed request to " << e.path << " wrote";
  }
  sent += Run(RateCases());
  sent += Run(ImportCases());
  sent += Run(ReadCases());
  std::cout << "hostile input: " << sent << " malformed requests sent" << std::endl;
  EXPECT_GE(sent, 1000u);
  EXPECT_EQ(Changed(before, Snapshot()), "");

  // The server is still there, and a valid write of each kind still works.
  client_ = std::make_unique<HttpClient>(server_->port());
  HttpReply health = client_->Get("/api/v1/health");
  EXPECT_EQ(health.status, 200) << health.body;
  for (const Endpoint& e : Endpoints()) {
    if (e.path.find("/cash/exchanges") != std::string::npos) continue;  // needs NBU rates
    HttpReply r = client_->Post(e.path, ObjectOf(e.fields), token_);
    const int expected = e.path == "/api/v1/sessions" ? 401 : 201;
    EXPECT_EQ(r.status, expected) << e.path << ": " << r.body;
  }
}

TEST_F(HostileInputTest, SqlLookingTextIsStoredVerbatim) {
  // Names and other free text may hold anything printable: stored as given.
  const std::string name = std::string(kSql) + " \" \\ ' OR 1=1; /*";
  std::string escaped;
  for (char ch : name) {
    if (ch == '"' || ch == '\\') escaped += '\\';
    escaped += ch;
  }
  Must("/warehouses",
       R"({"code":"SQL-1","name":")" + escaped + R"(","region":"x'); DELETE FROM lots; --"})");
  Must("/recipients", R"({"code":"SQL-2","kind":"community","name":")" + escaped +
                          R"(","region":"Київська область"})");
  auto receipt = Must(
      "/receipts",
      R"({"warehouse":"SQL-1","donor":"DE-HILFE","date":"2026-11-01","reference":")" + escaped +
          R"(","lines":[{"sku":"NFI-BLANKET","quantity":"3","unit_value":{"amount":"1.00","currency":"EUR"}}]})",
      "warehouse");
  EXPECT_EQ(Str(receipt, "reference"), name);
  auto warehouses = Arr(ParseObject(Get("/warehouses?limit=1000").body), "items");
  bool found = false;
  for (size_t i = 0; i < warehouses->size(); ++i) {
    auto w = At(warehouses, i);
    if (Str(w, "code") != "SQL-1") continue;
    found = true;
    EXPECT_EQ(Str(w, "name"), name);
    EXPECT_EQ(Str(w, "region"), "x'); DELETE FROM lots; --");
  }
  EXPECT_TRUE(found);
  HttpReply again = Get("/receipts/" + Str(receipt, "id"));
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(Str(ParseObject(again.body), "reference"), name);
  EXPECT_EQ(StockQty("SQL-1", "NFI-BLANKET", Str(At(Arr(receipt, "lines"), 0), "lot")), "3");

  // And the database is whole: every table still there, the chain intact.
  HttpReply journal = Get("/journal");
  EXPECT_EQ(journal.status, 200);
  ASSERT_EQ(server_->Stop(), 0);
  const std::string verified = server_->Run({"verify"});
  EXPECT_NE(verified.find("exit 0"), std::string::npos) << verified;
  ASSERT_NO_THROW(server_->Start());
  Reconnect();
}

// Malformed HTTP itself, over a raw socket: the server answers with Poco's
// status where it gives one, and keeps serving.
TEST_F(HostileInputTest, MalformedHttpLeavesTheServerServing) {
  const int port = server_->port();
  const std::string valid = DeliveryBody("KYIV-1", "MED-IFAK", "1");
  struct RawCase {
    std::string label;
    std::string bytes;
    int status;  // 0: the server may close without an answer
  };
  const std::string chunked =
      "POST /api/v1/deliveries HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
      "Authorization: Bearer " +
      token_ + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
  const std::vector<RawCase> cases = {
      {"garbage request line", "GARBAGE\r\n\r\n", 400},
      {"binary noise", std::string("\x16\x03\x01\x00\xff\xfe\x00\x01", 8) + "\r\n\r\n", 400},
      {"no version", "GET /api/v1/health\r\n\r\n", 400},
      {"HTTP/9.9", "GET /api/v1/health HTTP/9.9\r\n\r\n", 0},
      // Poco reads Content-Length before any handler runs, and closes the
      // connection when it is not a number.
      {"Content-Length not a number",
       Http("POST", "/api/v1/deliveries", valid, token_, "Content-Length: 12abc\r\n"), 0},
      {"Content-Length beyond 64 bits",
       Http("POST", "/api/v1/deliveries", valid, token_,
            "Content-Length: 99999999999999999999\r\n"),
       0},
      {"two Content-Lengths",
       Http("POST", "/api/v1/deliveries", valid, token_,
            "Content-Length: 5\r\nContent-Length: 500\r\n"),
       0},
      {"header without a colon",
       "POST /api/v1/deliveries HTTP/1.1\r\nHost x\r\nNoColonHere\r\nAuthorization: Bearer " +
           token_ + "\r\nContent-Type: application/json\r\nContent-Length: 1\r\n\r\n{",
       400},
      {"a 40 KB URI", "GET /api/v1/stock?sku=" + std::string(40000, 'a') + " HTTP/1.1\r\n\r\n",
       400},
      {"a 20 KB header",
       "GET /api/v1/health HTTP/1.1\r\nX-Big: " + std::string(20000, 'b') + "\r\n\r\n", 400},
      {"200 headers",
       [] {
         std::string r = "GET /api/v1/health HTTP/1.1\r\n";
         for (int i = 0; i < 200; ++i) r += "X-H" + std::to_string(i) + ": v\r\n";
         return r + "\r\n";
       }(),
       400},
      {"a 100-character method", std::string(100, 'G') + " / HTTP/1.1\r\n\r\n", 400},
      {"chunk size not hex", chunked + "zz\r\n" + valid + "\r\n0\r\n\r\n", 400},
      {"negative chunk size", chunked + "-5\r\n" + valid + "\r\n0\r\n\r\n", 400},
      {"huge chunk size", chunked + "ffffffffffffffffffff\r\n" + valid + "\r\n0\r\n\r\n", 400},
      {"chunk longer than its data", chunked + "fff\r\n" + valid + "\r\n", 400},
      {"chunk without its end", chunked + "5\r\n{\"a\":", 400},
      {"request cut in the headers", "POST /api/v1/deliveries HTTP/1.1\r\nContent-Le", 0},
      {"only CRLFs", "\r\n\r\n\r\n\r\n", 0},
      {"nothing", "", 0},
  };
  for (const RawCase& c : cases) {
    RawReply r = SendRaw(port, c.bytes);
    EXPECT_FALSE(r.timed_out) << c.label;
    if (c.status != 0) {
      EXPECT_EQ(r.status, c.status) << c.label << ": " << r.raw.substr(0, 300);
    }
    if (r.status != 0) {
      EXPECT_TRUE(r.status >= 400 && r.status < 500) << c.label << ": " << r.raw.substr(0, 300);
    }
    HttpClient fresh(port);
    EXPECT_EQ(fresh.Get("/api/v1/health").status, 200) << "after " << c.label;
  }
  // An NBU rate file may come as XML, labelled so.
  const std::string xml =
      "<exchange><currency><r030>978</r030><txt>Євро</txt><rate>47.5</rate><cc>EUR</cc>"
      "<exchangedate>27.11.2026</exchangedate></currency></exchange>";
  RawReply rates = SendRaw(port, Http("POST", "/api/v1/rates", xml, token_, "", "application/xml"));
  EXPECT_EQ(rates.status, 201) << rates.raw;
  // A body over the limit, sent whole: 413, and the server stays.
  RawReply big =
      SendRaw(port, Http("POST", "/api/v1/deliveries", std::string(kMaxBody + 10, ' '), token_),
              /*keep_open=*/true);
  EXPECT_EQ(big.status, 413) << big.raw.substr(0, 300);
  EXPECT_TRUE(IsProblem(HttpReply{big.status, big.content_type, big.body}, 413));
  HttpClient fresh(port);
  EXPECT_EQ(fresh.Get("/api/v1/health").status, 200);
  HttpReply ok = fresh.Post("/api/v1/deliveries", valid, Token("warehouse"));
  EXPECT_EQ(ok.status, 201) << ok.body;
}

}  // namespace
}  // namespace zapas::testing
