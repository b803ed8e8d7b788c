// Kits, alerts and notifications from outside: a kit of two donors' lots
// delivered and attributed exactly; a missing component moving nothing;
// disassembly restoring every lot; every alert kind appearing and going
// away; the digest and the donors' reports reaching a local SMTP server and
// a webhook once, and after the mail server comes back.
#include <gtest/gtest.h>

#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocket.h>

#include <atomic>
#include <chrono>
#include <fstream>
#include <functional>
#include <mutex>
#include <thread>

#include "tests/services/fixture.h"

namespace zapas::testing {
namespace {

// A mail server on 127.0.0.1 that takes every message (no STARTTLS: it
// answers 502) and keeps what was sent; or an HTTP endpoint that keeps the
// bodies POSTed to it. One connection at a time.
class Sink {
 public:
  explicit Sink(bool http, int port = 0)
      : http_(http), socket_(Poco::Net::SocketAddress("127.0.0.1", static_cast<uint16_t>(port))) {
    socket_.setReceiveTimeout(Poco::Timespan(0, 200000));
    thread_ = std::thread([this] { Loop(); });
  }
  ~Sink() {
    stop_ = true;
    thread_.join();
  }
  int port() const { return socket_.address().port(); }
  std::vector<std::string> messages() {
    std::lock_guard<std::mutex> lock(mu_);
    return messages_;
  }

 private:
  void Loop() {
    while (!stop_) {
      Poco::Net::StreamSocket s;
      try {
        s = socket_.acceptConnection();
      } catch (const Poco::Exception&) {
        continue;
      }
      s.setReceiveTimeout(Poco::Timespan(5, 0));
      try {
        http_ ? Http(s) : Smtp(s);
      } catch (const Poco::Exception&) {
      }
    }
  }
  static std::string Line(Poco::Net::StreamSocket& s, std::string& buffer) {
    for (;;) {
      size_t eol = buffer.find("\r\n");
      if (eol != std::string::npos) {
        std::string line = buffer.substr(0, eol);
        buffer.erase(0, eol + 2);
        return line;
      }
      char chunk[4096];
      int n = s.receiveBytes(chunk, sizeof chunk);
      if (n <= 0) throw Poco::Exception("closed");
      buffer.append(chunk, static_cast<size_t>(n));
    }
  }
  static void Say(Poco::Net::StreamSocket& s, const std::string& text) {
    s.sendBytes(text.data(), static_cast<int>(text.size()));
  }
  void Smtp(Poco::Net::StreamSocket& s) {
    std::string buffer;
    Say(s, "220 sink ESMTP\r\n");
    for (;;) {
      const std::string line = Line(s, buffer);
      const std::string verb = line.substr(0, 4);
      if (verb == "EHLO" || verb == "HELO") {
        Say(s, "250 sink\r\n");
      } else if (verb == "DATA") {
        Say(s, "354 go on\r\n");
        std::string data;
        for (std::string l = Line(s, buffer); l != "."; l = Line(s, buffer)) data += l + "\r\n";
        {
          std::lock_guard<std::mutex> lock(mu_);
          messages_.push_back(data);
        }
        Say(s, "250 queued\r\n");
      } else if (verb == "QUIT") {
        Say(s, "221 bye\r\n");
        return;
      } else if (verb == "STAR") {
        Say(s, "502 no TLS here\r\n");
      } else {
        Say(s, "250 ok\r\n");
      }
    }
  }
  void Http(Poco::Net::StreamSocket& s) {
    std::string buffer;
    size_t length = 0;
    for (std::string l = Line(s, buffer); !l.empty(); l = Line(s, buffer)) {
      if (l.rfind("Content-Length:", 0) == 0) length = std::stoul(l.substr(15));
    }
    while (buffer.size() < length) {
      char chunk[4096];
      int n = s.receiveBytes(chunk, sizeof chunk);
      if (n <= 0) break;
      buffer.append(chunk, static_cast<size_t>(n));
    }
    {
      std::lock_guard<std::mutex> lock(mu_);
      messages_.push_back(buffer);
    }
    Say(s, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
  }

  const bool http_;
  Poco::Net::ServerSocket socket_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
  std::mutex mu_;
  std::vector<std::string> messages_;
};

// A mail's text with its quoted-printable soft breaks and escapes undone.
std::string Unquote(const std::string& qp) {
  std::string out;
  for (size_t i = 0; i < qp.size(); ++i) {
    if (qp[i] == '=' && i + 2 < qp.size() && qp[i + 1] == '\r' && qp[i + 2] == '\n') {
      i += 2;
    } else if (qp[i] == '=' && i + 2 < qp.size() && isxdigit(qp[i + 1]) && isxdigit(qp[i + 2])) {
      out += static_cast<char>(std::stoi(qp.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += qp[i];
    }
  }
  return out;
}

class KitsAlertsTest : public ZapasServerTest {
 protected:
  void SetUp() override {
    ZapasServerTest::SetUp();
    if (HasFatalFailure()) return;
    ImportSampleRates();
    Must("/donors", R"({"code":"UA-FUND","name":"Фонд «Разом»","country":"UA","currency":"UAH"})");
    Must(
        "/items",
        R"({"sku":"TQ","name":{"uk":"Турнікет","en":"Tourniquet"},"unit":"pcs","category":"medical","expiry_tracked":true})");
    Must(
        "/items",
        R"({"sku":"BND","name":{"uk":"Бинт","en":"Bandage"},"unit":"pcs","category":"medical","expiry_tracked":true})");
    Must("/receipts",
         ReceiptBody("KYIV-1", "TQ", "10", "TQ-1", "2028-01-01", "30.00", "2026-11-01", "UAH"));
    Must(
        "/receipts",
        R"({"warehouse":"KYIV-1","donor":"UA-FUND","date":"2026-11-02","reference":"UF-7","lines":[{"sku":"BND","quantity":"20","lot":"BND-1","expiry":"2027-06-30","unit_value":{"amount":"5.50","currency":"UAH"}}]})");
    Must(
        "/kits",
        R"({"sku":"IFAK-K","name":{"uk":"Аптечка індивідуальна","en":"Individual first-aid kit"},"components":[{"sku":"TQ","quantity":"1"},{"sku":"BND","quantity":"2"}]})",
        "warehouse");
  }

  // The goods value delivered of a donor's lots, as its report's figures say.
  std::string Delivered(const std::string& donor) {
    HttpReply r =
        Get("/reports/donor/" + donor + ".json?from=2026-11-01&to=2026-12-31&currency=UAH",
            "treasurer");
    EXPECT_EQ(r.status, 200) << r.body;
    auto delivered = Arr(ParseObject(r.body), "delivered");
    std::string out;
    for (size_t i = 0; i < delivered->size(); ++i) {
      out += Str(At(delivered, i), "amount") + " " + Str(At(delivered, i), "currency") + ";";
    }
    return out;
  }
  std::string PdfText(const std::string& path, const std::string& name) {
    HttpReply r = Get(path, "warehouse");
    EXPECT_EQ(r.status, 200) << path << ": " << r.body.substr(0, 300);
    const std::string file = server_->dir() + "/" + name;
    std::ofstream(file, std::ios::binary) << r.body;
    return Shell("pdftotext -layout " + file + " -");
  }
  std::string Quantity(const std::string& sku, const std::string& lot) {
    auto items = Arr(ParseObject(StockBody("?sku=" + sku)), "items");
    for (size_t i = 0; i < items->size(); ++i) {
      if (Str(At(items, i), "lot") == lot) return Str(At(items, i), "quantity");
    }
    return "0";
  }
  std::string Assemble(const std::string& quantity, int status = 201) {
    HttpReply r = Post("/assemblies",
                       R"({"warehouse":"KYIV-1","date":"2026-11-05","kit":"IFAK-K","quantity":")" +
                           quantity + R"("})",
                       "warehouse");
    EXPECT_EQ(r.status, status) << r.body;
    return r.body;
  }
};

TEST_F(KitsAlertsTest, AKitOfTwoDonorsIsAttributedToEachExactly) {
  auto kit = ParseObject(Assemble("10"));
  EXPECT_EQ(Str(kit, "number"), "KIT-2026-000001");
  EXPECT_EQ(Str(kit, "lot"), "KIT-2026-000001");
  EXPECT_EQ(Str(kit, "expiry"), "2027-06-30");  // the bandages', the earliest
  auto value = Arr(kit, "value");
  ASSERT_EQ(value->size(), 1u);
  EXPECT_EQ(Str(At(value, 0), "amount"), "410.00");  // 10 x 30.00 + 20 x 5.50
  EXPECT_EQ(Quantity("TQ", "TQ-1"), "0");
  EXPECT_EQ(Quantity("BND", "BND-1"), "0");
  EXPECT_EQ(Quantity("IFAK-K", "KIT-2026-000001"), "10");

  auto first =
      Must("/deliveries", DeliveryBody("KYIV-1", "IFAK-K", "4", "2026-11-10"), "warehouse");
  EXPECT_EQ(Str(At(Arr(first, "lines"), 0), "donor"), "DE-HILFE, UA-FUND");  // the kit's donors
  EXPECT_EQ(Delivered("DE-HILFE"), "120.00 UAH;");                           // 4 tourniquets
  EXPECT_EQ(Delivered("UA-FUND"), "44.00 UAH;");                             // 8 bandages
  const std::string wb = Str(
      Must("/deliveries", DeliveryBody("KYIV-1", "IFAK-K", "6", "2026-11-11"), "warehouse"), "id");
  // The waybill lists the kit, and on request what it holds.
  const std::string plain = PdfText("/deliveries/" + wb + "/waybill.pdf", "wb.pdf");
  EXPECT_NE(plain.find("KIT-2026-000001"), std::string::npos) << plain;
  EXPECT_EQ(plain.find("BND-1"), std::string::npos) << plain;
  const std::string full = PdfText("/deliveries/" + wb + "/waybill.pdf?contents=1", "wb-full.pdf");
  EXPECT_NE(full.find("у т.ч. Турнікет"), std::string::npos) << full;
  EXPECT_NE(full.find("TQ-1"), std::string::npos) << full;
  EXPECT_NE(full.find("BND-1"), std::string::npos) << full;
  EXPECT_EQ(Delivered("DE-HILFE"), "300.00 UAH;");
  EXPECT_EQ(Delivered("UA-FUND"), "110.00 UAH;");

  // IATI and HXL name each donor's own goods too: the kit's lots are theirs.
  HttpReply iati = Get("/export/iati?from=2026-11-01&to=2026-12-31", "treasurer");
  ASSERT_EQ(iati.status, 200) << iati.body;
  EXPECT_NE(iati.body.find("UA-FUND"), std::string::npos);
  HttpReply hxl = Get("/export/hxl/distributions?from=2026-11-01&to=2026-12-31", "treasurer");
  ASSERT_EQ(hxl.status, 200) << hxl.body;
  EXPECT_NE(hxl.body.find("TQ"), std::string::npos) << hxl.body;
  EXPECT_NE(hxl.body.find("BND"), std::string::npos) << hxl.body;
  ExpectEveryReportAnswers("2026-11-01", "2026-12-31");
}

TEST_F(KitsAlertsTest, AMissingComponentMovesNothing) {
  const std::string before = StockBody();
  HttpReply r = Post("/assemblies",
                     R"({"warehouse":"KYIV-1","date":"2026-11-05","kit":"IFAK-K","quantity":"11"})",
                     "warehouse");
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_NE(r.body.find("TQ"), std::string::npos) << r.body;
  EXPECT_EQ(StockBody(), before);
  // Not a kit, an unknown kit, a zero quantity, a kit holding itself.
  EXPECT_EQ(
      Post("/assemblies", R"({"warehouse":"KYIV-1","date":"2026-11-05","kit":"TQ","quantity":"1"})")
          .status,
      422);
  EXPECT_EQ(Post("/assemblies",
                 R"({"warehouse":"KYIV-1","date":"2026-11-05","kit":"NOPE","quantity":"1"})")
                .status,
            422);
  EXPECT_EQ(Post("/assemblies",
                 R"({"warehouse":"KYIV-1","date":"2026-11-05","kit":"IFAK-K","quantity":"0"})")
                .status,
            422);
  EXPECT_EQ(Post("/kits", R"({"sku":"LOOP","components":[{"sku":"LOOP","quantity":"1"}]})").status,
            422);
  EXPECT_EQ(Post("/kits", R"({"sku":"IFAK-K","components":[{"sku":"TQ","quantity":"1"}]})").status,
            409);
  EXPECT_EQ(StockBody(), before);
}

TEST_F(KitsAlertsTest, DisassemblyRestoresEveryLot) {
  Assemble("10");
  auto back = Must(
      "/disassemblies",
      R"({"warehouse":"KYIV-1","date":"2026-11-06","kit":"IFAK-K","lot":"KIT-2026-000001","quantity":"3"})",
      "warehouse");
  EXPECT_EQ(Str(back, "number"), "DIS-2026-000001");
  EXPECT_EQ(Quantity("TQ", "TQ-1"), "3");
  EXPECT_EQ(Quantity("BND", "BND-1"), "6");
  EXPECT_EQ(Quantity("IFAK-K", "KIT-2026-000001"), "7");
  Must(
      "/disassemblies",
      R"({"warehouse":"KYIV-1","date":"2026-11-06","kit":"IFAK-K","lot":"KIT-2026-000001","quantity":"7"})",
      "warehouse");
  EXPECT_EQ(Quantity("TQ", "TQ-1"), "10");
  EXPECT_EQ(Quantity("BND", "BND-1"), "20");
  EXPECT_EQ(Quantity("IFAK-K", "KIT-2026-000001"), "0");
  EXPECT_EQ(
      Post(
          "/disassemblies",
          R"({"warehouse":"KYIV-1","date":"2026-11-06","kit":"IFAK-K","lot":"KIT-2026-000001","quantity":"1"})")
          .status,
      409);
  // Nothing was delivered: no donor's goods moved in the books.
  EXPECT_EQ(Delivered("DE-HILFE"), "");
  ExpectEveryReportAnswers("2026-11-01", "2026-12-31");
}

// The alerts of `kind` as "warehouse sku lot document" lines.
class AlertsTest : public KitsAlertsTest {
 protected:
  void SetUp() override {
    KitsAlertsTest::SetUp();
    if (HasFatalFailure()) return;
    server_->AddEnv("ZAPAS_TODAY=2027-01-15");
    server_->Restart();
    Reconnect();
  }
  std::string Of(const std::string& kind) {
    HttpReply r = Get("/alerts?kind=" + kind, "warehouse");
    EXPECT_EQ(r.status, 200) << r.body;
    auto items = Arr(ParseObject(r.body), "items");
    std::string out;
    for (size_t i = 0; i < items->size(); ++i) {
      auto a = At(items, i);
      for (const char* f : {"warehouse", "sku", "lot", "document"}) {
        out += (a->has(f) ? a->getValue<std::string>(f) : "-") + " ";
      }
      EXPECT_FALSE(Str(a, "since").empty());
      EXPECT_FALSE(Str(a, "detail").empty());
      out += "|";
    }
    return out;
  }
};

TEST_F(AlertsTest, EveryKindAppearsAndGoesWhenItsCauseIsFixed) {
  Receive("KYIV-1", "MED-IFAK", "5", "EXP-1", "2027-01-10", "2.00", "2026-12-20");
  Receive("KYIV-1", "MED-IFAK", "7", "SOON-1", "2027-02-01", "2.00", "2026-12-20");
  Receive("KYIV-1", "NFI-BLANKET", "40", "BL-1", "", "4.00", "2026-11-01");
  HttpReply put = client_->Request("PUT", "/api/v1/minimums/KYIV-1/NFI-BLANKET",
                                   R"({"quantity":"50"})", Token("warehouse"));
  ASSERT_EQ(put.status, 200) << put.body;
  const std::string wb =
      Str(Must("/deliveries", DeliveryBody("KYIV-1", "TQ", "1", "2027-01-02"), "warehouse"), "id");
  const std::string rq = Str(
      Must(
          "/requests",
          R"({"recipient":"MU-A1234","date":"2027-01-02","needed_by":"2027-01-10","priority":"urgent","lines":[{"sku":"BND","quantity":"5"}]})",
          "warehouse"),
      "id");

  EXPECT_EQ(Of("expired"), "KYIV-1 MED-IFAK EXP-1 - |");
  EXPECT_EQ(Of("expiring"), "KYIV-1 MED-IFAK SOON-1 - |");
  EXPECT_EQ(Of("below_minimum"), "KYIV-1 NFI-BLANKET - - |");
  EXPECT_NE(Of("undistributed").find("KYIV-1 NFI-BLANKET BL-1 - |"), std::string::npos);
  EXPECT_EQ(Of("unconfirmed_delivery"), "KYIV-1 - - WB-2027-000001 |");
  EXPECT_EQ(Of("request_overdue"), "- - - RQ-2027-000001 |");
  EXPECT_EQ(Get("/alerts?kind=nonsense").status, 422);
  EXPECT_EQ(Get("/alerts?warehouse=NOWHERE").status, 422);
  EXPECT_EQ(Get("/alerts?after=x").status, 422);
  EXPECT_EQ(Get("/alerts", "donor").status, 403);
  // A warehouse user limited to Lviv sees Lviv's alerts and those of no
  // warehouse (the overdue request), not Kyiv's; nor sets Kyiv's levels.
  Must("/users", R"({"username":"sklad-lviv","role":"warehouse","password":"sklad-lviv-pass",)"
                 R"("warehouses":["LVIV-1"]})");
  HttpReply login = client_->Post("/api/v1/sessions", LoginBody("sklad-lviv", "sklad-lviv-pass"));
  ASSERT_EQ(login.status, 200) << login.body;
  const std::string lviv = Str(ParseObject(login.body), "token");
  HttpReply scoped = client_->Get("/api/v1/alerts?limit=1000", lviv);
  ASSERT_EQ(scoped.status, 200) << scoped.body;
  EXPECT_EQ(scoped.body.find("KYIV-1"), std::string::npos) << scoped.body;
  EXPECT_NE(scoped.body.find("RQ-2027-000001"), std::string::npos) << scoped.body;
  EXPECT_EQ(
      client_->Request("PUT", "/api/v1/minimums/KYIV-1/TQ", R"({"quantity":"1"})", lviv).status,
      403);
  // A page at a time.
  HttpReply page = Get("/alerts?limit=1");
  ASSERT_EQ(page.status, 200);
  const std::string next = Str(ParseObject(page.body), "next");
  HttpReply second = Get("/alerts?limit=1&after=" + next);
  ASSERT_EQ(second.status, 200);
  EXPECT_NE(page.body, second.body);

  Must(
      "/adjustments",
      R"({"warehouse":"KYIV-1","date":"2027-01-15","reason":"expired","lines":[{"sku":"MED-IFAK","lot":"EXP-1","quantity":"-5"}]})",
      "warehouse");
  Must("/deliveries", DeliveryBody("KYIV-1", "MED-IFAK", "7", "2027-01-15"), "warehouse");
  Must("/deliveries", DeliveryBody("KYIV-1", "NFI-BLANKET", "40", "2027-01-15"), "warehouse");
  Receive("KYIV-1", "NFI-BLANKET", "60", "BL-2", "", "4.00", "2027-01-15");
  Must("/deliveries/" + wb + "/confirm",
       R"({"received_by":"сержант Коваль","received_at":"2027-01-03T10:00:00Z"})", "warehouse",
       201);
  Must("/requests/" + rq + "/cancel", R"({"reason":"не актуально"})", "warehouse", 200);

  EXPECT_EQ(Of("expired"), "");
  EXPECT_EQ(Of("expiring"), "");
  EXPECT_EQ(Of("below_minimum"), "");
  EXPECT_EQ(Of("undistributed").find("BL-1"), std::string::npos);
  EXPECT_EQ(Of("unconfirmed_delivery").find("WB-2027-000001"), std::string::npos);
  EXPECT_EQ(Of("request_overdue"), "");
}

TEST_F(AlertsTest, TheDigestGoesOnceADayAndAfterTheMailServerComesBack) {
  Receive("KYIV-1", "MED-IFAK", "5", "EXP-1", "2027-01-10", "2.00", "2026-12-20");
  Receive("KYIV-1", "MED-IFAK", "7", "SOON-1", "2027-02-01", "2.00", "2026-12-20");
  HttpReply put = client_->Request("PUT", "/api/v1/minimums/KYIV-1/NFI-BLANKET",
                                   R"({"quantity":"50"})", Token("warehouse"));
  ASSERT_EQ(put.status, 200) << put.body;

  // Port of a mail server that is down: nothing listens there.
  int down_port = 0;
  {
    Poco::Net::ServerSocket probe(Poco::Net::SocketAddress("127.0.0.1", 0));
    down_port = probe.address().port();
  }
  Sink hook(/*http=*/true);
  auto config = [&](int smtp_port) {
    const std::string file = server_->dir() + "/alerts.properties";
    std::ofstream(file) << "alerts.smtp.host = 127.0.0.1\nalerts.smtp.port = " << smtp_port
                        << "\nalerts.smtp.from = zapas@cluster.example.org\n"
                           "alerts.smtp.to = ops@cluster.example.org\n"
                           "alerts.webhook.url = http://127.0.0.1:"
                        << hook.port() << "/hook\n";
    return file;
  };
  std::string out = server_->Run({"alerts", "send", "--config", config(down_port)});
  EXPECT_NE(out.find("exit 1"), std::string::npos) << out;
  ASSERT_EQ(hook.messages().size(), 1u) << out;  // the webhook was reached all the same
  EXPECT_NE(hook.messages()[0].find("\"alerts\""), std::string::npos);
  EXPECT_NE(hook.messages()[0].find("EXP-1"), std::string::npos);

  Sink mail(/*http=*/false);
  out = server_->Run({"alerts", "send", "--config", config(mail.port())});
  EXPECT_NE(out.find("exit 0"), std::string::npos) << out;
  ASSERT_EQ(mail.messages().size(), 1u) << out;
  const std::string message = Unquote(mail.messages()[0]);
  EXPECT_NE(message.find("To: <ops@cluster.example.org>"), std::string::npos) << message;
  EXPECT_NE(message.find("Subject: =?UTF-8?"), std::string::npos) << message;
  for (const char* expected : {"EXP-1", "SOON-1", "NFI-BLANKET", "TQ-1", "Прострочені партії",
                               "Нижче мінімального запасу", "Допомога зберігається задовго"}) {
    EXPECT_NE(message.find(expected), std::string::npos) << expected << "\n" << message;
  }
  EXPECT_EQ(hook.messages().size(), 1u);  // sent already today

  out = server_->Run({"alerts", "send", "--config", config(mail.port())});
  EXPECT_NE(out.find("exit 0"), std::string::npos) << out;
  EXPECT_EQ(mail.messages().size(), 1u) << out;
  EXPECT_EQ(hook.messages().size(), 1u) << out;
  EXPECT_NE(out.find("sent already"), std::string::npos) << out;
}

// The server's own daily digest: sent at alerts.daily_at, retried while the
// mail server is down, and sent once when it is back.
TEST_F(AlertsTest, TheServerRetriesTheDailyDigestUntilTheMailServerIsBack) {
  Receive("KYIV-1", "MED-IFAK", "5", "EXP-1", "2027-01-10", "2.00", "2026-12-20");
  int down_port = 0;
  {
    Poco::Net::ServerSocket probe(Poco::Net::SocketAddress("127.0.0.1", 0));
    down_port = probe.address().port();
  }
  Sink hook(/*http=*/true);
  const std::string file = server_->dir() + "/daily.properties";
  std::ofstream(file) << "alerts.daily_at = 00:00\nalerts.smtp.host = 127.0.0.1\n"
                      << "alerts.smtp.port = " << down_port << "\n"
                      << "alerts.smtp.to = en:ops@cluster.example.org\n"
                      << "alerts.webhook.url = http://127.0.0.1:" << hook.port() << "/hook\n";
  server_->SetServeArgs({"--config", file});
  server_->Restart();
  Reconnect();
  auto wait_for = [](const std::function<bool()>& done, int seconds) {
    for (int i = 0; i < seconds * 10 && !done(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return done();
  };
  ASSERT_TRUE(wait_for([&] { return hook.messages().size() == 1; }, 20)) << server_->output();
  ASSERT_TRUE(wait_for(
      [&] { return server_->output().find("trying again in 10 s") != std::string::npos; }, 20))
      << server_->output();
  Sink mail(/*http=*/false, down_port);
  ASSERT_TRUE(wait_for([&] { return mail.messages().size() == 1; }, 40)) << server_->output();
  const std::string message = Unquote(mail.messages()[0]);
  EXPECT_NE(message.find("Expired lots (1)"), std::string::npos) << message;  // en: per address
  EXPECT_NE(message.find("EXP-1"), std::string::npos) << message;
  std::this_thread::sleep_for(std::chrono::seconds(2));
  EXPECT_EQ(mail.messages().size(), 1u);
  EXPECT_EQ(hook.messages().size(), 1u);
  const std::string out = server_->Run({"alerts", "send", "--config", file});
  EXPECT_NE(out.find("sent already"), std::string::npos) << out;
  EXPECT_EQ(mail.messages().size(), 1u);
}

TEST_F(KitsAlertsTest, DonorsGetTheirMonthlyReportOnce) {
  Must(
      "/donors",
      R"({"code":"PL-POMOC","name":"Pomoc dla Ukrainy","country":"PL","currency":"UAH","email":"reports@pomoc.example.org","language":"en"})");
  Must(
      "/receipts",
      R"({"warehouse":"KYIV-1","donor":"PL-POMOC","date":"2026-11-03","reference":"PL-1","lines":[{"sku":"BND","quantity":"4","lot":"PL-1","expiry":"2027-06-30","unit_value":{"amount":"6.00","currency":"UAH"}}]})");
  EXPECT_EQ(
      Post("/donors", R"({"code":"BAD","name":"x","currency":"UAH","email":"a@b\r\nBcc: x@y.z"})")
          .status,
      422);
  Sink mail(/*http=*/false);
  const std::string file = server_->dir() + "/mail.properties";
  std::ofstream(file) << "alerts.smtp.host = 127.0.0.1\nalerts.smtp.port = " << mail.port()
                      << "\nalerts.smtp.from = zapas@cluster.example.org\n";
  std::string out =
      server_->Run({"reports", "mail-donors", "--month", "2026-11", "--config", file}, 60);
  EXPECT_NE(out.find("exit 0"), std::string::npos) << out;
  ASSERT_EQ(mail.messages().size(), 1u) << out;  // the only donor with an address
  const std::string m = mail.messages()[0];
  EXPECT_NE(m.find("To: <reports@pomoc.example.org>"), std::string::npos) << m.substr(0, 800);
  EXPECT_NE(m.find("application/pdf"), std::string::npos);
  EXPECT_NE(m.find("zapas-PL-POMOC-2026-11.pdf"), std::string::npos);
  EXPECT_NE(Unquote(m).find("attached is the report"), std::string::npos);

  out = server_->Run({"reports", "mail-donors", "--month", "2026-11", "--config", file}, 60);
  EXPECT_NE(out.find("exit 0"), std::string::npos) << out;
  EXPECT_EQ(mail.messages().size(), 1u) << out;
  out = server_->Run({"reports", "mail-donors", "--month", "2026-11", "--again", "--config", file},
                     60);
  EXPECT_EQ(mail.messages().size(), 2u) << out;
}

}  // namespace
}  // namespace zapas::testing
