// Goods on their way from another site of the alliance to this one's
// warehouses (the dispatch and the arrival: services/app/requests.h,
// ReceiveTransferWork).
#pragma once

#include <string>

#include "domain/catalog.h"
#include "persistence/repository.h"
#include "services/auth.h"

namespace zapas {

// GET /transfers/incoming: the transfers dispatched to this site's
// warehouses (those `who` may use) and not received yet, newest first —
// {"items": [{"id", "number", "from", "to", "date", "lines": [{"sku", "lot",
// "expiry", "quantity"}]}], "next": null}.
Result<std::string> IncomingTransfersJson(Repository& repo, const Catalog& catalog,
                                          const Principal& who);

}  // namespace zapas
