// The project's PyTorch-trained reference networks (models/*.onnx, opset 13, NCHW, dynamic batch) run
// through the ONNX importer and predict exactly what PyTorch predicted, image by image
// (models/train/results/<name>_predictions.bin, in the test file's order: MNIST t10k, CIFAR-10
// test_batch.bin). Each model brings its own preprocessing (MobileNetV2: mean/std in its metadata).
#include <gtest/gtest.h>

#include <filesystem>

#include "datasets/dataset_spec.h"
#include "datasets/preprocess.h"
#include "eval/accuracy.h"
#include "importers/load_model.h"
#include "support/test_paths.h"

namespace eb::test {
namespace {

// `dataset` is a spec prefix ("mnist:" or "cifar10:") and `dir` its folder.
void ExpectPytorchPredictions(const std::string& name, const std::string& dataset, const std::string& dir,
                              size_t limit, size_t want_correct) {
  const std::string model = std::string(EB_SOURCE_DIR) + "/models/" + name + ".onnx";
  const std::string preds = std::string(EB_SOURCE_DIR) + "/models/train/results/" + name + "_predictions.bin";
  if (!std::filesystem::exists(model) || !std::filesystem::exists(preds) || dir.empty() ||
      !std::filesystem::is_directory(dir)) {
    GTEST_SKIP() << "needs " << model << ", " << preds << " and the " << dataset << " test set";
  }
  auto graph = LoadModel(model);
  ASSERT_TRUE(graph.ok()) << graph.status().message();
  auto rt = Runtime::Create(std::move(graph.value()));
  ASSERT_TRUE(rt.ok()) << rt.status().message();
  auto spec = ParseDatasetSpec(dataset + dir);
  ASSERT_TRUE(spec.ok()) << spec.status().message();
  auto ds = LoadDataset(spec.value());
  ASSERT_TRUE(ds.ok()) << ds.status().message();
  auto pp = ResolvePreprocess(rt.value()->graph(), {});
  ASSERT_TRUE(pp.ok()) << pp.status().message();
  EvalOptions eo;
  eo.limit = limit;
  auto r = Evaluate(*rt.value(), ds.value(), pp->pp, eo);
  ASSERT_TRUE(r.ok()) << r.status().message();
  const std::vector<uint8_t> want = ReadBytes(preds);
  ASSERT_GE(want.size(), r->predictions.size());
  size_t differ = 0;
  for (size_t i = 0; i < r->predictions.size(); ++i) differ += r->predictions[i] != want[i];
  EXPECT_EQ(differ, 0u) << "images whose prediction differs from PyTorch's";
  if (want_correct) {
    EXPECT_EQ(r->correct, want_correct);
  }
}

TEST(OnnxReferenceModels, Dense1PredictsAsPytorchOnAllOfMnist) {
  ExpectPytorchPredictions("dense1", "mnist:", SharedPath("data/mnist"), 0, 9281);
}

// 500 images keep the sanitizer build fast; the Release run checks all 10,000 (98.80 %).
TEST(OnnxReferenceModels, Conv3Dense1PredictsAsPytorch) {
  ExpectPytorchPredictions("conv3dense1", "mnist:", SharedPath("data/mnist"), FullEval() ? 0 : 500,
                           FullEval() ? 9880 : 0);
}

// 200 images in the sanitizer build; the Release run checks all 10,000 (83.09 %, about 25 s).
TEST(OnnxReferenceModels, MobileNetV2PredictsAsPytorch) {
  ExpectPytorchPredictions("mobilenetv2", "cifar10:", Cifar10BinDir(), FullEval() ? 0 : 200, FullEval() ? 8309 : 0);
}

}  // namespace
}  // namespace eb::test
