// The history of documents (GET /documents) with its filters, for each role
// and for a user limited to one warehouse, and the chain's state for the
// auditor (GET /journal/verify).
#include <gtest/gtest.h>

#include "tests/services/fixture.h"

namespace zapas::testing {
namespace {

class HistoryHttpTest : public ZapasServerTest {
 protected:
  void SetUp() override {
    ZapasServerTest::SetUp();
    if (HasFatalFailure()) return;
    ImportSampleRates();
    Receive("KYIV-1", "NFI-BLANKET", "50", "B-K", "", "2.00", "2026-11-02");  // GRN 1
    Receive("LVIV-1", "NFI-BLANKET", "30", "B-L", "", "2.00", "2026-11-03");  // GRN 2
    delivery_ = Str(
        Must("/deliveries", DeliveryBody("KYIV-1", "NFI-BLANKET", "5", "2026-11-05"), "warehouse"),
        "id");  // WB 1
    Must(
        "/transfers",
        R"({"from":"KYIV-1","to":"LVIV-1","date":"2026-11-06","lines":[{"sku":"NFI-BLANKET","quantity":"4"}]})",
        "warehouse");
    reversed_ = Str(
        Must("/deliveries", DeliveryBody("LVIV-1", "NFI-BLANKET", "1", "2026-11-07"), "warehouse"),
        "id");  // WB 2
    Must("/journal/" + reversed_ + "/reverse", R"({"reason":"wrong recipient"})", "warehouse");
    Must("/accounts", R"({"code":"BK-EUR","name":"Bank EUR","currency":"EUR","kind":"bank"})",
         "treasurer");
    Must(
        "/cash/donations",
        R"({"donor":"DE-HILFE","date":"2026-11-08","amount":{"amount":"100.00","currency":"EUR"},"account":"BK-EUR"})",
        "treasurer");
  }

  // "kind number" of each document of the page, newest first.
  std::vector<std::string> Page(const std::string& query, const std::string& role = "warehouse",
                                std::string* next = nullptr) {
    HttpReply r = Get("/documents" + query, role);
    EXPECT_EQ(r.status, 200) << query << ": " << r.body;
    std::vector<std::string> out;
    auto page = ParseObject(r.body);
    auto items = Arr(page, "items");
    for (size_t i = 0; i < items->size(); ++i) {
      out.push_back(Str(At(items, i), "kind") + " " + Str(At(items, i), "number"));
    }
    if (next) *next = page->isNull("next") ? "" : Str(page, "next");
    return out;
  }

  std::string delivery_, reversed_;
};

using V = std::vector<std::string>;

TEST_F(HistoryHttpTest, StaffSeeMovementsNewestFirstAndFilterThem) {
  EXPECT_EQ(Page(""),
            (V{"reversal REV-2026-000001", "delivery WB-2026-000002", "transfer TRN-2026-000001",
               "delivery WB-2026-000001", "receipt GRN-2026-000002", "receipt GRN-2026-000001"}));
  EXPECT_EQ(Page("?kind=delivery"), (V{"delivery WB-2026-000002", "delivery WB-2026-000001"}));
  EXPECT_EQ(Page("?kind=receipt,transfer&warehouse=LVIV-1"),
            (V{"transfer TRN-2026-000001", "receipt GRN-2026-000002"}));  // into LVIV-1 too
  EXPECT_EQ(Page("?recipient=MU-A1234"), (V{"delivery WB-2026-000002", "delivery WB-2026-000001"}));
  EXPECT_EQ(Page("?donor=DE-HILFE&kind=receipt").size(), 2u);
  EXPECT_EQ(Page("?number=wb-2026-000001"), V{"delivery WB-2026-000001"});
  EXPECT_EQ(Page("?from=2026-11-05&to=2026-11-06"),
            (V{"transfer TRN-2026-000001", "delivery WB-2026-000001"}));

  // The reversed delivery says so; a delivery says whether it is confirmed.
  auto items = Arr(ParseObject(Get("/documents?kind=delivery", "warehouse").body), "items");
  EXPECT_TRUE(At(items, 0)->getValue<bool>("reversed"));
  EXPECT_FALSE(At(items, 1)->getValue<bool>("reversed"));
  EXPECT_FALSE(At(items, 1)->getValue<bool>("confirmed"));
  EXPECT_EQ(Str(At(items, 1), "warehouse"), "KYIV-1");
  EXPECT_EQ(Str(At(items, 1), "recipient"), "MU-A1234");

  // A page at a time.
  std::string next;
  EXPECT_EQ(Page("?limit=4", "warehouse", &next).size(), 4u);
  ASSERT_FALSE(next.empty());
  EXPECT_EQ(Page("?limit=4&after=" + next, "warehouse", &next),
            (V{"receipt GRN-2026-000002", "receipt GRN-2026-000001"}));
  EXPECT_EQ(next, "");
}

TEST_F(HistoryHttpTest, WhatStillWaitsForAProofOfDelivery) {
  EXPECT_EQ(Page("?kind=delivery&confirmed=false&reversed=false"), V{"delivery WB-2026-000001"});
  HttpReply confirmed =
      Post("/deliveries/" + delivery_ + "/confirm",
           R"({"received_by":"Іван Коваль","received_at":"2026-11-05T10:00:00Z"})", "warehouse");
  ASSERT_TRUE(confirmed.status == 200 || confirmed.status == 201) << confirmed.body;
  EXPECT_EQ(Page("?kind=delivery&confirmed=false&reversed=false"), V{});
  EXPECT_EQ(Page("?kind=delivery&confirmed=true"), V{"delivery WB-2026-000001"});
  EXPECT_EQ(Page("?reversed=true"), V{"delivery WB-2026-000002"});
  EXPECT_TRUE(IsProblem(Get("/documents?confirmed=yes", "warehouse"), 422));
}

TEST_F(HistoryHttpTest, EachRoleReadsItsOwnKinds) {
  EXPECT_EQ(Page("", "treasurer"), V{"cash_donation CD-2026-000001"});
  EXPECT_TRUE(IsProblem(Get("/documents?kind=delivery", "treasurer"), 403));
  EXPECT_TRUE(IsProblem(Get("/documents?kind=cash_donation", "warehouse"), 403));
  EXPECT_EQ(Page("", "auditor").size(), 7u);  // movements and cash
  EXPECT_EQ(Page("", "admin").size(), 7u);
  EXPECT_TRUE(IsProblem(Get("/documents", "donor"), 403));
}

TEST_F(HistoryHttpTest, AScopedUserSeesOnlyItsWarehouses) {
  Must(
      "/users",
      R"({"username":"olena","role":"warehouse","password":"Ластівка-2026","warehouses":["LVIV-1"]})");
  HttpReply login = client_->Post("/api/v1/sessions", LoginBody("olena", "Ластівка-2026"));
  ASSERT_EQ(login.status, 200);
  const std::string token = Str(ParseObject(login.body), "token");
  HttpReply r = client_->Get("/api/v1/documents", token);
  ASSERT_EQ(r.status, 200) << r.body;
  for (const char* seen :
       {"REV-2026-000001", "WB-2026-000002", "TRN-2026-000001", "GRN-2026-000002"}) {
    EXPECT_NE(r.body.find(seen), std::string::npos) << seen;
  }
  for (const char* hidden : {"WB-2026-000001", "GRN-2026-000001"}) {
    EXPECT_EQ(r.body.find(hidden), std::string::npos) << hidden;
  }
  EXPECT_TRUE(IsProblem(client_->Get("/api/v1/documents?warehouse=KYIV-1", token), 403));
}

TEST_F(HistoryHttpTest, BadFiltersAre422) {
  for (const std::string& q : std::vector<std::string>{
           "?kind=deliveries", "?from=2026-13-01", "?to=yesterday", "?number=WB%25",
           "?number=" + std::string(41, 'A'), "?recipient=a%20b", "?warehouse=ODESA-9",
           "?after=abc", "?limit=0"}) {
    EXPECT_TRUE(IsProblem(Get("/documents" + q, "warehouse"), 422)) << q;
  }
}

TEST_F(HistoryHttpTest, TheAuditorSeesTheChainsState) {
  HttpReply r = Get("/journal/verify", "auditor");
  ASSERT_EQ(r.status, 200) << r.body;
  auto state = ParseObject(r.body);
  EXPECT_TRUE(state->getValue<bool>("ok"));
  EXPECT_EQ(Str(state, "entries"), "7");  // 6 movements and a donation
  EXPECT_EQ(Str(state, "head").size(), 64u);
  EXPECT_TRUE(IsProblem(Get("/journal/verify", "warehouse"), 403));
  EXPECT_TRUE(IsProblem(Get("/journal/verify", "treasurer"), 403));
}

}  // namespace
}  // namespace zapas::testing
