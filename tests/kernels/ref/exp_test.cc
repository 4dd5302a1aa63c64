// EXP float32: exact values where the result is exact, the single-precision library function elsewhere.
#include "exp.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

TEST(ExpF32, MatchesTheLibraryFunction) {
  const std::vector<float> in = {0.0f, 1.0f, -2.0f, 3.5f};
  eb_act_params p{};
  p.count = static_cast<int32_t>(in.size());
  std::vector<float> out(in.size());
  eb_exp_f32(&p, in.data(), out.data());
  EXPECT_EQ(out, (std::vector<float>{1.0f, std::exp(1.0f), std::exp(-2.0f), std::exp(3.5f)}));
}
