#include "printing/bar_chart.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "printing/blocks.h"

namespace zapas::printing {

namespace {

// The smallest "nice" step (1, 2, 2.5 or 5 times a power of ten) that divides
// `max` into at most `ticks` intervals.
double NiceStep(double max, int ticks) {
  const double raw = max / ticks;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
    if (m * magnitude >= raw * (1 - 1e-9)) return m * magnitude;
  }
  return 10 * magnitude;
}

// "12 500", "2,5": a tick value, grouped by spaces.
std::string TickText(double v, double step) {
  const int decimals = step >= 1 ? 0 : (step >= 0.1 ? 1 : 2);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  std::string s = buf;
  const size_t dot = s.find('.');
  std::string whole = s.substr(0, dot);
  const std::string fraction = dot == std::string::npos ? "" : "," + s.substr(dot + 1);
  std::string grouped;
  for (size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) grouped += ' ';
    grouped += whole[i];
  }
  return grouped + fraction;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    const size_t nl = text.find('\n', start);
    out.push_back(text.substr(start, nl == std::string::npos ? std::string::npos : nl - start));
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  return out;
}

}  // namespace

void DrawBarChart(PdfDocument& doc, float x, float top, float w, float h,
                  const std::vector<ChartBar>& bars, const BarChartStyle& style) {
  if (bars.empty() || w <= 40 || h <= 40) return;
  const TextStyle label{FontWeight::kRegular, style.label_size, 0.3f, 1.15f};
  const TextStyle value_style = label.Bold().Gray(0.15f);

  double max = 0;
  for (const ChartBar& b : bars) max = std::max(max, b.value);
  const double step = max > 0 ? NiceStep(max, 4) : 1;
  const int intervals = max > 0 ? std::max(1, static_cast<int>(std::ceil(max / step - 1e-9))) : 4;
  const double axis_max = step * intervals;

  // The plot: room for the tick labels on the left, the caption and the value
  // texts above, and the bar labels (up to two lines) beneath.
  float tick_w = 0;
  for (int i = 0; i <= intervals; ++i) {
    tick_w = std::max(tick_w, doc.TextWidth(TickText(step * i, step), label));
  }
  size_t label_lines = 1;
  for (const ChartBar& b : bars) label_lines = std::max(label_lines, Lines(b.label).size());
  const float plot_left = x + tick_w + 6;
  const float plot_right = x + w;
  const float plot_top =
      top - (style.axis_caption.empty() ? 4 : label.line_height() + 4) - value_style.line_height();
  const float plot_bottom = top - h + static_cast<float>(label_lines) * label.line_height() + 4;
  const float plot_w = plot_right - plot_left;
  const float plot_h = plot_top - plot_bottom;
  if (plot_w <= 10 || plot_h <= 10) return;

  if (!style.axis_caption.empty()) {
    doc.DrawText(x, top - label.size, style.axis_caption, label);
  }
  // The value axis: grid lines and their values.
  for (int i = 0; i <= intervals; ++i) {
    const float y = plot_bottom + plot_h * static_cast<float>(i) / static_cast<float>(intervals);
    if (i > 0) doc.DrawLine(plot_left, y, plot_right, y, 0.4f, style.grid_gray);
    const std::string t = max > 0 ? TickText(step * i, step) : (i == 0 ? "0" : "");
    doc.DrawTextAligned(x, tick_w, y - label.size * 0.35f, t, label, Align::kRight);
  }

  const float slot = plot_w / static_cast<float>(bars.size());
  const float bar_w = std::min(slot * 0.62f, 48.0f);
  // Skip every other label (or more) when they would touch.
  float widest_label = 0;
  for (const ChartBar& b : bars) {
    for (const std::string& line : Lines(b.label)) {
      widest_label = std::max(widest_label, doc.TextWidth(line, label));
    }
  }
  const int label_every =
      std::max(1, static_cast<int>(std::ceil((widest_label + 3) / std::max(slot, 1.0f))));
  if (max <= 0) {
    doc.DrawTextAligned(plot_left, plot_w, plot_bottom + plot_h / 2, style.empty_text,
                        label.Sized(style.label_size + 1.5f), Align::kCenter);
  }
  for (size_t i = 0; i < bars.size(); ++i) {
    const ChartBar& b = bars[i];
    const float cx = plot_left + slot * (static_cast<float>(i) + 0.5f);
    const float bh =
        max > 0 ? static_cast<float>(std::max(0.0, b.value) / axis_max) * plot_h : 0.0f;
    if (bh > 0) doc.DrawBox(cx - bar_w / 2, plot_bottom + bh, bar_w, bh, 0, false, style.bar_gray);
    if (!b.value_text.empty() && b.value > 0) {
      if (auto s = blocks::Fitting(doc, b.value_text, value_style, slot - 1)) {
        doc.DrawTextAligned(cx - slot / 2, slot, plot_bottom + bh + 2.5f, b.value_text, *s,
                            Align::kCenter);
      }
    }
    if (static_cast<int>(i) % label_every == 0) {
      float baseline = plot_bottom - 3 - label.size;
      for (const std::string& line : Lines(b.label)) {
        const float room = slot * static_cast<float>(label_every) - 2;
        if (auto s = blocks::Fitting(doc, line, label, room)) {
          doc.DrawTextAligned(cx - room / 2, room, baseline, line, *s, Align::kCenter);
        }
        baseline -= label.line_height();
      }
    }
  }
  // The baseline over the bars' feet.
  doc.DrawLine(plot_left, plot_bottom, plot_right, plot_bottom, 0.8f, 0.1f);
}

}  // namespace zapas::printing
