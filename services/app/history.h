// The history of documents (GET /documents): what a person asks for — kinds,
// a date range, a warehouse, a recipient, a donor, part of a number — read
// from a request's query into the repository's DocumentQuery, within what the
// user's role and warehouses allow; and each document's line of the list.
#pragma once

#include <map>
#include <string>

#include "domain/catalog.h"
#include "domain/json.h"
#include "persistence/repository.h"
#include "services/auth.h"

namespace zapas {

// ?kind=delivery,receipt (default: every kind the role reads), ?from=, ?to=,
// ?warehouse=, ?recipient=, ?donor=, ?number=, ?confirmed=, ?reversed=
// (true or false), ?limit=, ?after= (an id: the
// page after it, older). kInvalid naming the parameter; kForbidden for a kind
// the role may not read or a warehouse outside the user's scope.
Result<Repository::DocumentQuery> ReadHistoryQuery(const std::map<std::string, std::string>& query,
                                                   const Principal& who, const Catalog& catalog);

// {"id", "kind", "number", "date", the codes it names, "reversed",
// "confirmed" (deliveries)}.
void WriteDocumentSummary(JsonWriter& w, const Repository::DocumentSummary& d);

}  // namespace zapas
