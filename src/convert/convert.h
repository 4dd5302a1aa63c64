// The converter: one call that turns an imported graph into a deployable variant (optimised float32,
// float16 weights, int8 post-training quantised, pruned) and reports what changed. The `convert` verb
// and the benchmark's model variants both use it, so a variant measured by `bench` is exactly the model
// `convert` writes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "datasets/preprocess.h"
#include "ir/graph.h"
#include "passes/pass_manager.h"
#include "passes/pass_report.h"

namespace eb {

// How int8 calibration turns observed activation values into a quantisation range.
enum class CalibrationMethod {
  kMinMax,      // the observed minimum and maximum (TFLite's default)
  kPercentile,  // clip |values| at the given percentile of the observed distribution
  kMse,         // the clipping range that minimises the quantisation mean squared error
};

struct QuantizeOptions {
  CalibrationMethod method = CalibrationMethod::kMinMax;
  double percentile = 99.99;  // kPercentile only
  bool int8_io = true;        // int8 model inputs/outputs; false keeps them float32 (QUANTIZE/DEQUANTIZE)
  bool per_channel_dense = false;  // per-channel FULLY_CONNECTED weights (TFLite default: per-tensor)
  bool int16x8 = false;  // int16 activations, int8 weights, int64 biases (TFLite's 16x8 scheme) instead of int8
};

struct ConvertOptions {
  OptimizeOptions optimize;  // fold/fuse/prune/float16 passes (see pass_manager.h)
  bool int8 = false;         // post-training int8 quantisation after the passes; excludes optimize.float16
                             // (with quantize.int16x8: the 16x8 scheme)
  std::string calib_dataset;  // dataset spec (datasets/dataset_spec.h); the train split is used by default
  size_t calib_samples = 200;  // images drawn (class-balanced, seeded) from the calibration set
  uint64_t calib_seed = 1;     // seeds the class-balanced draw
  // How calibration images become input values: the model's own preprocessing (datasets/preprocess.h)
  // with these replacements. The int8 model records the result in its metadata.
  PreprocessOverrides calib_preprocess;
  QuantizeOptions quantize;
};

struct ConvertReport {
  OptimizationReport optimization;
  PassReport quantization;  // empty pass name when int8 was not requested
  GraphSize before, after;  // of the whole conversion
  // The optimisation report's lines, then the quantisation summary, then a total line.
  std::string ToString(bool details = false) const;
};

// Converts `graph` in place. Errors (unknown dataset, too few calibration samples, an unsupported op for
// int8, sparsity outside [0,1)) leave `graph` in an unspecified state: callers convert a copy or discard it.
Result<ConvertReport> ConvertGraph(Graph& graph, const ConvertOptions& options);

}  // namespace eb
