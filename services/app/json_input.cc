#include "services/app/json_input.h"

#include <Poco/Exception.h>
#include <Poco/JSON/ParseHandler.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>
#include <sstream>

#include "domain/entities.h"
#include "domain/utf8.h"

namespace zapas {

Result<Poco::JSON::Object::Ptr> ParseJsonObject(const std::string& body) {
  if (body.empty())
    return Status::Malformed("the request body is empty; a JSON object is expected");
  // JSON text is UTF-8 (RFC 8259); checked whole, so that no key or value
  // with bad bytes, not even one of a field we ignore, gets past.
  if (!IsValidUtf8(body)) return Status::Malformed("the request body is not valid UTF-8");
  try {
    Poco::JSON::Parser parser(new Poco::JSON::ParseHandler(/*preserveObjectOrder=*/true));
    parser.setDepth(32);
    Poco::Dynamic::Var v = parser.parse(body);
    if (v.type() != typeid(Poco::JSON::Object::Ptr)) {
      return Status::Malformed("the request body must be a JSON object");
    }
    return v.extract<Poco::JSON::Object::Ptr>();
  } catch (const Poco::Exception& e) {
    return Status::Malformed("malformed JSON: " + e.message());
  } catch (const std::exception& e) {
    return Status::Malformed(std::string("malformed JSON: ") + e.what());
  }
}

FieldReader::FieldReader(Poco::JSON::Object::Ptr object, std::vector<FieldError>* errors,
                         std::string prefix)
    : object_(std::move(object)), errors_(errors), prefix_(std::move(prefix)) {}

std::string FieldReader::Path(const std::string& name) const {
  return prefix_.empty() ? name : prefix_ + "." + name;
}

void FieldReader::Fail(const std::string& name, const std::string& message) {
  errors_->push_back(FieldError{Path(name), message});
}

bool FieldReader::Has(const std::string& name) const {
  return object_ && object_->has(name) && !object_->isNull(name);
}

bool FieldReader::IsString(const std::string& name) const {
  return Has(name) && object_->get(name).isString();
}

std::optional<std::string> FieldReader::StringOf(const std::string& name, bool required) {
  if (!Has(name)) {
    if (required) Fail(name, "is required");
    return std::nullopt;
  }
  Poco::Dynamic::Var v = object_->get(name);
  if (!v.isString()) {
    Fail(name, "must be a string");
    return std::nullopt;
  }
  return v.extract<std::string>();
}

void FieldReader::Collect(const Status& st) {
  if (!st.ok()) errors_->insert(errors_->end(), st.errors().begin(), st.errors().end());
}

std::string FieldReader::Text(const std::string& name, bool required, size_t max) {
  auto s = StringOf(name, required);
  if (!s) return "";
  Result<std::string> clean = CleanText(*s, Path(name), max, required);
  if (!clean.ok()) {
    Collect(clean.status());
    return *s;
  }
  return std::move(clean).value();
}

std::string FieldReader::Code(const std::string& name, bool required) {
  auto s = StringOf(name, required);
  if (!s) return "";
  Collect(ValidateCodeReference(*s, Path(name)));
  return *s;
}

std::optional<std::vector<std::string>> FieldReader::Codes(const std::string& name) {
  if (!Has(name)) return std::nullopt;
  Poco::Dynamic::Var v = object_->get(name);
  if (v.type() != typeid(Poco::JSON::Array::Ptr)) {
    Fail(name, "must be an array of codes");
    return std::nullopt;
  }
  auto array = v.extract<Poco::JSON::Array::Ptr>();
  if (array->size() > 1000) {
    Fail(name, "must hold at most 1000 codes");
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (size_t i = 0; i < array->size(); ++i) {
    const std::string path = Path(name) + "[" + std::to_string(i) + "]";
    Poco::Dynamic::Var e = array->get(static_cast<unsigned>(i));
    if (!e.isString()) {
      errors_->push_back(FieldError{path, "must be a code (a string)"});
      continue;
    }
    out.push_back(e.extract<std::string>());
    Collect(ValidateCodeReference(out.back(), path));
  }
  return out;
}

std::string FieldReader::NewCode(const std::string& name) {
  auto s = StringOf(name, true);
  if (!s) return "";
  Collect(ValidateCode(*s, Path(name)));
  return *s;
}

std::string FieldReader::Lot(const std::string& name, bool required) {
  auto s = StringOf(name, required);
  if (!s) return "";
  Collect(ValidateLotName(*s, Path(name)));
  return *s;
}

std::string FieldReader::Secret(const std::string& name, size_t max) {
  auto s = StringOf(name, true);
  if (!s) return "";
  if (s->empty()) Fail(name, "must not be empty");
  if (s->size() > max) Fail(name, "must be at most " + std::to_string(max) + " bytes");
  return *s;
}

std::optional<Date> FieldReader::DateValue(const std::string& name, bool required) {
  auto s = StringOf(name, required);
  if (!s) return std::nullopt;
  auto d = Date::Parse(*s);
  if (!d.ok()) {
    Fail(name, d.status().message());
    return std::nullopt;
  }
  return *d;
}

std::optional<Quantity> FieldReader::QuantityValue(const std::string& name) {
  if (!Has(name)) {
    Fail(name, "is required");
    return std::nullopt;
  }
  Poco::Dynamic::Var v = object_->get(name);
  std::string text;
  if (v.isString()) {
    text = v.extract<std::string>();
  } else if (v.isInteger()) {
    text = v.convert<std::string>();  // an exact JSON integer
  } else {
    Fail(name, "must be a decimal string such as \"12\" or \"2.5\"");
    return std::nullopt;
  }
  auto q = Quantity::Parse(text);
  if (!q.ok()) {
    Fail(name, q.status().message());
    return std::nullopt;
  }
  return *q;
}

std::optional<Money> FieldReader::MoneyValue(const std::string& name, bool required) {
  if (!Has(name)) {
    if (required) Fail(name, "is required");
    return std::nullopt;
  }
  Poco::Dynamic::Var v = object_->get(name);
  if (v.type() != typeid(Poco::JSON::Object::Ptr)) {
    Fail(name, "must be an object {\"amount\": \"1250.00\", \"currency\": \"UAH\"}");
    return std::nullopt;
  }
  FieldReader money(v.extract<Poco::JSON::Object::Ptr>(), errors_, Path(name));
  auto amount = money.StringOf("amount", true);
  auto currency = money.StringOf("currency", true);
  if (!amount || !currency) return std::nullopt;
  auto m = Money::Parse(*amount, *currency);
  if (!m.ok()) {
    for (const auto& e : m.status().errors()) money.Fail(e.field, e.message);
    return std::nullopt;
  }
  return *m;
}

std::optional<bool> FieldReader::Bool(const std::string& name, bool required) {
  if (!Has(name)) {
    if (required) Fail(name, "is required");
    return std::nullopt;
  }
  Poco::Dynamic::Var v = object_->get(name);
  if (v.type() != typeid(bool)) {
    Fail(name, "must be true or false");
    return std::nullopt;
  }
  return v.extract<bool>();
}

namespace {

// `v` with every string in it (object keys too) cleaned as optional free
// text; a string CleanText refuses adds its error, named by its path.
Poco::Dynamic::Var CleanStrings(const Poco::Dynamic::Var& v, const std::string& path,
                                std::vector<FieldError>& errors) {
  auto clean = [&](const std::string& text, const std::string& at) {
    Result<std::string> r = CleanText(text, at, 8192, false);
    if (r.ok()) return std::move(r).value();
    errors.insert(errors.end(), r.status().errors().begin(), r.status().errors().end());
    return text;
  };
  if (v.type() == typeid(Poco::JSON::Object::Ptr)) {
    const auto& in = v.extract<Poco::JSON::Object::Ptr>();
    Poco::JSON::Object::Ptr out = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    std::vector<std::string> names;
    in->getNames(names);
    for (const std::string& key : names) {
      const std::string at = path + "." + key;
      out->set(clean(key, at), CleanStrings(in->get(key), at, errors));
    }
    return out;
  }
  if (v.type() == typeid(Poco::JSON::Array::Ptr)) {
    const auto& in = v.extract<Poco::JSON::Array::Ptr>();
    Poco::JSON::Array::Ptr out = new Poco::JSON::Array;
    for (size_t i = 0; i < in->size(); ++i) {
      out->add(CleanStrings(in->get(static_cast<unsigned>(i)), path + "[" + std::to_string(i) + "]",
                            errors));
    }
    return out;
  }
  if (v.isString()) return clean(v.extract<std::string>(), path);
  return v;
}

}  // namespace

std::string FieldReader::ObjectText(const std::string& name) {
  if (!Has(name)) return "";
  Poco::Dynamic::Var v = object_->get(name);
  if (v.type() != typeid(Poco::JSON::Object::Ptr)) {
    Fail(name, "must be an object");
    return "";
  }
  const size_t before = errors_->size();
  Poco::Dynamic::Var cleaned = CleanStrings(v, Path(name), *errors_);
  if (errors_->size() != before) return "";
  std::ostringstream out;
  Poco::JSON::Stringifier::stringify(cleaned, out, 0, -1, Poco::JSON_PRESERVE_KEY_ORDER);
  std::string text = out.str();
  if (text.size() > 8192) Fail(name, "must be at most 8192 bytes");
  return text;
}

std::vector<FieldReader> FieldReader::Objects(const std::string& name, bool may_be_empty) {
  std::vector<FieldReader> out;
  if (!Has(name)) {
    Fail(name, "is required");
    return out;
  }
  Poco::Dynamic::Var v = object_->get(name);
  if (v.type() != typeid(Poco::JSON::Array::Ptr)) {
    Fail(name, "must be an array");
    return out;
  }
  auto array = v.extract<Poco::JSON::Array::Ptr>();
  if (array->size() == 0 && !may_be_empty) Fail(name, "must hold at least one element");
  if (array->size() > 1000) {
    Fail(name, "must hold at most 1000 elements");
    return out;
  }
  for (size_t i = 0; i < array->size(); ++i) {
    std::string path = Path(name) + "[" + std::to_string(i) + "]";
    Poco::Dynamic::Var e = array->get(static_cast<unsigned>(i));
    if (e.type() != typeid(Poco::JSON::Object::Ptr)) {
      errors_->push_back(FieldError{path, "must be an object"});
      continue;
    }
    out.emplace_back(e.extract<Poco::JSON::Object::Ptr>(), errors_, path);
  }
  return out;
}

FieldReader FieldReader::Object(const std::string& name, bool required) {
  if (!Has(name)) {
    if (required) Fail(name, "is required");
    return FieldReader(nullptr, errors_, Path(name));
  }
  Poco::Dynamic::Var v = object_->get(name);
  if (v.type() != typeid(Poco::JSON::Object::Ptr)) {
    Fail(name, "must be an object");
    return FieldReader(nullptr, errors_, Path(name));
  }
  return FieldReader(v.extract<Poco::JSON::Object::Ptr>(), errors_, Path(name));
}

Status FieldErrors(std::vector<FieldError> errors) {
  if (errors.empty()) return Status::Ok();
  std::string summary = errors.front().field + ": " + errors.front().message;
  if (errors.size() > 1) summary += " (and " + std::to_string(errors.size() - 1) + " more)";
  return Status(StatusCode::kInvalid, summary, std::move(errors));
}

}  // namespace zapas
