// Barcodes from outside: GTINs on items (valid, unique, nothing written on a
// refusal), POST /scan for every form a scanner sends, and lot labels printed
// by GET /stock/labels.pdf and `zapas print labels`, rendered to PNG,
// decoded by an independent reader (dmtxread) and scanned back to the same
// item, lot and expiry.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>

#include "tests/services/fixture.h"

namespace zapas::testing {
namespace {

// The body {"data": text} with every byte below 0x20 escaped.
std::string ScanBody(const std::string& text) {
  std::string out = "{\"data\":\"";
  for (unsigned char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out + "\"}";
}

std::string Nullable(const Poco::JSON::Object::Ptr& o, const std::string& key) {
  if (!o->has(key)) return "<missing>";
  return o->isNull(key) ? "null" : Str(o, key);
}

class BarcodesTest : public ZapasServerTest {
 protected:
  void SetUp() override {
    ZapasServerTest::SetUp();
    if (HasFatalFailure()) return;
    // MED-IFAK: a single kit (GTIN-13) and a carton of 10 (GTIN-14).
    HttpReply r = client_->Request(
        "PATCH", "/api/v1/items/MED-IFAK",
        R"({"gtins":[{"gtin":"4006381333931","quantity":"1"},{"gtin":"14006381333938","quantity":"10"}]})",
        Token("admin"));
    ASSERT_EQ(r.status, 200) << r.body;
    Receive("KYIV-1", "MED-IFAK", "40", "IFAK-7", "2027-12-31", "30.00");
    Receive("KYIV-1", "NFI-BLANKET", "15", "BL-2", "", "12.00");
  }

  Poco::JSON::Object::Ptr Scan(const std::string& data, int status = 200,
                               const std::string& role = "warehouse") {
    HttpReply r = Post("/scan", ScanBody(data), role);
    EXPECT_EQ(r.status, status) << data << ": " << r.body;
    if (status != 200) {
      EXPECT_TRUE(IsProblem(r, status));
      return nullptr;
    }
    return ParseObject(r.body);
  }

  // Every Data Matrix on the first page of `pdf`, as dmtxread gives it
  // (FNC1 as GS), in the order it finds them.
  std::vector<std::string> Decode(const std::string& pdf, int expected) {
    const std::string base = server_->dir() + "/labels";
    std::ofstream(base + ".pdf", std::ios::binary) << pdf;
    int status = 0;
    Shell("pdftoppm -r 200 -png -f 1 -l 1 " + base + ".pdf " + base, &status);
    EXPECT_EQ(status, 0);
    std::string png = base + "-1.png";
    if (!std::ifstream(png)) png = base + "-01.png";
    const std::string out =
        Shell("dmtxread -G 29 -N " + std::to_string(expected) + " -n " + png, &status);
    std::vector<std::string> codes;
    std::istringstream lines(out);
    for (std::string line; std::getline(lines, line);) {
      if (!line.empty()) codes.push_back(line);
    }
    return codes;
  }
};

TEST_F(BarcodesTest, ItemsCarryValidUniqueGtins) {
  auto items = Arr(ParseObject(Get("/items?limit=1000").body), "items");
  bool found = false;
  for (size_t i = 0; i < items->size(); ++i) {
    auto item = At(items, i);
    if (Str(item, "sku") != "MED-IFAK") continue;
    found = true;
    auto gtins = Arr(item, "gtins");
    ASSERT_EQ(gtins->size(), 2u);
    EXPECT_EQ(Str(At(gtins, 1), "gtin"), "14006381333938");
    EXPECT_EQ(Str(At(gtins, 1), "quantity"), "10");
  }
  EXPECT_TRUE(found);
  // A wrong check digit, a length no GTIN has, letters: 422 and nothing made.
  for (const char* gtin : {"4006381333932", "400638133393", "40063813339AB", "0"}) {
    HttpReply r =
        Post("/items",
             std::string(R"({"sku":"G-1","name":{"uk":"Г"},"unit":"pcs","gtins":[{"gtin":")") +
                 gtin + R"("}]})",
             "warehouse");
    EXPECT_TRUE(IsProblem(r, 422)) << gtin;
    EXPECT_EQ(FirstErrorField(r), "gtins[0].gtin") << gtin;
  }
  EXPECT_TRUE(IsProblem(
      Post(
          "/items",
          R"({"sku":"G-1","name":{"uk":"Г"},"unit":"pcs","gtins":[{"gtin":"96385074","quantity":"0"}]})"),
      422));
  EXPECT_TRUE(IsProblem(
      Post(
          "/items",
          R"({"sku":"G-1","name":{"uk":"Г"},"unit":"pcs","gtins":[{"gtin":"96385074"},{"gtin":"00096385074"}]})"),
      422));  // one GTIN twice, written two ways
  // Another item's GTIN, even written as GTIN-14: 409, and no item G-1.
  HttpReply taken =
      Post("/items",
           R"({"sku":"G-1","name":{"uk":"Г"},"unit":"pcs","gtins":[{"gtin":"04006381333931"}]})");
  EXPECT_TRUE(IsProblem(taken, 409));
  EXPECT_EQ(FirstErrorField(taken), "gtins[0].gtin");
  EXPECT_EQ(Scan("4006381333931")->getValue<std::string>("sku"), "MED-IFAK");
  // A new item with a GTIN-8; then its list replaced, then emptied.
  Must("/items", R"({"sku":"G-1","name":{"uk":"Г"},"unit":"pcs","gtins":[{"gtin":"96385074"}]})");
  EXPECT_EQ(Str(Scan("]E496385074"), "sku"), "G-1");
  HttpReply patched =
      client_->Request("PATCH", "/api/v1/items/G-1", R"({"gtins":[]})", Token("admin"));
  EXPECT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(Nullable(Scan("]E496385074"), "sku"), "null");
  EXPECT_TRUE(
      IsProblem(client_->Request("PATCH", "/api/v1/items/G-1",
                                 R"({"gtins":[{"gtin":"14006381333938"}]})", Token("admin")),
                409));
  // The GTINs survive a restart.
  server_->Restart();
  Reconnect();
  EXPECT_EQ(Str(Scan("]d20114006381333938"), "sku"), "MED-IFAK");
}

TEST_F(BarcodesTest, ScanReadsEveryForm) {
  // GS1 DataMatrix, GS between the variable-length lot and the serial; day 00.
  auto s = Scan(
      "]d201040063813339311727120010IFAK-7\x1d"
      "21SN-1");
  EXPECT_EQ(Str(s, "gtin"), "04006381333931");
  EXPECT_EQ(Str(s, "sku"), "MED-IFAK");
  EXPECT_EQ(Str(s, "quantity"), "1");
  EXPECT_EQ(Str(s, "lot"), "IFAK-7");
  EXPECT_EQ(Str(s, "expiry"), "2027-12-31");
  EXPECT_EQ(Str(s, "serial"), "SN-1");
  auto elements = Arr(s, "elements");
  ASSERT_EQ(elements->size(), 4u);
  EXPECT_EQ(Str(At(elements, 1), "ai"), "17");
  EXPECT_EQ(Str(At(elements, 1), "value"), "271200");
  // A carton: packs x units. GS1-128 with a count (30).
  s = Scan(
      "]C10114006381333938"
      "303");
  EXPECT_EQ(Str(s, "quantity"), "30");
  // The same data in every other form.
  for (const std::string& data :
       {std::string("(01)04006381333931(17)271200(10)IFAK-7"),
        std::string("https://id.gs1.org/01/04006381333931/10/IFAK-7?17=271200"),
        std::string("]Q1https://example.org/shop/01/04006381333931/10/IFAK-7?17=271200&utm=x"),
        std::string("]e0010400638133393117271200"
                    "10IFAK-7"),
        std::string("0104006381333931172712001"
                    "0IFAK-7\r\n")}) {
    s = Scan(data);
    EXPECT_EQ(Str(s, "sku"), "MED-IFAK") << data;
    EXPECT_EQ(Str(s, "lot"), "IFAK-7") << data;
    EXPECT_EQ(Str(s, "expiry"), "2027-12-31") << data;
  }
  // A bare EAN-13, with and without its symbology identifier.
  EXPECT_EQ(Str(Scan("]E04006381333931"), "sku"), "MED-IFAK");
  EXPECT_EQ(Str(Scan("4006381333931"), "quantity"), "1");
  // An unknown GTIN: read, but no item.
  s = Scan("]d20109506000134352");
  EXPECT_EQ(Str(s, "gtin"), "09506000134352");
  EXPECT_EQ(Nullable(s, "sku"), "null");
  EXPECT_EQ(Nullable(s, "quantity"), "null");
  // Lot and expiry on a code of their own: refused naming what they need, as
  // GS1's engine does; read with "partial", what they need listed.
  HttpReply alone = Post("/scan", ScanBody("]d21727120010IFAK-7"), "warehouse");
  EXPECT_TRUE(IsProblem(alone, 422));
  EXPECT_NE(alone.body.find("(17) needs (01)"), std::string::npos) << alone.body;
  HttpReply partial =
      Post("/scan", R"({"data":"]d21727120010IFAK-7","partial":true})", "warehouse");
  ASSERT_EQ(partial.status, 200) << partial.body;
  s = ParseObject(partial.body);
  EXPECT_EQ(Str(s, "lot"), "IFAK-7");
  EXPECT_EQ(Arr(s, "missing")->size(), 2u);
  // Malformed: 422 naming the AI.
  for (const char* bad : {"]d20104006381333932", "(17)271301(01)04006381333931", "]d2011234",
                          "]d2891234", "]X9123", "https://a/01/123"}) {
    HttpReply r = Post("/scan", ScanBody(bad), "warehouse");
    EXPECT_TRUE(IsProblem(r, 422)) << bad;
    EXPECT_EQ(FirstErrorField(r), "data") << bad;
  }
  HttpReply bad_check = Post("/scan", ScanBody("]d20104006381333932"), "warehouse");
  EXPECT_NE(bad_check.body.find("(01)"), std::string::npos) << bad_check.body;
  HttpReply bad_month = Post("/scan", ScanBody("(01)04006381333931(17)271301"), "warehouse");
  EXPECT_NE(bad_month.body.find("(17) has an illegal month"), std::string::npos) << bad_month.body;
  EXPECT_TRUE(IsProblem(Post("/scan", "{\"data\":", "warehouse"), 400));
  EXPECT_TRUE(IsProblem(Post("/scan", "{}", "warehouse"), 422));
  EXPECT_TRUE(IsProblem(Post("/scan", ScanBody(std::string(9000, '1')), "warehouse"), 422));
  EXPECT_TRUE(IsProblem(Post("/scan", ScanBody("4006381333931"), "donor"), 403));
  EXPECT_EQ(Str(Scan("4006381333931", 200, "auditor"), "sku"), "MED-IFAK");
}

TEST_F(BarcodesTest, LabelsScanBackToTheSameLot) {
  HttpReply r = Get("/stock/labels.pdf?warehouse=KYIV-1", "warehouse");
  ASSERT_EQ(r.status, 200) << r.body.substr(0, 300);
  EXPECT_EQ(MediaType(r.content_type), "application/pdf");
  const std::string file = server_->dir() + "/sheet.pdf";
  std::ofstream(file, std::ios::binary) << r.body;
  const std::string text = Shell("pdftotext " + file + " -");
  EXPECT_NE(text.find("Аптечка"), std::string::npos) << text;
  EXPECT_NE(text.find("Ковдра"), std::string::npos) << text;
  EXPECT_NE(text.find("IFAK-7"), std::string::npos) << text;
  EXPECT_NE(text.find("2027-12-31"), std::string::npos) << text;
  // Two labels: the kit's GS1 code, and the blanket's (no GTIN) Zapas code.
  std::vector<std::string> codes = Decode(r.body, 2);
  ASSERT_EQ(codes.size(), 2u);
  std::set<std::string> seen;
  for (const std::string& code : codes) {
    auto s = Scan(code);
    ASSERT_TRUE(s) << code;
    seen.insert(Str(s, "sku") + " " + Str(s, "lot") + " " + Nullable(s, "expiry"));
    if (Str(s, "sku") == "MED-IFAK") {
      // (01)(17)(10), exactly.
      EXPECT_EQ(code,
                "\x1d"
                "0104006381333931"
                "17271231"
                "10IFAK-7");
      EXPECT_EQ(Str(s, "kind"), "gs1");
    } else {
      EXPECT_EQ(Str(s, "kind"), "lot_label");
    }
  }
  EXPECT_EQ(seen, (std::set<std::string>{"MED-IFAK IFAK-7 2027-12-31", "NFI-BLANKET BL-2 null"}));

  // One lot, thermal, three copies: three 100 x 150 mm pages.
  r = Get("/stock/labels.pdf?sku=MED-IFAK&lot=IFAK-7&copies=3&layout=thermal-100x150", "warehouse");
  ASSERT_EQ(r.status, 200) << r.body.substr(0, 300);
  std::ofstream(file, std::ios::binary) << r.body;
  const std::string info = Shell("pdfinfo " + file);
  EXPECT_NE(info.find("Pages:           3"), std::string::npos) << info;
  EXPECT_NE(info.find("283.465 x 425.197 pts"), std::string::npos) << info;
  codes = Decode(r.body, 1);
  ASSERT_EQ(codes.size(), 1u);
  EXPECT_EQ(Str(Scan("]d2" + codes[0]), "lot"), "IFAK-7");

  // Bad parameters and nothing to label.
  EXPECT_TRUE(IsProblem(Get("/stock/labels.pdf?layout=a5"), 422));
  EXPECT_TRUE(IsProblem(Get("/stock/labels.pdf?copies=0"), 422));
  EXPECT_TRUE(IsProblem(Get("/stock/labels.pdf?copies=1001"), 422));
  EXPECT_TRUE(IsProblem(Get("/stock/labels.pdf?sku=NOPE"), 422));
  EXPECT_TRUE(IsProblem(Get("/stock/labels.pdf?warehouse=LVIV-1"), 404));
  EXPECT_TRUE(IsProblem(Get("/stock/labels.pdf", "treasurer"), 403));

  // The command line prints the same labels.
  const std::string out = server_->dir() + "/cli.pdf";
  const std::string said = server_->Run({"print", "labels", "--sku", "NFI-BLANKET", "-o", out});
  EXPECT_NE(said.find("written"), std::string::npos) << said;
  std::ifstream in(out, std::ios::binary);
  std::stringstream pdf;
  pdf << in.rdbuf();
  codes = Decode(pdf.str(), 1);
  ASSERT_EQ(codes.size(), 1u);
  EXPECT_EQ(codes[0], "ZAPAS:NFI-BLANKET:BL-2");
}

TEST_F(BarcodesTest, CsvImportTakesGtins) {
  const std::string csv =
      "sku,name_uk,unit,штрихкоди\n"
      "CSV-1,Вода,l,96385074=6; 4820000000109\n"
      "CSV-2,Мило,pcs,4006381333932\n";
  HttpReply r =
      client_->Request("POST", "/api/v1/import/items", csv, Token("warehouse"), "", "text/csv");
  EXPECT_TRUE(IsProblem(r, 422)) << r.body;
  EXPECT_NE(r.body.find("4006381333932"), std::string::npos) << r.body;
  EXPECT_EQ(Nullable(Scan("96385074"), "sku"), "null");  // nothing of the file was written
  const std::string good = "sku,name_uk,unit,gtins\nCSV-1,Вода,l,96385074=6; 4820000000109\n";
  r = client_->Request("POST", "/api/v1/import/items", good, Token("warehouse"), "", "text/csv");
  ASSERT_EQ(r.status, 201) << r.body;
  auto s = Scan("]E496385074");
  EXPECT_EQ(Str(s, "sku"), "CSV-1");
  EXPECT_EQ(Str(s, "quantity"), "6");
  // The export gives the GTINs back in the same form.
  HttpReply exported = Get("/export/items");
  EXPECT_NE(exported.body.find("96385074=6;4820000000109=1"), std::string::npos) << exported.body;
}

}  // namespace
}  // namespace zapas::testing
