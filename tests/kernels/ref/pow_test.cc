// POW float32 with broadcasting: a [2,2] base against a [2] exponent row.
#include "pow.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

TEST(PowF32, BroadcastsTheExponentRow) {
  const int32_t da[2] = {2, 2}, db[1] = {2};
  eb_binary_params p{};
  ASSERT_EQ(eb_binary_broadcast(&p, 2, da, 1, db), 0);
  const std::vector<float> a = {2, 9, 3, 0.25f}, b = {3, 0.5f};
  std::vector<float> out(4);
  eb_pow_f32(&p, a.data(), b.data(), out.data());
  EXPECT_EQ(out, (std::vector<float>{8, 3, 27, 0.5f}));
}
