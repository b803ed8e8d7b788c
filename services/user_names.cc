#include "services/user_names.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>
#include <unicode/uspoof.h>

#include <algorithm>
#include <memory>
#include <unordered_set>

#include "domain/text.h"
#include "domain/utf8.h"

namespace zapas {

extern const std::string_view kCommonPasswordsText;  // common_passwords.cc (generated)

namespace {

constexpr size_t kMaxUsernameBytes = 100;

// A UTS #39 checker: restriction level "highly restrictive" (one script, or
// Latin with Han and Japanese or Korean; never Latin with Cyrillic or Greek),
// digits of one number system, no invisible sequences.
struct SpoofChecker {
  std::unique_ptr<USpoofChecker, decltype(&uspoof_close)> checker{nullptr, &uspoof_close};

  static Result<SpoofChecker> Open() {
    UErrorCode status = U_ZERO_ERROR;
    SpoofChecker c;
    c.checker.reset(uspoof_open(&status));
    if (U_SUCCESS(status)) {
      uspoof_setRestrictionLevel(c.checker.get(), USPOOF_HIGHLY_RESTRICTIVE);
      uspoof_setChecks(c.checker.get(),
                       USPOOF_RESTRICTION_LEVEL | USPOOF_MIXED_NUMBERS | USPOOF_INVISIBLE, &status);
    }
    if (U_FAILURE(status)) {
      return Status::Internal(std::string("cannot open ICU's spoof checker: ") +
                              u_errorName(status));
    }
    return c;
  }

  // The skeleton of `name` case-folded: equal for names that look alike.
  Result<icu::UnicodeString> Skeleton(const std::string& name) const {
    icu::UnicodeString folded = icu::UnicodeString::fromUTF8(name);
    folded.foldCase();
    icu::UnicodeString skeleton;
    UErrorCode status = U_ZERO_ERROR;
    uspoof_getSkeletonUnicodeString(checker.get(), 0, folded, skeleton, &status);
    if (U_FAILURE(status)) {
      return Status::Internal(std::string("cannot compare user names: ") + u_errorName(status));
    }
    return skeleton;
  }
};

// "Latin and Cyrillic": the scripts of `name`'s letters, in order of appearance.
std::string ScriptsOf(std::string_view name) {
  std::vector<UScriptCode> seen;
  for (size_t i = 0; i < name.size();) {
    uint32_t cp = 0;
    const size_t len = DecodeUtf8(name, i, &cp);
    if (len == 0) break;
    i += len;
    UErrorCode status = U_ZERO_ERROR;
    const UScriptCode script = uscript_getScript(static_cast<UChar32>(cp), &status);
    if (U_FAILURE(status) || script == USCRIPT_COMMON || script == USCRIPT_INHERITED) continue;
    bool known = false;
    for (UScriptCode s : seen) known = known || s == script;
    if (!known) seen.push_back(script);
  }
  std::string out;
  for (size_t k = 0; k < seen.size(); ++k) {
    if (k > 0) out += k + 1 == seen.size() ? " and " : ", ";
    out += uscript_getName(seen[k]);
  }
  return out;
}

// The first character of `name` that a user name must not hold, with why.
Status CheckCharacters(std::string_view name, const std::string& field) {
  for (size_t i = 0; i < name.size();) {
    uint32_t cp = 0;
    const size_t len = DecodeUtf8(name, i, &cp);
    if (len == 0) return Status::Field(field, "is not valid UTF-8");
    i += len;
    const UChar32 c = static_cast<UChar32>(cp);
    const int8_t type = u_charType(c);
    const std::string which = " (" + CodePointName(cp) + ")";
    if (type == U_CONTROL_CHAR) {
      return Status::Field(field, "must not contain control characters" + which);
    }
    if (type == U_FORMAT_CHAR || u_hasBinaryProperty(c, UCHAR_DEFAULT_IGNORABLE_CODE_POINT) ||
        u_hasBinaryProperty(c, UCHAR_BIDI_CONTROL)) {
      return Status::Field(field, "must not contain invisible characters" + which);
    }
    if (type == U_UNASSIGNED || type == U_PRIVATE_USE_CHAR || type == U_SURROGATE) {
      return Status::Field(field, "must not contain unassigned or private-use characters" + which);
    }
    if (cp != 0x20 && (u_isUWhiteSpace(c) || type == U_SPACE_SEPARATOR ||
                       type == U_LINE_SEPARATOR || type == U_PARAGRAPH_SEPARATOR)) {
      return Status::Field(field, "must not contain white space other than plain spaces" + which);
    }
  }
  return Status::Ok();
}

}  // namespace

Result<std::string> NormalizeUsername(std::string_view name, const std::string& field) {
  if (!IsValidUtf8(name)) return Status::Field(field, "is not valid UTF-8");
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) {
    return Status::Internal(std::string("cannot load ICU's NFC data: ") + u_errorName(status));
  }
  const icu::UnicodeString normal =
      nfc->normalize(icu::UnicodeString::fromUTF8(
                         icu::StringPiece(name.data(), static_cast<int32_t>(name.size()))),
                     status);
  if (U_FAILURE(status)) {
    return Status::Internal(std::string("cannot normalise a user name: ") + u_errorName(status));
  }
  std::string out;
  normal.toUTF8String(out);
  return out;
}

Result<std::string> CheckUsernameForm(std::string_view name, const std::string& field) {
  if (name.empty()) return Status::Field(field, "must not be empty");
  ZAPAS_ASSIGN_OR_RETURN(std::string nfc, NormalizeUsername(name, field));
  ZAPAS_RETURN_IF_ERROR(CheckCharacters(nfc, field));
  if (nfc.find_first_not_of(' ') == std::string::npos) {
    return Status::Field(field, "must not be blank (it holds nothing but spaces)");
  }
  if (nfc.front() == ' ' || nfc.back() == ' ') {
    return Status::Field(field, "must not begin or end with a space");
  }
  if (nfc.size() > kMaxUsernameBytes) {
    return Status::Field(field, "must be at most " + std::to_string(kMaxUsernameBytes) + " bytes");
  }
  ZAPAS_ASSIGN_OR_RETURN(SpoofChecker spoof, SpoofChecker::Open());
  UErrorCode status = U_ZERO_ERROR;
  const int32_t failed = uspoof_check2UTF8(spoof.checker.get(), nfc.data(),
                                           static_cast<int32_t>(nfc.size()), nullptr, &status);
  if (U_FAILURE(status)) {
    return Status::Internal(std::string("cannot check a user name: ") + u_errorName(status));
  }
  if (failed & USPOOF_RESTRICTION_LEVEL) {
    return Status::Field(field, "mixes " + ScriptsOf(nfc) +
                                    " letters, which can pass for another name; use one script");
  }
  if (failed & USPOOF_MIXED_NUMBERS) {
    return Status::Field(field, "mixes digits of different number systems");
  }
  if (failed & USPOOF_INVISIBLE) {
    return Status::Field(field, "must not repeat a combining mark (it would not show)");
  }
  return nfc;
}

Status CheckUsernameFree(const std::string& name, const std::vector<std::string>& existing,
                         const std::string& field) {
  ZAPAS_ASSIGN_OR_RETURN(SpoofChecker spoof, SpoofChecker::Open());
  ZAPAS_ASSIGN_OR_RETURN(icu::UnicodeString skeleton, spoof.Skeleton(name));
  for (const std::string& other : existing) {
    Result<std::string> other_nfc = NormalizeUsername(other, field);
    const std::string& compared = other_nfc.ok() ? *other_nfc : other;
    if (compared == name) {
      return Status::Field(field, "user \"" + other + "\" already exists", StatusCode::kConflict);
    }
    ZAPAS_ASSIGN_OR_RETURN(icu::UnicodeString other_skeleton, spoof.Skeleton(compared));
    if (other_skeleton == skeleton) {
      return Status::Field(field,
                           "\"" + name + "\" looks like the existing user \"" + other +
                               "\" (names that differ only in case or in look-alike letters are "
                               "one name)",
                           StatusCode::kConflict);
    }
  }
  return Status::Ok();
}

Status CheckNewPassword(std::string_view password, const std::string& field) {
  size_t characters = 0;
  for (size_t i = 0; i < password.size(); ++characters) {
    const size_t len = Utf8SequenceLength(password, i);
    i += len == 0 ? 1 : len;  // a byte that is not UTF-8 counts as one
  }
  if (characters < kMinPasswordCharacters) {
    return Status::Field(field, "must have at least " + std::to_string(kMinPasswordCharacters) +
                                    " characters (it has " + std::to_string(characters) + ")");
  }
  if (IsCommonPassword(password)) {
    return Status::Field(field, "is one of the most common passwords: choose another");
  }
  return Status::Ok();
}

bool IsCommonPassword(std::string_view password) {
  static const std::unordered_set<std::string> common = [] {
    std::unordered_set<std::string> out;
    std::string_view text = kCommonPasswordsText;
    while (!text.empty()) {
      const size_t end = std::min(text.find('\n'), text.size());
      std::string_view line = text.substr(0, end);
      text.remove_prefix(std::min(end + 1, text.size()));
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      if (!line.empty() && line.front() != '#') out.insert(FoldCase(line));
    }
    return out;
  }();
  return common.count(FoldCase(password)) > 0;
}

}  // namespace zapas
