#include "passes/prune_magnitude.h"

#include <algorithm>
#include <cmath>

#include "core/strings.h"
#include "passes/graph_rewrite.h"

namespace eb {
namespace {

// The float32 constant filters of weighted ops, each once, in order of first reader.
std::vector<int> PrunableFilters(const Graph& g) {
  std::vector<int> out;
  for (const Op& op : g.ops) {
    if (!IsWeightedOp(op.type) || InputOf(op, 1) < 0) continue;
    const Tensor& w = g.tensor(op.inputs[1]);
    if (!w.is_constant || w.dtype != DType::kF32) continue;
    if (w.data.size() != static_cast<size_t>(w.num_elements()) * sizeof(float)) continue;
    if (std::find(out.begin(), out.end(), op.inputs[1]) == out.end()) out.push_back(op.inputs[1]);
  }
  return out;
}

struct Weight {
  float magnitude;  // NaN counts as the largest
  uint32_t filter;  // position in the filter list
  uint32_t index;   // element index in the filter
};

bool Smaller(const Weight& a, const Weight& b) {
  if (a.magnitude != b.magnitude) return a.magnitude < b.magnitude;
  if (a.filter != b.filter) return a.filter < b.filter;
  return a.index < b.index;
}

std::string Percent(int64_t part, int64_t whole) {
  return Format("%.2f %%", whole ? 100.0 * static_cast<double>(part) / static_cast<double>(whole) : 0.0);
}

}  // namespace

Status PruneMagnitude(Graph& graph, double sparsity, PassReport* report) {
  if (!(sparsity >= 0.0 && sparsity < 1.0)) {
    return Status::Error(Format("prune_magnitude: the target sparsity must be in [0, 1), got %g", sparsity));
  }
  PassRecorder rec(report, "prune_magnitude", graph);
  const std::vector<int> filters = PrunableFilters(graph);
  std::vector<Weight> all;
  for (size_t f = 0; f < filters.size(); ++f) {
    const auto v = FloatData(graph.tensor(filters[f]));
    for (size_t k = 0; k < v.size(); ++k) {
      const float m = std::isnan(v[k]) ? INFINITY : std::fabs(v[k]);
      all.push_back(Weight{m, static_cast<uint32_t>(f), static_cast<uint32_t>(k)});
    }
  }
  const int64_t total = static_cast<int64_t>(all.size());
  const int64_t zeros_before =
      std::count_if(all.begin(), all.end(), [](const Weight& w) { return w.magnitude == 0.0f; });
  // ceil(s * N), with a tolerance so that e.g. 0.3 * 10 (2.9999...) gives 3.
  const int64_t target =
      std::min<int64_t>(total, static_cast<int64_t>(std::ceil(sparsity * static_cast<double>(total) - 1e-9)));
  if (target > 0) {
    std::nth_element(all.begin(), all.begin() + (target - 1), all.end(), Smaller);
    for (int64_t k = 0; k < target; ++k) {
      const Weight& w = all[static_cast<size_t>(k)];
      FloatData(graph.tensor(filters[w.filter]))[w.index] = 0.0f;
    }
  }
  int64_t zeros_total = 0;
  for (int f : filters) {
    const auto v = FloatData(graph.tensor(f));
    const int64_t zeros = std::count(v.begin(), v.end(), 0.0f);
    zeros_total += zeros;
    rec.Note(Format("%s: %s of %s zero (%s)", TensorLabel(graph.tensor(f)).c_str(), WithThousands(zeros).c_str(),
                    WithThousands(static_cast<int64_t>(v.size())).c_str(),
                    Percent(zeros, static_cast<int64_t>(v.size())).c_str()));
  }
  rec.Change(Format("overall: %s of %s weights zero (%s, target %s) in %zu filters", WithThousands(zeros_total).c_str(),
                    WithThousands(total).c_str(), Percent(zeros_total, total).c_str(),
                    Format("%.2f %%", 100.0 * sparsity).c_str(), filters.size()),
             static_cast<int>(zeros_total - zeros_before));
  return rec.Finish(graph);
}

}  // namespace eb
