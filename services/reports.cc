// The treasurer's reports.
#include "services/api.h"

namespace zapas {

Result<Reply> Api::ReconciliationReport(Call&) {
  return Status::Internal("the reconciliation report is not built yet");
}

}  // namespace zapas
