// The converter's round trip: every shared model and the three seed networks, converted (optimisation
// passes, then float16 or int8), written as .tflite and read back, give an identical graph and identical
// outputs to the in-memory converted graph.
#include "convert/convert.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "exporters/tflite/tflite_writer.h"
#include "importers/load_model.h"
#include "importers/tflite/tflite_importer.h"
#include "passes/pass_test_util.h"
#include "support/test_paths.h"

namespace eb {
namespace {

// A seeded input pattern of the graph's input size; every fourth byte's top bits cleared keeps float32
// inputs finite.
std::vector<uint8_t> PatternInput(const Graph& g) {
  int64_t n = 0;
  for (int t : g.inputs) n += g.tensor(t).num_bytes();
  std::vector<uint8_t> input(static_cast<size_t>(n));
  for (size_t k = 0; k < input.size(); ++k) input[k] = static_cast<uint8_t>((k * 37) % 251);
  for (size_t k = 3; k < input.size(); k += 4) input[k] &= 0x3f;
  return input;
}

void ExpectRoundTrip(const std::string& path, const ConvertOptions& options) {
  SCOPED_TRACE(path);
  auto g = LoadModel(path);
  ASSERT_TRUE(g.ok()) << g.status().message();
  Graph converted = g.value();
  auto report = ConvertGraph(converted, options);
  ASSERT_TRUE(report.ok()) << report.status().message();
  auto bytes = ExportTflite(converted);
  ASSERT_TRUE(bytes.ok()) << bytes.status().message();
  auto back = ImportTflite(bytes->data(), bytes->size(), "round-trip");
  ASSERT_TRUE(back.ok()) << back.status().message();
  ASSERT_EQ(converted.tensors.size(), back->tensors.size());
  for (size_t t = 0; t < converted.tensors.size(); ++t) EXPECT_EQ(converted.tensors[t], back->tensors[t]) << "tensor " << t;
  ASSERT_EQ(converted.ops.size(), back->ops.size());
  for (size_t i = 0; i < converted.ops.size(); ++i) EXPECT_EQ(converted.ops[i], back->ops[i]) << "operator " << i;
  const std::vector<uint8_t> input = PatternInput(converted);
  const std::vector<uint8_t> want = test::RunBytes(converted, input);
  EXPECT_FALSE(want.empty());
  EXPECT_EQ(test::RunBytes(back.value(), input), want);
}

TEST(Convert, OptimisedAndFloat16RoundTripEverySharedModel) {
  if (!test::HaveShared()) GTEST_SKIP() << "../shared is not beside the checkout";
  int models = 0;
  for (const std::string& path : test::SharedTfliteModels()) {
    ExpectRoundTrip(path, ConvertOptions{});
    ConvertOptions f16;
    f16.optimize.float16 = true;
    ExpectRoundTrip(path, f16);
    ++models;
  }
  EXPECT_EQ(models, 11);
}

TEST(Convert, SeedNetworksRoundTripAsFloat16AndInt8) {
  const std::string mnist = test::SharedPath("data/mnist");
  const std::string cifar = test::Cifar10BinDir();
  for (const auto& [name, dataset] : {std::pair<std::string, std::string>{"dense1", "mnist:" + mnist},
                                      {"conv3dense1", "mnist:" + mnist},
                                      {"mobilenetv2", cifar.empty() ? "" : "cifar10:" + cifar}}) {
    const std::string path = std::string(EB_SOURCE_DIR) + "/models/" + name + ".onnx";
    ConvertOptions f16;
    f16.optimize.float16 = true;
    ExpectRoundTrip(path, f16);
    if (dataset.empty() || !std::filesystem::is_directory(mnist)) continue;
    ConvertOptions i8;
    i8.int8 = true;
    i8.calib_dataset = dataset;
    i8.calib_samples = 10;  // the round trip does not depend on how good the ranges are
    ExpectRoundTrip(path, i8);
  }
}

}  // namespace
}  // namespace eb
