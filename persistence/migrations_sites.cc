// Migration 15: sites and the alliance hub, in both dialects.
//
// Each warehouse and money account belongs to one site (`site`, '' for this
// server's own). A journal entry or lot another site wrote, as a hub holds
// it or a site holds what was sent to its warehouses, carries that site's
// code; this server's own chain is the entries of site ''. So the lot name is
// unique per site and item (the same name received at two sites is two
// lots), and `site_lot` is the lot's id at its site. The hub keeps each
// site's entries as the site sent them (`site_entries`, never changed), its
// registry (`sites`), and every server logs which master data changed
// (`master_changes`), the cursor the sites pull by.
#include "persistence/migrations.h"

namespace zapas {

#define ZAPAS_SITE_TABLES(BIG)                                                                \
  "ALTER TABLE warehouses ADD COLUMN site TEXT NOT NULL DEFAULT '';\n"                        \
  "ALTER TABLE accounts ADD COLUMN site TEXT NOT NULL DEFAULT '';\n"                          \
  "ALTER TABLE journal ADD COLUMN site TEXT NOT NULL DEFAULT '';\n"                           \
  "CREATE INDEX journal_own ON journal(id) WHERE site = '';\n"                                \
  "CREATE UNIQUE INDEX lots_of_site ON lots(site, site_lot) WHERE site <> '';\n"              \
  "CREATE TABLE sites (\n"                                                                    \
  "  code TEXT PRIMARY KEY,\n"                                                                \
  "  name TEXT NOT NULL,\n"                                                                   \
  "  token_hash TEXT NOT NULL DEFAULT '',  -- SHA-256 of its token; '' when revoked\n"        \
  "  instance TEXT NOT NULL DEFAULT '',    -- the database that pushes with that token\n"     \
  "  created_at TEXT NOT NULL,\n"                                                             \
  "  head_id " BIG                                                                            \
  " NOT NULL DEFAULT 0,   -- the site's id of the last entry held\n"                          \
  "  head_hash TEXT NOT NULL DEFAULT '',\n"                                                   \
  "  entries " BIG                                                                            \
  " NOT NULL DEFAULT 0,\n"                                                                    \
  "  last_sync_at TEXT NOT NULL DEFAULT ''\n"                                                 \
  ");\n"                                                                                      \
  "CREATE TABLE site_entries (\n"                                                             \
  "  site TEXT NOT NULL,                     -- a registered site's, or one that sent here\n" \
  "  site_id " BIG                                                                            \
  " NOT NULL,              -- the entry's id at its site\n"                                   \
  "  entry_id " BIG                                                                           \
  " NOT NULL REFERENCES journal(id),\n"                                                       \
  "  body TEXT NOT NULL,                    -- the entry as the site sent it\n"               \
  "  PRIMARY KEY (site, site_id)\n"                                                           \
  ");\n"                                                                                      \
  "CREATE UNIQUE INDEX site_entries_entry ON site_entries(entry_id);\n"                       \
  "CREATE TABLE site_state (\n"                                                               \
  "  one INTEGER PRIMARY KEY CHECK (one = 1),\n"                                              \
  "  code TEXT NOT NULL,\n"                                                                   \
  "  hub TEXT NOT NULL,\n"                                                                    \
  "  token TEXT NOT NULL,                   -- sealed\n"                                      \
  "  instance TEXT NOT NULL,\n"                                                               \
  "  pushed " BIG                                                                             \
  " NOT NULL DEFAULT 0,     -- own entries up to this id are at the hub\n"                    \
  "  pushed_hash TEXT NOT NULL DEFAULT '',\n"                                                 \
  "  pulled " BIG                                                                             \
  " NOT NULL DEFAULT 0,     -- the hub's master_changes read\n"                               \
  "  pulled_entries " BIG                                                                     \
  " NOT NULL DEFAULT 0,  -- the hub's journal read for this site\n"                           \
  "  fork TEXT NOT NULL DEFAULT '',         -- the hub's refusal when the chains forked\n"    \
  "  last_push_at TEXT NOT NULL DEFAULT '',\n"                                                \
  "  last_pull_at TEXT NOT NULL DEFAULT '',\n"                                                \
  "  last_error TEXT NOT NULL DEFAULT '',\n"                                                  \
  "  pushed_recipients " BIG                                                                  \
  " NOT NULL DEFAULT 0\n"                                                                     \
  ");\n"

#define ZAPAS_CHANGED(table, kind, key, EVENT)                             \
  "CREATE TRIGGER " table "_changed_" #EVENT " AFTER " #EVENT " ON " table \
  " BEGIN INSERT INTO master_changes (kind, key) VALUES ('" kind "', " key "); END;\n"
#define ZAPAS_CHANGED_BOTH(table, kind, key) \
  ZAPAS_CHANGED(table, kind, key, INSERT) ZAPAS_CHANGED(table, kind, key, UPDATE)

extern const char kSiteTablesSqlite[] =
    // The lot name becomes unique per site: SQLite rebuilds the table (its
    // foreign keys are off for this migration, Migration::rebuilds_tables).
    "CREATE TABLE lots_new (\n"
    "  id INTEGER PRIMARY KEY,\n"
    "  item_id INTEGER NOT NULL REFERENCES items(id),\n"
    "  batch TEXT NOT NULL,\n"
    "  expiry TEXT,\n"
    "  unit_value INTEGER NOT NULL,\n"
    "  currency TEXT NOT NULL,\n"
    "  donor_id INTEGER NOT NULL REFERENCES donors(id),\n"
    "  booked_rate INTEGER,\n"
    "  booked_rate_day INTEGER,\n"
    "  kit TEXT,\n"
    "  site TEXT NOT NULL DEFAULT '',\n"
    "  site_lot INTEGER,\n"
    "  UNIQUE (site, item_id, batch)\n"
    ");\n"
    "INSERT INTO lots_new (id, item_id, batch, expiry, unit_value, currency, donor_id, "
    "booked_rate, booked_rate_day, kit) SELECT id, item_id, batch, expiry, unit_value, currency, "
    "donor_id, booked_rate, booked_rate_day, kit FROM lots;\n"
    "DROP TABLE lots;\n"
    "ALTER TABLE lots_new RENAME TO lots;\n"
    "CREATE TRIGGER lots_no_update BEFORE UPDATE ON lots\n"
    "  BEGIN SELECT RAISE(ABORT, 'lots are immutable'); END;\n" ZAPAS_SITE_TABLES("INTEGER")
    "CREATE TRIGGER site_entries_no_update BEFORE UPDATE ON site_entries\n"
    "  BEGIN SELECT RAISE(ABORT, 'a site''s entries are never changed'); END;\n"
    "CREATE TRIGGER site_entries_no_delete BEFORE DELETE ON site_entries\n"
    "  BEGIN SELECT RAISE(ABORT, 'a site''s entries are never changed'); END;\n"
    "CREATE TABLE master_changes (\n"
    "  seq INTEGER PRIMARY KEY AUTOINCREMENT,\n"
    "  kind TEXT NOT NULL,\n"
    "  key TEXT NOT NULL\n"
    ");\n" ZAPAS_CHANGED_BOTH("items", "item", "NEW.sku")
        ZAPAS_CHANGED_BOTH("warehouses", "warehouse", "NEW.code")
            ZAPAS_CHANGED_BOTH("donors", "donor", "NEW.code")
                ZAPAS_CHANGED_BOTH("recipients", "recipient", "NEW.code")
                    ZAPAS_CHANGED_BOTH("accounts", "account", "NEW.code")
                        ZAPAS_CHANGED_BOTH("users", "user", "NEW.username") ZAPAS_CHANGED_BOTH(
                            "rates", "rate", "NEW.currency || ':' || NEW.day");

#undef ZAPAS_CHANGED_BOTH
#undef ZAPAS_CHANGED

extern const char kSiteTablesPostgres[] =
    "ALTER TABLE lots ADD COLUMN site TEXT NOT NULL DEFAULT '';\n"
    "ALTER TABLE lots ADD COLUMN site_lot INTEGER;\n"
    "ALTER TABLE lots DROP CONSTRAINT lots_item_id_batch_key;\n"
    "ALTER TABLE lots ADD UNIQUE (site, item_id, batch);\n" ZAPAS_SITE_TABLES("BIGINT")
    "CREATE TRIGGER site_entries_no_update BEFORE UPDATE ON site_entries\n"
    "  FOR EACH ROW EXECUTE FUNCTION zapas_refuse('a site''s entries are never changed');\n"
    "CREATE TRIGGER site_entries_no_delete BEFORE DELETE OR TRUNCATE ON site_entries\n"
    "  FOR EACH STATEMENT EXECUTE FUNCTION zapas_refuse('a site''s entries are never changed');\n"
    "CREATE TABLE master_changes (\n"
    "  seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,\n"
    "  kind TEXT NOT NULL,\n"
    "  key TEXT NOT NULL\n"
    ");\n"
    "CREATE FUNCTION zapas_master_changed() RETURNS trigger LANGUAGE plpgsql AS $$\n"
    "DECLARE row JSONB := to_jsonb(NEW);\n"
    "BEGIN\n"
    "  INSERT INTO master_changes (kind, key) VALUES (TG_ARGV[0], CASE TG_ARGV[0]\n"
    "    WHEN 'rate' THEN (row ->> 'currency') || ':' || (row ->> 'day')\n"
    "    ELSE row ->> TG_ARGV[1] END);\n"
    "  RETURN NULL;\n"
    "END $$;\n"
    "DO $$\n"
    "DECLARE t TEXT[];\n"
    "BEGIN\n"
    "  FOREACH t SLICE 1 IN ARRAY ARRAY[['items', 'item', 'sku'],\n"
    "      ['warehouses', 'warehouse', 'code'], ['donors', 'donor', 'code'],\n"
    "      ['recipients', 'recipient', 'code'], ['accounts', 'account', 'code'],\n"
    "      ['users', 'user', 'username'], ['rates', 'rate', '']] LOOP\n"
    "    EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE ON %I FOR EACH ROW '\n"
    "                   'EXECUTE FUNCTION zapas_master_changed(%L, %L)', t[1] || '_changed',\n"
    "                   t[1], t[2], t[3]);\n"
    "  END LOOP;\n"
    "END $$;\n";

#undef ZAPAS_SITE_TABLES

}  // namespace zapas
