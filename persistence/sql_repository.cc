// The statements both databases share: the catalogue, users and the log of
// personal reads; accounts, money postings, closed periods, bank statements
// and NBU rates, with the rule that a stored rate never silently changes.
#include "persistence/sql_repository.h"

#include <limits>

#include "domain/gs1/scan.h"
#include "domain/text.h"
#include "persistence/row_readers.h"

namespace zapas {

using PersonalRead = Repository::PersonalRead;

Result<int32_t> SqlRepository::InsertReturningId(const std::string& sql, const SqlParams& params,
                                                 const std::string& what) {
  auto id = First<int64_t>(
      sql, params, [](const SqlRow& r) { return r.Int(0); }, "cannot store " + what);
  if (!id.ok()) {
    if (id.status().code() == StatusCode::kConflict)
      return Status::Conflict(what + " already exists");
    return id.status();
  }
  if (!*id) return Status::Internal("storing " + what + " gave no id");
  return static_cast<int32_t>(**id);
}

Result<std::vector<std::string>> SqlRepository::Strings(const std::string& sql,
                                                        const std::string& what) {
  return Rows<std::string>(
      sql, SqlParams(), [](const SqlRow& r) { return r.Text(0); }, what);
}

std::string SqlRepository::SealText(const std::string& plaintext, const std::string& context) {
  return cipher_.SealText(plaintext, context);
}

Result<std::string> SqlRepository::OpenText(const std::string& sealed, const std::string& context) {
  Result<std::string> text = cipher_.OpenText(sealed, context);
  if (!text.ok()) return Status::Internal(text.status().message());
  return text;
}

// --- The catalogue, users, personal reads -------------------------------------

Result<std::optional<std::string>> SqlRepository::CodeTakenIgnoringCase(CodeKind kind,
                                                                        const std::string& code) {
  return First<std::string>(
      CodeLikeSql(kind, dialect_.code_param), SqlParams().Text(code),
      [](const SqlRow& r) { return r.Text(0); }, "reading codes");
}

Result<int32_t> SqlRepository::InsertItem(const Item& item) {
  return InsertReturningId(
      "INSERT INTO items (sku, name_uk, name_en, unit, category, expiry_tracked) "
      "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
      SqlParams()
          .Text(item.sku)
          .Text(item.name_uk)
          .Text(item.name_en)
          .Text(std::string(UnitName(item.unit)))
          .Text(item.category)
          .Int(item.expiry_tracked ? 1 : 0),
      "item " + item.sku);
}

Status SqlRepository::UpdateItem(const Item& item) {
  ZAPAS_ASSIGN_OR_RETURN(
      int64_t changed,
      Query("UPDATE items SET name_uk = $2, name_en = $3, category = $4 WHERE sku = $1",
            SqlParams().Text(item.sku).Text(item.name_uk).Text(item.name_en).Text(item.category),
            nullptr, "updating an item"));
  if (changed == 0) return Status::NotFound("no item " + item.sku);
  return Status::Ok();
}

Status SqlRepository::SetItemGtins(int32_t item_id, const std::vector<ItemGtin>& gtins) {
  ZAPAS_RETURN_IF_ERROR(Query("UPDATE items SET gtins = $2 WHERE id = $1",
                              SqlParams().Int(item_id).Text(EncodeItemGtins(gtins)), nullptr,
                              "an item's GTINs")
                            .status());
  ZAPAS_RETURN_IF_ERROR(Query("DELETE FROM item_gtins WHERE item_id = $1", SqlParams().Int(item_id),
                              nullptr, "an item's GTINs")
                            .status());
  for (const ItemGtin& g : gtins) {
    auto gtin14 = gs1::NormalizeGtin(g.gtin);
    if (!gtin14.ok()) return gtin14.status();
    ZAPAS_RETURN_IF_ERROR(
        InsertReturningId("INSERT INTO item_gtins (gtin, item_id) VALUES ($1, $2) "
                          "RETURNING item_id",
                          SqlParams().Text(*gtin14).Int(item_id), "GTIN " + g.gtin)
            .status());
  }
  return Status::Ok();
}

Result<int32_t> SqlRepository::InsertWarehouse(const Warehouse& w) {
  return InsertReturningId(
      "INSERT INTO warehouses (code, name, region, site) VALUES ($1, $2, $3, $4) RETURNING id",
      SqlParams().Text(w.code).Text(w.name).Text(w.region).Text(w.site), "warehouse " + w.code);
}

Result<int32_t> SqlRepository::InsertDonor(const Donor& d) {
  return InsertReturningId(
      "INSERT INTO donors (code, name, country, currency, email, language) "
      "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
      SqlParams()
          .Text(d.code)
          .Text(d.name)
          .Text(d.country)
          .Text(std::string(d.currency->code))
          .Text(d.email)
          .Text(d.language),
      "donor " + d.code);
}

Result<int32_t> SqlRepository::InsertRecipient(const Recipient& r) {
  // $6, the personal data in clear, is only read by the household size's
  // expression: it is never stored.
  const std::string sql =
      "INSERT INTO recipients (code, kind, name, region, personal, household_size) "
      "VALUES ($1, $2, $3, $4, $5, CASE WHEN $2 = 'idp_household' THEN " +
      dialect_.household_size_of("$6") + " END) RETURNING id";
  SqlParams p;
  p.Text(r.code).Text(std::string(RecipientKindName(r.kind)));
  if (NameIsPersonal(r.kind)) {
    p.Bytes(cipher_.Seal(r.name, NameContext(r.code)));
  } else if (dialect_.clear_name_as_bytes) {
    p.Bytes(r.name);
  } else {
    p.Text(r.name);
  }
  p.Text(r.region);
  if (r.personal_json.empty()) {
    p.Null().Null();
  } else {
    p.Bytes(cipher_.Seal(r.personal_json, PersonalContext(r.code))).Text(r.personal_json);
  }
  return InsertReturningId(sql, p, "recipient " + r.code);
}

Result<std::vector<Item>> SqlRepository::ListItems(const PageRequest& page) {
  return List<Item>(
      "SELECT id, sku, name_uk, name_en, unit, category, expiry_tracked, gtins FROM items "
      "WHERE sku > $1 ORDER BY sku LIMIT $2",
      page, ItemFrom<SqlRow>);
}

Result<std::vector<Warehouse>> SqlRepository::ListWarehouses(const PageRequest& page) {
  return List<Warehouse>(std::string("SELECT ") + kWarehouseColumns +
                             " FROM warehouses WHERE code > $1 ORDER BY code LIMIT $2",
                         page, WarehouseFrom<SqlRow>);
}

Result<std::vector<Donor>> SqlRepository::ListDonors(const PageRequest& page) {
  return List<Donor>(
      "SELECT id, code, name, country, currency, email, language FROM donors WHERE code > $1 "
      "ORDER BY code "
      "LIMIT $2",
      page, DonorFrom<SqlRow>);
}

Result<std::vector<Recipient>> SqlRepository::ListRecipients(const PageRequest& page) {
  Status opened = Status::Ok();  // the first value that does not open
  auto rows = List<Recipient>(
      "SELECT id, code, kind, name, region, personal FROM recipients WHERE code > $1 "
      "ORDER BY code LIMIT $2",
      page, [&](const SqlRow& s) { return RecipientFrom(s, cipher_, opened); });
  ZAPAS_RETURN_IF_ERROR(opened);
  return rows;
}

Result<std::optional<Recipient>> SqlRepository::FindRecipient(const std::string& code) {
  Status opened = Status::Ok();
  auto row = First<Recipient>(
      "SELECT id, code, kind, name, region, personal FROM recipients WHERE code = $1",
      SqlParams().Text(code), [&](const SqlRow& s) { return RecipientFrom(s, cipher_, opened); },
      "reading a recipient");
  ZAPAS_RETURN_IF_ERROR(opened);
  return row;
}

Result<std::map<std::string, int64_t>> SqlRepository::HouseholdSizes() {
  std::map<std::string, int64_t> out;
  ZAPAS_RETURN_IF_ERROR(Query(
                            "SELECT code, household_size FROM recipients "
                            "WHERE kind = 'idp_household' AND household_size > 0",
                            SqlParams(), [&](const SqlRow& r) { out.emplace(r.Text(0), r.Int(1)); },
                            "reading household sizes")
                            .status());
  return out;
}

Result<std::vector<std::string>> SqlRepository::Usernames() {
  return Strings("SELECT username FROM users ORDER BY id", "reading users");
}

Status SqlRepository::LogPersonalRead(int32_t recipient_id, const std::string& read_by,
                                      const std::string& read_at) {
  return Query("INSERT INTO personal_reads (read_at, read_by, recipient_id) VALUES ($1, $2, $3)",
               SqlParams().Text(read_at).Text(read_by).Int(recipient_id), nullptr,
               "logging a read of personal data")
      .status();
}

Result<std::vector<PersonalRead>> SqlRepository::PersonalReads(const std::string& recipient_code) {
  return Rows<PersonalRead>(
      "SELECT l.read_at, l.read_by, r.code FROM personal_reads l JOIN recipients r "
      "ON r.id = l.recipient_id WHERE $1 = '' OR r.code = $1 ORDER BY l.id",
      SqlParams().Text(recipient_code),
      [](const SqlRow& s) {
        return PersonalRead{s.Text(0), s.Text(1), s.Text(2)};
      },
      "reading the log of personal data");
}

namespace {

// A user's warehouses as stored: codes joined by commas (a code holds none).
std::string JoinCodes(const std::vector<std::string>& codes) {
  std::string out;
  for (const std::string& c : codes) out += (out.empty() ? "" : ",") + c;
  return out;
}

constexpr const char* kUserColumns =
    "SELECT id, username, password_hash, role, donor_code, disabled, warehouses, session_epoch "
    "FROM users ";

User UserFrom(const SqlRow& s) {
  User u;
  u.id = s.Int(0);
  u.username = s.Text(1);
  u.password_hash = s.Text(2);
  u.role = ParseRole(s.Text(3)).value_or(Role::kDonor);
  u.donor_code = s.IsNull(4) ? "" : s.Text(4);
  u.disabled = s.Int(5) != 0;
  u.warehouses = SplitOn(s.Text(6), ',');
  u.session_epoch = s.Int(7);
  return u;
}

// The values of a user's row after its name, as AddUser and UpdateUser bind them.
SqlParams& UserValues(SqlParams& p, const User& u) {
  return p.Text(u.password_hash)
      .Text(std::string(RoleName(u.role)))
      .Text(u.donor_code)
      .Int(u.disabled ? 1 : 0)
      .Text(JoinCodes(u.warehouses))
      .Int(u.session_epoch);
}

}  // namespace

Status SqlRepository::AddUser(const User& u) {
  SqlParams p;
  UserValues(p.Text(u.username), u).Text(NowRfc3339());
  Status s = Query(
                 "INSERT INTO users (username, password_hash, role, donor_code, disabled, "
                 "warehouses, session_epoch, created_at) "
                 "VALUES ($1, $2, $3, NULLIF($4, ''), $5, $6, $7, $8)",
                 p, nullptr, "cannot add the user")
                 .status();
  if (s.code() == StatusCode::kConflict) {
    return Status::Conflict("user \"" + u.username + "\" already exists");
  }
  return s;
}

Status SqlRepository::UpdateUser(const User& u) {
  SqlParams p;
  UserValues(p.Text(u.username), u);
  ZAPAS_ASSIGN_OR_RETURN(
      int64_t changed,
      Query("UPDATE users SET password_hash = $2, role = $3, donor_code = NULLIF($4, ''), "
            "disabled = $5, warehouses = $6, session_epoch = $7 WHERE username = $1",
            p, nullptr, "updating a user"));
  if (changed == 0) return Status::NotFound("no user \"" + u.username + "\"");
  return Status::Ok();
}

Result<std::optional<User>> SqlRepository::FindUser(const std::string& username) {
  return First<User>(std::string(kUserColumns) + "WHERE username = $1", SqlParams().Text(username),
                     UserFrom, "cannot read users");
}

Result<std::vector<User>> SqlRepository::ListUsers(const PageRequest& page) {
  return List<User>(std::string(kUserColumns) + "WHERE username > $1 ORDER BY username LIMIT $2",
                    page, UserFrom);
}

Result<int64_t> SqlRepository::CountUsers() {
  ZAPAS_ASSIGN_OR_RETURN(auto n,
                         First<int64_t>(
                             "SELECT COUNT(*) FROM users", SqlParams(),
                             [](const SqlRow& r) { return r.Int(0); }, "cannot read users"));
  return n.value_or(0);
}

// --- Accounts, periods, statements, rates ---------------------------------------

Result<int32_t> SqlRepository::InsertAccount(const Account& a) {
  return InsertReturningId(
      "INSERT INTO accounts (code, name, currency, kind, site) VALUES ($1, $2, $3, $4, $5) "
      "RETURNING id",
      SqlParams()
          .Text(a.code)
          .Text(a.name)
          .Text(std::string(a.currency->code))
          .Text(std::string(AccountKindName(a.kind)))
          .Text(a.site),
      "account " + a.code);
}

Result<std::vector<Account>> SqlRepository::ListAccounts(const PageRequest& page) {
  return List<Account>(std::string("SELECT ") + kAccountColumns +
                           " FROM accounts WHERE code > $1 ORDER BY code "
                           "LIMIT $2",
                       page, AccountFrom<SqlRow>);
}

Result<std::optional<Account>> SqlRepository::FindAccount(const std::string& code) {
  return First<Account>(std::string("SELECT ") + kAccountColumns + " FROM accounts WHERE code = $1",
                        SqlParams().Text(code), AccountFrom<SqlRow>, "reading accounts");
}

Status SqlRepository::ForEachMoneyPosting(Date to,
                                          const std::function<void(const MoneyRow&)>& visit) {
  Status read = Status::Ok();
  ZAPAS_RETURN_IF_ERROR(Query(
                            "SELECT p.entry_id, j.kind, j.number, p.day, p.ledger_account, "
                            "p.account_id, p.donor_id, p.currency, p.amount, p.uah, j.site "
                            "FROM money_postings p JOIN journal j ON j.id = p.entry_id "
                            "WHERE p.day <= $1 ORDER BY p.day, p.entry_id, p.line",
                            SqlParams().Int(to.days()),
                            [&](const SqlRow& r) {
                              Result<MoneyRow> row = MoneyRowFrom(r);
                              if (row.ok() && read.ok()) visit(*row);
                              if (!row.ok() && read.ok()) read = row.status();
                            },
                            "reading money postings")
                            .status());
  return read;
}

Result<int64_t> SqlRepository::AccountBalance(int32_t account_id, Date date) {
  ZAPAS_ASSIGN_OR_RETURN(auto balance,
                         First<int64_t>(
                             "SELECT COALESCE(SUM(amount), 0) FROM money_postings "
                             "WHERE account_id = $1 AND day <= $2",
                             SqlParams().Int(account_id).Int(date.days()),
                             [](const SqlRow& r) { return r.Int(0); }, "reading a balance"));
  return balance.value_or(0);
}

Status SqlRepository::ClosePeriod(const ClosedPeriod& p) {
  Status st =
      Query(
          "INSERT INTO closed_periods (month, last_day, closed_at, closed_by) "
          "VALUES ($1, $2, $3, $4)",
          SqlParams().Text(p.month).Int(p.last_day.days()).Text(p.closed_at).Text(p.closed_by),
          nullptr, "closing a period")
          .status();
  if (st.code() == StatusCode::kConflict) return Status::Conflict(p.month + " is closed already");
  return st;
}

Status SqlRepository::ReopenPeriod(const std::string& month) {
  auto changed = Query("DELETE FROM closed_periods WHERE month = $1", SqlParams().Text(month),
                       nullptr, "reopening a period");
  if (!changed.ok()) {
    // The trigger of migration 9: only the latest closed month goes.
    if (changed.status().code() != StatusCode::kUnavailable) {
      return Status::Conflict("only the latest closed month can be reopened");
    }
    return changed.status();
  }
  if (*changed == 0) return Status::NotFound(month + " is not closed");
  return Status::Ok();
}

Result<std::vector<ClosedPeriod>> SqlRepository::ListClosedPeriods() {
  return Rows<ClosedPeriod>(std::string("SELECT month, last_day, closed_at, closed_by FROM "
                                        "closed_periods ORDER BY month") +
                                dialect_.bytewise,
                            SqlParams(), ClosedPeriodFrom<SqlRow>, "reading closed periods");
}

Result<std::optional<Date>> SqlRepository::ClosedThrough() {
  std::optional<Date> through;
  ZAPAS_RETURN_IF_ERROR(Query(
                            "SELECT MAX(last_day) FROM closed_periods", SqlParams(),
                            [&](const SqlRow& r) {
                              if (!r.IsNull(0)) {
                                through = Date::FromDays(static_cast<int32_t>(r.Int(0)));
                              }
                            },
                            "reading closed periods")
                            .status());
  return through;
}

Status SqlRepository::InsertStatement(const Statement& st) {
  Status result = Query(
                      "INSERT INTO statements (account_id, day, balance, recorded_at, "
                      "recorded_by) VALUES ($1, $2, $3, $4, $5)",
                      SqlParams()
                          .Int(st.account_id)
                          .Int(st.date.days())
                          .Int(st.balance)
                          .Text(st.recorded_at)
                          .Text(st.recorded_by),
                      nullptr, "storing a statement")
                      .status();
  if (result.code() == StatusCode::kConflict) {
    return Status::Conflict("a statement of that account on " + st.date.ToString() +
                            " is recorded already");
  }
  return result;
}

Result<std::vector<Statement>> SqlRepository::ListStatements(int32_t account_id) {
  return Rows<Statement>(
      "SELECT account_id, day, balance, recorded_at, recorded_by FROM statements "
      "WHERE $1 = 0 OR account_id = $1 ORDER BY account_id, day",
      SqlParams().Int(account_id), StatementFrom<SqlRow>, "reading statements");
}

Status SqlRepository::ReplaceRate(const Rate& rate) {
  ZAPAS_ASSIGN_OR_RETURN(
      int64_t changed, Query("UPDATE rates SET uah_per_unit = $1 WHERE currency = $2 AND day = $3",
                             SqlParams()
                                 .Int(rate.uah_per_unit)
                                 .Text(std::string(rate.currency->code))
                                 .Int(rate.date.days()),
                             nullptr, "replacing a rate"));
  if (changed == 0) {
    return Status::NotFound("no NBU rate of " + std::string(rate.currency->code) + " on " +
                            rate.date.ToString());
  }
  return Status::Ok();
}

Result<bool> SqlRepository::RateIsUsed(const Currency& currency, Date from,
                                       std::optional<Date> until) {
  ZAPAS_ASSIGN_OR_RETURN(
      auto used,
      First<bool>(
          "SELECT CASE WHEN EXISTS (SELECT 1 FROM money_postings WHERE currency = $1 AND "
          "day >= $2 AND day < $3) OR EXISTS (SELECT 1 FROM lots WHERE currency = $1 AND "
          "booked_rate_day = $2) THEN 1 ELSE 0 END",
          SqlParams()
              .Text(std::string(currency.code))
              .Int(from.days())
              .Int(until ? until->days() : std::numeric_limits<int32_t>::max()),
          [](const SqlRow& r) { return r.Int(0) != 0; }, "reading rates"));
  return used.value_or(false);
}

// A stored rate never changes by an import: the same rate again is skipped,
// another one is refused naming both.
Result<size_t> SqlRepository::InsertRates(const std::vector<Rate>& rates) {
  size_t inserted = 0;
  for (const Rate& r : rates) {
    const std::string code(r.currency->code);
    ZAPAS_ASSIGN_OR_RETURN(std::optional<int64_t> stored,
                           First<int64_t>(
                               "SELECT uah_per_unit FROM rates WHERE currency = $1 AND day = $2",
                               SqlParams().Text(code).Int(r.date.days()),
                               [](const SqlRow& row) { return row.Int(0); }, "reading rates"));
    if (stored) {
      if (*stored != r.uah_per_unit) {
        Rate old = r;
        old.uah_per_unit = *stored;
        return Status::Conflict("the rate of " + code + " on " + r.date.ToString() + " is " +
                                old.RateString() + " already; the file says " + r.RateString());
      }
      continue;
    }
    ZAPAS_RETURN_IF_ERROR(
        Query("INSERT INTO rates (currency, day, uah_per_unit) VALUES ($1, $2, $3)",
              SqlParams().Text(code).Int(r.date.days()).Int(r.uah_per_unit), nullptr,
              "storing a rate")
            .status());
    ++inserted;
  }
  return inserted;
}

Result<std::optional<Rate>> SqlRepository::RateInForce(const Currency& currency, Date date) {
  return First<Rate>(
      "SELECT day, uah_per_unit FROM rates WHERE currency = $1 AND day <= $2 "
      "ORDER BY day DESC LIMIT 1",
      SqlParams().Text(std::string(currency.code)).Int(date.days()),
      [&](const SqlRow& r) {
        return Rate{Date::FromDays(static_cast<int32_t>(r.Int(0))), &currency, r.Int(1)};
      },
      "reading rates");
}

Result<std::vector<Rate>> SqlRepository::RatesInForce(Date date) {
  std::vector<Rate> out;
  ZAPAS_RETURN_IF_ERROR(Query(
                            std::string("SELECT r.currency, r.day, r.uah_per_unit FROM rates r "
                                        "JOIN (SELECT currency, MAX(day) AS day FROM rates "
                                        "WHERE day <= $1 GROUP BY currency) m "
                                        "ON r.currency = m.currency AND r.day = m.day "
                                        "ORDER BY r.currency") +
                                dialect_.bytewise,
                            SqlParams().Int(date.days()),
                            [&](const SqlRow& r) {
                              if (std::optional<Rate> rate = RateFrom(r)) out.push_back(*rate);
                            },
                            "reading rates")
                            .status());
  return out;
}

Status SqlRepository::LoadRates(RateTable& table) {
  return Query(
             "SELECT currency, day, uah_per_unit FROM rates", SqlParams(),
             [&](const SqlRow& r) {
               if (std::optional<Rate> rate = RateFrom(r)) table.Add(*rate);
             },
             "reading rates")
      .status();
}

}  // namespace zapas
