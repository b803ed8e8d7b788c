// End-to-end tests of the HTTP contract (CONTRACT.md) against a real
// `zapas serve` on loopback with a temporary database (SQLite or PostgreSQL,
// see server_process.h). Every test gets its own server and directory (see
// fixture.h).
#include <Poco/JSON/Stringifier.h>
#include <Poco/URI.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <mutex>
#include <regex>
#include <set>
#include <sstream>
#include <thread>
#include <vector>

#include "tests/services/fixture.h"

namespace zapas::testing {
namespace {

using Poco::JSON::Object;

class HttpTest : public ZapasServerTest {};

std::string Stringify(const Poco::Dynamic::Var& v) {
  std::ostringstream out;
  Poco::JSON::Stringifier::stringify(v, out);
  return out.str();
}

// ---- health and sessions ----

TEST_F(HttpTest, HealthAnswersWithoutToken) {
  HttpReply r = client_->Get("/api/v1/health");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(MediaType(r.content_type), "application/json");
  auto body = ParseObject(r.body);
  EXPECT_EQ(Str(body, "status"), "ok");
  ASSERT_TRUE(body->has("version")) << r.body;
  EXPECT_TRUE(body->get("version").isString()) << r.body;
}

TEST_F(HttpTest, EveryRoleLogsIn) {
  const std::regex rfc3339(R"(^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$)");
  for (const auto& [role, user] : TestUsers()) {
    SCOPED_TRACE(role);
    HttpReply r = client_->Post("/api/v1/sessions", LoginBody(user.name, user.password));
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(MediaType(r.content_type), "application/json");
    auto body = ParseObject(r.body);
    const std::string token = Str(body, "token");
    EXPECT_FALSE(token.empty());
    EXPECT_EQ(token.find('<'), std::string::npos) << r.body;
    EXPECT_EQ(Str(body, "role"), role);
    EXPECT_TRUE(std::regex_match(Str(body, "expires_at"), rfc3339)) << r.body;
    // The token works.
    HttpReply items = client_->Get("/api/v1/items", token);
    EXPECT_EQ(items.status, role == "donor" ? 403 : 200) << items.body;
  }
}

TEST_F(HttpTest, WrongPasswordIs401) {
  HttpReply r = client_->Post("/api/v1/sessions", LoginBody("admin", "not-the-password"));
  EXPECT_TRUE(IsProblem(r, 401));
  EXPECT_EQ(r.body.find("\"token\""), std::string::npos) << r.body;

  HttpReply unknown = client_->Post("/api/v1/sessions", LoginBody("nobody", "whatever-pass"));
  EXPECT_TRUE(IsProblem(unknown, 401));
  EXPECT_EQ(unknown.body.find("\"token\""), std::string::npos) << unknown.body;
}

TEST_F(HttpTest, UserAddedWhileServingLogsInAtOnce) {
  ASSERT_TRUE(server_->running());
  ASSERT_EQ(server_->AddUser("nova", "warehouse", "nova-password-1"), 0);
  HttpReply r = client_->Post("/api/v1/sessions", LoginBody("nova", "nova-password-1"));
  ASSERT_EQ(r.status, 200) << r.body;
  auto body = ParseObject(r.body);
  EXPECT_EQ(Str(body, "role"), "warehouse");
  HttpReply stock = client_->Get("/api/v1/stock", Str(body, "token"));
  EXPECT_EQ(stock.status, 200) << stock.body;
}

// ---- receipts and first-expiry-first-out deliveries ----

TEST_F(HttpTest, DeliveryPicksEarlierExpiryFirst) {
  const std::regex grn(R"(^GRN-2026-\d{6}$)");
  auto late = Receive("KYIV-1", "MED-IFAK", "10", "IFAK-LATE", "2028-06-30", "2.50", "2026-11-01");
  EXPECT_FALSE(Str(late, "id").empty());
  EXPECT_TRUE(std::regex_match(Str(late, "number"), grn)) << Str(late, "number");
  auto early = Receive("KYIV-1", "MED-IFAK", "5", "IFAK-EARLY", "2027-03-31", "3.10", "2026-11-02");
  EXPECT_TRUE(std::regex_match(Str(early, "number"), grn)) << Str(early, "number");
  EXPECT_NE(Str(early, "number"), Str(late, "number"));
  EXPECT_NE(Str(early, "id"), Str(late, "id"));
  // An even earlier lot in the other warehouse must not be picked.
  Receive("LVIV-1", "MED-IFAK", "4", "IFAK-LVIV", "2027-01-31", "3.00", "2026-11-01");

  HttpReply r =
      Post("/deliveries", DeliveryBody("KYIV-1", "MED-IFAK", "7", "2026-11-10"), "warehouse");
  ASSERT_EQ(r.status, 201) << r.body;
  auto d = ParseObject(r.body);
  EXPECT_FALSE(Str(d, "id").empty());
  EXPECT_FALSE(Str(d, "waybill").empty());
  auto lines = Arr(d, "lines");
  ASSERT_EQ(lines->size(), 2u) << r.body;
  auto first = At(lines, 0);
  EXPECT_EQ(Str(first, "sku"), "MED-IFAK");
  EXPECT_EQ(Str(first, "lot"), "IFAK-EARLY");
  EXPECT_EQ(Str(first, "expiry"), "2027-03-31");
  EXPECT_EQ(Str(first, "quantity"), "5");
  EXPECT_EQ(MoneyText(first, "value"), "15.50 EUR");
  auto second = At(lines, 1);
  EXPECT_EQ(Str(second, "sku"), "MED-IFAK");
  EXPECT_EQ(Str(second, "lot"), "IFAK-LATE");
  EXPECT_EQ(Str(second, "expiry"), "2028-06-30");
  EXPECT_EQ(Str(second, "quantity"), "2");
  EXPECT_EQ(MoneyText(second, "value"), "5.00 EUR");

  auto stock = Arr(ParseObject(StockBody("?sku=MED-IFAK&warehouse=KYIV-1")), "items");
  ASSERT_EQ(stock->size(), 1u) << Stringify(stock);
  auto line = At(stock, 0);
  EXPECT_EQ(Str(line, "warehouse"), "KYIV-1");
  EXPECT_EQ(Str(line, "sku"), "MED-IFAK");
  EXPECT_EQ(Str(line, "lot"), "IFAK-LATE");
  EXPECT_EQ(Str(line, "expiry"), "2028-06-30");
  EXPECT_EQ(Str(line, "quantity"), "8");
  EXPECT_EQ(MoneyText(line, "value"), "20.00 EUR");
  EXPECT_EQ(StockQty("LVIV-1", "MED-IFAK", "IFAK-LVIV"), "4");
}

TEST_F(HttpTest, DeliveryPreviewShowsTheLotsTheDeliveryThenTakesAndWritesNothing) {
  Receive("KYIV-1", "MED-IFAK", "10", "IFAK-LATE", "2028-06-30", "2.50", "2026-11-01");
  Receive("KYIV-1", "MED-IFAK", "5", "IFAK-EARLY", "2027-03-31", "3.10", "2026-11-02");
  const std::string body = DeliveryBody("KYIV-1", "MED-IFAK", "7", "2026-11-10");
  const std::string before = StockBody();

  HttpReply preview = Post("/deliveries/preview", body, "warehouse");
  ASSERT_EQ(preview.status, 200) << preview.body;
  auto p = ParseObject(preview.body);
  EXPECT_FALSE(p->has("id"));
  EXPECT_FALSE(p->has("waybill"));
  EXPECT_EQ(StockBody(), before);

  HttpReply made = Post("/deliveries", body, "warehouse");
  ASSERT_EQ(made.status, 201) << made.body;
  auto d = ParseObject(made.body);
  // The first delivery still gets the first number: the preview used none.
  EXPECT_EQ(Str(d, "waybill"), "WB-2026-000001");
  EXPECT_EQ(Stringify(Arr(p, "lines")), Stringify(Arr(d, "lines")));
  EXPECT_EQ(Stringify(Arr(p, "totals")), Stringify(Arr(d, "totals")));

  HttpReply short_of_stock = Post(
      "/deliveries/preview", DeliveryBody("KYIV-1", "MED-IFAK", "9", "2026-11-10"), "warehouse");
  EXPECT_TRUE(IsProblem(short_of_stock, 409));
  EXPECT_EQ(FirstErrorField(short_of_stock), "lines[0].quantity");
  HttpReply invalid =
      Post("/deliveries/preview", R"({"warehouse":"KYIV-1","recipient":"MU-A1234","lines":[]})",
           "warehouse");
  EXPECT_TRUE(IsProblem(invalid, 422));
  EXPECT_TRUE(IsProblem(Post("/deliveries/preview", body, "treasurer"), 403));
}

TEST_F(HttpTest, ExpiredLotsAreNotPickedAndGivenLotsAreUsed) {
  Receive("KYIV-1", "MED-IFAK", "10", "IFAK-OLD", "2026-11-05", "1.00", "2026-11-01");
  Receive("KYIV-1", "MED-IFAK", "10", "IFAK-NEW", "2027-11-05", "2.00", "2026-11-01");

  // On 2026-11-10 IFAK-OLD has expired: only IFAK-NEW's 10 can leave.
  const std::string before = StockBody();
  HttpReply over =
      Post("/deliveries", DeliveryBody("KYIV-1", "MED-IFAK", "11", "2026-11-10"), "warehouse");
  EXPECT_TRUE(IsProblem(over, 409));
  EXPECT_EQ(StockBody(), before);
  HttpReply late =
      Post("/deliveries", DeliveryBody("KYIV-1", "MED-IFAK", "3", "2026-11-10"), "warehouse");
  ASSERT_EQ(late.status, 201) << late.body;
  auto late_lines = Arr(ParseObject(late.body), "lines");
  ASSERT_EQ(late_lines->size(), 1u) << late.body;
  EXPECT_EQ(Str(At(late_lines, 0), "lot"), "IFAK-NEW");
  EXPECT_EQ(Str(At(late_lines, 0), "quantity"), "3");
  EXPECT_EQ(MoneyText(At(late_lines, 0), "value"), "6.00 EUR");

  // Before it expires, IFAK-OLD goes first ...
  HttpReply early =
      Post("/deliveries", DeliveryBody("KYIV-1", "MED-IFAK", "2", "2026-11-03"), "warehouse");
  ASSERT_EQ(early.status, 201) << early.body;
  auto early_lines = Arr(ParseObject(early.body), "lines");
  ASSERT_EQ(early_lines->size(), 1u) << early.body;
  EXPECT_EQ(Str(At(early_lines, 0), "lot"), "IFAK-OLD");
  EXPECT_EQ(MoneyText(At(early_lines, 0), "value"), "2.00 EUR");

  // ... unless the lot is given.
  HttpReply given = Post(
      "/deliveries",
      R"({"warehouse":"KYIV-1","recipient":"MU-A1234","date":"2026-11-03","lines":[{"sku":"MED-IFAK","quantity":"1","lot":"IFAK-NEW"}]})",
      "warehouse");
  ASSERT_EQ(given.status, 201) << given.body;
  auto given_lines = Arr(ParseObject(given.body), "lines");
  ASSERT_EQ(given_lines->size(), 1u) << given.body;
  EXPECT_EQ(Str(At(given_lines, 0), "lot"), "IFAK-NEW");

  EXPECT_EQ(StockQty("KYIV-1", "MED-IFAK", "IFAK-OLD"), "8");
  EXPECT_EQ(StockQty("KYIV-1", "MED-IFAK", "IFAK-NEW"), "6");
  auto expiring = Arr(ParseObject(StockBody("?expiring_before=2027-01-01")), "items");
  ASSERT_EQ(expiring->size(), 1u) << Stringify(expiring);
  EXPECT_EQ(Str(At(expiring, 0), "lot"), "IFAK-OLD");
  EXPECT_EQ(Str(At(expiring, 0), "quantity"), "8");
}

TEST_F(HttpTest, OverDeliveryIs409AndNothingMoves) {
  Receive("KYIV-1", "NFI-BLANKET", "10", "BL-1", "", "8.00");
  const std::string before = StockBody();

  HttpReply r = Post("/deliveries", DeliveryBody("KYIV-1", "NFI-BLANKET", "11"), "warehouse");
  EXPECT_TRUE(IsProblem(r, 409));
  EXPECT_EQ(StockBody(), before);

  // One good line and one short line: the whole delivery is refused.
  HttpReply mixed = Post(
      "/deliveries",
      R"({"warehouse":"KYIV-1","recipient":"MU-A1234","date":"2026-11-10","lines":[{"sku":"NFI-BLANKET","quantity":"4"},{"sku":"MED-IFAK","quantity":"1"}]})",
      "warehouse");
  EXPECT_TRUE(IsProblem(mixed, 409));
  EXPECT_EQ(StockBody(), before);

  // Nothing was held back by the refused requests.
  HttpReply all = Post("/deliveries", DeliveryBody("KYIV-1", "NFI-BLANKET", "10"), "warehouse");
  EXPECT_EQ(all.status, 201) << all.body;
  EXPECT_EQ(StockQty("KYIV-1", "NFI-BLANKET", "BL-1"), "0");
}

TEST_F(HttpTest, BackDatedDeliveryThatWouldGoNegativeLaterIs409) {
  Receive("KYIV-1", "FOOD-KIT", "10", "FK-B", "2027-12-31", "12.50", "2026-11-01");
  HttpReply later =
      Post("/deliveries", DeliveryBody("KYIV-1", "FOOD-KIT", "8", "2026-11-10"), "warehouse");
  ASSERT_EQ(later.status, 201) << later.body;
  const std::string before = StockBody();

  // On 2026-11-05 there were 10, but the balance from 2026-11-10 on would be -3.
  HttpReply back =
      Post("/deliveries", DeliveryBody("KYIV-1", "FOOD-KIT", "5", "2026-11-05"), "warehouse");
  EXPECT_TRUE(IsProblem(back, 409));
  EXPECT_EQ(StockBody(), before);

  // Taking what stays available on every later date is fine.
  HttpReply ok =
      Post("/deliveries", DeliveryBody("KYIV-1", "FOOD-KIT", "2", "2026-11-05"), "warehouse");
  EXPECT_EQ(ok.status, 201) << ok.body;
  EXPECT_EQ(StockQty("KYIV-1", "FOOD-KIT", "FK-B"), "0");
}

// ---- idempotency ----

TEST_F(HttpTest, IdempotencyKeyReplaysTheOriginalResponse) {
  Receive("KYIV-1", "FOOD-KIT", "10", "FK-1", "2027-12-31", "12.50");
  const std::string body = DeliveryBody("KYIV-1", "FOOD-KIT", "3");

  HttpReply first = Post("/deliveries", body, "warehouse", "delivery-key-1");
  ASSERT_EQ(first.status, 201) << first.body;
  auto a = ParseObject(first.body);
  EXPECT_EQ(StockQty("KYIV-1", "FOOD-KIT", "FK-1"), "7");

  HttpReply again = Post("/deliveries", body, "warehouse", "delivery-key-1");
  EXPECT_EQ(again.status, first.status) << again.body;
  auto b = ParseObject(again.body);
  EXPECT_EQ(Str(b, "id"), Str(a, "id"));
  EXPECT_EQ(Str(b, "waybill"), Str(a, "waybill"));
  EXPECT_EQ(again.body, first.body);
  EXPECT_EQ(StockQty("KYIV-1", "FOOD-KIT", "FK-1"), "7");

  // The same key with another body is a conflict, and writes nothing.
  HttpReply other =
      Post("/deliveries", DeliveryBody("KYIV-1", "FOOD-KIT", "4"), "warehouse", "delivery-key-1");
  EXPECT_TRUE(IsProblem(other, 409));
  EXPECT_EQ(StockQty("KYIV-1", "FOOD-KIT", "FK-1"), "7");

  // Without a key the same body is a new delivery.
  HttpReply fresh = Post("/deliveries", body, "warehouse");
  ASSERT_EQ(fresh.status, 201) << fresh.body;
  auto c = ParseObject(fresh.body);
  EXPECT_NE(Str(c, "id"), Str(a, "id"));
  EXPECT_NE(Str(c, "waybill"), Str(a, "waybill"));
  EXPECT_EQ(StockQty("KYIV-1", "FOOD-KIT", "FK-1"), "4");
}

TEST_F(HttpTest, IdempotencyKeyOnReceipts) {
  const std::string body = ReceiptBody("KYIV-1", "NFI-BLANKET", "10", "BL-I", "", "8.00");
  HttpReply first = Post("/receipts", body, "warehouse", "grn-key-1");
  ASSERT_EQ(first.status, 201) << first.body;
  HttpReply again = Post("/receipts", body, "warehouse", "grn-key-1");
  EXPECT_EQ(again.status, 201) << again.body;
  auto a = ParseObject(first.body);
  auto b = ParseObject(again.body);
  EXPECT_EQ(Str(b, "id"), Str(a, "id"));
  EXPECT_EQ(Str(b, "number"), Str(a, "number"));
  EXPECT_EQ(StockQty("KYIV-1", "NFI-BLANKET", "BL-I"), "10");
}

// ---- malformed and invalid requests ----

TEST_F(HttpTest, MalformedJsonIs400Problem) {
  Receive("KYIV-1", "NFI-BLANKET", "10", "BL-M", "", "8.00");
  const std::string before = StockBody();
  HttpReply r = Post("/deliveries", R"({"warehouse":"KYIV-1","lines":[)", "warehouse");
  EXPECT_TRUE(IsProblem(r, 400));
  HttpReply junk = Post("/items", "this is not json", "admin");
  EXPECT_TRUE(IsProblem(junk, 400));
  EXPECT_EQ(StockBody(), before);
}

TEST_F(HttpTest, MissingOrUnknownTokenIs401) {
  EXPECT_TRUE(IsProblem(client_->Get("/api/v1/stock"), 401));
  EXPECT_TRUE(IsProblem(client_->Get("/api/v1/items", "0123456789abcdef"), 401));
  EXPECT_TRUE(IsProblem(client_->Post("/api/v1/receipts", ReceiptBody("KYIV-1", "NFI-BLANKET", "10",
                                                                      "BL-X", "", "8.00")),
                        401));
  EXPECT_TRUE(IsProblem(
      client_->Post("/api/v1/receipts",
                    ReceiptBody("KYIV-1", "NFI-BLANKET", "10", "BL-X", "", "8.00"), "bogus"),
      401));
  auto items = Arr(ParseObject(StockBody()), "items");
  EXPECT_EQ(items->size(), 0u) << "a refused receipt was stored";
}

TEST_F(HttpTest, UnknownSkuInDeliveryIs422) {
  Receive("KYIV-1", "NFI-BLANKET", "10", "BL-U", "", "8.00");
  const std::string before = StockBody();
  HttpReply r = Post("/deliveries", DeliveryBody("KYIV-1", "NO-SUCH-SKU", "1"), "warehouse");
  EXPECT_TRUE(IsProblem(r, 422));
  EXPECT_EQ(FirstErrorField(r), "lines[0].sku") << r.body;
  EXPECT_EQ(StockBody(), before);
}

TEST_F(HttpTest, BadMoneyIs422) {
  struct Case {
    const char* what;
    std::string body;
  };
  const std::string head =
      R"({"warehouse":"KYIV-1","donor":"DE-HILFE","date":"2026-11-01","lines":[{"sku":"NFI-BLANKET","quantity":"10","lot":"BL-M1",)";
  const std::vector<Case> cases = {
      {"three decimals for UAH", head + R"("unit_value":{"amount":"12.345","currency":"UAH"}}]})"},
      {"amount as a JSON number", head + R"("unit_value":{"amount":12.5,"currency":"EUR"}}]})"},
      {"amount as a JSON integer", head + R"("unit_value":{"amount":12,"currency":"EUR"}}]})"},
      {"unknown currency", head + R"("unit_value":{"amount":"12.50","currency":"XYZ"}}]})"},
      {"not a number", head + R"("unit_value":{"amount":"twelve","currency":"EUR"}}]})"},
      {"money as a bare string", head + R"("unit_value":"12.50"}]})"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    HttpReply r = Post("/receipts", c.body, "warehouse");
    EXPECT_TRUE(IsProblem(r, 422));
    EXPECT_EQ(FirstErrorField(r).rfind("lines[0].unit_value", 0), 0u) << r.body;
  }
  // An unknown donor currency is refused as well.
  HttpReply donor = Post("/donors", R"({"code":"XX","name":"X","country":"XX","currency":"XYZ"})");
  EXPECT_TRUE(IsProblem(donor, 422));
  EXPECT_EQ(Arr(ParseObject(StockBody()), "items")->size(), 0u);
}

TEST_F(HttpTest, BadDateIs422) {
  Receive("KYIV-1", "FOOD-KIT", "10", "FK-D", "2027-12-31", "12.50");
  const std::string before = StockBody();
  for (const char* date : {"2026-13-01", "2026-02-30", "01.11.2026", "2026-11-1", ""}) {
    SCOPED_TRACE(date);
    HttpReply r = Post("/deliveries", DeliveryBody("KYIV-1", "FOOD-KIT", "1", date), "warehouse");
    EXPECT_TRUE(IsProblem(r, 422));
    EXPECT_EQ(FirstErrorField(r), "date") << r.body;
  }
  HttpReply expiry =
      Post("/receipts", ReceiptBody("KYIV-1", "FOOD-KIT", "5", "FK-E", "2027-02-30", "12.50"),
           "warehouse");
  EXPECT_TRUE(IsProblem(expiry, 422));
  EXPECT_EQ(FirstErrorField(expiry), "lines[0].expiry") << expiry.body;
  EXPECT_EQ(StockBody(), before);
}

TEST_F(HttpTest, NegativeOrMalformedQuantityIs422) {
  Receive("KYIV-1", "FOOD-KIT", "10", "FK-Q", "2027-12-31", "12.50");
  const std::string before = StockBody();
  for (const char* q : {"-1", "0", "1.2345", "abc"}) {
    SCOPED_TRACE(q);
    HttpReply r = Post("/deliveries", DeliveryBody("KYIV-1", "FOOD-KIT", q), "warehouse");
    EXPECT_TRUE(IsProblem(r, 422));
    EXPECT_EQ(FirstErrorField(r), "lines[0].quantity") << r.body;
  }
  HttpReply number = Post(
      "/deliveries",
      R"({"warehouse":"KYIV-1","recipient":"MU-A1234","date":"2026-11-10","lines":[{"sku":"FOOD-KIT","quantity":1.5}]})",
      "warehouse");
  EXPECT_TRUE(IsProblem(number, 422));
  HttpReply receipt =
      Post("/receipts", ReceiptBody("KYIV-1", "FOOD-KIT", "-5", "FK-N", "2027-12-31", "12.50"),
           "warehouse");
  EXPECT_TRUE(IsProblem(receipt, 422));
  EXPECT_EQ(FirstErrorField(receipt), "lines[0].quantity") << receipt.body;
  EXPECT_EQ(StockBody(), before);
}

// ---- roles ----

TEST_F(HttpTest, DonorMayNotReadRecipients) {
  HttpReply r = Get("/recipients", "donor");
  EXPECT_TRUE(IsProblem(r, 403));
  EXPECT_EQ(r.body.find("personal"), std::string::npos) << r.body;
  EXPECT_EQ(r.body.find("Олена"), std::string::npos) << r.body;
  EXPECT_EQ(r.body.find("+380501234567"), std::string::npos) << r.body;
}

TEST_F(HttpTest, AuditorAndTreasurerSeeNoPersonalData) {
  for (const char* role : {"auditor", "treasurer"}) {
    SCOPED_TRACE(role);
    HttpReply r = Get("/recipients", role);
    ASSERT_EQ(r.status, 200) << r.body;
    auto items = Arr(ParseObject(r.body), "items");
    EXPECT_EQ(items->size(), 2u) << r.body;
    EXPECT_FALSE(HasKeyAnywhere(r.body, "personal")) << r.body;
    EXPECT_EQ(r.body.find("Олена"), std::string::npos) << r.body;
    EXPECT_EQ(r.body.find("+380501234567"), std::string::npos) << r.body;
    EXPECT_NE(r.body.find("IDP-000117"), std::string::npos) << r.body;
  }
}

TEST_F(HttpTest, WarehouseAndAdminSeePersonalData) {
  for (const char* role : {"warehouse", "admin"}) {
    SCOPED_TRACE(role);
    HttpReply r = Get("/recipients", role);
    ASSERT_EQ(r.status, 200) << r.body;
    auto items = Arr(ParseObject(r.body), "items");
    ASSERT_EQ(items->size(), 2u) << r.body;
    Poco::JSON::Object::Ptr idp;
    for (size_t i = 0; i < items->size(); ++i) {
      if (Str(At(items, i), "code") == "IDP-000117") idp = At(items, i);
    }
    ASSERT_TRUE(idp) << r.body;
    EXPECT_EQ(Str(idp, "kind"), "idp_household");
    ASSERT_TRUE(idp->has("personal")) << r.body;
    auto personal = Obj(idp, "personal");
    auto names = Arr(personal, "names");
    ASSERT_EQ(names->size(), 1u);
    EXPECT_EQ(names->getElement<std::string>(0), "Олена");
    EXPECT_EQ(Str(personal, "phone"), "+380501234567");
  }
}

TEST_F(HttpTest, TreasurerMayNotPostReceipts) {
  HttpReply r = Post("/receipts", ReceiptBody("KYIV-1", "NFI-BLANKET", "10", "BL-T", "", "8.00"),
                     "treasurer");
  EXPECT_TRUE(IsProblem(r, 403));
  // The treasurer may read stock, and nothing was received.
  HttpReply stock = Get("/stock", "treasurer");
  ASSERT_EQ(stock.status, 200) << stock.body;
  EXPECT_EQ(Arr(ParseObject(stock.body), "items")->size(), 0u) << stock.body;
}

TEST_F(HttpTest, WarehouseMayNotCreateWarehouses) {
  HttpReply r = Post("/warehouses", R"({"code":"ODESA-1","name":"Склад Одеса","region":"Одеська"})",
                     "warehouse");
  EXPECT_TRUE(IsProblem(r, 403));
  HttpReply list = Get("/warehouses", "warehouse");
  ASSERT_EQ(list.status, 200) << list.body;
  EXPECT_EQ(Arr(ParseObject(list.body), "items")->size(), 2u) << list.body;

  // Nor donors; but items and recipients it may create.
  HttpReply donor =
      Post("/donors", R"({"code":"PL-POMOC","name":"Pomoc","country":"PL","currency":"PLN"})",
           "warehouse");
  EXPECT_TRUE(IsProblem(donor, 403));
  HttpReply item = Post(
      "/items",
      R"({"sku":"NFI-TARP","name":{"uk":"Брезент","en":"Tarpaulin"},"unit":"pcs","category":"shelter","expiry_tracked":false})",
      "warehouse");
  EXPECT_EQ(item.status, 201) << item.body;
  HttpReply recipient = Post(
      "/recipients",
      R"({"code":"HOSP-3","kind":"hospital","name":"Лікарня №3","region":"Харківська область"})",
      "warehouse");
  EXPECT_EQ(recipient.status, 201) << recipient.body;
  HttpReply treasurer_item = Post(
      "/items",
      R"({"sku":"NFI-ROPE","name":{"uk":"Мотузка","en":"Rope"},"unit":"m","category":"shelter","expiry_tracked":false})",
      "treasurer");
  EXPECT_TRUE(IsProblem(treasurer_item, 403));
}

TEST_F(HttpTest, DonorMayNotReadStock) {
  Receive("KYIV-1", "NFI-BLANKET", "10", "BL-D", "", "8.00");
  HttpReply r = Get("/stock", "donor");
  EXPECT_TRUE(IsProblem(r, 403));
  EXPECT_EQ(r.body.find("BL-D"), std::string::npos) << r.body;
}

TEST_F(HttpTest, AuditorMayNotDeliver) {
  Receive("KYIV-1", "NFI-BLANKET", "10", "BL-AU", "", "8.00");
  HttpReply r = Post("/deliveries", DeliveryBody("KYIV-1", "NFI-BLANKET", "1"), "auditor");
  EXPECT_TRUE(IsProblem(r, 403));
  EXPECT_EQ(StockQty("KYIV-1", "NFI-BLANKET", "BL-AU"), "10");
}

// ---- transfers, adjustments, proofs of delivery ----

TEST_F(HttpTest, TransferMovesStockBetweenWarehouses) {
  Receive("KYIV-1", "FOOD-KIT", "10", "FK-T", "2027-06-30", "12.50");
  HttpReply t = Post(
      "/transfers",
      R"({"from":"KYIV-1","to":"LVIV-1","date":"2026-11-05","lines":[{"sku":"FOOD-KIT","quantity":"4"}]})",
      "warehouse");
  ASSERT_EQ(t.status, 201) << t.body;
  EXPECT_FALSE(Str(ParseObject(t.body), "id").empty());
  EXPECT_EQ(StockQty("KYIV-1", "FOOD-KIT", "FK-T"), "6");
  auto lviv = Arr(ParseObject(StockBody("?warehouse=LVIV-1")), "items");
  ASSERT_EQ(lviv->size(), 1u) << Stringify(lviv);
  auto line = At(lviv, 0);
  EXPECT_EQ(Str(line, "lot"), "FK-T");
  EXPECT_EQ(Str(line, "expiry"), "2027-06-30");
  EXPECT_EQ(Str(line, "quantity"), "4");
  EXPECT_EQ(MoneyText(line, "value"), "50.00 EUR");

  // More than is left is refused, and nothing moves.
  const std::string before = StockBody();
  HttpReply over = Post(
      "/transfers",
      R"({"from":"KYIV-1","to":"LVIV-1","date":"2026-11-06","lines":[{"sku":"FOOD-KIT","quantity":"7"}]})",
      "warehouse");
  EXPECT_TRUE(IsProblem(over, 409));
  EXPECT_EQ(StockBody(), before);

  // What arrived can leave the other warehouse.
  HttpReply d =
      Post("/deliveries", DeliveryBody("LVIV-1", "FOOD-KIT", "4", "2026-11-07"), "warehouse");
  ASSERT_EQ(d.status, 201) << d.body;
  EXPECT_EQ(Str(At(Arr(ParseObject(d.body), "lines"), 0), "lot"), "FK-T");
  EXPECT_EQ(StockQty("LVIV-1", "FOOD-KIT", "FK-T"), "0");
  EXPECT_EQ(StockQty("KYIV-1", "FOOD-KIT", "FK-T"), "6");
}

TEST_F(HttpTest, AdjustmentsWithReason) {
  Receive("KYIV-1", "NFI-BLANKET", "10", "BL-A", "", "8.00");
  HttpReply damaged = Post(
      "/adjustments",
      R"({"warehouse":"KYIV-1","date":"2026-11-06","reason":"damaged","lines":[{"sku":"NFI-BLANKET","lot":"BL-A","quantity":"-2"}]})",
      "warehouse");
  ASSERT_EQ(damaged.status, 201) << damaged.body;
  EXPECT_EQ(StockQty("KYIV-1", "NFI-BLANKET", "BL-A"), "8");

  HttpReply count = Post(
      "/adjustments",
      R"({"warehouse":"KYIV-1","date":"2026-11-07","reason":"count","lines":[{"sku":"NFI-BLANKET","lot":"BL-A","quantity":"1"}]})",
      "warehouse");
  ASSERT_EQ(count.status, 201) << count.body;
  EXPECT_EQ(StockQty("KYIV-1", "NFI-BLANKET", "BL-A"), "9");

  const std::string before = StockBody();
  HttpReply reason = Post(
      "/adjustments",
      R"({"warehouse":"KYIV-1","date":"2026-11-07","reason":"stolen","lines":[{"sku":"NFI-BLANKET","lot":"BL-A","quantity":"-1"}]})",
      "warehouse");
  EXPECT_TRUE(IsProblem(reason, 422));
  EXPECT_EQ(FirstErrorField(reason), "reason") << reason.body;

  HttpReply negative = Post(
      "/adjustments",
      R"({"warehouse":"KYIV-1","date":"2026-11-08","reason":"lost","lines":[{"sku":"NFI-BLANKET","lot":"BL-A","quantity":"-10"}]})",
      "warehouse");
  EXPECT_TRUE(IsProblem(negative, 409));
  EXPECT_EQ(StockBody(), before);

  HttpReply get = Get("/adjustments/" + Str(ParseObject(damaged.body), "id"), "auditor");
  ASSERT_EQ(get.status, 200) << get.body;
  EXPECT_EQ(Str(ParseObject(get.body), "reason"), "damaged");
}

TEST_F(HttpTest, ConfirmDeliveryOnceAndReadItBack) {
  Receive("KYIV-1", "FOOD-KIT", "10", "FK-C", "2027-12-31", "12.50");
  HttpReply d =
      Post("/deliveries", DeliveryBody("KYIV-1", "FOOD-KIT", "3", "2026-11-20", "IDP-000117"),
           "warehouse");
  ASSERT_EQ(d.status, 201) << d.body;
  auto delivery = ParseObject(d.body);
  const std::string id = Str(delivery, "id");

  HttpReply bad_time = Post("/deliveries/" + id + "/confirm",
                            R"({"received_by":"Олена","received_at":"yesterday"})", "warehouse");
  EXPECT_TRUE(IsProblem(bad_time, 422));
  EXPECT_EQ(FirstErrorField(bad_time), "received_at") << bad_time.body;
  HttpReply no_name = Post("/deliveries/" + id + "/confirm",
                           R"({"received_at":"2026-11-27T10:00:00Z"})", "warehouse");
  EXPECT_TRUE(IsProblem(no_name, 422));
  EXPECT_EQ(FirstErrorField(no_name), "received_by") << no_name.body;

  // The refused proofs wrote nothing: the first good one is accepted.
  const std::string proof = R"({"received_by":"Олена","received_at":"2026-11-27T10:00:00Z"})";
  HttpReply c = Post("/deliveries/" + id + "/confirm", proof, "warehouse");
  EXPECT_EQ(c.status, 201) << c.body;
  HttpReply again = Post("/deliveries/" + id + "/confirm", proof, "warehouse");
  EXPECT_TRUE(IsProblem(again, 409));

  HttpReply get = Get("/deliveries/" + id, "warehouse");
  ASSERT_EQ(get.status, 200) << get.body;
  auto read = ParseObject(get.body);
  EXPECT_EQ(Str(read, "id"), id);
  EXPECT_EQ(Str(read, "waybill"), Str(delivery, "waybill"));
  EXPECT_EQ(Str(read, "warehouse"), "KYIV-1");
  EXPECT_EQ(Str(read, "recipient"), "IDP-000117");
  EXPECT_EQ(Stringify(Arr(read, "lines")), Stringify(Arr(delivery, "lines")));
  ASSERT_TRUE(read->has("confirmation")) << get.body;
  EXPECT_EQ(Str(Obj(read, "confirmation"), "received_by"), "Олена");
  EXPECT_EQ(Str(Obj(read, "confirmation"), "received_at"), "2026-11-27T10:00:00Z");

  EXPECT_TRUE(IsProblem(Get("/deliveries/999999", "warehouse"), 404));
  EXPECT_TRUE(IsProblem(Post("/deliveries/999999/confirm", proof, "warehouse"), 404));
  EXPECT_TRUE(IsProblem(Get("/no-such-resource", "warehouse"), 404));
}

// ---- master data ----

TEST_F(HttpTest, DuplicateCodesAre409) {
  HttpReply item = Post(
      "/items",
      R"({"sku":"MED-IFAK","name":{"uk":"Інша","en":"Other"},"unit":"pcs","category":"medical","expiry_tracked":false})",
      "warehouse");
  EXPECT_TRUE(IsProblem(item, 409));
  HttpReply wh = Post("/warehouses", R"({"code":"KYIV-1","name":"Ще один","region":"Київ"})");
  EXPECT_TRUE(IsProblem(wh, 409));

  auto items = Arr(ParseObject(Get("/items").body), "items");
  int ifak = 0;
  for (size_t i = 0; i < items->size(); ++i) {
    if (Str(At(items, i), "sku") == "MED-IFAK") {
      ++ifak;
      EXPECT_EQ(Str(Obj(At(items, i), "name"), "en"), "First-aid kit");
    }
  }
  EXPECT_EQ(ifak, 1);
}

// Walks a list with ?limit=1 and returns the `key` of every element in order.
std::vector<std::string> WalkPages(HttpClient& client, const std::string& token,
                                   const std::string& path, const std::string& key) {
  std::vector<std::string> seen;
  std::string after;
  for (int page = 0; page < 20; ++page) {
    std::string url = "/api/v1" + path + "?limit=1";
    if (!after.empty()) {
      std::string encoded;
      Poco::URI::encode(after, "&=+?#/", encoded);
      url += "&after=" + encoded;
    }
    HttpReply r = client.Get(url, token);
    if (r.status != 200) throw std::runtime_error("GET " + url + " -> " + r.body);
    auto body = ParseObject(r.body);
    auto items = Arr(body, "items");
    if (items->size() > 1) throw std::runtime_error("more than one element on a page: " + r.body);
    for (size_t i = 0; i < items->size(); ++i) seen.push_back(Str(At(items, i), key));
    if (!body->has("next")) throw std::runtime_error("no \"next\" in " + r.body);
    if (body->isNull("next")) return seen;
    if (!body->get("next").isString()) throw std::runtime_error("\"next\" not a string: " + r.body);
    after = body->getValue<std::string>("next");
  }
  throw std::runtime_error("paging did not end after 20 pages of " + path);
}

TEST_F(HttpTest, ListsPageWithCursor) {
  struct List {
    std::string path;
    std::string key;
  };
  for (const List& l : {List{"/items", "sku"}, List{"/warehouses", "code"},
                        List{"/recipients", "code"}, List{"/donors", "code"}}) {
    SCOPED_TRACE(l.path);
    HttpReply all = Get(l.path);
    ASSERT_EQ(all.status, 200) << all.body;
    auto body = ParseObject(all.body);
    ASSERT_TRUE(body->has("next")) << all.body;
    EXPECT_TRUE(body->isNull("next")) << all.body;
    auto items = Arr(body, "items");
    std::vector<std::string> expected;
    for (size_t i = 0; i < items->size(); ++i) expected.push_back(Str(At(items, i), l.key));
    std::vector<std::string> paged = WalkPages(*client_, Token("admin"), l.path, l.key);
    EXPECT_EQ(paged, expected);
    EXPECT_EQ(std::set<std::string>(paged.begin(), paged.end()).size(), paged.size());
  }
  EXPECT_EQ(Arr(ParseObject(Get("/items").body), "items")->size(), 3u);

  // Stock pages too.
  Receive("KYIV-1", "NFI-BLANKET", "1", "BL-P1", "", "8.00");
  Receive("KYIV-1", "NFI-BLANKET", "2", "BL-P2", "", "8.00");
  Receive("LVIV-1", "FOOD-KIT", "3", "FK-P3", "2027-05-01", "12.50");
  auto stock = Arr(ParseObject(StockBody()), "items");
  std::vector<std::string> expected;
  for (size_t i = 0; i < stock->size(); ++i) expected.push_back(Str(At(stock, i), "lot"));
  EXPECT_EQ(expected.size(), 3u);
  EXPECT_EQ(WalkPages(*client_, Token("admin"), "/stock", "lot"), expected);
}

// ---- corrections and the single writer ----

TEST_F(HttpTest, ReversalUndoesADeliveryWithANewEntry) {
  Receive("KYIV-1", "NFI-BLANKET", "10", "BL-R", "", "8.00");
  auto delivery = Must("/deliveries", DeliveryBody("KYIV-1", "NFI-BLANKET", "4"), "warehouse");
  ASSERT_EQ(StockQty("KYIV-1", "NFI-BLANKET", "BL-R"), "6");
  const std::string id = Str(delivery, "id");

  auto reversal = Must("/journal/" + id + "/reverse", R"({"reason":"entered twice"})", "warehouse");
  EXPECT_EQ(Str(reversal, "reverses"), id);
  EXPECT_EQ(Str(reversal, "reverses_number"), Str(delivery, "waybill"));
  EXPECT_EQ(Str(reversal, "number").rfind("REV-2026-", 0), 0u) << Str(reversal, "number");
  EXPECT_EQ(StockQty("KYIV-1", "NFI-BLANKET", "BL-R"), "10");

  // The delivery itself is unchanged, and cannot be reversed twice.
  HttpReply original = Get("/deliveries/" + id, "warehouse");
  EXPECT_EQ(original.status, 200);
  EXPECT_EQ(Str(ParseObject(original.body), "waybill"), Str(delivery, "waybill"));
  EXPECT_TRUE(
      IsProblem(Post("/journal/" + id + "/reverse", R"({"reason":"again"})", "warehouse"), 409));
  EXPECT_TRUE(IsProblem(Post("/journal/999999/reverse", R"({"reason":"x"})", "warehouse"), 404));
  EXPECT_TRUE(
      IsProblem(Post("/journal/" + id + "/reverse", R"({"reason":"x"})", "treasurer"), 403));
}

TEST_F(HttpTest, ReversingAReceiptWhoseGoodsLeftIs409) {
  auto receipt = Receive("KYIV-1", "NFI-BLANKET", "10", "BL-S", "", "8.00");
  Must("/deliveries", DeliveryBody("KYIV-1", "NFI-BLANKET", "3"), "warehouse");
  const std::string before = StockBody();
  HttpReply r = Post("/journal/" + Str(receipt, "id") + "/reverse",
                     R"({"reason":"wrong warehouse"})", "warehouse");
  EXPECT_TRUE(IsProblem(r, 409));
  EXPECT_EQ(StockBody(), before);
}

TEST_F(HttpTest, ConfirmationTimestampsAreRfc3339AndStoredInUtc) {
  Receive("KYIV-1", "NFI-BLANKET", "5", "BL-T", "", "8.00");
  auto delivery = Must("/deliveries", DeliveryBody("KYIV-1", "NFI-BLANKET", "1"), "warehouse");
  const std::string path = "/deliveries/" + Str(delivery, "id") + "/confirm";
  for (const char* bad : {"2026-11-27", "2026-11-27T25:00:00Z", "2026-11-27T10:00:00",
                          "2026-11-27T10:00:00+2", "yesterday"}) {
    HttpReply r = Post(
        path, std::string(R"({"received_by":"Сержант Петренко","received_at":")") + bad + "\"}",
        "warehouse");
    EXPECT_TRUE(IsProblem(r, 422)) << bad;
    EXPECT_EQ(FirstErrorField(r), "received_at") << bad;
  }
  auto confirmed =
      Must(path, R"({"received_by":"Сержант Петренко","received_at":"2026-11-27T12:30:00+02:00"})",
           "warehouse");
  EXPECT_EQ(Str(confirmed, "received_at"), "2026-11-27T10:30:00Z");
  EXPECT_EQ(Str(confirmed, "received_by"), "Сержант Петренко");
}

TEST_F(HttpTest, UnknownStockFilterIs422) {
  EXPECT_TRUE(IsProblem(Get("/stock?sku=NO-SUCH", "warehouse"), 422));
  EXPECT_TRUE(IsProblem(Get("/stock?warehouse=NOWHERE", "warehouse"), 422));
  EXPECT_TRUE(IsProblem(Get("/stock?expiring_before=2026-13-01", "warehouse"), 422));
}

// Waybill numbers run without a gap: a refused delivery gives its number back,
// also when it shares a transaction with accepted ones (concurrent requests).
TEST_F(HttpTest, RefusedWritesLeaveNoGapInTheNumbers) {
  Receive("KYIV-1", "NFI-BLANKET", "100", "BL-N", "", "8.00");
  const std::string token = Token("warehouse");
  std::vector<std::thread> threads;
  std::mutex mu;
  std::set<std::string> waybills;
  int refused = 0;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      HttpClient client(server_->port());
      for (int i = 0; i < 10; ++i) {
        // Every other request asks for more than there is.
        const std::string quantity = (t + i) % 2 ? "1000" : "1";
        HttpReply r = client.Post("/api/v1/deliveries",
                                  DeliveryBody("KYIV-1", "NFI-BLANKET", quantity), token);
        std::lock_guard<std::mutex> lock(mu);
        if (r.status == 201) {
          waybills.insert(Str(ParseObject(r.body), "waybill"));
        } else {
          EXPECT_TRUE(IsProblem(r, 409));
          ++refused;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(refused, 40);
  ASSERT_EQ(waybills.size(), 40u);
  int n = 0;
  for (const std::string& w : waybills) {
    char expected[32];
    std::snprintf(expected, sizeof expected, "WB-2026-%06d", ++n);
    EXPECT_EQ(w, expected);
  }
  auto next = Must("/deliveries", DeliveryBody("KYIV-1", "NFI-BLANKET", "1"), "warehouse");
  EXPECT_EQ(Str(next, "waybill"), "WB-2026-000041");
}

TEST_F(HttpTest, TreasurerMayNotReadMovementDocuments) {
  Receive("KYIV-1", "NFI-BLANKET", "5", "BL-U", "", "8.00");
  auto delivery = Must("/deliveries", DeliveryBody("KYIV-1", "NFI-BLANKET", "1"), "warehouse");
  const std::string path = "/deliveries/" + Str(delivery, "id");
  EXPECT_TRUE(IsProblem(Get(path, "treasurer"), 403));
  EXPECT_EQ(Get(path, "auditor").status, 200);
}

TEST_F(HttpTest, SecondServerOnTheSameDatabaseOrPortIsRefused) {
  // Same database, another port: the first server owns the database.
  std::string out = server_->Run({"serve", "--port", "0"});
  EXPECT_NE(out.find("another zapas process is serving"), std::string::npos) << out;
  // Same port, another database: the port is taken.
  std::string other = server_->dir() + "/other.db";
  out = RunZapas({"serve", "--db", other, "--port", std::to_string(server_->port())});
  EXPECT_NE(out.find("cannot listen"), std::string::npos) << out;
  // The first server still serves.
  EXPECT_EQ(Get("/health").status, 200);
}

// The test helper's second server on the same database (ServerProcess::
// OnDatabaseOf): same data, same personal-data key, and the database stays
// when it goes.
TEST_F(HttpTest, ASecondServerProcessOpensTheSameDatabase) {
  Receive("KYIV-1", "MED-IFAK", "7", "IFAK-S", "2027-06-30", "12.50");
  const std::string stock = StockBody("?sku=MED-IFAK");
  ASSERT_EQ(server_->Stop(), 0) << server_->output();
  {
    std::unique_ptr<ServerProcess> second = ServerProcess::OnDatabaseOf(*server_);
    EXPECT_EQ(second->db_location(), server_->db_location());
    ASSERT_NO_THROW(second->Start());
    EXPECT_NE(second->port(), 0);
    HttpClient client(second->port());
    HttpReply login = client.Post("/api/v1/sessions", LoginBody("sklad", "sklad-password-1"));
    ASSERT_EQ(login.status, 200) << login.body;
    const std::string token = Str(ParseObject(login.body), "token");
    EXPECT_EQ(client.Get("/api/v1/stock?sku=MED-IFAK", token).body, stock);
    // The household's personal data opens with the same key.
    HttpReply recipients = client.Get("/api/v1/recipients", token);
    EXPECT_NE(recipients.body.find("+380501234567"), std::string::npos) << recipients.body;
    EXPECT_EQ(second->Stop(), 0) << second->output();
  }
  // The first server's database is still there.
  ASSERT_NO_THROW(server_->Start());
  Reconnect();
  EXPECT_EQ(StockBody("?sku=MED-IFAK"), stock);
}

}  // namespace
}  // namespace zapas::testing
