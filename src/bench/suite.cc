#include "bench/suite.h"

#include <algorithm>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "core/file_util.h"

namespace eb {
namespace {

// The seed study: its three networks on their datasets, as trained by models/train/.
constexpr const char* kSeedSuite = R"({
  "name": "seed",
  "max_seconds": 4.5,
  "accuracy_limit": 0,
  "models": [
    {"name": "Dense1", "path": "${root}/models/dense1.onnx", "dataset": "mnist:${shared}/data/mnist",
     "variants": ["float32", "float16", "int8"],
     "engines": ["edgebench", "onnxruntime", "pytorch", "litert", "cortex-m4", "tflm"]},
    {"name": "Conv3Dense1", "path": "${root}/models/conv3dense1.onnx", "dataset": "mnist:${shared}/data/mnist",
     "variants": ["float32", "float16", "int8"],
     "engines": ["edgebench", "onnxruntime", "pytorch", "litert", "cortex-m4", "tflm"]},
    {"name": "MobileNetV2", "path": "${root}/models/mobilenetv2.onnx", "dataset": "cifar10:${root}/build/data/cifar10",
     "variants": ["float32", "float16", "int8"],
     "engines": ["edgebench", "onnxruntime", "pytorch", "litert", "cortex-m4", "tflm"]}
  ]
})";

// MLPerf Tiny's four reference models from ../shared (accuracy where data exists: CIFAR-10 for IC), on the
// host against TensorFlow Lite and on the Cortex-M4 against TensorFlow Lite Micro.
constexpr const char* kMlperfTinySuite = R"({
  "name": "mlperf-tiny",
  "models": [
    {"name": "IC ResNet-8 int8", "path": "${shared}/models/tflite/mlperf-tiny/pretrainedResnet_quant.tflite",
     "dataset": "cifar10:${root}/build/data/cifar10",
     "engines": ["edgebench", "litert", "cortex-m4", "tflm"]},
    {"name": "IC ResNet-8 float32", "path": "${shared}/models/tflite/mlperf-tiny/pretrainedResnet.tflite",
     "dataset": "cifar10:${root}/build/data/cifar10", "preprocess": "{\"scale\": 1}",
     "variants": ["float32", "int8"], "engines": ["edgebench", "litert", "cortex-m4", "tflm"]},
    {"name": "KWS DS-CNN int8", "path": "${shared}/models/tflite/mlperf-tiny/kws_ref_model.tflite",
     "engines": ["edgebench", "litert", "cortex-m4", "tflm"]},
    {"name": "VWW MobileNetV1 int8", "path": "${shared}/models/tflite/mlperf-tiny/vww_96_int8.tflite",
     "engines": ["edgebench", "litert", "cortex-m4", "tflm"]},
    {"name": "AD autoencoder int8", "path": "${shared}/models/tflite/mlperf-tiny/ad01_int8.tflite",
     "engines": ["edgebench", "litert", "cortex-m4", "tflm"]}
  ]
})";

std::string Expand(std::string s, const std::string& root, const std::string& shared) {
  for (const auto& [key, value] : {std::pair{std::string("${root}"), root}, std::pair{std::string("${shared}"), shared}}) {
    for (size_t pos; (pos = s.find(key)) != std::string::npos;) s.replace(pos, key.size(), value);
  }
  return s;
}

}  // namespace

bool IsHostEngine(const std::string& e) {
  return e == "edgebench" || e == "onnxruntime" || e == "pytorch" || e == kLiteRtEngine;
}
bool IsCortexM4Engine(const std::string& e) { return e == kCortexM4Engine || e == kTflmSuiteEngine; }

void SelectTarget(Suite& suite, const std::string& target) {
  for (SuiteModel& m : suite.models) {
    std::vector<std::string> host, mcu;
    for (const std::string& e : m.engines) (IsCortexM4Engine(e) ? mcu : host).push_back(e);
    if (target != "host" && mcu.empty()) mcu = {kCortexM4Engine, kTflmSuiteEngine};
    if (target != "cortex-m4" && host.empty()) host = {"edgebench"};
    m.engines.clear();
    if (target != "cortex-m4") m.engines.insert(m.engines.end(), host.begin(), host.end());
    if (target != "host") m.engines.insert(m.engines.end(), mcu.begin(), mcu.end());
  }
}

std::vector<std::string> BuiltinSuiteNames() { return {"seed", "mlperf-tiny"}; }

Result<Suite> ParseSuite(const std::string& json, const std::string& origin, const std::string& base_dir,
                         const std::string& root, const std::string& shared) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(json);
  } catch (const nlohmann::json::exception& e) {
    return Status::Error(origin + ": not valid JSON: " + e.what());
  }
  try {
    Suite s;
    s.name = j.value("name", std::filesystem::path(origin).stem().string());
    s.samples = j.value("samples", s.samples);
    s.warmup = j.value("warmup", s.warmup);
    s.max_seconds = j.value("max_seconds", s.max_seconds);
    s.rounds = j.value("rounds", s.rounds);
    s.batches = j.value("batches", s.batches);
    s.threads = j.value("threads", s.threads);
    s.accuracy_limit = j.value("accuracy_limit", s.accuracy_limit);
    if (s.samples < 1 || s.warmup < 0 || s.max_seconds <= 0 || s.threads < 1 || s.rounds < 1 ||
        s.accuracy_limit < 0) {
      return Status::Error(origin + ": samples, threads and rounds must be at least 1, warmup and accuracy_limit "
                                    "at least 0, max_seconds positive");
    }
    for (int b : s.batches) {
      if (b < 1) return Status::Error(origin + ": batch sizes must be at least 1");
    }
    if (!j.contains("models") || !j["models"].is_array() || j["models"].empty()) {
      return Status::Error(origin + ": the suite lists no models");
    }
    for (const auto& m : j["models"]) {
      SuiteModel sm;
      sm.name = m.at("name").get<std::string>();
      std::string path = Expand(m.at("path").get<std::string>(), root, shared);
      if (std::filesystem::path(path).is_relative()) path = (std::filesystem::path(base_dir) / path).string();
      sm.path = path;
      sm.dataset = Expand(m.value("dataset", ""), root, shared);
      sm.variants = m.value("variants", std::vector<std::string>{"float32"});
      sm.engines = m.value("engines", std::vector<std::string>{"edgebench"});
      sm.preprocess = m.value("preprocess", "");
      if (m.contains("input_shape")) {
        for (const auto& [name, dims] : m.at("input_shape").items()) {
          auto v = dims.get<std::vector<int32_t>>();
          if (v.empty() || std::any_of(v.begin(), v.end(), [](int32_t d) { return d < 1; })) {
            return Status::Error(origin + ": model '" + sm.name + "': input_shape '" + name +
                                 "' needs positive dimensions");
          }
          sm.input_shapes[name] = std::move(v);
        }
      }
      for (const auto& e : sm.engines) {
        if (!IsHostEngine(e) && !IsCortexM4Engine(e)) {
          return Status::Error(origin + ": model '" + sm.name + "': unknown engine '" + e +
                               "' (known: edgebench, onnxruntime, pytorch, litert, cortex-m4, tflm)");
        }
      }
      for (const auto& v : sm.variants) {
        if (v != "float32" && v != "float16" && v != "int8" && v != "int16x8" && v != "pruned-50") {
          return Status::Error(origin + ": model '" + sm.name + "': unknown variant '" + v +
                               "' (known: float32, float16, int8, int16x8, pruned-50)");
        }
      }
      s.models.push_back(std::move(sm));
    }
    return s;
  } catch (const nlohmann::json::exception& e) {
    return Status::Error(origin + ": " + e.what());
  }
}

Result<Suite> LoadSuite(const std::string& name_or_path, const std::string& root, const std::string& shared) {
  if (name_or_path == "seed") return ParseSuite(kSeedSuite, "built-in suite 'seed'", root, root, shared);
  if (name_or_path == "mlperf-tiny") {
    return ParseSuite(kMlperfTinySuite, "built-in suite 'mlperf-tiny'", root, root, shared);
  }
  if (!std::filesystem::exists(name_or_path)) {
    return Status::Error(name_or_path + ": no such suite file (built-in suites: seed, mlperf-tiny)");
  }
  auto bytes = ReadFileBytes(name_or_path);
  if (!bytes.ok()) return bytes.status();
  const std::string dir = std::filesystem::path(name_or_path).parent_path().string();
  return ParseSuite(std::string(bytes->begin(), bytes->end()), name_or_path, dir.empty() ? "." : dir, root, shared);
}

}  // namespace eb
