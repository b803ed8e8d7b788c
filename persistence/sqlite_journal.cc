// SQLite: lots, the journal and its postings, document numbers, idempotent
// replies.
#include "persistence/sqlite_repository.h"

namespace zapas::sqlite {

Result<int32_t> SqliteRepository::InsertLot(const Lot& lot) {
  Stmt* s = Prepare(
      "INSERT INTO lots (item_id, batch, expiry, unit_value, currency, donor_id, booked_rate, "
      "booked_rate_day) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
  s->Bind(1, lot.item_id);
  s->Bind(2, lot.batch);
  if (lot.expiry.is_never()) {
    s->BindNull(3);
  } else {
    s->Bind(3, lot.expiry.ToString());
  }
  s->Bind(4, lot.unit_value_minor);
  s->Bind(5, std::string(lot.currency->code));
  s->Bind(6, lot.donor_id);
  if (lot.booked_rate > 0) {
    s->Bind(7, lot.booked_rate);
    s->Bind(8, lot.booked_rate_date.days());
  } else {
    s->BindNull(7);
    s->BindNull(8);
  }
  return InsertReturningId(s, "lot " + lot.batch);
}

Status SqliteRepository::ForEachLot(int32_t after, const std::function<void(Lot&&)>& visit) {
  const std::string sql =
      std::string("SELECT ") + kLotColumns + " FROM lots WHERE id > ? ORDER BY id";
  Stmt s(db_, sql.c_str());
  if (!s.valid()) return Status::Unavailable(s.error());
  s.Bind(1, after);
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) {
    ZAPAS_ASSIGN_OR_RETURN(Lot lot, LotFrom(s));
    visit(std::move(lot));
  }
  return rc == SQLITE_DONE ? Status::Ok() : Error("reading lots");
}

Status SqliteRepository::ForEachPosting(int64_t after_entry,
                                        const std::function<void(const Posting&)>& visit) {
  Stmt s(db_,
         "SELECT warehouse_id, lot_id, day, quantity FROM postings WHERE entry_id > ? "
         "ORDER BY entry_id, line");
  if (!s.valid()) return Status::Unavailable(s.error());
  s.Bind(1, after_entry);
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) visit(PostingFrom(s, 0));
  return rc == SQLITE_DONE ? Status::Ok() : Error("reading postings");
}

Result<int64_t> SqliteRepository::InsertEntry(const JournalEntry& entry) {
  // The next id and the chain's head; the writer holds the database's write
  // lock (BEGIN IMMEDIATE), so nobody else can take them meanwhile.
  JournalEntry e = entry;
  std::string prev;
  {
    Stmt* head = Prepare("SELECT id, hash FROM journal ORDER BY id DESC LIMIT 1");
    int rc = head->Step();
    e.id = 1;
    if (rc == SQLITE_ROW) {
      e.id = head->Int(0) + 1;
      prev = head->IsNull(1) ? "" : head->Text(1);
    } else if (rc != SQLITE_DONE) {
      return Error("reading the journal's head");
    }
    head->Reset();
  }
  const std::string hash = Sha256(CanonicalEntry(e, prev));
  Stmt* s = Prepare(
      "INSERT INTO journal (id, kind, number, date, recorded_at, recorded_by, refers_to, "
      "document, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
  s->Bind(1, e.id);
  s->Bind(2, e.kind);
  if (e.number.empty()) {
    s->BindNull(3);
  } else {
    s->Bind(3, e.number);
  }
  s->Bind(4, e.date.ToString());
  s->Bind(5, e.recorded_at);
  s->Bind(6, e.recorded_by);
  if (e.refers_to == 0) {
    s->BindNull(7);
  } else {
    s->Bind(7, e.refers_to);
  }
  s->Bind(8, e.document);
  s->Bind(9, prev);
  s->Bind(10, hash);
  ZAPAS_ASSIGN_OR_RETURN(int64_t id, InsertReturningId(s, "journal entry " + e.number));
  Stmt* p = Prepare(
      "INSERT INTO postings (entry_id, line, lot_id, warehouse_id, day, quantity) "
      "VALUES (?, ?, ?, ?, ?, ?)");
  int line = 0;
  for (const Posting& posting : e.postings) {
    p->Reset();
    p->Bind(1, id);
    p->Bind(2, line++);
    p->Bind(3, posting.lot_id);
    p->Bind(4, posting.warehouse_id);
    p->Bind(5, posting.date.days());
    p->Bind(6, posting.delta);
    if (p->Step() != SQLITE_DONE) return Error("inserting a posting");
  }
  p->Reset();
  if (!e.money.empty()) {
    Stmt* m = Prepare(
        "INSERT INTO money_postings (entry_id, line, day, ledger_account, account_id, donor_id, "
        "currency, amount, uah) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    int n = 0;
    for (const MoneyPosting& mp : e.money) {
      m->Reset();
      m->Bind(1, id);
      m->Bind(2, n++);
      m->Bind(3, e.date.days());
      m->Bind(4, mp.ledger_account);
      if (mp.account_id)
        m->Bind(5, mp.account_id);
      else
        m->BindNull(5);
      if (mp.donor_id)
        m->Bind(6, mp.donor_id);
      else
        m->BindNull(6);
      m->Bind(7, std::string(mp.amount.currency_code()));
      m->Bind(8, mp.amount.minor_units());
      m->Bind(9, mp.uah.minor_units());
      if (m->Step() != SQLITE_DONE) return Error("inserting a money posting");
    }
    m->Reset();
  }
  return id;
}

Status SqliteRepository::ForEachStockEntry(Date to,
                                           const std::function<void(const JournalEntry&)>& visit) {
  Stmt s(db_,
         "SELECT j.id, j.kind, j.number, j.refers_to, j.document, p.warehouse_id, p.lot_id, "
         "p.day, p.quantity FROM postings p JOIN journal j ON j.id = p.entry_id "
         "WHERE p.day <= ? ORDER BY p.day, p.entry_id, p.line");
  if (!s.valid()) return Status::Unavailable(s.error());
  s.Bind(1, to.days());
  StockEntryGrouper entries(visit);
  int rc;
  while ((rc = s.Step()) == SQLITE_ROW) entries.Add(s);
  if (rc != SQLITE_DONE) return Error("reading the journal");
  entries.Finish();
  return Status::Ok();
}

Result<JournalEntry> SqliteRepository::FindEntry(int64_t id) {
  static const std::string sql =
      std::string("SELECT ") + kEntryColumns + " FROM journal WHERE id = ?";
  Stmt* s = Prepare(sql.c_str());
  s->Bind(1, id);
  int rc = s->Step();
  if (rc == SQLITE_DONE) {
    s->Reset();
    return Status::NotFound("no journal entry " + std::to_string(id));
  }
  if (rc != SQLITE_ROW) return Error("reading the journal");
  JournalEntry e = EntryFrom(*s);
  s->Reset();
  return e;
}

Result<std::optional<JournalEntry>> SqliteRepository::FindEntryByHash(const std::string& prefix) {
  if (prefix.size() < 16 || prefix.size() > 64 ||
      prefix.find_first_not_of("0123456789abcdef") != std::string::npos) {
    return std::optional<JournalEntry>();
  }
  // A range on the unique index: prefix <= hash < prefix + "g".
  static const std::string sql = std::string("SELECT ") + kEntryColumns +
                                 " FROM journal WHERE hash >= ? AND hash < ? ORDER BY hash LIMIT 2";
  Stmt* s = Prepare(sql.c_str());
  s->Bind(1, prefix);
  s->Bind(2, prefix + "g");
  std::vector<JournalEntry> found;
  int rc;
  while ((rc = s->Step()) == SQLITE_ROW) found.push_back(EntryFrom(*s));
  s->Reset();
  if (rc != SQLITE_DONE) return Error("reading the journal");
  if (found.size() != 1) return std::optional<JournalEntry>();  // none, or not unique
  return std::optional<JournalEntry>(std::move(found.front()));
}

Status SqliteRepository::ForEachEntry(int64_t after,
                                      const std::function<bool(const JournalEntry&)>& visit) {
  // Three cursors in entry order, merged.
  Stmt entries(
      db_,
      (std::string("SELECT ") + kEntryColumns + " FROM journal WHERE id > ? ORDER BY id").c_str());
  Stmt stock(db_,
             "SELECT entry_id, warehouse_id, lot_id, day, quantity FROM postings "
             "WHERE entry_id > ? ORDER BY entry_id, line");
  Stmt money(db_,
             "SELECT entry_id, ledger_account, account_id, donor_id, currency, amount, uah "
             "FROM money_postings WHERE entry_id > ? ORDER BY entry_id, line");
  for (Stmt* st : {&entries, &stock, &money}) {
    if (!st->valid()) return Status::Unavailable(st->error());
    st->Bind(1, after);
  }
  int stock_rc = stock.Step(), money_rc = money.Step();
  int rc;
  while ((rc = entries.Step()) == SQLITE_ROW) {
    JournalEntry e = EntryFrom(entries);
    for (; stock_rc == SQLITE_ROW && stock.Int(0) <= e.id; stock_rc = stock.Step()) {
      if (stock.Int(0) < e.id) continue;  // an orphan posting: left for verify to miss
      e.postings.push_back(PostingFrom(stock, 1));
    }
    for (; money_rc == SQLITE_ROW && money.Int(0) <= e.id; money_rc = money.Step()) {
      if (money.Int(0) < e.id) continue;
      ZAPAS_ASSIGN_OR_RETURN(MoneyPosting m, MoneyPostingFrom(money, 1));
      e.money.push_back(std::move(m));
    }
    if (!visit(e)) return Status::Ok();
  }
  return rc == SQLITE_DONE ? Status::Ok() : Error("reading the journal");
}

Result<std::vector<Posting>> SqliteRepository::PostingsOf(int64_t id) {
  Stmt* s = Prepare(
      "SELECT warehouse_id, lot_id, day, quantity FROM postings WHERE entry_id = ? ORDER BY "
      "line");
  s->Bind(1, id);
  std::vector<Posting> out;
  int rc;
  while ((rc = s->Step()) == SQLITE_ROW) out.push_back(PostingFrom(*s, 0));
  s->Reset();
  if (rc != SQLITE_DONE) return Error("reading postings");
  return out;
}

Result<std::optional<int64_t>> SqliteRepository::FindEventFor(int64_t id, const std::string& kind) {
  Stmt* s = Prepare("SELECT id FROM journal WHERE refers_to = ? AND kind = ? ORDER BY id LIMIT 1");
  s->Bind(1, id);
  s->Bind(2, kind);
  int rc = s->Step();
  std::optional<int64_t> found;
  if (rc == SQLITE_ROW) {
    found = s->Int(0);
  } else if (rc != SQLITE_DONE) {
    return Error("reading the journal");
  }
  s->Reset();
  return found;
}

Result<std::vector<DeliverySummary>> SqliteRepository::ListDeliveries(int64_t after, int limit) {
  // The codes come from the delivery's stored document, as it was accepted.
  Stmt* s = Prepare(
      "SELECT j.id, j.number, j.date, json_extract(j.document, '$.warehouse'), "
      "json_extract(j.document, '$.recipient'), EXISTS (SELECT 1 FROM journal c "
      "WHERE c.refers_to = j.id AND c.kind = 'confirmation') FROM journal j "
      "WHERE j.kind = 'delivery' AND j.id > ? ORDER BY j.id LIMIT ?");
  s->Bind(1, after);
  s->Bind(2, static_cast<int64_t>(limit));
  std::vector<DeliverySummary> out;
  int rc;
  while ((rc = s->Step()) == SQLITE_ROW) out.push_back(DeliveryFrom(*s));
  s->Reset();
  if (rc != SQLITE_DONE) return Error("reading the deliveries");
  return out;
}

Result<int64_t> SqliteRepository::NextNumber(const std::string& name, int year) {
  Stmt* s = Prepare(
      "INSERT INTO sequences (name, year, value) VALUES (?, ?, 1) "
      "ON CONFLICT (name, year) DO UPDATE SET value = value + 1 RETURNING value");
  s->Bind(1, name);
  s->Bind(2, year);
  if (s->Step() != SQLITE_ROW) return Error("numbering");
  int64_t v = s->Int(0);
  s->Step();
  s->Reset();
  return v;
}

Result<std::vector<Counter>> SqliteRepository::ListCounters() {
  Stmt* s = Prepare("SELECT name, year, value FROM sequences ORDER BY name, year");
  std::vector<Counter> out;
  int rc;
  while ((rc = s->Step()) == SQLITE_ROW) {
    out.push_back(Counter{s->Text(0), static_cast<int>(s->Int(1)), s->Int(2)});
  }
  s->Reset();
  if (rc != SQLITE_DONE) return Error("reading numbering");
  return out;
}

Status SqliteRepository::SetCounter(const Counter& c) {
  Stmt* s = Prepare(
      "INSERT INTO sequences (name, year, value) VALUES (?, ?, ?) "
      "ON CONFLICT (name, year) DO UPDATE SET value = excluded.value");
  s->Bind(1, c.name);
  s->Bind(2, c.year);
  s->Bind(3, c.value);
  const int rc = s->Step();
  s->Reset();
  if (rc != SQLITE_DONE) return Error("numbering");
  return Status::Ok();
}

Result<std::vector<std::string>> SqliteRepository::ResponseKeys() {
  return Strings("SELECT key FROM idempotency ORDER BY key", "reading idempotency keys");
}

Result<std::optional<StoredResponse>> SqliteRepository::FindResponse(const std::string& key) {
  // A stored reply may carry personal data (a created recipient's): sealed.
  Stmt* s = Prepare("SELECT request_hash, status, body FROM idempotency WHERE key = ?");
  s->Bind(1, key);
  int rc = s->Step();
  std::optional<StoredResponse> found;
  if (rc == SQLITE_ROW) {
    Result<std::string> hash = UnsealColumn(cipher_, *s, 0, ReplyContext("request_hash", key));
    Result<std::string> body = UnsealColumn(cipher_, *s, 2, ReplyContext("body", key));
    const int status = static_cast<int>(s->Int(1));
    s->Reset();
    ZAPAS_RETURN_IF_ERROR(hash.status());
    ZAPAS_RETURN_IF_ERROR(body.status());
    found = StoredResponse{*hash, status, *body};
  } else if (rc != SQLITE_DONE) {
    return Error("reading idempotency keys");
  }
  s->Reset();
  return found;
}

Status SqliteRepository::SaveResponse(const std::string& key, const StoredResponse& r) {
  Stmt* s = Prepare(
      "INSERT INTO idempotency (key, request_hash, status, body, created_at) "
      "VALUES (?, ?, ?, ?, ?)");
  s->Bind(1, key);
  s->BindBlob(2, cipher_.Seal(r.request_hash, ReplyContext("request_hash", key)));
  s->Bind(3, r.status);
  s->BindBlob(4, cipher_.Seal(r.body, ReplyContext("body", key)));
  s->Bind(5, NowRfc3339());
  int rc = s->Step();
  s->Reset();
  return rc == SQLITE_DONE ? Status::Ok() : Error("saving an idempotency key");
}

}  // namespace zapas::sqlite
