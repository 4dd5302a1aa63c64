#include "convert/convert.h"

#include "core/strings.h"
#include "datasets/dataset_spec.h"
#include "datasets/preprocess.h"
#include "passes/calibrate.h"
#include "passes/quantize_int8.h"
#include "passes/remove_unused_tensors.h"
#include "runtime/runtime.h"

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

namespace {

RangeMethod ToRangeMethod(CalibrationMethod m) {
  switch (m) {
    case CalibrationMethod::kPercentile: return RangeMethod::kPercentile;
    case CalibrationMethod::kMse: return RangeMethod::kMse;
    default: return RangeMethod::kMinMax;
  }
}

// Calibrates on the options' dataset, quantises, and checks that the runtime accepts the result. The
// model's preprocessing is recorded in its metadata, so the int8 input receives the same real values the
// float32 one did (an int8 input's default preprocessing differs).
Status QuantizeGraph(Graph& graph, const ConvertOptions& options, PassReport* report) {
  if (options.calib_dataset.empty()) return Status::Error("int8 quantisation needs a calibration dataset");
  Result<DatasetSpec> spec = ParseDatasetSpec(options.calib_dataset);
  if (!spec.ok()) return spec.status();
  Result<Dataset> ds = LoadDataset(spec.value(), Split::kTrain);
  if (!ds.ok()) return ds.status();
  Result<std::vector<size_t>> sample = BalancedSample(ds.value(), options.calib_samples, options.calib_seed);
  if (!sample.ok()) return sample.status();
  Result<ResolvedPreprocess> pp = ResolvePreprocess(graph, options.calib_preprocess);
  if (!pp.ok()) return pp.status();
  Result<std::vector<TensorRange>> ranges = CalibrateRanges(graph, ds.value(), sample.value(), pp->pp,
                                                            ToRangeMethod(options.quantize.method),
                                                            options.quantize.percentile);
  if (!ranges.ok()) return ranges.status();
  const Int8Options io{options.quantize.int8_io, options.quantize.per_channel_dense, options.quantize.int16x8};
  EB_RETURN_IF_ERROR(QuantizeInt8(graph, ranges.value(), io, report));
  report->details.push_back(Format("calibrated on %zu %s %s images (%s)", sample->size(), ds->kind.c_str(), SplitName(ds->split),
                      options.quantize.method == CalibrationMethod::kMinMax       ? "min/max"
                      : options.quantize.method == CalibrationMethod::kPercentile ? "percentile"
                                                                                  : "mse"));
  graph.metadata[kPreprocessMetadataKey] = PreprocessToJson(pp->pp);
  EB_RETURN_IF_ERROR(RemoveUnusedTensors(graph));
  Result<std::unique_ptr<Runtime>> check = Runtime::Create(graph, {KernelTarget::C()});
  if (!check.ok()) {
    return check.status().With(options.quantize.int16x8 ? "int16x8 model rejected by the runtime: "
                                                        : "int8 model rejected by the runtime: ");
  }
  return Status::Ok();
}

}  // namespace

Result<ConvertReport> ConvertGraph(Graph& graph, const ConvertOptions& options) {
  if (options.int8 && options.optimize.float16)
    return Status::Error("int8 and float16 conversion exclude each other");
  ConvertReport report;
  report.before = MeasureSize(graph);
  Result<OptimizationReport> optimization = RunOptimizationPasses(graph, options.optimize);
  if (!optimization.ok()) return optimization.status();
  report.optimization = std::move(optimization.value());
  if (options.int8) EB_RETURN_IF_ERROR(QuantizeGraph(graph, options, &report.quantization));
  report.after = MeasureSize(graph);
  return report;
}

}  // namespace eb
