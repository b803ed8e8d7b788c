// Quantity: an exact amount of an item in its unit, fixed at 3 decimals
// (stored as int64 thousandths). Value type; thread-compatible.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "domain/status.h"

namespace zapas {

class Quantity {
 public:
  static constexpr int kDigits = 3;
  static constexpr int64_t kScale = 1000;

  // "12", "2.5", "0.125", "-3" (sign allowed; callers check the sign they need).
  // kInvalid for "1,5", "1e3", more than 3 decimals, or overflow.
  static Result<Quantity> Parse(std::string_view text);
  static Quantity FromMilli(int64_t milli) { return Quantity(milli); }
  static Quantity Zero() { return Quantity(0); }

  int64_t milli() const { return milli_; }
  // Shortest decimal form: "12", "2.5".
  std::string ToString() const;
  bool is_positive() const { return milli_ > 0; }
  bool is_negative() const { return milli_ < 0; }
  bool is_zero() const { return milli_ == 0; }

  // kInvalid on overflow.
  Result<Quantity> Add(Quantity other) const;
  Quantity Negated() const { return Quantity(-milli_); }

  auto operator<=>(const Quantity&) const = default;

 private:
  explicit Quantity(int64_t milli) : milli_(milli) {}
  int64_t milli_;
};

}  // namespace zapas
