// The endpoints of barcodes: POST /scan and GET /stock/labels.pdf
// (services/app/barcodes.h).
#include "services/app/barcodes.h"
#include "services/app/scope.h"
#include "services/clock.h"
#include "services/http/api.h"

namespace zapas {

Result<Reply> Api::Scan(Call& c) {
  ZAPAS_ASSIGN_OR_RETURN(ScanRequest scan, DecodeScan(c.request.body));
  const Date today = Today();
  ZAPAS_ASSIGN_OR_RETURN(std::string json,
                         store_.Read([&](const Catalog& catalog, const StockIndex&) {
                           return ScanReply(catalog, scan, today);
                         }));
  return Reply{200, std::move(json)};
}

Result<Reply> Api::StockLabels(Call& c) {
  auto it = c.request.query.find("warehouse");
  ZAPAS_ASSIGN_OR_RETURN(
      std::string pdf,
      store_.Read([&](const Catalog& catalog, const StockIndex& index) -> Result<std::string> {
        if (it != c.request.query.end() && !it->second.empty()) {
          ZAPAS_RETURN_IF_ERROR(CheckWarehouseInScope(c.who, catalog, it->second));
        }
        return LabelsPdf(catalog, index, c.request.query, c.who.warehouses, documents_);
      }));
  return Reply{200, std::move(pdf), "application/pdf"};
}

}  // namespace zapas
