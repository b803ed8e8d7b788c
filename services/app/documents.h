// Printed documents built from stored records: what the HTTP endpoints and
// `zapas print` share.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "domain/catalog.h"
#include "domain/stock_index.h"
#include "persistence/repository.h"
#include "printing/pdf_document.h"

namespace zapas {

// The organisation that issues documents, and how they are printed.
struct DocumentSettings {
  std::string org_name = "Волонтерський кластер «Запас»";
  std::string org_edrpou;    // ЄДРПОУ code, printed when given
  std::string iati_id;       // IATI organisation identifier (services/app/standards_export.h)
  std::string font_regular;  // TrueType paths; empty: the build's default
  std::string font_bold;
  std::optional<int64_t> fixed_time;  // fixes the PDF dates (same data, same bytes)
};

// How the documents are printed (fonts, fixed dates) under `settings`.
printing::PrintOptions PrintOptionsOf(const DocumentSettings& settings);

// Who a printed document is for: whether it may carry personal data
// (SeesPersonalData), and, when it does, the recipient whose personal data it
// printed — to be logged (Repository::LogPersonalRead) before the bytes leave.
struct PrintedFor {
  bool personal = false;  // in: the reader may see personal data
  bool contents = false;  // in: list under each kit the component lots it holds
  int32_t read_of = 0;    // out: the recipient whose personal data was printed, or 0
};

// The waybill of delivery `id` (the transfer act for a military unit) as PDF.
// Personal data (who received it; an IDP household's name) is printed only
// when `who.personal`; otherwise the household is named by its kind and code
// and the receiver's line stays blank to be signed. kNotFound when there is
// no such delivery.
Result<std::string> WaybillPdf(Repository& repo, const Catalog& catalog, int64_t id,
                               const DocumentSettings& settings, PrintedFor& who);

// The goods received note of receipt `id` as PDF. kNotFound when there is no
// such receipt.
Result<std::string> GrnPdf(Repository& repo, const Catalog& catalog, int64_t id,
                           const DocumentSettings& settings);

// A period report's parameters.
struct ReportRequest {
  Date from = Date::FromDays(0);
  Date to = Date::FromDays(0);
  const Currency* currency = nullptr;  // the report currency
  std::string language = "en";         // "en" or "uk": the donor report's language
  // At an alliance's hub, ?site=: only what that site recorded ("" for all).
  std::string site;
};

// The donor's report for a period as PDF (services/app/donor_report.cc): money
// received, spent by purpose and remaining; goods received by category and
// delivered by recipient kind and region, with households and people reached;
// monthly deliveries as a bar chart; remaining stock with expiry. Aggregates
// only: no recipient's personal data. kNotFound for an unknown donor.
Result<std::string> DonorReportPdf(Repository& repo, const Catalog& catalog,
                                   const StockIndex& index, const std::string& donor_code,
                                   const ReportRequest& request, const DocumentSettings& settings);

// The donor report's headline figures as JSON, for the donor's home screen:
// {"donor", "from", "to", "currency", "received", "spent", "remaining" (Money
// in the report currency, as booked), "delivered" (Money per currency of the
// goods' value), "deliveries", "households", "people", "organisations"}.
Result<std::string> DonorSummaryJson(Repository& repo, const Catalog& catalog,
                                     const std::string& donor_code, const ReportRequest& request);

// The treasurer's audit report for a period as PDF (services/app/audit_report.cc):
// the reconciliation tables, every journal entry of the period with its hash,
// and the journal's head hash.
Result<std::string> AuditReportPdf(Repository& repo, const Catalog& catalog,
                                   const StockIndex& index, const ReportRequest& request,
                                   const DocumentSettings& settings);

// Reads from, to (required), currency (default `default_currency`) and lang
// (en|uk) from a query; kInvalid naming the field.
Result<ReportRequest> ParseReportRequest(const std::map<std::string, std::string>& query,
                                         const std::string& default_currency);

}  // namespace zapas
