// Sessions from outside: a login form of another web site cannot lock anyone
// out, the Bearer scheme is read in any case, and a logout stops its token at
// once while the user's other sessions go on.
#include <gtest/gtest.h>

#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>

#include <iterator>

#include "tests/services/fixture.h"

namespace zapas::testing {
namespace {

class SessionsTest : public ZapasServerTest {};

TEST_F(SessionsTest, ALoginFormOfAnotherSiteIsRefusedAndLocksNobodyOut) {
  // What an HTML form on any web page can send without the user knowing.
  const std::string body = LoginBody("kasa", "wrong-password");
  for (const char* type :
       {"application/x-www-form-urlencoded", "text/plain", "multipart/form-data; boundary=x", ""}) {
    for (int i = 0; i < 8; ++i) {
      HttpReply r = client_->Request("POST", "/api/v1/sessions", body, "", "", type);
      ASSERT_TRUE(IsProblem(r, 415)) << "Content-Type \"" << type << "\" try " << i;
    }
  }
  // The user was never locked out.
  HttpReply ok = client_->Post("/api/v1/sessions", LoginBody("kasa", "kasa-password-1"));
  EXPECT_EQ(ok.status, 200) << ok.body;
}

TEST_F(SessionsTest, AJsonBodyMustSayItIsJson) {
  const std::string body = ReceiptBody("KYIV-1", "NFI-BLANKET", "1", "", "", "1.00");
  for (const char* type : {"application/x-www-form-urlencoded", "text/plain", ""}) {
    HttpReply r = client_->Request("POST", "/api/v1/receipts", body, Token("warehouse"), "", type);
    EXPECT_TRUE(IsProblem(r, 415)) << "Content-Type \"" << type << "\"";
  }
  EXPECT_EQ(StockQty("KYIV-1", "NFI-BLANKET", "GRN-2026-000001/1"), "0");
  for (const char* type :
       {"application/json", "Application/JSON; charset=utf-8", "application/problem+json"}) {
    HttpReply r = client_->Request("POST", "/api/v1/receipts", body, Token("warehouse"), "", type);
    EXPECT_EQ(r.status, 201) << "Content-Type \"" << type << "\": " << r.body;
  }
}

TEST_F(SessionsTest, TheBearerSchemeIsReadInAnyCase) {
  // The status of GET /items with this Authorization header.
  auto status_with = [&](const std::string& auth) {
    Poco::Net::HTTPClientSession session("127.0.0.1", static_cast<uint16_t>(server_->port()));
    Poco::Net::HTTPRequest request("GET", "/api/v1/items", Poco::Net::HTTPMessage::HTTP_1_1);
    request.set("Authorization", auth);
    session.sendRequest(request);
    Poco::Net::HTTPResponse response;
    std::istream& in = session.receiveResponse(response);
    std::string reply((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return static_cast<int>(response.getStatus());
  };
  const std::string token = Token("auditor");
  for (const std::string& auth :
       {"Bearer " + token, "bearer " + token, "BEARER  " + token, "  bEaReR\t" + token + " "}) {
    EXPECT_EQ(status_with(auth), 200) << "\"" << auth << "\"";
  }
  for (const std::string& auth :
       {"Basic " + token, std::string("Bearer"), "Bearer" + token, token}) {
    EXPECT_EQ(status_with(auth), 401) << "\"" << auth << "\"";
  }
}

TEST_F(SessionsTest, ALogoutStopsItsTokenAtOnceAndNoOther) {
  const TestUser& u = TestUsers().at("warehouse");
  auto login = [&] {
    HttpReply r = client_->Post("/api/v1/sessions", LoginBody(u.name, u.password));
    EXPECT_EQ(r.status, 200) << r.body;
    return Str(ParseObject(r.body), "token");
  };
  const std::string phone = login();
  const std::string laptop = login();
  HttpReply out = client_->Request("DELETE", "/api/v1/sessions", "", phone);
  ASSERT_EQ(out.status, 200) << out.body;
  EXPECT_EQ(Str(ParseObject(out.body), "username"), u.name);
  EXPECT_TRUE(IsProblem(client_->Get("/api/v1/stock", phone), 401));
  EXPECT_EQ(client_->Get("/api/v1/stock", laptop).status, 200);
  // Logging out twice, or without a token, is 401: there is no session.
  EXPECT_TRUE(IsProblem(client_->Request("DELETE", "/api/v1/sessions", "", phone), 401));
  EXPECT_TRUE(IsProblem(client_->Request("DELETE", "/api/v1/sessions", ""), 401));
}

}  // namespace
}  // namespace zapas::testing
