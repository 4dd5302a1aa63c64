// LOG float32: exact values where the result is exact, the single-precision library function elsewhere.
#include "log.h"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

TEST(LogF32, MatchesTheLibraryFunction) {
  const std::vector<float> in = {1.0f, 2.0f, 0.5f, 10.0f};
  eb_act_params p{};
  p.count = static_cast<int32_t>(in.size());
  std::vector<float> out(in.size());
  eb_log_f32(&p, in.data(), out.data());
  EXPECT_EQ(out, (std::vector<float>{0.0f, std::log(2.0f), std::log(0.5f), std::log(10.0f)}));
}
