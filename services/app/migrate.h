// Copying a whole database into another, empty one (zapas migrate): SQLite to
// PostgreSQL. Everything goes through the Repository interface, so the copy
// is stored as the target's own writes would store it: ids, the journal with
// its hashes, users with their password hashes, and the personal data sealed
// again with the (same) key in the target's row context.
#pragma once

#include <ostream>

#include "persistence/repository.h"

namespace zapas {

// What a copy does with journal entries beyond the limits of
// domain/limits.h, stored before Zapas refused them.
enum class OverLimit {
  kRefuse,  // the copy is refused, naming the first such entry
  kKeep,    // they are copied as they are (reports list them apart)
};

// Copies everything `from` holds into `to` (migrated, opened with the same
// key) in one transaction, printing progress on `progress`. kConflict when
// `to` holds anything already (it writes nothing then); kInvalid naming the
// entry when one is beyond the limits and `over_limit` is kRefuse; kInternal
// when the copy would not be the same (ids with gaps, a hash that comes out
// otherwise).
Status CopyDatabase(Repository& from, Repository& to, std::ostream& progress,
                    OverLimit over_limit = OverLimit::kRefuse);

// kInvalid naming `entry` when an amount or quantity of it is beyond the
// limits Zapas accepts now: a stock posting's quantity, its lot's unit value
// or their product, or the amount of a money operation (its asset lines).
Status CheckEntryLimits(const JournalEntry& entry, const Catalog& catalog);

}  // namespace zapas
