// Batch resizing: a real model runs at batch 32 and each batch row equals the batch-1 result.
#include "passes/set_batch_size.h"

#include <gtest/gtest.h>

#include <cstring>

#include "importers/load_model.h"
#include "runtime/runtime.h"
#include "support/test_paths.h"

namespace eb {
namespace {

TEST(SetBatchSize, Batch32RowsEqualBatch1Results) {
  if (!test::HaveShared()) GTEST_SKIP() << "../shared is not beside the checkout";
  const std::string golden = test::SharedPath("golden/kws_ref_model/");
  auto g1 = LoadModel(test::SharedPath("models/tflite/mlperf-tiny/kws_ref_model.tflite"));
  ASSERT_TRUE(g1.ok());
  Graph g32 = g1.value();
  ASSERT_TRUE(SetBatchSize(g32, 32).ok());
  EXPECT_EQ(BatchSize(g32), 32);
  auto rt = Runtime::Create(std::move(g32));
  ASSERT_TRUE(rt.ok()) << rt.status().message();
  Runtime& r = *rt.value();
  ASSERT_EQ(r.input_tensor(0).shape, (std::vector<int32_t>{32, 49, 10, 1}));
  ASSERT_EQ(r.output_tensor(0).shape, (std::vector<int32_t>{32, 12}));
  // Rows 0..31 take golden inputs 0..15 twice; each output row must be the golden output.
  for (int row = 0; row < 32; ++row) {
    const auto in = test::ReadBytes(golden + "input_" + std::to_string(row % 16) + ".bin");
    ASSERT_EQ(in.size(), 490u);
    std::memcpy(r.input(0) + row * 490, in.data(), in.size());
  }
  r.Invoke();
  for (int row = 0; row < 32; ++row) {
    const auto want = test::ReadBytes(golden + "output_" + std::to_string(row % 16) + ".bin");
    EXPECT_EQ(0, std::memcmp(r.output(0) + row * 12, want.data(), 12)) << "row " << row;
  }
}

TEST(SetBatchSize, RejectsNonPositiveBatch) {
  Graph g;
  EXPECT_EQ(SetBatchSize(g, 0).message(), "batch size must be at least 1, got 0");
}

}  // namespace
}  // namespace eb
