// Scanner input read into GS1 elements and the facts Zapas takes from them
// (domain/gs1/scan.h).
#include "domain/gs1/scan.h"

#include <algorithm>

namespace zapas::gs1 {
namespace {

constexpr size_t kLongestScan = 8190;  // after the symbology identifier, as GS1's reference engine

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool IsDigitalLink(std::string_view text) {
  for (std::string_view scheme : {"https://", "HTTPS://", "http://", "HTTP://"}) {
    if (text.substr(0, scheme.size()) == scheme) return true;
  }
  return false;
}

bool IsGtinLength(size_t n) { return n == 8 || n == 12 || n == 13 || n == 14; }

// ]E0 / ]E4: the primary digits, then optionally "|]e0" and a composite.
Status ReadPrimary(std::string_view data, size_t length, const ParseOptions& options, Scan& scan) {
  if (data.size() < length) return Status::Field("data", "is too short for an EAN/UPC");
  std::string_view digits = data.substr(0, length), rest = data.substr(length);
  if (!rest.empty() && rest.substr(0, 4) != "|]e0") {
    return Status::Field("data", "is too long for an EAN/UPC");
  }
  if (!AllDigits(digits)) return Status::Field("data", "has an EAN/UPC that is not all digits");
  if (!HasValidCheckDigit(digits))
    return Status::Field("data", "has an EAN/UPC with an incorrect check digit");
  scan.primary = std::string(digits);
  if (rest.empty()) return Status::Ok();
  ZAPAS_ASSIGN_OR_RETURN(scan.elements, ParseElementString(rest.substr(4), options));
  return Status::Ok();
}

// Plain data: a Digital Link URI is GS1 data, anything else stays text.
Status ReadPlain(std::string_view data, const ParseOptions& options, Scan& scan) {
  if (IsDigitalLink(data)) {
    ZAPAS_ASSIGN_OR_RETURN(scan.elements, ParseDigitalLink(data, options));
  } else {
    scan.text = std::string(data);
  }
  return Status::Ok();
}

// Data that came without a symbology identifier: its form tells what it is.
Status ReadUnmarked(std::string_view data, const ParseOptions& options, Scan& scan) {
  if (!data.empty() && data[0] == '(') {
    ZAPAS_ASSIGN_OR_RETURN(scan.elements, ParseBracketed(data, options));
    return Status::Ok();
  }
  if (IsDigitalLink(data)) return ReadPlain(data, options, scan);
  const bool gtin_like = AllDigits(data) && IsGtinLength(data.size());
  if (gtin_like && HasValidCheckDigit(data)) {
    scan.primary = std::string(data);
    return Status::Ok();
  }
  // Digits that are no GTIN may still be AIs: "17271231" is an expiry alone.
  if (!data.empty() && data[0] == kGroupSeparator) data.remove_prefix(1);  // FNC1 in first
  if (FindAiAtStart(data) != nullptr) {
    auto elements = ParseElementString(data, options);
    if (elements.ok()) {
      scan.elements = std::move(elements).value();
      return Status::Ok();
    }
    if (!gtin_like) return elements.status();
  }
  if (gtin_like) return Status::Field("data", "is a GTIN with an incorrect check digit");
  // Without an identifier, text is read only when it is one of Zapas' labels:
  // anything else is refused, as GS1's reference engine refuses it.
  if (!ReadLotLabel(data)) {
    return Status::Field("data",
                         "is not a barcode Zapas reads: no symbology identifier, and not GS1 data, "
                         "a GTIN or a Zapas lot label");
  }
  scan.text = std::string(data);
  return Status::Ok();
}

std::string Encode(std::string_view part) {
  constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : part) {
    auto u = static_cast<unsigned char>(c);
    if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
        c == '.' || c == '_' || c == '~') {
      out += c;
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 15];
    }
  }
  return out;
}

std::optional<std::string> Decode(std::string_view part) {
  std::string out;
  for (size_t i = 0; i < part.size(); ++i) {
    if (part[i] != '%') {
      out += part[i];
      continue;
    }
    if (i + 2 >= part.size()) return std::nullopt;
    auto hex = [](char c) {
      return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    };
    int hi = hex(part[i + 1]), lo = hex(part[i + 2]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

// A weight of six digits with `decimals` of them after the point, in whole
// thousandths of a kilogram; nullopt when it has finer parts than those.
std::optional<Quantity> Kilograms(std::string_view six, int decimals) {
  int64_t raw = std::stoll(std::string(six)), scale = 1;
  for (int i = 3; i < decimals; ++i) scale *= 10;
  for (int i = decimals; i < 3; ++i) raw *= 10;
  if (raw % scale != 0) return std::nullopt;
  return Quantity::FromMilli(raw / scale);
}

const Element* Find(const Elements& elements, std::string_view ai) {
  for (const Element& e : elements) {
    if (e.ai == ai) return &e;
  }
  return nullptr;
}

}  // namespace

Result<Scan> ReadScan(std::string_view data, const ParseOptions& options) {
  while (!data.empty() && (data.back() == '\n' || data.back() == '\r')) data.remove_suffix(1);
  const bool identified = data.size() >= 3 && data[0] == ']';
  if (data.size() - (identified ? 3 : 0) > kLongestScan) {
    return Status::Field("data", "is too long for a barcode");
  }
  Scan scan;
  if (identified) {
    scan.symbology = std::string(data.substr(1, 2));
    std::string_view body = data.substr(3);
    const std::string& id = scan.symbology;
    if (id == "C1" || id == "e0" || id == "d2" || id == "Q3" || id == "J1") {
      // Some decoders also send the FNC1 in first position, as GS.
      if (!body.empty() && body[0] == kGroupSeparator) body.remove_prefix(1);
      ZAPAS_ASSIGN_OR_RETURN(scan.elements, ParseElementString(body, options));
    } else if (id == "E0" || id == "E4") {
      ZAPAS_RETURN_IF_ERROR(ReadPrimary(body, id == "E0" ? 13 : 8, options, scan));
    } else if (id == "d1" || id == "Q1" || id == "J0") {
      ZAPAS_RETURN_IF_ERROR(ReadPlain(body, options, scan));
    } else {
      return Status::Field("data", "has a symbology identifier \"]" + id + "\" that is not GS1's");
    }
  } else if (data.empty()) {
    return Status::Field("data", "is empty");
  } else if (data[0] == ']') {
    return Status::Field("data", "has an incomplete symbology identifier");
  } else {
    ZAPAS_RETURN_IF_ERROR(ReadUnmarked(data, options, scan));
  }
  ZAPAS_RETURN_IF_ERROR(CheckPairs(scan.elements));
  if (!options.partial) {
    if (auto missing = MissingPartners(scan.elements); !missing.empty()) {
      return Status::Field("data", missing.front());
    }
  }
  return scan;
}

bool HasValidCheckDigit(std::string_view digits) {
  return AllDigits(digits) &&
         !Lint(Linter::kCsum, digits, 0).has_value();  // the csum linter's rule
}

Result<std::string> NormalizeGtin(std::string_view gtin) {
  if (!AllDigits(gtin) || !IsGtinLength(gtin.size())) {
    return Status::Field("gtin", "must be a GTIN-8, -12, -13 or -14: 8, 12, 13 or 14 digits");
  }
  if (!HasValidCheckDigit(gtin)) return Status::Field("gtin", "has an incorrect check digit");
  return std::string(14 - gtin.size(), '0') + std::string(gtin);
}

Date DateOfYymmdd(std::string_view yymmdd, int this_year) {
  int yy = (yymmdd[0] - '0') * 10 + (yymmdd[1] - '0');
  int behind = yy - this_year % 100;
  int century = this_year / 100 + (behind >= 51 ? -1 : behind <= -50 ? 1 : 0);
  int year = century * 100 + yy;
  unsigned month = static_cast<unsigned>((yymmdd[2] - '0') * 10 + (yymmdd[3] - '0'));
  unsigned day = static_cast<unsigned>((yymmdd[4] - '0') * 10 + (yymmdd[5] - '0'));
  if (day == 0) return Date::FromCivil(year, month, 1).EndOfMonth();
  return Date::FromCivil(year, month, day);
}

ScanFacts Interpret(const Scan& scan, const ParseOptions& options) {
  ScanFacts facts;
  const Elements& e = scan.elements;
  if (const Element* gtin = Find(e, "01")) {
    facts.gtin = gtin->value;
  } else if (const Element* content = Find(e, "02")) {
    facts.gtin = content->value;
    facts.contents = true;
  } else if (!scan.primary.empty()) {
    facts.gtin = std::string(14 - scan.primary.size(), '0') + scan.primary;
  }
  if (const Element* lot = Find(e, "10")) facts.lot = lot->value;
  if (const Element* serial = Find(e, "21")) facts.serial = serial->value;
  if (const Element* sscc = Find(e, "00")) facts.sscc = sscc->value;
  const Element* expiry = Find(e, "17");
  if (expiry == nullptr) expiry = Find(e, "15");
  if (expiry != nullptr) facts.expiry = DateOfYymmdd(expiry->value, options.this_year);
  const Element* count = Find(e, "30");
  if (count == nullptr) count = Find(e, "37");
  if (count != nullptr) facts.count = std::stoll(count->value);
  if (const Element* produced = Find(e, "11")) {
    facts.produced = DateOfYymmdd(produced->value, options.this_year);
  }
  for (const Element& w : e) {
    const bool net = w.ai.compare(0, 3, "310") == 0, gross = w.ai.compare(0, 3, "330") == 0;
    if (w.ai.size() != 4 || (!net && !gross)) continue;
    if (auto kg = Kilograms(w.value, w.ai[3] - '0')) (net ? facts.net_kg : facts.gross_kg) = kg;
  }
  return facts;
}

std::string LotLabelText(std::string_view sku, std::string_view lot) {
  return "ZAPAS:" + Encode(sku) + ":" + Encode(lot);
}

std::optional<std::pair<std::string, std::string>> ReadLotLabel(std::string_view text) {
  if (text.substr(0, 6) != "ZAPAS:") return std::nullopt;
  text.remove_prefix(6);
  auto colon = text.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  auto sku = Decode(text.substr(0, colon)), lot = Decode(text.substr(colon + 1));
  if (!sku || !lot || sku->empty() || lot->empty()) return std::nullopt;
  return std::make_pair(std::move(*sku), std::move(*lot));
}

}  // namespace zapas::gs1
