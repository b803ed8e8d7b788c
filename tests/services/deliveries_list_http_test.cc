// GET /deliveries: the deliveries a proof of delivery can be given for, as a
// list with the contract's paging, confirmed or not, without personal data.
#include <gtest/gtest.h>

#include "tests/services/fixture.h"

namespace zapas::testing {
namespace {

class DeliveriesListTest : public ZapasServerTest {};

TEST_F(DeliveriesListTest, ListsDeliveriesWithConfirmationAndPages) {
  Receive("KYIV-1", "FOOD-KIT", "10", "FK-L", "2027-12-31", "12.50");
  std::vector<Poco::JSON::Object::Ptr> made;
  for (const char* recipient : {"MU-A1234", "IDP-000117", "MU-A1234"}) {
    made.push_back(Must("/deliveries",
                        DeliveryBody("KYIV-1", "FOOD-KIT", "1", "2026-11-20", recipient),
                        "warehouse"));
  }
  Must("/deliveries/" + Str(made[1], "id") + "/confirm",
       R"({"received_by":"Олена","received_at":"2026-11-27T10:00:00Z"})", "warehouse");

  HttpReply all = Get("/deliveries", "warehouse");
  ASSERT_EQ(all.status, 200) << all.body;
  auto page = ParseObject(all.body);
  EXPECT_TRUE(page->isNull("next")) << all.body;
  auto items = Arr(page, "items");
  ASSERT_EQ(items->size(), 3u) << all.body;
  for (size_t i = 0; i < items->size(); ++i) {
    auto d = At(items, i);
    EXPECT_EQ(Str(d, "id"), Str(made[i], "id"));
    EXPECT_EQ(Str(d, "waybill"), Str(made[i], "waybill"));
    EXPECT_EQ(Str(d, "date"), "2026-11-20");
    EXPECT_EQ(Str(d, "warehouse"), "KYIV-1");
    EXPECT_EQ(Str(d, "recipient"), Str(made[i], "recipient"));
    EXPECT_EQ(d->getValue<bool>("confirmed"), i == 1) << all.body;
    EXPECT_FALSE(d->has("lines") || d->has("personal")) << all.body;
  }
  // The household's personal data (its name, phone) is not read.
  EXPECT_EQ(all.body.find("Олена"), std::string::npos) << all.body;
  EXPECT_EQ(all.body.find("+380"), std::string::npos) << all.body;
  // The auditor reads the same list (the receipt and the confirmation are not in it).
  EXPECT_EQ(Get("/deliveries", "auditor").body, all.body);

  // Pages of two: the cursor leads to the rest.
  auto first = ParseObject(Get("/deliveries?limit=2", "warehouse").body);
  ASSERT_EQ(Arr(first, "items")->size(), 2u);
  const std::string next = Str(first, "next");
  EXPECT_EQ(next, Str(made[1], "id"));
  auto second = ParseObject(Get("/deliveries?limit=2&after=" + next, "warehouse").body);
  ASSERT_EQ(Arr(second, "items")->size(), 1u);
  EXPECT_EQ(Str(At(Arr(second, "items"), 0), "id"), Str(made[2], "id"));
  EXPECT_TRUE(second->isNull("next"));

  HttpReply bad_cursor = Get("/deliveries?after=WB-1", "warehouse");
  EXPECT_TRUE(IsProblem(bad_cursor, 422));
  EXPECT_EQ(FirstErrorField(bad_cursor), "after");
  HttpReply bad_limit = Get("/deliveries?limit=0", "warehouse");
  EXPECT_TRUE(IsProblem(bad_limit, 422));
  EXPECT_EQ(FirstErrorField(bad_limit), "limit");
}

}  // namespace
}  // namespace zapas::testing
