#include "bench/runner.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <random>

#include "bench/cortex_m4_row.h"
#include "bench/host_info.h"
#include "bench/latency.h"
#include "bench/onnxruntime_peer.h"
#include "bench/pytorch_peer.h"
#include "convert/convert.h"
#include "exporters/tflite/tflite_writer.h"
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

// A cell timed in `rounds` rounds (a fresh runtime or peer process each): the fastest round's statistics,
// with every round's median kept. Work sharing the machine, or a peer process that happens to start in a
// slow state, only ever makes a round slower, so the fastest round is the one that repeats from run to
// run. A failing round fails the cell.
Result<LatencyStats> FastestRound(int rounds, const std::function<Result<LatencyStats>(int)>& round) {
  std::optional<LatencyStats> best;
  std::vector<double> medians;
  for (int r = 0; r < rounds; ++r) {
    auto s = round(r);
    if (!s.ok()) return s.status();
    medians.push_back(s->median);
    if (!best || s->median < best->median) best = std::move(s.value());
  }
  if (rounds > 1) best->round_medians = std::move(medians);
  return *best;
}

std::string DataTypeOf(const Graph& g) {
  for (const Op& op : g.ops) {
    if (op.type == OpType::kConv2D || op.type == OpType::kFullyConnected || op.type == OpType::kDepthwiseConv2D) {
      if (op.inputs.size() > 1 && op.inputs[1] >= 0) return std::string(DTypeName(g.tensor(op.inputs[1]).dtype));
    }
  }
  return g.inputs.empty() ? "?" : std::string(DTypeName(g.tensor(g.inputs[0]).dtype));
}


// The suite's preprocessing for a model (its optional JSON) as overrides of the model's own.
Result<PreprocessOverrides> SuitePreprocess(const SuiteModel& m) {
  PreprocessOverrides over;
  if (m.preprocess.empty()) return over;
  auto pp = ParsePreprocessJson(m.preprocess, m.name + " preprocess");
  if (!pp.ok()) return pp.status();
  over.scale = pp->scale;
  if (!pp->mean.empty()) over.mean = pp->mean;
  if (!pp->std.empty()) over.std = pp->std;
  return over;
}

// A suite variant of a model, made by the converter exactly as `edgebench convert` would make it.
struct VariantModel {
  Graph graph;
  int64_t file_bytes = 0;  // the converted model as a .tflite file
  std::string error;       // the converter's refusal: the row is skipped with it as the note
};

Result<VariantModel> MakeVariant(const Graph& original, const SuiteModel& m, const std::string& variant) {
  VariantModel vm;
  vm.graph = original;
  // float32 is the model as given, through the lossless-in-meaning optimisation passes every variant gets
  // (fold batch norm, fold constants and pads, fuse activations, drop identities): what `edgebench convert`
  // writes without flags. Peers run the file as given, with their own graph optimisations.
  ConvertOptions co;
  if (variant == "float16") {
    co.optimize.float16 = true;
  } else if (variant == "int8") {
    co.int8 = true;
    co.calib_dataset = m.dataset;
    co.calib_samples = 200;
    // Calibration images get the same preprocessing as the measured ones (a float model without metadata,
    // like MLPerf's float ResNet-8, takes raw pixels: the suite says so).
    auto over = SuitePreprocess(m);
    if (!over.ok()) return over.status();
    co.calib_preprocess = over.value();
  } else if (variant == "pruned-50") {
    co.optimize.prune_magnitude = 0.5;
  } else if (variant != "float32") {
    return Status::Error(m.name + ": unknown variant '" + variant + "'");
  }
  if (co.int8 && m.dataset.empty()) {
    vm.error = "int8 needs a calibration dataset and the suite gives this model none";
    return vm;
  }
  auto report = ConvertGraph(vm.graph, co);
  if (!report.ok()) {
    vm.error = report.status().message();
    return vm;
  }
  auto bytes = ExportTflite(vm.graph);
  if (bytes.ok()) vm.file_bytes = static_cast<int64_t>(bytes->size());
  return vm;
}

// edgebench's own cell: latency at every batch size, the planned arena, accuracy on the dataset.
// `at_batch` gives the model at another batch size. A batch that cannot be prepared costs its column
// (with the reason as a note), not the run.
Status RunEdgebenchCell(const Graph& one, const std::function<Result<Graph>(int)>& at_batch,
                        const InputSet& inputs, const Dataset* ds, const Preprocess& pp, const Suite& suite,
                        const RunnerOptions& options, BenchRow& row) {
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
  return Status::Ok();
}

// A peer engine's cell (onnxruntime, pytorch) on the original .onnx file. A peer that cannot run leaves
// the row with a "skipped: why" note and no timings; it never fails the run.
void RunPeerCell(const std::string& engine, const std::string& model_path, const InputSet& inputs,
                 const Suite& suite, const RunnerOptions& options, BenchRow& row) {
  row.engine = engine;
  row.accuracy.reset();
  row.arena_bytes = 0;
  if (std::filesystem::path(model_path).extension() != ".onnx") {
    row.note = "skipped: the " + engine + " peer runs .onnx models only";
    return;
  }
  const std::string tmp = (std::filesystem::temp_directory_path() /
                           Format("edgebench-inputs-%d.bin", static_cast<int>(getpid()))).string();
  {
    std::ofstream f(tmp, std::ios::binary);
    f.write(reinterpret_cast<const char*>(inputs.bytes.data()), static_cast<std::streamsize>(inputs.bytes.size()));
  }
  for (int b : suite.batches) {
    std::string runtime;
    std::optional<double> overhead_us;
    auto stats_b = FastestRound(suite.rounds, [&](int r) -> Result<LatencyStats> {
      if (options.progress) {
        options.progress(Format("%s %s batch %d round %d/%d", row.model.c_str(), engine.c_str(), b, r + 1,
                                suite.rounds));
      }
      // The binding overhead (an identity model) is measured once, in the first batch-1 round.
      PeerRequest req{model_path, tmp, b, suite.samples, suite.warmup, suite.threads, b == 1 && r == 0,
                      suite.max_seconds / suite.rounds};
      auto t = engine == "pytorch" ? RunPyTorchPeer(options.root + "/peers/pytorch", req)
                                   : RunOnnxRuntimePeer(options.root + "/peers/onnxruntime", req);
      if (!t.ok()) return t.status();
      runtime = t->runtime;
      if (t->overhead_us) overhead_us = t->overhead_us;
      for (double& v : t->samples_us) v /= b;
      return Summarize(std::move(t->samples_us));
    });
    if (!stats_b.ok()) {
      row.note = "skipped: " + stats_b.status().message();
      break;
    }
    row.engine = runtime;
    if (overhead_us) row.note = Format("binding overhead %.1f µs/call (identity model)", *overhead_us);
    if (b == 1 || b == 32) (b == 1 ? row.batch1_us : row.batch32_us) = stats_b.value();
    if (stats_b->n < static_cast<size_t>(suite.samples)) {
      row.note += Format("%sbatch %d: %zu samples (time cap)", row.note.empty() ? "" : "; ", b, stats_b->n);
    }
  }
  std::filesystem::remove(tmp);
}

}  // namespace

Result<BenchRun> RunSuite(const Suite& suite, const RunnerOptions& options) {
  const HostInfo host = ReadHostInfo();
  BenchRun run;
  run.suite = suite.name;
  run.date = UtcNow();
  run.machine = host.cpu;
  run.cpu_flags = host.flags;
  run.edgebench_kernels = options.host_target.Describe();
  run.edgebench_version = EB_VERSION;
  run.samples = suite.samples;
  run.rounds = suite.rounds;
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
    auto over = SuitePreprocess(m);
    if (!over.ok()) return over.status();
    auto pp = ResolvePreprocess(graph.value(), over.value());
    if (!pp.ok()) return pp.status().With(m.name + ": ");

    std::optional<double> float32_accuracy;
    for (const std::string& variant : m.variants) {
      VariantModel vm;
      {
        auto made = MakeVariant(graph.value(), m, variant);
        if (!made.ok()) return made.status();
        vm = std::move(made.value());
      }
      BenchRow vbase = base;
      vbase.variant = variant;
      if (!vm.error.empty()) {
        vbase.engine = "edgebench";
        vbase.note = "skipped: " + vm.error;
        say(Format("%s %s: %s", m.name.c_str(), variant.c_str(), vbase.note.c_str()));
        run.rows.push_back(std::move(vbase));
        continue;
      }
      const GraphStats stats = ComputeStats(vm.graph);
      vbase.model_bytes = variant == "float32" ? static_cast<int64_t>(std::filesystem::file_size(m.path))
                                               : vm.file_bytes;
      vbase.weight_bytes = stats.weight_bytes;
      vbase.data_type = DataTypeOf(vm.graph);
      // The tables have no variant column, so the data type says what the variant changed.
      if (variant == "float16") vbase.data_type = "float16 weights";
      if (variant == "pruned-50") vbase.data_type += " (50% sparse)";
      Graph one = vm.graph;
      EB_RETURN_IF_ERROR(SetBatchSize(one, 1));
      auto inputs = MakeInputs(one.tensor(one.inputs[0]), ds, pp->pp);
      if (!inputs.ok()) return inputs.status().With(m.name + " " + variant + ": ");

      for (const std::string& engine : m.engines) {
        BenchRow row = vbase;
        if (engine == "edgebench") {
          // Batch b is set on the converted batch-1 model; where a conversion leaves tensors that the batch
          // pass cannot resize, the original at batch b is converted instead.
          auto at_batch = [&](int b) -> Result<Graph> {
            Graph g = one;
            Status st = SetBatchSize(g, b);
            if (st.ok() && Runtime::Create(g).ok()) return g;
            if (variant == "float32") return st.ok() ? Result<Graph>(std::move(g)) : Result<Graph>(st);
            Graph orig = graph.value();
            EB_RETURN_IF_ERROR(SetBatchSize(orig, b));
            auto made = MakeVariant(orig, m, variant);
            if (!made.ok()) return made.status();
            if (!made->error.empty()) return Status::Error(made->error);
            return std::move(made->graph);
          };
          EB_RETURN_IF_ERROR(RunEdgebenchCell(one, at_batch, inputs.value(), ds, pp->pp, suite, options, row));
          if (variant == "float32") float32_accuracy = row.accuracy;
          if (variant != "float32" && row.accuracy && float32_accuracy) {
            row.accuracy_delta = *row.accuracy - *float32_accuracy;
          }
        } else if (engine == kCortexM4Engine) {
          // One emulated run on the first input: instruction counts are exact, so it is the measurement.
          auto rt = Runtime::Create(one, {KernelTarget::CortexM4()});
          Status st = rt.ok() ? Status::Ok() : rt.status();
          if (st.ok()) {
            const auto& in = inputs.value();
            const std::vector<uint8_t> first(in.bytes.begin(),
                                             in.bytes.begin() + static_cast<std::ptrdiff_t>(in.sample_bytes));
            if (options.progress) options.progress(row.model + " " + variant + " cortex-m4: building firmware");
            st = MeasureCortexM4Row(*rt.value(), first, FirmwareRunOptions{}, row);
          }
          if (!st.ok()) {
            row.engine = "edgebench C";
            row.hardware = CortexM4HardwareName(FirmwareRunOptions{}.clock_mhz);
            row.note = "skipped: " + st.message();
          }
        } else if (variant != "float32") {
          continue;  // peers run the model file as given; variants are edgebench's conversions
        } else {
          RunPeerCell(engine, m.path, inputs.value(), suite, options, row);
        }
        say(Format("%s %s %s: batch-1 median %s µs%s%s", row.model.c_str(), row.variant.c_str(),
                   row.engine.c_str(), row.batch1_us ? Format("%.2f", row.batch1_us->median).c_str() : "–",
                   row.note.empty() ? "" : "; ", row.note.c_str()));
        run.rows.push_back(std::move(row));
      }
    }
  }
  return run;
}

}  // namespace eb
