// The waybill and the transfer act, checked with pdftotext, pdffonts, pdfinfo
// and qpdf.
#include "printing/waybill.h"

#include <gtest/gtest.h>

#include <regex>
#include <thread>

#include "printing/qr.h"
#include "tests/printing/pdf_tools.h"
#include "tests/printing/sample_waybill.h"

namespace zapas::printing {
namespace {

using testing::Contains;
using testing::HaveTool;
using testing::PageCount;
using testing::RunTool;
using testing::SampleTransferAct;
using testing::SampleWaybill;
using testing::TempDir;
using testing::Text;

constexpr int64_t kFixedTime = 1795680000;  // 2026-11-26T08:00:00Z

PrintOptions Deterministic() {
  PrintOptions o;
  o.fixed_time = kFixedTime;
  return o;
}

class WaybillTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ZAPAS_REQUIRE_TOOL("pdftotext");
    auto pdf = RenderWaybill(SampleWaybill(80), Deterministic());
    ASSERT_TRUE(pdf.ok()) << pdf.status().message();
    bytes_ = *pdf;
    path_ = dir_.Write("waybill.pdf", bytes_);
  }
  TempDir dir_;
  std::string bytes_;
  std::string path_;
};

TEST_F(WaybillTest, CarriesTheUkrainianAndEnglishTexts) {
  const std::string text = Text(path_);
  for (const char* s : {"ТОВАРНО-ТРАНСПОРТНА НАКЛАДНА № WB-2026-000004",
                        "Consignment note (waybill) No. WB-2026-000004",
                        "від «25» листопада 2026 р., м. Київ",
                        "dated 25 November 2026, Kyiv",
                        "Вантажовідправник / Consignor",
                        "Вантажоодержувач / Consignee",
                        "Благодійний фонд «Запаси громади»",
                        "код ЄДРПОУ / EDRPOU code: 12345678",
                        "КНП «Ізюмська центральна міська лікарня»",
                        "м. Ізюм",
                        "ФОП Їжак Петро Іванович",
                        "АА 1234 ВК",
                        "Пункт навантаження / Loading point",
                        "Найменування",
                        "Description",
                        "Партія",
                        "Lot",
                        "Expiry",
                        "Ціна, EUR",
                        "Бинт марлевий медичний",
                        "Gauze bandage",
                        "GRN-2026-000031/1",
                        "28.01.2027",
                        "1 200,5",
                        "Разом / Total",
                        "52 837,10",
                        "Сума прописом:",
                        "Amount in words:",
                        "Здав",
                        "Handed over",
                        "Прийняв",
                        "Received",
                        "Коваленко Олена Миколаївна",
                        "Завідувачка складу",
                        "Мельник Іван Їжакович",
                        "М.П."}) {
    EXPECT_TRUE(Contains(text, s)) << "missing: " << s;
  }
}

TEST_F(WaybillTest, EveryPageSaysPageNOfMAndTheNumber) {
  const int pages = PageCount(path_);
  ASSERT_GE(pages, 2) << "80 lines must run past the first page";
  for (int p = 1; p <= pages; ++p) {
    const std::string n = std::to_string(p), m = std::to_string(pages);
    const std::string text = Text(path_, p, p);
    EXPECT_TRUE(Contains(
        text, "сторінка " + n + " з " + m + " / page " + n + " of " + m + " · WB-2026-000004"))
        << "page " << p;
  }
}

TEST_F(WaybillTest, TheGoodsTableContinuesWithItsHeaderOnPageTwo) {
  const std::string page2 = Text(path_, 2, 2);
  EXPECT_TRUE(Contains(page2, "(продовження / continued)"));
  EXPECT_TRUE(Contains(page2, "Найменування"));
  EXPECT_TRUE(Contains(page2, "Кількість"));
  EXPECT_TRUE(Contains(page2, "Amount, EUR"));
  // Every line is printed exactly once, whole, on some page.
  const std::string all = Text(path_);
  for (int no : {1, 17, 40, 79, 80}) {
    const std::regex line("\\n\\s*" + std::to_string(no) + "\\s+\\S");
    EXPECT_TRUE(std::regex_search(all, line)) << "line " << no;
  }
}

// No word lies beyond the right margin: long names wrap inside their cells.
TEST_F(WaybillTest, NothingRunsPastTheMargins) {
  const std::string html = RunTool("pdftotext -bbox " + path_ + " -").out;
  const std::regex word(
      "<word xMin=\"([0-9.]+)\" yMin=\"([0-9.]+)\" xMax=\"([0-9.]+)\" "
      "yMax=\"([0-9.]+)\">([^<]*)</word>");
  int words = 0;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), word); it != std::sregex_iterator();
       ++it, ++words) {
    const double x_min = std::stod((*it)[1]), x_max = std::stod((*it)[3]);
    const double y_max = std::stod((*it)[4]);
    EXPECT_GE(x_min, 30.0) << (*it)[5];
    EXPECT_LE(x_max, 595.28 - 25.0) << (*it)[5];
    EXPECT_LE(y_max, 841.89 - 20.0) << (*it)[5];
  }
  EXPECT_GT(words, 1000);
}

TEST_F(WaybillTest, EmbedsADejaVuFont) {
  ZAPAS_REQUIRE_TOOL("pdffonts");
  const std::string fonts = RunTool("pdffonts " + path_).out;
  // name type encoding emb sub uni: "HPDFAA+DejaVuSans ... Identity-H yes yes yes"
  const std::regex embedded("DejaVuSans\\S*\\s+CID TrueType\\s+Identity-H\\s+yes");
  EXPECT_TRUE(std::regex_search(fonts, embedded)) << fonts;
  EXPECT_FALSE(Contains(fonts, " no ")) << "a font is not embedded:\n" << fonts;
}

TEST_F(WaybillTest, QpdfFindsNoErrors) {
  ZAPAS_REQUIRE_TOOL("qpdf");
  const auto r = RunTool("qpdf --check " + path_);
  EXPECT_EQ(r.exit_code, 0) << r.out;
}

TEST_F(WaybillTest, MetadataIsUtf8AndTheDateIsTheFixedOne) {
  ZAPAS_REQUIRE_TOOL("pdfinfo");
  const std::string info = RunTool("pdfinfo " + path_).out;
  EXPECT_TRUE(Contains(info, "Товарно-транспортна накладна № WB-2026-000004")) << info;
  EXPECT_TRUE(Contains(info, "Nov 26 08:00:00 2026")) << info;
  EXPECT_TRUE(Contains(info, "A4")) << info;
}

TEST_F(WaybillTest, DeterministicModePrintsTheSameBytes) {
  auto again = RenderWaybill(SampleWaybill(80), Deterministic());
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(*again == bytes_) << "two renderings of the same data differ";
  // The date is the only thing the option fixes: another one changes the bytes.
  PrintOptions later = Deterministic();
  later.fixed_time = kFixedTime + 86400;
  auto other = RenderWaybill(SampleWaybill(80), later);
  ASSERT_TRUE(other.ok());
  EXPECT_FALSE(*other == bytes_);
  EXPECT_EQ(other->size(), bytes_.size());
}

// An HTTP server renders on several threads at once: documents share nothing.
TEST(Waybill, RendersOnSeveralThreadsAtOnce) {
  const std::string expected = RenderWaybill(SampleWaybill(30), Deterministic()).value();
  std::vector<std::string> out(4);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < out.size(); ++i) {
    threads.emplace_back([&out, i] {
      auto pdf = RenderWaybill(SampleWaybill(30), Deterministic());
      if (pdf.ok()) out[i] = std::move(pdf).value();
    });
  }
  for (std::thread& t : threads) t.join();
  for (const std::string& pdf : out) EXPECT_TRUE(pdf == expected);
}

TEST(Waybill, AShortWaybillHasTwoPagesWhenTheTableJustSpills) {
  ZAPAS_REQUIRE_TOOL("pdftotext");
  TempDir dir;
  // 24 lines fill the first page; the rest and the signatures go on page 2.
  auto pdf = RenderWaybill(SampleWaybill(24), Deterministic());
  ASSERT_TRUE(pdf.ok());
  const std::string path = dir.Write("w24.pdf", *pdf);
  ASSERT_EQ(PageCount(path), 2);
  EXPECT_TRUE(Contains(Text(path, 1, 1), "сторінка 1 з 2"));
  const std::string page2 = Text(path, 2, 2);
  EXPECT_TRUE(Contains(page2, "page 2 of 2"));
  EXPECT_TRUE(Contains(page2, "Найменування"));
  EXPECT_TRUE(Contains(page2, "Прийняв"));
}

TEST(Waybill, TransferActHasApprovalAndCommission) {
  ZAPAS_REQUIRE_TOOL("pdftotext");
  ZAPAS_REQUIRE_TOOL("qpdf");
  TempDir dir;
  auto pdf = RenderWaybill(SampleTransferAct(), Deterministic());
  ASSERT_TRUE(pdf.ok()) << pdf.status().message();
  const std::string path = dir.Write("act.pdf", *pdf);
  const std::string text = Text(path);
  for (const char* s :
       {"АКТ ПРИЙМАННЯ-ПЕРЕДАЧІ № WB-2026-000005", "Transfer act No. WB-2026-000005", "ЗАТВЕРДЖУЮ",
        "Approved", "Командир військової частини А1234", "полковник Ігнатенко Юрій Олексійович",
        "Комісія у складі:", "Commission members:", "майор Кравчук Богдан Ігорович",
        "начальник служби", "забезпечення", "Військова частина А1234",
        "номер військової частини / military unit: А1234", "Здав", "Прийняв", "М.П."}) {
    EXPECT_TRUE(Contains(text, s)) << "missing: " << s;
  }
  EXPECT_EQ(RunTool("qpdf --check " + path).exit_code, 0);
}

// Commanders are not stored: the act then leaves their name to be written in.
TEST(Waybill, TransferActWithoutACommanderLeavesBlanks) {
  ZAPAS_REQUIRE_TOOL("pdftotext");
  WaybillData d = SampleTransferAct(2);
  d.commander = {};
  d.commission.clear();
  d.received = {};
  auto pdf = RenderWaybill(d, Deterministic());
  ASSERT_TRUE(pdf.ok()) << pdf.status().message();
  TempDir dir;
  const std::string text = Text(dir.Write("act.pdf", *pdf));
  EXPECT_TRUE(Contains(text, "ЗАТВЕРДЖУЮ"));
  EXPECT_TRUE(Contains(text, "Командир військової частини"));
  EXPECT_FALSE(Contains(text, "Комісія у складі"));
  EXPECT_TRUE(Contains(text, "Прийняв"));
}

TEST(Waybill, SeveralCurrenciesAreNamedOnEveryAmount) {
  ZAPAS_REQUIRE_TOOL("pdftotext");
  WaybillData d = SampleWaybill(2);
  d.lines[1].price = Money::Parse("1500.00", "UAH").value();
  d.lines[1].sum = Money::Parse("18000.00", "UAH").value();
  d.totals = {Money::Parse("42.00", "EUR").value(), Money::Parse("18000.00", "UAH").value()};
  auto pdf = RenderWaybill(d, Deterministic());
  ASSERT_TRUE(pdf.ok());
  TempDir dir;
  const std::string text = Text(dir.Write("multi.pdf", *pdf));
  EXPECT_FALSE(Contains(text, "Ціна, EUR"));
  EXPECT_TRUE(Contains(text, "Разом, EUR / Total, EUR"));
  EXPECT_TRUE(Contains(text, "Разом, UAH / Total, UAH"));
  EXPECT_TRUE(Contains(text, "18 000,00"));
  EXPECT_TRUE(Contains(text, "UAH"));
}

// The verification code: the exact payload for a reader, the caption and the
// payload's short hash for a person, on the first page only.
TEST(Waybill, CarriesAQrCodeThatReadsBackAsThePayload) {
  ZAPAS_REQUIRE_TOOL("pdftoppm");
  ZAPAS_REQUIRE_TOOL("zbarimg");
  TempDir dir;
  WaybillData d = SampleWaybill(30);
  d.qr_payload = testing::kSampleQrPayload;
  auto pdf = RenderWaybill(d, Deterministic());
  ASSERT_TRUE(pdf.ok()) << pdf.status().message();
  const std::string path = dir.Write("qr.pdf", *pdf);
  ASSERT_GE(PageCount(path), 2);
  EXPECT_EQ(testing::DecodeQr(path, 1, dir), testing::kSampleQrPayload);
  EXPECT_EQ(testing::DecodeQr(path, 2, dir), "") << "the code belongs on the first page only";
  const std::string page1 = Text(path, 1, 1);
  EXPECT_TRUE(Contains(page1, "перевірка / verify"));
  EXPECT_TRUE(Contains(page1, PayloadShortHash(testing::kSampleQrPayload)));
  // The title still reads whole, broken before the number beside the code.
  EXPECT_TRUE(Contains(page1, "ТОВАРНО-ТРАНСПОРТНА НАКЛАДНА"));
  EXPECT_TRUE(Contains(page1, "№ WB-2026-000004"));
  EXPECT_TRUE(Contains(page1, "Consignment note (waybill) No. WB-2026-000004"));
  EXPECT_EQ(RunTool("qpdf --check " + path).exit_code, 0);
  // Without a payload there is no code and no caption.
  const std::string plain = dir.Write("plain.pdf", RenderWaybill(SampleWaybill(2), {}).value());
  EXPECT_EQ(testing::DecodeQr(plain, 1, dir), "");
  EXPECT_FALSE(Contains(Text(plain), "перевірка"));
}

TEST(Waybill, TransferActCarriesAQrCodeBesideTheApproval) {
  ZAPAS_REQUIRE_TOOL("pdftoppm");
  ZAPAS_REQUIRE_TOOL("zbarimg");
  TempDir dir;
  WaybillData d = SampleTransferAct();
  d.qr_payload = "WB-2026-000005";
  auto pdf = RenderWaybill(d, Deterministic());
  ASSERT_TRUE(pdf.ok()) << pdf.status().message();
  const std::string path = dir.Write("act-qr.pdf", *pdf);
  EXPECT_EQ(testing::DecodeQr(path, 1, dir), "WB-2026-000005");
  const std::string text = Text(path, 1, 1);
  EXPECT_TRUE(Contains(text, "ЗАТВЕРДЖУЮ"));
  EXPECT_TRUE(Contains(text, "АКТ ПРИЙМАННЯ-ПЕРЕДАЧІ № WB-2026-000005"));
  EXPECT_TRUE(Contains(text, PayloadShortHash("WB-2026-000005")));
}

TEST(Waybill, ATooLongQrPayloadIsInvalid) {
  WaybillData d = SampleWaybill(1);
  d.qr_payload.assign(kQrMaxPayloadBytes + 1, 'x');
  auto r = RenderWaybill(d, {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalid);
  EXPECT_EQ(r.status().errors().at(0).field, "qr_payload");
}

TEST(Waybill, RefusesIncompleteData) {
  WaybillData d = SampleWaybill(1);
  d.number.clear();
  auto r = RenderWaybill(d, {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalid);
  EXPECT_EQ(r.status().errors().at(0).field, "number");

  d = SampleWaybill(1);
  d.lines.clear();
  r = RenderWaybill(d, {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().errors().at(0).field, "lines");

  PrintOptions bad;
  bad.font_regular_path = "/nonexistent.ttf";
  r = RenderWaybill(SampleWaybill(1), bad);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalid);
}

TEST(Format, AmountsDatesAndQuantities) {
  EXPECT_EQ(FormatAmount(Money::Parse("1234567.5", "UAH").value()), "1 234 567,50");
  EXPECT_EQ(FormatAmount(Money::Parse("-3.5", "EUR").value()), "-3,50");
  EXPECT_EQ(FormatAmount(Money::Parse("999", "USD").value()), "999,00");
  EXPECT_EQ(FormatAmount(Money::Parse("1000", "USD").value()), "1 000,00");
  EXPECT_EQ(FormatQuantity(Quantity::Parse("1200.5").value()), "1 200,5");
  EXPECT_EQ(FormatQuantity(Quantity::Parse("12").value()), "12");
  const Date d = Date::FromCivil(2026, 3, 8);
  EXPECT_EQ(FormatDateNumeric(d), "08.03.2026");
  EXPECT_EQ(FormatDateLongUk(d), "«08» березня 2026 р.");
  EXPECT_EQ(FormatDateLongEn(d), "8 March 2026");
  EXPECT_EQ(UnitLabels(Unit::kKg), (std::pair<std::string, std::string>{"кг", "kg"}));
}

}  // namespace
}  // namespace zapas::printing
