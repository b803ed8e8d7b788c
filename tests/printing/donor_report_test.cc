// The donor report and its bar chart, checked with pdftotext, pdftoppm and
// qpdf. With ZAPAS_DONOR_REPORT_SAMPLE=FILE.pdf the sample report is also
// written there (ZAPAS_DONOR_REPORT_SAMPLE_UK: the Ukrainian one);
// docs/donor-report-sample.png is the English one's first page:
//   ZAPAS_DONOR_REPORT_SAMPLE=/tmp/d.pdf ./build/tests/printing/printing_tests
//       --gtest_filter='DonorReport.*'
//   pdftoppm -png -r 80 -f 1 -l 1 -singlefile /tmp/d.pdf docs/donor-report-sample
#include "printing/donor_report.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "printing/format.h"
#include "tests/printing/pdf_tools.h"
#include "tests/printing/sample_donor_report.h"

namespace zapas::printing {
namespace {

using testing::Contains;
using testing::Gray;
using testing::HaveTool;
using testing::PageCount;
using testing::ReadPgm;
using testing::RunTool;
using testing::SampleDonorReport;
using testing::TempDir;

constexpr int64_t kFixedTime = 1798790400;  // 2027-01-01T08:00:00Z

PrintOptions Deterministic() {
  PrintOptions o;
  o.fixed_time = kFixedTime;
  return o;
}

std::string Text(const std::string& path) {
  return RunTool("pdftotext -layout " + path + " -").out;
}

// Whitespace folded, for phrases that may wrap or be spaced out.
std::string Flat(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == ' ' || c == '\n' || c == '\r' || c == '\f') {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

// ---- the bar chart ----

// A page with one chart at a known place; the page rendered at 72 dpi, so a
// pixel is a point (y counted from the top).
struct ChartPage {
  Gray image;
  float page_height = 0;
};

constexpr float kChartX = 60, kChartTop = 700, kChartW = 420, kChartH = 200;

ChartPage RenderChart(const std::vector<ChartBar>& bars, const TempDir& dir) {
  ChartPage out;
  auto doc = PdfDocument::Create({"chart", "chart", "C-1"}, Deterministic());
  EXPECT_TRUE(doc.ok()) << doc.status().message();
  if (!doc.ok()) return out;
  out.page_height = (*doc)->page_height();
  BarChartStyle style;
  style.axis_caption = "EUR";
  DrawBarChart(**doc, kChartX, kChartTop, kChartW, kChartH, bars, style);
  auto pdf = (*doc)->Save();
  EXPECT_TRUE(pdf.ok()) << pdf.status().message();
  if (!pdf.ok()) return out;
  const std::string path = dir.Write("chart.pdf", *pdf);
  EXPECT_EQ(RunTool("pdftoppm -gray -r 72 -singlefile " + path + " " + dir.File("chart")).exit_code,
            0);
  EXPECT_TRUE(ReadPgm(dir.File("chart.pgm"), &out.image));
  return out;
}

// Dark pixels in the middle of bar slot `i` of `n` (the plot spans the
// chart's width less the value axis), between two heights above the chart's
// bottom, in points.
int InkInSlot(const ChartPage& page, int i, int n, float from_bottom, float to_bottom) {
  // The value axis takes at most 40 points on the left.
  const float plot_left = kChartX + 40, plot_w = kChartW - 40;
  const float slot = plot_w / static_cast<float>(n);
  const float cx = plot_left + slot * (static_cast<float>(i) + 0.5f);
  const float bottom_y =
      page.page_height - (kChartTop - kChartH);  // image row of the chart's bottom
  return page.image.DarkPixels(static_cast<int>(cx - 4), static_cast<int>(bottom_y - to_bottom),
                               static_cast<int>(cx + 4), static_cast<int>(bottom_y - from_bottom),
                               200);
}

TEST(DonorReportChart, BarsAreDrawnInProportionToTheirValues) {
  ZAPAS_REQUIRE_TOOL("pdftoppm");
  TempDir dir;
  const ChartPage page =
      RenderChart({{"Jul", 0, ""}, {"Aug", 50, "50"}, {"Sep", 100, "100"}, {"Oct", 25, "25"}}, dir);
  ASSERT_GT(page.image.width, 0);
  // A bar is ink from the baseline up to its height: the 100 bar is solid high
  // up where the 50 bar has already ended; the empty month has no bar at all.
  EXPECT_GT(InkInSlot(page, 2, 4, 40, 120), 8 * 60) << "the tallest bar";
  EXPECT_GT(InkInSlot(page, 1, 4, 40, 60), 8 * 15) << "the 50 bar, low down";
  EXPECT_EQ(InkInSlot(page, 1, 4, 130, 150), 0) << "above the 50 bar";
  EXPECT_EQ(InkInSlot(page, 0, 4, 30, 150), 0) << "a month without deliveries";
  const int tall = InkInSlot(page, 2, 4, 22, 200);
  const int half = InkInSlot(page, 1, 4, 22, 200);
  const int quarter = InkInSlot(page, 3, 4, 22, 200);
  EXPECT_GT(tall, half);
  EXPECT_GT(half, quarter);
  EXPECT_GT(quarter, 0);
  // Nothing is drawn outside the chart's box.
  const int above = page.image.DarkPixels(0, 0, page.image.width,
                                          static_cast<int>(page.page_height - kChartTop) - 2);
  EXPECT_EQ(above, 0);
}

TEST(DonorReportChart, LabelsAndValuesAreText) {
  ZAPAS_REQUIRE_TOOL("pdftotext");
  TempDir dir;
  auto doc = PdfDocument::Create({"chart", "chart", "C-1"}, Deterministic());
  ASSERT_TRUE(doc.ok());
  BarChartStyle style;
  style.axis_caption = "Value delivered, EUR";
  DrawBarChart(**doc, 60, 700, 420, 200,
               {{"Nov\n2026", 1250.5, "1 251"}, {"Dec", 3400, "3 400"}, {"Jan\n2027", 90, "90"}},
               style);
  auto pdf = (*doc)->Save();
  ASSERT_TRUE(pdf.ok());
  const std::string text = Flat(Text(dir.Write("chart.pdf", *pdf)));
  for (const char* s : {"Value delivered, EUR", "Nov", "Dec", "Jan", "2026", "2027", "1 251",
                        "3 400", "90", "4 000", "2 000", "0"}) {
    EXPECT_TRUE(Contains(text, s)) << s << " in\n" << text;
  }
}

TEST(DonorReportChart, AnEmptyChartSaysSoAndDrawsNoBars) {
  ZAPAS_REQUIRE_TOOL("pdftoppm");
  TempDir dir;
  const ChartPage page = RenderChart({{"Jul", 0, ""}, {"Aug", 0, ""}}, dir);
  ASSERT_GT(page.image.width, 0);
  EXPECT_EQ(InkInSlot(page, 0, 2, 20, 80), 0);
  EXPECT_EQ(InkInSlot(page, 1, 2, 20, 80), 0);
  auto doc = PdfDocument::Create({"chart", "chart", "C-1"}, Deterministic());
  ASSERT_TRUE(doc.ok());
  DrawBarChart(**doc, 60, 700, 420, 200, {{"Jul", 0, ""}}, BarChartStyle{});
  auto pdf = (*doc)->Save();
  ASSERT_TRUE(pdf.ok());
  EXPECT_TRUE(Contains(Text(dir.Write("empty.pdf", *pdf)), "no data"));
}

TEST(DonorReportChart, ManyBarsFitTheirBox) {
  ZAPAS_REQUIRE_TOOL("pdftoppm");
  TempDir dir;
  std::vector<ChartBar> bars;
  for (int i = 0; i < 24; ++i) {
    bars.push_back({ShortMonthName(i % 12 + 1, ReportLanguage::kEnglish) + "\n2026",
                    1000.0 * (i % 5 + 1), std::to_string(1000 * (i % 5 + 1))});
  }
  const ChartPage page = RenderChart(bars, dir);
  ASSERT_GT(page.image.width, 0);
  // Every bar has ink; nothing spills right of the box.
  for (int i = 0; i < 24; ++i) EXPECT_GT(InkInSlot(page, i, 24, 30, 40), 0) << "bar " << i;
  const int right_of_box =
      page.image.DarkPixels(static_cast<int>(kChartX + kChartW) + 2, 0, page.image.width,
                            static_cast<int>(page.page_height) - 60);
  EXPECT_EQ(right_of_box, 0);
}

// ---- the report ----

TEST(DonorReport, EnglishReportCarriesEverySection) {
  ZAPAS_REQUIRE_TOOL("pdftotext");
  ZAPAS_REQUIRE_TOOL("qpdf");
  TempDir dir;
  auto pdf = RenderDonorReport(SampleDonorReport(), Deterministic());
  ASSERT_TRUE(pdf.ok()) << pdf.status().message();
  const std::string path = dir.Write("donor.pdf", *pdf);
  if (const char* sample = std::getenv("ZAPAS_DONOR_REPORT_SAMPLE")) {
    std::ofstream(sample, std::ios::binary) << *pdf;
  }
  const std::string text = Flat(Text(path));
  for (const char* s :
       {"Donor report",
        "Ukraine-Hilfe Berlin e.V.",
        "Period: 1 July 2026 – 31 December 2026",
        "Currency: EUR",
        "MONEY RECEIVED",
        "45 000.00",
        "38 762.40",
        "18 637.60",
        "12 400.00",
        "Spending by purpose",
        "Генератори 5 кВт для лікарень Харківщини, 4 шт.",
        "16 480.00",
        "Goods received in kind, by category",
        "Medical",
        "Non-food: shelter",
        "61 250.00",
        "Deliveries by recipient kind and region",
        "IDP households",
        "Military units",
        "Харківська область",
        "48 310.75",
        "Reached in the period: 355 IDP households (1 027 people) and 9 organisations",
        "Deliveries per month",
        "Jul",
        "Dec",
        "11 874",
        "Stock remaining on 31 December 2026",
        "Food kit (1 family, 7 days)",
        "FK-2026-09",
        "15.02.2027",
        "expires soon",
        "85 set",
        "2 125.00 EUR",
        "no personal data",
        "page 1 of"}) {
    EXPECT_TRUE(Contains(text, s)) << s << " in\n" << text;
  }
  // Ukrainian labels stay out of an English report (the data's own text aside).
  EXPECT_FALSE(Contains(text, "Звіт для донора"));
  EXPECT_FALSE(Contains(text, "Отримано"));
  EXPECT_EQ(RunTool("qpdf --check " + path).exit_code, 0);
}

TEST(DonorReport, UkrainianReportHasUkrainianLabels) {
  ZAPAS_REQUIRE_TOOL("pdftotext");
  TempDir dir;
  auto pdf = RenderDonorReport(SampleDonorReport(ReportLanguage::kUkrainian), Deterministic());
  ASSERT_TRUE(pdf.ok()) << pdf.status().message();
  if (const char* sample = std::getenv("ZAPAS_DONOR_REPORT_SAMPLE_UK")) {
    std::ofstream(sample, std::ios::binary) << *pdf;
  }
  const std::string text = Flat(Text(dir.Write("donor-uk.pdf", *pdf)));
  for (const char* s : {"Звіт для донора", "Період: з 01.07.2026 по 31.12.2026", "ОТРИМАНО КОШТІВ",
                        "45 000,00", "Витрати за призначенням", "Отримані товари за категоріями",
                        "Медичне", "Непродовольчі товари: укриття", "Домогосподарства ВПО",
                        "Військові частини", "355 домогосподарств ВПО (1 027 осіб)",
                        "Передано за місяцями", "лип", "Залишки на складах на 31.12.2026",
                        "Продуктовий набір", "85 компл.", "не містить персональних даних"}) {
    EXPECT_TRUE(Contains(text, s)) << s << " in\n" << text;
  }
  EXPECT_FALSE(Contains(text, "Donor report"));
  EXPECT_FALSE(Contains(text, "Food kit"));
}

TEST(DonorReport, ALongStockListContinuesOnFurtherPages) {
  ZAPAS_REQUIRE_TOOL("pdftotext");
  TempDir dir;
  DonorReportData d = SampleDonorReport();
  const DonorReportStockLine line = d.stock.front();
  for (int i = 0; i < 80; ++i) {
    d.stock.push_back(line);
    d.stock.back().lot = "LOT-" + std::to_string(1000 + i);
  }
  auto pdf = RenderDonorReport(d, Deterministic());
  ASSERT_TRUE(pdf.ok()) << pdf.status().message();
  const std::string path = dir.Write("long.pdf", *pdf);
  const int pages = PageCount(path);
  EXPECT_GE(pages, 3);
  const std::string text = Flat(Text(path));
  EXPECT_TRUE(Contains(text, "LOT-1079")) << text;
  EXPECT_TRUE(Contains(text, "(continued)"));
  EXPECT_TRUE(Contains(text, "page " + std::to_string(pages) + " of " + std::to_string(pages)));
}

TEST(DonorReport, AnEmptyPeriodSaysSo) {
  ZAPAS_REQUIRE_TOOL("pdftotext");
  TempDir dir;
  DonorReportData d = SampleDonorReport();
  d.purposes.clear();
  d.categories.clear();
  d.deliveries.clear();
  d.stock.clear();
  d.households = d.organisations = 0;
  d.people = 0;
  for (ChartBar& b : d.monthly) {
    b.value = 0;
    b.value_text.clear();
  }
  auto pdf = RenderDonorReport(d, Deterministic());
  ASSERT_TRUE(pdf.ok()) << pdf.status().message();
  const std::string text = Flat(Text(dir.Write("empty.pdf", *pdf)));
  for (const char* s :
       {"No payments were made from the donor's funds in this period.",
        "No goods of the donor were delivered in this period.", "nothing delivered in this period",
        "None of the donor's goods remain in stock.",
        "0 IDP households (0 people) and 0 organisations"}) {
    EXPECT_TRUE(Contains(text, s)) << s << " in\n" << text;
  }
}

TEST(DonorReport, ANameIsRequired) {
  DonorReportData d = SampleDonorReport();
  d.donor_name.clear();
  auto pdf = RenderDonorReport(d, Deterministic());
  ASSERT_FALSE(pdf.ok());
  EXPECT_EQ(pdf.status().code(), StatusCode::kInvalid);
}

}  // namespace
}  // namespace zapas::printing
