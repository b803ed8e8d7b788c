// Finding master data as a person types it: every word of the query found in
// a record's code, names or category, ignoring case (ASCII and Ukrainian
// capitals, FoldCase). Pages come in code order after a cursor, as every list
// of the API does, so a list of thousands is read a page at a time.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/catalog.h"

namespace zapas {

struct SearchPage {
  std::string query;   // free text; "" matches everything
  std::string after;   // the code after which the page starts ("" for the first)
  size_t limit = 100;  // rows at most
};

// Items whose SKU, names or category hold every word of the query.
std::vector<Item> SearchItems(const Catalog& catalog, const SearchPage& page);
// Recipients (without personal data) of `kind` (any when nullopt) whose
// code, name or region hold every word of the query.
std::vector<Recipient> SearchRecipients(const Catalog& catalog, const SearchPage& page,
                                        std::optional<RecipientKind> kind);

}  // namespace zapas
