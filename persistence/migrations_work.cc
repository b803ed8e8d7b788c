// Migration 12: the tables where requests and stocktakes stand, and the
// needs board's sums (persistence/sql_work.cc writes them), in both dialects.
#include "persistence/migrations.h"

namespace zapas {

extern const char kWorkTablesSqlite[] = R"SQL(
CREATE TABLE requests (
  id INTEGER PRIMARY KEY REFERENCES journal(id),  -- the entry that made it
  number TEXT NOT NULL UNIQUE,
  recipient_id INTEGER NOT NULL REFERENCES recipients(id),
  date TEXT NOT NULL,
  needed_by TEXT NOT NULL,          -- '9999-12-31' when none: those come last
  priority INTEGER NOT NULL,        -- 0 urgent, 1 high, 2 normal
  reference TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open','partial','fulfilled','cancelled'))
);
CREATE INDEX requests_queue ON requests(status, priority, needed_by, id);
CREATE INDEX requests_order ON requests(priority, needed_by, id);
CREATE INDEX requests_recipient ON requests(recipient_id);
CREATE TABLE request_lines (
  request_id INTEGER NOT NULL REFERENCES requests(id),
  line INTEGER NOT NULL,
  item_id INTEGER NOT NULL REFERENCES items(id),
  requested INTEGER NOT NULL,         -- thousandths of the item's unit
  delivered INTEGER NOT NULL CHECK (delivered >= 0),
  cancelled INTEGER NOT NULL CHECK (cancelled >= 0),
  note TEXT NOT NULL,
  PRIMARY KEY (request_id, line),
  CHECK (delivered + cancelled <= requested)
) WITHOUT ROWID;
CREATE TABLE request_deliveries (
  request_id INTEGER NOT NULL REFERENCES requests(id),
  delivery_id INTEGER NOT NULL REFERENCES journal(id),
  PRIMARY KEY (request_id, delivery_id)
) WITHOUT ROWID;
CREATE TABLE needs (
  item_id INTEGER NOT NULL REFERENCES items(id),
  region TEXT NOT NULL,
  kind TEXT NOT NULL,
  requested INTEGER NOT NULL,
  delivered INTEGER NOT NULL,
  cancelled INTEGER NOT NULL,
  PRIMARY KEY (item_id, region, kind),
  -- sums of many requests: refused (nothing written) long before they overflow
  CHECK (requested < 4611686018427387904 AND delivered >= 0 AND cancelled >= 0)
) WITHOUT ROWID;
CREATE INDEX needs_by_place ON needs(region, kind, item_id);
CREATE INDEX needs_by_kind ON needs(kind, item_id);
CREATE TABLE need_totals (          -- the same summed over regions and kinds
  item_id INTEGER PRIMARY KEY REFERENCES items(id),
  requested INTEGER NOT NULL,
  delivered INTEGER NOT NULL,
  cancelled INTEGER NOT NULL,
  CHECK (requested < 4611686018427387904 AND delivered >= 0 AND cancelled >= 0)
) WITHOUT ROWID;
CREATE TABLE stocktakes (
  id INTEGER PRIMARY KEY REFERENCES journal(id),
  number TEXT NOT NULL UNIQUE,
  warehouse_id INTEGER NOT NULL REFERENCES warehouses(id),
  date TEXT NOT NULL,
  blind INTEGER NOT NULL,
  closed INTEGER NOT NULL DEFAULT 0,
  adjustment_id INTEGER REFERENCES journal(id)
);
CREATE TABLE stocktake_lots (
  stocktake_id INTEGER NOT NULL REFERENCES stocktakes(id),
  lot_id INTEGER NOT NULL REFERENCES lots(id),
  expected INTEGER NOT NULL,          -- the books on the stocktake's date when it opened
  counted INTEGER,                    -- NULL: not counted yet
  on_sheet INTEGER NOT NULL,        -- 0: found during the count
  PRIMARY KEY (stocktake_id, lot_id)
) WITHOUT ROWID;
)SQL";

extern const char kWorkTablesPostgres[] = R"SQL(
CREATE TABLE requests (
  id BIGINT PRIMARY KEY REFERENCES journal(id),  -- the entry that made it
  number TEXT NOT NULL UNIQUE,
  recipient_id INTEGER NOT NULL REFERENCES recipients(id),
  date TEXT NOT NULL,
  needed_by TEXT COLLATE "C" NOT NULL,          -- '9999-12-31' when none: those come last
  priority INTEGER NOT NULL,        -- 0 urgent, 1 high, 2 normal
  reference TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('open','partial','fulfilled','cancelled'))
);
CREATE INDEX requests_queue ON requests(status, priority, needed_by, id);
CREATE INDEX requests_order ON requests(priority, needed_by, id);
CREATE INDEX requests_recipient ON requests(recipient_id);
CREATE TABLE request_lines (
  request_id BIGINT NOT NULL REFERENCES requests(id),
  line INTEGER NOT NULL,
  item_id INTEGER NOT NULL REFERENCES items(id),
  requested BIGINT NOT NULL,         -- thousandths of the item's unit
  delivered BIGINT NOT NULL CHECK (delivered >= 0),
  cancelled BIGINT NOT NULL CHECK (cancelled >= 0),
  note TEXT NOT NULL,
  PRIMARY KEY (request_id, line),
  CHECK (delivered + cancelled <= requested)
);
CREATE TABLE request_deliveries (
  request_id BIGINT NOT NULL REFERENCES requests(id),
  delivery_id BIGINT NOT NULL REFERENCES journal(id),
  PRIMARY KEY (request_id, delivery_id)
);
CREATE TABLE needs (
  item_id INTEGER NOT NULL REFERENCES items(id),
  region TEXT NOT NULL,
  kind TEXT NOT NULL,
  requested BIGINT NOT NULL,
  delivered BIGINT NOT NULL,
  cancelled BIGINT NOT NULL,
  PRIMARY KEY (item_id, region, kind),
  -- sums of many requests: refused (nothing written) long before they overflow
  CHECK (requested < 4611686018427387904 AND delivered >= 0 AND cancelled >= 0)
);
CREATE INDEX needs_by_place ON needs(region, kind, item_id);
CREATE INDEX needs_by_kind ON needs(kind, item_id);
CREATE TABLE need_totals (          -- the same summed over regions and kinds
  item_id INTEGER PRIMARY KEY REFERENCES items(id),
  requested BIGINT NOT NULL,
  delivered BIGINT NOT NULL,
  cancelled BIGINT NOT NULL,
  CHECK (requested < 4611686018427387904 AND delivered >= 0 AND cancelled >= 0)
);
CREATE TABLE stocktakes (
  id BIGINT PRIMARY KEY REFERENCES journal(id),
  number TEXT NOT NULL UNIQUE,
  warehouse_id INTEGER NOT NULL REFERENCES warehouses(id),
  date TEXT NOT NULL,
  blind INTEGER NOT NULL,
  closed INTEGER NOT NULL DEFAULT 0,
  adjustment_id BIGINT REFERENCES journal(id)
);
CREATE TABLE stocktake_lots (
  stocktake_id BIGINT NOT NULL REFERENCES stocktakes(id),
  lot_id INTEGER NOT NULL REFERENCES lots(id),
  expected BIGINT NOT NULL,          -- the books on the stocktake's date when it opened
  counted BIGINT,                    -- NULL: not counted yet
  on_sheet INTEGER NOT NULL,        -- 0: found during the count
  PRIMARY KEY (stocktake_id, lot_id)
);
)SQL";

}  // namespace zapas
