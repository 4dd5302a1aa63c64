// The project's PyTorch-trained reference networks (models/*.onnx, opset 13, NCHW, dynamic batch) run
// through the ONNX importer and predict exactly what PyTorch predicted, image by image
// (models/train/results/<name>_predictions.bin, MNIST test set order).
#include <gtest/gtest.h>

#include <filesystem>

#include "datasets/dataset_spec.h"
#include "datasets/preprocess.h"
#include "eval/accuracy.h"
#include "importers/load_model.h"
#include "support/test_paths.h"

namespace eb::test {
namespace {

void ExpectPytorchPredictions(const std::string& name, size_t limit, size_t want_correct) {
  const std::string model = std::string(EB_SOURCE_DIR) + "/models/" + name + ".onnx";
  const std::string preds = std::string(EB_SOURCE_DIR) + "/models/train/results/" + name + "_predictions.bin";
  const std::string mnist = SharedPath("data/mnist");
  if (!std::filesystem::exists(model) || !std::filesystem::exists(preds) || !std::filesystem::is_directory(mnist)) {
    GTEST_SKIP() << "needs " << model << ", " << preds << " and " << mnist;
  }
  auto graph = LoadModel(model);
  ASSERT_TRUE(graph.ok()) << graph.status().message();
  auto rt = Runtime::Create(std::move(graph.value()));
  ASSERT_TRUE(rt.ok()) << rt.status().message();
  auto spec = ParseDatasetSpec("mnist:" + mnist);
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
  if (want_correct) EXPECT_EQ(r->correct, want_correct);
}

TEST(OnnxReferenceModels, Dense1PredictsAsPytorchOnAllOfMnist) { ExpectPytorchPredictions("dense1", 0, 9281); }

// 500 images keep the sanitizer build fast; all 10,000 agree too (edgebench eval, 98.80 %).
TEST(OnnxReferenceModels, Conv3Dense1PredictsAsPytorch) { ExpectPytorchPredictions("conv3dense1", 500, 0); }

}  // namespace
}  // namespace eb::test
