#include "bench/runner.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <random>

#include "bench/bench_cell.h"
#include "bench/cortex_m4_row.h"
#include "bench/edgebench_cell.h"
#include "bench/host_info.h"
#include "bench/peer_cell.h"
#include "bench/tflm_row.h"
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
  std::vector<uint8_t> tflite;  // the converted model as a .tflite file
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
  } else if (variant == "int8" || variant == "int16x8") {
    co.int8 = true;
    co.quantize.int16x8 = variant == "int16x8";
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
    vm.error = variant + " needs a calibration dataset and the suite gives this model none";
    return vm;
  }
  auto report = ConvertGraph(vm.graph, co);
  if (!report.ok()) {
    vm.error = report.status().message();
    return vm;
  }
  auto bytes = ExportTflite(vm.graph);
  if (bytes.ok()) {
    vm.file_bytes = static_cast<int64_t>(bytes->size());
    vm.tflite = std::move(bytes.value());
  }
  return vm;
}

// TensorFlow Lite Micro + CMSIS-NN on the variant's .tflite file, one emulated run on the first input, its
// outputs compared with edgebench's portable kernels (TFLite Micro's reference arithmetic) on that input.
void RunTflmCell(const Graph& one, const Status& written, const std::vector<uint8_t>& tflite, const InputSet& inputs,
                 const RunnerOptions& options, BenchRow& row) {
  row.engine = kTflmEngine;
  row.hardware = CortexM4HardwareName(FirmwareRunOptions{}.clock_mhz);
  row.threads = 1;
  row.accuracy.reset();
  row.accuracy_delta.reset();
  row.arena_bytes = 0;
  auto rt = Runtime::Create(one, {KernelTarget::C()});
  if (!written.ok() || !rt.ok()) {
    row.note = "skipped: " + (written.ok() ? rt.status() : written).message();
    return;
  }
  const std::vector<uint8_t> first = inputs.sample(0);
  std::vector<uint8_t> expected;
  size_t off = 0;
  for (size_t i = 0; i < rt.value()->graph().inputs.size(); ++i) {
    const size_t n = static_cast<size_t>(rt.value()->input_tensor(i).num_bytes());
    if (off + n <= first.size()) std::memcpy(rt.value()->input(i), first.data() + off, n);
    off += n;
  }
  rt.value()->Invoke();
  for (size_t i = 0; i < rt.value()->graph().outputs.size(); ++i) {
    const uint8_t* o = rt.value()->output(i);
    expected.insert(expected.end(), o, o + rt.value()->output_tensor(i).num_bytes());
  }
  if (options.progress) options.progress(row.model + " " + row.variant + " TFLite Micro: building firmware");
  bool float32 = true;
  for (size_t i = 0; i < rt.value()->graph().outputs.size(); ++i) {
    float32 = float32 && rt.value()->output_tensor(i).dtype == DType::kF32;
  }
  const Status st = MeasureTflmRow(tflite, first, expected, options.root + "/build/peers/tflm", row, float32);
  if (!st.ok()) row.note = "skipped: " + st.message();
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
  auto say_row = [&](const BenchRow& row) {
    say(Format("%s %s %s: batch-1 median %s µs%s%s", row.model.c_str(), row.variant.c_str(), row.engine.c_str(),
               row.batch1_us ? Format("%.2f", row.batch1_us->median).c_str() : "–", row.note.empty() ? "" : "; ",
               row.note.c_str()));
  };

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
    LoadOptions load;
    load.input_shapes = m.input_shapes;
    auto graph = LoadModel(m.path, load);
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
      // The variant as the .tflite file edgebench writes, at batch 1: what TensorFlow Lite and TensorFlow
      // Lite Micro run.
      std::vector<uint8_t> tflite_one;
      std::unique_ptr<TempFile> tflite_file;
      auto variant_tflite = [&]() -> Result<std::string> {
        if (!tflite_file) {
          auto bytes = ExportTflite(one);
          if (!bytes.ok()) return bytes.status().With("the variant cannot be written as .tflite: ");
          tflite_one = std::move(bytes.value());
          tflite_file = std::make_unique<TempFile>("model.tflite", tflite_one);
        }
        return tflite_file->path();
      };
      // Test images with edgebench's answers, made when the first peer is scored.
      std::optional<Result<ScoringSet>> scoring;
      auto scoring_set = [&]() -> const ScoringSet* {
        if (!ds) return nullptr;
        if (!scoring) {
          if (options.progress) options.progress(m.name + " " + variant + ": edgebench on the scoring images");
          scoring = MakeScoringSet(one, *ds, pp->pp, static_cast<size_t>(suite.accuracy_limit),
                                   {options.host_target, suite.threads});
        }
        return scoring->ok() ? &scoring->value() : nullptr;
      };

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
          // One emulated run on the first input: instruction counts are exact, so it is the measurement. The
          // default layouts (speed: the fastest that fit the flash) and, where they differ, --optimize size.
          const auto& in = inputs.value();
          const std::vector<uint8_t> first(in.bytes.begin(),
                                           in.bytes.begin() + static_cast<std::ptrdiff_t>(in.sample_bytes));
          FirmwareRunOptions fw;
          fw.config.flash_bytes = options.mcu_flash_bytes;
          // A model no layout fits is prepared without the budget, so that its row says what does not fit.
          auto prepare = [&](McuOptimize goal) {
            auto rt = Runtime::Create(one, {CortexM4RowTarget(fw, goal)});
            if (!rt.ok()) {
              FirmwareRunOptions unbudgeted = fw;
              unbudgeted.config.flash_bytes = 0;
              auto again = Runtime::Create(one, {CortexM4RowTarget(unbudgeted, goal)});
              if (again.ok()) return again;
            }
            return rt;
          };
          auto speed = prepare(options.mcu_speed ? McuOptimize::kSpeed : McuOptimize::kSize);
          // The size row is prepared only when both goals are asked for and speed's runtime exists.
          Result<std::unique_ptr<Runtime>> size = Status::Error("not prepared");
          if (options.mcu_speed && options.mcu_size && speed.ok()) size = prepare(McuOptimize::kSize);
          const bool both = size.ok() && !SameMcuCalls(*speed.value(), *size.value());
          auto measure = [&](Result<std::unique_ptr<Runtime>>& rt, BenchRow& r, const char* goal) {
            Status st = rt.ok() ? Status::Ok() : rt.status();
            if (st.ok()) {
              if (options.progress) {
                options.progress(Format("%s %s cortex-m4: building firmware%s", r.model.c_str(), variant.c_str(), goal));
              }
              st = MeasureCortexM4Row(*rt.value(), first, fw, r);
            }
            if (!st.ok()) {
              r.engine = "edgebench C";
              r.hardware = CortexM4HardwareName(fw.clock_mhz);
              r.note = "skipped: " + st.message();
            }
          };
          if (both) {
            BenchRow size_row = row;
            measure(speed, row, " (--optimize speed)");
            measure(size, size_row, " (--optimize size)");
            say_row(row);
            run.rows.push_back(std::move(row));
            row = std::move(size_row);
          } else {
            measure(speed, row, "");
          }
        } else if (engine == kTflmSuiteEngine) {
          auto written = variant_tflite();
          RunTflmCell(one, written.ok() ? Status::Ok() : written.status(), tflite_one, inputs.value(), options, row);
        } else if (engine == kLiteRtEngine) {
          // TensorFlow Lite runs every variant's .tflite file (the runner writes other batch sizes itself).
          RunPeerCell(PeerCell{engine, [&](int) { return variant_tflite(); }, scoring_set()}, inputs.value(), suite,
                      options, row);
        } else if (variant != "float32") {
          continue;  // ONNX Runtime and PyTorch run the model file as given; variants are edgebench's
        } else if (std::filesystem::path(m.path).extension() != ".onnx") {
          row.engine = engine;
          row.accuracy.reset();
          row.note = "skipped: the " + engine + " peer runs .onnx models only";
        } else {
          // ONNX Runtime and PyTorch run the original .onnx file at any batch (its batch axis is free).
          RunPeerCell(PeerCell{engine, [&](int) -> Result<std::string> { return m.path; }, scoring_set()},
                      inputs.value(), suite, options, row);
        }
        say_row(row);
        run.rows.push_back(std::move(row));
      }
    }
  }
  return run;
}

}  // namespace eb
