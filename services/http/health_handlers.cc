// GET /health (public: for a monitor and a load balancer) and GET /metrics
// (Prometheus text format, for the technician's dashboards).
#include <ctime>

#include "services/http/api.h"

namespace zapas {

namespace {

// The names of refusal reasons in zapas_writes_refused_total.
constexpr std::array<const char*, Store::kStatusCodes> kReasons = {
    "ok",           "malformed", "unauthenticated", "forbidden",  "not_found",
    "not_allowed",  "conflict",  "too_large",       "media_type", "invalid",
    "out_of_range", "throttled", "unavailable",     "internal"};

}  // namespace

// {"status": "ok", "version", "backup": {...}}; while storage is failing
// (Store::storage_health), 503 {"status": "degraded", "version", "reason",
// "since"} until a write succeeds again, so a monitor and the technician see
// it. "backup" (when the schedule is known) says "ok", "failed", "missing"
// or "off", and when the last one was made: what failed is in the server's
// log and in `zapas doctor`, not for anyone who asks.
Result<Reply> Api::Health(Call&) {
  const Store::StorageHealth storage = store_.storage_health();
  JsonWriter w;
  w.BeginObject().Field("status", storage.failing ? "degraded" : "ok").Field("version", version_);
  if (storage.failing) {
    w.Field("reason",
            "the last write failed on storage (full, read-only or failing), and none has "
            "succeeded since: see the server's log")
        .Field("since", storage.since);
  }
  if (backups_ != nullptr) {
    const BackupState b = backups_->state();
    w.Key("backup").BeginObject().Field("status", b.status);
    if (b.last_time > 0) {
      w.Field("last", FormatTimestamp(b.last_time))
          .Field("age_seconds", static_cast<int64_t>(std::time(nullptr) - b.last_time));
    } else {
      w.Key("last").Null();
    }
    w.Field("copied_elsewhere", b.after_error.empty()).EndObject();
  }
  w.EndObject();
  return Reply{storage.failing ? 503 : 200, w.Take()};
}

Result<Reply> Api::Metrics(Call&) {
  if (!metrics_enabled_) return Status::NotFound("metrics are off here (metrics.enabled)");
  std::string out;
  out.reserve(64 * 1024);
  MetricHeader(out, "zapas_build_info", "gauge", "The running version.");
  MetricSample(out, "zapas_build_info", "version=\"" + LabelValue(version_) + "\"", 1);
  request_metrics_.Render(out);

  MetricHeader(out, "zapas_writer_queue_depth", "gauge", "Writes waiting for the writer.");
  MetricSample(out, "zapas_writer_queue_depth", "", static_cast<double>(store_.queue_depth()));
  MetricHeader(out, "zapas_write_batch_size", "histogram",
               "Writes committed together in one transaction (group commit).");
  store_.batch_sizes().Render(out, "zapas_write_batch_size", "");
  MetricHeader(out, "zapas_commit_duration_seconds", "histogram",
               "Time of each commit, its fsync included.");
  store_.commit_times().Render(out, "zapas_commit_duration_seconds", "");
  MetricHeader(out, "zapas_write_stage_seconds_total", "counter",
               "Time of the write jobs by stage, summed over every job (see docs/api.md).");
  for (int stage = 0; stage < static_cast<int>(Store::Stage::kCount); ++stage) {
    const auto s = static_cast<Store::Stage>(stage);
    MetricSample(out, "zapas_write_stage_seconds_total",
                 std::string("stage=\"") + Store::StageName(s) + "\"", store_.stage_seconds(s));
  }
  MetricHeader(out, "zapas_write_jobs_total", "counter", "Write jobs the writer ran.");
  MetricSample(out, "zapas_write_jobs_total", "", static_cast<double>(store_.jobs_run()));
  MetricHeader(out, "zapas_write_ahead_log_pages", "gauge",
               "SQLite: pages in the write-ahead log after the last commit.");
  MetricSample(out, "zapas_write_ahead_log_pages", "", static_cast<double>(store_.log_pages()));
  MetricHeader(out, "zapas_writes_refused_total", "counter",
               "Writes answered with an error, by reason.");
  for (int code = 1; code < Store::kStatusCodes; ++code) {
    MetricSample(out, "zapas_writes_refused_total",
                 std::string("reason=\"") + kReasons[static_cast<size_t>(code)] + "\"",
                 static_cast<double>(store_.refused(static_cast<StatusCode>(code))));
  }
  MetricHeader(out, "zapas_storage_failing", "gauge",
               "1 while the last write failed on storage and none has succeeded since.");
  MetricSample(out, "zapas_storage_failing", "", store_.storage_health().failing ? 1 : 0);

  const auto [lots, balances] = store_.Read([](const Catalog& catalog, const StockIndex& index) {
    return std::make_pair(catalog.lot_count(), index.size());
  });
  MetricHeader(out, "zapas_stock_lots", "gauge", "Lots in the in-memory stock index.");
  MetricSample(out, "zapas_stock_lots", "", static_cast<double>(lots));
  MetricHeader(out, "zapas_stock_balances", "gauge",
               "Balances (warehouse and lot) in the in-memory stock index.");
  MetricSample(out, "zapas_stock_balances", "", static_cast<double>(balances));

  const int64_t now = std::time(nullptr);
  if (backups_ != nullptr) {
    const BackupState b = backups_->state();
    MetricHeader(out, "zapas_backup_ok", "gauge",
                 "1 when the last backup succeeded and is at most 26 hours old.");
    MetricSample(out, "zapas_backup_ok", "", b.status == "ok" ? 1 : 0);
    MetricHeader(out, "zapas_backup_age_seconds", "gauge",
                 "Age of the newest backup (absent when there is none).");
    if (b.last_time > 0) {
      MetricSample(out, "zapas_backup_age_seconds", "", static_cast<double>(now - b.last_time));
    }
    MetricHeader(out, "zapas_backup_copy_failing", "gauge",
                 "1 when backup.after failed after the newest backup.");
    MetricSample(out, "zapas_backup_copy_failing", "", b.after_error.empty() ? 0 : 1);
  }
  if (site_sync_ != nullptr) {
    const int64_t last = site_sync_->last_synced();
    MetricHeader(out, "zapas_sync_lag_seconds", "gauge",
                 "Seconds since this site last synchronised with its hub.");
    if (last > 0) MetricSample(out, "zapas_sync_lag_seconds", "", static_cast<double>(now - last));
    MetricHeader(out, "zapas_sync_pending_entries", "gauge",
                 "This site's entries the hub did not hold after the last round.");
    MetricSample(out, "zapas_sync_pending_entries", "", static_cast<double>(site_sync_->pending()));
    MetricHeader(out, "zapas_sync_hub_reachable", "gauge", "1 when the hub answered last.");
    MetricSample(out, "zapas_sync_hub_reachable", "", site_sync_->reachable() ? 1 : 0);
  }
  return Reply{200, std::move(out), "text/plain; version=0.0.4; charset=utf-8"};
}

}  // namespace zapas
