#include "report/table_report.h"

#include <algorithm>
#include <sstream>

#include "core/strings.h"

namespace eb {
namespace {

std::string Us(const std::optional<LatencyStats>& s) {
  if (!s) return "–";
  return s->median >= 100 ? Format("%.0f", s->median) : Format("%.2f", s->median);
}

std::string Pct(const std::optional<double>& v, bool sign) {
  if (!v) return "–";
  return Format(sign ? "%+.2f" : "%.2f", *v * 100.0);
}

// CSV field: quoted when it holds a separator or quote.
std::string Field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string Num(const std::optional<LatencyStats>& s, double LatencyStats::*field) {
  return s ? Format("%.3f", (*s).*field) : "";
}

// "0.45× / 0.80×": an edgebench host row's medians over ONNX Runtime's float32 row of the same model, the
// issue's yardstick (same run, same machine); "–" where either side is missing.
std::string VsOrt(const BenchRow& r, const BenchRun& run) {
  if (r.engine != "edgebench" || r.flash_bytes) return "–";
  const BenchRow* ort = nullptr;
  for (const BenchRow& o : run.rows) {
    if (o.model == r.model && o.variant == "float32" && o.engine.rfind("onnxruntime", 0) == 0) ort = &o;
  }
  if (!ort) return "–";
  auto ratio = [](const std::optional<LatencyStats>& a, const std::optional<LatencyStats>& b) {
    return a && b && b->median > 0 ? Format("%.2f×", a->median / b->median) : std::string("–");
  };
  return ratio(r.batch1_us, ort->batch1_us) + " / " + ratio(r.batch32_us, ort->batch32_us);
}

// "0.45× / 1.12×": an edgebench Cortex-M4 row's cycles and flash over TensorFlow Lite Micro + CMSIS-NN's row of
// the same model and variant (the same emulator and cycle model); "–" where either is missing.
std::string VsTflm(const BenchRow& r, const BenchRun& run) {
  if (r.engine.rfind("edgebench C", 0) != 0 || !r.cycles) return "–";
  for (const BenchRow& t : run.rows) {
    if (t.model != r.model || t.variant != r.variant || t.engine.rfind("TFLite Micro", 0) != 0) continue;
    if (!t.cycles || *t.cycles <= 0 || t.flash_bytes <= 0) return "–";
    return Format("%.2f× / %.2f×", static_cast<double>(*r.cycles) / static_cast<double>(*t.cycles),
                  static_cast<double>(r.flash_bytes) / static_cast<double>(t.flash_bytes));
  }
  return "–";
}

void ProfileSection(const BenchRun& run, std::ostringstream& o) {
  bool any = false;
  for (const BenchRow& r : run.rows) any = any || !r.profile.empty();
  if (!any) return;
  o << "### Per-layer profile (edgebench, host, batch 1; median µs per step)\n\n";
  for (const BenchRow& r : run.rows) {
    if (r.profile.empty()) continue;
    double total = 0;
    for (const LayerTime& l : r.profile) total += l.us;
    o << "#### " << r.model << " " << r.variant << " (" << Format("%.2f", total) << " µs in all)\n\n";
    o << "| Op | Operator | Kernel | µs | Share |\n|---:|---|---|---:|---:|\n";
    for (const LayerTime& l : r.profile) {
      o << "| " << l.op << " | " << l.op_name << " | " << l.kernel << " | " << Format("%.2f", l.us) << " | "
        << Format("%.1f %%", total > 0 ? 100.0 * l.us / total : 0.0) << " |\n";
    }
    o << "\n";
  }
}

}  // namespace

std::string HumanBytes(int64_t bytes) {
  if (bytes < 1024) return Format("%lld B", static_cast<long long>(bytes));
  if (bytes < 1024 * 1024) return Format("%.1f KB", static_cast<double>(bytes) / 1024.0);
  return Format("%.2f MB", static_cast<double>(bytes) / (1024.0 * 1024.0));
}

std::string MarkdownReport(const BenchRun& run) {
  std::ostringstream o;
  o << "Suite " << run.suite << " — " << run.date << " — " << run.machine
    << (run.edgebench_kernels.empty() ? "" : " — edgebench kernels: " + run.edgebench_kernels) << " — up to " << run.samples
    << " timed samples per cell";
  if (run.rounds > 1) o << " in each of " << run.rounds << " rounds, the fastest round's median shown\n\n";
  else o << ", median shown\n\n";
  std::vector<std::string> models;
  for (const BenchRow& r : run.rows) {
    if (std::find(models.begin(), models.end(), r.model) == models.end()) models.push_back(r.model);
  }
  for (const std::string& m : models) {
    o << "### " << m << "\n\n";
    o << "| Hardware | Engine | Data type | Threads | Memory (model / arena) | Median µs, batch 1 | "
         "Median µs per sample, batch 32 | × ONNX Runtime float32 (b1 / b32) | × TFLite Micro (cycles / flash) | "
         "Accuracy % | Δ accuracy (points) | Note |\n";
    o << "|---|---|---|---:|---|---:|---:|---:|---:|---:|---:|---|\n";
    for (const BenchRow& r : run.rows) {
      if (r.model != m) continue;
      o << "| " << r.hardware << " | " << r.engine << " | " << r.data_type << " | " << r.threads << " | "
        << HumanBytes(r.model_bytes) << " / " << (r.arena_bytes ? HumanBytes(r.arena_bytes) : "–")
        << (r.flash_bytes ? "; flash " + HumanBytes(r.flash_bytes) + " / RAM " + HumanBytes(r.ram_bytes) : "") << " | "
        << Us(r.batch1_us) << " | " << Us(r.batch32_us) << " | " << VsOrt(r, run) << " | " << VsTflm(r, run) << " | "
        << Pct(r.accuracy, false) << " | "
        << Pct(r.accuracy_delta, true) << " | " << r.note << " |\n";
    }
    o << "\n";
  }
  ProfileSection(run, o);
  return o.str();
}

std::string CsvReport(const BenchRun& run) {
  std::ostringstream o;
  o << "model,variant,engine,hardware,data_type,threads,"
       "b1_median_us,b1_p90_us,b1_p99_us,b1_min_us,b1_max_us,b1_stdev_us,"
       "b32_median_us,b32_p90_us,b32_p99_us,b32_min_us,b32_max_us,b32_stdev_us,"
       "model_bytes,weight_bytes,arena_bytes,flash_bytes,ram_bytes,cycles,accuracy,accuracy_samples,"
       "accuracy_delta,note\n";
  for (const BenchRow& r : run.rows) {
    o << Field(r.model) << ',' << Field(r.variant) << ',' << Field(r.engine) << ',' << Field(r.hardware) << ','
      << Field(r.data_type) << ',' << r.threads;
    for (const auto* s : {&r.batch1_us, &r.batch32_us}) {
      for (auto f : {&LatencyStats::median, &LatencyStats::p90, &LatencyStats::p99, &LatencyStats::min,
                     &LatencyStats::max, &LatencyStats::stdev}) {
        o << ',' << Num(*s, f);
      }
    }
    o << ',' << r.model_bytes << ',' << r.weight_bytes << ',' << r.arena_bytes << ',' << r.flash_bytes << ','
      << r.ram_bytes << ',' << (r.cycles ? std::to_string(*r.cycles) : "") << ','
      << (r.accuracy ? Format("%.6f", *r.accuracy) : "") << ',' << r.accuracy_samples << ','
      << (r.accuracy_delta ? Format("%.6f", *r.accuracy_delta) : "") << ',' << Field(r.note) << '\n';
  }
  return o.str();
}

}  // namespace eb
