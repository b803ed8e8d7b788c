// The invariants of an NBU file as read by ParseNbuFile, shared by the JSON and
// XML targets.
#pragma once

#include <string>

#include "services/app/nbu_import.h"
#include "tests/fuzz/fuzz_support.h"

namespace zapas::fuzz {

// Reads `text` and checks: a refusal is 400/422; an accepted file has records,
// only known currencies with positive rates, and nothing more than it held.
inline void CheckNbuFile(const std::string& text) {
  auto file = ParseNbuFile(text);
  if (!file.ok()) {
    CheckRefusal(file.status(), "ParseNbuFile");
    return;
  }
  Check(file->records > 0, "ParseNbuFile", "accepted a file without records");
  Check(file->rates.size() + file->skipped.size() <= file->records, "ParseNbuFile",
        "more rates than records");
  for (const Rate& r : file->rates) {
    Check(r.currency != nullptr && r.uah_per_unit > 0, "ParseNbuFile", "a rate out of range");
    auto back = ParseRate(r.RateString());
    Check(back.ok() && *back == r.uah_per_unit, "ParseNbuFile", "rate round trip");
  }
}

}  // namespace zapas::fuzz
