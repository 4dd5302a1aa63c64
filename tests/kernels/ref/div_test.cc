// DIV: float32 with broadcasting (row over matrix, scalar), a fused clamp, and IEEE division by zero.
#include "div.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace {

std::vector<float> Divide(std::vector<int32_t> da, const std::vector<float>& a, std::vector<int32_t> db,
                       const std::vector<float>& b, size_t n, float lo = -INFINITY, float hi = INFINITY) {
  eb_binary_params p{};
  EXPECT_EQ(eb_binary_broadcast(&p, (int)da.size(), da.data(), (int)db.size(), db.data()), 0);
  p.act_min = lo;
  p.act_max = hi;
  std::vector<float> out(n);
  eb_div_f32(&p, a.data(), b.data(), out.data());
  return out;
}

}  // namespace

TEST(DivF32, ElementWise) {
  EXPECT_EQ(Divide({4}, {1, -6, 7, 0.5f}, {4}, {2, 3, -0.5f, 0.25f}, 4), (std::vector<float>{0.5f, -2, -14, 2}));
}

TEST(DivF32, BroadcastsRowAndScalar) {
  EXPECT_EQ(Divide({2, 3}, {2, 4, 6, 8, 10, 12}, {3}, {1, 2, 4}, 6), (std::vector<float>{2, 2, 1.5f, 8, 5, 3}));
  EXPECT_EQ(Divide({1}, {12}, {2, 2}, {1, 2, 3, 4}, 4), (std::vector<float>{12, 6, 4, 3}));
}

TEST(DivF32, FusedRelu6Clamp) {
  EXPECT_EQ(Divide({3}, {-4, 9, 30}, {3}, {2, 3, 3}, 3, 0.0f, 6.0f), (std::vector<float>{0, 3, 6}));
}

TEST(DivF32, DivisionByZeroFollowsIeee) {
  const auto out = Divide({3}, {1, -1, 0}, {1}, {0}, 3);
  EXPECT_EQ(out[0], INFINITY);
  EXPECT_EQ(out[1], -INFINITY);
  EXPECT_TRUE(std::isnan(out[2]));
}
