// Connections that cost the server nothing but a socket: hundreds of idle and
// slow-header connections beside a fresh client, whose health check, login
// and delivery must each answer within a second (the receive timeout of its
// socket); the timeouts that close them; the per-address and total limits.
#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "tests/services/fixture.h"
#include "tests/services/raw_http.h"

namespace zapas::testing {
namespace {

constexpr int kIdle = 500;
constexpr int kSlow = 100;
constexpr int kOneSecond = 1000;

// The start of a request head that never ends: the rest comes a byte at a time.
const std::string kSlowHead = "POST /api/v1/deliveries HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ";

// Sends one byte on each connection every 300 ms until destroyed: a head
// that keeps arriving and never ends.
class Trickle {
 public:
  explicit Trickle(std::vector<std::unique_ptr<RawConnection>>& slow)
      : thread_([this, &slow] {
          while (!stop_) {
            for (auto& c : slow) c->Send("a");
            std::this_thread::sleep_for(std::chrono::milliseconds(300));
          }
        }) {}
  ~Trickle() {
    stop_ = true;
    thread_.join();
  }

 private:
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

class ConnectionsTest : public ZapasServerTest {
 protected:
  // Restarts the server with `properties` as its config file.
  void RestartWith(const std::string& properties) {
    const std::string path = server_->dir() + "/http.properties";
    std::ofstream(path) << properties;
    server_->Stop();
    server_->SetServeArgs({"--config", path});
    ASSERT_NO_THROW(server_->Start());
    Reconnect();
  }

  std::unique_ptr<RawConnection> Open(int timeout_ms = 5000) {
    return std::make_unique<RawConnection>(server_->port(), timeout_ms);
  }

  // Sends `request` on a new connection that waits at most a second for the reply.
  RawHttpReply FreshRequest(const std::string& request) {
    auto c = Open(kOneSecond);
    EXPECT_TRUE(c->Send(request));
    return c->Read();
  }
};

TEST_F(ConnectionsTest, AFreshClientIsAnsweredBesideHundredsOfIdleAndSlowConnections) {
  RaiseOpenFileLimit();
  Receive("KYIV-1", "NFI-BLANKET", "40", "BL-1", "", "3.00");
  std::vector<std::unique_ptr<RawConnection>> idle, slow;
  for (int i = 0; i < kIdle; ++i) idle.push_back(Open());
  for (int i = 0; i < kSlow; ++i) {
    slow.push_back(Open());
    ASSERT_TRUE(slow.back()->Send(kSlowHead));
  }
  Trickle trickle(slow);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));

  // One fresh connection, a second at most for each reply.
  auto fresh = Open(kOneSecond);
  ASSERT_TRUE(fresh->Send(RawRequest("GET", "/api/v1/health")));
  RawHttpReply health = fresh->Read();
  ASSERT_EQ(health.status, 200) << "no answer within 1 s: " << health.head;
  EXPECT_EQ(Str(ParseObject(health.body), "status"), "ok");

  const TestUser& sklad = TestUsers().at("warehouse");
  ASSERT_TRUE(
      fresh->Send(RawRequest("POST", "/api/v1/sessions", LoginBody(sklad.name, sklad.password))));
  RawHttpReply login = fresh->Read();
  ASSERT_EQ(login.status, 200) << "no answer within 1 s: " << login.head << login.body;
  const std::string token = Str(ParseObject(login.body), "token");

  ASSERT_TRUE(fresh->Send(RawRequest("POST", "/api/v1/deliveries",
                                     DeliveryBody("KYIV-1", "NFI-BLANKET", "15"), token)));
  RawHttpReply delivery = fresh->Read();
  ASSERT_EQ(delivery.status, 201) << "no answer within 1 s: " << delivery.head << delivery.body;
  auto lines = Arr(ParseObject(delivery.body), "lines");
  ASSERT_EQ(lines->size(), 1u) << delivery.body;
  EXPECT_EQ(Str(At(lines, 0), "lot"), "BL-1");
  EXPECT_EQ(Str(At(lines, 0), "quantity"), "15");

  // The others were all still there, waiting.
  int open = 0;
  for (auto& c : idle) open += c->OpenAndSilent();
  for (auto& c : slow) open += c->OpenAndSilent();
  EXPECT_EQ(open, kIdle + kSlow);
  EXPECT_EQ(StockQty("KYIV-1", "NFI-BLANKET", "BL-1"), "25");
}

TEST_F(ConnectionsTest, SlowHeadsGet408AndIdleConnectionsCloseOnTime) {
  RestartWith("http.header_timeout_seconds = 2\nhttp.keep_alive_seconds = 1\n");
  std::vector<std::unique_ptr<RawConnection>> slow;
  for (int i = 0; i < 3; ++i) {
    slow.push_back(Open());
    ASSERT_TRUE(slow.back()->Send(kSlowHead));
  }
  auto silent = Open();
  auto kept = Open();
  ASSERT_TRUE(kept->Send(RawRequest("GET", "/api/v1/health")));
  ASSERT_EQ(kept->Read().status, 200);
  {
    Trickle trickle(slow);
    // A byte every 300 ms does not keep a head alive past its 2 s.
    std::this_thread::sleep_for(std::chrono::milliseconds(700));
    EXPECT_TRUE(slow[0]->OpenAndSilent()) << "closed before its header timeout";
    EXPECT_TRUE(kept->ClosedWithin(2000)) << "an idle keep-alive connection stayed past 1 s";
    for (auto& c : slow) {
      RawHttpReply r = c->Read();
      EXPECT_EQ(r.status, 408) << r.head;
      EXPECT_TRUE(IsProblem(HttpReply{r.status, r.Field("Content-Type"), r.body}, 408));
      EXPECT_EQ(r.Field("Connection"), "close");
      EXPECT_TRUE(c->ClosedWithin(2000));
    }
  }
  // A connection that never sent a byte closes without a word.
  EXPECT_TRUE(silent->ClosedWithin(2000));
  EXPECT_EQ(FreshRequest(RawRequest("GET", "/api/v1/health")).status, 200);
}

TEST_F(ConnectionsTest, OneAddressBeyondItsLimitGets503) {
  RestartWith("http.max_connections_per_address = 20\n");
  std::vector<std::unique_ptr<RawConnection>> held;
  for (int i = 0; i < 20; ++i) held.push_back(Open());
  auto extra = Open();
  ASSERT_TRUE(extra->Send(RawRequest("GET", "/api/v1/health")));
  RawHttpReply refused = extra->Read();
  EXPECT_TRUE(
      IsProblem(HttpReply{refused.status, refused.Field("Content-Type"), refused.body}, 503))
      << refused.head;
  EXPECT_EQ(refused.Field("Connection"), "close");
  EXPECT_TRUE(extra->ClosedWithin(3000));
  // The held ones are served as usual.
  ASSERT_TRUE(held[0]->Send(RawRequest("GET", "/api/v1/health")));
  EXPECT_EQ(held[0]->Read().status, 200);

  // Once they go, the address is served again.
  held.clear();
  int status = 0;
  for (int tries = 0; tries < 50 && status != 200; ++tries) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    status = FreshRequest(RawRequest("GET", "/api/v1/health")).status;
  }
  EXPECT_EQ(status, 200);
}

TEST_F(ConnectionsTest, AFullServerClosesTheConnectionWaitingLongest) {
  RestartWith("http.max_connections = 30\n");
  auto oldest = Open();
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  std::vector<std::unique_ptr<RawConnection>> others;
  for (int i = 0; i < 29; ++i) others.push_back(Open());
  std::this_thread::sleep_for(std::chrono::milliseconds(200));

  RawHttpReply health = FreshRequest(RawRequest("GET", "/api/v1/health"));
  EXPECT_EQ(health.status, 200) << health.head;
  EXPECT_TRUE(oldest->ClosedWithin(2000)) << "the longest idle connection was not closed";
  EXPECT_TRUE(others.back()->OpenAndSilent());
}

}  // namespace
}  // namespace zapas::testing
