#include "bench/edgebench_cell.h"

#include <algorithm>
#include <cstring>

#include "bench/latency.h"
#include "core/strings.h"
#include "eval/accuracy.h"
#include "runtime/runtime.h"

namespace eb {
namespace {

// Per-layer times at batch 1: each step's median over kProfileRuns inferences on the cycled inputs. Timing
// every step adds two clock reads per layer, so the sum exceeds the plain median a little.
std::vector<LayerTime> ProfileLayers(Runtime& rt, const InputSet& inputs) {
  constexpr int kProfileRuns = 200;
  const size_t steps = rt.calls().size();
  std::vector<std::vector<double>> samples(steps);
  std::vector<double> ns;
  for (int r = 0; r < kProfileRuns + 10; ++r) {
    const size_t i = static_cast<size_t>(r) % inputs.count();
    std::memcpy(rt.input(0), inputs.bytes.data() + i * inputs.sample_bytes, inputs.sample_bytes);
    ns.assign(steps, 0.0);
    rt.InvokeProfiled(ns);
    if (r < 10) continue;  // warm-up
    for (size_t s = 0; s < steps; ++s) samples[s].push_back(ns[s]);
  }
  std::vector<LayerTime> out;
  for (size_t s = 0; s < steps; ++s) {
    const KernelCall& c = rt.calls()[s];
    std::vector<double>& v = samples[s];
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(v.size() / 2), v.end());
    out.push_back(LayerTime{static_cast<int>(c.op_index), std::string(OpName(rt.graph().ops[c.op_index].type)),
                            c.kernel.empty() ? "(host step)" : c.kernel, v[v.size() / 2] / 1000.0});
  }
  return out;
}

// Times one runtime: a short pilot estimates the cost, then as many samples as the suite asks for, capped
// by `seconds` (the stats say how many were taken).
LatencyStats TimeRuntime(Runtime& rt, const InputSet& inputs, int batch, const Suite& suite, double seconds,
                         const std::function<void(int, int)>& progress) {
  const size_t n = inputs.count();
  InputLoader load = [&](size_t i, Runtime& r) {
    for (int row = 0; row < batch; ++row) {
      const size_t src = (i * static_cast<size_t>(batch) + static_cast<size_t>(row)) % n;
      std::memcpy(r.input(0) + static_cast<size_t>(row) * inputs.sample_bytes,
                  inputs.bytes.data() + src * inputs.sample_bytes, inputs.sample_bytes);
    }
  };
  LatencyOptions pilot{.warmup = std::min(suite.warmup, 10), .samples = 5, .progress = {}};
  const auto pilot_us = MeasureLatency(rt, load, pilot);
  const double per_invoke = Summarize(pilot_us).median;
  const int affordable = static_cast<int>(seconds * 1e6 / std::max(per_invoke, 0.01));
  LatencyOptions opt{.warmup = std::min(suite.warmup, std::max(10, affordable / 10)),
                     .samples = std::max(10, std::min(suite.samples, affordable)), .progress = progress};
  std::vector<double> us = MeasureLatency(rt, load, opt);
  for (double& v : us) v /= batch;
  return Summarize(std::move(us));
}

}  // namespace

Status RunEdgebenchCell(const Graph& one, const std::function<Result<Graph>(int)>& at_batch,
                        const InputSet& inputs, const Dataset* ds, const Preprocess& pp, const Suite& suite,
                        const RunnerOptions& options, BenchRow& row, std::vector<uint8_t>* predictions) {
  row.engine = "edgebench";
  for (int b : suite.batches) {
    auto g = at_batch(b);
    const RuntimeOptions ro{options.host_target, suite.threads};
    auto rt = g.ok() ? Runtime::Create(g.value(), ro) : Result<std::unique_ptr<Runtime>>(g.status());
    if (!rt.ok()) {
      row.note += Format("%sbatch %d not measured: %s", row.note.empty() ? "" : "; ", b,
                         rt.status().message().c_str());
      continue;
    }
    if (b == 1) row.arena_bytes = rt.value()->plan().arena_bytes;
    auto stats_b = FastestRound(suite.rounds, [&](int r) -> Result<LatencyStats> {
      if (r > 0) {
        rt = Runtime::Create(g.value(), ro);
        if (!rt.ok()) return rt.status();
      }
      const std::string label = Format("%s %s edgebench batch %d round %d/%d", row.model.c_str(),
                                       row.variant.c_str(), b, r + 1, suite.rounds);
      return TimeRuntime(*rt.value(), inputs, b, suite, suite.max_seconds / suite.rounds, [&](int done, int total) {
        if (options.progress) options.progress(Format("%s: %d/%d", label.c_str(), done, total));
      });
    });
    if (!stats_b.ok()) return stats_b.status();
    if (b == 1 && options.profile) row.profile = ProfileLayers(*rt.value(), inputs);
    if (b == 1 || b == 32) (b == 1 ? row.batch1_us : row.batch32_us) = stats_b.value();
    else row.note += Format("%sbatch %d measured but not tabulated", row.note.empty() ? "" : "; ", b);
    if (stats_b->n < static_cast<size_t>(suite.samples)) {
      row.note += Format("%sbatch %d: %zu samples (time cap)", row.note.empty() ? "" : "; ", b, stats_b->n);
    }
  }
  if (!ds) return Status::Ok();
  auto rt = Runtime::Create(one, {options.host_target, suite.threads});
  if (!rt.ok()) return rt.status();
  EvalOptions eo;
  eo.limit = static_cast<size_t>(suite.accuracy_limit);
  eo.progress = [&](size_t done, size_t total) {
    if (options.progress && (done % 500 == 0 || done == total)) {
      options.progress(Format("%s %s accuracy: %zu/%zu", row.model.c_str(), row.variant.c_str(), done, total));
    }
  };
  auto acc = Evaluate(*rt.value(), *ds, pp, eo);
  if (!acc.ok()) return acc.status();
  row.accuracy = acc->top1();
  row.accuracy_samples = static_cast<int>(acc->images);
  if (predictions) *predictions = std::move(acc->predictions);
  return Status::Ok();
}

}  // namespace eb
