// Evaluation: exact predictions and confusion matrices on a graph built here, and the acceptance check of
// the issue: MLPerf Tiny's int8 ResNet-8 on the CIFAR-10 test copy scores exactly what TFLite Micro's
// reference kernels score (75.56 %).
#include "eval/accuracy.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>

#include <nlohmann/json.hpp>

#include "datasets/cifar10.h"
#include "importers/load_model.h"
#include "support/test_paths.h"

namespace eb {
namespace {

// float32 [1,2,2,1] -> RESHAPE [1,4] -> RELU: the prediction is the position of the brightest pixel.
std::unique_ptr<Runtime> BrightestPixelModel() {
  Graph g;
  g.name = "brightest.tflite";
  for (auto [name, shape] : {std::pair<const char*, std::vector<int32_t>>{"img", {1, 2, 2, 1}}, {"flat", {1, 4}},
                             {"scores", {1, 4}}}) {
    Tensor t;
    t.name = name;
    t.shape = shape;
    g.tensors.push_back(t);
  }
  g.inputs = {0};
  g.outputs = {2};
  g.ops.push_back(Op{OpType::kReshape, {0}, {1}, {}});
  g.ops.push_back(Op{OpType::kRelu, {1}, {2}, {}});
  auto rt = Runtime::Create(std::move(g));
  EXPECT_TRUE(rt.ok()) << rt.status().message();
  return std::move(rt.value());
}

Dataset TinyDataset(int classes) {
  Dataset ds;
  ds.kind = "tiny";
  ds.height = ds.width = 2;
  ds.channels = 1;
  for (int c = 0; c < classes; ++c) ds.class_names.push_back(std::string(1, static_cast<char>('a' + c)));
  ds.pixels = {9, 1, 1, 1,   // label 0 -> 0
               1, 9, 1, 1,   // label 1 -> 1
               1, 1, 1, 9,   // label 2 -> 3
               5, 5, 1, 1,   // label 1 -> 0 (a tie: the first maximum wins)
               1, 1, 1, 9};  // label 3 -> 3
  ds.labels = {0, 1, 2, 1, 3};
  return ds;
}

const Preprocess kRaw{.scale = 1.0, .mean = {}, .std = {}};

TEST(Accuracy, PredictionsAndConfusionMatrix) {
  auto rt = BrightestPixelModel();
  std::vector<std::pair<size_t, size_t>> calls;
  EvalOptions o;
  o.progress = [&](size_t done, size_t total) { calls.emplace_back(done, total); };
  auto r = Evaluate(*rt, TinyDataset(4), kRaw, o);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->images, 5u);
  EXPECT_EQ(r->correct, 3u);
  EXPECT_DOUBLE_EQ(r->top1(), 0.6);
  EXPECT_EQ(r->predictions, (std::vector<uint8_t>{0, 1, 3, 0, 3}));
  EXPECT_EQ(r->confusion, (std::vector<int64_t>{1, 0, 0, 0,  //
                                                1, 1, 0, 0,  //
                                                0, 0, 0, 1,  //
                                                0, 0, 0, 1}));
  EXPECT_EQ(r->class_images(1), 2);
  EXPECT_DOUBLE_EQ(r->class_accuracy(1), 0.5);
  EXPECT_DOUBLE_EQ(r->class_accuracy(2), 0.0);
  ASSERT_EQ(calls.size(), 5u);
  EXPECT_EQ(calls.back(), (std::pair<size_t, size_t>{5, 5}));
}

TEST(Accuracy, LimitEvaluatesTheFirstImages) {
  auto rt = BrightestPixelModel();
  auto r = Evaluate(*rt, TinyDataset(4), kRaw, EvalOptions{.limit = 2, .progress = {}});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->images, 2u);
  EXPECT_EQ(r->correct, 2u);
  EXPECT_EQ(r->predictions.size(), 2u);
}

TEST(Accuracy, ArgMaxTakesTheFirstMaximumForEveryType) {
  Tensor t;
  t.shape = {1, 4};
  const float f[4] = {-1.0f, 3.0f, 3.0f, 2.0f};
  t.dtype = DType::kF32;
  EXPECT_EQ(ArgMax(t, reinterpret_cast<const uint8_t*>(f)), 1u);
  const int8_t s8[4] = {-128, -5, 7, 7};
  t.dtype = DType::kI8;
  EXPECT_EQ(ArgMax(t, reinterpret_cast<const uint8_t*>(s8)), 2u);
  const uint8_t u8[4] = {200, 255, 0, 255};
  t.dtype = DType::kU8;
  EXPECT_EQ(ArgMax(t, u8), 1u);
}

TEST(Accuracy, RefusesAMismatchedModelBeforeRunning) {
  auto rt = BrightestPixelModel();
  EXPECT_EQ(Evaluate(*rt, TinyDataset(3), kRaw).status().message(),
            "brightest.tflite: output 0 'scores' [1,4] holds 4 values, but tiny has 3 classes");
  Dataset big = TinyDataset(4);
  big.height = big.width = 3;
  EXPECT_EQ(Evaluate(*rt, big, kRaw).status().message(),
            "brightest.tflite: model input 'img' float32 [1,2,2,1] does not fit 3x3x1 images (HxWxC; images are not "
            "resized): expected [1,3,3,1], [1,1,3,3] or [1,9]");
}

// --- The real model on the converted CIFAR-10 test copy ---

std::string ResNet(const char* file) { return test::SharedPath(std::string("models/tflite/mlperf-tiny/") + file); }

struct RealRun {
  std::unique_ptr<Runtime> rt;
  Dataset ds;
};

// Loads a model and the converted test set; empty runtime (and a skip) when either is missing.
RealRun LoadReal(const char* model) {
  RealRun r;
  const std::string dir = test::Cifar10BinDir();
  if (!test::HaveShared() || dir.empty()) return r;
  auto ds = LoadCifar10Dir(dir, Split::kTest);
  EXPECT_TRUE(ds.ok()) << ds.status().message();
  auto g = LoadModel(ResNet(model));
  EXPECT_TRUE(g.ok()) << g.status().message();
  if (!ds.ok() || !g.ok()) return r;
  auto rt = Runtime::Create(std::move(g.value()));
  EXPECT_TRUE(rt.ok()) << rt.status().message();
  if (!rt.ok()) return r;
  r.rt = std::move(rt.value());
  r.ds = std::move(ds.value());
  return r;
}

#define EB_SKIP_WITHOUT_CIFAR(run) \
  if (!(run).rt) GTEST_SKIP() << "no converted CIFAR-10 test set (scripts/setup.sh makes build/data/cifar10)"

// Every TFLM golden input of pretrainedResnet_quant is a converted test image with the default
// preprocessing (int8 = pixel - 128), and eval predicts TFLM's argmax for each.
TEST(AccuracyCifar10, GoldenInputsAreConvertedImagesAndPredictionsMatchTflm) {
  RealRun run = LoadReal("pretrainedResnet_quant.tflite");
  EB_SKIP_WITHOUT_CIFAR(run);
  std::ifstream mf(test::SharedPath("golden/pretrainedResnet_quant/manifest.json"));
  const nlohmann::json manifest = nlohmann::json::parse(mf);
  auto pp = ResolvePreprocess(run.rt->graph(), {});
  ASSERT_TRUE(pp.ok());
  auto filler = InputFiller::Create(run.rt->input_tensor(0), pp->pp, 32, 32, 3);
  ASSERT_TRUE(filler.ok());
  std::vector<uint8_t> filled(3072);
  std::vector<std::vector<uint8_t>> all(run.ds.size());
  for (size_t i = 0; i < run.ds.size(); ++i) {
    filler->Fill(run.ds.image(i), filled.data());
    all[i] = filled;
  }
  ASSERT_EQ(manifest["samples"].size(), 20u);
  for (const auto& s : manifest["samples"]) {
    const auto golden = test::ReadBytes(test::SharedPath("golden/pretrainedResnet_quant/" + s["input"].get<std::string>()));
    size_t found = all.size();
    for (size_t i = 0; i < all.size() && found == all.size(); ++i) {
      if (all[i] == golden) found = i;
    }
    ASSERT_LT(found, all.size()) << s["source"] << " is not in the converted test set";
    EXPECT_EQ(run.ds.labels[found], s["label"].get<int>()) << s["source"];
    std::memcpy(run.rt->input(0), golden.data(), golden.size());
    run.rt->Invoke();
    EXPECT_EQ(ArgMax(run.rt->output_tensor(0), run.rt->output(0)), s["argmax"].get<size_t>()) << s["source"];
  }
}

TEST(AccuracyCifar10, Int8ResNetFirst200Images) {
  RealRun run = LoadReal("pretrainedResnet_quant.tflite");
  EB_SKIP_WITHOUT_CIFAR(run);
  auto pp = ResolvePreprocess(run.rt->graph(), {});
  ASSERT_TRUE(pp.ok());
  auto r = Evaluate(*run.rt, run.ds, pp->pp, EvalOptions{.limit = 200, .progress = {}});
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->images, 200u);
  EXPECT_EQ(r->correct, 142u);  // 71.00 %: the first 20 files of every class (Cifar10.ConvertedTestSet checks the order)
}

// The acceptance: 75.56 % on the whole JPEG test copy, TFLM's own number for these bytes.
TEST(AccuracyCifar10, Int8ResNetFullTestSetMatchesTflm) {
  if (!test::FullEval()) GTEST_SKIP() << "set EB_FULL_EVAL=1 (scripts/test.sh does, for the Release build)";
  RealRun run = LoadReal("pretrainedResnet_quant.tflite");
  EB_SKIP_WITHOUT_CIFAR(run);
  auto pp = ResolvePreprocess(run.rt->graph(), {});
  ASSERT_TRUE(pp.ok());
  auto r = Evaluate(*run.rt, run.ds, pp->pp);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->images, 10000u);
  EXPECT_EQ(r->correct, 7556u);
}

// The float model takes raw pixels 0..255 as floats (--scale 1): 75.48 %, within a point of int8.
TEST(AccuracyCifar10, FloatResNetFullTestSetIsWithinAPointOfInt8) {
  if (!test::FullEval()) GTEST_SKIP() << "set EB_FULL_EVAL=1 (scripts/test.sh does, for the Release build)";
  RealRun run = LoadReal("pretrainedResnet.tflite");
  EB_SKIP_WITHOUT_CIFAR(run);
  auto pp = ResolvePreprocess(run.rt->graph(), PreprocessOverrides{.scale = 1.0, .mean = {}, .std = {}});
  ASSERT_TRUE(pp.ok());
  auto r = Evaluate(*run.rt, run.ds, pp->pp);
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->images, 10000u);
  EXPECT_EQ(r->correct, 7548u);
  EXPECT_LE(std::abs(static_cast<int64_t>(r->correct) - 7556), 100);
}

}  // namespace
}  // namespace eb
