// Users over HTTP (POST/GET /users, PATCH /users/{name}), one's own password
// (POST /sessions/password), and per-warehouse scope: a warehouse user limited
// to KYIV-1 reads and writes only KYIV-1, from outside, as CONTRACT.md says.
#include <gtest/gtest.h>

#include "tests/services/fixture.h"

namespace zapas::testing {
namespace {

class UsersHttpTest : public ZapasServerTest {
 protected:
  HttpReply Patch(const std::string& path, const std::string& body, const std::string& token) {
    return client_->Request("PATCH", "/api/v1" + path, body, token);
  }
  HttpReply PostAs(const std::string& path, const std::string& body, const std::string& token) {
    return client_->Post("/api/v1" + path, body, token);
  }
  std::string LogIn(const std::string& name, const std::string& password) {
    HttpReply r = client_->Post("/api/v1/sessions", LoginBody(name, password));
    return r.status == 200 ? Str(ParseObject(r.body), "token") : "";
  }
  // Adds the warehouse user "olena", limited to KYIV-1, and logs her in.
  std::string AddScopedUser() {
    Must("/users", R"({"username":"olena","role":"warehouse","password":"Ластівка-2026",)"
                   R"("warehouses":["KYIV-1"]})");
    return LogIn("olena", "Ластівка-2026");
  }
  std::string UsersList() { return Get("/users").body; }
  // The number of journal entries (read as the admin).
  size_t JournalSize() {
    return Arr(ParseObject(Get("/journal?limit=1000").body), "items")->size();
  }
};

TEST_F(UsersHttpTest, AnAdminAddsListsAndChangesUsers) {
  HttpReply added =
      Post("/users", R"({"username":"olena","role":"warehouse","password":"Ластівка-2026",)"
                     R"("warehouses":["KYIV-1"]})");
  ASSERT_EQ(added.status, 201) << added.body;
  auto user = ParseObject(added.body);
  EXPECT_EQ(Str(user, "username"), "olena");
  EXPECT_EQ(Str(user, "role"), "warehouse");
  EXPECT_EQ(Arr(user, "warehouses")->size(), 1u);
  EXPECT_EQ(added.body.find("password"), std::string::npos) << added.body;
  EXPECT_EQ(added.body.find("argon2"), std::string::npos) << added.body;

  auto list = Arr(ParseObject(Get("/users").body), "items");
  std::vector<std::string> names;
  for (size_t i = 0; i < list->size(); ++i) names.push_back(Str(At(list, i), "username"));
  EXPECT_EQ(names, (std::vector<std::string>{"admin", "audit", "donor", "kasa", "olena", "sklad"}));
  // Paged like every list.
  auto page = ParseObject(Get("/users?limit=2").body);
  EXPECT_EQ(Arr(page, "items")->size(), 2u);
  EXPECT_EQ(Str(page, "next"), "audit");
  EXPECT_EQ(
      Str(At(Arr(ParseObject(Get("/users?limit=2&after=audit").body), "items"), 0), "username"),
      "donor");

  HttpReply changed =
      Patch("/users/olena", R"({"warehouses":["KYIV-1","LVIV-1"]})", Token("admin"));
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(Arr(ParseObject(changed.body), "warehouses")->size(), 2u);
  // Another role drops the warehouses.
  changed = Patch("/users/olena", R"({"role":"auditor"})", Token("admin"));
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(Arr(ParseObject(changed.body), "warehouses")->size(), 0u);
  // A Cyrillic name in the path, percent-encoded.
  ASSERT_EQ(
      Post("/users", R"({"username":"Андрій","role":"auditor","password":"соняшник-42"})").status,
      201);
  changed =
      Patch("/users/%D0%90%D0%BD%D0%B4%D1%80%D1%96%D0%B9", R"({"disabled":true})", Token("admin"));
  EXPECT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(LogIn("Андрій", "соняшник-42"), "");
}

TEST_F(UsersHttpTest, BadUsersAreRefusedAndNothingIsWritten) {
  const std::string before = UsersList();
  struct Case {
    std::string body;
    int status;
    std::string field;
  };
  for (
      const Case& c : std::vector<Case>{
          {R"({"username":"olena","role":"warehouse","password":"short"})", 422, "password"},
          {R"({"username":"olena","role":"warehouse","password":"1234567890"})", 422, "password"},
          {R"({"username":"olena","role":"warehouse","password":"QWERTYUIOP"})", 422, "password"},
          {R"({"username":"olena","role":"chief","password":"Ластівка-2026"})", 422, "role"},
          {R"({"username":"olena","role":"warehouse","password":"Ластівка-2026",)"
           R"("warehouses":["ODESA-9"]})",
           422, "warehouses[0]"},
          {R"({"username":"olena","role":"warehouse","password":"Ластівка-2026",)"
           R"("warehouses":"KYIV-1"})",
           422, "warehouses"},
          {R"({"username":"olena","role":"warehouse","password":"Ластівка-2026",)"
           R"("warehouses":[1]})",
           422, "warehouses[0]"},
          {R"({"username":"olena","role":"treasurer","password":"Ластівка-2026",)"
           R"("warehouses":["KYIV-1"]})",
           422, "warehouses"},
          {R"({"username":"olena","role":"donor","password":"Ластівка-2026"})", 422, "donor"},
          {R"({"username":"olena","role":"donor","password":"Ластівка-2026","donor":"XX"})", 422,
           "donor"},
          {R"({"username":"olena","role":"auditor","password":"Ластівка-2026","donor":"DE-HILFE"})",
           422, "donor"},
          {R"({"username":"olеna","role":"auditor","password":"Ластівка-2026"})", 422,
           "username"},  // a Cyrillic "е" among Latin letters
          {R"({"username":"SKLAD","role":"auditor","password":"Ластівка-2026"})", 409,
           "username"},  // "sklad" exists
          {R"({"username":"olena","role":"auditor"})", 422, "password"},
      }) {
    SCOPED_TRACE(c.body);
    HttpReply r = Post("/users", c.body);
    EXPECT_TRUE(IsProblem(r, c.status)) << r.status << " " << r.body;
    EXPECT_EQ(FirstErrorField(r), c.field) << r.body;
  }
  EXPECT_TRUE(IsProblem(Post("/users", "{\"username\":"), 400));
  // Only an admin.
  EXPECT_TRUE(
      IsProblem(Post("/users", R"({"username":"olena","role":"admin","password":"Ластівка-2026"})",
                     "warehouse"),
                403));
  EXPECT_EQ(UsersList(), before);
  EXPECT_EQ(LogIn("olena", "Ластівка-2026"), "");

  EXPECT_TRUE(IsProblem(Patch("/users/nobody", R"({"disabled":true})", Token("admin")), 404));
  EXPECT_TRUE(IsProblem(Patch("/users/kasa", R"({"warehouses":["KYIV-1"]})", Token("admin")), 422));
  EXPECT_TRUE(IsProblem(Patch("/users/kasa", R"({"disabled":"yes"})", Token("admin")), 422));
  EXPECT_TRUE(IsProblem(Patch("/users/kasa", R"({})", Token("admin")), 422));
  EXPECT_TRUE(IsProblem(Patch("/users/kasa", R"({"disabled":true})", Token("warehouse")), 403));
  // The last enabled admin stays one.
  EXPECT_TRUE(IsProblem(Patch("/users/admin", R"({"role":"auditor"})", Token("admin")), 409));
  EXPECT_TRUE(IsProblem(Patch("/users/admin", R"({"disabled":true})", Token("admin")), 409));
  EXPECT_EQ(UsersList(), before);
}

// The command line may add a donor's user before the donor: disabling that
// user still works; naming an unknown donor over HTTP does not.
TEST_F(UsersHttpTest, ADonorUserAddedBeforeItsDonorCanStillBeChanged) {
  ASSERT_EQ(server_->AddUser("fundraiser", "donor", "Ластівка-2026", "US-LATER"), 0);
  EXPECT_EQ(Patch("/users/fundraiser", R"({"disabled":true})", Token("admin")).status, 200);
  HttpReply named = Patch("/users/fundraiser", R"({"donor":"US-LATER"})", Token("admin"));
  EXPECT_TRUE(IsProblem(named, 422)) << named.body;
  EXPECT_EQ(FirstErrorField(named), "donor");
}

TEST_F(UsersHttpTest, AChangeTakesEffectOnTheUsersNextRequest) {
  const std::string olena = AddScopedUser();
  ASSERT_FALSE(olena.empty());
  EXPECT_EQ(PostAs("/receipts", ReceiptBody("KYIV-1", "NFI-BLANKET", "5", "B1", "", "1.00"), olena)
                .status,
            201);
  ASSERT_EQ(Patch("/users/olena", R"({"role":"auditor"})", Token("admin")).status, 200);
  EXPECT_TRUE(IsProblem(
      PostAs("/receipts", ReceiptBody("KYIV-1", "NFI-BLANKET", "5", "B2", "", "1.00"), olena),
      403));
  EXPECT_EQ(client_->Get("/api/v1/journal", olena).status, 200);  // an auditor reads it
  ASSERT_EQ(Patch("/users/olena", R"({"disabled":true})", Token("admin")).status, 200);
  EXPECT_TRUE(IsProblem(client_->Get("/api/v1/journal", olena), 401));
  EXPECT_EQ(LogIn("olena", "Ластівка-2026"), "");
  ASSERT_EQ(Patch("/users/olena", R"({"disabled":false})", Token("admin")).status, 200);
  EXPECT_NE(LogIn("olena", "Ластівка-2026"), "");
}

TEST_F(UsersHttpTest, AScopedUserSeesAndChangesOnlyItsWarehouses) {
  const auto kyiv = Receive("KYIV-1", "NFI-BLANKET", "10", "B-K", "", "2.00");
  const auto lviv = Receive("LVIV-1", "NFI-BLANKET", "10", "B-L", "", "2.00");
  const auto lviv_delivery =
      Must("/deliveries", DeliveryBody("LVIV-1", "NFI-BLANKET", "1"), "warehouse");
  const std::string lviv_id = Str(lviv_delivery, "id");
  const std::string olena = AddScopedUser();
  ASSERT_FALSE(olena.empty());

  // Lists and stock leave LVIV-1 out.
  const std::string warehouses = client_->Get("/api/v1/warehouses", olena).body;
  EXPECT_NE(warehouses.find("KYIV-1"), std::string::npos) << warehouses;
  EXPECT_EQ(warehouses.find("LVIV-1"), std::string::npos) << warehouses;
  const std::string stock = client_->Get("/api/v1/stock", olena).body;
  EXPECT_NE(stock.find("B-K"), std::string::npos) << stock;
  EXPECT_EQ(stock.find("LVIV-1"), std::string::npos) << stock;
  EXPECT_TRUE(IsProblem(client_->Get("/api/v1/stock?warehouse=LVIV-1", olena), 403));
  EXPECT_EQ(client_->Get("/api/v1/deliveries", olena).body.find("LVIV-1"), std::string::npos);
  // Documents of LVIV-1 are not hers.
  for (const std::string& path :
       {"/receipts/" + Str(lviv, "id"), "/receipts/" + Str(lviv, "id") + "/grn.pdf",
        "/deliveries/" + lviv_id, "/deliveries/" + lviv_id + "/waybill.pdf"}) {
    EXPECT_TRUE(IsProblem(client_->Get("/api/v1" + path, olena), 403)) << path;
  }
  EXPECT_EQ(client_->Get("/api/v1/receipts/" + Str(kyiv, "id") + "/grn.pdf", olena).status, 200);

  // Every write naming LVIV-1 is 403 and writes nothing.
  const size_t journal = JournalSize();
  for (
      const auto& [path, body] : std::vector<std::pair<std::string, std::string>>{
          {"/receipts", ReceiptBody("LVIV-1", "NFI-BLANKET", "1", "B-X", "", "1.00")},
          {"/deliveries", DeliveryBody("LVIV-1", "NFI-BLANKET", "1")},
          {"/deliveries", DeliveryBody("LVIV-1", "NFI-BLANKET", "1000")},  // 403, not 409
          {"/deliveries/preview", DeliveryBody("LVIV-1", "NFI-BLANKET", "1")},
          {"/transfers",
           R"({"from":"KYIV-1","to":"LVIV-1","date":"2026-11-10","lines":[{"sku":"NFI-BLANKET","quantity":"1"}]})"},
          {"/transfers",
           R"({"from":"LVIV-1","to":"KYIV-1","date":"2026-11-10","lines":[{"sku":"NFI-BLANKET","quantity":"1"}]})"},
          {"/adjustments",
           R"({"warehouse":"LVIV-1","date":"2026-11-10","reason":"lost","lines":[{"sku":"NFI-BLANKET","lot":"B-L","quantity":"-1"}]})"},
          {"/journal/" + lviv_id + "/reverse", R"({"reason":"wrong unit"})"},
          {"/deliveries/" + lviv_id + "/confirm",
           R"({"received_by":"Іван","received_at":"2026-11-10T10:00:00Z"})"},
      }) {
    SCOPED_TRACE(path + " " + body);
    EXPECT_TRUE(IsProblem(PostAs(path, body, olena), 403));
  }
  EXPECT_EQ(JournalSize(), journal);
  EXPECT_EQ(StockQty("LVIV-1", "NFI-BLANKET", "B-L"), "9");

  // Her own warehouse works as for any warehouse user.
  HttpReply delivered = PostAs("/deliveries", DeliveryBody("KYIV-1", "NFI-BLANKET", "2"), olena);
  ASSERT_EQ(delivered.status, 201) << delivered.body;
  const std::string id = Str(ParseObject(delivered.body), "id");
  EXPECT_EQ(client_->Get("/api/v1/deliveries/" + id + "/waybill.pdf", olena).status, 200);
  EXPECT_EQ(PostAs("/journal/" + id + "/reverse", R"({"reason":"wrong unit"})", olena).status, 201);
  // An unknown warehouse is still 422 (unknown), not 403.
  EXPECT_TRUE(
      IsProblem(PostAs("/deliveries", DeliveryBody("ODESA-9", "NFI-BLANKET", "1"), olena), 422));
}

// A spreadsheet of receipts is checked row by row against the scope: a row
// for another warehouse is a bad row, and nothing of the file is written.
TEST_F(UsersHttpTest, AScopedUsersSpreadsheetNamingAnotherWarehouseWritesNothing) {
  const std::string olena = AddScopedUser();
  ASSERT_FALSE(olena.empty());
  const std::string csv =
      "warehouse,donor,date,reference,sku,quantity,lot,unit_value_amount,unit_value_currency\n"
      "KYIV-1,DE-HILFE,2026-11-02,DN-9,NFI-BLANKET,5,B-9,1.00,EUR\n"
      "LVIV-1,DE-HILFE,2026-11-02,DN-10,NFI-BLANKET,5,B-10,1.00,EUR\n";
  const size_t journal = JournalSize();
  HttpReply r = client_->Request("POST", "/api/v1/import/receipts", csv, olena, "",
                                 "text/csv; charset=utf-8");
  ASSERT_TRUE(IsProblem(r, 422)) << r.body;
  auto errors = Arr(ParseObject(r.body), "errors");
  ASSERT_EQ(errors->size(), 1u) << r.body;
  EXPECT_EQ(At(errors, 0)->getValue<int>("line"), 3);
  EXPECT_NE(r.body.find("may not use the warehouse LVIV-1"), std::string::npos) << r.body;
  EXPECT_EQ(JournalSize(), journal);
}

TEST_F(UsersHttpTest, ChangingOnesPasswordEndsTheOtherSessions) {
  const std::string first = LogIn("sklad", "sklad-password-1");
  const std::string second = LogIn("sklad", "sklad-password-1");
  ASSERT_FALSE(first.empty());
  // A wrong old password, a weak new one, the same one: 422, nothing changes.
  EXPECT_TRUE(IsProblem(
      PostAs("/sessions/password", R"({"old":"not-my-password","new":"ячмінь-2026-x"})", first),
      422));
  EXPECT_TRUE(IsProblem(
      PostAs("/sessions/password", R"({"old":"sklad-password-1","new":"qwertyuiop"})", first),
      422));
  EXPECT_TRUE(IsProblem(
      PostAs("/sessions/password", R"({"old":"sklad-password-1","new":"sklad-password-1"})", first),
      422));
  EXPECT_EQ(client_->Get("/api/v1/stock", second).status, 200);

  HttpReply changed =
      PostAs("/sessions/password", R"({"old":"sklad-password-1","new":"ячмінь-2026-x"})", first);
  ASSERT_EQ(changed.status, 200) << changed.body;
  EXPECT_EQ(client_->Get("/api/v1/stock", first).status, 200);  // this session goes on
  EXPECT_TRUE(IsProblem(client_->Get("/api/v1/stock", second), 401));
  EXPECT_EQ(LogIn("sklad", "sklad-password-1"), "");
  EXPECT_NE(LogIn("sklad", "ячмінь-2026-x"), "");

  // Logging out ends this session too.
  EXPECT_EQ(client_->Request("DELETE", "/api/v1/sessions", "", first).status, 200);
  EXPECT_TRUE(IsProblem(client_->Get("/api/v1/stock", first), 401));
}

TEST_F(UsersHttpTest, TheCommandLineLimitsAUserToWarehouses) {
  EXPECT_NE(server_->AddUser("olena", "warehouse", "Ластівка-2026", "", "ODESA-9"), 0);
  EXPECT_NE(server_->AddUser("olena", "treasurer", "Ластівка-2026", "", "KYIV-1"), 0);
  ASSERT_EQ(server_->AddUser("olena", "warehouse", "Ластівка-2026", "", "KYIV-1"), 0);
  const std::string olena = LogIn("olena", "Ластівка-2026");
  ASSERT_FALSE(olena.empty());
  const std::string warehouses = client_->Get("/api/v1/warehouses", olena).body;
  EXPECT_EQ(warehouses.find("LVIV-1"), std::string::npos) << warehouses;
  EXPECT_NE(Get("/users").body.find(R"("warehouses":["KYIV-1"])"), std::string::npos);
}

}  // namespace
}  // namespace zapas::testing
