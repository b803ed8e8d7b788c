// JsonWriter: builds a JSON text in order, with strings escaped as UTF-8.
// Keys come out in the order written (clients and golden files rely on it).
// Not thread-safe; one per response.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "domain/money.h"

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

}  // namespace zapas
