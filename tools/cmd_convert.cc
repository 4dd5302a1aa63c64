// `edgebench convert IN -o OUT.tflite`: optimise, float16 or int8-quantise a model and write it as TFLite,
// with a summary of what changed and, given a dataset, the accuracy before and after.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <optional>

#include "cli_util.h"
#include "commands.h"
#include "convert/convert.h"
#include "core/file_util.h"
#include "core/strings.h"
#include "datasets/dataset_spec.h"
#include "datasets/preprocess.h"
#include "eval/accuracy.h"
#include "exporters/tflite/tflite_writer.h"
#include "importers/load_model.h"
#include "runtime/runtime.h"

namespace eb::cli {
namespace {

struct ConvertCliOptions {
  std::string input, output, calib, calibration = "minmax", dataset;
  bool float16 = false, int8 = false, int16x8 = false, float_io = false, per_channel_dense = false, details = false;
  size_t calib_samples = 200, limit = 0;
  double percentile = 99.99, prune = 0, prune_channels = 0;
  std::vector<double> sweep, sweep_channels;  // pruning sweeps: a table instead of an output file
  PreprocessFlags preprocess;
  PreprocessOverrides overrides;  // from `preprocess`, once parsed
  InputShapes shapes;
};

Status CheckFraction(double v, const char* flag) {
  if (v >= 0 && v < 1) return Status::Ok();
  return Status::Error(Format("%s must lie in [0,1), got %g", flag, v));
}

Result<EvalResult> Accuracy(const Graph& graph, const Dataset& ds, const PreprocessOverrides& overrides, size_t limit) {
  Result<std::unique_ptr<Runtime>> rt = Runtime::Create(graph);
  if (!rt.ok()) return rt.status();
  Result<ResolvedPreprocess> pp = ResolvePreprocess(graph, overrides);
  if (!pp.ok()) return pp.status();
  EvalOptions eo;
  eo.limit = limit;
  return Evaluate(*rt.value(), ds, pp->pp, eo);
}

// One line per pruning level: the model's size and accuracy after pruning alone (the optimisation passes
// included), against level 0. What a user needs to pick a sparsity before fine-tuning.
void RunPruneSweep(const ConvertCliOptions& o, const std::vector<double>& levels, bool channels) {
  if (o.dataset.empty()) Fail(Status::Error("a pruning sweep needs --dataset SPEC to measure accuracy"));
  for (double v : levels) {
    const Status s = CheckFraction(v, channels ? "--sweep-channels" : "--sweep");
    if (!s.ok()) Fail(s);
  }
  const Dataset ds = Check(LoadDataset(Check(ParseDatasetSpec(o.dataset))));
  const Graph original = Load(o.input, o.shapes);
  std::printf("%s pruning sweep of %s on %s %s (%s images)\n", channels ? "Channel" : "Magnitude", o.input.c_str(),
              ds.kind.c_str(), SplitName(ds.split),
              WithThousands(static_cast<int64_t>(o.limit ? std::min(o.limit, ds.size()) : ds.size())).c_str());
  std::printf("%9s %12s %12s %14s %14s %10s %8s\n", "level", "parameters", "nonzero", "weight bytes", "MACs",
              "top-1 %", "delta");
  std::optional<double> base;
  std::vector<double> all = levels;
  all.insert(all.begin(), 0.0);
  for (double level : all) {
    Graph g = original;
    ConvertOptions co;
    (channels ? co.optimize.prune_channels : co.optimize.prune_magnitude) = level;
    const ConvertReport report = Check(ConvertGraph(g, co));
    const EvalResult r = Check(Accuracy(g, ds, o.overrides, o.limit));
    int64_t nonzero = 0;
    for (const Tensor& t : g.tensors) {
      if (!t.is_constant || t.dtype != DType::kF32) continue;
      const float* v = reinterpret_cast<const float*>(t.data.data());
      for (size_t i = 0; i < t.data.size() / 4; ++i) nonzero += v[i] != 0.0f;
    }
    const double top1 = 100.0 * r.top1();
    if (!base) base = top1;
    std::printf("%8.0f%% %12s %12s %14s %14s %10.2f %+8.2f\n", 100.0 * level,
                WithThousands(report.after.parameters).c_str(), WithThousands(nonzero).c_str(),
                WithThousands(report.after.weight_bytes).c_str(), WithThousands(report.after.macs).c_str(), top1,
                top1 - *base);
  }
}

void RunConvert(const ConvertCliOptions& o) {
  if (!o.sweep.empty() || !o.sweep_channels.empty()) {
    if (!o.sweep.empty() && !o.sweep_channels.empty()) Fail(Status::Error("--sweep and --sweep-channels exclude each other"));
    RunPruneSweep(o, o.sweep.empty() ? o.sweep_channels : o.sweep, o.sweep.empty());
    return;
  }
  if (o.output.empty()) Fail(Status::Error("--output/-o FILE is required (or --sweep/--sweep-channels for a table)"));
  if (o.int8 && o.int16x8) Fail(Status::Error("--int8 and --int16x8 exclude each other"));
  const bool quantize = o.int8 || o.int16x8;
  const char* qflag = o.int16x8 ? "--int16x8" : "--int8";
  if (quantize && o.calib.empty()) Fail(Status::Error(std::string(qflag) + " needs --calib SPEC (the calibration dataset)"));
  if (!quantize && !o.calib.empty()) Fail(Status::Error("--calib is only used with --int8 or --int16x8"));
  if (quantize && o.float16) Fail(Status::Error(std::string(qflag) + " and --float16 exclude each other"));
  if (quantize && o.calib_samples < 1) Fail(Status::Error("--calib-samples must be at least 1"));
  for (const Status& s : {CheckFraction(o.prune, "--prune"), CheckFraction(o.prune_channels, "--prune-channels")}) {
    if (!s.ok()) Fail(s);
  }

  ConvertOptions co;
  co.optimize.float16 = o.float16;
  co.optimize.prune_magnitude = o.prune;
  co.optimize.prune_channels = o.prune_channels;
  co.int8 = quantize;
  co.quantize.int16x8 = o.int16x8;
  co.calib_dataset = o.calib;
  co.calib_samples = o.calib_samples;
  co.calib_preprocess = o.overrides;
  co.quantize.method = o.calibration == "percentile" ? CalibrationMethod::kPercentile
                       : o.calibration == "mse"      ? CalibrationMethod::kMse
                                                     : CalibrationMethod::kMinMax;
  co.quantize.percentile = o.percentile;
  co.quantize.int8_io = !o.float_io;
  co.quantize.per_channel_dense = o.per_channel_dense;

  std::optional<Dataset> eval_set;
  if (!o.dataset.empty()) eval_set = Check(LoadDataset(Check(ParseDatasetSpec(o.dataset))));
  const Graph original = Load(o.input, o.shapes);
  Graph converted = original;
  const ConvertReport report = Check(ConvertGraph(converted, co));
  const std::vector<uint8_t> bytes = Check(ExportTflite(converted));

  std::optional<EvalResult> before, after;
  if (eval_set) {
    before = Check(Accuracy(original, *eval_set, o.overrides, o.limit));
    after = Check(Accuracy(converted, *eval_set, o.overrides, o.limit));
  }
  const Status written = WriteFileAtomically(o.output, bytes.data(), bytes.size());
  if (!written.ok()) Fail(written);

  std::error_code ec;
  const auto in_bytes = static_cast<int64_t>(std::filesystem::file_size(o.input, ec));
  const auto out_bytes = static_cast<int64_t>(bytes.size());
  std::printf("Input      %s, %s bytes\n", o.input.c_str(), ec ? "?" : WithThousands(in_bytes).c_str());
  std::printf("Output     %s, %s bytes", o.output.c_str(), WithThousands(out_bytes).c_str());
  if (!ec && in_bytes > 0) std::printf(" (%.1f %% of the input)", 100.0 * static_cast<double>(out_bytes) / static_cast<double>(in_bytes));
  std::printf("\n");
  std::printf("Passes\n%s", report.ToString(o.details).c_str());
  if (before && after) {
    const double b = 100.0 * before->top1(), a = 100.0 * after->top1();
    std::printf("Accuracy   %s %s, %s images: before %.2f %%, after %.2f %% (%+.2f points)\n", eval_set->kind.c_str(),
                SplitName(eval_set->split), WithThousands(static_cast<int64_t>(after->images)).c_str(), b, a, a - b);
  }
}

}  // namespace

void AddConvert(CLI::App& app) {
  auto o = std::make_shared<ConvertCliOptions>();
  CLI::App* cmd = app.add_subcommand(
      "convert", "Optimise a model (fold, fuse, prune) and convert it to float16 weights or int8 (post-training "
                 "quantisation), then write it as .tflite. Prints what each pass changed and, with --dataset, "
                 "the accuracy before and after.");
  o->shapes.Add(cmd);
  cmd->add_option("model", o->input, "Model file (.tflite or .onnx)")->required();
  cmd->add_option("--output,-o", o->output, "Output .tflite file (required unless sweeping)");
  cmd->add_flag("--float16", o->float16, "Store conv/dense weights as float16");
  cmd->add_flag("--int8", o->int8, "Post-training int8 quantisation (needs --calib)");
  cmd->add_flag("--int16x8", o->int16x8,
                "Post-training int16x8 quantisation (needs --calib): int16 activations (symmetric), int8 weights, "
                "int64 biases; ops without int16x8 kernels stay float32 between DEQUANTIZE and QUANTIZE");
  cmd->add_option("--calib", o->calib, std::string("Calibration dataset (train split by default): ") + DatasetSpecHelp());
  cmd->add_option("--calib-samples", o->calib_samples, "Calibration images, class-balanced (default 200)");
  cmd->add_option("--calibration", o->calibration, "Range method: minmax (default), percentile or mse")
      ->check(CLI::IsMember({"minmax", "percentile", "mse"}));
  cmd->add_option("--percentile", o->percentile, "Percentile for --calibration percentile (default 99.99)");
  cmd->add_flag("--float-io", o->float_io, "Keep float32 inputs/outputs (QUANTIZE/DEQUANTIZE at the boundary)");
  cmd->add_flag("--per-channel-dense", o->per_channel_dense, "Per-channel FULLY_CONNECTED weights");
  cmd->add_option("--prune", o->prune, "Magnitude pruning: target sparsity of conv/dense weights, in [0,1)");
  cmd->add_option("--prune-channels", o->prune_channels, "Remove this fraction of each conv's output channels, in [0,1)");
  cmd->add_option("--sweep", o->sweep,
                  "Magnitude-pruning sweep: comma-separated sparsities; prints size and accuracy per level "
                  "(needs --dataset; writes no file)")
      ->delimiter(',');
  cmd->add_option("--sweep-channels", o->sweep_channels,
                  "Channel-pruning sweep: comma-separated fractions of each conv's output channels (needs --dataset)")
      ->delimiter(',');
  cmd->add_option("--dataset,-d", o->dataset, "Evaluate accuracy before and after on this dataset (test split)");
  cmd->add_option("--limit,-n", o->limit, "Evaluate only the first N images (0 = all)");
  cmd->add_flag("--details", o->details, "One line per rewrite under each pass");
  o->preprocess.Add(cmd);
  cmd->callback([o] {
    o->overrides = o->preprocess.overrides();
    RunConvert(*o);
  });
}

}  // namespace eb::cli
