// Everyday warehouse work over HTTP, as a client that follows CONTRACT.md
// sees it: requests served by deliveries, cancelled and reversed; the needs
// board against an independent sum, read by a donor; returns; stocktakes
// closed into one adjustment.
#include <gtest/gtest.h>

#include <Poco/URI.h>

#include <fstream>
#include <latch>
#include <map>
#include <thread>

#include "tests/services/fixture.h"

namespace zapas::testing {
namespace {

class WorkHttpTest : public ZapasServerTest {
 protected:
  void SetUp() override {
    ZapasServerTest::SetUp();
    if (HasFatalFailure()) return;
    ImportSampleRates();
    Receive("KYIV-1", "MED-IFAK", "100", "IFAK-1", "2027-12-31", "2.50", "2026-11-01");
    Receive("KYIV-1", "NFI-BLANKET", "40", "BL-1", "", "4.00", "2026-11-01");
    Receive("KYIV-1", "FOOD-KIT", "20", "FK-1", "2027-06-30", "12.00", "2026-11-01");
    Receive("LVIV-1", "NFI-BLANKET", "15", "BL-2", "", "4.00", "2026-11-01");
  }

  // A request of the fixture's military unit; its id.
  std::string Request(const std::string& lines, const std::string& priority = "urgent",
                      const std::string& recipient = "MU-A1234",
                      const std::string& needed_by = "2026-11-20") {
    return Str(Must("/requests",
                    R"({"recipient":")" + recipient + R"(","date":"2026-11-02","needed_by":")" +
                        needed_by + R"(","priority":")" + priority +
                        R"(","reference":"лист № 12","lines":[)" + lines + "]}",
                    "warehouse"),
               "id");
  }
  static std::string Line(const std::string& sku, const std::string& quantity) {
    return R"({"sku":")" + sku + R"(","quantity":")" + quantity + R"("})";
  }
  static std::string Deliver(const std::string& request, const std::string& lines,
                             const std::string& recipient = "MU-A1234",
                             const std::string& date = "2026-11-05") {
    return R"({"warehouse":"KYIV-1","recipient":")" + recipient + R"(","date":")" + date +
           R"(","request":")" + request + R"(","lines":[)" + lines + "]}";
  }
  // "sku requested/delivered/cancelled/outstanding" of each line, and the status.
  std::string Figures(const std::string& id) {
    HttpReply r = Get("/requests/" + id, "treasurer");
    EXPECT_EQ(r.status, 200) << r.body;
    auto o = ParseObject(r.body);
    std::string out = Str(o, "status") + ":";
    auto lines = Arr(o, "lines");
    for (size_t i = 0; i < lines->size(); ++i) {
      auto l = At(lines, i);
      out += " " + Str(l, "sku") + " " + Str(l, "requested") + "/" + Str(l, "delivered") + "/" +
             Str(l, "cancelled") + "/" + Str(l, "outstanding");
    }
    return out;
  }
  std::string SavePdf(const std::string& path, const std::string& name,
                      const std::string& role = "warehouse") {
    HttpReply r = Get(path, role);
    EXPECT_EQ(r.status, 200) << path << ": " << r.body.substr(0, 300);
    EXPECT_EQ(MediaType(r.content_type), "application/pdf");
    const std::string file = server_->dir() + "/" + name;
    std::ofstream(file, std::ios::binary) << r.body;
    return Shell("pdftotext -layout " + file + " -");
  }
};

// --- Requests ------------------------------------------------------------------------

TEST_F(WorkHttpTest, ThreeLinesTwoDeliveriesAndACancellation) {
  const std::string id = Request(Line("MED-IFAK", "30") + "," + Line("NFI-BLANKET", "2") + "," +
                                 Line("FOOD-KIT", "10"));
  auto created = ParseObject(Get("/requests/" + id, "warehouse").body);
  EXPECT_EQ(Str(created, "number"), "RQ-2026-000001");
  EXPECT_EQ(Str(created, "priority"), "urgent");
  EXPECT_EQ(Figures(id), "open: MED-IFAK 30/0/0/30 NFI-BLANKET 2/0/0/2 FOOD-KIT 10/0/0/10");

  Must("/deliveries", Deliver(id, Line("MED-IFAK", "20") + "," + Line("NFI-BLANKET", "2")),
       "warehouse");
  EXPECT_EQ(Figures(id), "partial: MED-IFAK 30/20/0/10 NFI-BLANKET 2/2/0/0 FOOD-KIT 10/0/0/10");

  // More than outstanding: 409 (already in the preview), and nothing moves
  // (stock and request alike).
  HttpReply preview = Post("/deliveries/preview", Deliver(id, Line("MED-IFAK", "11")), "warehouse");
  EXPECT_TRUE(IsProblem(preview, 409)) << preview.body;
  HttpReply fits = Post("/deliveries/preview", Deliver(id, Line("MED-IFAK", "10")), "warehouse");
  EXPECT_EQ(fits.status, 200) << fits.body;
  EXPECT_EQ(Str(ParseObject(fits.body), "request_number"), "RQ-2026-000001");
  const std::string stock_before = StockBody();
  HttpReply over = Post("/deliveries", Deliver(id, Line("MED-IFAK", "11")), "warehouse");
  EXPECT_TRUE(IsProblem(over, 409)) << over.body;
  EXPECT_NE(over.body.find("10 outstanding"), std::string::npos) << over.body;
  // A line the request does not have: 409 too.
  HttpReply foreign =
      Post("/deliveries", Deliver(id, Line("MED-IFAK", "1") + "," + Line("NFI-BLANKET", "1")),
           "warehouse");
  EXPECT_TRUE(IsProblem(foreign, 409)) << foreign.body;
  HttpReply other_unit =
      Post("/deliveries", Deliver(id, Line("MED-IFAK", "1"), "IDP-000117"), "warehouse");
  EXPECT_TRUE(IsProblem(other_unit, 422)) << other_unit.body;
  EXPECT_EQ(FirstErrorField(other_unit), "recipient");
  EXPECT_EQ(StockBody(), stock_before);
  EXPECT_EQ(Figures(id), "partial: MED-IFAK 30/20/0/10 NFI-BLANKET 2/2/0/0 FOOD-KIT 10/0/0/10");

  const std::string second =
      Str(Must("/deliveries", Deliver(id, Line("MED-IFAK", "10")), "warehouse"), "id");
  auto cancelled = Must("/requests/" + id + "/cancel", R"({"reason":"частина вже не потрібна"})",
                        "warehouse", 200);
  EXPECT_EQ(Str(cancelled, "status"), "fulfilled");
  EXPECT_EQ(Figures(id), "fulfilled: MED-IFAK 30/30/0/0 NFI-BLANKET 2/2/0/0 FOOD-KIT 10/0/10/0");
  // Nothing is left to cancel.
  EXPECT_TRUE(
      IsProblem(Post("/requests/" + id + "/cancel", R"({"reason":"x"})", "warehouse"), 409));

  // The request lists the deliveries that served it; the waybill names it.
  auto read = ParseObject(Get("/requests/" + id, "auditor").body);
  auto deliveries = Arr(read, "deliveries");
  ASSERT_EQ(deliveries->size(), 2u);
  EXPECT_EQ(Str(At(deliveries, 1), "id"), second);
  const std::string text = SavePdf("/deliveries/" + second + "/waybill.pdf", "wb.pdf");
  EXPECT_NE(text.find("на запит № RQ-2026-000001 від 02.11.2026"), std::string::npos) << text;

  // The lists by status.
  auto fulfilled = Arr(ParseObject(Get("/requests?status=fulfilled", "treasurer").body), "items");
  EXPECT_EQ(fulfilled->size(), 1u);
  EXPECT_EQ(Arr(ParseObject(Get("/requests?status=open,partial").body), "items")->size(), 0u);
}

TEST_F(WorkHttpTest, CancellingEverythingBeforeAnyDeliveryEndsCancelled) {
  const std::string id = Request(Line("MED-IFAK", "5") + "," + Line("FOOD-KIT", "5"));
  auto part = Must("/requests/" + id + "/cancel",
                   R"({"reason":"дублікат","lines":[{"sku":"FOOD-KIT","quantity":"2"}]})",
                   "warehouse", 200);
  EXPECT_EQ(Str(part, "status"), "partial");
  HttpReply too_much =
      Post("/requests/" + id + "/cancel",
           R"({"reason":"x","lines":[{"sku":"FOOD-KIT","quantity":"4"}]})", "warehouse");
  EXPECT_TRUE(IsProblem(too_much, 409)) << too_much.body;
  Must("/requests/" + id + "/cancel", R"({"reason":"дублікат"})", "warehouse", 200);
  EXPECT_EQ(Figures(id), "cancelled: MED-IFAK 5/0/5/0 FOOD-KIT 5/0/5/0");
  HttpReply late = Post("/deliveries", Deliver(id, Line("MED-IFAK", "1")), "warehouse");
  EXPECT_TRUE(IsProblem(late, 409)) << late.body;
}

TEST_F(WorkHttpTest, ThreePartialDeliveriesAndOneReversal) {
  const std::string id = Request(Line("NFI-BLANKET", "30"));
  std::vector<std::string> served;
  for (const char* q : {"10", "8", "7"}) {
    served.push_back(
        Str(Must("/deliveries", Deliver(id, Line("NFI-BLANKET", q)), "warehouse"), "id"));
  }
  EXPECT_EQ(Figures(id), "partial: NFI-BLANKET 30/25/0/5");
  Must("/journal/" + served[1] + "/reverse", R"({"reason":"не той отримувач"})", "warehouse");
  EXPECT_EQ(Figures(id), "partial: NFI-BLANKET 30/17/0/13");
  EXPECT_EQ(StockQty("KYIV-1", "NFI-BLANKET", "BL-1"), "23");
  auto deliveries = Arr(ParseObject(Get("/requests/" + id).body), "deliveries");
  ASSERT_EQ(deliveries->size(), 3u);
  EXPECT_TRUE(At(deliveries, 1)->getValue<bool>("reversed"));
  Must("/deliveries", Deliver(id, Line("NFI-BLANKET", "13")), "warehouse");
  EXPECT_EQ(Figures(id), "fulfilled: NFI-BLANKET 30/30/0/0");
}

TEST_F(WorkHttpTest, TwentyParallelDeliveriesAgainstALineOfTen) {
  const std::string id = Request(Line("MED-IFAK", "10"));
  const std::string token = Token("warehouse");
  const std::string body = Deliver(id, Line("MED-IFAK", "1"));
  std::vector<int> statuses(20, -1);
  std::latch ready(20);
  std::vector<std::thread> threads;
  for (int i = 0; i < 20; ++i) {
    threads.emplace_back([&, i] {
      HttpClient client(server_->port());
      client.Get("/api/v1/health");
      ready.arrive_and_wait();
      statuses[static_cast<size_t>(i)] = client.Post("/api/v1/deliveries", body, token).status;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 201), 10);
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 409), 10);
  EXPECT_EQ(Figures(id), "fulfilled: MED-IFAK 10/10/0/0");
  EXPECT_EQ(StockQty("KYIV-1", "MED-IFAK", "IFAK-1"), "90");
}

TEST_F(WorkHttpTest, BadRequestsWriteNothing) {
  const std::map<std::string, std::pair<int, std::string>> bodies = {
      {R"({"recipient":"MU-A1234","date":"2026-11-02","priority":"later","lines":[{"sku":"MED-IFAK","quantity":"1"}]})",
       {422, "priority"}},
      {R"({"recipient":"MU-A1234","date":"2026-11-02","priority":"high","lines":[{"sku":"MED-IFAK","quantity":"1"},{"sku":"MED-IFAK","quantity":"2"}]})",
       {422, "lines[1].sku"}},
      {R"({"recipient":"MU-A1234","date":"2026-11-02","priority":"high","lines":[{"sku":"MED-IFAK","quantity":"-1"}]})",
       {422, "lines[0].quantity"}},
      {R"({"recipient":"MU-A1234","date":"2026-11-02","priority":"high","lines":[{"sku":"MED-IFAK","quantity":"99999999999999"}]})",
       {422, "lines[0].quantity"}},
      {R"({"recipient":"MU-A1234","date":"2026-11-02","needed_by":"2026-11-01","priority":"high","lines":[{"sku":"MED-IFAK","quantity":"1"}]})",
       {422, "needed_by"}},
      {R"({"recipient":"MU-Z","date":"2026-11-02","priority":"high","lines":[{"sku":"MED-IFAK","quantity":"1"}]})",
       {422, "recipient"}},
      {R"({"recipient":"MU-A1234","date":"2026-11-02","priority":"high","lines":[{"sku":"NOPE","quantity":"1"}]})",
       {422, "lines[0].sku"}},
      {R"({"recipient":"MU-A1234","date":"2026-02-30","priority":"high","lines":[{"sku":"MED-IFAK","quantity":"1"}]})",
       {422, "date"}},
      {R"({"recipient":"MU-A1234","date":"2026-11-02","priority":"high","lines":[]})",
       {422, "lines"}},
  };
  for (const auto& [body, expected] : bodies) {
    HttpReply r = Post("/requests", body, "warehouse");
    EXPECT_TRUE(IsProblem(r, expected.first)) << body << " -> " << r.body;
    EXPECT_EQ(FirstErrorField(r), expected.second) << body;
  }
  EXPECT_TRUE(IsProblem(Post("/requests", "{\"recipient\":", "warehouse"), 400));
  HttpReply bad_ref = Post("/deliveries", Deliver("abc", Line("MED-IFAK", "1")), "warehouse");
  EXPECT_TRUE(IsProblem(bad_ref, 422)) << bad_ref.body;
  HttpReply unknown = Post("/deliveries", Deliver("999", Line("MED-IFAK", "1")), "warehouse");
  EXPECT_TRUE(IsProblem(unknown, 422)) << unknown.body;
  EXPECT_EQ(FirstErrorField(unknown), "request");
  EXPECT_EQ(Arr(ParseObject(Get("/requests").body), "items")->size(), 0u);
  EXPECT_EQ(StockQty("KYIV-1", "MED-IFAK", "IFAK-1"), "100");
  // Who may: treasurers read, do not write; donors neither.
  EXPECT_TRUE(IsProblem(
      Post(
          "/requests",
          R"({"recipient":"MU-A1234","date":"2026-11-02","priority":"high","lines":[{"sku":"MED-IFAK","quantity":"1"}]})",
          "treasurer"),
      403));
  EXPECT_EQ(Get("/requests", "treasurer").status, 200);
  EXPECT_TRUE(IsProblem(Get("/requests", "donor"), 403));
  EXPECT_TRUE(IsProblem(Get("/requests/1"), 404));
}

TEST_F(WorkHttpTest, RequestsComeByPriorityThenNeededByAPageAtATime) {
  const std::string normal = Request(Line("MED-IFAK", "1"), "normal", "MU-A1234", "2026-11-10");
  const std::string late = Request(Line("MED-IFAK", "1"), "urgent", "MU-A1234", "2026-11-30");
  const std::string soon = Request(Line("MED-IFAK", "1"), "urgent", "MU-A1234", "2026-11-05");
  const std::string high = Request(Line("MED-IFAK", "1"), "high", "IDP-000117", "2026-11-03");
  std::vector<std::string> order;
  std::string query = "/requests?limit=3";
  for (;;) {
    auto page = ParseObject(Get(query).body);
    auto items = Arr(page, "items");
    for (size_t i = 0; i < items->size(); ++i) order.push_back(Str(At(items, i), "id"));
    if (page->isNull("next")) break;
    query = "/requests?limit=3&after=" + Str(page, "next");
  }
  EXPECT_EQ(order, (std::vector<std::string>{soon, late, high, normal}));
  auto by_recipient = Arr(ParseObject(Get("/requests?recipient=IDP-000117").body), "items");
  ASSERT_EQ(by_recipient->size(), 1u);
  EXPECT_EQ(Str(At(by_recipient, 0), "id"), high);
  EXPECT_EQ(Arr(ParseObject(Get("/requests?priority=urgent").body), "items")->size(), 2u);
  EXPECT_TRUE(IsProblem(Get("/requests?status=done"), 422));
  EXPECT_TRUE(IsProblem(Get("/requests?after=x"), 422));
}

// --- The needs board -------------------------------------------------------------------

TEST_F(WorkHttpTest, NeedsBoardEqualsAnIndependentSumAndNamesNoHousehold) {
  const std::string a = Request(Line("MED-IFAK", "30") + "," + Line("NFI-BLANKET", "5"));
  const std::string b =
      Request(Line("MED-IFAK", "4") + "," + Line("FOOD-KIT", "2"), "high", "IDP-000117");
  const std::string c = Request(Line("NFI-BLANKET", "7"), "normal", "IDP-000117");
  Must("/deliveries", Deliver(a, Line("MED-IFAK", "12")), "warehouse");
  Must("/deliveries", Deliver(b, Line("FOOD-KIT", "2"), "IDP-000117"), "warehouse");
  Must("/requests/" + c + "/cancel",
       R"({"reason":"x","lines":[{"sku":"NFI-BLANKET","quantity":"3"}]})", "warehouse", 200);

  // The independent sum: every request's lines as GET /requests gives them,
  // and the stock as GET /stock gives it.
  std::map<std::string, std::map<std::string, double>> expected;
  auto all = Arr(ParseObject(Get("/requests?limit=1000").body), "items");
  for (size_t i = 0; i < all->size(); ++i) {
    auto lines = Arr(At(all, i), "lines");
    for (size_t k = 0; k < lines->size(); ++k) {
      auto l = At(lines, k);
      for (const char* f : {"requested", "delivered", "cancelled", "outstanding"}) {
        expected[Str(l, "sku")][f] += std::stod(Str(l, f));
      }
    }
  }
  auto stock = Arr(ParseObject(StockBody("?limit=1000")), "items");
  for (size_t i = 0; i < stock->size(); ++i) {
    auto s = At(stock, i);
    if (expected.count(Str(s, "sku")))
      expected[Str(s, "sku")]["available"] += std::stod(Str(s, "quantity"));
  }
  HttpReply r = Get("/reports/needs", "donor");
  ASSERT_EQ(r.status, 200) << r.body;
  auto items = Arr(ParseObject(r.body), "items");
  ASSERT_EQ(items->size(), expected.size());
  for (size_t i = 0; i < items->size(); ++i) {
    auto n = At(items, i);
    for (const char* f : {"requested", "delivered", "cancelled", "outstanding", "available"}) {
      EXPECT_EQ(std::stod(Str(n, f)), expected[Str(n, "sku")][f]) << Str(n, "sku") << " " << f;
    }
  }
  // Most outstanding first: MED-IFAK (22), then NFI-BLANKET (9).
  EXPECT_EQ(Str(At(items, 0), "sku"), "MED-IFAK");
  EXPECT_EQ(Str(At(items, 0), "outstanding"), "22");
  EXPECT_EQ(Str(At(items, 1), "outstanding"), "9");

  // By region and recipient kind.
  std::string region;
  Poco::URI::encode("Київська область", "&=?", region);
  auto kyiv =
      Arr(ParseObject(Get("/reports/needs?region=" + region + "&kind=idp_household", "donor").body),
          "items");
  std::map<std::string, std::string> outstanding;
  for (size_t i = 0; i < kyiv->size(); ++i) {
    outstanding[Str(At(kyiv, i), "sku")] = Str(At(kyiv, i), "outstanding");
  }
  EXPECT_EQ(outstanding, (std::map<std::string, std::string>{
                             {"MED-IFAK", "4"}, {"FOOD-KIT", "0"}, {"NFI-BLANKET", "4"}}));
  EXPECT_TRUE(IsProblem(Get("/reports/needs?kind=unit"), 422));

  // HXL: the hashtag row second; every format free of the household's code.
  HttpReply hxl = Get("/export/hxl/needs", "donor");
  ASSERT_EQ(hxl.status, 200) << hxl.body;
  const std::string second_row =
      hxl.body.substr(hxl.body.find('\n') + 1,
                      hxl.body.find('\n', hxl.body.find('\n') + 1) - hxl.body.find('\n') - 1);
  for (const char* tag :
       {"#item+name", "#adm1+name", "#targeted+type", "#value+requested", "#value+outstanding"}) {
    EXPECT_NE(second_row.find(tag), std::string::npos) << second_row;
  }
  const std::string pdf = SavePdf("/reports/needs.pdf", "needs.pdf", "donor");
  EXPECT_NE(pdf.find("ЩО НАМ ПОТРІБНО ЗАРАЗ"), std::string::npos) << pdf;
  EXPECT_NE(pdf.find("сторінка 1 з 1"), std::string::npos) << pdf;
  for (const std::string& body : {r.body, hxl.body, pdf}) {
    EXPECT_EQ(body.find("IDP-000117"), std::string::npos);
    EXPECT_EQ(body.find("Олена"), std::string::npos);
    EXPECT_EQ(body.find("MU-A1234"), std::string::npos);
  }
}

// --- Returns -------------------------------------------------------------------------

TEST_F(WorkHttpTest, ReturnsComeBackIntoTheirLotAndNeverExceedTheDelivery) {
  const std::string wb = Str(
      Must("/deliveries", DeliveryBody("KYIV-1", "NFI-BLANKET", "10", "2026-11-05"), "warehouse"),
      "id");
  auto ret = [&](const std::string& quantity, const std::string& reason = "unused",
                 const std::string& extra = "") {
    return Post("/returns",
                R"({"warehouse":"KYIV-1","recipient":"MU-A1234","date":"2026-11-06","reason":")" +
                    reason + R"(",)" + extra +
                    R"("lines":[{"sku":"NFI-BLANKET","lot":"BL-1","quantity":")" + quantity +
                    R"("}]})",
                "warehouse");
  };
  const std::string with_delivery = R"("delivery":")" + wb + R"(",)";
  HttpReply too_many = ret("11", "unused", with_delivery);
  EXPECT_TRUE(IsProblem(too_many, 409)) << too_many.body;
  EXPECT_EQ(StockQty("KYIV-1", "NFI-BLANKET", "BL-1"), "30");
  HttpReply first = ret("4", "wrong_item", with_delivery);
  ASSERT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(Str(ParseObject(first.body), "number"), "RET-2026-000001");
  EXPECT_EQ(StockQty("KYIV-1", "NFI-BLANKET", "BL-1"), "34");
  // What came back already counts: 6 are left with the unit.
  EXPECT_TRUE(IsProblem(ret("7", "unused", with_delivery), 409));
  // Damaged, written off in the same document: the stock stays.
  HttpReply damaged = ret("2", "damaged", with_delivery + R"("write_off":true,)");
  ASSERT_EQ(damaged.status, 201) << damaged.body;
  auto write_off = ParseObject(damaged.body)->getObject("write_off");
  ASSERT_TRUE(write_off);
  EXPECT_EQ(Str(write_off, "reason"), "damaged");
  EXPECT_EQ(Str(write_off, "source"), "RET-2026-000002");
  EXPECT_EQ(StockQty("KYIV-1", "NFI-BLANKET", "BL-1"), "34");
  EXPECT_TRUE(IsProblem(ret("1", "unused", R"("write_off":true,)"), 422));
  // Without a delivery: at most what the unit still holds of the lot (4).
  EXPECT_TRUE(IsProblem(ret("5"), 409));
  ASSERT_EQ(ret("4").status, 201);
  EXPECT_TRUE(IsProblem(ret("1"), 409));
  // A delivery with returns can no longer be reversed; a stranger's lot cannot come back.
  EXPECT_TRUE(
      IsProblem(Post("/journal/" + wb + "/reverse", R"({"reason":"x"})", "warehouse"), 409));
  HttpReply stranger = Post(
      "/returns",
      R"({"warehouse":"KYIV-1","recipient":"IDP-000117","date":"2026-11-06","reason":"unused","lines":[{"sku":"NFI-BLANKET","lot":"BL-1","quantity":"1"}]})",
      "warehouse");
  EXPECT_TRUE(IsProblem(stranger, 409)) << stranger.body;
  EXPECT_EQ(Get("/returns/" + Str(ParseObject(first.body), "id"), "auditor").status, 200);
  ExpectEveryReportAnswers("2026-11-01", "2026-11-30");
}

TEST_F(WorkHttpTest, DonorReportCountsOnlyWhatStayedDelivered) {
  const std::string wb = Str(
      Must("/deliveries", DeliveryBody("KYIV-1", "NFI-BLANKET", "10", "2026-11-05"), "warehouse"),
      "id");
  auto delivered = [&] {
    auto o = ParseObject(
        Get("/reports/donor/DE-HILFE.json?from=2026-11-01&to=2026-11-30", "treasurer").body);
    auto list = Arr(o, "delivered");
    if (list->size() == 0) return std::string("none");
    return Str(At(list, 0), "amount") + " " + Str(At(list, 0), "currency");
  };
  EXPECT_EQ(delivered(), "40.00 EUR");
  Must(
      "/returns",
      R"({"warehouse":"KYIV-1","recipient":"MU-A1234","date":"2026-11-06","reason":"unused","delivery":")" +
          wb + R"(","lines":[{"sku":"NFI-BLANKET","lot":"BL-1","quantity":"3"}]})",
      "warehouse");
  EXPECT_EQ(delivered(), "28.00 EUR");
  // IATI and HXL count the same.
  HttpReply hxl = Get("/export/hxl/distributions?from=2026-11-01&to=2026-11-30", "treasurer");
  EXPECT_NE(hxl.body.find(",7,"), std::string::npos) << hxl.body;
}

// --- Stocktakes ------------------------------------------------------------------------

TEST_F(WorkHttpTest, StocktakeClosesIntoCountedMinusStockOnItsDate) {
  Must("/deliveries", DeliveryBody("KYIV-1", "MED-IFAK", "5", "2026-11-03"), "warehouse");
  auto opened = Must("/stocktakes", R"({"warehouse":"KYIV-1","date":"2026-11-04","blind":false})",
                     "warehouse");
  const std::string id = Str(opened, "id");
  EXPECT_EQ(Str(opened, "number"), "CNT-2026-000001");
  auto lines = Arr(opened, "lines");
  std::map<std::string, std::string> expected;
  for (size_t i = 0; i < lines->size(); ++i) {
    expected[Str(At(lines, i), "lot")] = Str(At(lines, i), "expected");
  }
  EXPECT_EQ(expected,
            (std::map<std::string, std::string>{{"IFAK-1", "95"}, {"BL-1", "40"}, {"FK-1", "20"}}));
  // The sheet lists every lot of the warehouse, and nothing of another.
  const std::string sheet = SavePdf("/stocktakes/" + id + "/sheet.pdf", "sheet.pdf");
  for (const char* lot : {"IFAK-1", "BL-1", "FK-1"}) {
    EXPECT_NE(sheet.find(lot), std::string::npos) << lot << "\n" << sheet;
  }
  EXPECT_EQ(sheet.find("BL-2"), std::string::npos);
  EXPECT_NE(sheet.find("сторінка 1 з 1"), std::string::npos);

  // Movements after the count date are not differences.
  Must("/deliveries", DeliveryBody("KYIV-1", "MED-IFAK", "10", "2026-11-06"), "warehouse");
  Must(
      "/stocktakes/" + id + "/counts",
      R"({"lines":[{"sku":"MED-IFAK","lot":"IFAK-1","counted":"90"},{"sku":"NFI-BLANKET","lot":"BL-1","counted":"40"}]})",
      "warehouse", 200);
  // A second round: the last count wins; a lot found that was not listed.
  auto counted = Must(
      "/stocktakes/" + id + "/counts",
      R"({"lines":[{"sku":"MED-IFAK","lot":"IFAK-1","counted":"93"},{"sku":"NFI-BLANKET","lot":"BL-2","counted":"1"}]})",
      "warehouse", 200);
  // The adjustment it made: 201.
  auto closed = Must("/stocktakes/" + id + "/close", "{}", "warehouse", 201);
  EXPECT_EQ(Str(closed, "reason"), "count");
  EXPECT_EQ(Str(closed, "date"), "2026-11-04");
  std::map<std::string, std::string> adjusted;
  auto adj_lines = Arr(closed, "lines");
  for (size_t i = 0; i < adj_lines->size(); ++i) {
    adjusted[Str(At(adj_lines, i), "lot")] = Str(At(adj_lines, i), "quantity");
  }
  // 93 - 95; BL-1 matched; BL-2 found (1 - 0); FK-1 never counted.
  EXPECT_EQ(adjusted, (std::map<std::string, std::string>{{"IFAK-1", "-2"}, {"BL-2", "1"}}));
  EXPECT_EQ(StockQty("KYIV-1", "MED-IFAK", "IFAK-1"), "83");
  EXPECT_EQ(StockQty("KYIV-1", "NFI-BLANKET", "BL-2"), "1");
  EXPECT_EQ(Str(ParseObject(Get("/adjustments/" + Str(closed, "id")).body), "reason"), "count");
  EXPECT_TRUE(
      IsProblem(Post("/stocktakes/" + id + "/counts",
                     R"({"lines":[{"sku":"MED-IFAK","lot":"IFAK-1","counted":"1"}]})", "warehouse"),
                409));
  EXPECT_TRUE(IsProblem(Post("/stocktakes/" + id + "/close", "{}", "warehouse"), 409));
  EXPECT_EQ(Str(ParseObject(Get("/stocktakes/" + id).body), "status"), "closed");
  ExpectEveryReportAnswers("2026-11-01", "2026-11-30");
}

TEST_F(WorkHttpTest, ABlindCountShowsNoBooksAndABackDatedShortfallIsRefused) {
  auto opened = Must("/stocktakes", R"({"warehouse":"KYIV-1","date":"2026-11-02","blind":true})",
                     "warehouse");
  const std::string id = Str(opened, "id");
  EXPECT_EQ(opened->getArray("lines")->getObject(0)->has("expected"), false);
  EXPECT_EQ(Get("/stocktakes/" + id).body.find("expected"), std::string::npos);
  const std::string sheet = SavePdf("/stocktakes/" + id + "/sheet.pdf", "blind.pdf");
  EXPECT_EQ(sheet.find("За обліком"), std::string::npos) << sheet;
  EXPECT_NE(sheet.find("Фактично"), std::string::npos) << sheet;
  // 18 of 20 food kits went out on the 5th; counting 1 on the 2nd would
  // make the 5th negative.
  Must("/deliveries", DeliveryBody("KYIV-1", "FOOD-KIT", "18", "2026-11-05"), "warehouse");
  Must("/stocktakes/" + id + "/counts",
       R"({"lines":[{"sku":"FOOD-KIT","lot":"FK-1","counted":"1"}]})", "warehouse", 200);
  HttpReply refused = Post("/stocktakes/" + id + "/close", "{}", "warehouse");
  EXPECT_TRUE(IsProblem(refused, 409)) << refused.body;
  EXPECT_NE(refused.body.find("FK-1"), std::string::npos) << refused.body;
  EXPECT_NE(refused.body.find("2026-11-05"), std::string::npos) << refused.body;
  EXPECT_EQ(Str(ParseObject(Get("/stocktakes/" + id).body), "status"), "open");
  EXPECT_EQ(StockQty("KYIV-1", "FOOD-KIT", "FK-1"), "2");
  // Bad counts write nothing.
  for (const char* body : {R"({"lines":[{"sku":"FOOD-KIT","lot":"FK-1","counted":"-1"}]})",
                           R"({"lines":[{"sku":"FOOD-KIT","lot":"NO-SUCH","counted":"1"}]})",
                           R"({"lines":[{"sku":"FOOD-KIT","lot":"FK-1"}]})"}) {
    EXPECT_TRUE(IsProblem(Post("/stocktakes/" + id + "/counts", body, "warehouse"), 422)) << body;
  }
  EXPECT_TRUE(
      IsProblem(Post("/stocktakes/999/counts",
                     R"({"lines":[{"sku":"FOOD-KIT","lot":"FK-1","counted":"1"}]})", "warehouse"),
                404));
  EXPECT_TRUE(IsProblem(
      Post("/stocktakes", R"({"warehouse":"NOPE","date":"2026-11-02"})", "warehouse"), 422));
}

}  // namespace
}  // namespace zapas::testing
