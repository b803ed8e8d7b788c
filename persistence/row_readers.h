// How a stored row becomes a domain value, once for both databases: each
// reader is a template over the row type (SqlRow of sql_repository.h, or a
// backend's own row), which offers Int, Text, Blob, IsNull and IsBlob. The
// SQL selects the columns in the order a reader names.
// Internal to persistence/. Pure functions, thread-safe, but for a
// StockEntryGrouper: one per scan.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "domain/kits.h"
#include "persistence/field_cipher.h"
#include "persistence/repository.h"
#include "persistence/repository_support.h"

namespace zapas {

// A sealed column's value in clear ("" for NULL). kInternal when it does not
// open (damaged, or moved from another row), or is still in clear (a SQLite
// database not yet migrated).
template <typename Row>
Result<std::string> UnsealColumn(const FieldCipher& cipher, const Row& s, int col,
                                 const std::string& context) {
  if (s.IsNull(col)) return std::string();
  if (!s.IsBlob(col)) {
    return Status::Internal(context + " is stored in clear: run `zapas init` to encrypt it");
  }
  Result<std::string> text = cipher.Open(s.Blob(col), context);
  if (!text.ok()) return Status::Internal(text.status().message());
  return text;
}

// Columns: id, sku, name_uk, name_en, unit, category, expiry_tracked, gtins.
template <typename Row>
Item ItemFrom(const Row& s) {
  Item i;
  i.id = static_cast<int32_t>(s.Int(0));
  i.sku = s.Text(1);
  i.name_uk = s.Text(2);
  i.name_en = s.Text(3);
  i.unit = ParseUnit(s.Text(4)).value_or(Unit::kPcs);
  i.category = s.Text(5);
  i.expiry_tracked = s.Int(6) != 0;
  i.gtins = DecodeItemGtins(s.Text(7));
  return i;
}

// Columns: id, code, name, region, site.
inline constexpr const char* kWarehouseColumns = "id, code, name, region, site";
template <typename Row>
Warehouse WarehouseFrom(const Row& s) {
  return Warehouse{static_cast<int32_t>(s.Int(0)), s.Text(1), s.Text(2), s.Text(3), s.Text(4)};
}

// Columns: id, code, name, country, currency, email, language.
template <typename Row>
Donor DonorFrom(const Row& s) {
  return Donor{static_cast<int32_t>(s.Int(0)), s.Text(1), s.Text(2), s.Text(3),
               FindCurrency(s.Text(4)),        s.Text(5), s.Text(6)};
}

// Columns: id, code, kind, name, region, personal. A sealed value that does
// not open reads as "" and its kInternal is kept in `opened`, the first only.
// A name in clear is read as bytes: TEXT in SQLite, BYTEA in PostgreSQL.
template <typename Row>
Recipient RecipientFrom(const Row& s, const FieldCipher& cipher, Status& opened) {
  auto open = [&](int col, const std::string& context) {
    Result<std::string> text = UnsealColumn(cipher, s, col, context);
    if (text.ok()) return *text;
    if (opened.ok()) opened = text.status();
    return std::string();
  };
  Recipient r;
  r.id = static_cast<int32_t>(s.Int(0));
  r.code = s.Text(1);
  r.kind = ParseRecipientKind(s.Text(2)).value_or(RecipientKind::kCommunity);
  r.name = NameIsPersonal(r.kind) ? open(3, NameContext(r.code)) : s.Blob(3);
  r.region = s.Text(4);
  r.personal_json = s.IsNull(5) ? "" : open(5, PersonalContext(r.code));
  return r;
}

// Columns: id, item_id, batch, expiry, unit_value, currency, donor_id,
// booked_rate, booked_rate_day (kLotColumns). kInternal for a lot whose
// expiry or currency does not read.
inline constexpr const char* kLotColumns =
    "id, item_id, batch, expiry, unit_value, currency, donor_id, booked_rate, booked_rate_day, "
    "kit, "
    "site, site_lot";
template <typename Row>
Result<Lot> LotFrom(const Row& s) {
  Lot lot;
  lot.id = static_cast<int32_t>(s.Int(0));
  lot.item_id = static_cast<int32_t>(s.Int(1));
  lot.batch = s.Text(2);
  if (!s.IsNull(3)) {
    auto d = Date::Parse(s.Text(3));
    if (!d.ok()) return Status::Internal("lot " + lot.batch + ": bad expiry in database");
    lot.expiry = *d;
  }
  lot.unit_value_minor = s.Int(4);
  lot.currency = FindCurrency(s.Text(5));
  if (lot.currency == nullptr) return Status::Internal("lot " + lot.batch + ": bad currency");
  lot.donor_id = static_cast<int32_t>(s.Int(6));
  if (!s.IsNull(7) && !s.IsNull(8)) {
    lot.booked_rate = s.Int(7);
    lot.booked_rate_date = Date::FromDays(static_cast<int32_t>(s.Int(8)));
  }
  if (!s.IsNull(9)) {
    auto kit = DecodeKitComposition(s.Text(9));
    if (!kit.ok()) return Status::Internal("lot " + lot.batch + ": " + kit.status().message());
    lot.kit = std::make_shared<const KitComposition>(*std::move(kit));
  }
  lot.site = s.Text(10);
  lot.site_lot = s.IsNull(11) ? 0 : static_cast<int32_t>(s.Int(11));
  return lot;
}

// The database's StateMark in one row, the same SQL for both backends.
inline constexpr const char* kCurrentMarkSql =
    "SELECT (SELECT COALESCE(MAX(id), 0) FROM items), (SELECT COALESCE(MAX(id), 0) FROM "
    "warehouses), (SELECT COALESCE(MAX(id), 0) FROM donors), (SELECT COALESCE(MAX(id), 0) FROM "
    "recipients), (SELECT COALESCE(MAX(id), 0) FROM lots), (SELECT COALESCE(MAX(id), 0) FROM "
    "journal)";

template <typename Row>
StateMark MarkFrom(const Row& s) {
  StateMark m;
  m.items = static_cast<int32_t>(s.Int(0));
  m.warehouses = static_cast<int32_t>(s.Int(1));
  m.donors = static_cast<int32_t>(s.Int(2));
  m.recipients = static_cast<int32_t>(s.Int(3));
  m.lots = static_cast<int32_t>(s.Int(4));
  m.entries = s.Int(5);
  return m;
}

// Columns from `first`: warehouse_id, lot_id, day, quantity.
template <typename Row>
Posting PostingFrom(const Row& s, int first) {
  return Posting{static_cast<int32_t>(s.Int(first)), static_cast<int32_t>(s.Int(first + 1)),
                 Date::FromDays(static_cast<int32_t>(s.Int(first + 2))), s.Int(first + 3)};
}

// The columns of a journal entry, in this order, as EntryFrom reads them.
inline constexpr const char* kEntryColumns =
    "id, kind, number, date, recorded_at, recorded_by, refers_to, document, prev_hash, hash, site";

// The same before migration 15 gave the journal its `site`.
inline constexpr const char* kEntryColumnsBeforeSites =
    "id, kind, number, date, recorded_at, recorded_by, refers_to, document, prev_hash, hash, ''";

template <typename Row>
JournalEntry EntryFrom(const Row& s) {
  JournalEntry e;
  e.id = s.Int(0);
  e.kind = s.Text(1);
  e.number = s.IsNull(2) ? "" : s.Text(2);
  auto d = Date::Parse(s.Text(3));
  if (d.ok()) e.date = *d;
  e.recorded_at = s.Text(4);
  e.recorded_by = s.Text(5);
  e.refers_to = s.IsNull(6) ? 0 : s.Int(6);
  e.document = s.Text(7);
  e.prev_hash = s.IsNull(8) ? "" : s.Text(8);
  e.hash = s.IsNull(9) ? "" : s.Text(9);
  e.site = s.Text(10);
  return e;
}

// Columns: id, code, name, currency, kind, site.
inline constexpr const char* kAccountColumns = "id, code, name, currency, kind, site";
template <typename Row>
Account AccountFrom(const Row& s) {
  Account a;
  a.id = static_cast<int32_t>(s.Int(0));
  a.code = s.Text(1);
  a.name = s.Text(2);
  a.currency = FindCurrency(s.Text(3));
  a.kind = ParseAccountKind(s.Text(4)).value_or(AccountKind::kBank);
  a.site = s.Text(5);
  return a;
}

// Columns from `first`: ledger_account, account_id, donor_id, currency,
// amount, uah. kInternal for an unknown currency.
template <typename Row>
Result<MoneyPosting> MoneyPostingFrom(const Row& s, int first) {
  static const Currency* const uah = FindCurrency("UAH");
  const Currency* c = FindCurrency(s.Text(first + 3));
  if (c == nullptr) return Status::Internal("a money posting in an unknown currency");
  MoneyPosting m;
  m.ledger_account = s.Text(first);
  m.account_id = s.IsNull(first + 1) ? 0 : static_cast<int32_t>(s.Int(first + 1));
  m.donor_id = s.IsNull(first + 2) ? 0 : static_cast<int32_t>(s.Int(first + 2));
  m.amount = Money::FromMinor(s.Int(first + 4), *c);
  m.uah = Money::FromMinor(s.Int(first + 5), *uah);
  return m;
}

// Columns: entry_id, kind, number, day, then MoneyPostingFrom's from 4.
template <typename Row>
Result<MoneyRow> MoneyRowFrom(const Row& s) {
  MoneyRow row;
  ZAPAS_ASSIGN_OR_RETURN(row.posting, MoneyPostingFrom(s, 4));
  row.entry_id = s.Int(0);
  row.kind = s.Text(1);
  row.number = s.IsNull(2) ? "" : s.Text(2);
  row.date = Date::FromDays(static_cast<int32_t>(s.Int(3)));
  row.site = s.Text(10);
  return row;
}

// Groups the rows of stock postings joined to their entry, in entry order,
// into entries, each visited once it is whole. Row columns: j.id, j.kind,
// j.number, j.refers_to, j.document, then PostingFrom's from 5, then j.site.
class StockEntryGrouper {
 public:
  explicit StockEntryGrouper(const std::function<void(const JournalEntry&)>& visit)
      : visit_(visit) {
    entry_.id = -1;
  }

  template <typename Row>
  void Add(const Row& s) {
    const int64_t id = s.Int(0);
    if (id != entry_.id) {
      Finish();
      entry_ = JournalEntry{};
      entry_.id = id;
      entry_.kind = s.Text(1);
      entry_.number = s.IsNull(2) ? "" : s.Text(2);
      entry_.refers_to = s.IsNull(3) ? 0 : s.Int(3);
      entry_.document = s.Text(4);
      entry_.date = Date::FromDays(static_cast<int32_t>(s.Int(7)));
      entry_.site = s.Text(9);
    }
    entry_.postings.push_back(PostingFrom(s, 5));
  }

  // Visits the last entry, if any.
  void Finish() {
    if (entry_.id >= 0) visit_(entry_);
  }

 private:
  const std::function<void(const JournalEntry&)>& visit_;
  JournalEntry entry_;
};

// Columns: id, number, date, warehouse, recipient, confirmed.
template <typename Row>
Repository::DeliverySummary DeliveryFrom(const Row& s) {
  Repository::DeliverySummary d;
  d.id = s.Int(0);
  d.waybill = s.IsNull(1) ? "" : s.Text(1);
  auto date = Date::Parse(s.Text(2));
  if (date.ok()) d.date = *date;
  d.warehouse = s.IsNull(3) ? "" : s.Text(3);
  d.recipient = s.IsNull(4) ? "" : s.Text(4);
  d.confirmed = s.Int(5) != 0;
  return d;
}

// Columns: month, last_day, closed_at, closed_by.
template <typename Row>
ClosedPeriod ClosedPeriodFrom(const Row& s) {
  return ClosedPeriod{s.Text(0), Date::FromDays(static_cast<int32_t>(s.Int(1))), s.Text(2),
                      s.Text(3)};
}

// Columns: account_id, day, balance, recorded_at, recorded_by.
template <typename Row>
Statement StatementFrom(const Row& s) {
  return Statement{static_cast<int32_t>(s.Int(0)), Date::FromDays(static_cast<int32_t>(s.Int(1))),
                   s.Int(2), s.Text(3), s.Text(4)};
}

// Columns: currency, day, uah_per_unit. None for a currency no longer known.
template <typename Row>
std::optional<Rate> RateFrom(const Row& s) {
  const Currency* c = FindCurrency(s.Text(0));
  if (c == nullptr) return std::nullopt;
  return Rate{Date::FromDays(static_cast<int32_t>(s.Int(1))), c, s.Int(2)};
}

}  // namespace zapas
