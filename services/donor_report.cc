// The donor's report as PDF.
#include "services/documents.h"

namespace zapas {

Result<std::string> DonorReportPdf(Repository&, const Catalog& catalog, const StockIndex&,
                                   const std::string& donor_code, const ReportRequest&,
                                   const DocumentSettings&) {
  if (catalog.DonorByCode(donor_code) == nullptr) return Status::NotFound("no donor " + donor_code);
  return Status::Internal("the donor report is not built yet");
}

}  // namespace zapas
