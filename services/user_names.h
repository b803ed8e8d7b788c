// User names and passwords: the rules a new user's name and password meet,
// whoever adds the user (`zapas user add` today, POST /users too), and the
// form a typed name is looked up in (POST /sessions).
//
// A user name is stored in Unicode Normalization Form C, so that one name
// typed with a precomposed "й" or with "и" and a combining breve is one name.
// It must not hide anything (no control, invisible or bidirectional
// character, no white space but single inner spaces) and must not pass for
// another name: not a mix of scripts that can (UTS #39 "highly restrictive":
// Latin with Cyrillic is refused, "Олена" and "olena" are fine), and not a
// look-alike of an existing user's name (the same UTS #39 skeleton after case
// folding: "SKLAD" and "ѕklad" are "sklad").
//
// Uses ICU (normalisation, confusables), which stays out of domain/.
// Thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "domain/status.h"

namespace zapas {

// `name` in NFC, for looking a typed name up. kInvalid naming `field` when it
// is not valid UTF-8.
Result<std::string> NormalizeUsername(std::string_view name, const std::string& field = "username");

// A new user's name as it is stored (NFC), or kInvalid naming `field`: empty,
// over 100 bytes, a control, invisible (default-ignorable, format,
// zero-width, bidirectional control), unassigned or private-use character,
// white space other than U+0020, a space at either end, nothing but spaces,
// digits of several number systems, or scripts mixed beyond UTS #39's highly
// restrictive level (the message names them: "mixes Latin and Cyrillic").
Result<std::string> CheckUsernameForm(std::string_view name, const std::string& field = "username");

// kConflict naming `field` when `name` (as CheckUsernameForm returns it) is,
// or looks like, one of `existing`: the same skeleton (UTS #39) once both are
// case-folded. The message names the existing user.
Status CheckUsernameFree(const std::string& name, const std::vector<std::string>& existing,
                         const std::string& field = "username");

// The fewest characters (code points, not bytes) a new password may have.
inline constexpr size_t kMinPasswordCharacters = 10;

// kInvalid naming `field` when `password` has fewer than
// kMinPasswordCharacters characters, or is one of the server's list of common
// passwords (config/common_passwords.txt, built in; ignoring case).
Status CheckNewPassword(std::string_view password, const std::string& field = "password");
bool IsCommonPassword(std::string_view password);

}  // namespace zapas
