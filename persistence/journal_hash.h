// The hash chain of the journal: every entry carries the SHA-256 of its
// canonical content, which includes the previous entry's hash, so changing,
// removing or reordering any stored entry breaks every hash after it.
//
// The canonical content is built from what is stored, and only from it, so
// `zapas verify` can recompute the chain from the database alone. Pure
// functions; thread-safe.
#pragma once

#include <string>

#include "persistence/repository.h"

namespace zapas {

// The text that is hashed: a versioned header, the entry's id and columns, its
// stock and money postings in line order, and the previous entry's hash
// (empty for the first entry).
std::string CanonicalEntry(const JournalEntry& entry, const std::string& prev_hash);

// Lower-case hex SHA-256 of `text`.
std::string Sha256(const std::string& text);

// The first 16 hex digits of a hash: what a printed document carries.
inline std::string ShortHash(const std::string& hash) { return hash.substr(0, 16); }

}  // namespace zapas
