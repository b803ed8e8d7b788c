#include "persistence/migrations.h"

namespace zapas {

const std::vector<Migration>& SqliteMigrations() {
  static const std::vector<Migration> kMigrations = {
      {1, "warehouse core", R"SQL(
CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  username TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin','warehouse','treasurer','auditor','donor')),
  donor_code TEXT,
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
);
CREATE TABLE items (
  id INTEGER PRIMARY KEY,
  sku TEXT NOT NULL UNIQUE,
  name_uk TEXT NOT NULL,
  name_en TEXT NOT NULL,
  unit TEXT NOT NULL CHECK (unit IN ('pcs','kg','l','box','set','pack','m')),
  category TEXT NOT NULL,
  expiry_tracked INTEGER NOT NULL
);
CREATE TABLE warehouses (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  region TEXT NOT NULL
);
CREATE TABLE donors (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  country TEXT NOT NULL,
  currency TEXT NOT NULL
);
CREATE TABLE recipients (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('military_unit','idp_household','idp_shelter','hospital','community')),
  name TEXT NOT NULL,
  region TEXT NOT NULL,
  personal TEXT
);
CREATE TABLE lots (
  id INTEGER PRIMARY KEY,
  item_id INTEGER NOT NULL REFERENCES items(id),
  batch TEXT NOT NULL,
  expiry TEXT,
  unit_value INTEGER NOT NULL,
  currency TEXT NOT NULL,
  donor_id INTEGER NOT NULL REFERENCES donors(id),
  UNIQUE (item_id, batch)
);
CREATE TABLE journal (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  number TEXT UNIQUE,
  date TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  refers_to INTEGER REFERENCES journal(id),
  document TEXT NOT NULL
);
CREATE INDEX journal_refers_to ON journal(refers_to) WHERE refers_to IS NOT NULL;
CREATE TABLE postings (
  entry_id INTEGER NOT NULL REFERENCES journal(id),
  line INTEGER NOT NULL,
  lot_id INTEGER NOT NULL REFERENCES lots(id),
  warehouse_id INTEGER NOT NULL REFERENCES warehouses(id),
  day INTEGER NOT NULL,
  quantity INTEGER NOT NULL,
  PRIMARY KEY (entry_id, line)
) WITHOUT ROWID;
CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal
  BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal
  BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
CREATE TRIGGER postings_no_update BEFORE UPDATE ON postings
  BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
CREATE TRIGGER postings_no_delete BEFORE DELETE ON postings
  BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
CREATE TRIGGER lots_no_update BEFORE UPDATE ON lots
  BEGIN SELECT RAISE(ABORT, 'lots are immutable'); END;
CREATE TABLE sequences (
  name TEXT NOT NULL,
  year INTEGER NOT NULL,
  value INTEGER NOT NULL,
  PRIMARY KEY (name, year)
);
CREATE TABLE idempotency (
  key TEXT PRIMARY KEY,
  request_hash TEXT NOT NULL,
  status INTEGER NOT NULL,
  body TEXT NOT NULL,
  created_at TEXT NOT NULL
);
)SQL"},
      {2, "NBU exchange rates", R"SQL(
CREATE TABLE rates (
  currency TEXT NOT NULL,
  day INTEGER NOT NULL,            -- days since 1970-01-01
  uah_per_unit INTEGER NOT NULL,   -- UAH per 1 unit, scaled by 10^10
  PRIMARY KEY (currency, day)
) WITHOUT ROWID;
)SQL"},
      {3, "cash book", R"SQL(
CREATE TABLE accounts (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  currency TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('cash','bank'))
);
CREATE TABLE money_postings (
  entry_id INTEGER NOT NULL REFERENCES journal(id),
  line INTEGER NOT NULL,
  day INTEGER NOT NULL,              -- the operation's date, days since 1970-01-01
  ledger_account TEXT NOT NULL,      -- hledger account name
  account_id INTEGER REFERENCES accounts(id),
  donor_id INTEGER REFERENCES donors(id),
  currency TEXT NOT NULL,
  amount INTEGER NOT NULL,           -- minor units, debit positive
  uah INTEGER NOT NULL,              -- booked UAH equivalent, kopiyky
  PRIMARY KEY (entry_id, line)
) WITHOUT ROWID;
CREATE INDEX money_postings_day ON money_postings(day);
CREATE TRIGGER money_postings_no_update BEFORE UPDATE ON money_postings
  BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
CREATE TRIGGER money_postings_no_delete BEFORE DELETE ON money_postings
  BEGIN SELECT RAISE(ABORT, 'the journal is append-only'); END;
)SQL"},
      {4, "closed periods and bank statements", R"SQL(
CREATE TABLE closed_periods (
  month TEXT PRIMARY KEY,            -- "2026-10"
  last_day INTEGER NOT NULL,         -- its last day, days since 1970-01-01
  closed_at TEXT NOT NULL,
  closed_by TEXT NOT NULL
);
CREATE TRIGGER closed_periods_no_update BEFORE UPDATE ON closed_periods
  BEGIN SELECT RAISE(ABORT, 'a closed period stays closed'); END;
CREATE TRIGGER closed_periods_no_delete BEFORE DELETE ON closed_periods
  BEGIN SELECT RAISE(ABORT, 'a closed period stays closed'); END;
CREATE TABLE statements (
  account_id INTEGER NOT NULL REFERENCES accounts(id),
  day INTEGER NOT NULL,
  balance INTEGER NOT NULL,          -- minor units of the account's currency
  recorded_at TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  PRIMARY KEY (account_id, day)
) WITHOUT ROWID;
)SQL"},
      // The hashes of entries stored before this migration are computed in C++
      // right after it (SqliteRepository::BackfillHashes).
      {5, "hash chain of the journal", R"SQL(
ALTER TABLE journal ADD COLUMN prev_hash TEXT;
ALTER TABLE journal ADD COLUMN hash TEXT;
CREATE UNIQUE INDEX journal_hash ON journal(hash);
)SQL"},
      {6, "log of reads of personal data", R"SQL(
CREATE TABLE personal_reads (
  id INTEGER PRIMARY KEY,
  read_at TEXT NOT NULL,
  read_by TEXT NOT NULL,
  recipient_id INTEGER NOT NULL REFERENCES recipients(id)
);
CREATE INDEX personal_reads_recipient ON personal_reads(recipient_id);
CREATE TRIGGER personal_reads_no_update BEFORE UPDATE ON personal_reads
  BEGIN SELECT RAISE(ABORT, 'the log is append-only'); END;
CREATE TRIGGER personal_reads_no_delete BEFORE DELETE ON personal_reads
  BEGIN SELECT RAISE(ABORT, 'the log is append-only'); END;
)SQL"},
      // Personal data is sealed with the database key from now on; rows stored
      // in clear before are sealed in C++ right after this SQL
      // (SqliteRepository::EncryptStoredPersonalData). key_check holds a value
      // sealed with the key, so a wrong key is refused at open.
      {7, "personal data encrypted", R"SQL(
CREATE TABLE key_check (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  value BLOB NOT NULL
);
ALTER TABLE recipients ADD COLUMN household_size INTEGER;  -- a count, for donor reports
)SQL"},
  };
  return kMigrations;
}

}  // namespace zapas
