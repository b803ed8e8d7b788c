// Concurrency and durability, end to end: many connections racing for the same
// stock, replays racing each other, and restarts (SIGTERM and SIGKILL) of the
// real server on the same database.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <latch>
#include <mutex>
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

TEST_F(ConcurrencyTest, AcknowledgedDeliveriesSurviveSigkill) {
  constexpr int kStock = 1000;
  Receive("KYIV-1", "NFI-BLANKET", std::to_string(kStock), "BL-K", "", "8.00");
  const std::string token = Token("warehouse");
  const std::string body = DeliveryBody("KYIV-1", "NFI-BLANKET", "1");
  const int port = server_->port();

  struct Ack {
    std::string id;
    std::string waybill;
    std::string body;
  };
  std::mutex mu;
  std::vector<Ack> acked;
  std::atomic<int> acked_count{0};
  std::atomic<bool> stop{false};
  std::atomic<int> unexpected{0};
  std::string unexpected_body;

  constexpr int kThreads = 4;
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&] {
      try {
        HttpClient client(port);
        while (!stop.load()) {
          HttpReply r = client.Post("/api/v1/deliveries", body, token);
          if (r.status != 201) {
            std::lock_guard<std::mutex> lock(mu);
            ++unexpected;
            unexpected_body = std::to_string(r.status) + " " + r.body;
            return;
          }
          auto d = ParseObject(r.body);
          std::lock_guard<std::mutex> lock(mu);
          acked.push_back(Ack{Str(d, "id"), Str(d, "waybill"), r.body});
          ++acked_count;
        }
      } catch (const std::exception&) {
        // The server was killed under us: this request was not acknowledged.
      }
    });
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (acked_count.load() < 40 && std::chrono::steady_clock::now() < deadline &&
         unexpected.load() == 0) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  int status = server_->Kill();  // in the middle of the writes
  stop = true;
  for (auto& t : threads) t.join();
  EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "wait status " << status;
  ASSERT_EQ(unexpected.load(), 0) << unexpected_body;
  ASSERT_GE(acked.size(), 40u);

  ASSERT_NO_THROW(server_->Start());
  Reconnect();

  std::set<std::string> waybills;
  for (const Ack& ack : acked) {
    HttpReply r = Get("/deliveries/" + ack.id, "auditor");
    ASSERT_EQ(r.status, 200) << "acknowledged delivery " << ack.id << " (" << ack.waybill
                             << ") lost: " << r.body;
    EXPECT_EQ(Str(ParseObject(r.body), "waybill"), ack.waybill);
    waybills.insert(ack.waybill);
  }
  EXPECT_EQ(waybills.size(), acked.size()) << "a waybill number was given twice";

  // Every acknowledged delivery took its unit; at most the ones in flight at
  // the kill (one per thread) may have been stored without an answer.
  const int left = std::stoi(StockQty("KYIV-1", "NFI-BLANKET", "BL-K"));
  const int taken = kStock - left;
  EXPECT_GE(taken, static_cast<int>(acked.size()));
  EXPECT_LE(taken, static_cast<int>(acked.size()) + kThreads);

  // And the server takes new work on the same database.
  HttpReply more = Post("/deliveries", body, "warehouse");
  ASSERT_EQ(more.status, 201) << more.body;
  EXPECT_EQ(waybills.count(Str(ParseObject(more.body), "waybill")), 0u);
}

}  // namespace
}  // namespace zapas::testing
