// `edgebench convert` as a user runs it: errors leave no output file, and the written .tflite computes
// exactly what the in-memory converted graph computes.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "convert/convert.h"
#include "importers/load_model.h"
#include "passes/pass_test_util.h"
#include "support/cli_run.h"
#include "support/temp_dir.h"
#include "support/test_paths.h"

namespace eb {
namespace {

using test::CliRun;
using test::RunCli;

std::string SourceModel(const char* file) { return std::string(EB_SOURCE_DIR) + "/models/" + file; }
std::string Mnist() { return test::SharedPath("data/mnist"); }
bool HaveMnist() { return std::filesystem::is_regular_file(Mnist() + "/train-labels-idx1-ubyte.gz"); }

// Runs `edgebench convert <model> -o <tmp>/out.tflite <flags>` and checks that it failed with `error`,
// leaving no output file.
void ExpectFailure(const std::string& flags, const std::string& error) {
  test::TempDir dir;
  const std::string out = dir.file("out.tflite");
  const CliRun r = RunCli("convert '" + SourceModel("dense1.onnx") + "' -o '" + out + "' " + flags);
  EXPECT_EQ(r.status, 1) << flags;
  EXPECT_EQ(r.out, "") << flags;
  EXPECT_EQ(r.err, "edgebench: error: " + error + "\n") << flags;
  EXPECT_FALSE(std::filesystem::exists(out)) << flags;
  EXPECT_TRUE(std::filesystem::is_empty(dir.path())) << flags;  // no temporary left either
}

TEST(ConvertCli, Int8NeedsCalibration) {
  ExpectFailure("--int8", "--int8 needs --calib SPEC (the calibration dataset)");
}

TEST(ConvertCli, Int8AndFloat16Exclude) {
  ExpectFailure("--int8 --float16 --calib mnist:/x", "--int8 and --float16 exclude each other");
  ExpectFailure("--int16x8 --float16 --calib mnist:/x", "--int16x8 and --float16 exclude each other");
  ExpectFailure("--int8 --int16x8 --calib mnist:/x", "--int8 and --int16x8 exclude each other");
  ExpectFailure("--int16x8", "--int16x8 needs --calib SPEC (the calibration dataset)");
}

TEST(ConvertCli, SparsityOutsideUnitInterval) {
  ExpectFailure("--prune 1", "--prune must lie in [0,1), got 1");
  ExpectFailure("--prune -0.5", "--prune must lie in [0,1), got -0.5");
  ExpectFailure("--prune-channels 1.5", "--prune-channels must lie in [0,1), got 1.5");
}

TEST(ConvertCli, UnknownDataset) {
  const CliRun r = RunCli("convert '" + SourceModel("dense1.onnx") + "' -o /nonexistent/x.tflite --int8 --calib imagenet:/x");
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err.rfind("edgebench: error: unknown dataset kind 'imagenet' in 'imagenet:/x'", 0), 0u) << r.err;
}

TEST(ConvertCli, CalibrationSampleCount) {
  if (!HaveMnist()) GTEST_SKIP() << "no MNIST under " << Mnist();
  ExpectFailure("--int8 --calib mnist:" + Mnist() + " --calib-samples 0", "--calib-samples must be at least 1");
  ExpectFailure("--int8 --calib mnist:" + Mnist() + " --calib-samples 60001",
                "calibration needs between 1 and 60000 samples (the mnist train split's size), got 60001");
}

// The file read back computes exactly what the graph ConvertGraph produced in memory.
void ExpectRoundTrip(const char* model, const std::string& flags, const ConvertOptions& options) {
  test::TempDir dir;
  const std::string out = dir.file("out.tflite");
  const CliRun r = RunCli("convert '" + SourceModel(model) + "' -o '" + out + "' " + flags);
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find(options.quantize.int16x8 ? "quantize_int16x8:" : "quantize_int8:"), std::string::npos) << r.out;
  Result<Graph> read = LoadModel(out);
  ASSERT_TRUE(read.ok()) << read.status().message();
  Result<Graph> original = LoadModel(SourceModel(model));
  ASSERT_TRUE(original.ok());
  Graph converted = original.value();
  ASSERT_TRUE(ConvertGraph(converted, options).ok());
  ASSERT_EQ(read->inputs.size(), 1u);
  EXPECT_EQ(read->tensor(read->inputs[0]).dtype, converted.tensor(converted.inputs[0]).dtype);
  EXPECT_EQ(read->tensor(read->inputs[0]).quant, converted.tensor(converted.inputs[0]).quant);
  EXPECT_EQ(read->metadata, converted.metadata);
  const size_t in_bytes = static_cast<size_t>(converted.tensor(converted.inputs[0]).num_bytes());
  for (uint32_t seed = 1; seed <= 3; ++seed) {
    std::vector<uint8_t> input(in_bytes);
    if (converted.tensor(converted.inputs[0]).dtype == DType::kF32) {
      const std::vector<float> v = test::RandomFloats(in_bytes / 4, seed, 0.0f, 1.0f);
      std::memcpy(input.data(), v.data(), in_bytes);
    } else {
      for (size_t k = 0; k < in_bytes; ++k) input[k] = static_cast<uint8_t>((k * 131 + seed * 17) % 256);
    }
    EXPECT_EQ(test::RunBytes(read.value(), input), test::RunBytes(converted, input)) << model << " seed " << seed;
  }
}

TEST(ConvertCli, Int8RoundTrip) {
  if (!HaveMnist()) GTEST_SKIP() << "no MNIST under " << Mnist();
  ConvertOptions o;
  o.int8 = true;
  o.calib_dataset = "mnist:" + Mnist();
  o.calib_samples = 20;
  ExpectRoundTrip("dense1.onnx", "--int8 --calib mnist:" + Mnist() + " --calib-samples 20", o);
  ExpectRoundTrip("conv3dense1.onnx", "--int8 --calib mnist:" + Mnist() + " --calib-samples 20", o);
  o.quantize.int8_io = false;
  o.quantize.method = CalibrationMethod::kMse;
  ExpectRoundTrip("conv3dense1.onnx", "--int8 --float-io --calibration mse --calib mnist:" + Mnist() + " --calib-samples 20", o);
}

// int16x8: int16 inputs (symmetric), the written file computes what the in-memory graph does, and edgebench runs it.
TEST(ConvertCli, Int16x8RoundTrip) {
  if (!HaveMnist()) GTEST_SKIP() << "no MNIST under " << Mnist();
  ConvertOptions o;
  o.int8 = true;
  o.quantize.int16x8 = true;
  o.calib_dataset = "mnist:" + Mnist();
  o.calib_samples = 20;
  ExpectRoundTrip("conv3dense1.onnx", "--int16x8 --calib mnist:" + Mnist() + " --calib-samples 20", o);
  Graph g = LoadModel(SourceModel("conv3dense1.onnx")).value();
  ASSERT_TRUE(ConvertGraph(g, o).ok());
  EXPECT_EQ(g.tensor(g.inputs[0]).dtype, DType::kI16);
  EXPECT_EQ(g.tensor(g.inputs[0]).quant.zero_point, std::vector<int64_t>{0});
}

// The float MLPerf Tiny ResNet-8 (a TFLite model, raw pixels as input) converts to an int8 model that
// records its preprocessing.
TEST(ConvertCli, FloatTfliteResnetToInt8) {
  const std::string cifar = test::Cifar10BinDir();
  const std::string model = test::SharedPath("models/tflite/mlperf-tiny/pretrainedResnet.tflite");
  if (cifar.empty() || !std::filesystem::is_regular_file(model)) GTEST_SKIP() << "no CIFAR-10 binary set or model";
  test::TempDir dir;
  const std::string out = dir.file("resnet_int8.tflite");
  const CliRun r = RunCli("convert '" + model + "' -o '" + out + "' --int8 --calib cifar10:" + cifar +
                          " --calib-samples 10 --scale 1");
  ASSERT_EQ(r.status, 0) << r.err;
  Result<Graph> g = LoadModel(out);
  ASSERT_TRUE(g.ok()) << g.status().message();
  EXPECT_EQ(g->tensor(g->inputs[0]).dtype, DType::kI8);
  EXPECT_EQ(g->tensor(g->outputs[0]).quant, (Quant{{1.0f / 256.0f}, {-128}, 0}));
  EXPECT_EQ(g->metadata.at("edgebench.preprocess"), "{\"scale\":1.0}");
}

}  // namespace
}  // namespace eb

namespace eb {
namespace {

// A pruning sweep prints one line per level (plus the unpruned baseline) and writes no file.
TEST(ConvertCli, MagnitudeSweepTabulatesSizeAndAccuracy) {
  if (!HaveMnist()) GTEST_SKIP() << "no MNIST in ../shared";
  const CliRun r = RunCli("convert '" + SourceModel("dense1.onnx") + "' --sweep 0.5 --dataset 'mnist:" + Mnist() +
                          "' --limit 500");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("Magnitude pruning sweep of "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("      0%        7,850        7,850         31,400          7,840      93.40    +0.00\n"),
            std::string::npos) << r.out;
  // Half of the 7,840 weights are zeroed; the 10 biases stay.
  EXPECT_NE(r.out.find("     50%        7,850        3,930         31,400          7,840      90.20    -3.20\n"),
            std::string::npos) << r.out;
}

TEST(ConvertCli, SweepErrors) {
  CliRun r = RunCli("convert '" + SourceModel("dense1.onnx") + "' --sweep 0.5");
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err, "edgebench: error: a pruning sweep needs --dataset SPEC to measure accuracy\n");
  r = RunCli("convert '" + SourceModel("dense1.onnx") + "' --sweep-channels 1.5 --dataset mnist:/nonexistent");
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err, "edgebench: error: --sweep-channels must lie in [0,1), got 1.5\n");
  r = RunCli("convert '" + SourceModel("dense1.onnx") + "'");
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err, "edgebench: error: --output/-o FILE is required (or --sweep/--sweep-channels for a table)\n");
}

}  // namespace
}  // namespace eb
