// Writes the sample waybill (and, with --act, the transfer act) to a PDF file,
// deterministically. Used to refresh docs/waybill-sample.png:
//   ./build/tests/printing/waybill_sample /tmp/w.pdf && pdftoppm -png -r 80 -f 1 -l 1 /tmp/w.pdf
//   docs/waybill-sample
#include <cstdio>
#include <cstring>
#include <fstream>

#include "tests/printing/sample_waybill.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s OUT.pdf [--act]\n", argv[0]);
    return 2;
  }
  const bool act = argc > 2 && std::strcmp(argv[2], "--act") == 0;
  zapas::printing::PrintOptions options;
  options.fixed_time = 1795680000;  // 2026-11-26T08:00:00Z
  auto pdf = zapas::printing::RenderWaybill(act ? zapas::printing::testing::SampleTransferAct()
                                                : zapas::printing::testing::SampleWaybill(),
                                            options);
  if (!pdf.ok()) {
    std::fprintf(stderr, "%s\n", pdf.status().message().c_str());
    return 1;
  }
  std::ofstream(argv[1], std::ios::binary) << *pdf;
  return 0;
}
