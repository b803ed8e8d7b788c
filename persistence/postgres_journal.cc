// PostgreSQL: lots, the journal and its postings, document numbers,
// idempotent replies.
#include "persistence/postgres_repository.h"

namespace zapas::postgres {

Result<int32_t> PostgresRepository::InsertLot(const Lot& lot) {
  Params p;
  p.Int(lot.item_id).Text(lot.batch);
  if (lot.expiry.is_never()) {
    p.Null();
  } else {
    p.Text(lot.expiry.ToString());
  }
  p.Int(lot.unit_value_minor).Text(std::string(lot.currency->code)).Int(lot.donor_id);
  if (lot.booked_rate > 0) {
    p.Int(lot.booked_rate).Int(lot.booked_rate_date.days());
  } else {
    p.Null().Null();
  }
  return InsertReturningId(
      "INSERT INTO lots (item_id, batch, expiry, unit_value, currency, donor_id, booked_rate, "
      "booked_rate_day) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
      p, "lot " + lot.batch);
}

Status PostgresRepository::ForEachLot(int32_t after, const std::function<void(Lot&&)>& visit) {
  // In pages along the primary key, so a million lots are never in memory twice.
  for (;;) {
    ZAPAS_ASSIGN_OR_RETURN(PgResult r, Run(std::string("SELECT ") + kLotColumns +
                                               " FROM lots WHERE id > $1 ORDER BY id LIMIT $2",
                                           Params().Int(after).Int(kPageRows)));
    for (int i = 0; i < r.rows(); ++i) {
      ZAPAS_ASSIGN_OR_RETURN(Lot lot, LotFrom(Row(r, i)));
      after = lot.id;
      visit(std::move(lot));
    }
    if (r.rows() < kPageRows) return Status::Ok();
  }
}

Status PostgresRepository::ForEachPosting(int64_t after_entry,
                                          const std::function<void(const Posting&)>& visit) {
  // In pages along the primary key, so a long journal is never in memory whole.
  int64_t entry = after_entry, line = std::numeric_limits<int>::max();
  for (;;) {
    ZAPAS_ASSIGN_OR_RETURN(PgResult r,
                           Run("SELECT warehouse_id, lot_id, day, quantity, entry_id, line "
                               "FROM postings WHERE (entry_id, line) > ($1, $2) "
                               "ORDER BY entry_id, line LIMIT $3",
                               Params().Int(entry).Int(line).Int(kPageRows)));
    for (int i = 0; i < r.rows(); ++i) visit(PostingFrom(Row(r, i), 0));
    if (r.rows() < kPageRows) return Status::Ok();
    entry = Row(r, r.rows() - 1).Int(4);
    line = Row(r, r.rows() - 1).Int(5);
  }
}

Result<int64_t> PostgresRepository::InsertEntry(const JournalEntry& entry) {
  // The next id and the chain's head: this transaction holds the write lock
  // (Begin), so the head read once stays this transaction's to extend.
  JournalEntry e = entry;
  if (!head_) {
    ZAPAS_ASSIGN_OR_RETURN(PgResult head,
                           Run("SELECT id, hash FROM journal ORDER BY id DESC LIMIT 1", Params()));
    head_ = Head{0, ""};
    if (head.rows() == 1) {
      head_->id = Row(head, 0).Int(0);
      head_->hash = Row(head, 0).IsNull(1) ? "" : Row(head, 0).Text(1);
    }
  }
  e.id = head_->id + 1;
  const std::string hash = Sha256(CanonicalEntry(e, head_->hash));
  // The entry, its postings and its money postings in one statement: one
  // round trip however many lines.
  std::vector<int64_t> lots, warehouses, days, quantities;
  for (const Posting& posting : e.postings) {
    lots.push_back(posting.lot_id);
    warehouses.push_back(posting.warehouse_id);
    days.push_back(posting.date.days());
    quantities.push_back(posting.delta);
  }
  std::vector<std::string> ledger_accounts, currencies;
  std::vector<int64_t> accounts, donors, amounts, uahs;
  for (const MoneyPosting& mp : e.money) {
    ledger_accounts.push_back(mp.ledger_account);
    accounts.push_back(mp.account_id);
    donors.push_back(mp.donor_id);
    currencies.push_back(std::string(mp.amount.currency_code()));
    amounts.push_back(mp.amount.minor_units());
    uahs.push_back(mp.uah.minor_units());
  }
  Params p;
  p.Int(e.id).Text(e.kind).TextOrNull(e.number).Text(e.date.ToString());
  p.Text(e.recorded_at).Text(e.recorded_by).IntOrNull(e.refers_to).Text(e.document);
  p.Text(head_->hash).Text(hash);
  p.Text(IntArray(lots)).Text(IntArray(warehouses)).Text(IntArray(days)).Text(IntArray(quantities));
  p.Int(e.date.days()).Text(TextArray(ledger_accounts)).Text(IntArray(accounts, true));
  p.Text(IntArray(donors, true)).Text(TextArray(currencies)).Text(IntArray(amounts));
  p.Text(IntArray(uahs));
  Result<PgResult> stored = Run(
      "WITH entry AS (INSERT INTO journal (id, kind, number, date, recorded_at, recorded_by, "
      "refers_to, document, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)), "
      "stock AS (INSERT INTO postings (entry_id, line, lot_id, warehouse_id, day, quantity) "
      "SELECT $1, t.n - 1, t.lot, t.wh, t.day, t.q FROM unnest($11::int[], $12::int[], "
      "$13::int[], $14::bigint[]) WITH ORDINALITY AS t(lot, wh, day, q, n)) "
      "INSERT INTO money_postings (entry_id, line, day, ledger_account, account_id, donor_id, "
      "currency, amount, uah) SELECT $1, t.n - 1, $15, t.la, t.acc, t.donor, t.cur, t.amount, "
      "t.uah FROM unnest($16::text[], $17::int[], $18::int[], $19::text[], $20::bigint[], "
      "$21::bigint[]) WITH ORDINALITY AS t(la, acc, donor, cur, amount, uah, n)",
      p, "journal entry " + e.number);
  if (!stored.ok()) {
    if (stored.status().code() == StatusCode::kConflict &&
        stored.status().message().find("not enough stock") == std::string::npos) {
      return Status::Conflict("journal entry " + e.number + " already exists");
    }
    return stored.status();
  }
  head_ = Head{e.id, hash};
  return e.id;
}

Status PostgresRepository::ForEachStockEntry(
    Date to, const std::function<void(const JournalEntry&)>& visit) {
  ZAPAS_ASSIGN_OR_RETURN(
      PgResult r,
      Run("SELECT j.id, j.kind, j.number, j.refers_to, j.document, p.warehouse_id, p.lot_id, "
          "p.day, p.quantity FROM postings p JOIN journal j ON j.id = p.entry_id "
          "WHERE p.day <= $1 ORDER BY p.day, p.entry_id, p.line",
          Params().Int(to.days())));
  StockEntryGrouper entries(visit);
  for (int i = 0; i < r.rows(); ++i) entries.Add(Row(r, i));
  entries.Finish();
  return Status::Ok();
}

Result<JournalEntry> PostgresRepository::FindEntry(int64_t id) {
  ZAPAS_ASSIGN_OR_RETURN(PgResult r,
                         Run(std::string("SELECT ") + kEntryColumns + " FROM journal WHERE id = $1",
                             Params().Int(id)));
  if (r.rows() == 0) return Status::NotFound("no journal entry " + std::to_string(id));
  return EntryFrom(Row(r, 0));
}

Result<std::optional<JournalEntry>> PostgresRepository::FindEntryByHash(const std::string& prefix) {
  if (prefix.size() < 16 || prefix.size() > 64 ||
      prefix.find_first_not_of("0123456789abcdef") != std::string::npos) {
    return std::optional<JournalEntry>();
  }
  // A range on the unique index: prefix <= hash < prefix + "g" (bytewise:
  // COLLATE "C", whatever the database's collation).
  ZAPAS_ASSIGN_OR_RETURN(
      PgResult r, Run(std::string("SELECT ") + kEntryColumns +
                          " FROM journal WHERE hash COLLATE \"C\" >= $1 AND hash COLLATE \"C\" "
                          "< $2 ORDER BY hash COLLATE \"C\" LIMIT 2",
                      Params().Text(prefix).Text(prefix + "g")));
  if (r.rows() != 1) return std::optional<JournalEntry>();  // none, or not unique
  return std::optional<JournalEntry>(EntryFrom(Row(r, 0)));
}

Status PostgresRepository::ForEachEntry(int64_t after,
                                        const std::function<bool(const JournalEntry&)>& visit) {
  // A page of entries at a time with their postings. The journal only grows
  // at its end, under a lock held until commit, so pages read one after the
  // other miss nothing.
  for (;;) {
    ZAPAS_ASSIGN_OR_RETURN(PgResult entries,
                           Run(std::string("SELECT ") + kEntryColumns +
                                   " FROM journal WHERE id > $1 ORDER BY id LIMIT 1000",
                               Params().Int(after)));
    if (entries.rows() == 0) return Status::Ok();
    const int64_t last = Row(entries, entries.rows() - 1).Int(0);
    ZAPAS_ASSIGN_OR_RETURN(PgResult stock,
                           Run("SELECT entry_id, warehouse_id, lot_id, day, quantity FROM postings "
                               "WHERE entry_id > $1 AND entry_id <= $2 ORDER BY entry_id, line",
                               Params().Int(after).Int(last)));
    ZAPAS_ASSIGN_OR_RETURN(
        PgResult money,
        Run("SELECT entry_id, ledger_account, account_id, donor_id, currency, amount, uah "
            "FROM money_postings WHERE entry_id > $1 AND entry_id <= $2 "
            "ORDER BY entry_id, line",
            Params().Int(after).Int(last)));
    int si = 0, mi = 0;
    for (int i = 0; i < entries.rows(); ++i) {
      JournalEntry e = EntryFrom(Row(entries, i));
      for (; si < stock.rows() && Row(stock, si).Int(0) <= e.id; ++si) {
        if (Row(stock, si).Int(0) < e.id) continue;  // an orphan posting: left for verify
        e.postings.push_back(PostingFrom(Row(stock, si), 1));
      }
      for (; mi < money.rows() && Row(money, mi).Int(0) <= e.id; ++mi) {
        if (Row(money, mi).Int(0) < e.id) continue;
        ZAPAS_ASSIGN_OR_RETURN(MoneyPosting mp, MoneyPostingFrom(Row(money, mi), 1));
        e.money.push_back(std::move(mp));
      }
      if (!visit(e)) return Status::Ok();
    }
    after = last;
  }
}

Result<std::vector<Posting>> PostgresRepository::PostingsOf(int64_t id) {
  ZAPAS_ASSIGN_OR_RETURN(PgResult r, Run("SELECT warehouse_id, lot_id, day, quantity FROM postings "
                                         "WHERE entry_id = $1 ORDER BY line",
                                         Params().Int(id)));
  std::vector<Posting> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(PostingFrom(Row(r, i), 0));
  return out;
}

Result<std::optional<int64_t>> PostgresRepository::FindEventFor(int64_t id,
                                                                const std::string& kind) {
  ZAPAS_ASSIGN_OR_RETURN(
      PgResult r,
      Run("SELECT id FROM journal WHERE refers_to = $1 AND kind = $2 ORDER BY id LIMIT 1",
          Params().Int(id).Text(kind)));
  if (r.rows() == 0) return std::optional<int64_t>();
  return std::optional<int64_t>(Row(r, 0).Int(0));
}

Result<std::vector<DeliverySummary>> PostgresRepository::ListDeliveries(int64_t after, int limit) {
  // The codes come from the delivery's stored document, as it was accepted.
  ZAPAS_ASSIGN_OR_RETURN(
      PgResult r, Run("SELECT j.id, j.number, j.date, j.document::jsonb ->> 'warehouse', "
                      "j.document::jsonb ->> 'recipient', (EXISTS (SELECT 1 FROM journal c "
                      "WHERE c.refers_to = j.id AND c.kind = 'confirmation'))::int FROM journal j "
                      "WHERE j.kind = 'delivery' AND j.id > $1 ORDER BY j.id LIMIT $2",
                      Params().Int(after).Int(limit)));
  std::vector<DeliverySummary> out;
  for (int i = 0; i < r.rows(); ++i) out.push_back(DeliveryFrom(Row(r, i)));
  return out;
}

Result<int64_t> PostgresRepository::NextNumber(const std::string& name, int year) {
  if (!in_transaction_) {
    // On its own (autocommit): stored at once.
    ZAPAS_ASSIGN_OR_RETURN(PgResult r,
                           Run("INSERT INTO sequences (name, year, value) VALUES ($1, $2, 1) "
                               "ON CONFLICT (name, year) DO UPDATE SET value = "
                               "sequences.value + 1 RETURNING value",
                               Params().Text(name).Int(year), "numbering"));
    return Row(r, 0).Int(0);
  }
  const CounterKey key{name, year};
  auto it = counters_.value.find(key);
  if (it == counters_.value.end()) {
    ZAPAS_ASSIGN_OR_RETURN(PgResult r,
                           Run("SELECT value FROM sequences WHERE name = $1 AND year = $2",
                               Params().Text(name).Int(year), "numbering"));
    it = counters_.value.emplace(key, r.rows() == 1 ? Row(r, 0).Int(0) : 0).first;
  }
  counters_.dirty.insert(key);
  return ++it->second;
}

Result<std::vector<Counter>> PostgresRepository::ListCounters() {
  if (const std::string counters = StoreCounters(); !counters.empty()) {
    ZAPAS_RETURN_IF_ERROR(Exec(counters));
  }
  ZAPAS_ASSIGN_OR_RETURN(
      PgResult r, Run("SELECT name, year, value FROM sequences ORDER BY name COLLATE \"C\", year",
                      Params(), "reading numbering"));
  std::vector<Counter> out;
  for (int i = 0; i < r.rows(); ++i) {
    const Row row(r, i);
    out.push_back(Counter{row.Text(0), static_cast<int>(row.Int(1)), row.Int(2)});
  }
  return out;
}

Status PostgresRepository::SetCounter(const Counter& c) {
  const CounterKey key{c.name, c.year};
  counters_.value.erase(key);
  counters_.dirty.erase(key);
  return Run("INSERT INTO sequences (name, year, value) VALUES ($1, $2, $3) "
             "ON CONFLICT (name, year) DO UPDATE SET value = excluded.value",
             Params().Text(c.name).Int(c.year).Int(c.value), "numbering")
      .status();
}

Result<std::vector<std::string>> PostgresRepository::ResponseKeys() {
  return Strings("SELECT key FROM idempotency ORDER BY key COLLATE \"C\"",
                 "reading idempotency keys");
}

Result<std::optional<StoredResponse>> PostgresRepository::FindResponse(const std::string& key) {
  // A stored reply may carry personal data (a created recipient's): sealed.
  ZAPAS_ASSIGN_OR_RETURN(
      PgResult r,
      Run("SELECT request_hash, status, body FROM idempotency WHERE key = $1", Params().Text(key)));
  if (r.rows() == 0) return std::optional<StoredResponse>();
  const Row s(r, 0);
  ZAPAS_ASSIGN_OR_RETURN(std::string hash,
                         UnsealColumn(cipher_, s, 0, ReplyContext("request_hash", key)));
  ZAPAS_ASSIGN_OR_RETURN(std::string body, UnsealColumn(cipher_, s, 2, ReplyContext("body", key)));
  return std::optional<StoredResponse>(
      StoredResponse{std::move(hash), static_cast<int>(s.Int(1)), std::move(body)});
}

Status PostgresRepository::SaveResponse(const std::string& key, const StoredResponse& r) {
  return Run("INSERT INTO idempotency (key, request_hash, status, body, created_at) "
             "VALUES ($1, $2, $3, $4, $5)",
             Params()
                 .Text(key)
                 .Bytes(cipher_.Seal(r.request_hash, ReplyContext("request_hash", key)))
                 .Int(r.status)
                 .Bytes(cipher_.Seal(r.body, ReplyContext("body", key)))
                 .Text(NowRfc3339()),
             "saving an idempotency key")
      .status();
}

}  // namespace zapas::postgres
