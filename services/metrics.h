// Counters and histograms for GET /metrics (the Prometheus text exposition
// format, version 0.0.4), cheap enough to count every request: fixed
// buckets of relaxed atomics, no lock, no allocation on the counting path.
// Thread-safe.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace zapas {

// A histogram of whole-number observations (microseconds, rows, ...) with
// fixed upper bounds; rendered in a unit `scale` times larger (1e6: seconds).
class Histogram {
 public:
  Histogram(std::vector<int64_t> bounds, double scale);
  void Observe(int64_t value);
  uint64_t count() const;  // observations so far (the buckets' sum)
  // Appends `name`_bucket, _sum and _count lines with `labels` ("" or
  // `route="/x",method="GET"`).
  void Render(std::string& out, std::string_view name, std::string_view labels) const;

 private:
  std::vector<int64_t> bounds_;
  double scale_;
  std::unique_ptr<std::atomic<uint64_t>[]> buckets_;  // one per bound, and +Inf
  std::atomic<int64_t> sum_{0};
};

// The bounds of request latencies and commit times, in microseconds.
std::vector<int64_t> LatencyBoundsUs();

// Requests by route (the Api's route table, plus "static" and "unmatched")
// and status, and their latencies by route.
class RequestMetrics {
 public:
  // `routes`: "METHOD pattern" of each route index; two more indexes follow
  // for the web UI's files and for requests no route took.
  explicit RequestMetrics(std::vector<std::string> routes);
  int static_route() const { return static_cast<int>(routes_.size()); }
  int unmatched_route() const { return static_cast<int>(routes_.size()) + 1; }
  void Record(int route, int status, int64_t duration_us);
  // zapas_http_requests_total and zapas_http_request_duration_seconds.
  void Render(std::string& out) const;

 private:
  static constexpr std::array<int, 24> kStatuses = {200, 201, 204, 206, 304, 400, 401, 403,
                                                    404, 405, 406, 408, 409, 410, 411, 413,
                                                    415, 422, 429, 431, 500, 501, 503, 0};
  struct PerRoute {
    std::array<std::atomic<uint64_t>, kStatuses.size()> by_status{};
    Histogram latency{LatencyBoundsUs(), 1e6};
  };
  std::vector<std::string> routes_;
  std::unique_ptr<PerRoute[]> per_route_;
};

// Metric text helpers: "# HELP" and "# TYPE" lines, a sample line, and a
// label value escaped as the format wants (\\, \", \n).
void MetricHeader(std::string& out, std::string_view name, std::string_view type,
                  std::string_view help);
void MetricSample(std::string& out, std::string_view name, std::string_view labels, double value);
std::string LabelValue(std::string_view value);

}  // namespace zapas
