// Migration 13: kits, reorder levels, what was sent, and how donors are
// written to, in both dialects.
#include "persistence/migrations.h"

namespace zapas {

#define ZAPAS_KIT_TABLES(BIG)                                                      \
  "ALTER TABLE lots ADD COLUMN kit TEXT;  -- an assembled kit lot's composition\n" \
  "CREATE TABLE kit_components (\n"                                                \
  "  kit_item_id INTEGER NOT NULL REFERENCES items(id),\n"                         \
  "  line INTEGER NOT NULL,\n"                                                     \
  "  item_id INTEGER NOT NULL REFERENCES items(id),\n"                             \
  "  quantity " BIG                                                                \
  " NOT NULL CHECK (quantity > 0),  -- thousandths per kit\n"                      \
  "  PRIMARY KEY (kit_item_id, line)\n"                                            \
  ");\n"                                                                           \
  "CREATE TABLE minimums (\n"                                                      \
  "  warehouse_id INTEGER NOT NULL REFERENCES warehouses(id),\n"                   \
  "  item_id INTEGER NOT NULL REFERENCES items(id),\n"                             \
  "  quantity " BIG                                                                \
  " NOT NULL CHECK (quantity >= 0),  -- thousandths\n"                             \
  "  PRIMARY KEY (warehouse_id, item_id)\n"                                        \
  ");\n"                                                                           \
  "CREATE TABLE notifications (\n"                                                 \
  "  kind TEXT NOT NULL,     -- 'digest', 'donor_report'\n"                        \
  "  subject TEXT NOT NULL,  -- the digest's day, or 'YYYY-MM donor-code'\n"       \
  "  channel TEXT NOT NULL,  -- 'mailto:<address>' or the webhook's URL\n"         \
  "  sent_at TEXT NOT NULL,\n"                                                     \
  "  PRIMARY KEY (kind, subject, channel)\n"                                       \
  ");\n"                                                                           \
  "ALTER TABLE donors ADD COLUMN email TEXT NOT NULL DEFAULT '';\n"                \
  "ALTER TABLE donors ADD COLUMN language TEXT NOT NULL DEFAULT 'uk';\n"

extern const char kKitTablesSqlite[] = ZAPAS_KIT_TABLES("INTEGER");
extern const char kKitTablesPostgres[] = ZAPAS_KIT_TABLES("BIGINT");

#undef ZAPAS_KIT_TABLES

}  // namespace zapas
