#include "passes/calibrate.h"

#include <algorithm>
#include <cmath>
#include <random>

#include "core/strings.h"
#include "runtime/runtime.h"

namespace eb {
namespace {

constexpr int kBins = 2048;

struct Histogram {
  std::vector<double> counts = std::vector<double>(kBins, 0.0);
  double total = 0;
};

// The centre of bin b of a histogram over [lo, hi].
double BinCentre(int b, float lo, float hi) { return lo + (b + 0.5) * (static_cast<double>(hi) - lo) / kBins; }

// Two-sided percentile clipping: the values below the (100-p)th and above the pth percentile are clipped.
TensorRange PercentileRange(const Histogram& h, float lo, float hi, double percentile) {
  const double tail = h.total * (100.0 - percentile) / 100.0;
  double acc = 0;
  int first = 0;
  while (first < kBins - 1 && acc + h.counts[static_cast<size_t>(first)] <= tail) acc += h.counts[static_cast<size_t>(first++)];
  acc = 0;
  int last = kBins - 1;
  while (last > first && acc + h.counts[static_cast<size_t>(last)] <= tail) acc += h.counts[static_cast<size_t>(last--)];
  const double w = (static_cast<double>(hi) - lo) / kBins;
  return {true, static_cast<float>(lo + first * w), static_cast<float>(lo + (last + 1) * w)};
}

// Expected squared error of int8 asymmetric quantisation over [a, b] (0 included) for the histogram.
double QuantError(const Histogram& h, float lo, float hi, double a, double b) {
  a = std::min(a, 0.0);
  b = std::max(b, 0.0);
  const double scale = (b - a) / 255.0;
  if (scale <= 0) return 0;
  const double zp = std::round(-128.0 - a / scale);
  double err = 0;
  for (int k = 0; k < kBins; ++k) {
    const double c = h.counts[static_cast<size_t>(k)];
    if (c == 0) continue;
    const double x = BinCentre(k, lo, hi);
    const double q = std::clamp(std::round(x / scale) + zp, -128.0, 127.0);
    const double d = (q - zp) * scale - x;
    err += c * d * d;
  }
  return err;
}

// The clipping range that minimises QuantError among the min/max range shrunk by 1 % steps (each side
// independently scaled by the same factor, which keeps the zero point where min/max puts it).
TensorRange MseRange(const Histogram& h, float lo, float hi) {
  double best = QuantError(h, lo, hi, lo, hi), best_f = 1.0;
  for (int k = 99; k >= 10; --k) {
    const double f = k / 100.0;
    const double e = QuantError(h, lo, hi, lo * f, hi * f);
    if (e < best) best = e, best_f = f;
  }
  return {true, static_cast<float>(lo * best_f), static_cast<float>(hi * best_f)};
}

}  // namespace

Result<std::vector<size_t>> BalancedSample(const Dataset& ds, size_t n, uint64_t seed) {
  if (n == 0 || n > ds.size()) {
    return Status::Error(Format("calibration needs between 1 and %zu samples (the %s %s split's size), got %zu",
                                ds.size(), ds.kind.c_str(), SplitName(ds.split), n));
  }
  std::vector<std::vector<size_t>> by_class(static_cast<size_t>(std::max(ds.num_classes(), 1)));
  for (size_t i = 0; i < ds.size(); ++i) by_class[ds.labels[i] % by_class.size()].push_back(i);
  std::mt19937_64 rng(seed);
  for (auto& c : by_class) std::shuffle(c.begin(), c.end(), rng);
  std::vector<size_t> out;
  out.reserve(n);
  for (size_t round = 0; out.size() < n; ++round) {
    for (auto& c : by_class) {
      if (round < c.size() && out.size() < n) out.push_back(c[round]);
    }
  }
  return out;
}

Result<std::vector<TensorRange>> CalibrateRanges(const Graph& graph, const Dataset& ds,
                                                 const std::vector<size_t>& indices, const Preprocess& pp,
                                                 RangeMethod method, double percentile) {
  if (graph.inputs.size() != 1) return Status::Error("calibration needs a model with exactly one input");
  if (graph.tensor(graph.inputs[0]).dtype != DType::kF32) {
    return Status::Error("calibration needs a float32 model (input 0 is not float32)");
  }
  Graph probe = graph;
  std::vector<int> observed;
  for (size_t t = 0; t < probe.tensors.size(); ++t) {
    const Tensor& tensor = probe.tensors[t];
    if (tensor.is_constant || tensor.dtype != DType::kF32) continue;
    observed.push_back(static_cast<int>(t));
    if (std::find(probe.outputs.begin(), probe.outputs.end(), static_cast<int>(t)) == probe.outputs.end() &&
        std::find(probe.inputs.begin(), probe.inputs.end(), static_cast<int>(t)) == probe.inputs.end()) {
      probe.outputs.push_back(static_cast<int>(t));
    }
  }
  Result<std::unique_ptr<Runtime>> made = Runtime::Create(std::move(probe), {KernelTarget::C()});
  if (!made.ok()) return made.status().With("calibration: ");
  Runtime& rt = *made.value();
  Result<InputFiller> filler = InputFiller::Create(rt.input_tensor(0), pp, ds.height, ds.width, ds.channels);
  if (!filler.ok()) return filler.status().With("calibration: ");

  std::vector<TensorRange> ranges(graph.tensors.size());
  auto values = [&](int t) {
    const float* p = reinterpret_cast<const float*>(rt.TensorData(t));
    return std::span<const float>(p, static_cast<size_t>(rt.graph().tensor(t).num_elements()));
  };
  const int input = rt.graph().inputs[0];
  auto observe = [&](int t) {
    TensorRange& r = ranges[static_cast<size_t>(t)];
    for (float v : values(t)) {
      if (!std::isfinite(v)) continue;
      if (!r.valid) r = {true, v, v};
      r.min = std::min(r.min, v);
      r.max = std::max(r.max, v);
    }
  };
  for (size_t i : indices) {
    filler->Fill(ds.image(i), rt.input(0));
    // The planner may reuse the input's memory once its last reader ran: observe it before the invoke.
    observe(input);
    rt.Invoke();
    for (int t : observed) {
      if (t != input) observe(t);
    }
  }
  if (method == RangeMethod::kMinMax) return ranges;

  std::vector<Histogram> hist(graph.tensors.size());
  auto add_to_histogram = [&](int t) {
    const TensorRange& r = ranges[static_cast<size_t>(t)];
    if (!r.valid || r.max <= r.min) return;
    Histogram& h = hist[static_cast<size_t>(t)];
    const double inv = kBins / (static_cast<double>(r.max) - r.min);
    for (float v : values(t)) {
      if (!std::isfinite(v)) continue;
      const int b = std::clamp(static_cast<int>((v - r.min) * inv), 0, kBins - 1);
      h.counts[static_cast<size_t>(b)] += 1;
      h.total += 1;
    }
  };
  for (size_t i : indices) {
    filler->Fill(ds.image(i), rt.input(0));
    add_to_histogram(input);
    rt.Invoke();
    for (int t : observed) {
      if (t != input) add_to_histogram(t);
    }
  }
  for (int t : observed) {
    TensorRange& r = ranges[static_cast<size_t>(t)];
    if (!r.valid || r.max <= r.min) continue;
    const Histogram& h = hist[static_cast<size_t>(t)];
    r = method == RangeMethod::kPercentile ? PercentileRange(h, r.min, r.max, percentile) : MseRange(h, r.min, r.max);
  }
  return ranges;
}

}  // namespace eb
