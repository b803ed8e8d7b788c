// Per-warehouse scope: a warehouse user limited to some warehouses
// (Principal::warehouses) reads and writes only those. Writes that name
// another warehouse are kForbidden; reads leave the others' stock, lists and
// documents out. Every write job and read of a movement asks here.
#pragma once

#include "domain/books.h"

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

// Ownership in an alliance: each warehouse and account belongs to one site,
// which alone writes its stock or books on it (Catalog::site(); "" is the
// server's own when it is no site). kConflict naming the owner otherwise. An
// unknown code passes, as above.
Status CheckWarehouseOwned(const Catalog& catalog, std::string_view code);
Status CheckPostingsOwned(const Catalog& catalog, const std::vector<Posting>& postings);
Status CheckAccountOwned(const Catalog& catalog, const Account& account);

// Alliance-wide data (items, warehouses, donors, accounts, rates, users, kits)
// is written at the hub and flows to the sites: at a site, kConflict saying
// so. A site may make a recipient, under a code that starts with its own and
// a hyphen ("KYIV-..."), which the hub takes as it is. `code` is the
// record's, for recipients; `what_uk`/`what_en` name the data.
Status CheckWrittenHere(const Catalog& catalog, std::string_view what_uk, std::string_view what_en,
                        CodeKind kind = CodeKind::kItem, std::string_view code = "");

}  // namespace zapas
