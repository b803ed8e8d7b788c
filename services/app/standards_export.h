// Exports in the formats donors and coordination platforms read:
//   - the catalogue as CSV in the import's own columns (a round trip);
//   - deliveries as HXL-tagged CSV (the Humanitarian Data Exchange);
//   - each donor's funds and goods as IATI 2.03 activities XML.
// Donor-facing exports carry aggregates only: kinds, regions, items, months
// and counts, never a recipient's name, code or personal data.
//
// Each reads one snapshot of the database. Thread-compatible (one Repository
// per call).
#pragma once

#include <map>
#include <string>

#include "persistence/repository.h"
#include "services/app/documents.h"

namespace zapas {

// The period of an export: ?from=&to= (or --from/--to), each optional; from
// defaults to the first day of 2000, to to today. kInvalid naming the field.
struct ExportPeriod {
  Date from = Date::FromDays(0);
  Date to = Date::FromDays(0);
  std::string site;  // at an alliance's hub, ?site=: that site's alone ("" for all)
};
Result<ExportPeriod> ParseExportPeriod(const std::map<std::string, std::string>& query);

// Every item, by SKU, with the header sku,name_uk,name_en,unit,category,expiry_tracked,gtins
// (the gtins cell as the import reads it: "GTIN=units;GTIN=units").
Result<std::string> ItemsCsv(Repository& repo);

// Deliveries in the period summed by month, recipient region, recipient kind,
// item and funding donor; first row the titles, second the HXL hashtags.
// Values at the declared unit value, in UAH and USD at the NBU rates of each
// delivery's date. kInvalid (field "to") when a rate is missing.
Result<std::string> HxlDistributions(Repository& repo, const ExportPeriod& period);

struct IatiPublisher {
  std::string org_id;        // IATI organisation identifier (org.iati_id)
  std::string org_name;      // org.name
  std::string generated_at;  // RFC 3339 UTC, for generated-datetime
};

// The publisher as configured: org.iati_id, else UA-EDR-<org.edrpou>;
// generated now, or at printing.fixed_time when set.
IatiPublisher IatiPublisherOf(const DocumentSettings& settings);

// One IATI 2.03 activity per donor (only `donor_code`'s when not empty):
// cash donations and goods received (incoming funds, type 1), payments from
// the donor's funds and goods distributed (expenditure, type 4). kNotFound
// for an unknown donor.
Result<std::string> IatiActivities(Repository& repo, const ExportPeriod& period,
                                   const std::string& donor_code, const IatiPublisher& publisher);

}  // namespace zapas
