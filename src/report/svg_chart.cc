// Text widths are estimated from the number of characters (no font metrics without a browser): about
// 0.55 em per character in a sans-serif face, which errs wide so that labels do not run into bars.
#include "report/svg_chart.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "core/strings.h"

namespace eb::svg {
namespace {

constexpr int kFont = 12;
constexpr double kCharW = 6.8;     // at kFont
constexpr double kSmallCharW = 6.2;  // at 11 px
constexpr int kRowH = 20;
constexpr int kGroupH = 20;

// Code points, not bytes: "µ" and "×" are one character wide.
size_t Utf8Length(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::string Px(double v) { return Format("%.1f", v); }

// 1, 2 or 5 times a power of ten, the smallest not below `raw`.
double NiceStep(double raw) {
  const double p = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0}) {
    if (m * p >= raw * (1 - 1e-9)) return m * p;
  }
  return 10 * p;
}

std::string Shape(int shape, double x, double y, const std::string& color, double r) {
  const std::string fill = color.empty() ? "#888" : color;
  const double h = r * 0.9, t = r * 1.2;
  switch (shape) {
    case 1:
      return "<rect x='" + Px(x - h) + "' y='" + Px(y - h) + "' width='" + Px(2 * h) + "' height='" + Px(2 * h) +
             "' fill='" + fill + "'/>";
    case 2:
      return "<path d='M" + Px(x) + " " + Px(y - t) + " L" + Px(x + r * 1.1) + " " + Px(y + r * 0.8) + " L" +
             Px(x - r * 1.1) + " " + Px(y + r * 0.8) + " Z' fill='" + fill + "'/>";
    case 3:
      return "<path d='M" + Px(x) + " " + Px(y - t) + " L" + Px(x + t) + " " + Px(y) + " L" + Px(x) + " " + Px(y + t) +
             " L" + Px(x - t) + " " + Px(y) + " Z' fill='" + fill + "'/>";
    default:
      return "<circle cx='" + Px(x) + "' cy='" + Px(y) + "' r='" + Px(r) + "' fill='" + fill + "'/>";
  }
}

struct Box {
  double x0, y0, x1, y1;
  bool Overlaps(const Box& o) const { return x0 < o.x1 && o.x0 < x1 && y0 < o.y1 && o.y0 < y1; }
};

}  // namespace

std::string Escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

const char* SeriesColor(size_t i) {
  // Tableau 10: distinct in print and for the common colour-vision deficiencies.
  static const char* kPalette[] = {"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
                                   "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"};
  return kPalette[i % 10];
}

double Axis::Fraction(double v) const {
  double f = log ? (std::log10(std::max(v, lo)) - std::log10(lo)) / (std::log10(hi) - std::log10(lo))
                 : (v - lo) / (hi - lo);
  return std::clamp(f, 0.0, 1.0);
}

Axis MakeAxis(double lo, double hi, bool from_zero, bool allow_log, double log_ratio) {
  Axis a;
  if (allow_log && lo > 0 && hi / lo > log_ratio) {
    a.log = true;
    const int d0 = static_cast<int>(std::floor(std::log10(lo) + 1e-9));
    int d1 = static_cast<int>(std::ceil(std::log10(hi) - 1e-9));
    if (d1 <= d0) d1 = d0 + 1;
    a.lo = std::pow(10.0, d0), a.hi = std::pow(10.0, d1);
    for (int d = d0; d <= d1; ++d) {
      const double p = std::pow(10.0, d);
      a.ticks.push_back(p);
      // Few decades leave room for 2 and 5 between them.
      if (d1 - d0 <= 2 && d < d1) a.ticks.push_back(2 * p), a.ticks.push_back(5 * p);
    }
    return a;
  }
  if (from_zero) lo = std::min(lo, 0.0), hi = std::max(hi, 0.0);
  if (hi <= lo) hi = lo + (lo == 0 ? 1 : std::abs(lo) * 0.1);
  const double step = NiceStep((hi - lo) / 5);
  a.lo = std::floor(lo / step + 1e-9) * step;
  a.hi = std::ceil(hi / step - 1e-9) * step;
  if (a.hi <= a.lo) a.hi = a.lo + step;
  const int n = static_cast<int>(std::lround((a.hi - a.lo) / step));
  for (int k = 0; k <= n; ++k) a.ticks.push_back(std::round((a.lo + k * step) / step) * step);
  return a;
}

std::string TickLabel(double v) {
  if (std::abs(v) < 1e-12) return "0";
  if (std::abs(v) >= 1000 && std::abs(v - std::round(v)) < 1e-9) return WithThousands(std::llround(v));
  for (int d = 0; d < 6; ++d) {
    const double scaled = v * std::pow(10.0, d);
    if (std::abs(scaled - std::round(scaled)) < 1e-6 * std::max(1.0, std::abs(scaled))) return Format("%.*f", d, v);
  }
  return Format("%g", v);
}

std::string DrawBars(const BarChart& chart) {
  const size_t np = chart.panels.size();
  size_t label_chars = 0;
  int rows_h = 0;
  for (const BarGroup& g : chart.groups) {
    if (!g.title.empty()) rows_h += kGroupH, label_chars = std::max(label_chars, Utf8Length(g.title));
    for (const BarRow& r : g.rows) label_chars = std::max(label_chars, Utf8Length(r.label) + 2), rows_h += kRowH;
  }
  const double label_w = std::clamp(label_chars * kCharW + 12, 120.0, 430.0);
  std::vector<Axis> axes(np);
  std::vector<double> text_w(np), bar_w(np), x0(np);
  double x = label_w;
  for (size_t p = 0; p < np; ++p) {
    double lo = 0, hi = 0;
    size_t chars = 0;
    bool any = false;
    for (const BarGroup& g : chart.groups) {
      for (const BarRow& r : g.rows) {
        if (p < r.texts.size()) chars = std::max(chars, Utf8Length(r.texts[p]));
        if (p >= r.values.size() || !r.values[p]) continue;
        const double v = *r.values[p];
        if (v > 0) lo = any ? std::min(lo, v) : v, hi = any ? std::max(hi, v) : v, any = true;
      }
    }
    axes[p] = MakeAxis(any ? lo : 1, any ? hi : 1, true, chart.panels[p].allow_log, 20);
    text_w[p] = std::clamp(chars * kCharW + 10, 40.0, 300.0);
    bar_w[p] = std::clamp((1160.0 - label_w) / static_cast<double>(np) - text_w[p] - 16, 150.0, 520.0);
    x0[p] = x;
    x += bar_w[p] + text_w[p] + 16;
  }
  bool titles = false;
  for (const BarPanel& p : chart.panels) titles = titles || !p.title.empty();
  const int top = titles ? 24 : 6;
  const int axis_y = top + rows_h + 4;
  const int height = axis_y + 38 + static_cast<int>(chart.footer.size()) * 16 + 4;

  std::ostringstream o;
  o << "<svg width='" << static_cast<int>(x) << "' height='" << height << "' font-family='sans-serif' font-size='"
    << kFont << "'>\n";
  for (size_t p = 0; p < np; ++p) {
    const Axis& a = axes[p];
    if (!chart.panels[p].title.empty()) {
      o << "<text x='" << Px(x0[p]) << "' y='16' font-weight='bold'>" << Escape(chart.panels[p].title) << "</text>\n";
    }
    for (double t : a.ticks) {
      const double tx = x0[p] + a.Fraction(t) * bar_w[p];
      o << "<line x1='" << Px(tx) << "' y1='" << top << "' x2='" << Px(tx) << "' y2='" << axis_y + 4
        << "' stroke='#e3e3e3'/><text x='" << Px(tx) << "' y='" << axis_y + 16 << "' text-anchor='middle' font-size='11'>"
        << TickLabel(t) << "</text>\n";
    }
    o << "<line x1='" << Px(x0[p]) << "' y1='" << axis_y << "' x2='" << Px(x0[p] + bar_w[p]) << "' y2='" << axis_y
      << "' stroke='#333'/><line x1='" << Px(x0[p]) << "' y1='" << top << "' x2='" << Px(x0[p]) << "' y2='" << axis_y
      << "' stroke='#333'/>\n";
    o << "<text x='" << Px(x0[p] + bar_w[p] / 2) << "' y='" << axis_y + 32 << "' text-anchor='middle'>"
      << Escape(chart.panels[p].axis_title + (a.log ? " (log scale)" : "")) << "</text>\n";
  }
  int y = top;
  for (const BarGroup& g : chart.groups) {
    if (!g.title.empty()) {
      o << "<text x='4' y='" << y + 15 << "' font-weight='bold'>" << Escape(g.title) << "</text>\n";
      y += kGroupH;
    }
    for (const BarRow& r : g.rows) {
      o << "<text x='" << Px(label_w - 8) << "' y='" << y + 14 << "' text-anchor='end'>" << Escape(r.label) << "</text>";
      for (size_t p = 0; p < np; ++p) {
        const std::string text = p < r.texts.size() ? r.texts[p] : "";
        double end = x0[p];
        if (p < r.values.size() && r.values[p]) {
          const double w = std::max(1.0, axes[p].Fraction(*r.values[p]) * bar_w[p]);
          o << "<rect x='" << Px(x0[p]) << "' y='" << y + 3 << "' width='" << Px(w) << "' height='" << kRowH - 6
            << "' fill='" << (r.color.empty() ? "#888" : r.color) << "'><title>" << Escape(r.label + ": " + text)
            << "</title></rect>";
          end += w;
        }
        if (!text.empty()) o << "<text x='" << Px(end + 4) << "' y='" << y + 14 << "'>" << Escape(text) << "</text>";
      }
      o << "\n";
      y += kRowH;
    }
  }
  for (size_t i = 0; i < chart.footer.size(); ++i) {
    o << "<text x='4' y='" << axis_y + 52 + static_cast<int>(i) * 16 << "' font-weight='bold'>"
      << Escape(chart.footer[i]) << "</text>\n";
  }
  o << "</svg>\n";
  return o.str();
}

std::string DrawScatter(const Scatter& chart) {
  const double ml = 64, mt = 14, pw = 640, ph = 400;
  const double px1 = ml + pw, py1 = mt + ph;
  double xlo = 0, xhi = 0, ylo = 0, yhi = 0;
  for (size_t i = 0; i < chart.points.size(); ++i) {
    const Point& p = chart.points[i];
    xlo = i ? std::min(xlo, p.x) : p.x, xhi = i ? std::max(xhi, p.x) : p.x;
    ylo = i ? std::min(ylo, p.y) : p.y, yhi = i ? std::max(yhi, p.y) : p.y;
  }
  Axis ax = MakeAxis(xlo, xhi, false, chart.x_allow_log && xlo > 0, 10);
  if (!ax.log) {
    // A margin inside a linear axis keeps points off its ends (a log axis ends on whole decades already).
    const double pad = std::max((xhi - xlo) * 0.08, std::abs(xhi) * 0.02 + 1e-9);
    ax = MakeAxis(std::max(0.0, xlo - pad), xhi + pad, false, false, 0);
  }
  const double ypad = std::max(0.5, (yhi - ylo) * 0.08);
  const Axis ay = MakeAxis(std::max(0.0, ylo - ypad), std::min(100.0, yhi + ypad), false, false, 0);
  auto X = [&](double v) { return ml + ax.Fraction(v) * pw; };
  auto Y = [&](double v) { return py1 - ay.Fraction(v) * ph; };

  size_t legend_chars = 0;
  for (const LegendEntry& e : chart.legend) legend_chars = std::max(legend_chars, Utf8Length(e.label));
  const double legend_x = px1 + 24;
  const double width = legend_x + 24 + legend_chars * kCharW + 10;
  const double height = std::max(py1 + 48, mt + 20.0 + static_cast<double>(chart.legend.size()) * 18);

  std::ostringstream o;
  o << "<svg width='" << static_cast<int>(width) << "' height='" << static_cast<int>(height)
    << "' font-family='sans-serif' font-size='" << kFont << "'>\n";
  for (double t : ax.ticks) {
    const double tx = X(t);
    o << "<line x1='" << Px(tx) << "' y1='" << mt << "' x2='" << Px(tx) << "' y2='" << py1 + 4
      << "' stroke='#e3e3e3'/><text x='" << Px(tx) << "' y='" << py1 + 17 << "' text-anchor='middle' font-size='11'>"
      << TickLabel(t) << "</text>\n";
  }
  for (double t : ay.ticks) {
    const double ty = Y(t);
    o << "<line x1='" << ml - 4 << "' y1='" << Px(ty) << "' x2='" << px1 << "' y2='" << Px(ty)
      << "' stroke='#e3e3e3'/><text x='" << ml - 7 << "' y='" << Px(ty + 4) << "' text-anchor='end' font-size='11'>"
      << TickLabel(t) << "</text>\n";
  }
  o << "<rect x='" << ml << "' y='" << mt << "' width='" << pw << "' height='" << ph
    << "' fill='none' stroke='#333'/>\n";
  o << "<text x='" << Px(ml + pw / 2) << "' y='" << py1 + 38 << "' text-anchor='middle'>"
    << Escape(chart.x_title + (ax.log ? " (log scale)" : "")) << "</text>\n";
  o << "<text transform='translate(16," << Px(mt + ph / 2) << ") rotate(-90)' text-anchor='middle'>"
    << Escape(chart.y_title) << "</text>\n";

  // Labels are placed in order, each at the first offset from its point where it overlaps no earlier
  // label and no other point and stays inside the plot: on the point's line, then alternately below and
  // above it; right of the point, left of it, or (off its line) shifted sideways to fit. Each label starts
  // with its point's marker, so points drawn on one spot stay told apart.
  std::vector<Box> taken;
  for (const Point& p : chart.points) taken.push_back({X(p.x) - 6, Y(p.y) - 6, X(p.x) + 6, Y(p.y) + 6});
  std::ostringstream leaders, points, labels;
  for (size_t i = 0; i < chart.points.size(); ++i) {
    const Point& p = chart.points[i];
    const double cx = X(p.x), cy = Y(p.y);
    const double w = Utf8Length(p.label) * kSmallCharW + 11;
    std::optional<Box> best, fallback;
    for (int step = 0; step <= 30 && !best; ++step) {
      const double dy = (step % 2 ? 1 : -1) * 13.0 * ((step + 1) / 2);
      const double ly = cy + 4 + dy;
      for (int side = 0; side < (step ? 3 : 2) && !best; ++side) {
        const double lx = side == 0 ? cx + 8 : side == 1 ? cx - 8 - w : std::clamp(cx - w / 2, ml + 2, px1 - 2 - w);
        const Box b{lx, ly - 10, lx + w, ly + 3};
        if (b.x0 < ml + 2 || b.x1 > px1 - 2 || b.y0 < mt + 2 || b.y1 > py1 - 2) continue;
        if (!fallback) fallback = b;
        bool clash = false;
        for (size_t k = 0; k < taken.size() && !clash; ++k) clash = k != i && b.Overlaps(taken[k]);
        if (!clash) best = b;
      }
    }
    const Box box = best ? *best : fallback ? *fallback : Box{cx + 8, cy - 6, cx + 8 + w, cy + 7};
    taken.push_back(box);
    if (std::abs(box.y1 - 3 - (cy + 4)) > 1 || box.x0 < cx) {
      leaders << "<line x1='" << Px(cx) << "' y1='" << Px(cy) << "' x2='" << Px(std::clamp(cx, box.x0, box.x1))
              << "' y2='" << Px(std::clamp(cy, box.y0, box.y1)) << "' stroke='#aaa' stroke-width='0.8'/>\n";
    }
    points << "<g>" << Shape(p.shape, cx, cy, p.color, 5) << "<title>"
           << Escape(p.tooltip.empty() ? p.label : p.tooltip) << "</title></g>\n";
    labels << Shape(p.shape, box.x0 + 4, box.y1 - 7, p.color, 3.5) << "<text x='" << Px(box.x0 + 11) << "' y='"
           << Px(box.y1 - 3) << "' font-size='11'>" << Escape(p.label) << "</text>\n";
  }
  o << leaders.str() << points.str() << labels.str();
  for (size_t i = 0; i < chart.legend.size(); ++i) {
    const LegendEntry& e = chart.legend[i];
    const double ly = mt + 10 + static_cast<double>(i) * 18;
    o << Shape(e.shape, legend_x + 6, ly, e.color, 5) << "<text x='" << Px(legend_x + 18) << "' y='" << Px(ly + 4) << "'>"
      << Escape(e.label) << "</text>\n";
  }
  o << "</svg>\n";
  return o.str();
}

}  // namespace eb::svg
