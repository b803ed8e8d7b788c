// Sites and the alliance hub, end to end and under faults: a hub (on the test
// backend) and two sites, KHARKIV and ODESA (each `zapas serve` on a SQLite
// file), with a TCP relay between each site and the hub that the test
// controls — cut, stall, a reply or a request cut mid-way, the hub killed
// and restarted. After every scenario the hub's stock of the sites'
// warehouses equals each site's own, what is in transit shows at the hub as
// such, each site's numbers run without a gap, and `zapas verify` passes at
// every node.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <thread>

#include "persistence/journal_hash.h"
#include "services/app/sync_wire.h"
#include "tests/services/fixture.h"
#include "tests/services/server_process.h"
#include "tests/services/tcp_relay.h"

namespace zapas::testing {
namespace {

constexpr char kPassword[] = "alliance-password-1";
using Mode = TcpRelay::Mode;

struct Site {
  std::string code, warehouse;
  std::unique_ptr<ServerProcess> server;
  std::unique_ptr<TcpRelay> link;  // the site's way to the hub
  std::string config;              // its properties file
  std::string admin, staff;        // tokens
};

std::string Login(int port, const std::string& user) {
  HttpClient c(port);
  HttpReply r = c.Post("/api/v1/sessions",
                       R"({"username":")" + user + R"(","password":")" + kPassword + R"("})");
  if (r.status != 201 && r.status != 200) throw std::runtime_error("login: " + r.body);
  return Str(ParseObject(r.body), "token");
}

// The stock rows of `sku`: (warehouse, lot, in transit) -> quantity.
using Stock = std::map<std::tuple<std::string, std::string, bool>, std::string>;
Stock StockOf(int port, const std::string& token, const std::string& sku) {
  HttpClient c(port);
  HttpReply r = c.Get("/api/v1/stock?sku=" + sku + "&limit=1000", token);
  if (r.status != 200) throw std::runtime_error("stock: " + r.body);
  Stock out;
  auto items = Arr(ParseObject(r.body), "items");
  for (size_t i = 0; i < items->size(); ++i) {
    auto row = At(items, i);
    const bool transit = row->has("in_transit") && row->getValue<bool>("in_transit");
    out[{Str(row, "warehouse"), Str(row, "lot"), transit}] = Str(row, "quantity");
  }
  return out;
}

class AllianceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* user : {"admin", "sklad", "kasa"}) {
      const std::string role = std::string(user) == "admin"   ? "admin"
                               : std::string(user) == "sklad" ? "warehouse"
                                                              : "treasurer";
      ASSERT_EQ(hub_.AddUser(user, role, kPassword), 0);
    }
    hub_.Start();
    admin_ = Login(hub_.port(), "admin");
    for (const std::string& body :
         {R"({"code":"KH-1","name":"Склад Харків","region":"Харківська"})",
          R"({"code":"OD-1","name":"Склад Одеса","region":"Одеська"})",
          R"({"code":"HUB-1","name":"Склад хабу","region":"Київська"})"}) {
      ASSERT_EQ(HubPost("/warehouses", body).status, 201);
    }
    ASSERT_EQ(HubPost("/donors", R"({"code":"DE-HILFE","name":"Deutsche Hilfe","country":"DE",)"
                                 R"("currency":"EUR"})")
                  .status,
              201);
    ASSERT_EQ(HubPost("/items", R"({"sku":"RICE","name":{"uk":"Рис","en":"Rice"},"unit":"kg",)"
                                R"("category":"food","expiry_tracked":true})")
                  .status,
              201);
    ASSERT_EQ(HubPost("/recipients", R"({"code":"MU-1","kind":"military_unit",)"
                                     R"("name":"в/ч А1234","region":"Харківська"})")
                  .status,
              201);
    ASSERT_EQ(HubPost("/accounts", R"({"code":"KH-CASH","name":"Каса Харків","currency":"UAH",)"
                                   R"("kind":"cash"})")
                  .status,
              201);
    AddSite(kh_, "KHARKIV", "KH-1", R"(,"accounts":["KH-CASH"])");
    AddSite(od_, "ODESA", "OD-1", "");
  }

  HttpReply HubPost(const std::string& path, const std::string& body) {
    HttpClient c(hub_.port());
    return c.Post("/api/v1" + path, body, admin_);
  }

  void AddSite(Site& s, const std::string& code, const std::string& warehouse,
               const std::string& more) {
    s.code = code;
    s.warehouse = warehouse;
    HttpReply r = HubPost("/sites", R"({"code":")" + code + R"(","name":"Майданчик )" + code +
                                        R"(","warehouses":[")" + warehouse + "\"]" + more + "}");
    ASSERT_EQ(r.status, 201) << r.body;
    const std::string token = Str(ParseObject(r.body), "token");
    s.server = ServerProcess::OnSqlite();
    s.link = std::make_unique<TcpRelay>(hub_.port());
    s.config = s.server->dir() + "/site.properties";
    // The test syncs when it wants (POST /sync); a hub that hangs is given up
    // on after 2 s.
    std::ofstream(s.config) << "sync.interval = 86400\nsync.timeout = 2\n";
    int rc = 0;
    const std::string out = s.server->RunWithInput(
        {"site", "init", "--hub", "http://127.0.0.1:" + std::to_string(s.link->Port()), "--site",
         code, "--token-stdin", "--db", s.server->db_location()},
        token + "\n", &rc);
    ASSERT_EQ(rc, 0) << out;
    // The first sync from the command line: the site's warehouses, users
    // and master data.
    const std::string synced = s.server->Run({"sync", "--once", "--config", s.config});
    ASSERT_NE(synced.find("exit 0"), std::string::npos) << synced;
    s.server->SetServeArgs({"--config", s.config});
    s.server->Start();
    s.admin = Login(s.server->port(), "admin");
    s.staff = Login(s.server->port(), "sklad");
  }

  HttpReply Post(Site& s, const std::string& path, const std::string& body) {
    HttpClient c(s.server->port());
    return c.Post("/api/v1" + path, body, s.staff);
  }
  HttpReply Sync(Site& s) {
    HttpClient c(s.server->port());
    return c.Post("/api/v1/sync", "", s.admin);
  }
  Poco::JSON::Object::Ptr SyncStatus(Site& s) {
    HttpClient c(s.server->port());
    return ParseObject(c.Get("/api/v1/sync/status", s.admin).body);
  }

  // A receipt of `quantity` of RICE in lot `lot` at the site.
  void Receive(Site& s, const std::string& lot, const std::string& quantity) {
    HttpReply r = Post(s, "/receipts",
                       R"({"warehouse":")" + s.warehouse +
                           R"(","donor":"DE-HILFE","date":"2026-12-01","reference":"r",)"
                           R"("lines":[{"sku":"RICE","quantity":")" +
                           quantity + R"(","lot":")" + lot +
                           R"(","expiry":"2027-06-01","unit_value":{"amount":"40.00",)"
                           R"("currency":"UAH"}}]})");
    ASSERT_EQ(r.status, 201) << r.body;
  }
  // `n` deliveries of one kilo each to MU-1; their waybill numbers.
  std::vector<std::string> Deliver(Site& s, int n) {
    std::vector<std::string> waybills;
    HttpClient c(s.server->port());
    for (int i = 0; i < n; ++i) {
      HttpReply r = c.Post("/api/v1/deliveries",
                           R"({"warehouse":")" + s.warehouse +
                               R"(","recipient":"MU-1","date":"2026-12-02",)"
                               R"("lines":[{"sku":"RICE","quantity":"1"}]})",
                           s.staff);
      if (r.status != 201) throw std::runtime_error("delivery: " + r.body);
      waybills.push_back(Str(ParseObject(r.body), "waybill"));
    }
    return waybills;
  }

  // The hub's stock of each site's warehouses is the site's own, line by
  // line; goods in transit show at the hub as such; every node verifies.
  void ExpectAllianceHolds() {
    const Stock at_hub = StockOf(hub_.port(), admin_, "RICE");
    Stock sites;
    for (Site* s : {&kh_, &od_}) {
      for (const auto& [key, q] : StockOf(s->server->port(), s->admin, "RICE")) {
        if (std::get<0>(key) == s->warehouse && !std::get<2>(key)) sites[key] = q;
      }
    }
    Stock hub_sites;
    for (const auto& [key, q] : at_hub) {
      if ((std::get<0>(key) == "KH-1" || std::get<0>(key) == "OD-1") && !std::get<2>(key)) {
        hub_sites[key] = q;
      }
    }
    EXPECT_EQ(hub_sites, sites);
    for (ServerProcess* node : {&hub_, kh_.server.get(), od_.server.get()}) {
      const std::string verified = node->Run({"verify"});
      EXPECT_NE(verified.find("exit 0"), std::string::npos) << verified;
    }
  }

  // How many entries of `site` the hub holds (GET /sync/status on the hub).
  int64_t HeldAtHub(const std::string& site) {
    HttpClient c(hub_.port());
    auto sites = Arr(ParseObject(c.Get("/api/v1/sync/status", admin_).body), "sites");
    for (size_t i = 0; i < sites->size(); ++i) {
      if (Str(At(sites, i), "code") == site) return At(sites, i)->getValue<int64_t>("entries");
    }
    return -1;
  }

  ServerProcess hub_;
  std::string admin_;
  Site kh_, od_;
};

// Consecutive numbers of one series: "WB-KHARKIV-2026-000001", ...
void ExpectUnbroken(const std::vector<std::string>& numbers, const std::string& series) {
  for (size_t i = 0; i < numbers.size(); ++i) {
    char expected[64];
    std::snprintf(expected, sizeof expected, "%s-%06zu", series.c_str(), i + 1);
    ASSERT_EQ(numbers[i], expected);
  }
}

TEST_F(AllianceTest, SitesOfflineForDaysCatchUpAndTheHubSeesTheirSum) {
  kh_.link->SetMode(Mode::kRefuse);
  od_.link->SetMode(Mode::kRefuse);
  Receive(kh_, "L-KH", "5000");
  Receive(od_, "L-OD", "1000");
  const std::vector<std::string> kh_waybills = Deliver(kh_, 1500);
  const std::vector<std::string> od_waybills = Deliver(od_, 400);
  ExpectUnbroken(kh_waybills, "WB-KHARKIV-2026");
  ExpectUnbroken(od_waybills, "WB-ODESA-2026");
  // The link is down: the sync fails and says so; writes go on.
  EXPECT_TRUE(IsProblem(Sync(kh_), 503));
  auto status = SyncStatus(kh_);
  EXPECT_FALSE(status->getValue<bool>("hub_reachable"));
  EXPECT_EQ(status->getValue<int64_t>("pending"), 1501);

  kh_.link->SetMode(Mode::kPass);
  od_.link->SetMode(Mode::kPass);
  HttpReply synced = Sync(kh_);
  ASSERT_EQ(synced.status, 200) << synced.body;
  EXPECT_EQ(ParseObject(synced.body)->getValue<int64_t>("pushed"), 1501);
  ASSERT_EQ(Sync(od_).status, 200);
  EXPECT_EQ(SyncStatus(kh_)->getValue<int64_t>("pending"), 0);
  EXPECT_TRUE(SyncStatus(kh_)->getValue<bool>("hub_reachable"));
  EXPECT_EQ(HeldAtHub("KHARKIV"), 1501);
  EXPECT_EQ(HeldAtHub("ODESA"), 401);
  // `zapas sync --once` beside the running server asks it to sync now.
  Deliver(od_, 3);
  const std::string asked = od_.server->Run({"sync", "--once", "--config", od_.config});
  EXPECT_NE(asked.find("exit 0"), std::string::npos) << asked;
  EXPECT_NE(asked.find("0 pending"), std::string::npos) << asked;
  EXPECT_EQ(HeldAtHub("ODESA"), 404);
  ExpectAllianceHolds();

  // The donor's report at the hub is the sum of the sites'.
  int64_t deliveries = 0;
  for (Site* s : {&kh_, &od_}) {
    HttpClient c(s->server->port());
    const std::string kasa = Login(s->server->port(), "kasa");
    auto r = ParseObject(
        c.Get("/api/v1/reports/donor/DE-HILFE.json?from=2026-12-01&to=2026-12-31&currency=UAH",
              kasa)
            .body);
    deliveries += r->getValue<int64_t>("deliveries");
  }
  HttpClient c(hub_.port());
  auto at_hub = ParseObject(
      c.Get("/api/v1/reports/donor/DE-HILFE.json?from=2026-12-01&to=2026-12-31&currency=UAH",
            Login(hub_.port(), "kasa"))
          .body);
  EXPECT_EQ(at_hub->getValue<int64_t>("deliveries"), deliveries);
  EXPECT_EQ(deliveries, 1903);
  auto delivered = Arr(at_hub, "delivered");
  ASSERT_EQ(delivered->size(), 1u);
  EXPECT_EQ(Str(At(delivered, 0), "amount"), "76120.00");  // 1903 kg at 40.00
}

TEST_F(AllianceTest, ACutInTheMiddleOfABatchLosesAndDuplicatesNothing) {
  Receive(kh_, "L-KH", "5000");
  Deliver(kh_, 1200);  // two batches
  // The hub stores the first batch, but its answer never arrives.
  kh_.link->SetMode(Mode::kCutReply, 40);
  EXPECT_TRUE(IsProblem(Sync(kh_), 503));
  EXPECT_EQ(HeldAtHub("KHARKIV"), 1000);
  // A request cut short is never taken.
  kh_.link->SetMode(Mode::kCutRequest, 2000);
  EXPECT_TRUE(IsProblem(Sync(kh_), 503));
  EXPECT_EQ(HeldAtHub("KHARKIV"), 1000);
  // A hub that hangs is given up on.
  kh_.link->SetMode(Mode::kStall);
  EXPECT_TRUE(IsProblem(Sync(kh_), 503));
  kh_.link->SetMode(Mode::kPass);
  HttpReply synced = Sync(kh_);
  ASSERT_EQ(synced.status, 200) << synced.body;
  EXPECT_EQ(HeldAtHub("KHARKIV"), 1201);
  EXPECT_EQ(SyncStatus(kh_)->getValue<int64_t>("pending"), 0);
  // Sent again, nothing new is stored.
  ASSERT_EQ(Sync(kh_).status, 200);
  EXPECT_EQ(HeldAtHub("KHARKIV"), 1201);
  ExpectAllianceHolds();
}

TEST_F(AllianceTest, TheHubRestartedMidSyncLosesNothing) {
  Receive(kh_, "L-KH", "5000");
  Deliver(kh_, 2500);
  std::thread sync([&] { (void)Sync(kh_); });
  // Kill the hub while the site pushes.
  for (int i = 0; i < 200 && HeldAtHub("KHARKIV") == 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  hub_.Kill();
  sync.join();
  hub_.Start();
  kh_.link->SetTarget(hub_.port());
  od_.link->SetTarget(hub_.port());
  admin_ = Login(hub_.port(), "admin");
  HttpReply synced = Sync(kh_);
  ASSERT_EQ(synced.status, 200) << synced.body;
  EXPECT_EQ(HeldAtHub("KHARKIV"), 2501);
  ExpectAllianceHolds();
}

TEST_F(AllianceTest, ASiteRestoredFromAnOlderBackupIsRefusedAtTheForkPoint) {
  Receive(kh_, "L-KH", "100");
  Deliver(kh_, 3);
  ASSERT_EQ(Sync(kh_).status, 200);
  const std::string backup = kh_.server->dir() + "/older.db";
  ASSERT_NE(kh_.server->Run({"backup", backup}).find("exit 0"), std::string::npos);
  Deliver(kh_, 2);
  ASSERT_EQ(Sync(kh_).status, 200);
  ASSERT_EQ(HeldAtHub("KHARKIV"), 6);

  // The site's disk dies; it comes back from the older backup.
  kh_.server->Stop();
  const std::string db = kh_.server->db_path();
  for (const char* suffix : {"-wal", "-shm"}) std::filesystem::remove(db + suffix);
  std::filesystem::copy_file(backup, db, std::filesystem::copy_options::overwrite_existing);
  kh_.server->Start();
  kh_.admin = Login(kh_.server->port(), "admin");
  kh_.staff = Login(kh_.server->port(), "sklad");

  HttpReply refused = Sync(kh_);
  ASSERT_TRUE(IsProblem(refused, 409));
  EXPECT_NE(refused.body.find("its entry 5"), std::string::npos) << refused.body;
  auto status = SyncStatus(kh_);
  EXPECT_NE(Str(status, "fork").find("entry 5"), std::string::npos);
  // The site shows it and writes no more; the hub is unchanged.
  HttpReply write = Post(kh_, "/deliveries",
                         R"({"warehouse":"KH-1","recipient":"MU-1","date":"2026-12-02",)"
                         R"("lines":[{"sku":"RICE","quantity":"1"}]})");
  EXPECT_TRUE(IsProblem(write, 409));
  EXPECT_NE(write.body.find("entry 5"), std::string::npos);
  EXPECT_EQ(HeldAtHub("KHARKIV"), 6);
  const std::string verified = hub_.Run({"verify"});
  EXPECT_NE(verified.find("exit 0"), std::string::npos) << verified;
}

TEST_F(AllianceTest, ATamperedBatchAndAnotherDatabaseWithTheTokenAreRefused) {
  Receive(kh_, "L-KH", "100");
  // The site's entry as its journal lists it, with its quantity changed.
  HttpClient site(kh_.server->port());
  auto entry = At(Arr(ParseObject(site.Get("/api/v1/journal", kh_.admin).body), "items"), 0);
  std::ostringstream doc;
  entry->getObject("document")->stringify(doc);
  std::string tampered = doc.str();
  tampered.replace(tampered.find("\"100\""), 5, "\"900\"");  // 900 kg, not 100
  Poco::JSON::Object batch;
  batch.set("site", "KHARKIV");
  batch.set("instance", "someone-else");
  Poco::JSON::Object head;
  head.set("id", 1);
  head.set("hash", Str(entry, "hash"));
  batch.set("head", head);
  Poco::JSON::Object e;
  e.set("id", 1);
  for (const char* key :
       {"kind", "number", "date", "recorded_at", "recorded_by", "prev_hash", "hash"}) {
    e.set(key, Str(entry, key));
  }
  e.set("refers_to", 0);
  e.set("document", tampered);
  e.set("postings", Poco::JSON::Array());
  e.set("money", Poco::JSON::Array());
  Poco::JSON::Array entries;
  entries.add(e);
  batch.set("entries", entries);
  std::ostringstream body;
  batch.stringify(body);
  HttpClient hub(hub_.port());
  HttpReply r = hub.Post("/api/v1/sync/journal", body.str(), "zs_not-a-token");
  EXPECT_TRUE(IsProblem(r, 401));
  // With the site's real token (a new one, from the hub's admin).
  HttpReply token = HubPost("/sites/KHARKIV/token", "");
  ASSERT_EQ(token.status, 201) << token.body;
  r = hub.Post("/api/v1/sync/journal", body.str(), Str(ParseObject(token.body), "token"));
  EXPECT_TRUE(IsProblem(r, 422));
  EXPECT_NE(r.body.find("hash does not match"), std::string::npos) << r.body;
  EXPECT_EQ(HeldAtHub("KHARKIV"), 0);
  // The site's old token no longer works.
  EXPECT_TRUE(IsProblem(Sync(kh_), 401));

  // Two databases with one site's token: the first to push is the site,
  // the second is refused.
  const std::string shared = Str(ParseObject(HubPost("/sites/KHARKIV/token", "").body), "token");
  std::vector<std::unique_ptr<ServerProcess>> twins;
  std::vector<std::string> outputs;
  for (int i = 0; i < 2; ++i) {
    twins.push_back(ServerProcess::OnSqlite());
    int rc = 0;
    twins.back()->RunWithInput(
        {"site", "init", "--hub", "http://127.0.0.1:" + std::to_string(hub_.port()), "--site",
         "KHARKIV", "--token-stdin", "--db", twins.back()->db_location()},
        shared + "\n", &rc);
    ASSERT_EQ(rc, 0);
    outputs.push_back(twins.back()->Run({"sync", "--once"}));
  }
  EXPECT_NE(outputs[0].find("exit 0"), std::string::npos) << outputs[0];
  EXPECT_NE(outputs[1].find("exit 1"), std::string::npos) << outputs[1];
  EXPECT_NE(outputs[1].find("another database already pushes as site KHARKIV"), std::string::npos)
      << outputs[1];
  // Revoked, the token is refused.
  HttpClient hub2(hub_.port());
  ASSERT_EQ(hub2.Request("DELETE", "/api/v1/sites/KHARKIV/token", "", admin_).status, 200);
  EXPECT_NE(twins[0]->Run({"sync", "--once"}).find("exit 1"), std::string::npos);
}

TEST_F(AllianceTest, ATransferBetweenOfflineSitesArrivesWithItsShortage) {
  Receive(kh_, "L-1", "100");
  ASSERT_EQ(Sync(kh_).status, 200);
  ASSERT_EQ(Sync(od_).status, 200);
  kh_.link->SetMode(Mode::kRefuse);
  od_.link->SetMode(Mode::kRefuse);
  HttpReply sent = Post(kh_, "/transfers",
                        R"({"from":"KH-1","to":"OD-1","date":"2026-12-03",)"
                        R"("lines":[{"sku":"RICE","quantity":"10"}]})");
  ASSERT_EQ(sent.status, 201) << sent.body;
  const std::string number = Str(ParseObject(sent.body), "number");
  EXPECT_EQ(number, "TRN-KHARKIV-2026-000001");
  // At the source the goods left, and are in transit.
  Stock kh = StockOf(kh_.server->port(), kh_.admin, "RICE");
  EXPECT_EQ((kh[{"KH-1", "L-1", false}]), "90");
  EXPECT_EQ((kh[{"OD-1", "L-1", true}]), "10");
  // Not at the destination yet: it has not heard of them.
  HttpReply early = Post(od_, "/transfers/" + number + "/receive", R"({"date":"2026-12-04"})");
  EXPECT_TRUE(IsProblem(early, 404));

  kh_.link->SetMode(Mode::kPass);
  od_.link->SetMode(Mode::kPass);
  ASSERT_EQ(Sync(kh_).status, 200);
  ASSERT_EQ(Sync(od_).status, 200);
  Stock od = StockOf(od_.server->port(), od_.admin, "RICE");
  EXPECT_EQ((od[{"OD-1", "L-1", true}]), "10");
  Stock hub = StockOf(hub_.port(), admin_, "RICE");
  EXPECT_EQ((hub[{"OD-1", "L-1", true}]), "10");

  // The destination lists it as on its way.
  HttpClient od_client(od_.server->port());
  auto incoming =
      Arr(ParseObject(od_client.Get("/api/v1/transfers/incoming", od_.staff).body), "items");
  ASSERT_EQ(incoming->size(), 1u);
  EXPECT_EQ(Str(At(incoming, 0), "number"), number);
  EXPECT_EQ(Str(At(At(incoming, 0)->getArray("lines"), 0), "quantity"), "10");
  // Named as its sender was answered: the id at the site that dispatched it.
  const std::string sent_id = Str(ParseObject(sent.body), "id");
  HttpReply received = Post(od_, "/transfers/" + sent_id + "/receive",
                            R"({"date":"2026-12-04","lines":[{"sku":"RICE","lot":"L-1",)"
                            R"("received":"9"}]})");
  ASSERT_EQ(received.status, 201) << received.body;
  auto arrival = ParseObject(received.body);
  EXPECT_EQ(Str(arrival, "number"), "ARR-ODESA-2026-000001");
  EXPECT_EQ(Str(arrival, "transfer_number"), number);
  EXPECT_NE(received.body.find("short 1 of 10"), std::string::npos) << received.body;
  EXPECT_TRUE(
      IsProblem(Post(od_, "/transfers/" + number + "/receive", R"({"date":"2026-12-04"})"), 409));
  EXPECT_EQ(Arr(ParseObject(od_client.Get("/api/v1/transfers/incoming", od_.staff).body), "items")
                ->size(),
            0u);
  ASSERT_EQ(Sync(od_).status, 200);
  ASSERT_EQ(Sync(kh_).status, 200);

  // The transit ends everywhere; the hub shows the arrival with its shortage.
  for (const Stock& s :
       {StockOf(hub_.port(), admin_, "RICE"), StockOf(kh_.server->port(), kh_.admin, "RICE"),
        StockOf(od_.server->port(), od_.admin, "RICE")}) {
    for (const auto& [key, q] : s) EXPECT_FALSE(std::get<2>(key)) << std::get<0>(key) << " " << q;
  }
  hub = StockOf(hub_.port(), admin_, "RICE");
  EXPECT_EQ((hub[{"OD-1", "L-1", false}]), "9");
  EXPECT_EQ((hub[{"KH-1", "L-1", false}]), "90");
  HttpClient c(hub_.port());
  const std::string journal = c.Get("/api/v1/journal?limit=1000", admin_).body;
  EXPECT_NE(journal.find("ARR-ODESA-2026-000001"), std::string::npos);
  EXPECT_NE(journal.find("short 1 of 10"), std::string::npos);
  ExpectAllianceHolds();
}

TEST_F(AllianceTest, EachSiteWritesOnlyItsOwnAndAllianceDataComesFromTheHub) {
  // A site writes its own warehouse and account only; the hub none of theirs.
  // A site's code goes into its numbers: capital Latin letters and digits;
  // a warehouse is one site's.
  EXPECT_TRUE(IsProblem(HubPost("/sites", R"({"code":"kyiv","name":"К","warehouses":[]})"), 422));
  EXPECT_TRUE(
      IsProblem(HubPost("/sites", R"({"code":"LVIV","name":"Л","warehouses":["OD-1"]})"), 409));
  EXPECT_TRUE(
      IsProblem(HubPost("/sites", R"({"code":"LVIV","name":"Л","warehouses":["~OD-1"]})"), 422));
  // (KHARKIV learns that OD-1 is ODESA's at its next sync.)
  ASSERT_EQ(Sync(kh_).status, 200);
  HttpReply other =
      Post(kh_, "/receipts",
           R"({"warehouse":"OD-1","donor":"DE-HILFE","date":"2026-12-01",)"
           R"("reference":"r","lines":[{"sku":"RICE","quantity":"1","lot":"X",)"
           R"("expiry":"2027-01-01","unit_value":{"amount":"1.00","currency":"UAH"}}]})");
  EXPECT_TRUE(IsProblem(other, 409));
  EXPECT_NE(other.body.find("belongs to site ODESA"), std::string::npos) << other.body;
  HttpClient hub(hub_.port());
  HttpReply at_hub = hub.Post("/api/v1/receipts",
                              R"({"warehouse":"KH-1","donor":"DE-HILFE","date":"2026-12-01",)"
                              R"("reference":"r","lines":[{"sku":"RICE","quantity":"1",)"
                              R"("lot":"X","expiry":"2027-01-01",)"
                              R"("unit_value":{"amount":"1.00","currency":"UAH"}}]})",
                              admin_);
  EXPECT_TRUE(IsProblem(at_hub, 409));
  // Items are the hub's; a site's new recipient carries its code.
  HttpReply item = Post(kh_, "/items",
                        R"({"sku":"SOAP","name":{"uk":"Мило","en":"Soap"},"unit":"pcs",)"
                        R"("category":"hygiene","expiry_tracked":false})");
  EXPECT_TRUE(IsProblem(item, 409));
  HttpReply plain = Post(kh_, "/recipients",
                         R"({"code":"MU-2","kind":"military_unit","name":"в/ч Б","region":"Х"})");
  EXPECT_TRUE(IsProblem(plain, 422));
  HttpReply own = Post(kh_, "/recipients",
                       R"({"code":"KHARKIV-MU-2","kind":"military_unit","name":"в/ч Б",)"
                       R"("region":"Харківська"})");
  ASSERT_EQ(own.status, 201) << own.body;
  // What the hub adds reaches the sites at their next sync; theirs reach it.
  ASSERT_EQ(HubPost("/items", R"({"sku":"SOAP","name":{"uk":"Мило","en":"Soap"},"unit":"pcs",)"
                              R"("category":"hygiene","expiry_tracked":false})")
                .status,
            201);
  ASSERT_EQ(Sync(kh_).status, 200);
  HttpClient site(kh_.server->port());
  EXPECT_EQ(site.Get("/api/v1/items?q=SOAP", kh_.staff).body.find("SOAP") != std::string::npos,
            true);
  EXPECT_NE(hub.Get("/api/v1/recipients?limit=1000", admin_).body.find("KHARKIV-MU-2"),
            std::string::npos);
  // The hub makes no code in a site's prefix: that site may have made it.
  EXPECT_TRUE(IsProblem(HubPost("/recipients", R"({"code":"KHARKIV-MU-3","kind":"military_unit",)"
                                               R"("name":"в/ч В","region":"Харківська"})"),
                        422));
  // A household met at a site: the hub knows who they are, the other sites
  // only its code.
  HttpReply household =
      Post(kh_, "/recipients",
           R"({"code":"KHARKIV-IDP-1","kind":"idp_household",)"
           R"("name":"Коваленко Марія","region":"Харківська",)"
           R"("personal":{"names":["Коваленко Марія"],"phone":"+380501112233"}})");
  ASSERT_EQ(household.status, 201) << household.body;
  ASSERT_EQ(Sync(kh_).status, 200);
  ASSERT_EQ(Sync(od_).status, 200);
  const std::string at_hub_household = hub.Get("/api/v1/recipients/KHARKIV-IDP-1", admin_).body;
  EXPECT_NE(at_hub_household.find("+380501112233"), std::string::npos) << at_hub_household;
  HttpClient odesa(od_.server->port());
  const std::string at_odesa = odesa.Get("/api/v1/recipients/KHARKIV-IDP-1", od_.admin).body;
  EXPECT_NE(at_odesa.find("KHARKIV-IDP-1"), std::string::npos) << at_odesa;
  EXPECT_EQ(at_odesa.find("Коваленко"), std::string::npos) << at_odesa;
  EXPECT_EQ(at_odesa.find("+380501112233"), std::string::npos) << at_odesa;
  // A site's account is written there alone.
  const std::string kasa = Login(kh_.server->port(), "kasa");
  HttpReply donation = site.Post(
      "/api/v1/cash/donations",
      R"({"donor":"DE-HILFE","date":"2026-12-02","amount":{"amount":"100.00","currency":"UAH"},)"
      R"("account":"KH-CASH"})",
      kasa);
  EXPECT_EQ(donation.status, 201) << donation.body;
  EXPECT_NE(Str(ParseObject(donation.body), "number").find("-KHARKIV-2026-"), std::string::npos);
  ASSERT_EQ(Sync(kh_).status, 200);
  ExpectAllianceHolds();
}

TEST_F(AllianceTest, TheHubsNeedsBoardAndReportsCoverTheSitesAndNarrowToOne) {
  Receive(kh_, "L-KH", "100");
  Receive(od_, "L-OD", "100");
  HttpReply request = Post(kh_, "/requests",
                           R"({"recipient":"MU-1","date":"2026-12-02","priority":"urgent",)"
                           R"("lines":[{"sku":"RICE","quantity":"30"}]})");
  ASSERT_EQ(request.status, 201) << request.body;
  const std::string id = Str(ParseObject(request.body), "id");
  HttpReply served = Post(kh_, "/deliveries",
                          R"({"warehouse":"KH-1","recipient":"MU-1","date":"2026-12-03",)"
                          R"("request":")" +
                              id + R"(","lines":[{"sku":"RICE","quantity":"10"}]})");
  ASSERT_EQ(served.status, 201) << served.body;
  Deliver(od_, 5);
  ASSERT_EQ(Sync(kh_).status, 200);
  ASSERT_EQ(Sync(od_).status, 200);
  HttpClient hub(hub_.port());
  auto needs = Arr(ParseObject(hub.Get("/api/v1/reports/needs", admin_).body), "items");
  ASSERT_EQ(needs->size(), 1u);
  EXPECT_EQ(Str(At(needs, 0), "requested"), "30");
  EXPECT_EQ(Str(At(needs, 0), "delivered"), "10");
  EXPECT_EQ(Str(At(needs, 0), "outstanding"), "20");
  // Narrowed to a site: its requests, and what its warehouses hold.
  auto kharkiv =
      Arr(ParseObject(hub.Get("/api/v1/reports/needs?site=KHARKIV", admin_).body), "items");
  ASSERT_EQ(kharkiv->size(), 1u);
  EXPECT_EQ(Str(At(kharkiv, 0), "requested"), "30");
  EXPECT_EQ(Str(At(kharkiv, 0), "available"), "90");
  EXPECT_EQ(
      Arr(ParseObject(hub.Get("/api/v1/reports/needs?site=ODESA", admin_).body), "items")->size(),
      0u);
  // The donor's report and the stock, all sites and one.
  const std::string kasa = Login(hub_.port(), "kasa");
  const std::string report =
      "/api/v1/reports/donor/DE-HILFE.json?from=2026-12-01&to=2026-12-31&currency=UAH";
  auto deliveries = [&](const std::string& narrow) {
    HttpReply r = hub.Get(report + narrow, kasa);
    if (r.status != 200) throw std::runtime_error(r.body);
    return ParseObject(r.body)->getValue<int64_t>("deliveries");
  };
  EXPECT_EQ(deliveries(""), 6);
  EXPECT_EQ(deliveries("&site=KHARKIV"), 1);
  EXPECT_EQ(deliveries("&site=ODESA"), 5);
  EXPECT_TRUE(IsProblem(hub.Get(report + "&site=kharkiv", kasa), 422));
  const std::string stock = hub.Get("/api/v1/stock?sku=RICE&site=ODESA", admin_).body;
  EXPECT_NE(stock.find("OD-1"), std::string::npos);
  EXPECT_EQ(stock.find("KH-1"), std::string::npos);
  EXPECT_TRUE(IsProblem(hub.Get("/api/v1/stock?site=LVIV", admin_), 422));
  const std::string iati = hub.Get("/api/v1/export/iati?donor=DE-HILFE&site=ODESA", kasa).body;
  EXPECT_NE(iati.find("GRN-ODESA-2026-000001"), std::string::npos) << iati.substr(0, 400);
  EXPECT_EQ(iati.find("GRN-KHARKIV"), std::string::npos);
  ExpectAllianceHolds();
}

TEST_F(AllianceTest, ASiteMayNotMoveWhatIsNotItsOwn) {
  // A batch whose hash is right, from a site's own token, that takes goods
  // out of another site's transit location: refused, nothing stored.
  const std::string token = Str(ParseObject(HubPost("/sites/KHARKIV/token", "").body), "token");
  JournalEntry e;
  e.id = 1;
  e.kind = "adjustment";
  e.number = "ADJ-KHARKIV-2026-000001";
  e.date = Date::Parse("2026-12-02").value();
  e.recorded_at = "2026-12-02T10:00:00Z";
  e.recorded_by = "sklad";
  e.document = R"({"number":"ADJ-KHARKIV-2026-000001"})";
  e.postings = {Posting{77, 5, e.date, -1000}};
  e.hash = Sha256(CanonicalEntry(e, ""));
  SyncBatch batch{.site = "KHARKIV", .instance = "elsewhere", .head_id = 1, .head_hash = e.hash};
  batch.warehouses[77] = "~OD-1";
  Lot lot;
  lot.id = 5;
  lot.batch = "L-X";
  lot.unit_value_minor = 100;
  lot.currency = FindCurrency("UAH");
  batch.lots.push_back(WireLot{lot, "RICE", "DE-HILFE"});
  batch.entries.push_back(e);
  HttpClient hub(hub_.port());
  HttpReply r = hub.Post("/api/v1/sync/journal", EncodeBatch(batch), token);
  EXPECT_TRUE(IsProblem(r, 422));
  EXPECT_NE(r.body.find("the warehouse ~OD-1 is not site KHARKIV's"), std::string::npos) << r.body;
  // Nor another site's warehouse itself.
  batch.warehouses[77] = "OD-1";
  r = hub.Post("/api/v1/sync/journal", EncodeBatch(batch), token);
  EXPECT_TRUE(IsProblem(r, 422));
  EXPECT_EQ(HeldAtHub("KHARKIV"), 0);
}

}  // namespace
}  // namespace zapas::testing
