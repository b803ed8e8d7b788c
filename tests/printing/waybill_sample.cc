// Writes the sample waybill (with --act the transfer act, with --grn the goods
// received note; --qr adds the sample QR code to a waybill or act) to a PDF
// file, deterministically. Used to refresh docs/waybill-sample.png,
// docs/act-sample.png and docs/grn-sample.png:
//   ./build/tests/printing/waybill_sample /tmp/w.pdf && pdftoppm -png -r 80 -f 1 -l 1 /tmp/w.pdf
//   docs/waybill-sample
//   ./build/tests/printing/waybill_sample /tmp/a.pdf --act --qr   (docs/act-sample)
//   ./build/tests/printing/waybill_sample /tmp/g.pdf --grn        (docs/grn-sample)
#include <cstdio>
#include <cstring>
#include <fstream>

#include "tests/printing/sample_grn.h"
#include "tests/printing/sample_waybill.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s OUT.pdf [--act | --grn] [--qr]\n", argv[0]);
    return 2;
  }
  bool act = false, grn = false, qr = false;
  for (int i = 2; i < argc; ++i) {
    act = act || std::strcmp(argv[i], "--act") == 0;
    grn = grn || std::strcmp(argv[i], "--grn") == 0;
    qr = qr || std::strcmp(argv[i], "--qr") == 0;
  }
  namespace testing = zapas::printing::testing;
  zapas::printing::PrintOptions options;
  options.fixed_time = 1795680000;  // 2026-11-26T08:00:00Z
  zapas::Result<std::string> pdf = zapas::Status::Internal("nothing rendered");
  if (grn) {
    pdf = zapas::printing::RenderGrn(testing::SampleGrn(), options);
  } else {
    zapas::printing::WaybillData data =
        act ? testing::SampleTransferAct() : testing::SampleWaybill();
    if (qr) data.qr_payload = testing::kSampleQrPayload;
    pdf = zapas::printing::RenderWaybill(data, options);
  }
  if (!pdf.ok()) {
    std::fprintf(stderr, "%s\n", pdf.status().message().c_str());
    return 1;
  }
  std::ofstream(argv[1], std::ios::binary) << *pdf;
  return 0;
}
