// The HTML report picks rows out of a run and hands them to the SVG charts (svg_chart.h): host latency
// per model, Cortex-M4 cycles and flash per runtime, accuracy against size, and per-layer time. A chart
// with nothing to draw is left out entirely, heading included.
#include "report/html_report.h"

#include <algorithm>
#include <map>
#include <sstream>

#include "core/strings.h"
#include "report/svg_chart.h"
#include "report/table_report.h"

namespace eb {
namespace {

using svg::Escape;

constexpr size_t kTopLayers = 12;

bool IsFirmware(const BenchRow& r) {
  return r.hardware.rfind("cortex", 0) == 0 || r.cycles.has_value() || r.flash_bytes > 0;
}

bool IsTflm(const BenchRow& r) { return r.engine.find("TFLite Micro") != std::string::npos; }

std::string Us(double us) { return Format(us >= 100 ? "%.0f µs" : "%.2f µs", us); }

// One colour per engine, in the order engines first appear, the same in every chart.
class EngineColors {
 public:
  explicit EngineColors(const BenchRun& run) {
    for (const BenchRow& r : run.rows) {
      if (!index_.count(r.engine)) index_.emplace(r.engine, index_.size());
    }
  }
  std::string operator()(const std::string& engine) const {
    auto it = index_.find(engine);
    return svg::SeriesColor(it == index_.end() ? 0 : it->second);
  }

 private:
  std::map<std::string, size_t> index_;
};

// Labels of rows that share a chart group: the engine, the data type where it says more than the group's
// variant, the thread count; rows still alike are told apart by hardware, then by the head of their
// note ("speed", "size"), then by number.
std::vector<std::string> RowLabels(const std::vector<const BenchRow*>& rows) {
  std::vector<std::string> labels;
  for (const BenchRow* r : rows) {
    std::string l = r->engine;
    if (!r->data_type.empty() && r->data_type != r->variant) l += " · " + r->data_type;
    if (r->threads > 1) l += Format(" · %d threads", r->threads);
    labels.push_back(l);
  }
  auto note_head = [](const BenchRow& r) {
    std::string h = r.note.substr(0, r.note.find_first_of(":;("));
    while (!h.empty() && h.back() == ' ') h.pop_back();
    return h.size() > 24 ? h.substr(0, 24) + "…" : h;
  };
  for (int pass = 0; pass < 3; ++pass) {
    std::map<std::string, std::vector<size_t>> alike;
    for (size_t i = 0; i < labels.size(); ++i) alike[labels[i]].push_back(i);
    for (const auto& [label, members] : alike) {
      if (members.size() < 2) continue;
      std::vector<std::string> extra;
      for (size_t k = 0; k < members.size(); ++k) {
        const BenchRow& r = *rows[members[k]];
        extra.push_back(pass == 0 ? r.hardware : pass == 1 ? note_head(r) : Format("#%zu", k + 1));
      }
      // A field that is the same for all of them would only lengthen the labels.
      if (std::all_of(extra.begin(), extra.end(), [&](const std::string& e) { return e == extra[0]; })) continue;
      for (size_t k = 0; k < members.size(); ++k) {
        if (!extra[k].empty()) labels[members[k]] += (pass == 2 ? " " : " · ") + extra[k];
      }
    }
  }
  return labels;
}

// Rows grouped by variant in the order variants first appear (with the hardware when it differs).
std::vector<std::pair<std::string, std::vector<const BenchRow*>>> ByVariant(const std::vector<const BenchRow*>& rows) {
  bool one_hardware = true;
  for (const BenchRow* r : rows) one_hardware = one_hardware && r->hardware == rows.front()->hardware;
  std::vector<std::pair<std::string, std::vector<const BenchRow*>>> groups;
  for (const BenchRow* r : rows) {
    const std::string key = r->variant + (one_hardware ? "" : " · " + r->hardware);
    auto it = std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.first == key; });
    if (it == groups.end()) groups.push_back({key, {}}), it = groups.end() - 1;
    it->second.push_back(r);
  }
  return groups;
}

std::vector<std::string> Models(const BenchRun& run) {
  std::vector<std::string> models;
  for (const BenchRow& r : run.rows) {
    if (std::find(models.begin(), models.end(), r.model) == models.end()) models.push_back(r.model);
  }
  return models;
}

// Every host engine's median per sample for one model and batch, one group of bars per variant.
std::string LatencyChart(const BenchRun& run, const std::string& model, bool batch32, const EngineColors& colors) {
  std::vector<const BenchRow*> rows;
  for (const BenchRow& r : run.rows) {
    if (r.model == model && !IsFirmware(r) && (batch32 ? r.batch32_us : r.batch1_us)) rows.push_back(&r);
  }
  if (rows.empty()) return "";
  svg::BarChart chart;
  chart.panels = {{"", batch32 ? "median µs per sample (batch time / 32)" : "median µs", true}};
  for (const auto& [variant, members] : ByVariant(rows)) {
    svg::BarGroup g{variant, {}};
    const std::vector<std::string> labels = RowLabels(members);
    for (size_t i = 0; i < members.size(); ++i) {
      const double us = (batch32 ? members[i]->batch32_us : members[i]->batch1_us)->median;
      g.rows.push_back({labels[i], colors(members[i]->engine), {us}, {Us(us)}});
    }
    chart.groups.push_back(std::move(g));
  }
  return "<h3>" + Escape(model) + " — host latency, batch " + (batch32 ? "32, per sample" : "1") + "</h3>\n" +
         svg::DrawBars(chart);
}

// Cortex-M4 time and flash of each runtime for one model, side by side, with each row's ratio to TFLite
// Micro's row of the same variant written next to its bars and under the chart.
std::string CortexM4Chart(const BenchRun& run, const std::string& model, const EngineColors& colors) {
  std::vector<const BenchRow*> rows;
  std::vector<const BenchRow*> left_out;
  bool all_cycles = true;
  for (const BenchRow& r : run.rows) {
    if (r.model != model || !IsFirmware(r)) continue;
    if (!r.cycles && !r.batch1_us && r.flash_bytes <= 0) {
      left_out.push_back(&r);
      continue;
    }
    rows.push_back(&r);
    if (!r.cycles && r.batch1_us) all_cycles = false;
  }
  if (rows.empty()) return "";
  // Cycles unless some row has only a time; the axis unit follows the largest value.
  auto time_of = [&](const BenchRow& r) -> std::optional<double> {
    if (all_cycles) return r.cycles ? std::optional<double>(static_cast<double>(*r.cycles)) : std::nullopt;
    return r.batch1_us ? std::optional<double>(r.batch1_us->median) : std::nullopt;
  };
  double max_time = 0;
  for (const BenchRow* r : rows) max_time = std::max(max_time, time_of(*r).value_or(0));
  const double div = all_cycles ? (max_time >= 1e6 ? 1e6 : 1e3) : (max_time >= 1e3 ? 1e3 : 1);
  const std::string time_unit = all_cycles ? (div == 1e6 ? "million cycles" : "thousand cycles") : (div == 1e3 ? "ms" : "µs");

  svg::BarChart chart;
  chart.panels = {{all_cycles ? "cycles per inference" : "time per inference", time_unit, false},
                  {"flash (text + data)", "KB", false}};
  auto ratio = [](std::optional<double> a, std::optional<double> b) -> std::optional<double> {
    if (!a || !b || *b <= 0) return std::nullopt;
    return *a / *b;
  };
  auto flash_of = [](const BenchRow& r) {
    return r.flash_bytes > 0 ? std::optional<double>(static_cast<double>(r.flash_bytes)) : std::nullopt;
  };
  for (const auto& [variant, members] : ByVariant(rows)) {
    const BenchRow* tflm = nullptr;
    for (const BenchRow* r : members) {
      if (IsTflm(*r) && !tflm) tflm = r;
    }
    svg::BarGroup g{variant, {}};
    const std::vector<std::string> labels = RowLabels(members);
    for (size_t i = 0; i < members.size(); ++i) {
      const BenchRow& r = *members[i];
      const std::optional<double> t = time_of(r), f = flash_of(r);
      std::string tt, ft;
      if (t) {
        tt = all_cycles ? WithThousands(*r.cycles) : Us(*t);
        if (all_cycles && r.batch1_us) tt += Format(" (%.2f ms)", r.batch1_us->median / 1000);
      }
      if (f) ft = HumanBytes(r.flash_bytes);
      std::optional<double> rt, rf;
      if (tflm && &r != tflm) {
        rt = ratio(t, time_of(*tflm)), rf = ratio(f, flash_of(*tflm));
        if (rt) tt += Format(" · %.2f× TFLM", *rt);
        if (rf) ft += Format(" · %.2f× TFLM", *rf);
        if (rt || rf) {
          std::string line = labels[i] + " / " + tflm->engine + ", " + variant + ":";
          if (rt) line += Format(" %.2f× the %s", *rt, all_cycles ? "cycles" : "time");
          if (rf) line += Format("%s %.2f× the flash", rt ? "," : "", *rf);
          chart.footer.push_back(line);
        }
      }
      g.rows.push_back({labels[i], colors(r.engine),
                        {t ? std::optional<double>(*t / div) : std::nullopt,
                         f ? std::optional<double>(*f / 1024) : std::nullopt},
                        {tt, ft}});
    }
    chart.groups.push_back(std::move(g));
  }
  std::string out = "<h3>" + Escape(model) + " — Cortex-M4: " + (all_cycles ? "cycles" : "time") +
                    " and flash per runtime</h3>\n" + svg::DrawBars(chart);
  for (const BenchRow* r : left_out) {
    out += "<p class='note'>Not drawn: " + Escape(r->engine + " · " + r->variant) +
           (r->note.empty() ? "" : " — " + Escape(r->note)) + "</p>\n";
  }
  return out;
}

// Top-1 accuracy (%) against the model file's size (KB) for every row with both; colour by engine, shape
// by variant.
std::string AccuracyChart(const BenchRun& run, const EngineColors& colors) {
  std::vector<const BenchRow*> rows;
  for (const BenchRow& r : run.rows) {
    if (r.accuracy && r.model_bytes > 0) rows.push_back(&r);
  }
  if (rows.empty()) return "";
  std::vector<std::string> variants, engines;
  for (const BenchRow* r : rows) {
    if (std::find(variants.begin(), variants.end(), r->variant) == variants.end()) variants.push_back(r->variant);
    if (std::find(engines.begin(), engines.end(), r->engine) == engines.end()) engines.push_back(r->engine);
  }
  auto shape_of = [](const std::string& variant) {
    return variant == "float32" ? 0 : variant == "float16" ? 1 : variant == "int8" ? 2 : 3;
  };
  svg::Scatter chart;
  chart.x_title = "model size in KB";
  chart.y_title = "top-1 accuracy (%)";
  for (const BenchRow* r : rows) {
    std::string name = r->model + " " + r->variant + " " + r->engine;
    if (IsFirmware(*r)) name += " · " + r->hardware;
    std::string tip = name + Format(": %.2f %% top-1", *r->accuracy * 100);
    if (r->accuracy_samples > 0) tip += Format(" on %d samples", r->accuracy_samples);
    tip += ", " + HumanBytes(r->model_bytes);
    chart.points.push_back({static_cast<double>(r->model_bytes) / 1024, *r->accuracy * 100, name, tip,
                            colors(r->engine), shape_of(r->variant)});
  }
  for (const std::string& e : engines) chart.legend.push_back({e, colors(e), 0});
  for (const std::string& v : variants) chart.legend.push_back({v, "", shape_of(v)});
  return "<h3>Accuracy against model size</h3>\n" + svg::DrawScatter(chart);
}

// The slowest layers of one profiled row, the rest summed into "other".
std::string ProfileChart(const BenchRow& r, const EngineColors& colors) {
  std::vector<LayerTime> layers = r.profile;
  double total = 0;
  for (const LayerTime& l : layers) total += l.us;
  std::stable_sort(layers.begin(), layers.end(), [](const LayerTime& a, const LayerTime& b) { return a.us > b.us; });
  svg::BarChart chart;
  chart.panels = {{"", "median µs per layer, batch 1", true}};
  svg::BarGroup g{"", {}};
  auto share = [&](double us) { return Format("%.2f µs · %.1f %%", us, total > 0 ? 100 * us / total : 0.0); };
  const size_t shown = layers.size() > kTopLayers + 1 ? kTopLayers : layers.size();
  for (size_t i = 0; i < shown; ++i) {
    const LayerTime& l = layers[i];
    g.rows.push_back({Format("#%d ", l.op) + l.op_name + (l.kernel.empty() ? "" : " · " + l.kernel),
                      colors(r.engine), {l.us}, {share(l.us)}});
  }
  if (shown < layers.size()) {
    double rest = 0;
    for (size_t i = shown; i < layers.size(); ++i) rest += layers[i].us;
    g.rows.push_back({Format("other (%zu layers)", layers.size() - shown), "#999", {rest}, {share(rest)}});
  }
  chart.groups.push_back(std::move(g));
  return "<h3>" + Escape(r.model + " " + r.variant + " — " + r.engine + " per-layer time (" + r.hardware + ", ") +
         Format("%zu layers, %.2f µs in all", layers.size(), total) + ")</h3>\n" + svg::DrawBars(chart);
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
    if (line.rfind("#### ", 0) == 0) o << "<h3>" << Escape(line.substr(5)) << "</h3>\n";
    else if (line.rfind("### ", 0) == 0) o << "<h2>" << Escape(line.substr(4)) << "</h2>\n";
    else if (!line.empty()) o << "<p>" << Escape(line) << "</p>\n";
  }
  if (in_table) o << "</table>\n";
  return o.str();
}

// A section heading followed by its charts, or nothing when no chart was drawn.
std::string Section(const std::string& heading, const std::string& charts) {
  return charts.empty() ? "" : "<h2>" + Escape(heading) + "</h2>\n" + charts;
}

}  // namespace

std::string HtmlReport(const BenchRun& run) {
  std::ostringstream o;
  o << "<!DOCTYPE html>\n<html><head><meta charset='utf-8'><title>edgebench — " << Escape(run.suite)
    << "</title>\n<style>body{font-family:sans-serif;margin:2em;max-width:1260px}table{border-collapse:collapse;"
       "margin-bottom:1.5em}td,th{border:1px solid #ccc;padding:3px 8px;font-size:13px;text-align:right}"
       "td:first-child,td:nth-child(2),td:nth-child(3){text-align:left}th{background:#eee}"
       "svg{display:block;margin-bottom:1.2em}h3{font-size:15px;margin:1.2em 0 .3em}"
       ".note{color:#555;font-size:13px;margin:.2em 0}</style></head><body>\n";
  o << "<h1>edgebench results: " << Escape(run.suite) << "</h1>\n";
  o << "<p>" << Escape(run.date) << " · " << Escape(run.machine);
  if (!run.edgebench_kernels.empty()) o << " · edgebench kernels: " << Escape(run.edgebench_kernels);
  o << " · CPU flags: ";
  for (const auto& f : run.cpu_flags) o << Escape(f) << ' ';
  o << "· edgebench " << Escape(run.edgebench_version) << "</p>\n";
  o << TablesHtml(MarkdownReport(run));

  const EngineColors colors(run);
  const std::vector<std::string> models = Models(run);
  std::string latency, cortex, profiles;
  for (const std::string& m : models) {
    latency += LatencyChart(run, m, false, colors) + LatencyChart(run, m, true, colors);
    cortex += CortexM4Chart(run, m, colors);
  }
  for (const BenchRow& r : run.rows) {
    if (!r.profile.empty()) profiles += ProfileChart(r, colors);
  }
  const std::string plots = Section("Latency on the host", latency) + Section("Cortex-M4", cortex) +
                            Section("Accuracy", AccuracyChart(run, colors)) + Section("Per-layer time", profiles);
  o << plots;
  o << "</body></html>\n";
  return o.str();
}

}  // namespace eb
