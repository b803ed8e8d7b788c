// JSON as Zapas writes and reads it. JsonWriter builds a text in order, with
// strings escaped as UTF-8: keys come out in the order written (stored
// documents, their hashes, clients and golden files rely on it); not
// thread-safe, one per text. ParseJson reads a text back into a JsonValue
// that keeps its members in order.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/money.h"
#include "domain/status.h"

namespace zapas {

class JsonWriter {
 public:
  JsonWriter& BeginObject();
  JsonWriter& EndObject();
  JsonWriter& BeginArray();
  JsonWriter& EndArray();
  JsonWriter& Key(std::string_view key);
  JsonWriter& String(std::string_view value);
  JsonWriter& Int(int64_t value);
  JsonWriter& Bool(bool value);
  JsonWriter& Null();
  // Inserts already-valid JSON text as a value.
  JsonWriter& Raw(std::string_view json);
  // {"amount": "1250.00", "currency": "UAH"}
  JsonWriter& MoneyValue(const Money& m);
  JsonWriter& MoneyValue(const MoneySum& m);

  // Shorthands for a key and its value.
  JsonWriter& Field(std::string_view key, std::string_view value) { return Key(key).String(value); }
  JsonWriter& Field(std::string_view key, const char* value) { return Key(key).String(value); }
  JsonWriter& Field(std::string_view key, const std::string& value) {
    return Key(key).String(value);
  }
  JsonWriter& Field(std::string_view key, bool value) { return Key(key).Bool(value); }
  JsonWriter& Field(std::string_view key, int64_t value) { return Key(key).Int(value); }
  JsonWriter& Field(std::string_view key, int value) { return Key(key).Int(value); }
  JsonWriter& Field(std::string_view key, const Money& value) { return Key(key).MoneyValue(value); }
  JsonWriter& Field(std::string_view key, const MoneySum& value) {
    return Key(key).MoneyValue(value);
  }
  JsonWriter& NullableField(std::string_view key, const std::string& value) {
    Key(key);
    return value.empty() ? Null() : String(value);
  }

  void Reserve(size_t bytes) { out_.reserve(bytes); }
  const std::string& str() const { return out_; }
  std::string Take() { return std::move(out_); }

 private:
  void Separate();
  std::string out_;
  bool need_comma_ = false;
};

// Escapes `s` as a JSON string literal, quotes included.
void AppendJsonString(std::string& out, std::string_view s);

// A parsed JSON value. Numbers keep their literal text: Zapas reads exact
// amounts from strings and never from binary floating point.
class JsonValue {
 public:
  enum class Type { kNull, kBool, kNumber, kString, kArray, kObject };
  using Member = std::pair<std::string, JsonValue>;

  Type type() const { return type_; }
  bool is_string() const { return type_ == Type::kString; }
  // A string's text; a number's literal; "true" or "false".
  const std::string& text() const { return text_; }
  const std::vector<JsonValue>& items() const { return items_; }
  const std::vector<Member>& members() const { return members_; }

  // The member `key` of an object, or nullptr.
  const JsonValue* Find(std::string_view key) const;
  // The text of the string member `key`, or "" when there is none.
  std::string Text(std::string_view key) const;

 private:
  friend class JsonParser;
  Type type_ = Type::kNull;
  std::string text_;
  std::vector<JsonValue> items_;
  std::vector<Member> members_;
};

// Parses one JSON text (RFC 8259; nesting at most 64 deep). kInvalid naming
// the byte offset where it stops being JSON.
Result<JsonValue> ParseJson(std::string_view text);

}  // namespace zapas
