#include "bench/runner.h"

#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>

#include "bench/host_info.h"
#include "bench/latency.h"
#include "bench/onnxruntime_peer.h"
#include "core/strings.h"
#include "datasets/dataset_spec.h"
#include "datasets/preprocess.h"
#include "eval/accuracy.h"
#include "importers/load_model.h"
#include "ir/stats.h"
#include "passes/set_batch_size.h"
#include "runtime/runtime.h"

namespace eb {
namespace {

// Distinct real inputs cycled through while timing; enough to defeat caching a single input's result.
constexpr size_t kDistinctInputs = 64;

// Batch-1 input bytes for timing: preprocessed dataset images, or seeded random bytes without a dataset.
struct InputSet {
  size_t sample_bytes = 0;
  std::vector<uint8_t> bytes;  // kDistinctInputs samples back to back
  size_t count() const { return sample_bytes ? bytes.size() / sample_bytes : 0; }
};

Result<InputSet> MakeInputs(const Tensor& input, const Dataset* ds, const Preprocess& pp) {
  InputSet s;
  s.sample_bytes = static_cast<size_t>(input.num_bytes() / std::max(1, input.shape.empty() ? 1 : input.shape[0]));
  if (ds) {
    auto filler = InputFiller::Create(input, pp, ds->height, ds->width, ds->channels);
    if (!filler.ok()) return filler.status();
    const size_t n = std::min(kDistinctInputs, ds->size());
    s.bytes.resize(n * s.sample_bytes);
    for (size_t i = 0; i < n; ++i) filler->Fill(ds->image(i), s.bytes.data() + i * s.sample_bytes);
    return s;
  }
  std::mt19937 rng(1234);
  s.bytes.resize(kDistinctInputs * s.sample_bytes);
  if (input.dtype == DType::kF32) {
    std::uniform_real_distribution<float> d(-1.0f, 1.0f);
    for (size_t i = 0; i < s.bytes.size() / 4; ++i) reinterpret_cast<float*>(s.bytes.data())[i] = d(rng);
  } else {
    for (uint8_t& b : s.bytes) b = static_cast<uint8_t>(rng());
  }
  return s;
}

// Times one runtime: a short pilot estimates the cost, then as many samples as the suite asks for, capped
// by the cell time budget (the stats say how many were taken).
LatencyStats TimeRuntime(Runtime& rt, const InputSet& inputs, int batch, const Suite& suite,
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
  const int affordable = static_cast<int>(suite.max_seconds * 1e6 / std::max(per_invoke, 0.01));
  LatencyOptions opt{.warmup = std::min(suite.warmup, std::max(10, affordable / 10)),
                     .samples = std::max(10, std::min(suite.samples, affordable)), .progress = progress};
  std::vector<double> us = MeasureLatency(rt, load, opt);
  for (double& v : us) v /= batch;
  return Summarize(std::move(us));
}

std::string DataTypeOf(const Graph& g) {
  for (const Op& op : g.ops) {
    if (op.type == OpType::kConv2D || op.type == OpType::kFullyConnected || op.type == OpType::kDepthwiseConv2D) {
      if (op.inputs.size() > 1 && op.inputs[1] >= 0) return std::string(DTypeName(g.tensor(op.inputs[1]).dtype));
    }
  }
  return g.inputs.empty() ? "?" : std::string(DTypeName(g.tensor(g.inputs[0]).dtype));
}

}  // namespace

Result<BenchRun> RunSuite(const Suite& suite, const RunnerOptions& options) {
  const HostInfo host = ReadHostInfo();
  BenchRun run;
  run.suite = suite.name;
  run.date = UtcNow();
  run.machine = host.cpu;
  run.cpu_flags = host.flags;
  run.edgebench_version = "0.1.0";
  run.samples = suite.samples;
  const std::string hardware = "host x86-64";
  std::map<std::string, Dataset> datasets;
  auto say = [&](const std::string& s) { if (options.log) options.log(s); };

  for (const SuiteModel& m : suite.models) {
    BenchRow base;
    base.model = m.name;
    base.variant = "float32";
    base.hardware = hardware;
    base.threads = suite.threads;
    if (!std::filesystem::exists(m.path)) {
      base.engine = "edgebench";
      base.note = "skipped: model file " + m.path + " is missing";
      say(m.name + ": " + base.note);
      run.rows.push_back(base);
      continue;
    }
    auto graph = LoadModel(m.path);
    if (!graph.ok()) return graph.status();
    const GraphStats stats = ComputeStats(graph.value());
    base.model_bytes = static_cast<int64_t>(std::filesystem::file_size(m.path));
    base.weight_bytes = stats.weight_bytes;
    base.data_type = DataTypeOf(graph.value());
    // A dataset that cannot be read costs the accuracy column (with a note), not the whole run; latency
    // then uses seeded inputs.
    const Dataset* ds = nullptr;
    if (!m.dataset.empty()) {
      if (!datasets.count(m.dataset)) {
        auto spec = ParseDatasetSpec(m.dataset);
        if (!spec.ok()) return spec.status().With(m.name + ": ");
        auto loaded = LoadDataset(spec.value());
        if (loaded.ok()) {
          datasets.emplace(m.dataset, std::move(loaded.value()));
        } else {
          base.note = "no accuracy: " + loaded.status().message();
          say(m.name + ": " + base.note);
        }
      }
      if (datasets.count(m.dataset)) ds = &datasets.at(m.dataset);
    }
    PreprocessOverrides over;
    if (!m.preprocess.empty()) {
      auto pp = ParsePreprocessJson(m.preprocess, m.name + " preprocess");
      if (!pp.ok()) return pp.status();
      over.scale = pp->scale;
      if (!pp->mean.empty()) over.mean = pp->mean;
      if (!pp->std.empty()) over.std = pp->std;
    }
    auto pp = ResolvePreprocess(graph.value(), over);
    if (!pp.ok()) return pp.status().With(m.name + ": ");
    const int model_batch = BatchSize(graph.value());
    Graph one = graph.value();
    EB_RETURN_IF_ERROR(SetBatchSize(one, 1));
    auto inputs = MakeInputs(one.tensor(one.inputs[0]), ds, pp->pp);
    if (!inputs.ok()) return inputs.status().With(m.name + ": ");
    (void)model_batch;

    for (const std::string& engine : m.engines) {
      BenchRow row = base;
      if (engine == "edgebench") {
        row.engine = "edgebench";
        for (int b : suite.batches) {
          Graph g = one;
          EB_RETURN_IF_ERROR(SetBatchSize(g, b));
          auto rt = Runtime::Create(std::move(g));
          if (!rt.ok()) return rt.status();
          if (b == 1) row.arena_bytes = rt.value()->plan().arena_bytes;
          const std::string label = Format("%s %s batch %d", m.name.c_str(), engine.c_str(), b);
          auto stats_b = TimeRuntime(*rt.value(), inputs.value(), b, suite, [&](int done, int total) {
            if (options.progress) options.progress(Format("%s: %d/%d", label.c_str(), done, total));
          });
          (b == 1 ? row.batch1_us : row.batch32_us) = stats_b;
          if (b != 1 && b != 32) row.note += Format("batch %d measured but not tabulated; ", b);
        }
        if (ds) {
          auto rt = Runtime::Create(one);
          if (!rt.ok()) return rt.status();
          EvalOptions eo;
          eo.limit = static_cast<size_t>(suite.accuracy_limit);
          eo.progress = [&](size_t done, size_t total) {
            if (options.progress && (done % 500 == 0 || done == total)) {
              options.progress(Format("%s accuracy: %zu/%zu", m.name.c_str(), done, total));
            }
          };
          auto acc = Evaluate(*rt.value(), *ds, pp->pp, eo);
          if (!acc.ok()) return acc.status();
          row.accuracy = acc->top1();
          row.accuracy_samples = static_cast<int>(acc->images);
        }
      } else {
        row.engine = "onnxruntime";
        row.accuracy.reset();
        if (std::filesystem::path(m.path).extension() != ".onnx") {
          row.note = "skipped: ONNX Runtime runs .onnx models only";
        } else {
          const std::string tmp = (std::filesystem::temp_directory_path() /
                                   Format("edgebench-inputs-%d.bin", static_cast<int>(getpid()))).string();
          {
            std::ofstream f(tmp, std::ios::binary);
            f.write(reinterpret_cast<const char*>(inputs->bytes.data()), static_cast<std::streamsize>(inputs->bytes.size()));
          }
          for (int b : suite.batches) {
            PeerRequest req{m.path, tmp, b, suite.samples, suite.warmup, suite.threads};
            auto t = RunOnnxRuntimePeer(options.peer_dir, req);
            if (!t.ok()) {
              row.note = "skipped: " + t.status().message();
              break;
            }
            row.engine = t->runtime;
            for (double& v : t->samples_us) v /= b;
            (b == 1 ? row.batch1_us : row.batch32_us) = Summarize(t->samples_us);
          }
          std::filesystem::remove(tmp);
        }
      }
      say(Format("%s %s %s: batch-1 median %s µs", row.model.c_str(), row.variant.c_str(), row.engine.c_str(),
                 row.batch1_us ? Format("%.2f", row.batch1_us->median).c_str() : "–"));
      run.rows.push_back(std::move(row));
    }
  }
  return run;
}

}  // namespace eb
