// Copying a whole database into another, empty one (zapas migrate): SQLite to
// PostgreSQL. Everything goes through the Repository interface, so the copy
// is stored as the target's own writes would store it: ids, the journal with
// its hashes, users with their password hashes, and the personal data sealed
// again with the (same) key in the target's row context.
#pragma once

#include <ostream>

#include "persistence/repository.h"

namespace zapas {

// Copies everything `from` holds into `to` (migrated, opened with the same
// key) in one transaction, printing progress on `progress`. kConflict when
// `to` holds anything already (it writes nothing then); kInternal when the
// copy would not be the same (ids with gaps, a hash that comes out otherwise).
Status CopyDatabase(Repository& from, Repository& to, std::ostream& progress);

}  // namespace zapas
