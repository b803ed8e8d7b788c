// Reading request bodies: JSON text -> typed values, with every bad field
// collected and named ("lines[1].quantity: must be a decimal string").
// Malformed JSON is kMalformed (400); a field of the wrong type or value is
// kInvalid (422). Not thread-safe; one per request.
#pragma once

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <optional>
#include <string>
#include <vector>

#include "domain/date.h"
#include "domain/money.h"
#include "domain/quantity.h"
#include "domain/status.h"

namespace zapas {

// Parses a request body that must be one JSON object (nesting depth <= 32).
Result<Poco::JSON::Object::Ptr> ParseJsonObject(const std::string& body);

// Collects field errors while reading one object; nested readers share the list.
class FieldReader {
 public:
  FieldReader(Poco::JSON::Object::Ptr object, std::vector<FieldError>* errors,
              std::string prefix = "");

  bool Has(const std::string& name) const;
  bool IsString(const std::string& name) const;
  // Free text as CleanText (domain/text.h) leaves it: zero-width characters
  // removed; controls, bidirectional overrides and (when required) blank text
  // refused. "" when missing, or blank and optional.
  std::string Text(const std::string& name, bool required = true, size_t max = 500);
  // A code that names something stored (ValidateCodeReference).
  std::string Code(const std::string& name, bool required = true);
  // An array of codes naming stored things (at most 1000, each as Code
  // reads it); nullopt when missing.
  std::optional<std::vector<std::string>> Codes(const std::string& name);
  // The code of something being created (ValidateCode: A-Z a-z 0-9 - . _ ~).
  std::string NewCode(const std::string& name);
  // A lot name (ValidateLotName: letters, digits, - _ . /).
  std::string Lot(const std::string& name, bool required = true);
  // A secret (a password): any string of at most `max` bytes, taken as it is.
  std::string Secret(const std::string& name, size_t max);
  std::optional<Date> DateValue(const std::string& name, bool required = true);
  std::optional<Quantity> QuantityValue(const std::string& name);
  std::optional<Money> MoneyValue(const std::string& name, bool required = true);
  std::optional<bool> Bool(const std::string& name, bool required = false);
  // The object's JSON text (at most 8192 bytes), or "" when missing. Each
  // string in it, keys too, is free text: cleaned as Text (optional) does,
  // and refused naming its path ("personal.names[0]").
  std::string ObjectText(const std::string& name);
  // One reader per element of an array of objects; an error when missing, or
  // when empty unless `may_be_empty`.
  std::vector<FieldReader> Objects(const std::string& name, bool may_be_empty = false);
  FieldReader Object(const std::string& name, bool required = true);

  void Fail(const std::string& name, const std::string& message);
  std::string Path(const std::string& name) const;

 private:
  std::optional<std::string> StringOf(const std::string& name, bool required);
  // Adds `st`'s errors (if any) to the list.
  void Collect(const Status& st);
  Poco::JSON::Object::Ptr object_;
  std::vector<FieldError>* errors_;
  std::string prefix_;
};

// kOk when `errors` is empty, else kInvalid listing them all.
Status FieldErrors(std::vector<FieldError> errors);

}  // namespace zapas
