// Benchmark suites: which models, with which data, variants, engines and batch sizes to measure.
//
// A suite is a JSON file with named attributes:
//   {
//     "name": "seed",
//     "samples": 10000,          // timed samples per cell (the seed's 10,000)
//     "warmup": 100,             // untimed runs before each cell
//     "max_seconds": 20,         // per-cell time cap; the run states how many samples it took
//     "rounds": 3,               // each cell timed in this many rounds (fresh runtime or peer process each,
//                                // max_seconds / rounds apiece); the fastest round's median is reported
//     "batches": [1, 32],        // batch 32 reports time per sample (batch time / 32)
//     "threads": 1,
//     "accuracy_limit": 0,       // images scored per model (0 = the whole test set)
//     "models": [
//       {"name": "Dense1", "path": "models/dense1.onnx", "dataset": "mnist:${shared}/data/mnist",
//        "variants": ["float32"], "engines": ["edgebench", "onnxruntime"]}
//     ]
//   }
// In paths and dataset specs, ${root} is the edgebench source tree and ${shared} the shared data folder
// beside it; other relative paths are relative to the suite file.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/status.h"

namespace eb {

struct SuiteModel {
  std::string name;
  std::string path;
  std::string dataset;                // empty: seeded random inputs, no accuracy
  // "float32" (the model file through the optimisation passes); "float16", "int8", "int16x8" (post-training, 200 calibration images from
  // `dataset`), "pruned-50" (magnitude sparsity 0.5): converted by ConvertGraph, as `edgebench convert` does.
  std::vector<std::string> variants;
  // Host: "edgebench", "onnxruntime" and "pytorch" (the .onnx file as given: float32 only), "litert"
  // (TensorFlow Lite: every variant's .tflite file). Cortex-M4 firmware in the emulator: "cortex-m4"
  // (edgebench's generated C, bench/cortex_m4_row.h) and "tflm" (TensorFlow Lite Micro + CMSIS-NN on every
  // variant's .tflite file, bench/tflm_row.h).
  std::vector<std::string> engines;
  std::string preprocess;             // optional JSON overriding the model's recorded preprocessing
  // Optional "input_shape": {"audio": [1, 16000]}: binds symbolic input dimensions (LoadOptions::input_shapes).
  std::map<std::string, std::vector<int32_t>> input_shapes;
};

struct Suite {
  std::string name;
  int samples = 10000;
  int warmup = 100;
  double max_seconds = 20;
  int rounds = 3;
  std::vector<int> batches = {1, 32};
  int threads = 1;
  int accuracy_limit = 0;
  std::vector<SuiteModel> models;
};

inline constexpr const char* kCortexM4Engine = "cortex-m4";
inline constexpr const char* kTflmSuiteEngine = "tflm";
inline constexpr const char* kLiteRtEngine = "litert";

// Engines measured on this machine (edgebench, onnxruntime, pytorch, litert) and as Cortex-M4 firmware in
// the emulator (cortex-m4: edgebench's generated C; tflm: TensorFlow Lite Micro + CMSIS-NN).
bool IsHostEngine(const std::string& engine);
bool IsCortexM4Engine(const std::string& engine);

// Narrows every model's engines to a target: "host" keeps this machine's engines, "cortex-m4" the emulated
// Cortex-M4's, "all" both. A model that lists no engine of a chosen side gets that side's defaults
// (edgebench on the host; edgebench and TensorFlow Lite Micro firmware on the Cortex-M4).
void SelectTarget(Suite& suite, const std::string& target);

// Names of the suites built into the binary ("seed", "mlperf-tiny").
std::vector<std::string> BuiltinSuiteNames();

// Loads a built-in suite by name or a suite file by path; `root` and `shared` resolve ${root}/${shared}.
Result<Suite> LoadSuite(const std::string& name_or_path, const std::string& root, const std::string& shared);

// Parses suite JSON text; `base_dir` resolves relative paths.
Result<Suite> ParseSuite(const std::string& json, const std::string& origin, const std::string& base_dir,
                         const std::string& root, const std::string& shared);

}  // namespace eb
