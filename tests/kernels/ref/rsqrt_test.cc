// RSQRT float32: exact values where the result is exact, the single-precision library function elsewhere.
#include "rsqrt.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

TEST(RsqrtF32, MatchesTheLibraryFunction) {
  const std::vector<float> in = {4.0f, 0.25f, 2.0f, 1.0f};
  eb_act_params p{};
  p.count = static_cast<int32_t>(in.size());
  std::vector<float> out(in.size());
  eb_rsqrt_f32(&p, in.data(), out.data());
  EXPECT_EQ(out, (std::vector<float>{0.5f, 2.0f, 1.0f / std::sqrt(2.0f), 1.0f}));
}
