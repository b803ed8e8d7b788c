// Every kind of document Zapas prints can be copied and searched in any
// reader: its fonts carry a ToUnicode map of the characters drawn with them
// (PdfDocument::Save). Two independent readers check it on the real PDF:
// poppler's pdftotext reads it without a single warning, and MuPDF's
// `mutool draw -F txt` reads the same words; both find the sample's Ukrainian
// words (і, ї, Ї, є, ґ, the apostrophe, capitals, digits). qpdf --check stays
// clean, and the maps are compressed like every other stream.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <iterator>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include "printing/audit_report.h"
#include "printing/donor_report.h"
#include "printing/grn.h"
#include "printing/pdf_document.h"
#include "printing/waybill.h"
#include "tests/printing/pdf_tools.h"
#include "tests/printing/sample_audit_report.h"
#include "tests/printing/sample_donor_report.h"
#include "tests/printing/sample_grn.h"
#include "tests/printing/sample_waybill.h"

namespace zapas::printing {
namespace {

using testing::Contains;
using testing::HaveTool;
using testing::Quote;
using testing::RunTool;
using testing::RunToolKeepingErrors;

// A page of every Ukrainian letter, in both fonts, with words that use the
// letters no sample document has (ґ, Ґ).
Result<std::string> RenderAlphabet(const PrintOptions& options) {
  ZAPAS_ASSIGN_OR_RETURN(auto doc, PdfDocument::Create({"Абетка", "Alphabet", "ABC-1"}, options));
  const TextStyle regular{FontWeight::kRegular, 12};
  doc->Paragraph("АБВГҐДЕЄЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЬЮЯ", regular.Bold());
  doc->Paragraph("абвгґдеєжзиіїйклмнопрстуфхцчшщьюя’'", regular);
  doc->Paragraph("Ґудзики на ґанку, їжак з'їв 12 яблук; Єнакієве, «Їжа» № 7", regular);
  doc->Paragraph("Ґудзики на ґанку, їжак з'їв 12 яблук; Єнакієве, «Їжа» № 7", regular.Bold());
  return doc->Save();
}

struct Document {
  const char* name;
  std::function<Result<std::string>(const PrintOptions&)> render;
  // Words both readers must find, as they stand in the document.
  std::vector<std::string> words;
};

const Document kDocuments[] = {
    {"waybill",
     [](const PrintOptions& o) { return RenderWaybill(testing::SampleWaybill(), o); },
     {"Київ,", "Їжак", "ЄДРПОУ", "Ізюмська", "пов'язкою", "Гігієнічний",
      "сім'ї:", "WB-2026-000004"}},
    {"transfer_act",
     [](const PrintOptions& o) {
       WaybillData d = testing::SampleTransferAct();
       d.qr_payload = testing::kSampleQrPayload;
       return RenderWaybill(d, o);
     },
     {"Їжакович", "А1234", "Ігнатенко", "м'ясні", "WB-2026-000005"}},
    {"grn",
     [](const PrintOptions& o) { return RenderGrn(testing::SampleGrn(), o); },
     {"Київ,", "ЄДРПОУ", "Їжак", "Німеччина", "пов'язкою", "GRN-2026-000031/1"}},
    {"donor_report",
     [](const PrintOptions& o) { return RenderDonorReport(testing::SampleDonorReport(), o); },
     {"«Запас»", "Харківщини,", "Київ", "Львівська", "2026/118"}},
    {"donor_report_uk",
     [](const PrintOptions& o) {
       return RenderDonorReport(testing::SampleDonorReport(ReportLanguage::kUkrainian), o);
     },
     {"«Запас»", "Харківщини,", "Генератори"}},
    {"audit_report",
     [](const PrintOptions& o) { return RenderAuditReport(testing::SampleAuditReport(24), o); },
     {"«Запас»", "Петренко", "Ї.", "(ПриватБанк)", "євро", "допомога", "SWIFT-переказ", "№"}},
    {"alphabet",
     RenderAlphabet,
     {"АБВГҐДЕЄЖЗИІЇЙКЛМНОПРСТУФХЦЧШЩЬЮЯ", "абвгґдеєжзиіїйклмнопрстуфхцчшщьюя’'", "Ґудзики",
      "ґанку,", "з'їв", "12", "Єнакієве,", "«Їжа»"}},
};

void PrintTo(const Document& d, std::ostream* os) { *os << d.name; }

// The words of a text: what stands between spaces, tabs, line and page breaks.
std::multiset<std::string> Words(const std::string& text) {
  std::multiset<std::string> words;
  std::string word;
  for (char c : text) {
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f') {
      if (!word.empty()) words.insert(word);
      word.clear();
    } else {
      word += c;
    }
  }
  if (!word.empty()) words.insert(word);
  return words;
}

class TextExtraction : public testing::RenderedDocumentTest<Document> {};

TEST_P(TextExtraction, PdftotextReadsItWithoutAWarning) {
  ZAPAS_REQUIRE_TOOL("pdftotext");
  const testing::CommandResult r = RunToolKeepingErrors("pdftotext " + Quote(path_) + " -", dir_);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "") << "pdftotext warned about " << GetParam().name;
  for (const std::string& word : GetParam().words) {
    EXPECT_TRUE(Contains(r.out, word)) << word << " not in pdftotext's text:\n" << r.out;
  }
}

TEST_P(TextExtraction, MutoolReadsTheSameWordsAsPdftotext) {
  ZAPAS_REQUIRE_TOOL("pdftotext");
  ZAPAS_REQUIRE_TOOL("mutool");
  const std::string poppler = RunTool("pdftotext " + Quote(path_) + " -").out;
  // Debian's mutool says "warning: ICC support is not available" on standard
  // error whatever the file; it is shown on failure only.
  const testing::CommandResult mupdf =
      RunToolKeepingErrors("mutool draw -q -F txt -o - " + Quote(path_), dir_);
  ASSERT_EQ(mupdf.exit_code, 0) << mupdf.err;
  for (const std::string& word : GetParam().words) {
    EXPECT_TRUE(Contains(mupdf.out, word)) << word << " not in mutool's text:\n" << mupdf.out;
  }
  const std::multiset<std::string> by_mutool = Words(mupdf.out), by_pdftotext = Words(poppler);
  std::vector<std::string> only_mutool, only_pdftotext;
  std::set_difference(by_mutool.begin(), by_mutool.end(), by_pdftotext.begin(), by_pdftotext.end(),
                      std::back_inserter(only_mutool));
  std::set_difference(by_pdftotext.begin(), by_pdftotext.end(), by_mutool.begin(), by_mutool.end(),
                      std::back_inserter(only_pdftotext));
  EXPECT_TRUE(only_mutool.empty() && only_pdftotext.empty())
      << "only mutool read: " << ::testing::PrintToString(only_mutool)
      << "\nonly pdftotext read: " << ::testing::PrintToString(only_pdftotext);
}

// The maps are in the file, compressed (no CMap text in the raw bytes), and
// qpdf, which decompresses every stream, finds no error. libharu's own map
// ("1 begincidrange <0000> <FFFF> 0") is gone.
TEST_P(TextExtraction, TheMapsAreCompressedAndQpdfFindsNoError) {
  ZAPAS_REQUIRE_TOOL("qpdf");
  EXPECT_FALSE(Contains(bytes_, "begincmap"));
  const testing::CommandResult check = RunTool("qpdf --check " + Quote(path_));
  EXPECT_EQ(check.exit_code, 0) << check.out;
  EXPECT_TRUE(Contains(check.out, "No syntax or stream encoding errors found")) << check.out;
  const std::string plain = dir_.File("plain.pdf");
  ASSERT_EQ(
      RunTool("qpdf --qdf --object-streams=disable " + Quote(path_) + " " + Quote(plain)).exit_code,
      0);
  const std::string text = testing::ReadFile(plain);
  EXPECT_TRUE(Contains(text, "/CMapName /Adobe-Identity-UCS def"));
  EXPECT_TRUE(Contains(text, "beginbfrange"));
  EXPECT_FALSE(Contains(text, "begincidrange"));
}

// "Printing/TextExtraction.MutoolReadsTheSameWordsAsPdftotext/waybill".
INSTANTIATE_TEST_SUITE_P(Printing, TextExtraction, ::testing::ValuesIn(kDocuments),
                         [](const ::testing::TestParamInfo<Document>& info) {
                           return std::string(info.param.name);
                         });

}  // namespace
}  // namespace zapas::printing
