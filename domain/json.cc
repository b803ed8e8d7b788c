#include "domain/json.h"

#include "domain/utf8.h"

#include <cstring>

namespace zapas {

void AppendJsonString(std::string& out, std::string_view s) {
  static const char* kHex = "0123456789abcdef";
  out.push_back('"');
  size_t run = 0;  // start of the pending run of characters that need no escape
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      // What we write is valid UTF-8 even when a message quotes bad input:
      // a byte that starts no valid sequence becomes U+FFFD.
      const size_t len = Utf8SequenceLength(s, i);
      if (len > 0) {
        i += len - 1;
        continue;
      }
      out.append(s.data() + run, i - run);
      run = i + 1;
      out += "\\ufffd";
      continue;
    }
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        out += "\\u00";
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 15]);
    }
  }
  out.append(s.data() + run, s.size() - run);
  out.push_back('"');
}

void JsonWriter::Separate() {
  if (need_comma_) out_.push_back(',');
  need_comma_ = true;
}

JsonWriter& JsonWriter::BeginObject() {
  Separate();
  out_.push_back('{');
  need_comma_ = false;
  return *this;
}
JsonWriter& JsonWriter::EndObject() {
  out_.push_back('}');
  need_comma_ = true;
  return *this;
}
JsonWriter& JsonWriter::BeginArray() {
  Separate();
  out_.push_back('[');
  need_comma_ = false;
  return *this;
}
JsonWriter& JsonWriter::EndArray() {
  out_.push_back(']');
  need_comma_ = true;
  return *this;
}
JsonWriter& JsonWriter::Key(std::string_view key) {
  Separate();
  AppendJsonString(out_, key);
  out_.push_back(':');
  need_comma_ = false;
  return *this;
}
JsonWriter& JsonWriter::String(std::string_view value) {
  Separate();
  AppendJsonString(out_, value);
  return *this;
}
JsonWriter& JsonWriter::Int(int64_t value) {
  Separate();
  out_ += std::to_string(value);
  return *this;
}
JsonWriter& JsonWriter::Bool(bool value) {
  Separate();
  out_ += value ? "true" : "false";
  return *this;
}
JsonWriter& JsonWriter::Null() {
  Separate();
  out_ += "null";
  return *this;
}
JsonWriter& JsonWriter::Raw(std::string_view json) {
  Separate();
  out_ += json;
  return *this;
}
JsonWriter& JsonWriter::MoneyValue(const Money& m) {
  BeginObject();
  Field("amount", m.AmountString());
  Field("currency", m.currency_code());
  return EndObject();
}
JsonWriter& JsonWriter::MoneyValue(const MoneySum& m) {
  BeginObject();
  Field("amount", m.AmountString());
  Field("currency", m.currency_code());
  return EndObject();
}

// --- Reading -----------------------------------------------------------------

const JsonValue* JsonValue::Find(std::string_view key) const {
  for (const Member& m : members_) {
    if (m.first == key) return &m.second;
  }
  return nullptr;
}

std::string JsonValue::Text(std::string_view key) const {
  const JsonValue* v = Find(key);
  return v != nullptr && v->is_string() ? v->text_ : std::string();
}

class JsonParser {
 public:
  explicit JsonParser(std::string_view s) : s_(s) {}

  Result<JsonValue> Parse() {
    JsonValue v;
    if (!Value(v, 0)) return Fail();
    Ws();
    if (i_ != s_.size()) return Fail();
    return v;
  }

 private:
  Status Fail() const {
    return Status::Invalid("not JSON at byte " + std::to_string(std::min(i_, s_.size())));
  }
  void Ws() {
    while (i_ < s_.size() &&
           (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\r' || s_[i_] == '\n')) {
      ++i_;
    }
  }
  bool Eat(char c) {
    Ws();
    if (i_ < s_.size() && s_[i_] == c) {
      ++i_;
      return true;
    }
    return false;
  }
  bool Hex4(uint32_t& cp) {
    if (i_ + 4 > s_.size()) return false;
    cp = 0;
    for (int k = 0; k < 4; ++k) {
      const char c = s_[i_++];
      const int h = c >= '0' && c <= '9'   ? c - '0'
                    : c >= 'a' && c <= 'f' ? c - 'a' + 10
                    : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                           : -1;
      if (h < 0) return false;
      cp = cp * 16 + static_cast<uint32_t>(h);
    }
    return true;
  }
  bool String(std::string& out) {
    if (!Eat('"')) return false;
    while (i_ < s_.size()) {
      const char c = s_[i_++];
      if (c == '"') return true;
      if (static_cast<unsigned char>(c) < 0x20) return false;
      if (static_cast<unsigned char>(c) >= 0x80) {
        // JSON text is UTF-8 (RFC 8259): a byte that starts no valid
        // sequence ends the reading.
        const size_t len = Utf8SequenceLength(s_, i_ - 1);
        if (len == 0) return false;
        out.append(s_.substr(i_ - 1, len));
        i_ += len - 1;
        continue;
      }
      if (c != '\\') {
        out.push_back(c);
        continue;
      }
      if (i_ >= s_.size()) return false;
      const char e = s_[i_++];
      static constexpr std::string_view kFrom = "\"\\/bfnrt", kTo = "\"\\/\b\f\n\r\t";
      if (const size_t k = kFrom.find(e); k != std::string_view::npos) {
        out.push_back(kTo[k]);
      } else if (e != 'u') {
        return false;
      } else {
        uint32_t cp = 0;
        if (!Hex4(cp)) return false;
        if (cp >= 0xD800 && cp < 0xDC00 && s_.substr(i_, 2) == "\\u") {
          i_ += 2;
          uint32_t low = 0;
          if (!Hex4(low) || low < 0xDC00 || low > 0xDFFF) return false;
          cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        } else if (cp >= 0xD800 && cp <= 0xDFFF) {
          return false;  // a lone surrogate is no character
        }
        AppendUtf8(out, cp);
      }
    }
    return false;
  }
  bool Digits() {
    const size_t start = i_;
    while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9') ++i_;
    return i_ > start;
  }
  // null, true, false, or a number: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
  bool Literal(JsonValue& v) {
    for (const char* word : {"null", "true", "false"}) {
      if (s_.substr(i_, std::strlen(word)) == word) {
        i_ += std::strlen(word);
        v.text_ = word;
        if (word[0] != 'n') v.type_ = JsonValue::Type::kBool;
        return true;
      }
    }
    const size_t start = i_;
    if (i_ < s_.size() && s_[i_] == '-') ++i_;
    if (i_ < s_.size() && s_[i_] == '0') {
      ++i_;
    } else if (!Digits()) {
      return false;
    }
    if (i_ < s_.size() && s_[i_] == '.' && (++i_, !Digits())) return false;
    if (i_ < s_.size() && (s_[i_] == 'e' || s_[i_] == 'E')) {
      ++i_;
      if (i_ < s_.size() && (s_[i_] == '+' || s_[i_] == '-')) ++i_;
      if (!Digits()) return false;
    }
    v.type_ = JsonValue::Type::kNumber;
    v.text_ = std::string(s_.substr(start, i_ - start));
    return true;
  }
  bool Value(JsonValue& v, int depth) {
    if (depth > 64) return false;
    Ws();
    if (i_ >= s_.size()) return false;
    const char c = s_[i_];
    if (c == '"') {
      v.type_ = JsonValue::Type::kString;
      return String(v.text_);
    }
    if (c != '{' && c != '[') return Literal(v);
    ++i_;
    const bool object = c == '{';
    v.type_ = object ? JsonValue::Type::kObject : JsonValue::Type::kArray;
    if (Eat(object ? '}' : ']')) return true;
    do {
      if (object) {
        v.members_.emplace_back();
        if (!String(v.members_.back().first) || !Eat(':')) return false;
        if (!Value(v.members_.back().second, depth + 1)) return false;
      } else {
        v.items_.emplace_back();
        if (!Value(v.items_.back(), depth + 1)) return false;
      }
    } while (Eat(','));
    return Eat(object ? '}' : ']');
  }

  std::string_view s_;
  size_t i_ = 0;
};

Result<JsonValue> ParseJson(std::string_view text) { return JsonParser(text).Parse(); }

}  // namespace zapas
