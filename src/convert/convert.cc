#include "convert/convert.h"

#include "core/strings.h"

namespace eb {

std::string ConvertReport::ToString(bool details) const {
  std::string out = optimization.ToString(details);
  if (!quantization.pass.empty()) {
    out += quantization.Summary() + "\n";
    if (details)
      for (const std::string& line : quantization.details) out += "    " + line + "\n";
  }
  out += "conversion: " + SizeChangeText(before, after) + "\n";
  return out;
}

Result<ConvertReport> ConvertGraph(Graph& graph, const ConvertOptions& options) {
  if (options.int8 && options.optimize.float16)
    return Status::Error("int8 and float16 conversion exclude each other");
  ConvertReport report;
  report.before = MeasureSize(graph);
  Result<OptimizationReport> optimization = RunOptimizationPasses(graph, options.optimize);
  if (!optimization.ok()) return optimization.status();
  report.optimization = std::move(optimization.value());
  if (options.int8) return Status::Error("int8 post-training quantisation is not built yet");
  report.after = MeasureSize(graph);
  return report;
}

}  // namespace eb
