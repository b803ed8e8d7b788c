// The endpoints of the printed documents (waybill, goods received note, donor
// and audit reports) and of the reconciliation report: each parses its
// request, builds what services/app/ makes of the books, and answers it.
#include "services/app/documents.h"
#include "services/app/reports.h"
#include "services/http/api.h"

namespace zapas {

Result<Reply> Api::DonorReport(Call& c) {
  // {code}.pdf is the report; {code}.json its headline figures.
  std::string code = c.params.at(0);
  const size_t dot = code.rfind('.');
  const std::string suffix = dot == std::string::npos ? "" : code.substr(dot);
  if (dot == 0 || (suffix != ".pdf" && suffix != ".json")) {
    return Status::NotFound("no such resource: " + c.request.path);
  }
  code.resize(dot);
  // A donor sees its own report only.
  if (c.who.role == Role::kDonor && c.who.donor_code != code) {
    return Status::Forbidden("a donor may read its own report only");
  }
  std::string default_currency = "UAH";
  ZAPAS_RETURN_IF_ERROR(store_.Read([&](const Catalog& catalog, const StockIndex&) {
    const Donor* d = catalog.DonorByCode(code);
    if (d == nullptr) return Status::NotFound("no donor " + code);
    default_currency = std::string(d->currency->code);
    return Status::Ok();
  }));
  ZAPAS_ASSIGN_OR_RETURN(ReportRequest request,
                         ParseReportRequest(c.request.query, default_currency));
  ZAPAS_ASSIGN_OR_RETURN(auto conn, store_.Reader());
  if (suffix == ".json") {
    ZAPAS_ASSIGN_OR_RETURN(std::string json,
                           store_.Read([&](const Catalog& catalog, const StockIndex&) {
                             return DonorSummaryJson(*conn, catalog, code, request);
                           }));
    return Reply{200, std::move(json)};
  }
  ZAPAS_ASSIGN_OR_RETURN(std::string pdf,
                         store_.Read([&](const Catalog& catalog, const StockIndex& index) {
                           return DonorReportPdf(*conn, catalog, index, code, request, documents_);
                         }));
  return Reply{200, std::move(pdf), "application/pdf"};
}

Result<Reply> Api::AuditReport(Call& c) {
  ZAPAS_ASSIGN_OR_RETURN(ReportRequest request, ParseReportRequest(c.request.query, "UAH"));
  ZAPAS_ASSIGN_OR_RETURN(auto conn, store_.Reader());
  ZAPAS_ASSIGN_OR_RETURN(std::string pdf,
                         store_.Read([&](const Catalog& catalog, const StockIndex& index) {
                           return AuditReportPdf(*conn, catalog, index, request, documents_);
                         }));
  return Reply{200, std::move(pdf), "application/pdf"};
}

Result<Reply> Api::DeliveryWaybill(Call& c) {
  ZAPAS_ASSIGN_OR_RETURN(int64_t id, PathId(c.params.at(0), "delivery"));
  ZAPAS_ASSIGN_OR_RETURN(auto conn, store_.Reader());
  ZAPAS_RETURN_IF_ERROR(CheckEntryInScope(c, *conn, id));
  PrintedFor who{SeesPersonalData(c.who.role)};
  auto contents = c.request.query.find("contents");
  who.contents =
      contents != c.request.query.end() && contents->second != "0" && contents->second != "false";
  ZAPAS_ASSIGN_OR_RETURN(std::string pdf,
                         store_.Read([&](const Catalog& catalog, const StockIndex&) {
                           return WaybillPdf(*conn, catalog, id, documents_, who);
                         }));
  // No log, no document: the read is recorded before the bytes leave.
  if (who.read_of != 0) ZAPAS_RETURN_IF_ERROR(LogPersonalReads(c.who, {who.read_of}));
  return Reply{200, std::move(pdf), "application/pdf"};
}

Result<Reply> Api::ReceiptGrn(Call& c) {
  ZAPAS_ASSIGN_OR_RETURN(int64_t id, PathId(c.params.at(0), "receipt"));
  ZAPAS_ASSIGN_OR_RETURN(auto conn, store_.Reader());
  ZAPAS_RETURN_IF_ERROR(CheckEntryInScope(c, *conn, id));
  ZAPAS_ASSIGN_OR_RETURN(std::string pdf,
                         store_.Read([&](const Catalog& catalog, const StockIndex&) {
                           return GrnPdf(*conn, catalog, id, documents_);
                         }));
  return Reply{200, std::move(pdf), "application/pdf"};
}
Result<Reply> Api::ReconciliationReport(Call& c) {
  ZAPAS_ASSIGN_OR_RETURN(ReconciliationPeriod period, ParseReconciliationQuery(c.request.query));
  // Stock comes from the in-memory index, under the store's shared lock.
  const UndistributedSource stock = [this](Date to) {
    return store_.Read([&](const Catalog& catalog, const StockIndex& index) {
      return Undistributed(catalog, index, to);
    });
  };
  ZAPAS_ASSIGN_OR_RETURN(auto conn, store_.Reader());
  ZAPAS_ASSIGN_OR_RETURN(std::string body, ReconciliationReportJson(*conn, period, stock));
  return Reply{200, std::move(body)};
}
}  // namespace zapas
