// Concurrency and durability, end to end: many connections racing for the same
// stock, replays racing each other, and a clean restart (SIGTERM) of the real
// server on the same database. SIGKILL during writes: crash_safety_test.cc.
#include <gtest/gtest.h>

#include <latch>
#include <set>
#include <thread>
#include <vector>

#include "tests/services/fixture.h"

namespace zapas::testing {
namespace {

class ConcurrencyTest : public ZapasServerTest {};

struct Outcome {
  int status = -1;  // -1: transport error
  std::string body;
  std::string content_type;
};

// Sends `threads` POST /deliveries of `body` at the same moment, each on its own
// connection opened beforehand, and returns every outcome.
std::vector<Outcome> RaceDeliveries(int port, int threads, const std::string& body,
                                    const std::string& token, const std::string& key = "") {
  std::vector<Outcome> outcomes(static_cast<size_t>(threads));
  std::latch ready(threads);
  std::vector<std::thread> running;
  for (int i = 0; i < threads; ++i) {
    running.emplace_back([&, i] {
      try {
        HttpClient client(port);
        // Open the connection first so that all POSTs leave together.
        HttpReply health = client.Get("/api/v1/health");
        ready.arrive_and_wait();
        if (health.status != 200) return;
        HttpReply r = key.empty() ? client.Post("/api/v1/deliveries", body, token)
                                  : client.Post("/api/v1/deliveries", body, token, key);
        outcomes[static_cast<size_t>(i)] = Outcome{r.status, r.body, r.content_type};
      } catch (const std::exception& e) {
        outcomes[static_cast<size_t>(i)] = Outcome{-1, e.what(), ""};
      }
    });
  }
  for (auto& t : running) t.join();
  return outcomes;
}

TEST_F(ConcurrencyTest, TwentyRacingDeliveriesAgainstStockOfTen) {
  Receive("KYIV-1", "MED-IFAK", "10", "IFAK-C", "2027-12-31", "2.50");
  const std::string token = Token("warehouse");
  const std::string body = DeliveryBody("KYIV-1", "MED-IFAK", "1");
  const int port = server_->port();

  std::vector<Outcome> outcomes = RaceDeliveries(port, 20, body, token);

  int created = 0, conflicts = 0;
  std::set<std::string> waybills, ids;
  for (const Outcome& o : outcomes) {
    if (o.status == 201) {
      ++created;
      auto d = ParseObject(o.body);
      waybills.insert(Str(d, "waybill"));
      ids.insert(Str(d, "id"));
    } else if (o.status == 409) {
      ++conflicts;
      EXPECT_TRUE(IsProblem(HttpReply{o.status, o.content_type, o.body}, 409));
    } else {
      ADD_FAILURE() << "unexpected outcome " << o.status << ": " << o.body;
    }
  }
  EXPECT_EQ(created, 10);
  EXPECT_EQ(conflicts, 10);
  EXPECT_EQ(waybills.size(), static_cast<size_t>(created));
  EXPECT_EQ(ids.size(), static_cast<size_t>(created));
  EXPECT_EQ(StockQty("KYIV-1", "MED-IFAK", "IFAK-C"), "0");
  auto items = Arr(ParseObject(StockBody("?sku=MED-IFAK")), "items");
  for (size_t i = 0; i < items->size(); ++i) {
    EXPECT_EQ(Str(At(items, i), "quantity"), "0") << "stock left after the race";
  }
}

TEST_F(ConcurrencyTest, RacingReplaysOfOneIdempotencyKeyWriteOnce) {
  Receive("KYIV-1", "FOOD-KIT", "10", "FK-R", "2027-12-31", "12.50");
  const std::string token = Token("warehouse");
  const std::string body = DeliveryBody("KYIV-1", "FOOD-KIT", "1");
  const int port = server_->port();

  std::vector<Outcome> outcomes = RaceDeliveries(port, 10, body, token, "race-key-1");

  std::set<std::string> ids, waybills;
  for (const Outcome& o : outcomes) {
    ASSERT_EQ(o.status, 201) << o.body;
    auto d = ParseObject(o.body);
    ids.insert(Str(d, "id"));
    waybills.insert(Str(d, "waybill"));
  }
  EXPECT_EQ(ids.size(), 1u);
  EXPECT_EQ(waybills.size(), 1u);
  EXPECT_EQ(StockQty("KYIV-1", "FOOD-KIT", "FK-R"), "9");
}

TEST_F(ConcurrencyTest, StockSurvivesCleanRestart) {
  Receive("KYIV-1", "MED-IFAK", "10", "IFAK-1", "2027-03-31", "3.10");
  Receive("KYIV-1", "MED-IFAK", "6", "IFAK-2", "2028-06-30", "2.50");
  Receive("LVIV-1", "FOOD-KIT", "20", "FK-1", "2027-12-31", "12.50");
  Receive("KYIV-1", "NFI-BLANKET", "7.5", "BL-1", "", "8.00");
  HttpReply d1 = Post("/deliveries", DeliveryBody("KYIV-1", "MED-IFAK", "12"), "warehouse");
  ASSERT_EQ(d1.status, 201) << d1.body;
  HttpReply d2 = Post("/deliveries", DeliveryBody("LVIV-1", "FOOD-KIT", "5"), "warehouse");
  ASSERT_EQ(d2.status, 201) << d2.body;
  HttpReply t = Post(
      "/transfers",
      R"({"from":"LVIV-1","to":"KYIV-1","date":"2026-11-12","lines":[{"sku":"FOOD-KIT","quantity":"3"}]})",
      "warehouse");
  ASSERT_EQ(t.status, 201) << t.body;
  HttpReply a = Post(
      "/adjustments",
      R"({"warehouse":"KYIV-1","date":"2026-11-13","reason":"damaged","lines":[{"sku":"NFI-BLANKET","lot":"BL-1","quantity":"-0.5"}]})",
      "warehouse");
  ASSERT_EQ(a.status, 201) << a.body;

  // A delivery under an Idempotency-Key, to be replayed after the restart.
  const std::string keyed_body = DeliveryBody("KYIV-1", "NFI-BLANKET", "1.5");
  HttpReply keyed = Post("/deliveries", keyed_body, "warehouse", "restart-key-1");
  ASSERT_EQ(keyed.status, 201) << keyed.body;

  const std::string before = StockBody("?limit=1000");
  const std::string before_kyiv = StockBody("?warehouse=KYIV-1");
  const std::string d1_id = Str(ParseObject(d1.body), "id");
  HttpReply d1_before = Get("/deliveries/" + d1_id);
  ASSERT_EQ(d1_before.status, 200) << d1_before.body;

  int status = server_->Stop();
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0)
      << "wait status " << status << "; output:\n"
      << server_->output();
  ASSERT_NO_THROW(server_->Start());
  Reconnect();

  EXPECT_EQ(StockBody("?limit=1000"), before);
  EXPECT_EQ(StockBody("?warehouse=KYIV-1"), before_kyiv);
  HttpReply d1_after = Get("/deliveries/" + d1_id);
  EXPECT_EQ(d1_after.status, 200);
  EXPECT_EQ(d1_after.body, d1_before.body);

  // The stored reply of the keyed delivery survived too, and is not written again.
  HttpReply replay = Post("/deliveries", keyed_body, "warehouse", "restart-key-1");
  EXPECT_EQ(replay.status, 201) << replay.body;
  EXPECT_EQ(replay.body, keyed.body);
  EXPECT_EQ(StockBody("?limit=1000"), before);

  // Writing goes on after the restart, with fresh numbers.
  HttpReply d3 = Post("/deliveries", DeliveryBody("KYIV-1", "MED-IFAK", "1"), "warehouse");
  ASSERT_EQ(d3.status, 201) << d3.body;
  auto d3_body = ParseObject(d3.body);
  EXPECT_NE(Str(d3_body, "waybill"), Str(ParseObject(d1.body), "waybill"));
  EXPECT_NE(Str(d3_body, "waybill"), Str(ParseObject(d2.body), "waybill"));
  EXPECT_NE(Str(d3_body, "id"), d1_id);
  EXPECT_EQ(StockQty("KYIV-1", "MED-IFAK", "IFAK-2"), "3");
}

}  // namespace
}  // namespace zapas::testing
