#include "domain/entities.h"

#include <array>
#include <charconv>
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

constexpr std::array<std::pair<Unit, std::string_view>, 7> kUnits = {{{Unit::kPcs, "pcs"},
                                                                      {Unit::kKg, "kg"},
                                                                      {Unit::kL, "l"},
                                                                      {Unit::kBox, "box"},
                                                                      {Unit::kSet, "set"},
                                                                      {Unit::kPack, "pack"},
                                                                      {Unit::kM, "m"}}};
constexpr std::array<std::pair<Unit, std::string_view>, 7> kCefact = {{{Unit::kPcs, "H87"},
                                                                       {Unit::kKg, "KGM"},
                                                                       {Unit::kL, "LTR"},
                                                                       {Unit::kBox, "XBX"},
                                                                       {Unit::kSet, "SET"},
                                                                       {Unit::kPack, "XPK"},
                                                                       {Unit::kM, "MTR"}}};
constexpr std::array<std::pair<RecipientKind, std::string_view>, 5> kKinds = {
    {{RecipientKind::kMilitaryUnit, "military_unit"},
     {RecipientKind::kIdpHousehold, "idp_household"},
     {RecipientKind::kIdpShelter, "idp_shelter"},
     {RecipientKind::kHospital, "hospital"},
     {RecipientKind::kCommunity, "community"}}};
constexpr std::array<std::pair<AdjustmentReason, std::string_view>, 4> kReasons = {
    {{AdjustmentReason::kDamaged, "damaged"},
     {AdjustmentReason::kExpired, "expired"},
     {AdjustmentReason::kLost, "lost"},
     {AdjustmentReason::kCount, "count"}}};
constexpr std::array<std::pair<Role, std::string_view>, 5> kRoles = {
    {{Role::kAdmin, "admin"},
     {Role::kWarehouse, "warehouse"},
     {Role::kTreasurer, "treasurer"},
     {Role::kAuditor, "auditor"},
     {Role::kDonor, "donor"}}};

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

std::string_view CodeKindName(CodeKind k) {
  switch (k) {
    case CodeKind::kItem:
      return "item";
    case CodeKind::kWarehouse:
      return "warehouse";
    case CodeKind::kDonor:
      return "donor";
    case CodeKind::kRecipient:
      return "recipient";
    case CodeKind::kAccount:
      return "account";
  }
  return "";
}

namespace {

bool IsAsciiAlnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

// 1..64 characters, each alphanumeric or one of `punctuation`.
Status CheckCharacters(std::string_view s, const std::string& field, std::string_view punctuation,
                       const char* allowed) {
  if (s.empty()) return Status::Field(field, "must not be empty");
  if (s.size() > 64) return Status::Field(field, "must be at most 64 characters");
  for (char c : s) {
    if (!IsAsciiAlnum(c) && punctuation.find(c) == std::string_view::npos) {
      return Status::Field(field, std::string("may hold only letters, digits and ") + allowed);
    }
  }
  return Status::Ok();
}

}  // namespace

Status ValidateCode(std::string_view code, const std::string& field) {
  ZAPAS_RETURN_IF_ERROR(CheckCharacters(code, field, "-._~", "- . _ ~"));
  if (code == "." || code == "..") return Status::Field(field, "must not be \".\" or \"..\"");
  return Status::Ok();
}

Status ValidateCodeReference(std::string_view code, const std::string& field) {
  return CheckCharacters(code, field, "-._~/", "- . _ ~");
}

Status ValidateLotName(std::string_view name, const std::string& field) {
  return CheckCharacters(name, field, "-_./", "- _ . /");
}

std::string UnknownCodeMessage(CodeKind kind, std::string_view code, std::string_view like) {
  std::string message = "unknown ";
  message += kind == CodeKind::kItem ? std::string_view("SKU") : CodeKindName(kind);
  message += " \"" + std::string(code) + "\"";
  if (!like.empty()) message += "; did you mean \"" + std::string(like) + "\"?";
  return message;
}

std::string FoldCodeCase(std::string_view code) {
  std::string out(code);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string EncodeItemGtins(const std::vector<ItemGtin>& gtins) {
  std::string text;
  for (const ItemGtin& g : gtins) {
    if (!text.empty()) text += ',';
    text += g.gtin + "=" + std::to_string(g.quantity.milli());
  }
  return text;
}

std::vector<ItemGtin> DecodeItemGtins(std::string_view text) {
  std::vector<ItemGtin> gtins;
  for (const std::string& part : SplitOn(text, ',')) {
    auto equals = part.find('=');
    if (equals == std::string::npos) continue;
    int64_t milli = 0;
    const char* end = part.data() + part.size();
    auto [ptr, ec] = std::from_chars(part.data() + equals + 1, end, milli);
    if (ec != std::errc() || ptr != end) continue;
    gtins.push_back(
        ItemGtin{.gtin = part.substr(0, equals), .quantity = Quantity::FromMilli(milli)});
  }
  return gtins;
}

}  // namespace zapas
