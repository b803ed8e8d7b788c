// The treasurer's audit report as PDF.
#include "services/documents.h"

namespace zapas {

Result<std::string> AuditReportPdf(Repository&, const Catalog&, const StockIndex&,
                                   const ReportRequest&, const DocumentSettings&) {
  return Status::Internal("the audit report is not built yet");
}

}  // namespace zapas
