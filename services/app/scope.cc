#include "services/app/scope.h"

#include <string>

namespace zapas {
namespace {

Status OutOfScope(const Principal& who, std::string_view code) {
  return Status::Forbidden("the user " + who.username + " may not use the warehouse " +
                           std::string(code));
}

}  // namespace

Status CheckWarehouseInScope(const Principal& who, const Catalog& catalog, std::string_view code) {
  if (!who.scoped() || code.empty()) return Status::Ok();
  const Warehouse* w = catalog.WarehouseByCode(code);
  if (w == nullptr || who.MayUseWarehouse(w->code)) return Status::Ok();
  return OutOfScope(who, w->code);
}

Status CheckPostingsInScope(const Principal& who, const Catalog& catalog,
                            const std::vector<Posting>& postings, bool change) {
  if (!who.scoped() || postings.empty()) return Status::Ok();
  std::string_view outside;
  for (const Posting& p : postings) {
    const Warehouse* w = catalog.WarehouseById(p.warehouse_id);
    const std::string_view code = w != nullptr ? std::string_view(w->code) : std::string_view();
    if (who.MayUseWarehouse(code)) {
      if (!change) return Status::Ok();
    } else if (outside.empty()) {
      outside = code;
    }
  }
  return outside.empty() ? Status::Ok() : OutOfScope(who, outside);
}

}  // namespace zapas
