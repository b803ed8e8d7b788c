// The endpoints that take or give files: the CSV import, the hledger
// journal, and the catalogue, HXL and IATI exports.
#include "services/app/export.h"
#include "services/app/import.h"
#include "services/app/standards_export.h"
#include "services/clock.h"
#include "services/http/api.h"

namespace zapas {

Result<Reply> Api::ExportItems(Call&) {
  ZAPAS_ASSIGN_OR_RETURN(auto conn, store_.Reader());
  ZAPAS_ASSIGN_OR_RETURN(std::string csv, ItemsCsv(*conn));
  return Reply{200, std::move(csv), "text/csv; charset=utf-8"};
}

Result<Reply> Api::ExportHxl(Call& c) {
  ZAPAS_ASSIGN_OR_RETURN(ExportPeriod period, ParseExportPeriod(c.request.query));
  ZAPAS_ASSIGN_OR_RETURN(auto conn, store_.Reader());
  ZAPAS_ASSIGN_OR_RETURN(std::string csv, HxlDistributions(*conn, period));
  return Reply{200, std::move(csv), "text/csv; charset=utf-8"};
}

Result<Reply> Api::ExportIati(Call& c) {
  ZAPAS_ASSIGN_OR_RETURN(ExportPeriod period, ParseExportPeriod(c.request.query));
  std::string donor;
  if (auto it = c.request.query.find("donor"); it != c.request.query.end()) donor = it->second;
  ZAPAS_ASSIGN_OR_RETURN(auto conn, store_.Reader());
  ZAPAS_ASSIGN_OR_RETURN(std::string xml,
                         IatiActivities(*conn, period, donor, IatiPublisherOf(documents_)));
  return Reply{200, std::move(xml), "application/xml; charset=utf-8"};
}
Result<Reply> Api::ImportFile(Call& c) {
  // The route table has one route per kind, with the roles that may create
  // that kind; the kind is the path's last segment.
  const std::string& path = c.request.path;
  auto kind = ParseImportKind(std::string_view(path).substr(path.rfind('/') + 1));
  if (!kind) return Status::Internal("an import route of no known kind: " + path);
  auto dry = c.request.query.find("dry_run");
  const bool dry_run =
      dry != c.request.query.end() && (dry->second == "1" || dry->second == "true");
  ZAPAS_ASSIGN_OR_RETURN(ImportJob job, PrepareImport(*kind, c.request.body, dry_run));
  return Write(c, std::move(job.work));
}
Result<Reply> Api::ExportJournal(Call& c) {
  Date to = Today();
  if (auto it = c.request.query.find("to"); it != c.request.query.end()) {
    auto d = Date::Parse(it->second);
    if (!d.ok()) return Status::Field("to", d.status().message());
    to = *d;
  }
  ZAPAS_ASSIGN_OR_RETURN(auto conn, store_.Reader());
  ZAPAS_ASSIGN_OR_RETURN(std::string journal, HledgerJournal(*conn, to));
  return Reply{200, std::move(journal), "text/plain; charset=utf-8"};
}
}  // namespace zapas
