// SQLite: the catalogue (items, warehouses, donors, recipients), users, and the
// log of personal reads.
#include "persistence/sqlite_repository.h"

namespace zapas::sqlite {

Result<std::optional<std::string>> SqliteRepository::CodeTakenIgnoringCase(
    CodeKind kind, const std::string& code) {
  static const std::string kSql[] = {
      CodeLikeSql(CodeKind::kItem, "?1"), CodeLikeSql(CodeKind::kWarehouse, "?1"),
      CodeLikeSql(CodeKind::kDonor, "?1"), CodeLikeSql(CodeKind::kRecipient, "?1"),
      CodeLikeSql(CodeKind::kAccount, "?1")};
  Stmt* s = Prepare(kSql[static_cast<int>(kind)].c_str());
  if (!s->valid()) return Status::Internal(s->error());
  s->Bind(1, code);
  const int rc = s->Step();
  std::optional<std::string> found;
  if (rc == SQLITE_ROW) {
    found = s->Text(0);
  } else if (rc != SQLITE_DONE) {
    return Error("reading codes");
  }
  s->Reset();
  return found;
}

Result<int32_t> SqliteRepository::InsertItem(const Item& item) {
  Stmt* s = Prepare(
      "INSERT INTO items (sku, name_uk, name_en, unit, category, expiry_tracked) "
      "VALUES (?, ?, ?, ?, ?, ?)");
  s->Bind(1, item.sku);
  s->Bind(2, item.name_uk);
  s->Bind(3, item.name_en);
  s->Bind(4, std::string(UnitName(item.unit)));
  s->Bind(5, item.category);
  s->Bind(6, item.expiry_tracked ? 1 : 0);
  return InsertReturningId(s, "item " + item.sku);
}

Result<int32_t> SqliteRepository::InsertWarehouse(const Warehouse& w) {
  Stmt* s = Prepare("INSERT INTO warehouses (code, name, region) VALUES (?, ?, ?)");
  s->Bind(1, w.code);
  s->Bind(2, w.name);
  s->Bind(3, w.region);
  return InsertReturningId(s, "warehouse " + w.code);
}

Result<int32_t> SqliteRepository::InsertDonor(const Donor& d) {
  Stmt* s = Prepare("INSERT INTO donors (code, name, country, currency) VALUES (?, ?, ?, ?)");
  s->Bind(1, d.code);
  s->Bind(2, d.name);
  s->Bind(3, d.country);
  s->Bind(4, std::string(d.currency->code));
  return InsertReturningId(s, "donor " + d.code);
}

Result<int32_t> SqliteRepository::InsertRecipient(const Recipient& r) {
  // ?6, the personal data in clear, is only read by the household size's
  // expression: it is never stored.
  static const std::string sql =
      "INSERT INTO recipients (code, kind, name, region, personal, household_size) "
      "VALUES (?1, ?2, ?3, ?4, ?5, CASE WHEN ?2 = 'idp_household' THEN " +
      HouseholdSizeOf("?6") + " END)";
  Stmt* s = Prepare(sql.c_str());
  s->Bind(1, r.code);
  s->Bind(2, std::string(RecipientKindName(r.kind)));
  if (NameIsPersonal(r.kind)) {
    s->BindBlob(3, cipher_.Seal(r.name, NameContext(r.code)));
  } else {
    s->Bind(3, r.name);
  }
  s->Bind(4, r.region);
  if (r.personal_json.empty()) {
    s->BindNull(5);
    s->BindNull(6);
  } else {
    s->BindBlob(5, cipher_.Seal(r.personal_json, PersonalContext(r.code)));
    s->Bind(6, r.personal_json);
  }
  return InsertReturningId(s, "recipient " + r.code);
}

Result<std::vector<Item>> SqliteRepository::ListItems(const PageRequest& page) {
  return List<Item>(
      "SELECT id, sku, name_uk, name_en, unit, category, expiry_tracked FROM items "
      "WHERE sku > ? ORDER BY sku LIMIT ?",
      page, ItemFrom<Stmt>);
}

Result<std::vector<Warehouse>> SqliteRepository::ListWarehouses(const PageRequest& page) {
  return List<Warehouse>(
      "SELECT id, code, name, region FROM warehouses WHERE code > ? ORDER BY code LIMIT ?", page,
      WarehouseFrom<Stmt>);
}

Result<std::vector<Donor>> SqliteRepository::ListDonors(const PageRequest& page) {
  return List<Donor>(
      "SELECT id, code, name, country, currency FROM donors WHERE code > ? ORDER BY code "
      "LIMIT ?",
      page, DonorFrom<Stmt>);
}

Result<std::vector<Recipient>> SqliteRepository::ListRecipients(const PageRequest& page) {
  Status opened = Status::Ok();  // the first value that does not open
  auto rows = List<Recipient>(
      "SELECT id, code, kind, name, region, personal FROM recipients WHERE code > ? "
      "ORDER BY code LIMIT ?",
      page, [&](const Stmt& s) { return RecipientFrom(s, cipher_, opened); });
  ZAPAS_RETURN_IF_ERROR(opened);
  return rows;
}

Result<std::map<std::string, int64_t>> SqliteRepository::HouseholdSizes() {
  Stmt s(db_,
         "SELECT code, household_size FROM recipients "
         "WHERE kind = 'idp_household' AND household_size > 0");
  if (!s.valid()) return Status::Unavailable(s.error());
  std::map<std::string, int64_t> out;
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) out.emplace(s.Text(0), s.Int(1));
  if (rc != SQLITE_DONE) return Error("reading household sizes");
  return out;
}

Result<std::vector<std::string>> SqliteRepository::Usernames() {
  return Strings("SELECT username FROM users ORDER BY id", "reading users");
}

Status SqliteRepository::LogPersonalRead(int32_t recipient_id, const std::string& read_by,
                                         const std::string& read_at) {
  Stmt* s = Prepare("INSERT INTO personal_reads (read_at, read_by, recipient_id) VALUES (?, ?, ?)");
  s->Bind(1, read_at);
  s->Bind(2, read_by);
  s->Bind(3, recipient_id);
  int rc = s->Step();
  s->Reset();
  return rc == SQLITE_DONE ? Status::Ok() : Error("logging a read of personal data");
}

Result<std::vector<PersonalRead>> SqliteRepository::PersonalReads(
    const std::string& recipient_code) {
  Stmt* s = Prepare(
      "SELECT l.read_at, l.read_by, r.code FROM personal_reads l JOIN recipients r "
      "ON r.id = l.recipient_id WHERE ? = '' OR r.code = ? ORDER BY l.id");
  s->Bind(1, recipient_code);
  s->Bind(2, recipient_code);
  std::vector<PersonalRead> out;
  int rc;
  while ((rc = s->Step()) == SQLITE_ROW) out.push_back({s->Text(0), s->Text(1), s->Text(2)});
  s->Reset();
  if (rc != SQLITE_DONE) return Error("reading the log of personal data");
  return out;
}

Status SqliteRepository::AddUser(const User& u) {
  try {
    std::string username = u.username, hash = u.password_hash;
    std::string role(RoleName(u.role)), donor = u.donor_code, created = NowRfc3339();
    int disabled = u.disabled ? 1 : 0;
    *session_ << "INSERT INTO users (username, password_hash, role, donor_code, disabled, "
                 "created_at) VALUES (?, ?, ?, NULLIF(?, ''), ?, ?)",
        use(username), use(hash), use(role), use(donor), use(disabled), use(created), now;
    return Status::Ok();
  } catch (const Poco::Exception& e) {
    if (e.displayText().find("UNIQUE") != std::string::npos) {
      return Status::Conflict("user \"" + u.username + "\" already exists");
    }
    return Status::Unavailable("cannot add the user: " + e.displayText());
  }
}

Result<std::optional<User>> SqliteRepository::FindUser(const std::string& username) {
  try {
    std::string name = username;
    std::vector<
        Poco::Tuple<Poco::Int64, std::string, std::string, Poco::Nullable<std::string>, int>>
        rows;
    *session_ << "SELECT id, password_hash, role, donor_code, disabled FROM users "
                 "WHERE username = ?",
        use(name), into(rows), now;
    if (rows.empty()) return std::optional<User>();
    const auto& r = rows.front();
    User u;
    u.id = r.get<0>();
    u.username = username;
    u.password_hash = r.get<1>();
    u.role = ParseRole(r.get<2>()).value_or(Role::kDonor);
    u.donor_code = r.get<3>().isNull() ? "" : r.get<3>().value();
    u.disabled = r.get<4>() != 0;
    return std::optional<User>(std::move(u));
  } catch (const Poco::Exception& e) {
    return Status::Unavailable("cannot read users: " + e.displayText());
  }
}

Status SqliteRepository::SetUserDisabled(const std::string& username, bool disabled) {
  Stmt* s = Prepare("UPDATE users SET disabled = ? WHERE username = ?");
  s->Bind(1, disabled ? 1 : 0);
  s->Bind(2, username);
  int rc = s->Step();
  s->Reset();
  if (rc != SQLITE_DONE) return Error("updating a user");
  if (sqlite3_changes(db_) == 0) return Status::NotFound("no user \"" + username + "\"");
  return Status::Ok();
}

Result<std::vector<std::string>> SqliteRepository::DisabledUsers() {
  return Strings("SELECT username FROM users WHERE disabled != 0", "reading users");
}

Result<std::vector<std::string>> SqliteRepository::Strings(const char* sql,
                                                           const std::string& what) {
  Stmt* s = Prepare(sql);
  std::vector<std::string> out;
  int rc;
  while ((rc = s->Step()) == SQLITE_ROW) out.push_back(s->Text(0));
  s->Reset();
  if (rc != SQLITE_DONE) return Error(what);
  return out;
}

Result<int64_t> SqliteRepository::CountUsers() {
  try {
    Poco::Int64 n = 0;
    *session_ << "SELECT COUNT(*) FROM users", into(n), now;
    return static_cast<int64_t>(n);
  } catch (const Poco::Exception& e) {
    return Status::Unavailable("cannot read users: " + e.displayText());
  }
}

}  // namespace zapas::sqlite
