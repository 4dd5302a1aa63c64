#include "passes/pass_manager.h"

#include <functional>

#include "core/strings.h"
#include "passes/convert_float16.h"
#include "passes/fold_batch_norm.h"
#include "passes/fold_constants.h"
#include "passes/fold_pad.h"
#include "passes/fuse_activation.h"
#include "passes/prune_channels.h"
#include "passes/prune_magnitude.h"
#include "passes/remove_identity.h"
#include "passes/remove_unused_tensors.h"

namespace eb {

int OptimizationReport::total_changes() const {
  int n = 0;
  for (const PassReport& p : passes) n += p.changes;
  return n;
}

std::string OptimizationReport::ToString(bool details) const {
  std::string out;
  for (const PassReport& p : passes) {
    out += p.Summary() + "\n";
    if (!details) continue;
    for (const std::string& line : p.details) out += "    " + line + "\n";
  }
  const int n = total_changes();
  out += Format("total: %d change%s; %s\n", n, n == 1 ? "" : "s", SizeChangeText(before, after).c_str());
  return out;
}

Result<OptimizationReport> RunOptimizationPasses(Graph& graph, const OptimizeOptions& options) {
  OptimizationReport report;
  report.before = MeasureSize(graph);
  using Pass = std::function<Status(Graph&, PassReport*)>;
  const std::vector<std::pair<bool, Pass>> steps = {
      {options.remove_identity, [](Graph& g, PassReport* r) { return RemoveIdentity(g, r); }},
      {options.fold_constants, [](Graph& g, PassReport* r) { return FoldConstants(g, r); }},
      {options.fold_batch_norm, [](Graph& g, PassReport* r) { return FoldBatchNorm(g, r); }},
      {options.fold_pad, [](Graph& g, PassReport* r) { return FoldPad(g, r); }},
      {options.fuse_activation, [](Graph& g, PassReport* r) { return FuseActivation(g, r); }},
      {options.prune_channels != 0.0,
       [&](Graph& g, PassReport* r) { return PruneChannels(g, options.prune_channels, r); }},
      {options.prune_magnitude != 0.0,
       [&](Graph& g, PassReport* r) { return PruneMagnitude(g, options.prune_magnitude, r); }},
      {options.float16, [](Graph& g, PassReport* r) { return ConvertFloat16(g, r); }},
      {true, [](Graph& g, PassReport* r) { return RemoveUnusedTensors(g, r); }},
  };
  for (const auto& [enabled, pass] : steps) {
    if (!enabled) continue;
    PassReport r;
    EB_RETURN_IF_ERROR(pass(graph, &r));
    report.passes.push_back(std::move(r));
  }
  report.after = MeasureSize(graph);
  return report;
}

}  // namespace eb
