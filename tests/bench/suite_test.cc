// Suite parsing: engines, variants and the built-in seed suite's defaults.
#include "bench/suite.h"

#include <gtest/gtest.h>

namespace eb {
namespace {

TEST(Suite, SeedListsPeersAndConvertedVariants) {
  auto s = LoadSuite("seed", "/src", "/shared");
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->max_seconds, 4.5);
  EXPECT_EQ(s->rounds, 3);
  ASSERT_EQ(s->models.size(), 3u);
  for (const SuiteModel& m : s->models) {
    EXPECT_EQ(m.variants, (std::vector<std::string>{"float32", "float16", "int8"})) << m.name;
    EXPECT_EQ(m.engines, (std::vector<std::string>{"edgebench", "onnxruntime", "pytorch", "litert", "cortex-m4", "tflm"}))
        << m.name;
  }
  EXPECT_EQ(s->models[2].path, "/src/models/mobilenetv2.onnx");
  EXPECT_EQ(s->models[0].dataset, "mnist:/shared/data/mnist");
}

TEST(Suite, AcceptsPrunedVariantAndPyTorchEngine) {
  auto s = ParseSuite(R"({"models": [{"name": "M", "path": "m.onnx", "variants": ["pruned-50"],
                         "engines": ["pytorch"]}]})",
                      "t.json", "/base", "/src", "/shared");
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->models[0].path, "/base/m.onnx");
  EXPECT_EQ(s->models[0].variants, std::vector<std::string>{"pruned-50"});
}

TEST(Suite, RejectsZeroRounds) {
  auto s = ParseSuite(R"({"rounds": 0, "models": [{"name": "M", "path": "m.onnx"}]})", "t.json", "/b", "/src",
                      "/shared");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().message(), "t.json: samples, threads and rounds must be at least 1, warmup and "
                                  "accuracy_limit at least 0, max_seconds positive");
}

TEST(Suite, RejectsUnknownVariantNamingTheKnownOnes) {
  auto s = ParseSuite(R"({"models": [{"name": "M", "path": "m.onnx", "variants": ["int4"]}]})", "t.json", "/b",
                      "/src", "/shared");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().message(), "t.json: model 'M': unknown variant 'int4' (known: float32, float16, int8, int16x8, pruned-50)");
}

TEST(Suite, InputShapesBindSymbolicDimensions) {
  auto s = ParseSuite(R"({"models": [{"name": "M", "path": "m.onnx", "input_shape": {"audio": [1, 16000]}}]})",
                      "t.json", "/b", "/src", "/shared");
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->models[0].input_shapes.at("audio"), (std::vector<int32_t>{1, 16000}));
  auto bad = ParseSuite(R"({"models": [{"name": "M", "path": "m.onnx", "input_shape": {"audio": [1, 0]}}]})",
                        "t.json", "/b", "/src", "/shared");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message(), "t.json: model 'M': input_shape 'audio' needs positive dimensions");
}

TEST(Suite, RejectsUnknownEngineNamingTheKnownOnes) {
  auto s = ParseSuite(R"({"models": [{"name": "M", "path": "m.onnx", "engines": ["tvm"]}]})", "t.json", "/b",
                      "/src", "/shared");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().message(), "t.json: model 'M': unknown engine 'tvm' (known: edgebench, onnxruntime, pytorch, litert, cortex-m4, tflm)");
}

Suite TwoModels() {
  auto s = ParseSuite(R"({"models": [
      {"name": "A", "path": "a.onnx", "engines": ["edgebench", "onnxruntime", "litert", "cortex-m4", "tflm"]},
      {"name": "B", "path": "b.tflite"}]})", "t.json", "/b", "/src", "/shared");
  EXPECT_TRUE(s.ok()) << s.status().message();
  return s.value();
}

using Engines = std::vector<std::string>;

TEST(Suite, TargetAllKeepsBothSidesAndGivesFirmwareToModelsWithoutIt) {
  Suite s = TwoModels();
  SelectTarget(s, "all");
  EXPECT_EQ(s.models[0].engines, (Engines{"edgebench", "onnxruntime", "litert", "cortex-m4", "tflm"}));
  EXPECT_EQ(s.models[1].engines, (Engines{"edgebench", "cortex-m4", "tflm"}));
}

TEST(Suite, TargetHostDropsTheFirmwareEngines) {
  Suite s = TwoModels();
  SelectTarget(s, "host");
  EXPECT_EQ(s.models[0].engines, (Engines{"edgebench", "onnxruntime", "litert"}));
  EXPECT_EQ(s.models[1].engines, (Engines{"edgebench"}));
}

TEST(Suite, TargetCortexM4KeepsOnlyFirmwareEngines) {
  Suite s = TwoModels();
  SelectTarget(s, "cortex-m4");
  EXPECT_EQ(s.models[0].engines, (Engines{"cortex-m4", "tflm"}));
  EXPECT_EQ(s.models[1].engines, (Engines{"cortex-m4", "tflm"}));
}

}  // namespace
}  // namespace eb
