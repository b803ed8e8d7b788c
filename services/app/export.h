// The plain-text journal for hledger and ledger: every money entry as a
// transaction whose postings carry their amounts in their own currency, with
// the booked UAH equivalent as total cost (`@@`), and the NBU rates as `P`
// lines after each day's transactions. `hledger balance` then gives each
// account's balance per currency, and `hledger balance -B` the booked UAH.
#pragma once

#include <string>

#include "persistence/repository.h"

namespace zapas {

// Writes the whole journal dated on or before `to`: the money entries as
// stored, and the stock entries valued as goods (services/app/goods.h).
// kUnavailable when the database cannot be read; kInvalid when a rate needed
// to value goods is missing. Reads one snapshot of the database.
Result<std::string> HledgerJournal(Repository& repo, Date to);

}  // namespace zapas
