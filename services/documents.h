// Printed documents built from stored records: what the HTTP endpoints and
// `zapas print` share.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "domain/catalog.h"
#include "persistence/repository.h"

namespace zapas {

// The organisation that issues documents, and how they are printed.
struct DocumentSettings {
  std::string org_name = "Волонтерський кластер «Запас»";
  std::string org_edrpou;        // ЄДРПОУ code, printed when given
  std::string font_regular;      // TrueType paths; empty: the build's default
  std::string font_bold;
  std::optional<int64_t> fixed_time;  // fixes the PDF dates (same data, same bytes)
};

// The waybill of delivery `id` (the transfer act for a military unit) as PDF.
// kNotFound when there is no such delivery.
Result<std::string> WaybillPdf(Repository& repo, const Catalog& catalog, int64_t id,
                               const DocumentSettings& settings);

// The goods received note of receipt `id` as PDF. kNotFound when there is no
// such receipt.
Result<std::string> GrnPdf(Repository& repo, const Catalog& catalog, int64_t id,
                           const DocumentSettings& settings);

}  // namespace zapas
