// HTTP/1.1 as the server speaks it, over raw sockets: the headers of every
// reply, status lines, Expect: 100-continue, pipelining, HTTP/1.0, oversized
// heads, control characters in paths, and where the web UI comes from.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>

#include "tests/services/fixture.h"
#include "tests/services/raw_http.h"

#ifndef ZAPAS_WEB_DIST
#error "ZAPAS_WEB_DIST must name the build's web/dist directory"
#endif

namespace zapas::testing {
namespace {

constexpr const char* kPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'";

class HttpProtocolTest : public ZapasServerTest {
 protected:
  std::unique_ptr<RawConnection> Open() {
    return std::make_unique<RawConnection>(server_->port(), 5000);
  }

  // One exchange on a new connection.
  RawHttpReply Exchange(const std::string& bytes) {
    auto c = Open();
    EXPECT_TRUE(c->Send(bytes));
    return c->Read();
  }

  static ::testing::AssertionResult HasSecurityHeaders(const RawHttpReply& r) {
    const std::pair<const char*, std::string> expected[] = {
        {"Content-Security-Policy", kPolicy},
        {"X-Frame-Options", "DENY"},
        {"X-Content-Type-Options", "nosniff"},
        {"Referrer-Policy", "no-referrer"},
        {"Cache-Control", "no-store"},
        {"Strict-Transport-Security", ""},  // plain HTTP: none
    };
    for (const auto& [name, value] : expected) {
      if (r.Field(name) != value) {
        return ::testing::AssertionFailure()
               << name << ": \"" << r.Field(name) << "\", expected \"" << value << "\" in\n"
               << r.head;
      }
    }
    return ::testing::AssertionSuccess();
  }

  // A web root of the test's own with an index.html and an image.
  std::string MakeWebRoot() {
    const std::string dir = server_->dir() + "/web";
    std::filesystem::create_directories(dir);
    std::ofstream(dir + "/index.html") << "<!doctype html><title>UI</title><div id=app></div>";
    std::ofstream(dir + "/logo.png") << "PNG";
    return dir;
  }
};

TEST_F(HttpProtocolTest, EveryReplyCarriesTheSecurityHeadersAndItsReason) {
  RawHttpReply health = Exchange("GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(health.head.substr(0, health.head.find("\r\n")), "HTTP/1.1 200 OK");
  EXPECT_TRUE(HasSecurityHeaders(health));
  EXPECT_EQ(health.Field("Content-Type"), "application/json");
  EXPECT_EQ(health.Field("Content-Length"), std::to_string(health.body.size()));

  const std::string warehouse = R"({"code":"ODESA-1","name":"Склад","region":"Одеса"})";
  RawHttpReply created = Exchange(
      "POST /api/v1/warehouses HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + Token("admin") +
      "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(warehouse.size()) +
      "\r\n\r\n" + warehouse);
  EXPECT_EQ(created.head.substr(0, created.head.find("\r\n")), "HTTP/1.1 201 Created")
      << created.body;
  EXPECT_TRUE(HasSecurityHeaders(created));

  RawHttpReply file = Exchange("GET /missing.js HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(file.status, 404);
  EXPECT_TRUE(HasSecurityHeaders(file));
  RawHttpReply refused = Exchange("GET /api/v1/stock HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(refused.status, 401);
  EXPECT_TRUE(HasSecurityHeaders(refused));
  RawHttpReply garbage = Exchange("GARBAGE\r\n\r\n");
  EXPECT_EQ(garbage.status, 400);
  EXPECT_TRUE(HasSecurityHeaders(garbage));
}

TEST_F(HttpProtocolTest, ControlCharactersInAPathAre400AndNeverAFile) {
  server_->Stop();
  server_->SetWebRoot(MakeWebRoot());
  ASSERT_NO_THROW(server_->Start());
  EXPECT_EQ(Exchange("GET /index.html HTTP/1.1\r\n\r\n").status, 200);
  RawHttpReply logo = Exchange("GET /logo.png HTTP/1.1\r\n\r\n");
  EXPECT_EQ(logo.status, 200);
  EXPECT_EQ(logo.Field("Content-Type"), "image/png");
  EXPECT_TRUE(HasSecurityHeaders(logo));
  for (const char* path : {"/index.html%00.png", "/index.html%00", "/logo.png%0a", "/%7f",
                           "/index.html%0d%0aX-Injected:%201", "/api/v1/health%00"}) {
    RawHttpReply r = Exchange(std::string("GET ") + path + " HTTP/1.1\r\n\r\n");
    EXPECT_TRUE(IsProblem(HttpReply{r.status, r.Field("Content-Type"), r.body}, 400)) << path;
    EXPECT_EQ(r.Field("X-Injected"), "") << path;
  }
}

TEST_F(HttpProtocolTest, ExpectContinueIsAnsweredBeforeTheBody) {
  const std::string body = LoginBody("sklad", "sklad-password-1");
  auto c = Open();
  ASSERT_TRUE(
      c->Send("POST /api/v1/sessions HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
              "Content-Type: application/json\r\nContent-Length: " +
              std::to_string(body.size()) + "\r\n\r\n"));
  RawHttpReply interim = c->Read();
  EXPECT_EQ(interim.head, "HTTP/1.1 100 Continue");
  ASSERT_TRUE(c->Send(body));
  RawHttpReply login = c->Read();
  EXPECT_EQ(login.status, 200) << login.body;
  EXPECT_TRUE(ParseObject(login.body)->has("token")) << login.body;
}

TEST_F(HttpProtocolTest, PipelinedRequestsAreAnsweredInOrderOnOneConnection) {
  const std::string login = LoginBody("sklad", "wrong-password-1");
  auto c = Open();
  ASSERT_TRUE(
      c->Send("GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n"
              "POST /api/v1/sessions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json"
              "\r\nContent-Length: " +
              std::to_string(login.size()) + "\r\n\r\n" + login +
              "GET /api/v1/nowhere HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
  EXPECT_EQ(c->Read().status, 200);
  EXPECT_EQ(c->Read().status, 401);
  RawHttpReply last = c->Read();
  EXPECT_EQ(last.status, 404);
  EXPECT_EQ(last.Field("Connection"), "close");
  EXPECT_TRUE(c->ClosedWithin(2000));
}

TEST_F(HttpProtocolTest, Http10ClosesUnlessAskedToKeepAlive) {
  auto once = Open();
  ASSERT_TRUE(once->Send("GET /api/v1/health HTTP/1.0\r\n\r\n"));
  RawHttpReply r = once->Read();
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.Field("Connection"), "close");
  EXPECT_TRUE(once->ClosedWithin(2000));

  auto kept = Open();
  for (int i = 0; i < 2; ++i) {
    ASSERT_TRUE(kept->Send("GET /api/v1/health HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
    RawHttpReply again = kept->Read();
    EXPECT_EQ(again.status, 200);
    EXPECT_EQ(again.Field("Connection"), "keep-alive");
  }
  EXPECT_TRUE(kept->OpenAndSilent());
}

TEST_F(HttpProtocolTest, AHeadOver64KiBIs431AndTheConnectionCloses) {
  std::string head = "GET /api/v1/health HTTP/1.1\r\nHost: x\r\n";
  for (int i = 0; i < 9; ++i)
    head += "X-Filler-" + std::to_string(i) + ": " + std::string(8000, 'f') + "\r\n";
  auto c = Open();
  c->Send(head + "\r\n");
  RawHttpReply r = c->Read();
  EXPECT_TRUE(IsProblem(HttpReply{r.status, r.Field("Content-Type"), r.body}, 431)) << r.head;
  EXPECT_TRUE(c->ClosedWithin(3000));
  EXPECT_EQ(Exchange("GET /api/v1/health HTTP/1.1\r\n\r\n").status, 200);
}

// Started from its own temporary directory without --web, the server finds
// the build's web UI (or says where it looked), whatever the directory.
TEST_F(HttpProtocolTest, TheWebUiIsFoundFromAnyWorkingDirectory) {
  server_->Stop();
  server_->SetWebRoot("");
  ASSERT_NO_THROW(server_->Start());
  const std::string dist = std::filesystem::weakly_canonical(ZAPAS_WEB_DIST).string();
  RawHttpReply root = Exchange("GET / HTTP/1.1\r\n\r\n");
  if (std::filesystem::exists(dist + "/index.html")) {
    EXPECT_NE(server_->output().find("zapas: serving the web UI from " + dist + "\n"),
              std::string::npos)
        << server_->output();
    EXPECT_EQ(root.status, 200);
    EXPECT_EQ(root.Field("Content-Type"), "text/html; charset=utf-8");
    EXPECT_NE(root.body.find("<div id=\"app\">"), std::string::npos) << root.body;
    EXPECT_EQ(root.Field("Content-Security-Policy"), kPolicy);
  } else {
    EXPECT_NE(server_->output().find("no web UI found (looked in "), std::string::npos)
        << server_->output();
    EXPECT_NE(server_->output().find(dist), std::string::npos) << server_->output();
    EXPECT_EQ(root.status, 404);
  }
  // --web still wins, and says so when it holds nothing.
  server_->Stop();
  server_->SetWebRoot("/nonexistent");
  ASSERT_NO_THROW(server_->Start());
  EXPECT_NE(server_->output().find("no web UI at /nonexistent"), std::string::npos)
      << server_->output();
  EXPECT_EQ(Exchange("GET / HTTP/1.1\r\n\r\n").status, 404);
}

}  // namespace
}  // namespace zapas::testing
