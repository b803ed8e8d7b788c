// Status and Result<T>: the one way Zapas reports errors across its layers.
//
// A Status is a code from a small fixed set plus a human-readable message and,
// for validation failures, the list of offending fields. Exceptions stop at the
// edges (persistence catches driver exceptions); inside, functions return
// Status or Result<T>. The codes say what went wrong, not how a transport
// shows it: services/http/api.cc maps each to its HTTP status.
//
// Value types; thread-compatible.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace zapas {

enum class StatusCode {
  kOk,
  kMalformed,             // the request cannot be read at all (bad JSON, bad CSV)
  kUnauthenticated,       // no or bad credentials
  kForbidden,             // the role may not
  kNotFound,              // unknown resource
  kMethodNotAllowed,      // the resource exists but not with this method
  kConflict,              // not enough stock, duplicate code, reused key
  kTooLarge,              // request body over the limit
  kUnsupportedMediaType,  // a body that says it is not JSON
  kInvalid,               // well-formed but invalid (bad amount, unknown SKU, ...)
  kOutOfRange,            // a result too large to compute with (an amount overflows)
  kThrottled,             // too many attempts; try again later
  kUnavailable,           // the database could not be reached or committed
  kInternal,              // a bug
};

struct FieldError {
  std::string field;  // JSON-pointer-like path, e.g. "lines[2].quantity"
  std::string message;
  int line = 0;  // for a row of an imported file: its line (1-based), else 0
};

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(StatusCode code, std::string message, std::vector<FieldError> errors = {})
      : code_(code), message_(std::move(message)), errors_(std::move(errors)) {}

  static Status Ok() { return Status(); }
  static Status Malformed(std::string m) { return {StatusCode::kMalformed, std::move(m)}; }
  static Status Unauthenticated(std::string m) {
    return {StatusCode::kUnauthenticated, std::move(m)};
  }
  static Status Forbidden(std::string m) { return {StatusCode::kForbidden, std::move(m)}; }
  static Status NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
  static Status Conflict(std::string m) { return {StatusCode::kConflict, std::move(m)}; }
  static Status Invalid(std::string m) { return {StatusCode::kInvalid, std::move(m)}; }
  static Status OutOfRange(std::string m) { return {StatusCode::kOutOfRange, std::move(m)}; }
  static Status Unavailable(std::string m) { return {StatusCode::kUnavailable, std::move(m)}; }
  static Status Internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }
  // A validation failure of one field: code kInvalid unless given.
  static Status Field(std::string field, std::string message,
                      StatusCode code = StatusCode::kInvalid) {
    std::string summary = field.empty() ? message : field + ": " + message;
    return Status(code, std::move(summary), {{std::move(field), std::move(message)}});
  }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }
  const std::vector<FieldError>& errors() const { return errors_; }

  // Returns a copy whose field names are prefixed ("quantity" -> "lines[0].quantity").
  Status WithFieldPrefix(const std::string& prefix) const {
    Status s = *this;
    for (auto& e : s.errors_) e.field = e.field.empty() ? prefix : prefix + "." + e.field;
    if (!s.errors_.empty()) s.message_ = prefix + "." + message_;
    return s;
  }

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  std::vector<FieldError> errors_;
};

// Either a value or a non-ok Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : status_(std::move(status)) { assert(!status_.ok()); }  // NOLINT

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }
  T& value() & {
    assert(ok());
    return *value_;
  }
  const T& value() const& {
    assert(ok());
    return *value_;
  }
  T&& value() && {
    assert(ok());
    return std::move(*value_);
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::optional<T> value_;
  Status status_;
};

}  // namespace zapas

// Early-return helpers, in the style of absl's RETURN_IF_ERROR.
#define ZAPAS_CONCAT_INNER(a, b) a##b
#define ZAPAS_CONCAT(a, b) ZAPAS_CONCAT_INNER(a, b)
#define ZAPAS_RETURN_IF_ERROR(expr)                \
  do {                                             \
    ::zapas::Status zapas_status_ = (expr);        \
    if (!zapas_status_.ok()) return zapas_status_; \
  } while (0)
#define ZAPAS_ASSIGN_OR_RETURN(lhs, expr) \
  ZAPAS_ASSIGN_OR_RETURN_IMPL(ZAPAS_CONCAT(zapas_result_, __LINE__), lhs, expr)
#define ZAPAS_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                \
  if (!tmp.ok()) return tmp.status();               \
  lhs = std::move(tmp).value()
