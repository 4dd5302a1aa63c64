// SUM float32 over the middle of [outer][reduced][inner].
#include "sum.h"

#include <gtest/gtest.h>

#include <vector>

TEST(SumF32, SumsTheMiddleAxis) {
  // outer 2, reduced 3, inner 2.
  const std::vector<float> in = {1, -1, 2, -2, 4, -4,  //
                                 0.5f, 10, 0.25f, 20, 0.25f, 30};
  const eb_mean_params p{2, 3, 2, 0, 0, 0, 0};
  std::vector<float> out(4);
  eb_sum_f32(&p, in.data(), out.data());
  EXPECT_EQ(out, (std::vector<float>{7, -7, 1, 60}));
}
