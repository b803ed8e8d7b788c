// Printed documents from the real server: the waybill of a delivery and the
// transfer act of a delivery to a military unit, read back with poppler's
// pdftotext and checked with pdffonts and qpdf.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "tests/services/fixture.h"

namespace zapas::testing {
namespace {

class DocumentsTest : public ZapasServerTest {
 protected:
  // Saves the PDF answer of `path` and returns the file's name.
  std::string SavePdf(const std::string& path, const std::string& name, const std::string& role) {
    HttpReply r = Get(path, role);
    EXPECT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(MediaType(r.content_type), "application/pdf");
    EXPECT_EQ(r.body.rfind("%PDF-", 0), 0u);
    const std::string file = server_->dir() + "/" + name;
    std::ofstream(file, std::ios::binary) << r.body;
    return file;
  }
  static std::string Text(const std::string& file) {
    return Shell("pdftotext -layout " + file + " -");
  }
  static std::string Flat(std::string s) {  // whitespace folded, for phrases that may wrap
    std::string out;
    for (char c : s) {
      if (c == ' ' || c == '\n' || c == '\r') {
        if (!out.empty() && out.back() != ' ') out += ' ';
      } else {
        out += c;
      }
    }
    return out;
  }
};

TEST_F(DocumentsTest, WaybillOfADeliveryToAHousehold) {
  Receive("KYIV-1", "MED-IFAK", "10", "IFAK-1", "2027-12-31", "12.50");
  Receive("KYIV-1", "NFI-BLANKET", "5", "BL-1", "", "8.00");
  auto delivery = Must(
      "/deliveries",
      R"({"warehouse":"KYIV-1","recipient":"IDP-000117","date":"2026-11-10","lines":[{"sku":"MED-IFAK","quantity":"2"},{"sku":"NFI-BLANKET","quantity":"3"}]})",
      "warehouse");
  const std::string file =
      SavePdf("/deliveries/" + Str(delivery, "id") + "/waybill.pdf", "waybill.pdf", "warehouse");
  const std::string text = Flat(Text(file));
  EXPECT_NE(text.find("ТОВАРНО-ТРАНСПОРТНА НАКЛАДНА"), std::string::npos) << text;
  EXPECT_NE(text.find(Str(delivery, "waybill")), std::string::npos) << text;
  EXPECT_NE(text.find("Домогосподарство ВПО 117"), std::string::npos) << text;
  EXPECT_NE(text.find("Аптечка"), std::string::npos) << text;
  EXPECT_NE(text.find("Ковдра"), std::string::npos) << text;
  EXPECT_NE(text.find("IFAK-1"), std::string::npos) << text;
  // 2 x 12.50 + 3 x 8.00 = 49.00 EUR in words, Ukrainian and English.
  EXPECT_NE(text.find("Сорок дев'ять євро 00 центів"), std::string::npos) << text;
  EXPECT_NE(text.find("Forty-nine euros 00 cents"), std::string::npos) << text;
  EXPECT_NE(text.find("сторінка 1 з 1"), std::string::npos) << text;
  // The household's personal data is not on the waybill.
  EXPECT_EQ(text.find("Олена"), std::string::npos);
  EXPECT_EQ(text.find("+380501234567"), std::string::npos);

  // The Cyrillic font is embedded, and the file is structurally sound.
  const std::string fonts = Shell("pdffonts " + file);
  EXPECT_NE(fonts.find("DejaVu"), std::string::npos) << fonts;
  EXPECT_EQ(fonts.find(" no  "), std::string::npos) << "a font is not embedded:\n" << fonts;
  int status = -1;
  Shell("qpdf --check " + file, &status);
  EXPECT_EQ(status, 0);

  // The command line prints the same document from the database.
  std::string cli = server_->dir() + "/cli.pdf";
  std::string out = server_->Run({"print", "waybill", Str(delivery, "id"), "-o", cli});
  EXPECT_NE(out.find("exit 0"), std::string::npos) << out;
  EXPECT_EQ(Text(cli), Text(file));
}

TEST_F(DocumentsTest, DeliveryToAMilitaryUnitPrintsATransferAct) {
  Receive("KYIV-1", "FOOD-KIT", "4", "FK-1", "2027-06-30", "30.00");
  auto delivery =
      Must("/deliveries", DeliveryBody("KYIV-1", "FOOD-KIT", "4", "2026-11-12"), "warehouse");
  const std::string file =
      SavePdf("/deliveries/" + Str(delivery, "id") + "/waybill.pdf", "act.pdf", "auditor");
  const std::string text = Flat(Text(file));
  EXPECT_NE(text.find("АКТ ПРИЙМАННЯ-ПЕРЕДАЧІ"), std::string::npos) << text;
  EXPECT_NE(text.find("Військова частина А1234"), std::string::npos) << text;
  EXPECT_NE(text.find("ЗАТВЕРДЖУЮ"), std::string::npos) << text;
  EXPECT_NE(text.find("Сто двадцять євро 00 центів"), std::string::npos) << text;
}

TEST_F(DocumentsTest, GoodsReceivedNoteWithRemarksAndAVerifiableQrCode) {
  auto receipt = Must(
      "/receipts",
      R"({"warehouse":"KYIV-1","donor":"DE-HILFE","date":"2026-11-03","reference":"Invoice 77","lines":[)"
      R"({"sku":"MED-IFAK","quantity":"8","lot":"IFAK-G","expiry":"2027-12-31","unit_value":{"amount":"12.50","currency":"EUR"},"remark":"нестача 2 шт. / 2 pcs short"},)"
      R"({"sku":"NFI-BLANKET","quantity":"5","lot":"BL-G","unit_value":{"amount":"8.00","currency":"EUR"}}]})",
      "warehouse");
  const std::string file =
      SavePdf("/receipts/" + Str(receipt, "id") + "/grn.pdf", "grn.pdf", "warehouse");
  const std::string text = Flat(Text(file));
  EXPECT_NE(text.find("ПРИБУТКОВА НАКЛАДНА"), std::string::npos) << text;
  EXPECT_NE(text.find(Str(receipt, "number")), std::string::npos) << text;
  EXPECT_NE(text.find("Ukraine-Hilfe Berlin e.V."), std::string::npos) << text;
  EXPECT_NE(text.find("Invoice 77"), std::string::npos) << text;
  EXPECT_NE(text.find("IFAK-G"), std::string::npos) << text;
  EXPECT_NE(text.find("нестача 2 шт."), std::string::npos) << text;
  // 8 x 12.50 + 5 x 8.00 = 140.00 EUR.
  EXPECT_NE(text.find("Сто сорок євро 00 центів"), std::string::npos) << text;
  int status = -1;
  Shell("qpdf --check " + file, &status);
  EXPECT_EQ(status, 0);

  // The QR code carries the number and the entry's short hash, which the
  // verify endpoint recognises.
  Shell("pdftoppm -r 200 -f 1 -l 1 -png " + file + " " + server_->dir() + "/grn");
  std::string qr = Shell("zbarimg --quiet --raw " + server_->dir() + "/grn-1.png");
  while (!qr.empty() && (qr.back() == '\n' || qr.back() == '\r')) qr.pop_back();
  const std::string prefix = "zapas:" + Str(receipt, "number") + ":";
  ASSERT_EQ(qr.rfind(prefix, 0), 0u) << qr;
  const std::string hash = qr.substr(prefix.size());
  EXPECT_EQ(hash.size(), 16u);
  // The same code is printed beneath it, for a person to type in.
  EXPECT_NE(text.find(hash), std::string::npos) << text;
  HttpReply verified = client_->Get("/api/v1/verify/" + hash);
  ASSERT_EQ(verified.status, 200) << verified.body;
  EXPECT_EQ(Str(ParseObject(verified.body), "number"), Str(receipt, "number"));

  std::string cli = server_->dir() + "/grn-cli.pdf";
  std::string out = server_->Run({"print", "grn", Str(receipt, "id"), "-o", cli});
  EXPECT_NE(out.find("exit 0"), std::string::npos) << out;
  EXPECT_EQ(Text(cli), Text(file));
}

TEST_F(DocumentsTest, WhoMayPrintAndUnknownDeliveries) {
  Receive("KYIV-1", "NFI-BLANKET", "5", "BL-2", "", "8.00");
  auto delivery = Must("/deliveries", DeliveryBody("KYIV-1", "NFI-BLANKET", "1"), "warehouse");
  const std::string path = "/deliveries/" + Str(delivery, "id") + "/waybill.pdf";
  EXPECT_TRUE(IsProblem(Get(path, "donor"), 403));
  EXPECT_TRUE(IsProblem(Get(path, "treasurer"), 403));
  EXPECT_TRUE(IsProblem(Get("/deliveries/999999/waybill.pdf", "warehouse"), 404));
  EXPECT_TRUE(IsProblem(Get("/deliveries/abc/waybill.pdf", "warehouse"), 404));
  EXPECT_TRUE(IsProblem(Get("/receipts/999999/grn.pdf", "warehouse"), 404));
  // A delivery's id is not a receipt.
  EXPECT_TRUE(IsProblem(Get("/receipts/" + Str(delivery, "id") + "/grn.pdf", "warehouse"), 404));
}

}  // namespace
}  // namespace zapas::testing
