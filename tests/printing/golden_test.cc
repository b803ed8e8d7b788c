// Golden tests: the sample documents, rendered with a fixed time, print the
// same bytes every time, their text as `pdftotext -layout` reads it is exactly
// the expected text in tests/data/golden/<name>.txt, and `qpdf --check` finds
// no error in them.
//
// A change in what a document prints shows as a unified diff (diff -u, the
// expected file against today's text) in the failure message. When the change
// is intended, regenerate the expected files and commit them with it:
//
//   ZAPAS_UPDATE_GOLDEN=1 ./build/tests/printing/printing_tests --gtest_filter='Golden*'
//   git diff tests/data/golden/
//
// With ZAPAS_UPDATE_GOLDEN=1 the text tests rewrite tests/data/golden/*.txt
// instead of comparing (and say so on stdout); the byte and qpdf checks still
// run. Read the diff before committing: it is the review of the new output.
//
// Only pdftotext's standard output is compared; text_extraction_test.cc
// checks that it writes nothing on standard error. The text depends on
// poppler's layout and on the fonts (DejaVu Sans, printing/CMakeLists.txt),
// both pinned by scripts/install-deps.sh.
//
// ZAPAS_TEST_DATA (the source tree's tests/data) is defined by
// tests/printing/CMakeLists.txt for this file.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <ostream>
#include <sstream>
#include <string>

#include "printing/grn.h"
#include "printing/waybill.h"
#include "tests/printing/pdf_tools.h"
#include "tests/printing/sample_grn.h"
#include "tests/printing/sample_waybill.h"

namespace zapas::printing {
namespace {

using testing::Deterministic;
using testing::HaveTool;
using testing::Quote;
using testing::RunTool;

constexpr size_t kMaxDiffLines = 400;  // of the diff shown in a failure message

// One sample document: the name of its expected text file (without ".txt")
// and how to render it.
struct GoldenDocument {
  const char* name;
  std::function<Result<std::string>(const PrintOptions&)> render;
};

// What the golden files hold: the samples of tests/printing/sample_*.h, as
// waybill_sample prints them for docs/*-sample.png.
const GoldenDocument kDocuments[] = {
    // 80 lines over several pages: the table's repeated header, the footers.
    {"waybill", [](const PrintOptions& o) { return RenderWaybill(testing::SampleWaybill(), o); }},
    // The act for a military unit, with the commission and a QR code.
    {"transfer_act",
     [](const PrintOptions& o) {
       WaybillData d = testing::SampleTransferAct();
       d.qr_payload = testing::kSampleQrPayload;
       return RenderWaybill(d, o);
     }},
    // The goods received note, with remarks and a QR code.
    {"grn", [](const PrintOptions& o) { return RenderGrn(testing::SampleGrn(), o); }},
};

// How gtest names a parameter in its messages.
void PrintTo(const GoldenDocument& d, std::ostream* os) { *os << d.name; }

std::string GoldenPath(const std::string& name) {
  return std::string(ZAPAS_TEST_DATA) + "/golden/" + name + ".txt";
}

bool Updating() {
  const char* v = std::getenv("ZAPAS_UPDATE_GOLDEN");
  return v != nullptr && std::string(v) == "1";
}

// `diff -u` of the expected file against the actual text, cut at
// kMaxDiffLines lines.
std::string UnifiedDiff(const std::string& expected_path, const std::string& actual_path,
                        const std::string& name) {
  const std::string out = RunTool("diff -u --label " + Quote("tests/data/golden/" + name + ".txt") +
                                  " --label " + Quote("pdftotext -layout (now)") + " " +
                                  Quote(expected_path) + " " + Quote(actual_path))
                              .out;
  std::istringstream in(out);
  std::string line, shown;
  size_t lines = 0;
  while (std::getline(in, line)) {
    if (++lines <= kMaxDiffLines) shown += line + "\n";
  }
  if (lines > kMaxDiffLines) {
    shown += "... (" + std::to_string(lines - kMaxDiffLines) + " more diff lines; run `diff -u " +
             expected_path + " " + actual_path + "` with ZAPAS_KEEP_TEST_FILES=1)\n";
  }
  return shown;
}

class GoldenDocumentTest : public testing::RenderedDocumentTest<GoldenDocument> {};

TEST_P(GoldenDocumentTest, TwoRendersPrintTheSameBytes) {
  auto again = GetParam().render(Deterministic());
  ASSERT_TRUE(again.ok()) << again.status().message();
  ASSERT_EQ(again->size(), bytes_.size()) << "two renders differ in length";
  if (*again != bytes_) {
    size_t at = 0;
    while (at < bytes_.size() && (*again)[at] == bytes_[at]) ++at;
    const size_t from = at < 40 ? 0 : at - 40;
    FAIL() << "two renders differ first at byte " << at
           << ":\n  first:  " << ::testing::PrintToString(bytes_.substr(from, 80))
           << "\n  second: " << ::testing::PrintToString(again->substr(from, 80));
  }
  // The fixed time is the document's date, not the clock's.
  EXPECT_NE(bytes_.find("/CreationDate (D:20261126080000"), std::string::npos);
  EXPECT_NE(bytes_.find("/ModDate (D:20261126080000"), std::string::npos);
}

TEST_P(GoldenDocumentTest, PdftotextMatchesTheGoldenText) {
  ZAPAS_REQUIRE_TOOL("pdftotext");
  ZAPAS_REQUIRE_TOOL("diff");
  const testing::CommandResult text = RunTool("pdftotext -layout " + Quote(path_) + " -");
  ASSERT_EQ(text.exit_code, 0) << "pdftotext failed on " << path_;
  ASSERT_FALSE(text.out.empty());
  const std::string name = GetParam().name;
  const std::string golden = GoldenPath(name);

  if (Updating()) {
    std::filesystem::create_directories(std::filesystem::path(golden).parent_path());
    std::ofstream(golden, std::ios::binary | std::ios::trunc) << text.out;
    ASSERT_EQ(testing::ReadFile(golden), text.out) << "cannot write " << golden;
    std::printf("ZAPAS_UPDATE_GOLDEN=1: rewrote %s (%zu bytes)\n", golden.c_str(), text.out.size());
    return;
  }

  ASSERT_TRUE(std::filesystem::exists(golden))
      << golden << " is missing; make it with ZAPAS_UPDATE_GOLDEN=1 (see golden_test.cc)";
  const std::string expected = testing::ReadFile(golden);
  if (text.out != expected) {
    const std::string actual = dir_.Write(name + ".txt", text.out);
    FAIL() << "the text of " << name << " differs from " << golden << ":\n"
           << UnifiedDiff(golden, actual, name)
           << "If the change is intended, regenerate the expected text with "
              "ZAPAS_UPDATE_GOLDEN=1 (see tests/printing/golden_test.cc) and review git diff.";
  }
}

TEST_P(GoldenDocumentTest, QpdfCheckPasses) {
  ZAPAS_REQUIRE_TOOL("qpdf");
  const testing::CommandResult r = RunTool("qpdf --check " + Quote(path_));
  EXPECT_EQ(r.exit_code, 0) << "qpdf --check " << GetParam().name << ":\n" << r.out;
}

// "Golden/GoldenDocumentTest.QpdfCheckPasses/waybill": --gtest_filter='Golden*'
// runs them all.
INSTANTIATE_TEST_SUITE_P(Golden, GoldenDocumentTest, ::testing::ValuesIn(kDocuments),
                         [](const ::testing::TestParamInfo<GoldenDocument>& info) {
                           return std::string(info.param.name);
                         });

}  // namespace
}  // namespace zapas::printing
