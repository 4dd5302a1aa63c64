// Inline SVG charts for the HTML report: horizontal bar charts (one or more panels of values side by side
// for the same labelled rows, grouped under headings) and a scatter plot, each with ticked, labelled axes.
// The output is an <svg> element for embedding in HTML5 (no namespace URL, no scripts, nothing fetched);
// every string passed in is escaped here.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace eb::svg {

// Text and attribute escaping for HTML and SVG (& < > " ').
std::string Escape(const std::string& s);

// A colour for the i-th series, from a fixed palette (cycles after ten).
const char* SeriesColor(size_t i);

// One numeric axis: the range drawn, the tick positions and how values map onto [0, 1].
struct Axis {
  double lo = 0, hi = 1;
  bool log = false;
  std::vector<double> ticks;
  double Fraction(double v) const;
};

// A linear axis from 0 (or from below `lo` when `from_zero` is false) to above `hi`, with 1-2-5 ticks; a log
// axis over whole decades when `allow_log` and hi / lo exceeds `log_ratio` (values must then be positive).
Axis MakeAxis(double lo, double hi, bool from_zero, bool allow_log, double log_ratio);

// "0.05", "2.5", "100", "12,000": as many decimals as the ticks need.
std::string TickLabel(double v);

struct BarRow {
  std::string label;
  std::string color;
  std::vector<std::optional<double>> values;  // one per panel; absent draws no bar
  std::vector<std::string> texts;             // one per panel, written after the bar
};

struct BarGroup {
  std::string title;  // empty: no heading line
  std::vector<BarRow> rows;
};

struct BarPanel {
  std::string title;       // above the panel, e.g. "cycles per inference"
  std::string axis_title;  // under the ticks, e.g. "million cycles"
  bool allow_log = true;   // log scale when the values span more than 20x
};

struct BarChart {
  std::vector<BarPanel> panels;
  std::vector<BarGroup> groups;
  std::vector<std::string> footer;  // lines of text under the axes (ratios, caveats)
};

// Rows top to bottom, a label column on the left, then each panel's bars on its own axis. Panels whose
// rows have no value at all are still laid out (the caller leaves out charts with nothing to draw).
std::string DrawBars(const BarChart& chart);

struct Point {
  double x = 0, y = 0;
  std::string label;    // written next to the point
  std::string tooltip;  // a <title>, shown on hover
  std::string color;
  int shape = 0;        // 0 circle, 1 square, 2 triangle, 3 diamond
};

struct LegendEntry {
  std::string label;
  std::string color;  // empty: drawn grey (a shape-only entry)
  int shape = 0;
};

struct Scatter {
  std::string x_title, y_title;
  bool x_allow_log = true;   // log x when the values span more than 10x
  std::vector<Point> points;
  std::vector<LegendEntry> legend;
};

// Points on ticked axes, each with its label placed where it overlaps no earlier label (a leader line
// when it had to move away from its point), and a legend on the right.
std::string DrawScatter(const Scatter& chart);

}  // namespace eb::svg
