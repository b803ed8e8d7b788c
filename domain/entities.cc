#include "domain/entities.h"

#include "domain/utf8.h"

#include <array>
#include <utility>

namespace zapas {
namespace {

template <typename E, size_t N>
std::optional<E> Lookup(const std::array<std::pair<E, std::string_view>, N>& table,
                        std::string_view s) {
  for (const auto& [value, name] : table) {
    if (name == s) return value;
  }
  return std::nullopt;
}

template <typename E, size_t N>
std::string_view NameOf(const std::array<std::pair<E, std::string_view>, N>& table, E e) {
  for (const auto& [value, name] : table) {
    if (value == e) return name;
  }
  return "";
}

constexpr std::array<std::pair<Unit, std::string_view>, 7> kUnits = {{
    {Unit::kPcs, "pcs"}, {Unit::kKg, "kg"}, {Unit::kL, "l"}, {Unit::kBox, "box"},
    {Unit::kSet, "set"}, {Unit::kPack, "pack"}, {Unit::kM, "m"}}};
constexpr std::array<std::pair<Unit, std::string_view>, 7> kCefact = {{
    {Unit::kPcs, "H87"}, {Unit::kKg, "KGM"}, {Unit::kL, "LTR"}, {Unit::kBox, "XBX"},
    {Unit::kSet, "SET"}, {Unit::kPack, "XPK"}, {Unit::kM, "MTR"}}};
constexpr std::array<std::pair<RecipientKind, std::string_view>, 5> kKinds = {{
    {RecipientKind::kMilitaryUnit, "military_unit"},
    {RecipientKind::kIdpHousehold, "idp_household"},
    {RecipientKind::kIdpShelter, "idp_shelter"},
    {RecipientKind::kHospital, "hospital"},
    {RecipientKind::kCommunity, "community"}}};
constexpr std::array<std::pair<AdjustmentReason, std::string_view>, 4> kReasons = {{
    {AdjustmentReason::kDamaged, "damaged"}, {AdjustmentReason::kExpired, "expired"},
    {AdjustmentReason::kLost, "lost"}, {AdjustmentReason::kCount, "count"}}};
constexpr std::array<std::pair<Role, std::string_view>, 5> kRoles = {{
    {Role::kAdmin, "admin"}, {Role::kWarehouse, "warehouse"}, {Role::kTreasurer, "treasurer"},
    {Role::kAuditor, "auditor"}, {Role::kDonor, "donor"}}};

}  // namespace

std::optional<Unit> ParseUnit(std::string_view s) { return Lookup(kUnits, s); }
std::string_view UnitName(Unit u) { return NameOf(kUnits, u); }
std::string_view UnitCefactCode(Unit u) { return NameOf(kCefact, u); }
std::optional<RecipientKind> ParseRecipientKind(std::string_view s) { return Lookup(kKinds, s); }
std::string_view RecipientKindName(RecipientKind k) { return NameOf(kKinds, k); }
bool NameIsPersonal(RecipientKind k) { return k == RecipientKind::kIdpHousehold; }
bool SeesPersonalData(Role role) { return role == Role::kAdmin || role == Role::kWarehouse; }

std::optional<AdjustmentReason> ParseAdjustmentReason(std::string_view s) {
  return Lookup(kReasons, s);
}
std::string_view AdjustmentReasonName(AdjustmentReason r) { return NameOf(kReasons, r); }
std::optional<Role> ParseRole(std::string_view s) { return Lookup(kRoles, s); }
std::string_view RoleName(Role r) { return NameOf(kRoles, r); }

Status ValidateCode(std::string_view code, const std::string& field) {
  if (code.empty()) return Status::Field(field, "must not be empty");
  if (code.size() > 64) return Status::Field(field, "must be at most 64 characters");
  for (char c : code) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.' || c == '/';
    if (!ok) return Status::Field(field, "may hold only letters, digits and - _ . /");
  }
  return Status::Ok();
}

Status ValidateText(std::string_view text, const std::string& field, size_t max, bool required) {
  if (required && text.empty()) return Status::Field(field, "must not be empty");
  if (text.size() > max) {
    return Status::Field(field, "must be at most " + std::to_string(max) + " bytes");
  }
  for (size_t i = 0; i < text.size();) {
    size_t len = Utf8SequenceLength(text, i);
    if (len == 0) return Status::Field(field, "is not valid UTF-8");
    if (len == 1 && static_cast<unsigned char>(text[i]) < 0x20) {
      return Status::Field(field, "must not contain control characters");
    }
    i += len;
  }
  return Status::Ok();
}

}  // namespace zapas
