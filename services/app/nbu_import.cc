#include "services/app/nbu_import.h"

#include <algorithm>

#include <Poco/AutoPtr.h>
#include <Poco/DOM/DOMParser.h>
#include <Poco/DOM/Document.h>
#include <Poco/DOM/Element.h>
#include <Poco/DOM/Node.h>
#include <Poco/DOM/NodeList.h>
#include <Poco/Exception.h>
#include <Poco/SAX/XMLReader.h>

#include <map>

#include "domain/utf8.h"

namespace zapas {
namespace {

// One record as read from either form: field -> text. JSON numbers keep their
// literal text.
using Record = std::map<std::string, std::string>;

// ---- a small JSON reader that keeps number literals as text ----

class JsonScanner {
 public:
  explicit JsonScanner(const std::string& s) : s_(s) {}

  Result<std::vector<Record>> Records() {
    if (s_.compare(0, 3, "\xEF\xBB\xBF") == 0) i_ = 3;  // a UTF-8 byte-order mark
    Ws();
    if (!Eat('[')) return Fail("an NBU JSON file is an array of records");
    std::vector<Record> records;
    Ws();
    if (Eat(']')) return Done(records);
    for (;;) {
      Ws();
      Record r;
      ZAPAS_RETURN_IF_ERROR(Object(r, records.size() + 1));
      records.push_back(std::move(r));
      Ws();
      if (Eat(']')) return Done(records);
      if (!Eat(','))
        return Fail("expected ',' or ']' after record " + std::to_string(records.size()));
    }
  }

 private:
  Result<std::vector<Record>> Done(std::vector<Record>& records) {
    Ws();
    if (i_ != s_.size()) return Fail("unexpected text after the array");
    return std::move(records);
  }

  Status Object(Record& r, size_t n) {
    if (!Eat('{')) return Fail("record " + std::to_string(n) + " is not an object");
    Ws();
    if (Eat('}')) return Status::Ok();
    for (;;) {
      Ws();
      std::string key;
      ZAPAS_RETURN_IF_ERROR(String(key));
      Ws();
      if (!Eat(':')) return Fail("expected ':' after \"" + key + "\"");
      Ws();
      std::string value;
      if (Peek() == '"') {
        ZAPAS_RETURN_IF_ERROR(String(value));
      } else if (Peek() == '-' || (Peek() >= '0' && Peek() <= '9')) {
        ZAPAS_RETURN_IF_ERROR(Number(value));
      } else {
        ZAPAS_RETURN_IF_ERROR(SkipValue(0));  // not a scalar we read: kept as absent
        value = "\x01";
      }
      r[key] = value;
      Ws();
      if (Eat('}')) return Status::Ok();
      if (!Eat(',')) return Fail("expected ',' or '}' in record " + std::to_string(n));
    }
  }

  Status String(std::string& out) {
    if (!Eat('"')) return Fail("expected a string");
    while (i_ < s_.size()) {
      char c = s_[i_++];
      if (c == '"') return Status::Ok();
      if (static_cast<unsigned char>(c) < 0x20) return Fail("control character in a string");
      if (c != '\\') {
        out.push_back(c);
        continue;
      }
      if (i_ >= s_.size()) break;
      char e = s_[i_++];
      switch (e) {
        case '"':
          out.push_back('"');
          break;
        case '\\':
          out.push_back('\\');
          break;
        case '/':
          out.push_back('/');
          break;
        case 'b':
          out.push_back('\b');
          break;
        case 'f':
          out.push_back('\f');
          break;
        case 'n':
          out.push_back('\n');
          break;
        case 'r':
          out.push_back('\r');
          break;
        case 't':
          out.push_back('\t');
          break;
        case 'u': {
          uint32_t cp;
          ZAPAS_RETURN_IF_ERROR(Hex4(cp));
          if (cp >= 0xD800 && cp <= 0xDBFF) {
            uint32_t low;
            if (!(Eat('\\') && Eat('u'))) return Fail("unpaired surrogate");
            ZAPAS_RETURN_IF_ERROR(Hex4(low));
            if (low < 0xDC00 || low > 0xDFFF) return Fail("unpaired surrogate");
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            return Fail("unpaired surrogate");
          }
          AppendUtf8(out, cp);
          break;
        }
        default:
          return Fail("bad escape in a string");
      }
    }
    return Fail("unterminated string");
  }

  Status Hex4(uint32_t& cp) {
    cp = 0;
    for (int k = 0; k < 4; ++k) {
      if (i_ >= s_.size()) return Fail("bad \\u escape");
      char h = s_[i_++];
      cp <<= 4;
      if (h >= '0' && h <= '9')
        cp |= static_cast<uint32_t>(h - '0');
      else if (h >= 'a' && h <= 'f')
        cp |= static_cast<uint32_t>(h - 'a' + 10);
      else if (h >= 'A' && h <= 'F')
        cp |= static_cast<uint32_t>(h - 'A' + 10);
      else
        return Fail("bad \\u escape");
    }
    return Status::Ok();
  }

  // A JSON number, kept as its literal text.
  Status Number(std::string& out) {
    size_t start = i_;
    Eat('-');
    if (!Digits()) return Fail("bad number");
    if (Eat('.') && !Digits()) return Fail("bad number");
    if (Peek() == 'e' || Peek() == 'E') {
      ++i_;
      if (!Eat('+')) Eat('-');
      if (!Digits()) return Fail("bad number");
    }
    out = s_.substr(start, i_ - start);
    return Status::Ok();
  }

  bool Digits() {
    size_t start = i_;
    while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') ++i_;
    return i_ > start;
  }

  Status SkipValue(int depth) {
    if (depth > 16) return Fail("nested too deeply");
    Ws();
    char c = Peek();
    std::string ignored;
    if (c == '"') return String(ignored);
    if (c == '-' || (c >= '0' && c <= '9')) return Number(ignored);
    for (const char* word : {"true", "false", "null"}) {
      size_t n = std::char_traits<char>::length(word);
      if (s_.compare(i_, n, word) == 0) {
        i_ += n;
        return Status::Ok();
      }
    }
    if (c != '[' && c != '{') return Fail("unexpected character");
    const char close = c == '[' ? ']' : '}';
    ++i_;
    Ws();
    if (Eat(close)) return Status::Ok();
    for (;;) {
      if (close == '}') {
        Ws();
        ZAPAS_RETURN_IF_ERROR(String(ignored));
        Ws();
        if (!Eat(':')) return Fail("expected ':'");
      }
      ZAPAS_RETURN_IF_ERROR(SkipValue(depth + 1));
      Ws();
      if (Eat(close)) return Status::Ok();
      if (!Eat(',')) return Fail("expected ','");
    }
  }

  void Ws() {
    while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r'))
      ++i_;
  }
  char Peek() const { return i_ < s_.size() ? s_[i_] : '\0'; }
  bool Eat(char c) {
    if (Peek() != c) return false;
    ++i_;
    return true;
  }
  Status Fail(const std::string& what) const {
    return Status::Malformed("malformed NBU JSON at byte " + std::to_string(i_) + ": " + what);
  }

  const std::string& s_;
  size_t i_ = 0;
};

// ---- XML ----

Result<std::vector<Record>> XmlRecords(const std::string& text) {
  try {
    Poco::XML::DOMParser parser;
    parser.setFeature(Poco::XML::XMLReader::FEATURE_EXTERNAL_GENERAL_ENTITIES, false);
    parser.setFeature(Poco::XML::XMLReader::FEATURE_EXTERNAL_PARAMETER_ENTITIES, false);
    Poco::AutoPtr<Poco::XML::Document> doc = parser.parseString(text);
    Poco::XML::Element* root = doc->documentElement();
    if (root == nullptr || root->localName() != "exchange") {
      return Status::Malformed("an NBU XML file has the root element <exchange>");
    }
    std::vector<Record> records;
    for (Poco::XML::Node* n = root->firstChild(); n != nullptr; n = n->nextSibling()) {
      if (n->nodeType() != Poco::XML::Node::ELEMENT_NODE) continue;
      if (n->localName() != "currency") continue;
      Record r;
      for (Poco::XML::Node* f = n->firstChild(); f != nullptr; f = f->nextSibling()) {
        if (f->nodeType() == Poco::XML::Node::ELEMENT_NODE) r[f->localName()] = f->innerText();
      }
      records.push_back(std::move(r));
    }
    return records;
  } catch (const Poco::Exception& e) {
    return Status::Malformed("malformed NBU XML: " + e.displayText());
  }
}

// "27.11.2026" -> Date
Result<Date> ParseNbuDate(const std::string& s) {
  if (s.size() != 10 || s[2] != '.' || s[5] != '.') {
    return Status::Invalid("exchangedate \"" + s.substr(0, 20) + "\" is not DD.MM.YYYY");
  }
  auto d = Date::Parse(s.substr(6, 4) + "-" + s.substr(3, 2) + "-" + s.substr(0, 2));
  if (!d.ok()) return Status::Invalid("exchangedate \"" + s + "\" is not a real date");
  return *d;
}

// A JSON number literal with an exponent ("4.12569e1") as a plain decimal.
std::string PlainDecimal(const std::string& number) {
  size_t e = number.find_first_of("eE");
  if (e == std::string::npos) return number;
  std::string mantissa = number.substr(0, e);
  long exponent = std::strtol(number.c_str() + e + 1, nullptr, 10);
  if (exponent > 30 || exponent < -30) return number;  // left for the decimal parser to refuse
  bool negative = !mantissa.empty() && mantissa[0] == '-';
  if (negative) mantissa.erase(0, 1);
  size_t dot = mantissa.find('.');
  std::string digits = mantissa;
  long point = static_cast<long>(mantissa.size());
  if (dot != std::string::npos) {
    digits.erase(dot, 1);
    point = static_cast<long>(dot);
  }
  point += exponent;
  if (point <= 0) {
    digits.insert(0, static_cast<size_t>(-point) + 1, '0');
    point = 1;
  }
  if (point >= static_cast<long>(digits.size())) {
    digits.append(static_cast<size_t>(point) - digits.size(), '0');
    return (negative ? "-" : "") + digits;
  }
  return (negative ? "-" : "") + digits.substr(0, static_cast<size_t>(point)) + "." +
         digits.substr(static_cast<size_t>(point));
}

std::string Field(const Record& r, const char* name) {
  auto it = r.find(name);
  return it == r.end() || it->second == "\x01" ? std::string() : it->second;
}

}  // namespace

Result<NbuFile> ParseNbuFile(const std::string& text) {
  size_t first = text.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  if (first == std::string::npos) return Status::Invalid("the rate file is empty");
  Result<std::vector<Record>> records =
      text[first] == '['   ? JsonScanner(text).Records()
      : text[first] == '<' ? XmlRecords(text)
                           : Result<std::vector<Record>>(Status::Malformed(
                                 "the rate file is neither NBU JSON (an array) nor NBU XML"));
  if (!records.ok()) return records.status();
  if (records->empty()) {
    return Status::Invalid(
        "the rate file holds no records (an empty file is an error, not \"no change\")");
  }
  NbuFile file;
  file.records = records->size();
  std::map<std::pair<std::string, int32_t>, std::pair<int64_t, size_t>> seen;
  for (size_t i = 0; i < records->size(); ++i) {
    const Record& r = (*records)[i];
    const std::string cc = Field(r, "cc");
    const std::string date_text = Field(r, "exchangedate");
    const std::string name = "record " + std::to_string(i + 1) + " (" +
                             (cc.empty() ? std::string("?") : cc) + ", " +
                             (date_text.empty() ? std::string("?") : date_text) + ")";
    auto bad = [&](const std::string& why) {
      return Status(StatusCode::kInvalid, name + ": " + why, {{name, why}});
    };
    if (cc.size() != 3) return bad("cc must be a three-letter currency code");
    auto date = ParseNbuDate(date_text);
    if (!date.ok()) return bad(date.status().message());
    const std::string rate_text = Field(r, "rate");
    if (rate_text.empty()) return bad("rate is missing");
    auto rate = ParseRate(PlainDecimal(rate_text));
    if (!rate.ok())
      return bad("rate \"" + rate_text.substr(0, 30) + "\": " + rate.status().message());
    const Currency* currency = FindCurrency(cc);
    const std::string r030 = Field(r, "r030");
    if (currency != nullptr && !r030.empty() && r030 != std::to_string(currency->numeric)) {
      return bad("r030 " + r030.substr(0, 10) + " is not the code of " + cc);
    }
    auto [it, fresh] = seen.try_emplace({cc, date->days()}, *rate, i + 1);
    if (!fresh && it->second.first != *rate) {
      return bad("another rate than record " + std::to_string(it->second.second) +
                 " for the same currency and day");
    }
    if (!fresh) continue;
    if (currency == nullptr) {
      file.skipped.push_back(cc);
      continue;
    }
    if (Status limit = CheckRateLimit(*rate); !limit.ok()) {
      return bad("rate \"" + rate_text.substr(0, 30) + "\" " + limit.message());
    }
    file.rates.push_back(Rate{*date, currency, *rate});
  }
  return file;
}

Status CheckNewRates(Repository& repo, const std::vector<Rate>& rates, Date latest,
                     bool confirm_outlier) {
  RateTable known;
  ZAPAS_RETURN_IF_ERROR(repo.LoadRates(known));
  ZAPAS_ASSIGN_OR_RETURN(std::optional<Date> through, repo.ClosedThrough());
  std::vector<Rate> sorted = rates;
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const Rate& a, const Rate& b) { return a.date < b.date; });
  std::vector<FieldError> outliers;
  for (const Rate& r : sorted) {
    const std::string name = std::string(r.currency->code) + " " + r.date.ToString();
    auto stored = known.InForce(*r.currency, r.date);
    if (stored.ok() && stored->date == r.date) continue;  // known already (or InsertRates' 409)
    if (through && r.date <= *through) {
      return Status::Field("rates",
                           "the rate of " + name +
                               " falls within the closed period (the books are "
                               "closed through " +
                               through->ToString() + "): a closed month's values do not change",
                           StatusCode::kConflict);
    }
    if (r.date > latest) {
      return Status::Field("rates", "the rate of " + name + " is dated after " + latest.ToString() +
                                        " (writes.max_days_ahead days after today)");
    }
    auto previous = known.InForce(*r.currency, r.date.AddDays(-1));
    if (previous.ok() && IsOutlier(previous->uah_per_unit, r.uah_per_unit)) {
      outliers.push_back(
          {"confirm_outlier", name + ": " + r.RateString() + " is " +
                                  PercentAway(previous->uah_per_unit, r.uah_per_unit) +
                                  " % away from the previous rate " + previous->RateString() +
                                  " (" + previous->date.ToString() + ")"});
    }
    known.Add(r);
  }
  if (!outliers.empty() && !confirm_outlier) {
    std::string summary = outliers.front().message;
    if (outliers.size() > 1) summary += " (and " + std::to_string(outliers.size() - 1) + " more)";
    summary += ": if the rates are right, send the file again with ?confirm_outlier=1";
    return Status(StatusCode::kInvalid, summary, std::move(outliers));
  }
  return Status::Ok();
}

}  // namespace zapas
