// Every role against every endpoint: allowed (anything but 401/403) or 403,
// as CONTRACT.md's table says. The table is written here from the contract,
// not read from the server's routes, so the two are checked against each other.
#include <gtest/gtest.h>

#include <set>

#include "tests/services/fixture.h"

namespace zapas::testing {
namespace {

struct Endpoint {
  const char* method;
  const char* path;  // under /api/v1
  std::set<std::string> allowed;
};

const std::set<std::string> kAll = {"admin", "warehouse", "treasurer", "auditor", "donor"};
const std::set<std::string> kReaders = {"admin", "warehouse", "treasurer", "auditor"};
const std::set<std::string> kStaff = {"admin", "warehouse"};
const std::set<std::string> kTreasury = {"admin", "treasurer"};
const std::set<std::string> kTreasuryAndAuditor = {"admin", "treasurer", "auditor"};
const std::set<std::string> kDocuments = {"admin", "warehouse", "auditor"};

const std::vector<Endpoint>& Endpoints() {
  static const std::vector<Endpoint> kEndpoints = {
      {"POST", "/items", kStaff},
      {"GET", "/items", kReaders},
      {"POST", "/warehouses", {"admin"}},
      {"GET", "/warehouses", kReaders},
      {"POST", "/donors", {"admin"}},
      {"GET", "/donors", kReaders},
      {"POST", "/recipients", kStaff},
      {"GET", "/recipients", kReaders},
      {"GET", "/personal-reads", {"admin", "auditor"}},
      {"POST", "/receipts", kStaff},
      {"GET", "/receipts/1", kDocuments},
      {"GET", "/receipts/1/grn.pdf", kDocuments},
      {"POST", "/transfers", kStaff},
      {"GET", "/transfers/1", kDocuments},
      {"POST", "/deliveries", kStaff},
      {"GET", "/deliveries", kDocuments},
      {"POST", "/deliveries/preview", kStaff},
      {"GET", "/deliveries/1", kDocuments},
      {"GET", "/deliveries/1/waybill.pdf", kDocuments},
      {"POST", "/deliveries/1/confirm", kStaff},
      {"POST", "/adjustments", kStaff},
      {"GET", "/adjustments/1", kDocuments},
      {"POST", "/journal/1/reverse", kStaff},
      {"GET", "/reversals/1", kDocuments},
      {"GET", "/stock", kReaders},
      {"GET", "/stock/labels.pdf", kDocuments},
      {"POST", "/scan", kReaders},
      {"POST", "/requests", kStaff},
      {"GET", "/requests", kReaders},
      {"GET", "/requests/1", kReaders},
      {"POST", "/requests/1/cancel", kStaff},
      {"GET", "/reports/needs", kAll},
      {"GET", "/reports/needs.pdf", kAll},
      {"GET", "/export/hxl/needs", kAll},
      {"POST", "/returns", kStaff},
      {"GET", "/returns/1", kDocuments},
      {"POST", "/stocktakes", kStaff},
      {"GET", "/stocktakes", kDocuments},
      {"GET", "/stocktakes/1", kDocuments},
      {"GET", "/stocktakes/1/sheet.pdf", kDocuments},
      {"POST", "/stocktakes/1/counts", kStaff},
      {"POST", "/stocktakes/1/close", kStaff},
      {"POST", "/kits", kStaff},
      {"GET", "/kits", kReaders},
      {"GET", "/kits/MED-IFAK", kReaders},
      {"POST", "/assemblies", kStaff},
      {"POST", "/assemblies/preview", kStaff},
      {"GET", "/assemblies/1", kDocuments},
      {"POST", "/disassemblies", kStaff},
      {"GET", "/disassemblies/1", kDocuments},
      {"PUT", "/minimums/KYIV-1/MED-IFAK", kStaff},
      {"GET", "/minimums", kReaders},
      {"GET", "/alerts", kReaders},
      {"POST", "/rates", kTreasury},
      {"GET", "/rates", kReaders},
      {"POST", "/accounts", kTreasury},
      {"GET", "/accounts", kTreasuryAndAuditor},
      {"POST", "/cash/donations", kTreasury},
      {"POST", "/cash/payments", kTreasury},
      {"POST", "/cash/transfers", kTreasury},
      {"POST", "/cash/exchanges", kTreasury},
      {"POST", "/cash/fees", kTreasury},
      {"POST", "/periods/close", kTreasury},
      {"POST", "/periods/reopen", {"admin"}},
      {"PUT", "/rates/2026-11-27/USD", kTreasury},
      {"GET", "/periods", kTreasuryAndAuditor},
      {"POST", "/accounts/BK/statements", kTreasury},
      {"GET", "/accounts/BK/statements", kTreasuryAndAuditor},
      {"GET", "/reports/reconciliation", kTreasuryAndAuditor},
      {"GET", "/reports/audit.pdf", kTreasuryAndAuditor},
      {"GET", "/reports/donor/DE-HILFE.pdf", {"admin", "treasurer", "auditor", "donor"}},
      {"GET", "/export/journal", kTreasuryAndAuditor},
      {"GET", "/export/hxl/distributions", kTreasuryAndAuditor},
      {"GET", "/export/iati", kTreasuryAndAuditor},
      {"GET", "/export/items", kReaders},
      // Imports: the roles that create each kind.
      {"POST", "/import/items", kStaff},
      {"POST", "/import/recipients", kStaff},
      {"POST", "/import/receipts", kStaff},
      {"POST", "/import/cash", kTreasury},
      {"GET", "/journal", {"admin", "auditor"}},
      {"POST", "/users", {"admin"}},
      {"GET", "/users", {"admin"}},
      {"PATCH", "/users/kasa", {"admin"}},
      {"POST", "/sessions/password", kAll},
      {"GET", "/health", kAll},
      {"GET", "/verify/0000000000000000", kAll},
  };
  return kEndpoints;
}

class AccessTableTest : public ZapasServerTest {};

// Every role, and a warehouse user limited to one warehouse (who may call what
// a warehouse user may; what it may see and change there is
// users_http_test.cc's).
TEST_F(AccessTableTest, EveryRoleAgainstEveryEndpoint) {
  Must("/users", R"({"username":"sklad-kyiv","role":"warehouse","password":"sklad-kyiv-pass",)"
                 R"("warehouses":["KYIV-1"]})");
  HttpReply login = client_->Post("/api/v1/sessions", LoginBody("sklad-kyiv", "sklad-kyiv-pass"));
  ASSERT_EQ(login.status, 200) << login.body;
  std::map<std::string, std::string> tokens;  // role -> token
  for (const std::string& role : kAll) tokens[role] = Token(role);
  tokens["scoped"] = Str(ParseObject(login.body), "token");
  int checked = 0;
  for (const Endpoint& e : Endpoints()) {
    for (const auto& [role, token] : tokens) {
      const std::string path = std::string("/api/v1") + e.path;
      HttpReply r = std::string(e.method) == "GET" ? client_->Get(path, token)
                                                   : client_->Request(e.method, path, "{}", token);
      const bool allowed = e.allowed.count(role == "scoped" ? "warehouse" : role) > 0;
      if (allowed) {
        EXPECT_NE(r.status, 403) << role << " " << e.method << " " << e.path << ": " << r.body;
        EXPECT_NE(r.status, 401) << role << " " << e.method << " " << e.path;
      } else {
        EXPECT_TRUE(IsProblem(r, 403))
            << role << " " << e.method << " " << e.path << ": " << r.status << " " << r.body;
      }
      ++checked;
    }
  }
  EXPECT_EQ(checked, static_cast<int>(Endpoints().size() * (kAll.size() + 1)));
}

TEST_F(AccessTableTest, NoTokenIs401EverywhereButTheOpenEndpoints) {
  for (const Endpoint& e : Endpoints()) {
    if (e.allowed == kAll) continue;  // health and verify are open
    const std::string path = std::string("/api/v1") + e.path;
    HttpReply r = std::string(e.method) == "GET" ? client_->Get(path, "")
                                                 : client_->Request(e.method, path, "{}", "");
    EXPECT_TRUE(IsProblem(r, 401)) << e.method << " " << e.path << ": " << r.status;
  }
}

TEST_F(AccessTableTest, ADonorSeesItsOwnReportOnly) {
  Must("/donors", R"({"code":"US-AID","name":"US Aid","country":"US","currency":"USD"})");
  HttpReply other = Get("/reports/donor/US-AID.pdf?from=2026-01-01&to=2026-01-31", "donor");
  EXPECT_TRUE(IsProblem(other, 403)) << other.body;
}

}  // namespace
}  // namespace zapas::testing
