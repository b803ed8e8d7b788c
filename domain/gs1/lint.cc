// The linters of domain/gs1/lint.h that are arithmetic rather than lists:
// character sets, GS1 check digits and check character pairs, the company
// prefix position, dates and times; and the dispatcher over all of them.
// The code lists are in lint_codes.cc, the coupon codes in lint_coupon.cc.
#include <array>

#include "domain/gs1/lint.h"
#include "domain/gs1/lint_parts.h"

namespace zapas::gs1 {
namespace {

constexpr LintError Fault(size_t pos, size_t len, std::string_view what) {
  return LintError{.pos = pos, .len = len, .what = what};
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
int Two(std::string_view d, size_t at) { return (d[at] - '0') * 10 + (d[at + 1] - '0'); }

// A 256-entry membership table built from the characters of `chars`.
struct CharSet {
  std::array<bool, 256> in{};
  constexpr explicit CharSet(std::string_view chars) {
    for (char c : chars) in[static_cast<unsigned char>(c)] = true;
  }
  bool Has(char c) const { return in[static_cast<unsigned char>(c)]; }
};

constexpr std::string_view kCset82Chars =
    "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";
constexpr CharSet kCset82(kCset82Chars);
constexpr CharSet kCset39("#-/0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ");
constexpr CharSet kCset64("-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz");

LintResult Within(std::string_view data, const CharSet& set, std::string_view what) {
  for (size_t i = 0; i < data.size(); ++i) {
    if (!set.Has(data[i])) return Fault(i, 1, what);
  }
  return std::nullopt;
}

LintResult Numeric(std::string_view data) {
  for (size_t i = 0; i < data.size(); ++i) {
    if (!IsDigit(data[i])) return Fault(i, 1, "a character that is not a digit");
  }
  return std::nullopt;
}

LintResult Cset64(std::string_view data) {
  size_t pads = 0;
  while (pads < data.size() && data[data.size() - 1 - pads] == '=') ++pads;
  size_t len = data.size() - pads;
  if (pads > 2 || (pads > 0 && data.size() % 3 != 0)) {
    return Fault(len, pads, "incorrect base64 padding");
  }
  return Within(data.substr(0, len), kCset64, "a character outside the base64url set");
}

// The GS1 mod-10 check digit: weights 3 and 1 alternating from the right.
LintResult Csum(std::string_view data) {
  if (data.empty()) return Fault(0, 0, "no room for a check digit");
  if (auto bad = Numeric(data)) return bad;
  int sum = 0, weight = data.size() % 2 == 0 ? 3 : 1;
  for (size_t i = 0; i + 1 < data.size(); ++i, weight = 4 - weight) sum += weight * (data[i] - '0');
  if ((10 - sum % 10) % 10 != data.back() - '0') {
    return Fault(data.size() - 1, 1, "an incorrect check digit");
  }
  return std::nullopt;
}

// The GS1 check character pair: the data characters' CSET 82 positions
// weighted by primes from the right, modulo 1021, written as two CSET 32
// characters of five bits each.
LintResult CsumAlpha(std::string_view data) {
  constexpr std::array<int, 97> kPrimes = {
      2,   3,   5,   7,   11,  13,  17,  19,  23,  29,  31,  37,  41,  43,  47,  53,  59,
      61,  67,  71,  73,  79,  83,  89,  97,  101, 103, 107, 109, 113, 127, 131, 137, 139,
      149, 151, 157, 163, 167, 173, 179, 181, 191, 193, 197, 199, 211, 223, 227, 229, 233,
      239, 241, 251, 257, 263, 269, 271, 277, 281, 283, 293, 307, 311, 313, 317, 331, 337,
      347, 349, 353, 359, 367, 373, 379, 383, 389, 397, 401, 409, 419, 421, 431, 433, 439,
      443, 449, 457, 461, 463, 467, 479, 487, 491, 499, 503, 509};
  constexpr std::string_view kCset32 = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
  if (data.size() > kPrimes.size() + 2) return Fault(0, data.size(), "too long for a check pair");
  if (data.size() < 2) return Fault(0, data.size(), "no room for a check character pair");
  int sum = 0;
  for (size_t i = 0; i + 2 < data.size(); ++i) {
    auto at = kCset82Chars.find(data[i]);
    if (at == std::string_view::npos) return Fault(i, 1, "a character outside CSET 82");
    sum += static_cast<int>(at) * kPrimes[data.size() - 3 - i];
  }
  sum %= 1021;
  if (data[data.size() - 2] != kCset32[sum >> 5] || data.back() != kCset32[sum & 31]) {
    return Fault(data.size() - 2, 2, "an incorrect check character pair");
  }
  return std::nullopt;
}

// A GS1 Company Prefix starts the data (gcppos1) or its second character
// (gcppos2): at least its shortest length, four digits, must be there.
LintResult GcpPos1(std::string_view data) {
  constexpr size_t kShortestPrefix = 4;
  if (data.size() < kShortestPrefix) return Fault(0, data.size(), "no room for a company prefix");
  for (size_t i = 0; i < kShortestPrefix; ++i) {
    if (!IsDigit(data[i])) return Fault(i, 1, "a company prefix that is not all digits");
  }
  return std::nullopt;
}

LintResult GcpPos2(std::string_view data) {
  if (data.size() < 2) return Fault(0, data.size(), "no room for a company prefix");
  auto bad = GcpPos1(data.substr(1));
  if (bad) bad->pos += 1;
  return bad;
}

LintResult Exactly(std::string_view data, size_t length, std::string_view what) {
  if (data.size() != length) return Fault(0, data.size(), what);
  return Numeric(data);
}

LintResult UpTo(std::string_view data, int most, std::string_view length, std::string_view what) {
  if (auto bad = Exactly(data, 2, length)) return bad;
  if (Two(data, 0) > most) return Fault(0, 2, what);
  return std::nullopt;
}

LintResult Hhmi(std::string_view data) {
  if (auto bad = Exactly(data, 4, "a time that is not HHMM")) return bad;
  if (auto bad = UpTo(data.substr(0, 2), 23, "", "an illegal hour")) return bad;
  auto bad = UpTo(data.substr(2), 59, "", "an illegal minute");
  if (bad) bad->pos += 2;
  return bad;
}

// YYYYMMDD; day 00 allowed when `day_zero` (GS1: the last day of the month).
LintResult FullDate(std::string_view data, bool day_zero) {
  if (auto bad = Exactly(data, 8, "a date of the wrong length")) return bad;
  int year = Two(data, 0) * 100 + Two(data, 2), month = Two(data, 4), day = Two(data, 6);
  if (month < 1 || month > 12) return Fault(4, 2, "an illegal month");
  constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  int last = month == 2 && leap ? 29 : kDays[month - 1];
  if (day > last || (day == 0 && !day_zero)) return Fault(6, 2, "an illegal day");
  return std::nullopt;
}

// YYMMDD, the century by the rule of the GS1 General Specifications.
LintResult ShortDate(std::string_view data, bool day_zero, int this_year) {
  if (auto bad = Exactly(data, 6, "a date of the wrong length")) return bad;
  int yy = Two(data, 0), behind = yy - this_year % 100;
  int century = this_year / 100 + (behind >= 51 ? -1 : behind <= -50 ? 1 : 0);
  std::array<char, 8> full{};
  full[0] = static_cast<char>('0' + century / 10);
  full[1] = static_cast<char>('0' + century % 10);
  for (size_t i = 0; i < 6; ++i) full[i + 2] = data[i];
  auto bad = FullDate(std::string_view(full.data(), full.size()), day_zero);
  if (bad) bad->pos -= 2;
  return bad;
}

}  // namespace

LintResult Lint(Linter linter, std::string_view data, int this_year) {
  switch (linter) {
    case Linter::kNumeric:
      return Numeric(data);
    case Linter::kCset82:
      return Within(data, kCset82, "a character outside CSET 82");
    case Linter::kCset39:
      return Within(data, kCset39, "a character outside CSET 39");
    case Linter::kCset64:
      return Cset64(data);
    case Linter::kCsum:
      return Csum(data);
    case Linter::kCsumAlpha:
      return CsumAlpha(data);
    case Linter::kGcpPos1:
      return GcpPos1(data);
    case Linter::kGcpPos2:
      return GcpPos2(data);
    case Linter::kHh:
      return UpTo(data, 23, "an hour that is not HH", "an illegal hour");
    case Linter::kMi:
      return UpTo(data, 59, "a minute that is not MM", "an illegal minute");
    case Linter::kSs:
      return UpTo(data, 59, "a second that is not SS", "an illegal second");
    case Linter::kHhmi:
      return Hhmi(data);
    case Linter::kYymmd0:
      return ShortDate(data, true, this_year);
    case Linter::kYymmdd:
      return ShortDate(data, false, this_year);
    case Linter::kYyyymmd0:
      return FullDate(data, true);
    case Linter::kYyyymmdd:
      return FullDate(data, false);
    case Linter::kCouponCode:
      return lint::CouponCode(data);
    case Linter::kCouponPosOffer:
      return lint::CouponPosOffer(data);
    case Linter::kHasNonDigit:
      return lint::HasNonDigit(data);
    case Linter::kHyphen:
      return lint::Hyphen(data);
    case Linter::kIban:
      return lint::Iban(data);
    case Linter::kImporterIdx:
      return lint::ImporterIdx(data);
    case Linter::kIso3166:
      return lint::Iso3166(data);
    case Linter::kIso3166999:
      return lint::Iso3166999(data);
    case Linter::kIso3166Alpha2:
      return lint::Iso3166Alpha2(data);
    case Linter::kIso4217:
      return lint::Iso4217(data);
    case Linter::kIso5218:
      return lint::Iso5218(data);
    case Linter::kLatitude:
      return lint::Latitude(data);
    case Linter::kLongitude:
      return lint::Longitude(data);
    case Linter::kMediaType:
      return lint::MediaType(data);
    case Linter::kNonZero:
      return lint::NonZero(data);
    case Linter::kNoZeroPrefix:
      return lint::NoZeroPrefix(data);
    case Linter::kPackageType:
      return lint::PackageType(data);
    case Linter::kPcenc:
      return lint::Pcenc(data);
    case Linter::kPieceOfTotal:
      return lint::PieceOfTotal(data);
    case Linter::kPosInSeqSlash:
      return lint::PosInSeqSlash(data);
    case Linter::kWinding:
      return lint::Winding(data);
    case Linter::kYesNo:
      return lint::YesNo(data);
    case Linter::kZero:
      return lint::Zero(data);
  }
  return std::nullopt;
}

}  // namespace zapas::gs1
