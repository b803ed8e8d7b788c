// A vertical bar chart drawn as vector graphics on a PDF page: the donor
// report's deliveries per month, and any document that wants one.
//
// Thread-safe: DrawBarChart shares nothing between calls.
#pragma once

#include <string>
#include <vector>

#include "printing/pdf_document.h"

namespace zapas::printing {

// One bar of a bar chart: its label beneath the axis, its height, and the
// text printed above it (empty: none).
struct ChartBar {
  std::string label;
  double value = 0;
  std::string value_text;
};

struct BarChartStyle {
  float bar_gray = 0.35f;              // the bars' fill, 0 black .. 1 white
  float grid_gray = 0.82f;             // horizontal grid lines
  float label_size = 6.5f;             // bar and axis labels, points
  std::string axis_caption;            // small grey caption at the top left ("EUR"); may be empty
  std::string empty_text = "no data";  // centred in the plot when every value is 0
};

// Draws a vertical bar chart in the box whose top-left corner is (x, top),
// `w` x `h` points: a value axis with "nice" round ticks and light grid lines
// on the left, a baseline, one filled bar per entry (negative values count
// as 0) with its value text above it and its label beneath. Labels that do
// not fit their slot shrink; with many bars every other label is skipped.
// Absolute drawing: the cursor does not move. Nothing is drawn for no bars.
void DrawBarChart(PdfDocument& doc, float x, float top, float w, float h,
                  const std::vector<ChartBar>& bars, const BarChartStyle& style = {});

}  // namespace zapas::printing
