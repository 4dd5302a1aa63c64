// REDUCE_MAX float32 over the middle of [outer][reduced][inner], negative values included.
#include "reduce_max.h"

#include <gtest/gtest.h>

#include <vector>

TEST(ReduceMaxF32, TakesTheLargestOfTheMiddleAxis) {
  const std::vector<float> in = {-3, -1, -2, -7, -5, -4,  //
                                 0.5f, 10, 0.25f, 20, 8, 30};
  const eb_mean_params p{2, 3, 2, 0, 0, 0, 0};
  std::vector<float> out(4);
  eb_reduce_max_f32(&p, in.data(), out.data());
  EXPECT_EQ(out, (std::vector<float>{-2, -1, 8, 30}));
}
