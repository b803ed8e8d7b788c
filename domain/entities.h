// Master data of a cluster: items, warehouses, donors, recipients, lots, and the
// closed vocabularies (units, recipient kinds, adjustment reasons) of CONTRACT.md.
// Plain value types; thread-compatible.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/date.h"
#include "domain/money.h"
#include "domain/text.h"  // ValidateText, CleanText: free text

namespace zapas {

enum class Unit { kPcs, kKg, kL, kBox, kSet, kPack, kM };
enum class RecipientKind { kMilitaryUnit, kIdpHousehold, kIdpShelter, kHospital, kCommunity };
enum class AdjustmentReason { kDamaged, kExpired, kLost, kCount };
enum class Role { kAdmin, kWarehouse, kTreasurer, kAuditor, kDonor };

std::optional<Unit> ParseUnit(std::string_view s);
std::string_view UnitName(Unit u);        // "pcs"
std::string_view UnitCefactCode(Unit u);  // UN/CEFACT Rec. 20: "H87"
std::optional<RecipientKind> ParseRecipientKind(std::string_view s);
std::string_view RecipientKindName(RecipientKind k);
// Whether a recipient's name is personal data: an IDP household is named
// after private people, so its name is kept like its personal data (encrypted
// at rest); a unit, shelter, hospital or community is an organisation.
bool NameIsPersonal(RecipientKind k);
// Whether a role sees recipients' personal data: those who hand out aid.
bool SeesPersonalData(Role role);
std::optional<AdjustmentReason> ParseAdjustmentReason(std::string_view s);
std::string_view AdjustmentReasonName(AdjustmentReason r);
std::optional<Role> ParseRole(std::string_view s);
std::string_view RoleName(Role r);

// What is named by a code: the master data, and the cash book's accounts.
enum class CodeKind { kItem, kWarehouse, kDonor, kRecipient, kAccount };
// "item", "warehouse", "donor", "recipient", "account".
std::string_view CodeKindName(CodeKind k);

// Codes (item sku; warehouse, donor, recipient and account codes) are 1..64
// characters of RFC 3986's unreserved set, A-Z a-z 0-9 - . _ ~, and not "."
// or ".." alone: a code is one URL path segment as it is. Codes that differ
// only in ASCII case are one code: creating one beside the other is refused
// where codes are created (services/). kInvalid naming `field` otherwise.
Status ValidateCode(std::string_view code, const std::string& field);
// A code as a request names something stored: the code rule, or the rule of
// codes stored before it (letters, digits and - _ . /), so that those still
// name their rows. kInvalid naming `field` otherwise.
Status ValidateCodeReference(std::string_view code, const std::string& field);
// Lot names are 1..64 letters, digits and - _ . / (Zapas names the lots it
// names itself "GRN-2026-000001/1"). kInvalid naming `field` otherwise.
Status ValidateLotName(std::string_view name, const std::string& field);
// `code` with its ASCII capitals made small: equal for codes that are one code.
std::string FoldCodeCase(std::string_view code);
// What a request that names no stored `kind` by `code` is told: `unknown
// donor "de-hilfe"`, and `; did you mean "DE-HILFE"?` when `like` (a stored
// code that differs only in case) is not empty. Items are named "SKU".
std::string UnknownCodeMessage(CodeKind kind, std::string_view code, std::string_view like = "");

// A GTIN printed on an item's packs, and how many units of the item one
// scanned pack holds.
struct ItemGtin {
  std::string gtin;   // as given: a GTIN-8, -12, -13 or -14 with its check digit
  Quantity quantity;  // units of the item per pack
  bool operator==(const ItemGtin&) const = default;
};

// As stored beside the item: "04006381333931=12000,4006381333948=1000" (the
// quantity in thousandths); DecodeItemGtins skips what it cannot read.
std::string EncodeItemGtins(const std::vector<ItemGtin>& gtins);
std::vector<ItemGtin> DecodeItemGtins(std::string_view text);

struct Item {
  int32_t id = 0;
  std::string sku;
  std::string name_uk;
  std::string name_en;
  Unit unit = Unit::kPcs;
  std::string category;
  bool expiry_tracked = false;
  std::vector<ItemGtin> gtins;
};

struct Warehouse {
  int32_t id = 0;
  std::string code;
  std::string name;
  std::string region;
  // The site that alone writes its stock (an alliance's site code), or ""
  // for the server's own when it is no site's, as a hub's or a lone cluster's.
  std::string site;
};

// A site's code: 2 to 12 capital Latin letters and digits ("KYIV",
// "KHARKIV2"); it goes into every document number of the site.
inline bool IsSiteCode(std::string_view code) {
  if (code.size() < 2 || code.size() > 12) return false;
  for (char c : code) {
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) return false;
  }
  return true;
}

// Goods dispatched from one site of an alliance to a warehouse of another
// are in transit until that site receives them: their location is the
// warehouse's transit location, a warehouse of its own named "~" + its code
// (no user-made code starts with "~"), of the same site.
inline std::string TransitCode(std::string_view code) { return "~" + std::string(code); }
inline bool IsTransit(const Warehouse& w) { return !w.code.empty() && w.code.front() == '~'; }
// The warehouse a transit location leads to: its code without the "~".
inline std::string TransitDestination(const Warehouse& w) {
  return IsTransit(w) ? w.code.substr(1) : w.code;
}

struct Donor {
  int32_t id = 0;
  std::string code;
  std::string name;
  std::string country;
  const Currency* currency = nullptr;
  std::string email;            // where its reports are mailed; "" for none
  std::string language = "uk";  // of what is sent to it: "uk" or "en"
};

struct Recipient {
  int32_t id = 0;
  std::string code;
  RecipientKind kind = RecipientKind::kCommunity;
  std::string name;
  std::string region;
  std::string personal_json;  // a JSON object, or empty when there is none
};

// What an assembled kit lot is made of: the component lots its kits took and
// how much of each (thousandths), for all `of` thousandths of kits made.
struct KitPart {
  int32_t lot_id = 0;
  int64_t milli = 0;
};
struct KitComposition {
  int64_t of = 0;
  std::vector<KitPart> parts;
};

// A lot: one batch of one item from one donor, with its expiry and the unit
// value the donor declared. Immutable once received.
struct Lot {
  int32_t id = 0;
  int32_t item_id = 0;
  std::string batch;
  Date expiry = Date::Never();  // Never() when the lot does not expire
  int64_t unit_value_minor = 0;
  const Currency* currency = nullptr;
  int32_t donor_id = 0;
  // The NBU rate its value was booked at when it was received (UAH per unit,
  // scaled by 10^10, and the rate's own date), frozen like the UAH of a cash
  // operation. 0 when no rate of its currency was known then: the books then
  // take the rate in force on its receipt when they are read.
  int64_t booked_rate = 0;
  Date booked_rate_date = Date::FromDays(0);
  // An assembled kit lot (domain/kits.h): its component lots. Its donor,
  // currency and unit value are then those of its first component lot and
  // the per-kit value in that currency, for display; the books follow the
  // parts.
  std::shared_ptr<const KitComposition> kit;
  // A lot another site received, as a hub or a receiving site holds it: that
  // site's code and the lot's id there. "" and 0 for this server's own.
  std::string site;
  int32_t site_lot = 0;

  Money unit_value() const { return Money::FromMinor(unit_value_minor, *currency); }
};

}  // namespace zapas
