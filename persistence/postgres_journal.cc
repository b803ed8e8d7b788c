// PostgreSQL's own ways on the hot write path: the journal's head read once
// per write transaction, an entry stored in one statement, and document
// numbers counted on this side until COMMIT (the rest: sql_journal.cc).
#include "persistence/postgres_repository.h"

namespace zapas::postgres {

Result<SqlRepository::JournalHead> PostgresRepository::Head() {
  // This transaction holds the write lock (Begin), so the head read once
  // stays this transaction's to extend.
  if (!head_) {
    ZAPAS_ASSIGN_OR_RETURN(head_, SqlRepository::Head());
  }
  return *head_;
}

Status PostgresRepository::StoreEntry(const JournalEntry& e, const std::string& prev,
                                      const std::string& hash) {
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
  p.Text(prev).Text(hash);
  p.Text(IntArray(lots)).Text(IntArray(warehouses)).Text(IntArray(days)).Text(IntArray(quantities));
  p.Int(e.date.days()).Text(TextArray(ledger_accounts)).Text(IntArray(accounts, true));
  p.Text(IntArray(donors, true)).Text(TextArray(currencies)).Text(IntArray(amounts));
  p.Text(IntArray(uahs)).Text(e.site);
  Result<PgResult> stored =
      Run("WITH entry AS (INSERT INTO journal (id, kind, number, date, recorded_at, recorded_by, "
          "refers_to, document, prev_hash, hash, site) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
          "$10, $22)), "
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
  // Another site's entry takes an id; this server's chain goes on from its own.
  if (e.site.empty()) {
    head_ = JournalHead{e.id, hash};
  } else if (head_) {
    head_->id = e.id;
  }
  return Status::Ok();
}

Result<int64_t> PostgresRepository::NextNumber(const std::string& name, int year) {
  if (!in_transaction_) return SqlRepository::NextNumber(name, year);  // stored at once
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
  return SqlRepository::ListCounters();
}

Status PostgresRepository::SetCounter(const Counter& c) {
  const CounterKey key{c.name, c.year};
  counters_.value.erase(key);
  counters_.dirty.erase(key);
  return SqlRepository::SetCounter(c);
}

}  // namespace zapas::postgres
