// Helpers for tests that check PDFs with the real tools (poppler-utils, qpdf,
// zbar-tools, mupdf-tools): a temporary directory, running a command, reading a
// PGM image, decoding a QR code, rendering sample documents for a test.
#pragma once

#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "printing/pdf_document.h"

namespace zapas::printing::testing {

struct CommandResult {
  int exit_code = -1;
  std::string out;  // standard output
  std::string err;  // standard error, kept only by RunToolKeepingErrors
};

// A path quoted for the shell (paths here never hold a quote).
inline std::string Quote(const std::string& path) { return "'" + path + "'"; }

// Runs `command` through the shell; its standard error goes to `err_to`.
inline CommandResult RunCommand(const std::string& command, const std::string& err_to) {
  CommandResult r;
  FILE* p = popen((command + " 2>" + err_to).c_str(), "r");
  if (p == nullptr) return r;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  const int status = pclose(p);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

// Runs `command`, discarding its standard error.
inline CommandResult RunTool(const std::string& command) {
  return RunCommand(command, "/dev/null");
}

// True when `tool` is on PATH; tests fail (not skip) without it, since
// scripts/install-deps.sh provides every tool they use.
inline bool HaveTool(const std::string& tool) {
  return RunTool("command -v " + tool + " >/dev/null").exit_code == 0;
}
#define ZAPAS_REQUIRE_TOOL(tool) \
  ASSERT_TRUE(HaveTool(tool)) << tool << " not found: run scripts/install-deps.sh"

// A fresh directory under the system's temporary directory, removed at exit
// of the test unless ZAPAS_KEEP_TEST_FILES is set.
class TempDir {
 public:
  TempDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "zapas-printing-XXXXXX").string();
    std::vector<char> buf(pattern.begin(), pattern.end());
    buf.push_back('\0');
    if (mkdtemp(buf.data()) != nullptr) path_ = buf.data();
  }
  ~TempDir() {
    if (!path_.empty() && std::getenv("ZAPAS_KEEP_TEST_FILES") == nullptr) {
      std::error_code ec;
      std::filesystem::remove_all(path_, ec);
    }
  }
  std::string File(const std::string& name) const { return path_ + "/" + name; }
  std::string Write(const std::string& name, const std::string& bytes) const {
    std::ofstream(File(name), std::ios::binary) << bytes;
    return File(name);
  }

 private:
  std::string path_;
};

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Runs `command` and keeps its standard error in `err` (through a file in
// `dir`), for checks that a tool printed no warning.
inline CommandResult RunToolKeepingErrors(const std::string& command, const TempDir& dir) {
  const std::string err_file = dir.File("stderr.txt");
  CommandResult r = RunCommand(command, Quote(err_file));
  r.err = ReadFile(err_file);
  return r;
}

// A binary PGM (P5, maxval 255) as written by `pdftoppm -gray`.
struct Gray {
  int width = 0;
  int height = 0;
  std::vector<unsigned char> pixels;  // row-major, 0 black .. 255 white

  // Pixels darker than `threshold` inside [x0, x1) x [y0, y1) (clipped).
  int DarkPixels(int x0, int y0, int x1, int y1, int threshold = 128) const {
    int n = 0;
    for (int y = std::max(0, y0); y < std::min(height, y1); ++y) {
      for (int x = std::max(0, x0); x < std::min(width, x1); ++x) {
        if (pixels[static_cast<size_t>(y) * width + x] < threshold) ++n;
      }
    }
    return n;
  }
};

inline bool ReadPgm(const std::string& path, Gray* image) {
  const std::string data = ReadFile(path);
  std::istringstream in(data);
  std::string magic;
  int maxval = 0;
  in >> magic >> image->width >> image->height >> maxval;
  if (magic != "P5" || maxval != 255 || image->width <= 0 || image->height <= 0) return false;
  in.get();  // the single whitespace after the header
  const size_t size = static_cast<size_t>(image->width) * image->height;
  const size_t offset = static_cast<size_t>(in.tellg());
  if (data.size() < offset + size) return false;
  image->pixels.assign(data.begin() + static_cast<long>(offset),
                       data.begin() + static_cast<long>(offset + size));
  return true;
}

inline int PageCount(const std::string& pdf_path) {
  const CommandResult r = RunTool("pdfinfo '" + pdf_path + "'");
  const size_t at = r.out.find("Pages:");
  if (at == std::string::npos) return -1;
  return std::atoi(r.out.c_str() + at + 6);
}

// The QR code on page `page` of a PDF, as zbarimg (zbar-tools) reads it from
// a rendering by `pdftoppm -gray -r 150` (a PGM): the payload exactly, or ""
// when no code is found. `dir` receives the image.
inline std::string DecodeQr(const std::string& pdf_path, int page, const TempDir& dir) {
  const std::string image = dir.File("qr-page-" + std::to_string(page));
  const std::string p = std::to_string(page);
  if (RunTool("pdftoppm -gray -r 150 -singlefile -f " + p + " -l " + p + " '" + pdf_path + "' '" +
              image + "'")
          .exit_code != 0) {
    return "";
  }
  CommandResult r = RunTool("zbarimg --raw -q -Sdisable -Sqrcode.enable '" + image + ".pgm'");
  if (r.exit_code != 0) return "";
  if (!r.out.empty() && r.out.back() == '\n') r.out.pop_back();  // zbarimg ends the symbol with one
  return r.out;
}

// `pdftotext -layout` of a PDF, or of pages first..last when first > 0.
inline std::string Text(const std::string& path, int first = 0, int last = 0) {
  std::string range;
  if (first > 0) range = " -f " + std::to_string(first) + " -l " + std::to_string(last);
  return RunTool("pdftotext -layout" + range + " " + path + " -").out;
}

inline bool Contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// The time the sample documents are printed at: 2026-11-26T08:00:00Z, as
// waybill_sample prints them.
inline constexpr int64_t kSampleTime = 1795680000;

// Print options that make the same data print the same bytes.
inline PrintOptions Deterministic() {
  PrintOptions o;
  o.fixed_time = kSampleTime;
  return o;
}

// A fixture for tests over a table of documents. `Document` has a `name` and
// a `render` (PrintOptions to Result<std::string>); SetUp renders the test's
// document once with Deterministic() options into bytes_ and writes it to
// <name>.pdf in dir_, at path_.
template <typename Document>
class RenderedDocumentTest : public ::testing::TestWithParam<Document> {
 protected:
  void SetUp() override {
    auto pdf = this->GetParam().render(Deterministic());
    ASSERT_TRUE(pdf.ok()) << pdf.status().message();
    bytes_ = std::move(pdf).value();
    path_ = dir_.Write(std::string(this->GetParam().name) + ".pdf", bytes_);
  }
  TempDir dir_;
  std::string bytes_;
  std::string path_;
};

}  // namespace zapas::printing::testing
