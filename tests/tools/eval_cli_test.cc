// `edgebench eval` as a user runs it: clean errors with exit status 1 (2 for bad usage), and clean
// JSON on stdout with progress only on stderr.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "datasets/dataset_spec.h"
#include "exporters/tflite/tflite_writer.h"
#include "support/cli_run.h"
#include "support/temp_dir.h"
#include "support/test_paths.h"

namespace eb {
namespace {

using test::CliRun;
using test::RunCli;

std::string Model(const char* file) { return test::SharedPath(std::string("models/tflite/mlperf-tiny/") + file); }

// A CIFAR-10 test batch of `n` records: label i % 10, pixels a function of (i, position).
std::vector<uint8_t> SyntheticBatch(int n) {
  std::vector<uint8_t> b;
  for (int i = 0; i < n; ++i) {
    b.push_back(static_cast<uint8_t>(i % 10));
    for (int p = 0; p < 3072; ++p) b.push_back(static_cast<uint8_t>((p * (i + 3) + i * 31) % 256));
  }
  return b;
}

// An MNIST model whose input is raw uint8 [1,28,28] without quantisation, CAST to float inside: eval feeds it the
// pixel bytes as they are. The model scores class k by the pixels of its band of rows (weights 0/1, so the float
// sums are exact); the test predicts the same from the images itself and checks eval's count.
TEST(EvalCli, RawUint8InputMnistModelIsScored) {
  if (!test::HaveShared()) GTEST_SKIP() << "no ../shared";
  Graph g;
  g.name = "raw_uint8_mnist";
  auto tensor = [&](const char* name, DType t, std::vector<int32_t> shape) {
    Tensor x;
    x.name = name;
    x.dtype = t;
    x.shape = std::move(shape);
    g.tensors.push_back(x);
    return static_cast<int>(g.tensors.size() - 1);
  };
  const int img = tensor("image", DType::kU8, {1, 28, 28});
  const int f = tensor("image_f", DType::kF32, {1, 28, 28});
  const int flat = tensor("flat", DType::kF32, {1, 784});
  const int w = tensor("w", DType::kF32, {10, 784});
  const int scores = tensor("scores", DType::kF32, {1, 10});
  std::vector<float> wv(7840, 0.0f);
  for (int k = 0; k < 10; ++k) {
    for (int p = 0; p < 784; ++p) wv[static_cast<size_t>(k * 784 + p)] = (p / 28) * 10 / 28 == k ? 1.0f : 0.0f;
  }
  g.tensors[static_cast<size_t>(w)].is_constant = true;
  g.tensors[static_cast<size_t>(w)].data.resize(wv.size() * 4);
  std::memcpy(g.tensors[static_cast<size_t>(w)].data.data(), wv.data(), wv.size() * 4);
  g.inputs = {img};
  g.outputs = {scores};
  g.ops.push_back(Op{OpType::kCast, {img}, {f}, {}});
  OpAttrs r;
  r.new_shape = {1, 784};
  g.ops.push_back(Op{OpType::kReshape, {f}, {flat}, r});
  g.ops.push_back(Op{OpType::kFullyConnected, {flat, w, -1}, {scores}, {}});
  test::TempDir dir;
  const std::string path = dir.file("raw_uint8_mnist.tflite");
  ASSERT_TRUE(ExportTfliteFile(g, path).ok());
  const std::string spec = "mnist:" + test::SharedPath("data/mnist");
  auto run = RunCli("eval '" + path + "' --dataset '" + spec + "' --limit 300 --json");
  ASSERT_EQ(run.status, 0) << run.err;
  const auto j = nlohmann::json::parse(run.out);
  auto ds = LoadDataset(ParseDatasetSpec(spec).value());
  ASSERT_TRUE(ds.ok()) << ds.status().message();
  size_t correct = 0;
  for (size_t i = 0; i < 300; ++i) {
    const auto px = ds->image(i);
    int64_t band[10] = {0};
    for (int p = 0; p < 784; ++p) band[(p / 28) * 10 / 28] += px[static_cast<size_t>(p)];
    const int pred = static_cast<int>(std::max_element(band, band + 10) - band);
    correct += pred == ds->labels[i];
  }
  EXPECT_EQ(j["images"].get<size_t>(), 300u);
  EXPECT_EQ(j["correct"].get<size_t>(), correct);
  EXPECT_GT(correct, 0u);
}

TEST(EvalCli, UnknownDatasetKind) {
  auto r = RunCli("eval '" + Model("pretrainedResnet_quant.tflite") + "' --dataset imagenet:/x");
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "edgebench: error: unknown dataset kind 'imagenet' in 'imagenet:/x' (known: mnist:DIR, fashion-mnist[:DIR] "
            "(default /usr/share/datasets/fashion-mnist), cifar10:DIR (official binary format); add :train for the "
            "training split)\n");
}

TEST(EvalCli, MissingDirectory) {
  if (!test::HaveShared()) GTEST_SKIP() << "no ../shared";
  auto r = RunCli("eval '" + Model("pretrainedResnet_quant.tflite") + "' --dataset cifar10:/nonexistent/c10");
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err, "edgebench: error: /nonexistent/c10: no such directory\n");
}

TEST(EvalCli, DirectoryWithoutTheBatch) {
  if (!test::HaveShared()) GTEST_SKIP() << "no ../shared";
  test::TempDir dir;
  auto r = RunCli("eval '" + Model("pretrainedResnet_quant.tflite") + "' --dataset 'cifar10:" + dir.path() + "'");
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err, "edgebench: error: " + dir.file("test_batch.bin") +
                       ": no such file (a CIFAR-10 directory in the official binary format holds data_batch_1.bin .. "
                       "data_batch_5.bin and test_batch.bin)\n");
}

TEST(EvalCli, TruncatedBatch) {
  if (!test::HaveShared()) GTEST_SKIP() << "no ../shared";
  test::TempDir dir;
  auto b = SyntheticBatch(2);
  b.resize(5000);
  dir.Write("test_batch.bin", b);
  auto r = RunCli("eval '" + Model("pretrainedResnet_quant.tflite") + "' -d 'cifar10:" + dir.path() + "'");
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err, "edgebench: error: " + dir.file("test_batch.bin") +
                       ": truncated or not a CIFAR-10 batch: 5000 bytes is not a whole number of 3073-byte records "
                       "(1 records and 1927 bytes over)\n");
}

TEST(EvalCli, ImagesOfTheWrongSize) {
  if (!test::HaveShared()) GTEST_SKIP() << "no ../shared";
  auto r = RunCli("eval '" + Model("vww_96_int8.tflite") + "' -d 'mnist:" + test::SharedPath("data/mnist") + "'");
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err, "edgebench: error: " + Model("vww_96_int8.tflite") +
                       ": model input 'input_1_int8' int8 [1,96,96,3] does not fit 28x28x1 images (HxWxC; images are "
                       "not resized): expected [1,28,28,1], [1,1,28,28] or [1,784]\n");
}

TEST(EvalCli, ContradictorySplit) {
  auto r = RunCli("eval m.tflite -d mnist:dir:train --split test");
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err, "edgebench: error: --split test contradicts the dataset 'mnist:dir:train'\n");
}

TEST(EvalCli, MissingModelAndBadUsage) {
  test::TempDir dir;
  dir.Write("test_batch.bin", SyntheticBatch(1));
  auto r = RunCli("eval /nonexistent/m.tflite -d 'cifar10:" + dir.path() + "'");
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err.rfind("edgebench: error: /nonexistent/m.tflite: ", 0), 0u) << r.err;
  r = RunCli("eval m.tflite");  // --dataset is required: CLI11's RequiredError, exit code 106
  EXPECT_EQ(r.status, 106);
  EXPECT_NE(r.err.find("--dataset is required"), std::string::npos) << r.err;
}

TEST(EvalCli, JsonOnStdoutProgressOnStderrAndPredictionsFile) {
  if (!test::HaveShared()) GTEST_SKIP() << "no ../shared";
  test::TempDir dir;
  dir.Write("test_batch.bin", SyntheticBatch(12));
  const std::string pred = dir.file("pred.bin");
  auto r = RunCli("eval '" + Model("pretrainedResnet_quant.tflite") + "' -d 'cifar10:" + dir.path() +
                  "' --limit 10 --json --predictions '" + pred + "'");
  ASSERT_EQ(r.status, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);  // the whole of stdout is one JSON document
  EXPECT_EQ(j["images"], 10);
  EXPECT_EQ(j["dataset"]["images"], 12);
  EXPECT_EQ(j["dataset"]["kind"], "cifar10");
  EXPECT_EQ(j["preprocess"]["scale"], 1.0);
  EXPECT_EQ(j["preprocess_origin"], "default for an int8 input: real = pixel * input scale");
  int64_t total = 0, diagonal = 0;
  for (size_t c = 0; c < 10; ++c) {
    for (size_t p = 0; p < 10; ++p) total += j["confusion"][c][p].get<int64_t>();
    diagonal += j["confusion"][c][c].get<int64_t>();
  }
  EXPECT_EQ(total, 10);
  EXPECT_EQ(diagonal, j["correct"].get<int64_t>());
  EXPECT_EQ(j["per_class"].size(), 10u);
  EXPECT_EQ(j["per_class"][0]["name"], "airplane");
  const auto p = test::ReadBytes(pred);
  ASSERT_EQ(p.size(), 10u);
  // Each prediction is counted in the confusion row of that image's label (i % 10).
  for (size_t i = 0; i < p.size(); ++i) {
    ASSERT_LT(p[i], 10);
    EXPECT_GE(j["confusion"][i % 10][p[i]].get<int64_t>(), 1);
  }
  // stderr is not a terminal here: one progress line per 10 %.
  EXPECT_NE(r.err.find("eval: 1/10 images (10%)\n"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("eval: 10/10 images (100%)\n"), std::string::npos) << r.err;
}

TEST(EvalCli, TextReportAndQuiet) {
  if (!test::HaveShared()) GTEST_SKIP() << "no ../shared";
  test::TempDir dir;
  dir.Write("test_batch.bin", SyntheticBatch(4));
  auto r = RunCli("eval '" + Model("pretrainedResnet.tflite") + "' -d 'cifar10:" + dir.path() +
                  "' --scale 1 --mean 0,0,0 --std 1 -q");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_NE(r.out.find("Dataset    cifar10 test, 4 images 32x32x3 (" + dir.file("test_batch.bin") + ")\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("Input      'input_1' float32 [1,32,32,3], NHWC\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Preprocess scale=1 mean=[0,0,0] std=[1] (default for a float32 input, overridden by flags)\n"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("Top-1      "), std::string::npos) << r.out;
}

}  // namespace
}  // namespace eb
