// The fixture shared by the end-to-end HTTP tests: a fresh `zapas serve` on its
// own temporary database, the five users of CONTRACT.md's roles, and master
// data created through the admin API:
//   warehouses KYIV-1, LVIV-1; donor DE-HILFE (EUR);
//   items MED-IFAK (pcs, expiry tracked), FOOD-KIT (set, expiry tracked),
//         NFI-BLANKET (pcs, no expiry);
//   recipients MU-A1234 (military_unit, no personal data),
//              IDP-000117 (idp_household, with personal data).
#pragma once

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>

#include "tests/services/server_process.h"

namespace zapas::testing {

struct TestUser {
  std::string name;
  std::string password;
  std::string donor;
};

inline const std::map<std::string, TestUser>& TestUsers() {
  static const std::map<std::string, TestUser> users = {
      {"admin", {"admin", "admin-password-1", ""}},
      {"warehouse", {"sklad", "sklad-password-1", ""}},
      {"treasurer", {"kasa", "kasa-password-1", ""}},
      {"auditor", {"audit", "audit-password-1", ""}},
      {"donor", {"donor", "donor-password-1", "DE-HILFE"}},
  };
  return users;
}

// "<amount> <currency>" of a Money object, checking that amount is a string.
inline std::string MoneyText(const Poco::JSON::Object::Ptr& o, const std::string& key) {
  if (!o || !o->has(key)) return "<missing " + key + ">";
  auto m = o->getObject(key);
  if (!m) return "<" + key + " is not an object>";
  return Str(m, "amount") + " " + Str(m, "currency");
}

inline std::string MediaType(const std::string& content_type) {
  std::string t = content_type.substr(0, content_type.find(';'));
  while (!t.empty() && t.back() == ' ') t.pop_back();
  return t;
}

// An RFC 9457 problem reply with the given status.
inline ::testing::AssertionResult IsProblem(const HttpReply& r, int status) {
  if (r.status != status) {
    return ::testing::AssertionFailure()
           << "status " << r.status << ", expected " << status << "; body: " << r.body;
  }
  if (MediaType(r.content_type) != "application/problem+json") {
    return ::testing::AssertionFailure()
           << "Content-Type \"" << r.content_type << "\", expected application/problem+json";
  }
  Poco::JSON::Object::Ptr p;
  try {
    p = ParseObject(r.body);
  } catch (const std::exception& e) {
    return ::testing::AssertionFailure() << e.what();
  }
  for (const char* f : {"type", "title", "detail"}) {
    if (!p->has(f) || !p->get(f).isString() || p->get(f).extract<std::string>().empty()) {
      return ::testing::AssertionFailure() << "no string \"" << f << "\" in " << r.body;
    }
  }
  if (!p->has("status") || !p->get("status").isInteger() ||
      p->get("status").convert<int>() != status) {
    return ::testing::AssertionFailure() << "\"status\" is not " << status << " in " << r.body;
  }
  return ::testing::AssertionSuccess();
}

// The "field" of errors[0] of a problem body, or a marker.
inline std::string FirstErrorField(const HttpReply& r) {
  try {
    auto errors = Arr(ParseObject(r.body), "errors");
    return Str(At(errors, 0), "field");
  } catch (const std::exception& e) {
    return std::string("<") + e.what() + ">";
  }
}

class ZapasServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_NO_THROW(server_ = std::make_unique<ServerProcess>());
    for (const auto& [role, u] : TestUsers()) {
      ASSERT_EQ(server_->AddUser(u.name, role, u.password, u.donor), 0) << "user " << u.name;
    }
    ASSERT_NO_THROW(server_->Start());
    client_ = std::make_unique<HttpClient>(server_->port());
    ASSERT_NO_THROW(SeedMasterData());
  }

  void TearDown() override {
    client_.reset();
    if (server_ && server_->running()) {
      int status = server_->Stop();
      EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
          << "zapas serve did not stop cleanly on SIGTERM, wait status " << status << "; output:\n"
          << server_->output();
    }
    if (server_) ExpectLogHoldsNoSecret(server_->output());
    server_.reset();
  }

  // What the server printed — its line for every request, its error lines —
  // holds no password, token or personal data of the test's: checked after
  // every test of this fixture, so over the log of a whole test run.
  void ExpectLogHoldsNoSecret(const std::string& log) const {
    std::vector<std::string> secrets = issued_;
    for (const auto& [role, u] : TestUsers()) secrets.push_back(u.password);
    for (const char* personal : {"Олена", "+380501234567"}) secrets.emplace_back(personal);
    for (const std::string& secret : secrets) {
      EXPECT_EQ(log.find(secret), std::string::npos) << "the server's log holds " << secret;
    }
  }

  // After a restart: new port, and tokens issued before are gone.
  void Reconnect() {
    client_ = std::make_unique<HttpClient>(server_->port());
    tokens_.clear();
  }

  // Logs the role's user in (once) and returns the token.
  const std::string& Token(const std::string& role) {
    auto it = tokens_.find(role);
    if (it != tokens_.end()) return it->second;
    const TestUser& u = TestUsers().at(role);
    HttpReply r = client_->Post("/api/v1/sessions", LoginBody(u.name, u.password));
    if (r.status != 200) {
      throw std::runtime_error("login of " + u.name + " failed: " + std::to_string(r.status) + " " +
                               r.body);
    }
    issued_.push_back(Str(ParseObject(r.body), "token"));
    return tokens_[role] = issued_.back();
  }

  static std::string LoginBody(const std::string& name, const std::string& password) {
    return R"({"username":")" + name + R"(","password":")" + password + R"("})";
  }

  HttpReply Get(const std::string& path, const std::string& role = "admin") {
    return client_->Get("/api/v1" + path, Token(role));
  }
  HttpReply Post(const std::string& path, const std::string& body,
                 const std::string& role = "admin", const std::string& key = "") {
    return client_->Post("/api/v1" + path, body, Token(role), key);
  }

  // Posts and insists on `status`; returns the parsed reply.
  Poco::JSON::Object::Ptr Must(const std::string& path, const std::string& body,
                               const std::string& role = "admin", int status = 201) {
    HttpReply r = Post(path, body, role);
    if (r.status != status) {
      throw std::runtime_error("POST " + path + " " + body + " -> " + std::to_string(r.status) +
                               " " + r.body);
    }
    return ParseObject(r.body);
  }

  // Imports the sample NBU rates (2024-2026) as the treasurer.
  void ImportSampleRates() {
    std::ifstream in(std::string(ZAPAS_TEST_DATA) + "/nbu/rates-2024-2026.json", std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    HttpReply r = Post("/rates", text.str(), "treasurer");
    if (r.status != 201) throw std::runtime_error("POST /rates -> " + r.body.substr(0, 300));
  }

  void SeedMasterData() {
    Must("/warehouses", R"({"code":"KYIV-1","name":"Склад Київ","region":"Київська область"})");
    Must("/warehouses", R"({"code":"LVIV-1","name":"Склад Львів","region":"Львівська область"})");
    Must(
        "/donors",
        R"({"code":"DE-HILFE","name":"Ukraine-Hilfe Berlin e.V.","country":"DE","currency":"EUR"})");
    Must(
        "/items",
        R"({"sku":"MED-IFAK","name":{"uk":"Аптечка","en":"First-aid kit"},"unit":"pcs","category":"medical","expiry_tracked":true})");
    Must(
        "/items",
        R"({"sku":"FOOD-KIT","name":{"uk":"Продуктовий набір","en":"Food kit"},"unit":"set","category":"food","expiry_tracked":true})");
    Must(
        "/items",
        R"({"sku":"NFI-BLANKET","name":{"uk":"Ковдра","en":"Blanket"},"unit":"pcs","category":"shelter","expiry_tracked":false})");
    Must(
        "/recipients",
        R"({"code":"MU-A1234","kind":"military_unit","name":"Військова частина А1234","region":"Донецька область"})");
    Must(
        "/recipients",
        R"({"code":"IDP-000117","kind":"idp_household","name":"Домогосподарство ВПО 117","region":"Київська область","personal":{"names":["Олена"],"phone":"+380501234567","household_size":3}})");
  }

  static std::string ReceiptBody(const std::string& warehouse, const std::string& sku,
                                 const std::string& quantity, const std::string& lot,
                                 const std::string& expiry, const std::string& amount,
                                 const std::string& date = "2026-11-01",
                                 const std::string& currency = "EUR") {
    std::string line = R"({"sku":")" + sku + R"(","quantity":")" + quantity + "\"";
    if (!lot.empty()) line += R"(,"lot":")" + lot + "\"";
    if (!expiry.empty()) line += R"(,"expiry":")" + expiry + "\"";
    line += R"(,"unit_value":{"amount":")" + amount + R"(","currency":")" + currency + R"("}})";
    return R"({"warehouse":")" + warehouse + R"(","donor":"DE-HILFE","date":")" + date +
           R"(","reference":"DN-1","lines":[)" + line + "]}";
  }

  static std::string DeliveryBody(const std::string& warehouse, const std::string& sku,
                                  const std::string& quantity,
                                  const std::string& date = "2026-11-10",
                                  const std::string& recipient = "MU-A1234") {
    return R"({"warehouse":")" + warehouse + R"(","recipient":")" + recipient + R"(","date":")" +
           date + R"(","lines":[{"sku":")" + sku + R"(","quantity":")" + quantity + R"("}]})";
  }

  Poco::JSON::Object::Ptr Receive(const std::string& warehouse, const std::string& sku,
                                  const std::string& quantity, const std::string& lot,
                                  const std::string& expiry, const std::string& amount,
                                  const std::string& date = "2026-11-01") {
    return Must("/receipts", ReceiptBody(warehouse, sku, quantity, lot, expiry, amount, date),
                "warehouse");
  }

  // The reports a treasurer must be able to sign for from..to, each 200 (to
  // the treasurer), and `zapas verify` passing.
  void ExpectEveryReportAnswers(const std::string& from, const std::string& to) {
    const std::string period = "?from=" + from + "&to=" + to;
    for (const std::string& path :
         {"/reports/reconciliation" + period + "&currency=UAH", "/reports/audit.pdf" + period,
          "/reports/donor/DE-HILFE.pdf" + period, "/export/journal?to=" + to}) {
      HttpReply r = Get(path, "treasurer");
      EXPECT_EQ(r.status, 200) << path << ": " << r.body.substr(0, 400);
    }
    const std::string verify = server_->Run({"verify"});
    EXPECT_NE(verify.find("exit 0"), std::string::npos) << verify;
  }

  // The raw GET /stock reply body (as admin) for a query such as "?sku=X".
  std::string StockBody(const std::string& query = "") {
    HttpReply r = Get("/stock" + query);
    if (r.status != 200) {
      throw std::runtime_error("GET /stock" + query + " -> " + std::to_string(r.status) + " " +
                               r.body);
    }
    return r.body;
  }

  // The quantity of one lot in one warehouse per GET /stock; "0" when the
  // server lists no line for it (it omits zero balances).
  std::string StockQty(const std::string& warehouse, const std::string& sku,
                       const std::string& lot) {
    auto items = Arr(
        ParseObject(StockBody("?warehouse=" + warehouse + "&sku=" + sku + "&limit=1000")), "items");
    std::string found = "0";
    int matches = 0;
    for (size_t i = 0; i < items->size(); ++i) {
      auto line = At(items, i);
      if (Str(line, "warehouse") == warehouse && Str(line, "sku") == sku &&
          Str(line, "lot") == lot) {
        found = Str(line, "quantity");
        ++matches;
      }
    }
    if (matches > 1) throw std::runtime_error("lot " + lot + " listed twice");
    return found;
  }

  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<HttpClient> client_;
  std::map<std::string, std::string> tokens_;
  std::vector<std::string> issued_;  // every token Token() was given
};

}  // namespace zapas::testing
