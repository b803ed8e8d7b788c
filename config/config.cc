#include "config/config.h"

#include "domain/date.h"

#include <Poco/AutoPtr.h>
#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/Util/PropertyFileConfiguration.h>

#include <sstream>

namespace zapas {

namespace {

// backup.keep: "14 daily, 8 weekly" (either part may go; a bare number is days).
Status ParseKeep(const std::string& text, Config::Backup& backup) {
  const Status bad = Status::Invalid(
      "backup.keep must be like \"14 daily, 8 weekly\" (each from 0 to 1000, at least one "
      "backup kept)");
  int daily = 0, weekly = 0;
  std::istringstream in(text);
  std::string part;
  bool any = false;
  while (std::getline(in, part, ',')) {
    std::istringstream words(part);
    std::string number, unit, rest;
    words >> number >> unit >> rest;
    if (number.empty() && unit.empty()) continue;
    if (number.empty() || number.size() > 4 ||
        number.find_first_not_of("0123456789") != std::string::npos || !rest.empty()) {
      return bad;
    }
    const int n = std::stoi(number);
    if (n > 1000) return bad;
    if (unit.empty() || unit == "daily") {
      daily = n;
    } else if (unit == "weekly") {
      weekly = n;
    } else {
      return bad;
    }
    any = true;
  }
  if (!any || daily + weekly == 0) return bad;
  backup.keep_daily = daily;
  backup.keep_weekly = weekly;
  return Status::Ok();
}

}  // namespace

Result<Config> LoadConfig(const std::string& path) {
  Config c;
  if (path.empty()) return c;
  if (!Poco::File(path).exists()) return Status::NotFound("config file " + path + " not found");
  try {
    Poco::AutoPtr<Poco::Util::PropertyFileConfiguration> file(
        new Poco::Util::PropertyFileConfiguration(path));
    auto key = [&](const std::string& k) { return file->has("zapas." + k) ? "zapas." + k : k; };
    auto str = [&](const std::string& k, std::string& out) {
      if (file->has(key(k))) out = file->getString(key(k));
    };
    auto num = [&](const std::string& k, auto& out) {
      if (file->has(key(k))) out = static_cast<std::decay_t<decltype(out)>>(file->getInt(key(k)));
    };
    str("db.path", c.db_path);
    str("db.url", c.db_path);  // a PostgreSQL database: wins over db.path
    str("http.host", c.http_host);
    num("http.port", c.http_port);
    num("http.threads", c.http_threads);
    num("http.keep_alive_seconds", c.http_keep_alive_seconds);
    num("http.header_timeout_seconds", c.http_header_timeout_seconds);
    num("http.io_timeout_seconds", c.http_io_timeout_seconds);
    num("http.max_connections", c.http_max_connections);
    num("http.max_connections_per_address", c.http_max_connections_per_address);
    num("http.max_body_bytes", c.http_max_body_bytes);
    num("http.max_import_bytes", c.http_max_import_bytes);
    auto boolean = [&](const std::string& k, bool& out) {
      if (file->has(key(k))) out = file->getBool(key(k));
    };
    boolean("db.synchronous_full", c.db_synchronous_full);
    num("auth.token_hours", c.token_hours);
    str("web.root", c.web_root);
    str("org.name", c.org_name);
    str("org.edrpou", c.org_edrpou);
    str("org.iati_id", c.org_iati_id);
    str("printing.font_regular", c.font_regular);
    str("printing.font_bold", c.font_bold);
    str("printing.fixed_time", c.fixed_time);
    str("http.tls.certificate", c.tls_certificate);
    str("http.tls.private_key", c.tls_private_key);
    str("http.tls.chain", c.tls_chain);
    str("security.key_file", c.key_file);
    num("writes.max_days_ahead", c.writes_max_days_ahead);
    num("sync.interval", c.sync_interval_seconds);
    num("sync.timeout", c.sync_timeout_seconds);
    str("backup.dir", c.backup.dir);
    str("backup.daily_at", c.backup.daily_at);
    str("backup.after", c.backup.after);
    if (file->has(key("backup.keep"))) {
      ZAPAS_RETURN_IF_ERROR(ParseKeep(file->getString(key("backup.keep")), c.backup));
    }
    str("log.file", c.log_file);
    boolean("log.requests", c.log_requests);
    boolean("metrics.enabled", c.metrics_enabled);
    boolean("metrics.loopback", c.metrics_loopback);
    num("alerts.expiring_days", c.alerts.expiring_days);
    num("alerts.undistributed_days", c.alerts.undistributed_days);
    num("alerts.unconfirmed_days", c.alerts.unconfirmed_days);
    str("alerts.daily_at", c.alerts.daily_at);
    str("alerts.smtp.host", c.alerts.smtp_host);
    num("alerts.smtp.port", c.alerts.smtp_port);
    str("alerts.smtp.user", c.alerts.smtp_user);
    str("alerts.smtp.password", c.alerts.smtp_password);
    str("alerts.smtp.from", c.alerts.smtp_from);
    str("alerts.smtp.to", c.alerts.smtp_to);
    str("alerts.webhook.url", c.alerts.webhook_url);
    str("alerts.webhook.language", c.alerts.webhook_language);
  } catch (const Poco::Exception& e) {
    return Status::Invalid("config " + path + ": " + e.displayText());
  }
  if (c.http_port < 0 || c.http_port > 65535) return Status::Invalid("http.port out of range");
  for (const auto& [name, days] :
       {std::pair<const char*, int>{"alerts.expiring_days", c.alerts.expiring_days},
        {"alerts.undistributed_days", c.alerts.undistributed_days},
        {"alerts.unconfirmed_days", c.alerts.unconfirmed_days}}) {
    if (days < 0 || days > 3660) return Status::Invalid(std::string(name) + " out of range");
  }
  for (const auto& [key, at] :
       {std::pair<const char*, std::string>{"alerts.daily_at", c.alerts.daily_at},
        {"backup.daily_at", c.backup.daily_at}}) {
    if (!at.empty() && !ParseTimeOfDay(at).ok()) {
      return Status::Invalid(std::string(key) + " must be HH:MM (00:00 to 23:59), Kyiv time");
    }
  }
  if (c.alerts.webhook_language != "uk" && c.alerts.webhook_language != "en") {
    return Status::Invalid("alerts.webhook.language must be uk or en");
  }
  if (c.http_threads < 2) return Status::Invalid("http.threads must be at least 2");
  for (const auto& [key, value] :
       {std::pair<const char*, int>{"http.keep_alive_seconds", c.http_keep_alive_seconds},
        {"http.header_timeout_seconds", c.http_header_timeout_seconds},
        {"http.io_timeout_seconds", c.http_io_timeout_seconds},
        {"http.max_connections", c.http_max_connections},
        {"http.max_connections_per_address", c.http_max_connections_per_address}}) {
    if (value < 1) return Status::Invalid(std::string(key) + " must be at least 1");
  }
  if (c.sync_timeout_seconds < 1 || c.sync_timeout_seconds > 600) {
    return Status::Invalid("sync.timeout must be a whole number of seconds from 1 to 600");
  }
  if (c.sync_interval_seconds < 1 || c.sync_interval_seconds > 86400) {
    return Status::Invalid("sync.interval must be a whole number of seconds from 1 to 86400");
  }
  if (c.writes_max_days_ahead < 0 || c.writes_max_days_ahead > 366) {
    return Status::Invalid("writes.max_days_ahead must be a whole number from 0 to 366");
  }
  if (!c.fixed_time.empty() && !ParseTimestamp(c.fixed_time).ok()) {
    return Status::Invalid("printing.fixed_time must be an RFC 3339 timestamp");
  }
  return c;
}

}  // namespace zapas
