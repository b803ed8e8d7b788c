// Reading request heads and writing reply heads (services/http/message.h):
// table-driven, in process.
#include "services/http/message.h"

#include <gtest/gtest.h>

#include <string>

namespace zapas {
namespace {

TEST(FindHeadEnd, FindsTheEmptyLineWithCrlfOrBareLf) {
  EXPECT_EQ(FindHeadEnd("GET / HTTP/1.1\r\nHost: x\r\n\r\nbody", 0), 27u);
  EXPECT_EQ(FindHeadEnd("GET / HTTP/1.1\nHost: x\n\nbody", 0), 24u);
  EXPECT_EQ(FindHeadEnd("GET / HTTP/1.1\r\nHost: x\r\n", 0), std::string::npos);
  // Searching again from where the last search stopped finds an empty line
  // that straddles the two parts.
  const std::string head = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
  for (size_t cut = 0; cut <= head.size(); ++cut) {
    EXPECT_EQ(FindHeadEnd(head, cut), head.size()) << cut;
  }
  EXPECT_EQ(LeadingEmptyLines("\r\n\r\nGET"), 4u);
  EXPECT_EQ(LeadingEmptyLines("GET"), 0u);
}

TEST(ParseRequestHead, ReadsWhatTheServerNeeds) {
  auto head = ParseRequestHead(
      "POST /api/v1/deliveries?x=1 HTTP/1.1\r\nhost: x\r\nAUTHORIZATION: Bearer t\r\n"
      "Idempotency-Key:  k-1 \r\nAccept-Language: uk\r\nContent-Type: application/json\r\n"
      "Content-Length: 12\r\nExpect: 100-Continue\r\n\r\n");
  ASSERT_TRUE(head.ok()) << head.status().message();
  EXPECT_EQ(head->method, "POST");
  EXPECT_EQ(head->target, "/api/v1/deliveries?x=1");
  EXPECT_TRUE(head->http11);
  EXPECT_TRUE(head->keep_alive);
  EXPECT_EQ(head->authorization, "Bearer t");
  EXPECT_EQ(head->idempotency_key, "k-1");
  EXPECT_EQ(head->accept_language, "uk");
  EXPECT_EQ(head->content_type, "application/json");
  EXPECT_TRUE(head->expect_continue);
  EXPECT_EQ(*BodyLength(*head, 100), 12);
}

TEST(ParseRequestHead, KeepAliveFollowsTheVersionAndConnection) {
  struct Case {
    const char* head;
    bool keep_alive;
  };
  const Case cases[] = {
      {"GET / HTTP/1.1\r\n\r\n", true},
      {"GET / HTTP/1.1\r\nConnection: close\r\n\r\n", false},
      {"GET / HTTP/1.1\r\nConnection: Keep-Alive, Close\r\n\r\n", false},
      {"GET / HTTP/1.0\r\n\r\n", false},
      {"GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n", true},
      {"GET / HTTP/1.0\r\nConnection: upgrade\r\n\r\n", false},
  };
  for (const Case& c : cases) {
    auto head = ParseRequestHead(c.head);
    ASSERT_TRUE(head.ok()) << c.head;
    EXPECT_EQ(head->keep_alive, c.keep_alive) << c.head;
  }
}

TEST(ParseRequestHead, RefusesWhatTwoReadersCouldReadTwoWays) {
  const std::string filler(8193, 'v');
  std::string many = "GET / HTTP/1.1\r\n";
  for (int i = 0; i < 101; ++i) many += "X-" + std::to_string(i) + ": v\r\n";
  struct Case {
    std::string head;
    std::string says;
  };
  const Case cases[] = {
      {"GARBAGE\r\n\r\n", "not METHOD TARGET VERSION"},
      {"GET /\r\n\r\n", "not METHOD TARGET VERSION"},
      {"GET / HTTP/9.9\r\n\r\n", "HTTP version"},
      {"GET / http/1.1\r\n\r\n", "HTTP version"},
      {"GET  / HTTP/1.1\r\n\r\n", "request target"},
      {"GET / x HTTP/1.1\r\n\r\n", "HTTP version"},
      {std::string(33, 'G') + " / HTTP/1.1\r\n\r\n", "method"},
      {"G(T / HTTP/1.1\r\n\r\n", "method"},
      {"GET /" + std::string(16384, 'a') + " HTTP/1.1\r\n\r\n", "request target is over"},
      {std::string("GET /a\x01 HTTP/1.1\r\n\r\n"), "control character"},
      {"GET / HTTP/1.1\r\nNoColon\r\n\r\n", "without a colon"},
      {"GET / HTTP/1.1\r\nHost : x\r\n\r\n", "field name"},
      {"GET / HTTP/1.1\r\nA: b\r\n  folded\r\n\r\n", "folded"},
      {"GET / HTTP/1.1\r\nX-Big: " + filler + "\r\n\r\n", "over 8192 bytes"},
      {std::string("GET / HTTP/1.1\r\nX: a\0b\r\n\r\n", 26), "control character"},
      {"GET / HTTP/1.1\r\nX: a\rb\r\n\r\n", "control character"},
      {many + "\r\n", "more than 100 fields"},
      {"POST / HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\n", "two Content-Length"},
  };
  for (const Case& c : cases) {
    auto head = ParseRequestHead(c.head);
    ASSERT_FALSE(head.ok()) << c.head.substr(0, 80);
    EXPECT_EQ(head.status().code(), StatusCode::kMalformed);
    EXPECT_NE(head.status().message().find(c.says), std::string::npos) << head.status().message();
  }
}

TEST(BodyLength, ChecksTheFramingAndTheLimit) {
  struct Case {
    const char* fields;
    int64_t length;  // -1: refused
    StatusCode code;
  };
  const Case cases[] = {
      {"", 0, StatusCode::kOk},
      {"Content-Length: 0\r\n", 0, StatusCode::kOk},
      {"Content-Length: 100\r\n", 100, StatusCode::kOk},
      {"Content-Length: 101\r\n", -1, StatusCode::kTooLarge},
      {"Content-Length: 99999999999999999999\r\n", -1, StatusCode::kTooLarge},
      {"Content-Length: -5\r\n", -1, StatusCode::kMalformed},
      {"Content-Length: 12abc\r\n", -1, StatusCode::kMalformed},
      {"Content-Length: \r\n", -1, StatusCode::kMalformed},
      {"Transfer-Encoding: chunked\r\n", -1, StatusCode::kMalformed},
      {"Transfer-Encoding: gzip\r\nContent-Length: 5\r\n", -1, StatusCode::kMalformed},
  };
  for (const Case& c : cases) {
    auto head = ParseRequestHead(std::string("POST / HTTP/1.1\r\n") + c.fields + "\r\n");
    ASSERT_TRUE(head.ok()) << c.fields;
    auto length = BodyLength(*head, 100);
    if (c.length >= 0) {
      ASSERT_TRUE(length.ok()) << c.fields << length.status().message();
      EXPECT_EQ(*length, c.length);
    } else {
      ASSERT_FALSE(length.ok()) << c.fields;
      EXPECT_EQ(length.status().code(), c.code) << c.fields;
    }
  }
}

TEST(ResponseHead, StatusLineFramingAndSecurityHeaders) {
  const Reply reply{201, R"({"id":"1"})", "application/json"};
  const std::string kept = ResponseHead(reply, /*keep_alive=*/true, /*http11=*/true, false);
  EXPECT_EQ(kept.rfind("HTTP/1.1 201 Created\r\n", 0), 0u) << kept;
  EXPECT_NE(kept.find("\r\nContent-Length: 10\r\n"), std::string::npos);
  EXPECT_NE(kept.find("\r\nCache-Control: no-store\r\n"), std::string::npos);
  EXPECT_NE(kept.find("\r\nX-Frame-Options: DENY\r\n"), std::string::npos);
  EXPECT_EQ(kept.find("Connection:"), std::string::npos);
  EXPECT_EQ(kept.find("Strict-Transport-Security"), std::string::npos);
  EXPECT_EQ(kept.substr(kept.size() - 4), "\r\n\r\n");

  const std::string closed = ResponseHead(reply, false, true, /*https=*/true);
  EXPECT_NE(closed.find("\r\nConnection: close\r\n"), std::string::npos);
  EXPECT_NE(closed.find("\r\nStrict-Transport-Security: max-age=31536000\r\n"), std::string::npos);
  EXPECT_NE(
      ResponseHead(reply, true, /*http11=*/false, false).find("\r\nConnection: keep-alive\r\n"),
      std::string::npos);
  for (int status : {200, 400, 401, 403, 404, 405, 408, 409, 413, 415, 422, 429, 431, 503}) {
    EXPECT_STRNE(ReasonOf(status), "Internal Server Error") << status;
  }
}

TEST(ProtocolProblem, IsAProblemWithItsStatus) {
  const Reply r = ProtocolProblem(408, "the head did not arrive");
  EXPECT_EQ(r.status, 408);
  EXPECT_EQ(r.content_type, "application/problem+json");
  EXPECT_NE(r.body.find(R"("status":408)"), std::string::npos) << r.body;
  EXPECT_NE(r.body.find(R"("detail":"the head did not arrive")"), std::string::npos) << r.body;
}

}  // namespace
}  // namespace zapas
