// The catalogue as the browser's screens use it: searching items and
// recipients a page at a time (?q=, ?kind=), one recipient with its personal
// data (logged), and editing an item's names and category (PATCH /items/{sku}).
#include <gtest/gtest.h>

#include "tests/services/fixture.h"

namespace zapas::testing {
namespace {

class CatalogueHttpTest : public ZapasServerTest {
 protected:
  HttpReply Patch(const std::string& path, const std::string& body,
                  const std::string& role = "admin") {
    return client_->Request("PATCH", "/api/v1" + path, body, Token(role));
  }
  // The codes (or SKUs) of a list's page.
  std::vector<std::string> Codes(const std::string& path, const std::string& key = "code",
                                 const std::string& role = "admin") {
    HttpReply r = Get(path, role);
    EXPECT_EQ(r.status, 200) << path << ": " << r.body;
    std::vector<std::string> out;
    auto items = Arr(ParseObject(r.body), "items");
    for (size_t i = 0; i < items->size(); ++i) out.push_back(Str(At(items, i), key));
    return out;
  }
};

TEST_F(CatalogueHttpTest, ItemsAreFoundByAnyWordIgnoringCase) {
  using V = std::vector<std::string>;
  EXPECT_EQ(Codes("/items?q=%D0%B0%D0%BF%D1%82%D0%B5%D1%87%D0%BA%D0%B0", "sku"),
            V{"MED-IFAK"});  // "аптечка" finds "Аптечка"
  EXPECT_EQ(Codes("/items?q=KIT", "sku"), (V{"FOOD-KIT", "MED-IFAK"}));  // "First-aid kit"
  EXPECT_EQ(Codes("/items?q=food%20set", "sku"), V{});                   // every word must be found
  EXPECT_EQ(Codes("/items?q=food%20kit", "sku"), V{"FOOD-KIT"});
  EXPECT_EQ(Codes("/items?q=", "sku").size(), 3u);
  // Paged like every list.
  auto page = ParseObject(Get("/items?q=kit&limit=1").body);
  EXPECT_EQ(Str(page, "next"), "FOOD-KIT");
  EXPECT_EQ(Codes("/items?q=kit&limit=1&after=FOOD-KIT", "sku"), V{"MED-IFAK"});
  EXPECT_TRUE(IsProblem(Get("/items?q=" + std::string(201, 'a')), 422));
}

TEST_F(CatalogueHttpTest, AnItemsNamesAndCategoryChangeItsCodeStays) {
  HttpReply r =
      Patch("/items/MED-IFAK",
            R"({"name":{"uk":"Аптечка тактична"},"category":"medical: tactical"})", "warehouse");
  ASSERT_EQ(r.status, 200) << r.body;
  auto item = ParseObject(r.body);
  EXPECT_EQ(Str(item->getObject("name"), "uk"), "Аптечка тактична");
  EXPECT_EQ(Str(item->getObject("name"), "en"), "First-aid kit");  // unchanged
  EXPECT_EQ(Str(item, "category"), "medical: tactical");
  EXPECT_EQ(Codes("/items?q=%D1%82%D0%B0%D0%BA%D1%82%D0%B8%D1%87%D0%BD%D0%B0", "sku"),
            std::vector<std::string>{"MED-IFAK"});  // "тактична"
  // Stored: after a restart it is still so.
  server_->Restart();
  Reconnect();
  EXPECT_NE(Get("/items").body.find("Аптечка тактична"), std::string::npos);

  const std::string before = Get("/items").body;
  struct Case {
    std::string path, body, role;
    int status;
  };
  for (const Case& c : std::vector<Case>{
           {"/items/MED-IFAK", R"({"sku":"MED-2"})", "admin", 422},
           {"/items/MED-IFAK", R"({"unit":"kg"})", "admin", 422},
           {"/items/MED-IFAK", R"({"expiry_tracked":false})", "admin", 422},
           {"/items/MED-IFAK", R"({"name":{"uk":"   "}})", "admin", 422},
           {"/items/MED-IFAK", R"({"name":{"uk":"a\u202eb"}})", "admin", 422},
           {"/items/MED-IFAK", R"({})", "admin", 422},
           {"/items/MED-IFAK", R"({"category":)", "admin", 400},
           {"/items/NOPE", R"({"category":"x"})", "admin", 404},
           {"/items/MED-IFAK", R"({"category":"x"})", "treasurer", 403},
           {"/items/MED-IFAK", R"({"category":"x"})", "auditor", 403},
       }) {
    SCOPED_TRACE(c.path + " " + c.body + " as " + c.role);
    EXPECT_TRUE(IsProblem(Patch(c.path, c.body, c.role), c.status));
  }
  EXPECT_EQ(Get("/items").body, before);
}

TEST_F(CatalogueHttpTest, RecipientsAreSearchedWithoutPersonalDataAndReadOneByOne) {
  using V = std::vector<std::string>;
  EXPECT_EQ(Codes("/recipients?kind=military_unit"), V{"MU-A1234"});
  EXPECT_EQ(Codes("/recipients?kind=hospital"), V{});
  EXPECT_TRUE(IsProblem(Get("/recipients?kind=army"), 422));
  HttpReply found = Get("/recipients?q=117", "warehouse");
  EXPECT_EQ(Codes("/recipients?q=117", "code", "warehouse"), V{"IDP-000117"});
  EXPECT_EQ(found.body.find("personal"), std::string::npos) << found.body;
  EXPECT_EQ(found.body.find("+380"), std::string::npos) << found.body;
  EXPECT_EQ(Codes("/recipients?q=%D0%B4%D0%BE%D0%BD%D0%B5%D1%86%D1%8C%D0%BA%D0%B0"),
            V{"MU-A1234"});  // "донецька" finds the region

  const size_t reads = Arr(ParseObject(Get("/personal-reads").body), "items")->size();
  HttpReply one = Get("/recipients/IDP-000117", "warehouse");
  ASSERT_EQ(one.status, 200) << one.body;
  EXPECT_NE(one.body.find("+380501234567"), std::string::npos) << one.body;
  EXPECT_EQ(Arr(ParseObject(Get("/personal-reads").body), "items")->size(), reads + 1);
  HttpReply audited = Get("/recipients/IDP-000117", "auditor");
  ASSERT_EQ(audited.status, 200) << audited.body;
  EXPECT_EQ(audited.body.find("+380"), std::string::npos) << audited.body;
  EXPECT_EQ(Arr(ParseObject(Get("/personal-reads").body), "items")->size(), reads + 1);
  EXPECT_TRUE(IsProblem(Get("/recipients/NOPE"), 404));
  EXPECT_TRUE(IsProblem(Get("/recipients/MU-A1234", "donor"), 403));
}

}  // namespace
}  // namespace zapas::testing
