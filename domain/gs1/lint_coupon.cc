// The North American coupon linters of domain/gs1/lint_parts.h: AI 8110, the
// coupon code (company prefix, offer code, save value, primary purchase, then
// the optional fields 1 to 6 and 9), and AI 8112, the paperless coupon's
// point-of-sale offer. Both are runs of digits read left to right, most parts
// led by a one-digit "variable-length indicator" (VLI) giving their length.
// Each behaves as the GS1 Barcode Syntax Engine's linter, error position
// included.
#include <array>
#include <cstddef>
#include <string_view>

#include "domain/gs1/lint_parts.h"

namespace zapas::gs1::lint {
namespace {

constexpr std::string_view kAnyDigit = "0123456789";

// A part of the coupon led by its VLI: the VLI must be one of `allowed`, and
// the part is the VLI's value plus `add` digits long, or none at all when the
// VLI is `none`.
struct VliField {
  std::string_view allowed;
  size_t add = 0;
  std::string_view missing;    // no VLI: the data ends before it
  std::string_view invalid;    // a VLI not in `allowed`
  std::string_view truncated;  // fewer digits left than the VLI says
  char none = '\0';
};

// A one-digit code that must be one of `allowed`.
struct CodeField {
  std::string_view allowed;
  std::string_view missing;
  std::string_view invalid;
};

constexpr LintResult Fault(size_t pos, size_t len, std::string_view what) {
  return LintError{.pos = pos, .len = len, .what = what};
}

// YYMMDD, the day not "00". The reference places YY in 20YY, or 19YY from 72
// on, which makes YY a leap year exactly when it is divisible by four.
bool IsValidYymmdd(std::string_view date) {
  const auto two = [&](size_t i) { return (date[i] - '0') * 10 + (date[i + 1] - '0'); };
  const int year = two(0), month = two(2), day = two(4);
  if (month < 1 || month > 12 || day < 1) return false;
  constexpr std::array<int, 12> kDays = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const int last = (month == 2 && year % 4 != 0) ? 28 : kDays[static_cast<size_t>(month - 1)];
  return day <= last;
}

// Reads a coupon's digits part by part. Each read either consumes its part or
// answers the fault as the reference places it: a missing part marks the
// whole data, a bad digit itself, a short part the digits that remain (the
// whole data if none remain).
class Cursor {
 public:
  explicit Cursor(std::string_view data) : data_(data) {}

  // Consumes the optional field's indicator `c` if it comes next.
  bool Opens(char c) {
    if (pos_ == data_.size() || data_[pos_] != c) return false;
    ++pos_;
    return true;
  }

  // `n` digits of which only the presence matters.
  LintResult Skip(size_t n, std::string_view truncated) {
    if (data_.size() - pos_ < n) {
      return pos_ == data_.size() ? Whole(truncated) : Fault(pos_, data_.size() - pos_, truncated);
    }
    pos_ += n;
    return std::nullopt;
  }

  LintResult Code(const CodeField& field) {
    if (pos_ == data_.size()) return Whole(field.missing);
    if (field.allowed.find(data_[pos_]) == std::string_view::npos) {
      return Fault(pos_, 1, field.invalid);
    }
    ++pos_;
    return std::nullopt;
  }

  LintResult Vli(const VliField& field) {
    if (pos_ == data_.size()) return Whole(field.missing);
    const char vli = data_[pos_];
    if (field.allowed.find(vli) == std::string_view::npos) return Fault(pos_, 1, field.invalid);
    ++pos_;
    return Skip(vli == field.none ? 0 : static_cast<size_t>(vli - '0') + field.add,
                field.truncated);
  }

  // A YYMMDD date; `at` receives where it starts.
  LintResult Date(std::string_view truncated, std::string_view invalid, size_t& at) {
    at = pos_;
    if (auto fault = Skip(6, truncated)) return fault;
    if (!IsValidYymmdd(data_.substr(at, 6))) return Fault(at, 6, invalid);
    return std::nullopt;
  }

  LintResult Excess(std::string_view what) const {
    if (pos_ == data_.size()) return std::nullopt;
    return Fault(pos_, data_.size() - pos_, what);
  }

 private:
  LintResult Whole(std::string_view what) const { return Fault(0, data_.size(), what); }

  std::string_view data_;
  size_t pos_ = 0;
};

LintResult NonDigit(std::string_view data) {
  for (size_t i = 0; i < data.size(); ++i) {
    if (data[i] < '0' || data[i] > '9') return Fault(i, 1, "a character that is not a digit");
  }
  return std::nullopt;
}

// A purchase requirement: its VLI and value, its code, its family code.
struct Purchase {
  VliField requirement;
  CodeField code;
  std::string_view family_truncated;
};

LintResult ReadPurchase(Cursor& cursor, const Purchase& purchase) {
  if (auto fault = cursor.Vli(purchase.requirement)) return fault;
  if (auto fault = cursor.Code(purchase.code)) return fault;
  return cursor.Skip(3, purchase.family_truncated);
}

constexpr std::string_view kTruncatedOfferCode = "a truncated offer code";

// The company prefixes are not looked up (no GS1 Company Prefix list here), so
// beyond their length, which is checked, a run of digits is a valid one.
constexpr VliField kPrimaryGcp = {
    .allowed = "0123456",
    .add = 6,
    .missing = "no company prefix length indicator",
    .invalid = "an invalid company prefix length indicator",
    .truncated = "a truncated company prefix",
};
constexpr VliField kSaveValue = {
    .allowed = "12345",
    .missing = "no save value length indicator",
    .invalid = "an invalid save value length indicator",
    .truncated = "a truncated save value",
};
constexpr Purchase kFirstPurchase = {
    .requirement = {.allowed = "12345",
                    .missing = "no first purchase requirement length indicator",
                    .invalid = "an invalid first purchase requirement length indicator",
                    .truncated = "a truncated first purchase requirement"},
    .code = {.allowed = "012349",
             .missing = "no first purchase requirement code",
             .invalid = "an invalid first purchase requirement code"},
    .family_truncated = "a truncated first purchase family code",
};

// Optional field 1: additional purchase rules and a second purchase.
constexpr CodeField kRulesCode = {
    .allowed = "0123",
    .missing = "no additional purchase rules code",
    .invalid = "an invalid additional purchase rules code",
};
constexpr Purchase kSecondPurchase = {
    .requirement = {.allowed = "12345",
                    .missing = "no second purchase requirement length indicator",
                    .invalid = "an invalid second purchase requirement length indicator",
                    .truncated = "a truncated second purchase requirement"},
    .code = {.allowed = "012349",
             .missing = "no second purchase requirement code",
             .invalid = "an invalid second purchase requirement code"},
    .family_truncated = "a truncated second purchase family code",
};
constexpr VliField kSecondGcp = {
    .allowed = "01234569",
    .add = 6,
    .missing = "no second purchase company prefix length indicator",
    .invalid = "an invalid second purchase company prefix length indicator",
    .truncated = "a truncated second purchase company prefix",
    .none = '9',
};

// Optional field 2: a third purchase.
constexpr Purchase kThirdPurchase = {
    .requirement = {.allowed = "12345",
                    .missing = "no third purchase requirement length indicator",
                    .invalid = "an invalid third purchase requirement length indicator",
                    .truncated = "a truncated third purchase requirement"},
    .code = {.allowed = "012349",
             .missing = "no third purchase requirement code",
             .invalid = "an invalid third purchase requirement code"},
    .family_truncated = "a truncated third purchase family code",
};
constexpr VliField kThirdGcp = {
    .allowed = "01234569",
    .add = 6,
    .missing = "no third purchase company prefix length indicator",
    .invalid = "an invalid third purchase company prefix length indicator",
    .truncated = "a truncated third purchase company prefix",
    .none = '9',
};

// Optional field 5 (and AI 8112): the serial number; any VLI will do.
constexpr VliField kSerialNumber = {
    .allowed = kAnyDigit,
    .add = 6,
    .missing = "no serial number length indicator",
    .invalid = "an invalid serial number length indicator",  // unreachable: all digits
    .truncated = "a truncated serial number",
};

// Optional field 6: the retailer's company prefix or GLN.
constexpr VliField kRetailerGcp = {
    .allowed = "1234567",
    .add = 6,
    .missing = "no retailer company prefix or GLN length indicator",
    .invalid = "an invalid retailer company prefix or GLN length indicator",
    .truncated = "a truncated retailer company prefix or GLN",
};

// Optional field 9: miscellaneous.
constexpr CodeField kSaveValueCode = {
    .allowed = "01256",
    .missing = "no save value code",
    .invalid = "an invalid save value code",
};
constexpr CodeField kAppliesToItem = {
    .allowed = "012",
    .missing = "no save value applies-to-item code",
    .invalid = "an invalid save value applies-to-item code",
};
constexpr CodeField kStoreCouponFlag = {
    .allowed = kAnyDigit,
    .missing = "no store coupon flag",
    .invalid = "an invalid store coupon flag",  // unreachable: all digits
};
constexpr CodeField kDontMultiplyFlag = {
    .allowed = "01",
    .missing = "no don't-multiply flag",
    .invalid = "an invalid don't-multiply flag",
};

// AI 8112.
constexpr CodeField kFormatCode = {
    .allowed = "01",
    .missing = "no format code",
    .invalid = "an invalid format code",
};
constexpr VliField kFunder = {
    .allowed = "0123456",
    .add = 6,
    .missing = "no funder ID length indicator",
    .invalid = "an invalid funder ID length indicator",
    .truncated = "a truncated funder ID",
};

}  // namespace

LintResult CouponCode(std::string_view data) {
  if (auto fault = NonDigit(data)) return fault;
  Cursor cursor(data);
  if (auto fault = cursor.Vli(kPrimaryGcp)) return fault;
  if (auto fault = cursor.Skip(6, kTruncatedOfferCode)) return fault;
  if (auto fault = cursor.Vli(kSaveValue)) return fault;
  if (auto fault = ReadPurchase(cursor, kFirstPurchase)) return fault;

  if (cursor.Opens('1')) {
    if (auto fault = cursor.Code(kRulesCode)) return fault;
    if (auto fault = ReadPurchase(cursor, kSecondPurchase)) return fault;
    if (auto fault = cursor.Vli(kSecondGcp)) return fault;
  }
  if (cursor.Opens('2')) {
    if (auto fault = ReadPurchase(cursor, kThirdPurchase)) return fault;
    if (auto fault = cursor.Vli(kThirdGcp)) return fault;
  }
  bool has_expiry = false;
  size_t expiry = 0;
  if (cursor.Opens('3')) {
    if (auto fault =
            cursor.Date("a truncated expiration date", "an invalid expiration date", expiry)) {
      return fault;
    }
    has_expiry = true;
  }
  if (cursor.Opens('4')) {
    size_t start = 0;
    if (auto fault = cursor.Date("a truncated start date", "an invalid start date", start)) {
      return fault;
    }
    // Field 4 directly follows field 3: the fault spans "3", expiry, "4", start.
    if (has_expiry && data.substr(start, 6) > data.substr(expiry, 6)) {
      return Fault(expiry - 1, 14, "an expiration date before the start date");
    }
  }
  if (cursor.Opens('5')) {
    if (auto fault = cursor.Vli(kSerialNumber)) return fault;
  }
  if (cursor.Opens('6')) {
    if (auto fault = cursor.Vli(kRetailerGcp)) return fault;
  }
  if (cursor.Opens('9')) {
    for (const CodeField* field :
         {&kSaveValueCode, &kAppliesToItem, &kStoreCouponFlag, &kDontMultiplyFlag}) {
      if (auto fault = cursor.Code(*field)) return fault;
    }
  }
  return cursor.Excess("excess data after the coupon's last field");
}

LintResult CouponPosOffer(std::string_view data) {
  if (auto fault = NonDigit(data)) return fault;
  Cursor cursor(data);
  if (auto fault = cursor.Code(kFormatCode)) return fault;
  if (auto fault = cursor.Vli(kFunder)) return fault;
  if (auto fault = cursor.Skip(6, kTruncatedOfferCode)) return fault;
  if (auto fault = cursor.Vli(kSerialNumber)) return fault;
  return cursor.Excess("excess data after the serial number");
}

}  // namespace zapas::gs1::lint
