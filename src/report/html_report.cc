#include "report/html_report.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "core/strings.h"
#include "report/table_report.h"

namespace eb {
namespace {

std::string Escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

const char* kColors[] = {"#3366cc", "#dc3912", "#ff9900", "#109618", "#990099", "#0099c6", "#dd4477", "#66aa00"};

// Horizontal bars of one latency column for one model, on a log scale when values span > 20x.
std::string LatencyChart(const BenchRun& run, const std::string& model, bool batch32) {
  struct Bar {
    std::string label;
    double us;
  };
  std::vector<Bar> bars;
  for (const BenchRow& r : run.rows) {
    const auto& s = batch32 ? r.batch32_us : r.batch1_us;
    if (r.model == model && s) bars.push_back({r.engine + " · " + r.variant + " · " + r.hardware, s->median});
  }
  if (bars.empty()) return "";
  double lo = bars[0].us, hi = bars[0].us;
  for (const Bar& b : bars) lo = std::min(lo, b.us), hi = std::max(hi, b.us);
  const bool log_scale = hi / std::max(lo, 1e-9) > 20;
  auto scale = [&](double v) {
    return log_scale ? (std::log10(v) - std::log10(lo) + 0.3) / (std::log10(hi) - std::log10(lo) + 0.3) : v / hi;
  };
  const int row_h = 22, label_w = 360, bar_w = 420;
  std::ostringstream o;
  o << "<h3>" << Escape(model) << " — median µs per sample, batch " << (batch32 ? 32 : 1)
    << (log_scale ? " (log scale)" : "") << "</h3>\n";
  o << "<svg xmlns='http://www.w3.org/2000/svg' width='" << label_w + bar_w + 90 << "' height='"
    << row_h * static_cast<int>(bars.size()) + 8 << "'>\n";
  for (size_t i = 0; i < bars.size(); ++i) {
    const int y = static_cast<int>(i) * row_h + 4;
    const double w = std::max(1.0, scale(bars[i].us) * bar_w);
    o << "<text x='" << label_w - 6 << "' y='" << y + 14 << "' text-anchor='end' font-size='12'>"
      << Escape(bars[i].label) << "</text>";
    o << "<rect x='" << label_w << "' y='" << y << "' width='" << Format("%.1f", w) << "' height='" << row_h - 6
      << "' fill='" << kColors[i % 8] << "'/>";
    o << "<text x='" << label_w + w + 4 << "' y='" << y + 14 << "' font-size='12'>"
      << Format(bars[i].us >= 100 ? "%.0f" : "%.2f", bars[i].us) << "</text>\n";
  }
  o << "</svg>\n";
  return o.str();
}

// Accuracy (y) against model bytes (x, log scale) for every row that has both.
std::string AccuracyChart(const BenchRun& run) {
  std::vector<const BenchRow*> pts;
  for (const BenchRow& r : run.rows) {
    if (r.accuracy && r.model_bytes > 0) pts.push_back(&r);
  }
  if (pts.empty()) return "";
  double xlo = 1e300, xhi = 0, ylo = 1, yhi = 0;
  for (const BenchRow* r : pts) {
    const double x = std::log10(static_cast<double>(r->model_bytes));
    xlo = std::min(xlo, x), xhi = std::max(xhi, x), ylo = std::min(ylo, *r->accuracy), yhi = std::max(yhi, *r->accuracy);
  }
  xlo -= 0.2, xhi += 0.2, ylo = std::max(0.0, ylo - 0.02), yhi = std::min(1.0, yhi + 0.02);
  const int W = 640, H = 360, M = 50;
  std::ostringstream o;
  o << "<h3>Accuracy against model size</h3>\n<svg xmlns='http://www.w3.org/2000/svg' width='" << W + 260
    << "' height='" << H << "'>\n";
  o << "<line x1='" << M << "' y1='" << H - M << "' x2='" << W << "' y2='" << H - M << "' stroke='black'/>";
  o << "<line x1='" << M << "' y1='10' x2='" << M << "' y2='" << H - M << "' stroke='black'/>";
  o << "<text x='" << W / 2 << "' y='" << H - 12 << "' font-size='12'>model file bytes (log scale)</text>";
  o << "<text x='4' y='20' font-size='12'>top-1</text>\n";
  for (size_t i = 0; i < pts.size(); ++i) {
    const BenchRow& r = *pts[i];
    const double x = M + (std::log10(static_cast<double>(r.model_bytes)) - xlo) / (xhi - xlo) * (W - M - 10);
    const double y = (H - M) - (*r.accuracy - ylo) / std::max(1e-9, yhi - ylo) * (H - M - 20);
    o << "<circle cx='" << Format("%.1f", x) << "' cy='" << Format("%.1f", y) << "' r='5' fill='" << kColors[i % 8]
      << "'/>";
    o << "<text x='" << W + 10 << "' y='" << 20 + static_cast<int>(i) * 16 << "' font-size='12' fill='"
      << kColors[i % 8] << "'>● " << Escape(r.model + " " + r.variant) << Format(" %.2f%% %s", *r.accuracy * 100,
                                                                             HumanBytes(r.model_bytes).c_str())
      << "</text>\n";
  }
  o << "</svg>\n";
  return o.str();
}

// Minimal Markdown table -> HTML table conversion for the report body.
std::string TablesHtml(const std::string& markdown) {
  std::istringstream in(markdown);
  std::ostringstream o;
  std::string line;
  bool in_table = false, header = false;
  while (std::getline(in, line)) {
    if (line.rfind("|", 0) == 0) {
      if (line.find("---") != std::string::npos) continue;
      if (!in_table) o << "<table>\n", in_table = true, header = true;
      o << "<tr>";
      size_t pos = 1;
      while (pos < line.size()) {
        const size_t next = line.find('|', pos);
        if (next == std::string::npos) break;
        const std::string cell = line.substr(pos, next - pos);
        o << (header ? "<th>" : "<td>") << Escape(cell) << (header ? "</th>" : "</td>");
        pos = next + 1;
      }
      o << "</tr>\n";
      header = false;
      continue;
    }
    if (in_table) o << "</table>\n", in_table = false;
    if (line.rfind("### ", 0) == 0) o << "<h2>" << Escape(line.substr(4)) << "</h2>\n";
    else if (!line.empty()) o << "<p>" << Escape(line) << "</p>\n";
  }
  if (in_table) o << "</table>\n";
  return o.str();
}

}  // namespace

std::string HtmlReport(const BenchRun& run) {
  std::ostringstream o;
  o << "<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>edgebench — " << Escape(run.suite)
    << "</title>\n<style>body{font-family:sans-serif;margin:2em;max-width:1200px}table{border-collapse:collapse;"
       "margin-bottom:1.5em}td,th{border:1px solid #ccc;padding:3px 8px;font-size:13px;text-align:right}"
       "td:first-child,td:nth-child(2),td:nth-child(3){text-align:left}th{background:#eee}</style></head><body>\n";
  o << "<h1>edgebench results: " << Escape(run.suite) << "</h1>\n";
  o << "<p>" << Escape(run.date) << " · " << Escape(run.machine);
  if (!run.edgebench_kernels.empty()) o << " · edgebench kernels: " << Escape(run.edgebench_kernels);
  o << " · CPU flags: ";
  for (const auto& f : run.cpu_flags) o << Escape(f) << ' ';
  o << "· edgebench " << Escape(run.edgebench_version) << "</p>\n";
  o << TablesHtml(MarkdownReport(run));
  std::vector<std::string> models;
  for (const BenchRow& r : run.rows) {
    if (std::find(models.begin(), models.end(), r.model) == models.end()) models.push_back(r.model);
  }
  o << "<h2>Plots</h2>\n";
  for (const std::string& m : models) o << LatencyChart(run, m, false) << LatencyChart(run, m, true);
  o << AccuracyChart(run);
  o << "</body></html>\n";
  return o.str();
}

}  // namespace eb
