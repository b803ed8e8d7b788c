// The demo cluster that `make run` starts with: two warehouses, a Ukrainian
// and English catalogue, donors in EUR/USD/UAH, recipients of every kind,
// receipts with lots and expiry, a few deliveries, and one user per role.
// Loaded through the Api, so it obeys every rule real data does.
#pragma once

#include <ostream>

#include "services/app/store.h"
#include "services/http/api.h"

namespace zapas {

// Fills an empty database and prints the logins to `out`. When the database
// already holds data, loads nothing and prints the logins again.
Status LoadDemo(Api& api, Store& store, std::ostream& out);

}  // namespace zapas
