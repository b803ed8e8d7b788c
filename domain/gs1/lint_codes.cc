// The GS1 linters that check a component against a code list (ISO 3166
// countries, ISO 4217 currencies, IBAN countries, UN/ECE package types, AIDC
// media types) and the small format rules (n/m positions, piece of total,
// percent-encoding, coordinates, fixed values). Declared in
// domain/gs1/lint_parts.h; each behaves as the GS1 Barcode Syntax Engine's
// linter of the same name, error position included.
#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string_view>

#include "domain/gs1/lint_parts.h"

namespace zapas::gs1::lint {
namespace {

// The code lists, as the GS1 Barcode Syntax Engine has them in June 2026. ISO
// 3166-1 agrees with Debian's iso-codes 4.15; ISO 4217 is newer than it (396
// and 924 added; 191, 694, 931 and 932 withdrawn). Each strictly ascending, for
// binary search.

// ISO 3166-1 numeric ("num-3") country codes.
constexpr auto kIso3166Numeric = std::to_array<uint16_t>({
    4,   8,   10,  12,  16,  20,  24,  28,  31,  32,  36,  40,  44,  48,  50,  51,  52,  56,
    60,  64,  68,  70,  72,  74,  76,  84,  86,  90,  92,  96,  100, 104, 108, 112, 116, 120,
    124, 132, 136, 140, 144, 148, 152, 156, 158, 162, 166, 170, 174, 175, 178, 180, 184, 188,
    191, 192, 196, 203, 204, 208, 212, 214, 218, 222, 226, 231, 232, 233, 234, 238, 239, 242,
    246, 248, 250, 254, 258, 260, 262, 266, 268, 270, 275, 276, 288, 292, 296, 300, 304, 308,
    312, 316, 320, 324, 328, 332, 334, 336, 340, 344, 348, 352, 356, 360, 364, 368, 372, 376,
    380, 384, 388, 392, 398, 400, 404, 408, 410, 414, 417, 418, 422, 426, 428, 430, 434, 438,
    440, 442, 446, 450, 454, 458, 462, 466, 470, 474, 478, 480, 484, 492, 496, 498, 499, 500,
    504, 508, 512, 516, 520, 524, 528, 531, 533, 534, 535, 540, 548, 554, 558, 562, 566, 570,
    574, 578, 580, 581, 583, 584, 585, 586, 591, 598, 600, 604, 608, 612, 616, 620, 624, 626,
    630, 634, 638, 642, 643, 646, 652, 654, 659, 660, 662, 663, 666, 670, 674, 678, 682, 686,
    688, 690, 694, 702, 703, 704, 705, 706, 710, 716, 724, 728, 729, 732, 740, 744, 748, 752,
    756, 760, 762, 764, 768, 772, 776, 780, 784, 788, 792, 795, 796, 798, 800, 804, 807, 818,
    826, 831, 832, 833, 834, 840, 850, 854, 858, 860, 862, 876, 882, 887, 894,
});
static_assert(kIso3166Numeric.size() == 249);

// ISO 3166-1 alpha-2 country codes.
constexpr auto kIso3166Alpha2 = std::to_array<std::string_view>({
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ",
    "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS",
    "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN",
    "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE",
    "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF",
    "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM",
    "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM",
    "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC",
    "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK",
    "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA",
    "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG",
    "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW",
    "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS",
    "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO",
    "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
    "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW",
});
static_assert(kIso3166Alpha2.size() == 249);

// ISO 4217 numeric currency codes, funds and precious metals (9xx) included.
constexpr auto kIso4217Numeric = std::to_array<uint16_t>({
    8,   12,  32,  36,  44,  48,  50,  51,  52,  60,  64,  68,  72,  84,  90,  96,  104, 108,
    116, 124, 132, 136, 144, 152, 156, 170, 174, 188, 192, 203, 208, 214, 222, 230, 232, 238,
    242, 262, 270, 292, 320, 324, 328, 332, 340, 344, 348, 352, 356, 360, 364, 368, 376, 388,
    392, 396, 398, 400, 404, 408, 410, 414, 417, 418, 422, 426, 430, 434, 446, 454, 458, 462,
    480, 484, 496, 498, 504, 512, 516, 524, 532, 533, 548, 554, 558, 566, 578, 586, 590, 598,
    600, 604, 608, 634, 643, 646, 654, 682, 690, 702, 704, 706, 710, 728, 748, 752, 756, 760,
    764, 776, 780, 784, 788, 800, 807, 818, 826, 834, 840, 858, 860, 882, 886, 901, 924, 925,
    926, 927, 928, 929, 930, 933, 934, 936, 938, 940, 941, 943, 944, 946, 947, 948, 949, 950,
    951, 952, 953, 955, 956, 957, 958, 959, 960, 961, 962, 963, 964, 965, 967, 968, 969, 970,
    971, 972, 973, 975, 976, 977, 978, 979, 980, 981, 984, 985, 986, 990, 994, 997, 999,
});
static_assert(kIso4217Numeric.size() == 179);

// GS1 PackageTypeCode: the UN/ECE Recommendation 21 codes and GS1's own.
constexpr auto kPackageTypes = std::to_array<std::string_view>({
    "1A",  "1B",  "1D",  "1F", "1G",  "1W",  "200", "201", "202", "203", "204", "205", "206", "210",
    "211", "212", "2C",  "3A", "3H",  "43",  "44",  "4A",  "4B",  "4C",  "4D",  "4F",  "4G",  "4H",
    "5H",  "5L",  "5M",  "6H", "6P",  "7A",  "7B",  "8",   "8A",  "8B",  "8C",  "9",   "AA",  "AB",
    "AC",  "AD",  "AF",  "AG", "AH",  "AI",  "AJ",  "AL",  "AM",  "AP",  "APE", "AT",  "AV",  "B4",
    "BB",  "BC",  "BD",  "BE", "BF",  "BG",  "BGE", "BH",  "BI",  "BJ",  "BK",  "BL",  "BM",  "BME",
    "BN",  "BO",  "BP",  "BQ", "BR",  "BRI", "BS",  "BT",  "BU",  "BV",  "BW",  "BX",  "BY",  "BZ",
    "CA",  "CB",  "CBL", "CC", "CCE", "CD",  "CE",  "CF",  "CG",  "CH",  "CI",  "CJ",  "CK",  "CL",
    "CM",  "CN",  "CO",  "CP", "CQ",  "CR",  "CS",  "CT",  "CU",  "CV",  "CW",  "CX",  "CY",  "CZ",
    "DA",  "DB",  "DC",  "DG", "DH",  "DI",  "DJ",  "DK",  "DL",  "DM",  "DN",  "DP",  "DPE", "DR",
    "DS",  "DT",  "DU",  "DV", "DW",  "DX",  "DY",  "E1",  "E2",  "E3",  "EC",  "ED",  "EE",  "EF",
    "EG",  "EH",  "EI",  "EN", "FB",  "FC",  "FD",  "FE",  "FI",  "FL",  "FO",  "FOB", "FP",  "FPE",
    "FR",  "FT",  "FW",  "FX", "GB",  "GI",  "GL",  "GR",  "GU",  "GY",  "GZ",  "HA",  "HB",  "HC",
    "HG",  "HN",  "HR",  "IA", "IB",  "IC",  "ID",  "IE",  "IF",  "IG",  "IH",  "IK",  "IL",  "IN",
    "IZ",  "JB",  "JC",  "JG", "JR",  "JT",  "JY",  "KG",  "KI",  "LAB", "LE",  "LG",  "LT",  "LU",
    "LV",  "LZ",  "MA",  "MB", "MC",  "ME",  "MPE", "MR",  "MS",  "MT",  "MW",  "MX",  "NA",  "NE",
    "NF",  "NG",  "NS",  "NT", "NU",  "NV",  "OA",  "OB",  "OC",  "OD",  "OE",  "OF",  "OK",  "OPE",
    "OT",  "OU",  "P2",  "PA", "PAE", "PB",  "PC",  "PD",  "PE",  "PF",  "PG",  "PH",  "PI",  "PJ",
    "PK",  "PL",  "PLP", "PN", "PO",  "POP", "PP",  "PPE", "PR",  "PT",  "PU",  "PUE", "PV",  "PX",
    "PY",  "PZ",  "QA",  "QB", "QC",  "QD",  "QF",  "QG",  "QH",  "QJ",  "QK",  "QL",  "QM",  "QN",
    "QP",  "QQ",  "QR",  "QS", "RB1", "RB2", "RB3", "RCB", "RD",  "RG",  "RJ",  "RK",  "RL",  "RO",
    "RT",  "RZ",  "S1",  "SA", "SB",  "SC",  "SD",  "SE",  "SEC", "SH",  "SI",  "SK",  "SL",  "SM",
    "SO",  "SP",  "SS",  "ST", "STL", "SU",  "SV",  "SW",  "SX",  "SY",  "SZ",  "T1",  "TB",  "TC",
    "TD",  "TE",  "TEV", "TG", "THE", "TI",  "TK",  "TL",  "TN",  "TO",  "TR",  "TRE", "TS",  "TT",
    "TTE", "TU",  "TV",  "TW", "TWE", "TY",  "TZ",  "UC",  "UN",  "UUE", "VA",  "VG",  "VI",  "VK",
    "VL",  "VN",  "VO",  "VP", "VQ",  "VR",  "VS",  "VY",  "WA",  "WB",  "WC",  "WD",  "WF",  "WG",
    "WH",  "WJ",  "WK",  "WL", "WM",  "WN",  "WP",  "WQ",  "WR",  "WRP", "WS",  "WT",  "WU",  "WV",
    "WW",  "WX",  "WY",  "WZ", "X11", "X12", "X15", "X16", "X17", "X18", "X19", "X20", "X3",  "XA",
    "XB",  "XC",  "XD",  "XF", "XG",  "XH",  "XJ",  "XK",  "YA",  "YB",  "YC",  "YD",  "YF",  "YG",
    "YH",  "YJ",  "YK",  "YL", "YM",  "YN",  "YP",  "YQ",  "YR",  "YS",  "YT",  "YV",  "YW",  "YX",
    "YY",  "YZ",  "ZA",  "ZB", "ZC",  "ZD",  "ZF",  "ZG",  "ZH",  "ZJ",  "ZK",  "ZL",  "ZM",  "ZN",
    "ZP",  "ZQ",  "ZR",  "ZS", "ZT",  "ZU",  "ZV",  "ZW",  "ZX",  "ZY",  "ZZ",
});
static_assert(kPackageTypes.size() == 431);

template <typename List>
constexpr bool StrictlyAscending(const List& list) {
  return std::ranges::adjacent_find(list, std::greater_equal<>{}) == list.end();
}
static_assert(StrictlyAscending(kIso3166Numeric));
static_assert(StrictlyAscending(kIso3166Alpha2));
static_assert(StrictlyAscending(kIso4217Numeric));
static_assert(StrictlyAscending(kPackageTypes));

constexpr bool IsDigit(char c) { return c >= '0' && c <= '9'; }
constexpr bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
constexpr bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
constexpr bool IsHex(char c) {
  return IsDigit(c) || (c >= 'A' && c <= 'F') || (c >= 'a' && c <= 'f');
}

constexpr LintResult Fault(size_t pos, size_t len, std::string_view what) {
  return LintError{.pos = pos, .len = len, .what = what};
}
constexpr LintResult Whole(std::string_view data, std::string_view what) {
  return Fault(0, data.size(), what);
}

// The first non-digit, as a fault; nullopt if all are digits.
LintResult NonDigit(std::string_view data) {
  for (size_t i = 0; i < data.size(); ++i) {
    if (!IsDigit(data[i])) return Fault(i, 1, "a character that is not a digit");
  }
  return std::nullopt;
}

// A three-digit component in `list` of numeric codes.
template <size_t N>
bool InNumericList(std::string_view data, const std::array<uint16_t, N>& list) {
  if (data.size() != 3 || !IsDigit(data[0]) || !IsDigit(data[1]) || !IsDigit(data[2])) {
    return false;
  }
  const auto code =
      static_cast<uint16_t>((data[0] - '0') * 100 + (data[1] - '0') * 10 + (data[2] - '0'));
  return std::ranges::binary_search(list, code);
}

bool IsIso3166Alpha2(std::string_view code) {
  return code.size() == 2 && IsUpper(code[0]) && IsUpper(code[1]) &&
         std::ranges::binary_search(kIso3166Alpha2, code);
}

// Whether `data` is exactly one character, one of `allowed`.
bool OneOf(std::string_view data, std::string_view allowed) {
  return data.size() == 1 && allowed.find(data[0]) != std::string_view::npos;
}

// A ten-digit coordinate of at most `max`.
LintResult Coordinate(std::string_view data, uint64_t max, std::string_view wrong_length,
                      std::string_view out_of_range) {
  if (data.size() != 10) return Whole(data, wrong_length);
  if (auto fault = NonDigit(data)) return fault;
  uint64_t value = 0;
  for (char c : data) value = value * 10 + static_cast<uint64_t>(c - '0');
  if (value > max) return Whole(data, out_of_range);
  return std::nullopt;
}

// -1, 0 or 1 as the digit strings `a` and `b`, of equal length, compare.
int CompareDigits(std::string_view a, std::string_view b) {
  const int c = a.compare(b);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

}  // namespace

LintResult Iso3166(std::string_view data) {
  if (InNumericList(data, kIso3166Numeric)) return std::nullopt;
  return Whole(data, "an unknown ISO 3166 country code");
}

LintResult Iso3166999(std::string_view data) {
  if (data == "999" || InNumericList(data, kIso3166Numeric)) return std::nullopt;
  return Whole(data, "neither an ISO 3166 country code nor 999");
}

LintResult Iso3166Alpha2(std::string_view data) {
  if (IsIso3166Alpha2(data)) return std::nullopt;
  return Whole(data, "an unknown ISO 3166 alpha-2 country code");
}

LintResult Iso4217(std::string_view data) {
  if (InNumericList(data, kIso4217Numeric)) return std::nullopt;
  return Whole(data, "an unknown ISO 4217 currency code");
}

LintResult Iso5218(std::string_view data) {
  if (OneOf(data, "0129")) return std::nullopt;
  return Whole(data, "an invalid ISO/IEC 5218 sex code");
}

// ISO 13616: two letters of an ISO 3166 country, two check digits, then the
// account; at most 34 characters. The check: with the first four characters
// moved to the end and each letter read as the number 10 (A) to 35 (Z), the
// whole is 1 modulo 97. No per-country length is checked.
LintResult Iban(std::string_view data) {
  constexpr size_t kMaxLength = 34;
  constexpr size_t kShortest = 11;  // no agreed minimum; enough for the check characters
  if (data.size() < 4) return Whole(data, "too few characters for an IBAN");
  if (!IsIso3166Alpha2(data.substr(0, 2))) return Fault(0, 2, "an unknown IBAN country code");
  if (data.size() > kMaxLength) return Whole(data, "too many characters for an IBAN");
  if (data.size() < kShortest) return Whole(data, "too few characters for an IBAN");
  unsigned remainder = 0;
  for (size_t k = 0; k < data.size(); ++k) {
    const size_t i = (k + 4) % data.size();  // from the fifth character on, then the first four
    const char c = data[i];
    if (IsDigit(c)) {
      remainder = (remainder * 10 + static_cast<unsigned>(c - '0')) % 97;
    } else if (IsUpper(c)) {
      remainder = (remainder * 100 + static_cast<unsigned>(c - 'A' + 10)) % 97;
    } else {
      return Fault(i, 1, "an invalid IBAN character");
    }
  }
  if (remainder != 1) return Fault(2, 2, "an incorrect IBAN checksum");
  return std::nullopt;
}

// EU 2018/574 importer index: one of "-", digits, letters or "_".
LintResult ImporterIdx(std::string_view data) {
  if (data.size() != 1) return Whole(data, "an importer index that is not one character");
  const char c = data[0];
  if (c == '-' || c == '_' || IsDigit(c) || IsUpper(c) || IsLower(c)) return std::nullopt;
  return Fault(0, 1, "an invalid importer index character");
}

LintResult PackageType(std::string_view data) {
  if (std::ranges::binary_search(kPackageTypes, data)) return std::nullopt;
  return Whole(data, "an unknown package type code");
}

// AIDC media types: 01-10 (ICCBBA) and 80-99 (ICCBBA local use).
LintResult MediaType(std::string_view data) {
  if (data.size() == 2 && IsDigit(data[0]) && IsDigit(data[1])) {
    const int type = (data[0] - '0') * 10 + (data[1] - '0');
    if ((type >= 1 && type <= 10) || type >= 80) return std::nullopt;
  }
  return Whole(data, "an unknown AIDC media type");
}

// "<position>/<end>": both numbers without a leading zero (so not zero), the
// position not past the end.
LintResult PosInSeqSlash(std::string_view data) {
  constexpr std::string_view kMalformed = "a position in sequence not of the form n/m";
  const size_t slash = data.find('/');
  if (slash == 0 || slash == std::string_view::npos || slash + 1 == data.size()) {
    return Whole(data, kMalformed);
  }
  const std::string_view position = data.substr(0, slash);
  const std::string_view end = data.substr(slash + 1);
  const auto all_digits = [](std::string_view s) { return std::ranges::all_of(s, IsDigit); };
  if (!all_digits(position) || !all_digits(end)) return Whole(data, kMalformed);
  if (position[0] == '0') return Fault(0, position.size(), "a number with a leading zero");
  if (end[0] == '0') return Fault(slash + 1, end.size(), "a number with a leading zero");
  if (position.size() > end.size() ||
      (position.size() == end.size() && CompareDigits(position, end) > 0)) {
    return Whole(data, "a position beyond the end of the sequence");
  }
  return std::nullopt;
}

// Piece and total, digits of equal length: "0103" is piece 1 of 3.
LintResult PieceOfTotal(std::string_view data) {
  if (auto fault = NonDigit(data)) return fault;
  if (data.empty() || data.size() % 2 != 0) {
    return Whole(data, "a length that does not split into piece and total");
  }
  const size_t half = data.size() / 2;
  const std::string_view piece = data.substr(0, half);
  const std::string_view total = data.substr(half);
  const auto zero = [](std::string_view s) { return s.find_first_not_of('0') == s.npos; };
  if (zero(piece)) return Fault(0, half, "a piece number of zero");
  if (zero(total)) return Fault(half, half, "a total of zero pieces");
  if (CompareDigits(piece, total) > 0) return Whole(data, "a piece number larger than the total");
  return std::nullopt;
}

// Every "%" followed by two hex digits. The fault is the "%" and the two
// characters after it, or as many as there are.
LintResult Pcenc(std::string_view data) {
  for (size_t i = 0; i < data.size(); ++i) {
    if (data[i] != '%') continue;
    if (data.size() - i < 3) return Fault(i, data.size() - i, "an invalid percent-encoding");
    if (!IsHex(data[i + 1]) || !IsHex(data[i + 2])) {
      return Fault(i, 3, "an invalid percent-encoding");
    }
    i += 2;
  }
  return std::nullopt;
}

LintResult Latitude(std::string_view data) {
  return Coordinate(data, 1800000000, "a latitude that is not ten digits",
                    "a latitude out of range");
}

LintResult Longitude(std::string_view data) {
  return Coordinate(data, 3600000000, "a longitude that is not ten digits",
                    "a longitude out of range");
}

// One or more hyphens.
LintResult Hyphen(std::string_view data) {
  if (!data.empty() && data.find_first_not_of('-') == std::string_view::npos) return std::nullopt;
  return Whole(data, "something other than hyphens");
}

LintResult YesNo(std::string_view data) {
  if (OneOf(data, "01")) return std::nullopt;
  return Whole(data, "a value other than 0 or 1");
}

// Digits, at least one of them not "0".
LintResult NonZero(std::string_view data) {
  if (auto fault = NonDigit(data)) return fault;
  if (data.find_first_not_of('0') == std::string_view::npos) return Whole(data, "a value of zero");
  return std::nullopt;
}

// One or more "0".
LintResult Zero(std::string_view data) {
  if (!data.empty() && data.find_first_not_of('0') == std::string_view::npos) return std::nullopt;
  return Whole(data, "a value other than zero");
}

LintResult Winding(std::string_view data) {
  if (OneOf(data, "019")) return std::nullopt;
  return Whole(data, "a winding direction other than 0, 1 or 9");
}

LintResult HasNonDigit(std::string_view data) {
  if (std::ranges::all_of(data, IsDigit)) return Whole(data, "only digits");
  return std::nullopt;
}

// Digits, the first not "0": "0" itself is refused too. The leading zero is
// reported before any non-digit.
LintResult NoZeroPrefix(std::string_view data) {
  if (!data.empty() && data[0] == '0') return Fault(0, 1, "a leading zero");
  return NonDigit(data);
}

}  // namespace zapas::gs1::lint
