// PostgreSQL: the catalogue (items, warehouses, donors, recipients), users,
// and the log of personal reads.
#include "persistence/postgres_repository.h"

namespace zapas::postgres {

Result<std::optional<std::string>> PostgresRepository::CodeTakenIgnoringCase(
    CodeKind kind, const std::string& code) {
  ZAPAS_ASSIGN_OR_RETURN(PgResult r,
                         Run(CodeLikeSql(kind, "$1::text"), Params().Text(code), "reading codes"));
  if (r.rows() == 0) return std::optional<std::string>();
  return std::optional<std::string>(Row(r, 0).Text(0));
}

Result<int32_t> PostgresRepository::InsertItem(const Item& item) {
  return InsertReturningId(
      "INSERT INTO items (sku, name_uk, name_en, unit, category, expiry_tracked) "
      "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
      Params()
          .Text(item.sku)
          .Text(item.name_uk)
          .Text(item.name_en)
          .Text(std::string(UnitName(item.unit)))
          .Text(item.category)
          .Int(item.expiry_tracked ? 1 : 0),
      "item " + item.sku);
}

Result<int32_t> PostgresRepository::InsertWarehouse(const Warehouse& w) {
  return InsertReturningId(
      "INSERT INTO warehouses (code, name, region) VALUES ($1, $2, $3) RETURNING id",
      Params().Text(w.code).Text(w.name).Text(w.region), "warehouse " + w.code);
}

Result<int32_t> PostgresRepository::InsertDonor(const Donor& d) {
  return InsertReturningId(
      "INSERT INTO donors (code, name, country, currency) VALUES ($1, $2, $3, $4) RETURNING id",
      Params().Text(d.code).Text(d.name).Text(d.country).Text(std::string(d.currency->code)),
      "donor " + d.code);
}

Result<int32_t> PostgresRepository::InsertRecipient(const Recipient& r) {
  // $6, the personal data in clear, is only read by the household size's
  // function: it is never stored.
  Params p;
  p.Text(r.code).Text(std::string(RecipientKindName(r.kind)));
  p.Bytes(NameIsPersonal(r.kind) ? cipher_.Seal(r.name, NameContext(r.code)) : r.name);
  p.Text(r.region);
  if (r.personal_json.empty()) {
    p.Null().Null();
  } else {
    p.Bytes(cipher_.Seal(r.personal_json, PersonalContext(r.code))).Text(r.personal_json);
  }
  return InsertReturningId(
      "INSERT INTO recipients (code, kind, name, region, personal, household_size) "
      "VALUES ($1, $2, $3, $4, $5, CASE WHEN $2 = 'idp_household' THEN "
      "zapas_household_size($6) END) RETURNING id",
      p, "recipient " + r.code);
}

Result<std::vector<Item>> PostgresRepository::ListItems(const PageRequest& page) {
  return List<Item>(
      "SELECT id, sku, name_uk, name_en, unit, category, expiry_tracked FROM items "
      "WHERE sku > $1 ORDER BY sku LIMIT $2",
      page, ItemFrom<Row>);
}

Result<std::vector<Warehouse>> PostgresRepository::ListWarehouses(const PageRequest& page) {
  return List<Warehouse>(
      "SELECT id, code, name, region FROM warehouses WHERE code > $1 ORDER BY code LIMIT $2", page,
      WarehouseFrom<Row>);
}

Result<std::vector<Donor>> PostgresRepository::ListDonors(const PageRequest& page) {
  return List<Donor>(
      "SELECT id, code, name, country, currency FROM donors WHERE code > $1 ORDER BY code "
      "LIMIT $2",
      page, DonorFrom<Row>);
}

Result<std::vector<Recipient>> PostgresRepository::ListRecipients(const PageRequest& page) {
  Status opened = Status::Ok();  // the first value that does not open
  auto rows = List<Recipient>(
      "SELECT id, code, kind, name, region, personal FROM recipients WHERE code > $1 "
      "ORDER BY code LIMIT $2",
      page, [&](const Row& s) { return RecipientFrom(s, cipher_, opened); });
  ZAPAS_RETURN_IF_ERROR(opened);
  return rows;
}

Result<std::map<std::string, int64_t>> PostgresRepository::HouseholdSizes() {
  ZAPAS_ASSIGN_OR_RETURN(PgResult r, Run("SELECT code, household_size FROM recipients "
                                         "WHERE kind = 'idp_household' AND household_size > 0",
                                         Params()));
  std::map<std::string, int64_t> out;
  for (int i = 0; i < r.rows(); ++i) out.emplace(Row(r, i).Text(0), Row(r, i).Int(1));
  return out;
}

Result<std::vector<std::string>> PostgresRepository::Usernames() {
  return Strings("SELECT username FROM users ORDER BY id", "reading users");
}

Status PostgresRepository::LogPersonalRead(int32_t recipient_id, const std::string& read_by,
                                           const std::string& read_at) {
  return Run("INSERT INTO personal_reads (read_at, read_by, recipient_id) VALUES ($1, $2, $3)",
             Params().Text(read_at).Text(read_by).Int(recipient_id),
             "logging a read of personal data")
      .status();
}

Result<std::vector<PersonalRead>> PostgresRepository::PersonalReads(
    const std::string& recipient_code) {
  ZAPAS_ASSIGN_OR_RETURN(PgResult r,
                         Run("SELECT l.read_at, l.read_by, r.code FROM personal_reads l JOIN "
                             "recipients r ON r.id = l.recipient_id WHERE $1 = '' OR r.code = $1 "
                             "ORDER BY l.id",
                             Params().Text(recipient_code)));
  std::vector<PersonalRead> out;
  for (int i = 0; i < r.rows(); ++i) {
    const Row s(r, i);
    out.push_back({s.Text(0), s.Text(1), s.Text(2)});
  }
  return out;
}

Status PostgresRepository::AddUser(const User& u) {
  Status s = Run("INSERT INTO users (username, password_hash, role, donor_code, disabled, "
                 "created_at) VALUES ($1, $2, $3, NULLIF($4, ''), $5, $6)",
                 Params()
                     .Text(u.username)
                     .Text(u.password_hash)
                     .Text(std::string(RoleName(u.role)))
                     .Text(u.donor_code)
                     .Int(u.disabled ? 1 : 0)
                     .Text(NowRfc3339()),
                 "cannot add the user")
                 .status();
  if (s.code() == StatusCode::kConflict) {
    return Status::Conflict("user \"" + u.username + "\" already exists");
  }
  return s;
}

Result<std::optional<User>> PostgresRepository::FindUser(const std::string& username) {
  ZAPAS_ASSIGN_OR_RETURN(PgResult r,
                         Run("SELECT id, password_hash, role, donor_code, disabled FROM users "
                             "WHERE username = $1",
                             Params().Text(username), "cannot read users"));
  if (r.rows() == 0) return std::optional<User>();
  const Row s(r, 0);
  User u;
  u.id = s.Int(0);
  u.username = username;
  u.password_hash = s.Text(1);
  u.role = ParseRole(s.Text(2)).value_or(Role::kDonor);
  u.donor_code = s.IsNull(3) ? "" : s.Text(3);
  u.disabled = s.Int(4) != 0;
  return std::optional<User>(std::move(u));
}

Result<int64_t> PostgresRepository::CountUsers() {
  ZAPAS_ASSIGN_OR_RETURN(PgResult r,
                         Run("SELECT COUNT(*) FROM users", Params(), "cannot read users"));
  return Row(r, 0).Int(0);
}

Status PostgresRepository::SetUserDisabled(const std::string& username, bool disabled) {
  ZAPAS_ASSIGN_OR_RETURN(PgResult r,
                         Run("UPDATE users SET disabled = $1 WHERE username = $2",
                             Params().Int(disabled ? 1 : 0).Text(username), "updating a user"));
  if (r.changes() == 0) return Status::NotFound("no user \"" + username + "\"");
  return Status::Ok();
}

Result<std::vector<std::string>> PostgresRepository::DisabledUsers() {
  return Strings("SELECT username FROM users WHERE disabled != 0", "reading users");
}

Result<std::vector<std::string>> PostgresRepository::Strings(const char* sql,
                                                             const std::string& what) {
  ZAPAS_ASSIGN_OR_RETURN(PgResult r, Run(sql, Params(), what));
  std::vector<std::string> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(Row(r, i).Text(0));
  return out;
}

}  // namespace zapas::postgres
