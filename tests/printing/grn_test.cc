// The goods received note, checked with pdftotext, pdffonts, pdfinfo, qpdf and
// zbarimg.
#include "printing/grn.h"

#include <gtest/gtest.h>

#include <cmath>
#include <regex>
#include <thread>

#include "printing/qr.h"
#include "tests/printing/pdf_tools.h"
#include "tests/printing/sample_grn.h"

namespace zapas::printing {
namespace {

using testing::Contains;
using testing::DecodeQr;
using testing::HaveTool;
using testing::kSampleQrPayload;
using testing::PageCount;
using testing::RunTool;
using testing::SampleGrn;
using testing::TempDir;
using testing::Text;

constexpr int64_t kFixedTime = 1795680000;  // 2026-11-26T08:00:00Z

PrintOptions Deterministic() {
  PrintOptions o;
  o.fixed_time = kFixedTime;
  return o;
}

class GrnTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ZAPAS_REQUIRE_TOOL("pdftotext");
    auto pdf = RenderGrn(SampleGrn(), Deterministic());
    ASSERT_TRUE(pdf.ok()) << pdf.status().message();
    bytes_ = *pdf;
    path_ = dir_.Write("grn.pdf", bytes_);
  }
  TempDir dir_;
  std::string bytes_;
  std::string path_;
};

TEST_F(GrnTest, CarriesTheUkrainianAndEnglishTexts) {
  const std::string text = Text(path_);
  for (const char* s : {"ПРИБУТКОВА НАКЛАДНА № GRN-2026-000031",
                        "Goods received note No. GRN-2026-000031",
                        "від «20» листопада 2026 р., м. Київ",
                        "dated 20 November 2026, Kyiv",
                        "Одержувач / Receiving organisation",
                        "Благодійний фонд «Запаси громади»",
                        "код ЄДРПОУ / EDRPOU code: 12345678",
                        "Склад / Warehouse",
                        "Склад KYIV-1: м. Київ, вул. Складська, 5",
                        "Донор, країна / Donor, country",
                        "Deutsches Rotes Kreuz e.V., Landesverband Sachsen",
                        "Німеччина / Germany",
                        "Підстава (супровідний документ) / Reference document",
                        "Invoice 77 від 14.11.2026; CMR DE-2026-118204",
                        "Найменування",
                        "Партія",
                        "Lot",
                        "Придатн.",
                        "Expiry",
                        "Вартість",
                        "Value, EUR",
                        "Примітка",
                        "Remark",
                        "Бинт марлевий медичний",
                        "Gauze bandage",
                        "GRN-2026-000031/1",
                        "GRN-2026-000031/6",
                        "28.01.2027",
                        "379,62",
                        "Разом / Total",
                        "4 071,62",
                        "Сума прописом:",
                        "Чотири тисячі сімдесят один євро 62 центи",
                        "Нестачі, пошкодження:",
                        "Shortages, damage:",
                        "GRN-2026-000031/3: нестача 2 шт. (за документом 40) / 2 pcs short (40 "
                        "invoiced)",
                        "1 ящ. пошкоджено при перевезенні / 1 box",
                        "Здав",
                        "Handed over",
                        "Прийняв",
                        "Received",
                        "Їжак Петро Іванович",
                        "Водій-експедитор перевізника",
                        "Коваленко Олена Миколаївна",
                        "Завідувачка складу",
                        "М.П.",
                        "перевірка / verify"}) {
    EXPECT_TRUE(Contains(text, s)) << "missing: " << s;
  }
  EXPECT_FALSE(Contains(text, "немає / none"));
}

// The remarks stand in their column on their line as well as in the block.
TEST_F(GrnTest, TheRemarkStandsOnItsLine) {
  const std::string html = RunTool("pdftotext -bbox " + path_ + " -").out;
  auto y_of = [&](const std::string& word) {
    const std::regex re("<word xMin=\"[0-9.]+\" yMin=\"([0-9.]+)\"[^>]*>" + word + "</word>");
    std::smatch m;
    return std::regex_search(html, m, re) ? std::stod(m[1]) : -1.0;
  };
  const double lot3 = y_of("GRN-2026-000031/3");
  ASSERT_GT(lot3, 0);
  // The first word of line 3's remark cell ("нестача") is level with its lot.
  const std::regex first("<word xMin=\"([0-9.]+)\" yMin=\"([0-9.]+)\"[^>]*>нестача</word>");
  bool level = false;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), first);
       it != std::sregex_iterator(); ++it) {
    level = level || std::abs(std::stod((*it)[2]) - lot3) < 1.0;
  }
  EXPECT_TRUE(level) << "no remark level with line 3";
}

TEST_F(GrnTest, QrCodeReadsBackAsThePayload) {
  ZAPAS_REQUIRE_TOOL("pdftoppm");
  ZAPAS_REQUIRE_TOOL("zbarimg");
  EXPECT_EQ(DecodeQr(path_, 1, dir_), kSampleQrPayload);
  EXPECT_TRUE(Contains(Text(path_, 1, 1), PayloadShortHash(kSampleQrPayload)));
}

TEST_F(GrnTest, QpdfFindsNoErrors) {
  ZAPAS_REQUIRE_TOOL("qpdf");
  const auto r = RunTool("qpdf --check " + path_);
  EXPECT_EQ(r.exit_code, 0) << r.out;
}

TEST_F(GrnTest, EmbedsItsFonts) {
  ZAPAS_REQUIRE_TOOL("pdffonts");
  const std::string fonts = RunTool("pdffonts " + path_).out;
  const std::regex embedded("DejaVuSans\\S*\\s+CID TrueType\\s+Identity-H\\s+yes");
  EXPECT_TRUE(std::regex_search(fonts, embedded)) << fonts;
  EXPECT_FALSE(Contains(fonts, " no ")) << "a font is not embedded:\n" << fonts;
}

TEST_F(GrnTest, MetadataNamesTheNote) {
  ZAPAS_REQUIRE_TOOL("pdfinfo");
  const std::string info = RunTool("pdfinfo " + path_).out;
  EXPECT_TRUE(Contains(info, "Прибуткова накладна № GRN-2026-000031")) << info;
  EXPECT_TRUE(Contains(info, "Goods received note No. GRN-2026-000031")) << info;
  EXPECT_TRUE(Contains(info, "Nov 26 08:00:00 2026")) << info;
}

// The sample is one page: everything, signatures included, fits.
TEST_F(GrnTest, TheSampleFitsOnePage) {
  EXPECT_EQ(PageCount(path_), 1);
  EXPECT_TRUE(Contains(Text(path_), "сторінка 1 з 1 / page 1 of 1 · GRN-2026-000031"));
}

TEST_F(GrnTest, DeterministicModePrintsTheSameBytes) {
  auto again = RenderGrn(SampleGrn(), Deterministic());
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(*again == bytes_) << "two renderings of the same data differ";
  PrintOptions later = Deterministic();
  later.fixed_time = kFixedTime + 86400;
  auto other = RenderGrn(SampleGrn(), later);
  ASSERT_TRUE(other.ok());
  EXPECT_FALSE(*other == bytes_);
  EXPECT_EQ(other->size(), bytes_.size());
}

// A long note: the goods table runs on with its header repeated; every page
// has its footer; every line is printed; nothing crosses the margins.
TEST(Grn, ALongNoteRepeatsTheTableHeaderOnEveryPage) {
  ZAPAS_REQUIRE_TOOL("pdftotext");
  TempDir dir;
  auto pdf = RenderGrn(SampleGrn(60), Deterministic());
  ASSERT_TRUE(pdf.ok()) << pdf.status().message();
  const std::string path = dir.Write("grn60.pdf", *pdf);
  const int pages = PageCount(path);
  ASSERT_GE(pages, 3);
  for (int p = 1; p <= pages; ++p) {
    const std::string n = std::to_string(p), m = std::to_string(pages);
    const std::string text = Text(path, p, p);
    EXPECT_TRUE(Contains(
        text, "сторінка " + n + " з " + m + " / page " + n + " of " + m + " · GRN-2026-000031"))
        << "page " << p;
    if (p > 1) {
      EXPECT_TRUE(Contains(text, "(продовження / continued)")) << "page " << p;
      EXPECT_TRUE(Contains(text, "Найменування")) << "page " << p;
      EXPECT_TRUE(Contains(text, "Примітка")) << "page " << p;
      EXPECT_TRUE(Contains(text, "Value, EUR")) << "page " << p;
    }
  }
  const std::string all = Text(path);
  for (int no : {1, 20, 41, 59, 60}) {
    const std::regex line("\\n\\s*" + std::to_string(no) + "\\s+\\S");
    EXPECT_TRUE(std::regex_search(all, line)) << "line " << no;
  }
  EXPECT_TRUE(Contains(Text(path, pages, pages), "Прийняв"));
  EXPECT_EQ(RunTool("qpdf --check " + path).exit_code, 0);

  const std::string html = RunTool("pdftotext -bbox " + path + " -").out;
  const std::regex word(
      "<word xMin=\"([0-9.]+)\" yMin=\"([0-9.]+)\" xMax=\"([0-9.]+)\" "
      "yMax=\"([0-9.]+)\">([^<]*)</word>");
  int words = 0;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), word); it != std::sregex_iterator();
       ++it, ++words) {
    EXPECT_GE(std::stod((*it)[1]), 30.0) << (*it)[5];
    EXPECT_LE(std::stod((*it)[3]), 595.28 - 25.0) << (*it)[5];
    EXPECT_LE(std::stod((*it)[4]), 841.89 - 20.0) << (*it)[5];
  }
  EXPECT_GT(words, 1000);
}

// An HTTP server renders on several threads at once; libqrencode included.
TEST(Grn, RendersOnSeveralThreadsAtOnce) {
  const std::string expected = RenderGrn(SampleGrn(20), Deterministic()).value();
  std::vector<std::string> out(4);
  std::vector<std::thread> threads;
  for (size_t i = 0; i < out.size(); ++i) {
    threads.emplace_back([&out, i] {
      auto pdf = RenderGrn(SampleGrn(20), Deterministic());
      if (pdf.ok()) out[i] = std::move(pdf).value();
    });
  }
  for (std::thread& t : threads) t.join();
  for (const std::string& pdf : out) EXPECT_TRUE(pdf == expected);
}

TEST(Grn, WithoutRemarksTheBlockSaysNone) {
  ZAPAS_REQUIRE_TOOL("pdftotext");
  GrnData d = SampleGrn(2);
  d.qr_payload.clear();
  auto pdf = RenderGrn(d, Deterministic());
  ASSERT_TRUE(pdf.ok()) << pdf.status().message();
  TempDir dir;
  const std::string path = dir.Write("clean.pdf", *pdf);
  const std::string text = Text(path);
  EXPECT_TRUE(Contains(text, "Нестачі, пошкодження:"));
  EXPECT_TRUE(Contains(text, "немає / none"));
  EXPECT_FALSE(Contains(text, "перевірка"));
  EXPECT_EQ(DecodeQr(path, 1, dir), "");
}

// Donated goods are often declared in several currencies.
TEST(Grn, SeveralCurrenciesAreNamedOnEveryAmount) {
  ZAPAS_REQUIRE_TOOL("pdftotext");
  GrnData d = SampleGrn(2);
  d.lines[1].unit_value = Money::Parse("1500.00", "UAH").value();
  d.lines[1].value = Money::Parse("18000.00", "UAH").value();
  d.totals = {Money::Parse("42.00", "EUR").value(), Money::Parse("18000.00", "UAH").value()};
  auto pdf = RenderGrn(d, Deterministic());
  ASSERT_TRUE(pdf.ok());
  TempDir dir;
  const std::string text = Text(dir.Write("multi.pdf", *pdf));
  EXPECT_FALSE(Contains(text, "Value, EUR"));
  EXPECT_TRUE(Contains(text, "Разом, EUR / Total, EUR"));
  EXPECT_TRUE(Contains(text, "Разом, UAH / Total, UAH"));
  EXPECT_TRUE(Contains(text, "18 000,00"));
}

// Blank people and an empty reference print as lines and dashes to fill in.
TEST(Grn, BlankFieldsPrintAsBlanks) {
  ZAPAS_REQUIRE_TOOL("pdftotext");
  GrnData d = SampleGrn(1);
  d.reference.clear();
  d.received_by = {};
  d.handed_over_by = {};
  auto pdf = RenderGrn(d, Deterministic());
  ASSERT_TRUE(pdf.ok()) << pdf.status().message();
  TempDir dir;
  const std::string text = Text(dir.Write("blank.pdf", *pdf));
  EXPECT_TRUE(Contains(text, "Reference document"));
  EXPECT_TRUE(Contains(text, "посада / position"));
  EXPECT_TRUE(Contains(text, "підпис / signature"));
  EXPECT_FALSE(Contains(text, "Коваленко"));
}

TEST(Grn, RefusesIncompleteData) {
  GrnData d = SampleGrn(1);
  d.number.clear();
  auto r = RenderGrn(d, {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalid);
  EXPECT_EQ(r.status().errors().at(0).field, "number");

  d = SampleGrn(1);
  d.lines.clear();
  r = RenderGrn(d, {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().errors().at(0).field, "lines");

  d = SampleGrn(1);
  d.qr_payload.assign(kQrMaxPayloadBytes + 1, 'x');
  r = RenderGrn(d, {});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalid);
  EXPECT_EQ(r.status().errors().at(0).field, "qr_payload");

  PrintOptions bad;
  bad.font_bold_path = "/nonexistent-bold.ttf";
  r = RenderGrn(SampleGrn(1), bad);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalid);
}

}  // namespace
}  // namespace zapas::printing
