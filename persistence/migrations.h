// The numbered schema migrations. Migration N takes the schema from version
// N-1 to N; they are applied in order and never edited once released.
#pragma once

#include <vector>

namespace zapas {

struct Migration {
  int version;
  const char* description;
  const char* sql;
};

const std::vector<Migration>& SqliteMigrations();

}  // namespace zapas
