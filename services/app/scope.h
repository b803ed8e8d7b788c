// Per-warehouse scope: a warehouse user limited to some warehouses
// (Principal::warehouses) reads and writes only those. Writes that name
// another warehouse are kForbidden; reads leave the others' stock, lists and
// documents out. Every write job and read of a movement asks here.
#pragma once

#include <string_view>
#include <vector>

#include "domain/catalog.h"
#include "domain/stock_index.h"
#include "services/auth.h"

namespace zapas {

// kForbidden when `who` may not use the warehouse `code`. A code the catalog
// does not know passes: the request's own check calls it unknown (422).
Status CheckWarehouseInScope(const Principal& who, const Catalog& catalog, std::string_view code);

// kForbidden when `who` may not see (`change` false: none of the warehouses
// the postings touch is in scope) or change (`change` true: one of them is
// not) the movement whose postings are `postings`.
Status CheckPostingsInScope(const Principal& who, const Catalog& catalog,
                            const std::vector<Posting>& postings, bool change);

}  // namespace zapas
