// Config: every setting of a Zapas process, read once at start into a typed
// struct with defaults. Keys live in a properties file (`--config FILE`, or
// config/zapas.properties when present) as `zapas.<key>` or `<key>`; command
// line options override the file. Value type.
#pragma once

#include <string>

#include "domain/status.h"

namespace zapas {

struct Config {
  std::string db_path = "var/zapas.db";  // db.path, or db.url: postgresql://user@host:port/db
  std::string http_host = "127.0.0.1";   // http.host
  int http_port = 8080;                  // http.port
  // http.threads: the threads that run requests. Connections do not hold
  // one while they wait, but a write holds its thread until its commit, so
  // this bounds the writes that can share one commit.
  int http_threads = 64;
  int http_keep_alive_seconds = 5;  // http.keep_alive_seconds: an idle connection then closes
  // http.header_timeout_seconds: a request head must be whole this long after
  // its first byte (408 otherwise), and a new connection must start one by then.
  int http_header_timeout_seconds = 10;
  // http.io_timeout_seconds: the longest pause while a body arrives or a
  // reply is taken by the client; the connection then closes.
  int http_io_timeout_seconds = 60;
  // http.max_connections: open connections at most (also bounded by the open
  // file limit); when full, the connection waiting longest for a request is
  // closed to let a new one in.
  int http_max_connections = 10000;
  // http.max_connections_per_address: open connections from one IP address
  // at most; a request on one more gets 503 and its connection closes.
  int http_max_connections_per_address = 2000;
  size_t http_max_body_bytes = 1 << 20;  // http.max_body_bytes: larger bodies get 413
  // http.max_import_bytes: the same for CSV imports (POST /import/{kind}),
  // whose spreadsheets run to megabytes (100,000 receipt rows: about 8 MB).
  size_t http_max_import_bytes = 64 << 20;
  bool db_synchronous_full = true;  // db.synchronous_full: durable commits
  int token_hours = 12;             // auth.token_hours
  // web.root: the built web UI, served at /. Empty: found beside the
  // installed program or in the build (services/http/web_root.h).
  std::string web_root;
  std::string org_name = "Волонтерський кластер «Запас»";  // org.name: issuer of documents
  std::string org_edrpou;    // org.edrpou: its ЄДРПОУ code, printed when given
  std::string org_iati_id;   // org.iati_id: IATI identifier; default UA-EDR-<edrpou>
  std::string font_regular;  // printing.font_regular: TrueType path (default DejaVu)
  std::string font_bold;     // printing.font_bold
  // printing.fixed_time: an RFC 3339 instant written as every PDF's date, so
  // the same data prints the same bytes (golden tests, reproducible archives).
  std::string fixed_time;
  // http.tls.certificate and http.tls.private_key: PEM files. With them, `serve`
  // speaks HTTPS only (TLS 1.2 or later). http.tls.chain: an optional PEM file
  // of intermediate certificates sent after the certificate.
  std::string tls_certificate;
  std::string tls_private_key;
  std::string tls_chain;

  // True when either TLS file is named; serving then checks that both are.
  bool tls() const { return !tls_certificate.empty() || !tls_private_key.empty(); }

  // writes.max_days_ahead: how many days after today (in Kyiv) a document or
  // operation may be dated; later dates are refused with 422 (a typed 2062
  // would otherwise sit in the books for decades).
  int writes_max_days_ahead = 7;
  // sync.interval: at an alliance's site, how many seconds `zapas serve`
  // waits between synchronisations with its hub (1 to 86400).
  int sync_interval_seconds = 10;
  // sync.timeout: how many seconds a site waits for each step of a request
  // to its hub before it counts the hub as unreachable (1 to 600).
  int sync_timeout_seconds = 30;

  // security.key_file: the file holding the key that encrypts personal data
  // (64 hex digits); empty: the database path + ".key". The environment
  // variable ZAPAS_KEY, when set, is used instead.
  std::string key_file;

  // Scheduled backups (services/app/backups.h): each day at `daily_at`
  // ("HH:MM", Kyiv; empty: none), a copy of the database in `dir`, checked
  // before the older ones are pruned to `keep_daily` days and `keep_weekly`
  // weeks, then handed to `after` (a shell command; empty: none).
  struct Backup {
    std::string dir;       // backup.dir; empty: the database's directory + "/backups"
    std::string daily_at;  // backup.daily_at
    int keep_daily = 14;   // backup.keep: "14 daily, 8 weekly"
    int keep_weekly = 8;
    std::string after;  // backup.after: run with the backup's path in ZAPAS_BACKUP_FILE
  } backup;

  // log.file: request and error lines (services/log.h) appended to this file,
  // reopened on SIGHUP; empty: standard error (the systemd journal).
  std::string log_file;
  bool log_requests = true;     // log.requests: a line per request
  bool metrics_enabled = true;  // metrics.enabled: GET /metrics and its counting
  // metrics.loopback: GET /metrics answers a client on 127.0.0.1 or ::1
  // without a token (a Prometheus on the same machine); others need an admin's.
  bool metrics_loopback = false;

  // Alerts (GET /alerts) and their daily digest (services/app/alerts.h).
  struct Alerts {
    int expiring_days = 60;       // alerts.expiring_days: a lot expiring within them
    int undistributed_days = 60;  // alerts.undistributed_days: aid held longer (of the 90 allowed)
    int unconfirmed_days = 7;     // alerts.unconfirmed_days: a delivery without proof longer
    std::string daily_at;         // alerts.daily_at: "HH:MM" in Kyiv; empty: no daily digest
    // alerts.smtp.*: host (empty: no e-mail), port (587), user, password
    // (or the environment's ZAPAS_SMTP_PASSWORD), from, and to: addresses
    // separated by commas, each optionally "en:" or "uk:" first (its
    // language; Ukrainian when none).
    std::string smtp_host;
    int smtp_port = 587;
    std::string smtp_user, smtp_password, smtp_from, smtp_to;
    // alerts.webhook.url (http:// or https://; empty: none) and the language
    // of what is posted there (alerts.webhook.language, uk or en).
    std::string webhook_url;
    std::string webhook_language = "uk";
  } alerts;
};

// Reads `path` (a properties file) over the defaults. kInvalid naming the key
// when a value is malformed; kNotFound when the file does not exist.
Result<Config> LoadConfig(const std::string& path);

}  // namespace zapas
