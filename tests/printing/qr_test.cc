// QR codes: the matrix libqrencode makes, PdfDocument::DrawQr, and what a
// reader makes of the drawing: rendered by pdftoppm and decoded by zbarimg.
#include "printing/qr.h"

#include <gtest/gtest.h>

#include "printing/pdf_document.h"
#include "tests/printing/pdf_tools.h"

namespace zapas::printing {
namespace {

using testing::DecodeQr;
using testing::Gray;
using testing::HaveTool;
using testing::ReadPgm;
using testing::RunTool;
using testing::TempDir;

constexpr char kUrl[] =
    "https://zapas.example.org/api/v1/verify/"
    "9f2c4e81b7a05d3366e1f0c2a4b8d9e7c1f3a5b7d9e1f3a5c7e9b1d3f5a7c9e1";

std::unique_ptr<PdfDocument> NewDoc() {
  auto doc = PdfDocument::Create({"QR", "QR", "QR-1"}, {});
  EXPECT_TRUE(doc.ok()) << doc.status().message();
  return doc.ok() ? std::move(doc).value() : nullptr;
}

TEST(PdfQr, EncodingGrowsWithThePayloadAndKeepsEveryByte) {
  auto small = EncodeQr("WB-1");
  ASSERT_TRUE(small.ok()) << small.status().message();
  EXPECT_EQ(small->version, 1);
  EXPECT_EQ(small->width, 21);
  EXPECT_EQ(small->dark.size(), 21u * 21u);
  // The finder pattern's corner modules are dark, the separator beside it light.
  EXPECT_TRUE(small->at(0, 0));
  EXPECT_TRUE(small->at(6, 6));
  EXPECT_FALSE(small->at(7, 0));

  auto url = EncodeQr(kUrl);
  ASSERT_TRUE(url.ok());
  EXPECT_GT(url->version, small->version);
  EXPECT_EQ(url->width, 17 + 4 * url->version);

  // Byte mode takes any byte, NUL included.
  auto binary = EncodeQr(std::string_view("a\0b", 3));
  ASSERT_TRUE(binary.ok());
  EXPECT_NE(binary->dark, EncodeQr("a").value().dark);
}

TEST(PdfQr, EncodingRefusesEmptyAndOversizedPayloads) {
  auto empty = EncodeQr("");
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.status().code(), StatusCode::kInvalid);

  auto largest = EncodeQr(std::string(kQrMaxPayloadBytes, 'x'));
  ASSERT_TRUE(largest.ok()) << largest.status().message();
  EXPECT_EQ(largest->version, 40);

  auto too_long = EncodeQr(std::string(kQrMaxPayloadBytes + 1, 'x'));
  ASSERT_FALSE(too_long.ok());
  EXPECT_EQ(too_long.status().code(), StatusCode::kInvalid);
  EXPECT_NE(too_long.status().message().find("too long"), std::string::npos);
}

TEST(PdfQr, ShortHashIsTheStartOfTheSha256) {
  // SHA-256("abc") = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
  EXPECT_EQ(PayloadShortHash("abc"), "ba7816bf8f01cfea");
  // SHA-256("") = e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
  EXPECT_EQ(PayloadShortHash(""), "e3b0c44298fc1c14");
}

// Draws `payload` at 25 mm over a black page area, so the code is only
// readable when DrawQr paints its quiet zone white, and decodes it.
std::string DrawAndDecode(std::string_view payload, const TempDir& dir) {
  auto doc = NewDoc();
  if (!doc) return "no document";
  doc->DrawBox(100, 700, 300, 300, 0, false, 0.0f);  // black ground
  const float size = 25 / 25.4f * 72;
  const Status drawn = doc->DrawQr(150, 650, size, payload);
  if (!drawn.ok()) return "DrawQr: " + drawn.message();
  auto pdf = doc->Save();
  if (!pdf.ok()) return "Save: " + pdf.status().message();
  return DecodeQr(dir.Write("qr.pdf", *pdf), 1, dir);
}

TEST(PdfDocument, DrawQrZbarReadsBackTheExactPayload) {
  ZAPAS_REQUIRE_TOOL("pdftoppm");
  ZAPAS_REQUIRE_TOOL("zbarimg");
  TempDir dir;
  EXPECT_EQ(DrawAndDecode(kUrl, dir), kUrl);
  EXPECT_EQ(DrawAndDecode("WB-2026-000004", dir), "WB-2026-000004");
  // UTF-8 stays UTF-8, Ї and all.
  EXPECT_EQ(DrawAndDecode("Накладна WB-2026-000004, м. Київ, Їжак", dir),
            "Накладна WB-2026-000004, м. Київ, Їжак");
}

// The square holds the quiet zone: four light modules on every side, and
// nothing drawn outside it.
TEST(PdfDocument, DrawQrKeepsToItsSquareWithAQuietZone) {
  ZAPAS_REQUIRE_TOOL("pdftoppm");
  auto doc = NewDoc();
  ASSERT_TRUE(doc);
  const float x = 200, top = 600, size = 144;  // 2 in: 300 px at 150 dpi
  ASSERT_TRUE(doc->DrawQr(x, top, size, "WB-1").ok());
  auto pdf = doc->Save();
  ASSERT_TRUE(pdf.ok());
  TempDir dir;
  const std::string path = dir.Write("qr.pdf", *pdf);
  ASSERT_EQ(RunTool("pdftoppm -gray -r 150 -singlefile " + path + " " + dir.File("qr")).exit_code,
            0);
  Gray image;
  ASSERT_TRUE(ReadPgm(dir.File("qr.pgm"), &image));
  const double k = 150.0 / 72.0;
  const int px = static_cast<int>(x * k), py = static_cast<int>((841.89 - top) * k);
  const int side = static_cast<int>(size * k);
  const int module = side / (21 + 2 * kQrQuietZone);  // version 1
  // The quiet zone: light all round (a pixel's margin for anti-aliasing).
  const int q = kQrQuietZone * module - 1;
  EXPECT_EQ(image.DarkPixels(px, py, px + side, py + q), 0);                // top
  EXPECT_EQ(image.DarkPixels(px, py + side - q, px + side, py + side), 0);  // bottom
  EXPECT_EQ(image.DarkPixels(px, py, px + q, py + side), 0);                // left
  EXPECT_EQ(image.DarkPixels(px + side - q, py, px + side, py + side), 0);  // right
  // The symbol inside is about half dark; nothing outside the square.
  const int inner = side - 2 * (q + 1);
  const int dark = image.DarkPixels(px + q + 1, py + q + 1, px + side - q - 1, py + side - q - 1);
  EXPECT_GT(dark, inner * inner / 4);
  EXPECT_LT(dark, inner * inner * 3 / 4);
  const int above_footer = static_cast<int>((841.89 - 46) * k);
  EXPECT_EQ(image.DarkPixels(0, 0, image.width, above_footer), dark)
      << "something was drawn outside the code";
}

TEST(PdfDocument, DrawQrRefusesAnUnencodablePayloadAndDrawsNothing) {
  auto doc = NewDoc();
  ASSERT_TRUE(doc);
  Status s = doc->DrawQr(100, 700, 72, "");
  EXPECT_EQ(s.code(), StatusCode::kInvalid);
  s = doc->DrawQr(100, 700, 72, std::string(kQrMaxPayloadBytes + 1, 'x'));
  EXPECT_EQ(s.code(), StatusCode::kInvalid);
  s = doc->DrawQr(100, 700, 0, "WB-1");
  EXPECT_EQ(s.code(), StatusCode::kInvalid);
  // The document is unharmed.
  EXPECT_TRUE(doc->status().ok());
  EXPECT_TRUE(doc->Save().ok());
}

}  // namespace
}  // namespace zapas::printing
