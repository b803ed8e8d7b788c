// Exports for independent checking.
#include "services/api.h"

namespace zapas {

Result<Reply> Api::ExportJournal(Call&) {
  return Status::Internal("the journal export is not built yet");
}

}  // namespace zapas
