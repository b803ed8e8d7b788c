// An entry that a printed report leaves out of its figures because a value of
// it cannot be computed: an amount beyond the limits of domain/limits.h, stored
// before Zapas refused such amounts. The audit and donor reports list them.
#pragma once

#include <string>

#include "domain/date.h"

namespace zapas::printing {

struct ExcludedEntryRow {
  std::string number;  // or "#<id>" for an entry without a number
  std::string kind;    // "receipt", "cash_donation", ...
  Date date = Date::FromDays(0);
  std::string reason;  // "amount is too large to convert"
};

}  // namespace zapas::printing
