// What the fuzz targets share: stopping on a broken invariant with a message
// libFuzzer keeps beside the input that broke it.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>

#include "domain/status.h"

namespace zapas::fuzz {

// Aborts (a finding) when `ok` is false, printing `what` and `detail`.
inline void Check(bool ok, const char* what, const std::string& detail = "") {
  if (ok) return;
  std::fprintf(stderr, "invariant broken: %s %s\n", what, detail.c_str());
  std::abort();
}

// Hostile input may only be refused as malformed (400) or invalid (422): any
// other code would reach the client as a 5xx or a wrong status.
inline void CheckRefusal(const Status& s, const char* what) {
  Check(s.code() == StatusCode::kMalformed || s.code() == StatusCode::kInvalid, what,
        "refused with an unexpected code: " + s.message());
  Check(!s.message().empty(), what, "refused without a message");
}

}  // namespace zapas::fuzz
