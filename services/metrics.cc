#include "services/metrics.h"

#include <cstdint>
#include <cstdio>

namespace zapas {

Histogram::Histogram(std::vector<int64_t> bounds, double scale)
    : bounds_(std::move(bounds)),
      scale_(scale),
      buckets_(std::make_unique<std::atomic<uint64_t>[]>(bounds_.size() + 1)) {
  for (size_t i = 0; i <= bounds_.size(); ++i) buckets_[i].store(0, std::memory_order_relaxed);
}

void Histogram::Observe(int64_t value) {
  size_t i = 0;
  while (i < bounds_.size() && value > bounds_[i]) ++i;
  buckets_[i].fetch_add(1, std::memory_order_relaxed);
  sum_.fetch_add(value, std::memory_order_relaxed);
}

uint64_t Histogram::count() const {
  uint64_t n = 0;
  for (size_t i = 0; i <= bounds_.size(); ++i) n += buckets_[i].load(std::memory_order_relaxed);
  return n;
}

namespace {

std::string Number(double v) {
  char text[40];
  if (v == static_cast<double>(static_cast<int64_t>(v)) && v < 1e15 && v > -1e15) {
    std::snprintf(text, sizeof text, "%lld", static_cast<long long>(v));
  } else {
    std::snprintf(text, sizeof text, "%.10g", v);
  }
  return text;
}

std::string Joined(std::string_view labels, std::string_view more) {
  if (labels.empty()) return std::string(more);
  if (more.empty()) return std::string(labels);
  return std::string(labels) + "," + std::string(more);
}

}  // namespace

void Histogram::Render(std::string& out, std::string_view name, std::string_view labels) const {
  const std::string bucket = std::string(name) + "_bucket";
  uint64_t cumulative = 0;
  for (size_t i = 0; i <= bounds_.size(); ++i) {
    cumulative += buckets_[i].load(std::memory_order_relaxed);
    const std::string le =
        i < bounds_.size() ? Number(static_cast<double>(bounds_[i]) / scale_) : "+Inf";
    MetricSample(out, bucket, Joined(labels, "le=\"" + le + "\""), static_cast<double>(cumulative));
  }
  MetricSample(out, std::string(name) + "_sum", labels,
               static_cast<double>(sum_.load(std::memory_order_relaxed)) / scale_);
  MetricSample(out, std::string(name) + "_count", labels, static_cast<double>(cumulative));
}

std::vector<int64_t> LatencyBoundsUs() {
  return {500,    1000,   2500,   5000,    10000,   25000,   50000,
          100000, 250000, 500000, 1000000, 2500000, 10000000};
}

RequestMetrics::RequestMetrics(std::vector<std::string> routes)
    : routes_(std::move(routes)), per_route_(std::make_unique<PerRoute[]>(routes_.size() + 2)) {}

void RequestMetrics::Record(int route, int status, int64_t duration_us) {
  if (route < 0 || route > unmatched_route()) route = unmatched_route();
  size_t s = 0;
  while (s + 1 < kStatuses.size() && kStatuses[s] != status) ++s;
  PerRoute& r = per_route_[static_cast<size_t>(route)];
  r.by_status[s].fetch_add(1, std::memory_order_relaxed);
  r.latency.Observe(duration_us);
}

void RequestMetrics::Render(std::string& out) const {
  // "GET /api/v1/stock" → method="GET",route="/api/v1/stock"
  auto labels_of = [&](size_t i) {
    std::string method = "", route = i == routes_.size() ? "static" : "unmatched";
    if (i < routes_.size()) {
      const std::string& r = routes_[i];
      const size_t space = r.find(' ');
      method = r.substr(0, space);
      route = r.substr(space + 1);
    }
    return "method=\"" + LabelValue(method) + "\",route=\"" + LabelValue(route) + "\"";
  };
  MetricHeader(out, "zapas_http_requests_total", "counter",
               "HTTP requests answered, by route pattern and status.");
  for (size_t i = 0; i < routes_.size() + 2; ++i) {
    for (size_t s = 0; s < kStatuses.size(); ++s) {
      const uint64_t n = per_route_[i].by_status[s].load(std::memory_order_relaxed);
      if (n == 0) continue;
      const std::string status = kStatuses[s] == 0 ? "other" : std::to_string(kStatuses[s]);
      MetricSample(out, "zapas_http_requests_total", labels_of(i) + ",status=\"" + status + "\"",
                   static_cast<double>(n));
    }
  }
  MetricHeader(out, "zapas_http_request_duration_seconds", "histogram",
               "Time from a whole request to its reply, by route pattern.");
  for (size_t i = 0; i < routes_.size() + 2; ++i) {
    if (per_route_[i].latency.count() == 0) continue;
    per_route_[i].latency.Render(out, "zapas_http_request_duration_seconds", labels_of(i));
  }
}

void MetricHeader(std::string& out, std::string_view name, std::string_view type,
                  std::string_view help) {
  out += "# HELP ";
  out += name;
  out += ' ';
  out += help;
  out += "\n# TYPE ";
  out += name;
  out += ' ';
  out += type;
  out += '\n';
}

void MetricSample(std::string& out, std::string_view name, std::string_view labels, double value) {
  out += name;
  if (!labels.empty()) {
    out += '{';
    out += labels;
    out += '}';
  }
  out += ' ';
  out += Number(value);
  out += '\n';
}

std::string LabelValue(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace zapas
