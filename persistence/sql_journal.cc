// The statements both databases share for lots, the journal and its
// postings, document numbers and idempotent replies; and the hash chain: an
// entry's hash is computed here, above the backends, from the head they give.
#include <limits>

#include "domain/kits.h"
#include "persistence/journal_hash.h"
#include "persistence/row_readers.h"
#include "persistence/sql_repository.h"

namespace zapas {

using DeliverySummary = Repository::DeliverySummary;

namespace {

// Rows per page of a long read (lots, postings, entries): bounded memory, few
// round trips.
constexpr int kPageRows = 20000;
constexpr int kPageEntries = 1000;

}  // namespace

Result<int32_t> SqlRepository::InsertLot(const Lot& lot) {
  SqlParams p;
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
  if (lot.kit) {
    p.Text(EncodeKitComposition(*lot.kit));
  } else {
    p.Null();
  }
  p.Text(lot.site);
  if (lot.site.empty()) {
    p.Null();
  } else {
    p.Int(lot.site_lot);
  }
  return InsertReturningId(
      "INSERT INTO lots (item_id, batch, expiry, unit_value, currency, donor_id, booked_rate, "
      "booked_rate_day, kit, site, site_lot) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) "
      "RETURNING id",
      p, "lot " + lot.batch);
}

Status SqlRepository::ForEachLot(int32_t after, const std::function<void(Lot&&)>& visit) {
  // In pages along the primary key, so a million lots are never in memory twice.
  const std::string sql =
      std::string("SELECT ") + kLotColumns + " FROM lots WHERE id > $1 ORDER BY id LIMIT $2";
  for (;;) {
    std::vector<Lot> page;
    Status read = Status::Ok();
    ZAPAS_RETURN_IF_ERROR(Query(
                              sql, SqlParams().Int(after).Int(kPageRows),
                              [&](const SqlRow& r) {
                                Result<Lot> lot = LotFrom(r);
                                if (lot.ok()) page.push_back(*std::move(lot));
                                if (!lot.ok() && read.ok()) read = lot.status();
                              },
                              "reading lots")
                              .status());
    ZAPAS_RETURN_IF_ERROR(read);
    for (Lot& lot : page) {
      after = lot.id;
      visit(std::move(lot));
    }
    if (page.size() < kPageRows) return Status::Ok();
  }
}

Status SqlRepository::ForEachPosting(int64_t after_entry,
                                     const std::function<void(const Posting&)>& visit) {
  // In pages along the primary key, so a long journal is never in memory whole.
  int64_t entry = after_entry, line = std::numeric_limits<int>::max();
  for (;;) {
    int rows = 0;
    ZAPAS_RETURN_IF_ERROR(Query(
                              "SELECT warehouse_id, lot_id, day, quantity, entry_id, line "
                              "FROM postings WHERE (entry_id, line) > ($1, $2) "
                              "ORDER BY entry_id, line LIMIT $3",
                              SqlParams().Int(entry).Int(line).Int(kPageRows),
                              [&](const SqlRow& r) {
                                visit(PostingFrom(r, 0));
                                entry = r.Int(4);
                                line = r.Int(5);
                                ++rows;
                              },
                              "reading postings")
                              .status());
    if (rows < kPageRows) return Status::Ok();
  }
}

// --- The journal ------------------------------------------------------------------

Result<int64_t> SqlRepository::InsertEntry(const JournalEntry& entry) {
  // The next id and the chain's head: the writer holds the database's write
  // lock, so nobody else can take them meanwhile.
  ZAPAS_ASSIGN_OR_RETURN(JournalHead head, Head());
  JournalEntry e = entry;
  e.id = head.id + 1;
  const std::string hash = Sha256(CanonicalEntry(e, head.hash));
  ZAPAS_RETURN_IF_ERROR(StoreEntry(e, head.hash, hash));
  return e.id;
}

Result<int64_t> SqlRepository::InsertSiteEntry(const JournalEntry& entry) {
  if (entry.site.empty()) return Status::Internal("a site's entry without its site");
  ZAPAS_ASSIGN_OR_RETURN(JournalHead head, Head());
  JournalEntry e = entry;
  e.id = head.id + 1;
  // The site's own links and hash, as its chain has them; this server's
  // chain goes on from its own head.
  ZAPAS_RETURN_IF_ERROR(StoreEntry(e, e.prev_hash, e.hash));
  return e.id;
}

Result<SqlRepository::JournalHead> SqlRepository::Head() {
  // The last id, and the hash of this server's own last entry: other sites'
  // entries held here take ids but are on their own chains.
  auto read = [&](const char* sql) {
    return First<JournalHead>(
        sql, SqlParams(),
        [](const SqlRow& r) {
          return JournalHead{r.Int(0), r.IsNull(1) ? "" : r.Text(1), r.Text(2).empty()};
        },
        "reading the journal's head");
  };
  ZAPAS_ASSIGN_OR_RETURN(auto last, read("SELECT id, hash, site FROM journal ORDER BY id DESC "
                                         "LIMIT 1"));
  if (!last) return JournalHead{0, ""};
  if (last->own) return *last;
  ZAPAS_ASSIGN_OR_RETURN(auto own, read("SELECT id, hash, site FROM journal WHERE site = '' "
                                        "ORDER BY id DESC LIMIT 1"));
  return JournalHead{last->id, own ? own->hash : ""};
}

Status SqlRepository::StoreEntry(const JournalEntry& e, const std::string& prev,
                                 const std::string& hash) {
  ZAPAS_RETURN_IF_ERROR(
      InsertReturningId("INSERT INTO journal (id, kind, number, date, recorded_at, recorded_by, "
                        "refers_to, document, prev_hash, hash, site) "
                        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
                        SqlParams()
                            .Int(e.id)
                            .Text(e.kind)
                            .TextOrNull(e.number)
                            .Text(e.date.ToString())
                            .Text(e.recorded_at)
                            .Text(e.recorded_by)
                            .IntOrNull(e.refers_to)
                            .Text(e.document)
                            .Text(prev)
                            .Text(hash)
                            .Text(e.site),
                        "journal entry " + e.number)
          .status());
  int line = 0;
  for (const Posting& p : e.postings) {
    ZAPAS_RETURN_IF_ERROR(
        Query("INSERT INTO postings (entry_id, line, lot_id, warehouse_id, day, quantity) "
              "VALUES ($1, $2, $3, $4, $5, $6)",
              SqlParams()
                  .Int(e.id)
                  .Int(line++)
                  .Int(p.lot_id)
                  .Int(p.warehouse_id)
                  .Int(p.date.days())
                  .Int(p.delta),
              nullptr, "inserting a posting")
            .status());
  }
  line = 0;
  for (const MoneyPosting& m : e.money) {
    ZAPAS_RETURN_IF_ERROR(
        Query("INSERT INTO money_postings (entry_id, line, day, ledger_account, account_id, "
              "donor_id, currency, amount, uah) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
              SqlParams()
                  .Int(e.id)
                  .Int(line++)
                  .Int(e.date.days())
                  .Text(m.ledger_account)
                  .IntOrNull(m.account_id)
                  .IntOrNull(m.donor_id)
                  .Text(std::string(m.amount.currency_code()))
                  .Int(m.amount.minor_units())
                  .Int(m.uah.minor_units()),
              nullptr, "inserting a money posting")
            .status());
  }
  return Status::Ok();
}

Status SqlRepository::ForEachStockEntry(Date to,
                                        const std::function<void(const JournalEntry&)>& visit) {
  StockEntryGrouper entries(visit);
  ZAPAS_RETURN_IF_ERROR(Query(
                            "SELECT j.id, j.kind, j.number, j.refers_to, j.document, "
                            "p.warehouse_id, p.lot_id, p.day, p.quantity, j.site FROM postings p "
                            "JOIN journal j ON j.id = p.entry_id WHERE p.day <= $1 "
                            "ORDER BY p.day, p.entry_id, p.line",
                            SqlParams().Int(to.days()), [&](const SqlRow& r) { entries.Add(r); },
                            "reading the journal")
                            .status());
  entries.Finish();
  return Status::Ok();
}

Result<JournalEntry> SqlRepository::FindEntry(int64_t id) {
  ZAPAS_ASSIGN_OR_RETURN(
      std::optional<JournalEntry> e,
      First<JournalEntry>(std::string("SELECT ") + kEntryColumns + " FROM journal WHERE id = $1",
                          SqlParams().Int(id), EntryFrom<SqlRow>, "reading the journal"));
  if (!e) return Status::NotFound("no journal entry " + std::to_string(id));
  return *std::move(e);
}

Result<std::optional<JournalEntry>> SqlRepository::FindEntryByHash(const std::string& prefix) {
  if (prefix.size() < 16 || prefix.size() > 64 ||
      prefix.find_first_not_of("0123456789abcdef") != std::string::npos) {
    return std::optional<JournalEntry>();
  }
  // A range on the unique index, bytewise: prefix <= hash < prefix + "g".
  const std::string hash = std::string("hash") + dialect_.bytewise;
  ZAPAS_ASSIGN_OR_RETURN(
      std::vector<JournalEntry> found,
      Rows<JournalEntry>(std::string("SELECT ") + kEntryColumns + " FROM journal WHERE " + hash +
                             " >= $1 AND " + hash + " < $2 ORDER BY " + hash + " LIMIT 2",
                         SqlParams().Text(prefix).Text(prefix + "g"), EntryFrom<SqlRow>,
                         "reading the journal"));
  if (found.size() != 1) return std::optional<JournalEntry>();  // none, or not unique
  return std::optional<JournalEntry>(std::move(found.front()));
}

Status SqlRepository::ForEachEntry(int64_t after,
                                   const std::function<bool(const JournalEntry&)>& visit) {
  return ForEachEntryOf(kEntryColumns, after, visit);
}

Status SqlRepository::ForEachEntryOf(const char* columns, int64_t after,
                                     const std::function<bool(const JournalEntry&)>& visit) {
  // A page of entries at a time with their postings. The journal only grows
  // at its end, under the write lock, so pages read one after the other miss
  // nothing.
  const std::string sql =
      std::string("SELECT ") + columns + " FROM journal WHERE id > $1 ORDER BY id LIMIT $2";
  for (;;) {
    ZAPAS_ASSIGN_OR_RETURN(std::vector<JournalEntry> entries,
                           Rows<JournalEntry>(sql, SqlParams().Int(after).Int(kPageEntries),
                                              EntryFrom<SqlRow>, "reading the journal"));
    if (entries.empty()) return Status::Ok();
    const int64_t last = entries.back().id;
    // Each entry's postings, in line order; an orphan posting (no entry) is
    // left for verify to miss.
    size_t at = 0;
    auto entry_of = [&](int64_t id) -> JournalEntry* {
      while (at < entries.size() && entries[at].id < id) ++at;
      return at < entries.size() && entries[at].id == id ? &entries[at] : nullptr;
    };
    ZAPAS_RETURN_IF_ERROR(Query(
                              "SELECT entry_id, warehouse_id, lot_id, day, quantity FROM postings "
                              "WHERE entry_id > $1 AND entry_id <= $2 ORDER BY entry_id, line",
                              SqlParams().Int(after).Int(last),
                              [&](const SqlRow& r) {
                                if (JournalEntry* e = entry_of(r.Int(0))) {
                                  e->postings.push_back(PostingFrom(r, 1));
                                }
                              },
                              "reading the journal")
                              .status());
    at = 0;
    Status money = Status::Ok();
    ZAPAS_RETURN_IF_ERROR(Query(
                              "SELECT entry_id, ledger_account, account_id, donor_id, currency, "
                              "amount, uah FROM money_postings WHERE entry_id > $1 AND "
                              "entry_id <= $2 ORDER BY entry_id, line",
                              SqlParams().Int(after).Int(last),
                              [&](const SqlRow& r) {
                                JournalEntry* e = entry_of(r.Int(0));
                                Result<MoneyPosting> m = MoneyPostingFrom(r, 1);
                                if (!m.ok() && money.ok()) money = m.status();
                                if (e != nullptr && m.ok()) e->money.push_back(*std::move(m));
                              },
                              "reading the journal")
                              .status());
    ZAPAS_RETURN_IF_ERROR(money);
    for (const JournalEntry& e : entries) {
      if (!visit(e)) return Status::Ok();
    }
    after = last;
  }
}

Result<std::vector<Posting>> SqlRepository::PostingsOf(int64_t id) {
  return Rows<Posting>(
      "SELECT warehouse_id, lot_id, day, quantity FROM postings WHERE entry_id = $1 ORDER BY line",
      SqlParams().Int(id), [](const SqlRow& r) { return PostingFrom(r, 0); }, "reading postings");
}

Result<std::optional<int64_t>> SqlRepository::FindEventFor(int64_t id, const std::string& kind) {
  return First<int64_t>(
      "SELECT id FROM journal WHERE refers_to = $1 AND kind = $2 ORDER BY id LIMIT 1",
      SqlParams().Int(id).Text(kind), [](const SqlRow& r) { return r.Int(0); },
      "reading the journal");
}

Result<std::vector<int64_t>> SqlRepository::EventsFor(int64_t id, const std::string& kind) {
  return Rows<int64_t>(
      "SELECT id FROM journal WHERE refers_to = $1 AND kind = $2 ORDER BY id",
      SqlParams().Int(id).Text(kind), [](const SqlRow& r) { return r.Int(0); },
      "reading the journal");
}

Result<std::vector<DeliverySummary>> SqlRepository::ListDeliveries(int64_t after, int limit) {
  // The codes come from the delivery's stored document, as it was accepted.
  const std::string sql =
      "SELECT j.id, j.number, j.date, " + dialect_.document_member("j.document", "warehouse") +
      ", " + dialect_.document_member("j.document", "recipient") +
      ", CASE WHEN EXISTS (SELECT 1 FROM journal c WHERE c.refers_to = j.id AND "
      "c.kind = 'confirmation') THEN 1 ELSE 0 END FROM journal j "
      "WHERE j.kind = 'delivery' AND j.id > $1 ORDER BY j.id LIMIT $2";
  return Rows<DeliverySummary>(sql, SqlParams().Int(after).Int(limit), DeliveryFrom<SqlRow>,
                               "reading the deliveries");
}

Result<std::vector<Repository::DocumentSummary>> SqlRepository::ListDocuments(
    const DocumentQuery& q) {
  auto member = [&](const char* name) { return dialect_.document_member("j.document", name); };
  SqlParams p;
  p.Int(q.before)
      .Text(q.from)
      .Text(q.to)
      .Text(q.number)
      .Text(q.recipient)
      .Text(q.donor)
      .Int(q.limit);
  auto placeholders = [&](const std::vector<std::string>& values) {
    std::string out;
    for (const std::string& v : values) {
      p.Text(v);
      out += (out.empty() ? "$" : ", $") + std::to_string(p.size());
    }
    return out;
  };
  std::string sql = "SELECT j.id, j.kind, j.number, j.date, " + member("warehouse") + ", " +
                    "COALESCE(" + member("from") + ", " + member("account_from") + "), COALESCE(" +
                    member("to") + ", " + member("account_to") + "), " + member("recipient") +
                    ", " + member("donor") + ", " + member("account") +
                    ", CASE WHEN EXISTS (SELECT 1 FROM journal r WHERE r.refers_to = j.id AND "
                    "r.kind = 'reversal') THEN 1 ELSE 0 END"
                    ", CASE WHEN EXISTS (SELECT 1 FROM journal c WHERE c.refers_to = j.id AND "
                    "c.kind = 'confirmation') THEN 1 ELSE 0 END FROM journal j "
                    "WHERE j.id < $1 AND j.date >= $2 AND j.date <= $3 "
                    "AND ($4 = '' OR j.number LIKE '%' || $4 || '%') "
                    "AND ($5 = '' OR " +
                    member("recipient") + " = $5) AND ($6 = '' OR " + member("donor") +
                    " = $6) AND j.kind IN (" + placeholders(q.kinds) + ")";
  if (!q.warehouses.empty()) {
    sql +=
        " AND EXISTS (SELECT 1 FROM postings p JOIN warehouses w ON w.id = p.warehouse_id "
        "WHERE p.entry_id = j.id AND w.code IN (" +
        placeholders(q.warehouses) + "))";
  }
  for (auto [wanted, kind] : {std::pair{q.confirmed, "confirmation"}, {q.reversed, "reversal"}}) {
    if (!wanted) continue;
    sql += std::string(" AND ") + (*wanted ? "" : "NOT ") +
           "EXISTS (SELECT 1 FROM journal e WHERE e.refers_to = j.id AND e.kind = '" + kind + "')";
  }
  sql += " ORDER BY j.id DESC LIMIT $7";
  return Rows<DocumentSummary>(
      sql, p,
      [](const SqlRow& s) {
        DocumentSummary d;
        d.id = s.Int(0);
        d.kind = s.Text(1);
        d.number = s.IsNull(2) ? "" : s.Text(2);
        if (auto date = Date::Parse(s.Text(3)); date.ok()) d.date = *date;
        std::string* members[] = {&d.warehouse, &d.from, &d.to, &d.recipient, &d.donor, &d.account};
        for (int i = 0; i < 6; ++i) *members[i] = s.IsNull(4 + i) ? "" : s.Text(4 + i);
        d.reversed = s.Int(10) != 0;
        d.confirmed = s.Int(11) != 0;
        return d;
      },
      "reading the history");
}

// --- Numbering and idempotency ------------------------------------------------------

Result<int64_t> SqlRepository::NextNumber(const std::string& name, int year) {
  ZAPAS_ASSIGN_OR_RETURN(
      std::optional<int64_t> n,
      First<int64_t>(
          "INSERT INTO sequences (name, year, value) VALUES ($1, $2, 1) "
          "ON CONFLICT (name, year) DO UPDATE SET value = sequences.value + 1 "
          "RETURNING value",
          SqlParams().Text(name).Int(year), [](const SqlRow& r) { return r.Int(0); }, "numbering"));
  if (!n) return Status::Internal("numbering gave no number");
  return *n;
}

Result<std::vector<Counter>> SqlRepository::ListCounters() {
  return Rows<Counter>(
      std::string("SELECT name, year, value FROM sequences ORDER BY name") + dialect_.bytewise +
          ", year",
      SqlParams(),
      [](const SqlRow& r) {
        return Counter{r.Text(0), static_cast<int>(r.Int(1)), r.Int(2)};
      },
      "reading numbering");
}

Status SqlRepository::SetCounter(const Counter& c) {
  return Query(
             "INSERT INTO sequences (name, year, value) VALUES ($1, $2, $3) "
             "ON CONFLICT (name, year) DO UPDATE SET value = excluded.value",
             SqlParams().Text(c.name).Int(c.year).Int(c.value), nullptr, "numbering")
      .status();
}

Result<std::vector<std::string>> SqlRepository::ResponseKeys() {
  return Strings(std::string("SELECT key FROM idempotency ORDER BY key") + dialect_.bytewise,
                 "reading idempotency keys");
}

Result<std::optional<StoredResponse>> SqlRepository::FindResponse(const std::string& key) {
  // A stored reply may carry personal data (a created recipient's): sealed.
  Status opened = Status::Ok();
  ZAPAS_ASSIGN_OR_RETURN(
      std::optional<StoredResponse> found,
      First<StoredResponse>(
          "SELECT request_hash, status, body FROM idempotency WHERE key = $1",
          SqlParams().Text(key),
          [&](const SqlRow& s) {
            Result<std::string> hash =
                UnsealColumn(cipher_, s, 0, ReplyContext("request_hash", key));
            Result<std::string> body = UnsealColumn(cipher_, s, 2, ReplyContext("body", key));
            if (!hash.ok()) opened = hash.status();
            if (!body.ok()) opened = body.status();
            return StoredResponse{hash.ok() ? *hash : "", static_cast<int>(s.Int(1)),
                                  body.ok() ? *body : ""};
          },
          "reading idempotency keys"));
  ZAPAS_RETURN_IF_ERROR(opened);
  return found;
}

Status SqlRepository::SaveResponse(const std::string& key, const StoredResponse& r) {
  return Query(
             "INSERT INTO idempotency (key, request_hash, status, body, created_at) "
             "VALUES ($1, $2, $3, $4, $5)",
             SqlParams()
                 .Text(key)
                 .Bytes(cipher_.Seal(r.request_hash, ReplyContext("request_hash", key)))
                 .Int(r.status)
                 .Bytes(cipher_.Seal(r.body, ReplyContext("body", key)))
                 .Text(NowRfc3339()),
             nullptr, "saving an idempotency key")
      .status();
}

Status SqlRepository::BackfillHashes(const std::string& lift, const std::string& restore) {
  std::vector<JournalEntry> entries;
  // The journal as migration 5 finds it: no `site` column yet.
  ZAPAS_RETURN_IF_ERROR(ForEachEntryOf(kEntryColumnsBeforeSites, 0, [&](const JournalEntry& e) {
    entries.push_back(e);
    return true;
  }));
  if (entries.empty()) return Status::Ok();
  ZAPAS_RETURN_IF_ERROR(Query(lift, SqlParams(), {}, "lifting the journal's guard").status());
  std::string prev;
  for (const JournalEntry& e : entries) {
    const std::string hash = Sha256(CanonicalEntry(e, prev));
    ZAPAS_RETURN_IF_ERROR(Query("UPDATE journal SET prev_hash = $1, hash = $2 WHERE id = $3",
                                SqlParams().Text(prev).Text(hash).Int(e.id), {}, "storing a hash")
                              .status());
    prev = hash;
  }
  return Query(restore, SqlParams(), {}, "restoring the journal's guard").status();
}

}  // namespace zapas
