// Checking the journal from the database alone: the hash chain, and the
// invariants of the books (every money entry balances; no lot's stock is ever
// negative, on any date).
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "persistence/repository.h"

namespace zapas {

struct VerifyReport {
  int64_t entries = 0;
  std::string head;  // this server's own last entry's hash
  // Of other sites' chains as they sent them (a hub's sites): entries checked.
  int64_t site_entries = 0;
};

// kOk with the figures, or kConflict naming the first bad entry and what is
// wrong ("entry 42 (WB-2026-000004): its hash does not match its content").
Result<VerifyReport> VerifyJournal(Repository& repo);

}  // namespace zapas
