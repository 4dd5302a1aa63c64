// SQUARED_DIFFERENCE float32 with broadcasting: a [2,3] tensor against a scalar.
#include "squared_difference.h"

#include <gtest/gtest.h>

#include <vector>

TEST(SquaredDifferenceF32, BroadcastsAScalar) {
  const int32_t da[2] = {2, 3}, db[1] = {1};
  eb_binary_params p{};
  ASSERT_EQ(eb_binary_broadcast(&p, 2, da, 1, db), 0);
  const std::vector<float> a = {1, 2, 3, -1, 0.5f, 10}, b = {1.5f};
  std::vector<float> out(6);
  eb_squared_difference_f32(&p, a.data(), b.data(), out.data());
  EXPECT_EQ(out, (std::vector<float>{0.25f, 0.25f, 2.25f, 6.25f, 1, 72.25f}));
}
