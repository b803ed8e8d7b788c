// Several `zapas serve` processes on one PostgreSQL database (registered for
// PostgreSQL only: a SQLite file takes one server). Each test runs the
// fixture's server and a second one on the same database, and talks to both.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

#include "tests/services/fixture.h"

namespace zapas::testing {
namespace {

class SeveralServersTest : public ZapasServerTest {
 protected:
  void SetUp() override {
    ZapasServerTest::SetUp();
    if (HasFatalFailure()) return;
    ASSERT_NO_THROW(second_ = ServerProcess::OnDatabaseOf(*server_));
    ASSERT_NO_THROW(second_->Start());
  }

  void TearDown() override {
    if (second_ && second_->running()) {
      int status = second_->Stop();
      EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << second_->output();
    }
    second_.reset();
    ZapasServerTest::TearDown();
  }

  // A logged-in client of server `n` (0: the fixture's, 1: the second).
  struct Client {
    std::unique_ptr<HttpClient> http;
    std::string token;
    HttpReply Post(const std::string& path, const std::string& body, const std::string& key = "") {
      return http->Post("/api/v1" + path, body, token, key);
    }
    HttpReply Get(const std::string& path) { return http->Get("/api/v1" + path, token); }
  };
  Client Connect(int n, const std::string& role = "warehouse") {
    Client c;
    c.http = std::make_unique<HttpClient>(n == 0 ? server_->port() : second_->port());
    const TestUser& u = TestUsers().at(role);
    HttpReply r = c.http->Post("/api/v1/sessions", LoginBody(u.name, u.password));
    if (r.status != 200) throw std::runtime_error("login failed: " + r.body);
    c.token = Str(ParseObject(r.body), "token");
    return c;
  }

  // The whole units of `sku` GET /stock?sku= of `client`'s server shows, over
  // all its lots ("0" for none).
  static std::string StockOf(Client& client, const std::string& sku) {
    HttpReply r = client.Get("/stock?sku=" + sku + "&limit=1000");
    if (r.status != 200) throw std::runtime_error("GET /stock -> " + r.body);
    auto items = Arr(ParseObject(r.body), "items");
    long long total = 0;
    for (size_t i = 0; i < items->size(); ++i) {
      const std::string q = Str(At(items, i), "quantity");
      if (q.find_first_not_of("0123456789") != std::string::npos) {
        throw std::runtime_error("not a whole quantity: " + q);
      }
      total += std::stoll(q);
    }
    return std::to_string(total);
  }

  // Waits until `client`'s server shows `quantity` of `sku` (servers follow
  // each other's commits within a second; the wait is longer so a loaded
  // machine does not fail the test, and the lag is not what is tested here).
  static bool Shows(Client& client, const std::string& sku, const std::string& quantity) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (StockOf(client, sku) != quantity) {
      if (std::chrono::steady_clock::now() > deadline) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return true;
  }

  std::unique_ptr<ServerProcess> second_;
};

// Master data and stock written through one server are known to the other:
// at once to its writes, and to its reads as soon as it has heard.
TEST_F(SeveralServersTest, EachServerFollowsTheOther) {
  Client a = Connect(0, "admin"), b = Connect(1, "admin");
  HttpReply item =
      a.Post("/items", R"({"sku":"WATER-5L","name":{"uk":"Вода 5 л","en":"Water 5 l"},)"
                       R"("unit":"pcs","category":"food","expiry_tracked":false})");
  ASSERT_EQ(item.status, 201) << item.body;
  // Server B takes a receipt of the item A created, for a warehouse and donor
  // it loaded at start.
  HttpReply receipt =
      b.Post("/receipts", ReceiptBody("LVIV-1", "WATER-5L", "40", "W-1", "", "1.00"));
  ASSERT_EQ(receipt.status, 201) << receipt.body;
  EXPECT_TRUE(Shows(a, "WATER-5L", "40"));
  EXPECT_TRUE(Shows(b, "WATER-5L", "40"));
  HttpReply delivery =
      a.Post("/deliveries", DeliveryBody("LVIV-1", "WATER-5L", "15", "2026-11-10"));
  ASSERT_EQ(delivery.status, 201) << delivery.body;
  EXPECT_TRUE(Shows(b, "WATER-5L", "25"));
  // A recipient made on B can be delivered to through A.
  HttpReply recipient =
      b.Post("/recipients", R"({"code":"HOSP-1","kind":"hospital","name":"Лікарня №1",)"
                            R"("region":"Харківська область"})");
  ASSERT_EQ(recipient.status, 201) << recipient.body;
  delivery = a.Post("/deliveries", DeliveryBody("LVIV-1", "WATER-5L", "5", "2026-11-11", "HOSP-1"));
  ASSERT_EQ(delivery.status, 201) << delivery.body;
  EXPECT_TRUE(Shows(b, "WATER-5L", "20"));
}

// Two deliveries of the last unit through different servers at the same
// moment: exactly one succeeds, every time, and no stock goes below zero.
TEST_F(SeveralServersTest, LastUnitGoesToExactlyOneOfTwoServers) {
  Client a = Connect(0), b = Connect(1);
  Client a2 = Connect(0), b2 = Connect(1);
  int races_with_one_winner = 0;
  for (int i = 0; i < 100; ++i) {
    const std::string lot = "LAST-" + std::to_string(i);
    HttpReply receipt =
        (i % 2 ? a : b)
            .Post("/receipts", ReceiptBody("KYIV-1", "NFI-BLANKET", "1", lot, "", "3.00"));
    ASSERT_EQ(receipt.status, 201) << receipt.body;
    // Both servers have the unit in their index before the race starts.
    ASSERT_TRUE(Shows(a2, "NFI-BLANKET", "1"));
    ASSERT_TRUE(Shows(b2, "NFI-BLANKET", "1"));
    const std::string body = DeliveryBody("KYIV-1", "NFI-BLANKET", "1", "2026-11-10");
    std::atomic<int> ready{0};
    HttpReply from_a, from_b;
    auto race = [&](Client& c, HttpReply& out) {
      ++ready;
      while (ready.load() < 2) {
      }
      out = c.Post("/deliveries", body);
    };
    std::thread ta([&] { race(a, from_a); });
    std::thread tb([&] { race(b, from_b); });
    ta.join();
    tb.join();
    const bool a_won = from_a.status == 201, b_won = from_b.status == 201;
    EXPECT_NE(a_won, b_won) << "try " << i << ": " << from_a.status << " " << from_a.body << " / "
                            << from_b.status << " " << from_b.body;
    HttpReply& loser = a_won ? from_b : from_a;
    EXPECT_TRUE(IsProblem(loser, 409)) << "try " << i;
    if (a_won != b_won) ++races_with_one_winner;
    ASSERT_TRUE(Shows(a2, "NFI-BLANKET", "0")) << "try " << i;
    ASSERT_TRUE(Shows(b2, "NFI-BLANKET", "0")) << "try " << i;
  }
  EXPECT_EQ(races_with_one_winner, 100);
  std::string out = server_->Run({"verify"});
  EXPECT_NE(out.find("exit 0"), std::string::npos) << out;
}

// Writers on both servers at once: the journal stays one valid hash chain
// holding every acknowledged write once; an idempotency key is one key for
// both servers.
TEST_F(SeveralServersTest, ConcurrentWritersShareOneChainAndTheKeys) {
  Receive("KYIV-1", "FOOD-KIT", "1000", "F-1", "2027-06-01", "20.00");
  Client watcher = Connect(1);
  ASSERT_TRUE(Shows(watcher, "FOOD-KIT", "1000"));
  constexpr int kPerThread = 40;
  std::atomic<int> acknowledged{0}, failed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      Client c = Connect(t % 2);
      for (int i = 0; i < kPerThread; ++i) {
        const std::string key = "k-" + std::to_string(t) + "-" + std::to_string(i);
        HttpReply r =
            i % 3 == 0
                ? c.Post("/receipts",
                         ReceiptBody("LVIV-1", "MED-IFAK", "2", key, "2027-01-01", "5.00"), key)
                : c.Post("/deliveries", DeliveryBody("KYIV-1", "FOOD-KIT", "1", "2026-11-10"), key);
        (r.status == 201 ? acknowledged : failed)++;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(failed.load(), 0);
  EXPECT_EQ(acknowledged.load(), 4 * kPerThread);

  // The same key on the other server replays the same reply; another body is 409.
  Client a = Connect(0), b = Connect(1);
  const std::string body = DeliveryBody("KYIV-1", "FOOD-KIT", "1", "2026-11-10");
  HttpReply first = a.Post("/deliveries", body, "shared-key");
  ASSERT_EQ(first.status, 201) << first.body;
  HttpReply again = b.Post("/deliveries", body, "shared-key");
  EXPECT_EQ(again.status, 201);
  EXPECT_EQ(again.body, first.body);
  EXPECT_TRUE(IsProblem(
      b.Post("/deliveries", DeliveryBody("KYIV-1", "FOOD-KIT", "2", "2026-11-10"), "shared-key"),
      409));

  // 1000 - (deliveries of the threads) - 1.
  const int deliveries = 4 * kPerThread - 4 * ((kPerThread + 2) / 3);
  const std::string left = std::to_string(1000 - deliveries - 1);
  EXPECT_TRUE(Shows(a, "FOOD-KIT", left));
  EXPECT_TRUE(Shows(b, "FOOD-KIT", left));
  std::string out = server_->Run({"verify"});
  EXPECT_NE(out.find("exit 0"), std::string::npos) << out;
  // The receipt of the fixture, the threads' writes and the shared-key delivery.
  HttpReply journal = Get("/journal?limit=1000", "auditor");
  ASSERT_EQ(journal.status, 200) << journal.body;
  EXPECT_EQ(Arr(ParseObject(journal.body), "items")->size(),
            static_cast<size_t>(1 + 4 * kPerThread + 1));
}

// When the database cuts every connection (a restarted primary, a failover),
// each server connects again: its next write, read and the following of the
// other server's writes work without a restart.
TEST_F(SeveralServersTest, ServersReconnectWhenTheDatabaseCutsThem) {
  Client a = Connect(0), b = Connect(1);
  Receive("KYIV-1", "NFI-BLANKET", "10", "BL-R", "", "8.00");
  ASSERT_TRUE(Shows(b, "NFI-BLANKET", "10"));
  const std::string psql = "psql -Atq '" + server_->db_location() + "' -c ";
  int status = -1;
  std::string cut = Shell(psql +
                              "\"SELECT string_agg(pid::text, ',') FROM pg_stat_activity "
                              "WHERE datname = current_database() AND pid <> pg_backend_pid()\"",
                          &status);
  ASSERT_EQ(status, 0);
  cut = cut.substr(0, cut.find_last_not_of(" \n") + 1);
  Shell(psql + "\"SELECT pg_terminate_backend(pid) FROM unnest('{" + cut + "}'::int[]) pid\"",
        &status);
  ASSERT_EQ(status, 0);
  // Two servers: each a writer and a listener at least.
  EXPECT_GE(std::count(cut.begin(), cut.end(), ',') + 1, 4) << cut;
  // Until the terminated backends are gone: a request racing the cut itself
  // may fail (503, documented); this test is about the ones after it.
  const std::string gone =
      psql + "\"SELECT count(*) FROM pg_stat_activity WHERE pid IN (" + cut + ")\"";
  for (int i = 0; i < 500 && Shell(gone) != "0\n"; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_EQ(Shell(gone), "0\n");
  HttpReply delivery = b.Post("/deliveries", DeliveryBody("KYIV-1", "NFI-BLANKET", "3"));
  EXPECT_EQ(delivery.status, 201) << delivery.body;
  EXPECT_TRUE(Shows(a, "NFI-BLANKET", "7"));
  delivery = a.Post("/deliveries", DeliveryBody("KYIV-1", "NFI-BLANKET", "2"));
  EXPECT_EQ(delivery.status, 201) << delivery.body;
  EXPECT_TRUE(Shows(b, "NFI-BLANKET", "5"));
  HttpReply read = a.Get("/deliveries");
  EXPECT_EQ(read.status, 200) << read.body;
  EXPECT_EQ(b.Get("/recipients").status, 200);
}

// One server killed (SIGKILL) while both take writes: the other keeps
// working, the killed one restarts on the same database, every acknowledged
// write is there once (its key replays the same reply through either
// server), and the chain is valid.
TEST_F(SeveralServersTest, KillingOneServerLosesNothingAcknowledged) {
  struct Sent {
    std::string key, body;
    HttpReply reply;  // status 0: no answer (the server died)
  };
  std::mutex mu;
  std::vector<Sent> sent;
  std::atomic<bool> stop{false};
  auto writer = [&](int server, int t) {
    std::unique_ptr<Client> c;
    try {
      c = std::make_unique<Client>(Connect(server));
    } catch (const std::exception&) {
      return;  // its server is gone already
    }
    for (int i = 0; !stop.load(); ++i) {
      Sent s;
      s.key = "kill-" + std::to_string(server) + "-" + std::to_string(t) + "-" + std::to_string(i);
      s.body = ReceiptBody("KYIV-1", "NFI-BLANKET", "1", s.key, "", "2.00");
      try {
        s.reply = c->Post("/receipts", s.body, s.key);
      } catch (const std::exception&) {
        s.reply.status = 0;  // connection lost: unanswered
      }
      std::lock_guard<std::mutex> lock(mu);
      sent.push_back(s);
      if (s.reply.status == 0) return;
    }
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) threads.emplace_back(writer, t % 2, t);
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  server_->Kill();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // the second goes on alone
  stop = true;
  for (auto& t : threads) t.join();
  ASSERT_NO_THROW(server_->Start());
  Reconnect();

  Client a = Connect(0), b = Connect(1);
  int acknowledged = 0, landed = 0;
  for (const Sent& s : sent) {
    if (s.reply.status == 201) ++acknowledged;
    // Each key again through both servers: an acknowledged write replays its
    // reply; an unanswered one is stored now or was stored whole before.
    HttpReply first = a.Post("/receipts", s.body, s.key);
    HttpReply again = b.Post("/receipts", s.body, s.key);
    ASSERT_EQ(first.status, 201) << s.key << " " << first.body;
    EXPECT_EQ(again.body, first.body) << s.key;
    if (s.reply.status == 201) {
      EXPECT_EQ(first.body, s.reply.body) << s.key;
    } else {
      EXPECT_EQ(s.reply.status, 0) << s.key << " " << s.reply.body;
      ++landed;
    }
  }
  EXPECT_GT(acknowledged, 0);
  // The receipt of every key once: the unanswered ones included, now.
  EXPECT_TRUE(Shows(a, "NFI-BLANKET", std::to_string(sent.size())));
  EXPECT_TRUE(Shows(b, "NFI-BLANKET", std::to_string(sent.size())));
  HttpReply journal = Get("/journal?limit=1000", "auditor");
  ASSERT_EQ(journal.status, 200);
  EXPECT_EQ(Arr(ParseObject(journal.body), "items")->size(), sent.size());
  std::string out = server_->Run({"verify"});
  EXPECT_NE(out.find("exit 0"), std::string::npos) << out;
  RecordProperty("acknowledged", acknowledged);
  RecordProperty("unanswered", landed);
}

}  // namespace
}  // namespace zapas::testing
