// RELU6: float, and int8 as a clamp between the quantised images of 0 and 6.
#include <gtest/gtest.h>

#include <vector>

#include "relu6.h"

TEST(Relu6F32, ClampsToZeroSix) {
  const std::vector<float> in = {-3.0f, 0.0f, 3.0f, 6.0f, 6.5f, 100.0f};
  std::vector<float> out(in.size());
  eb_act_params p{};
  p.count = static_cast<int32_t>(in.size());
  eb_relu6_f32(&p, in.data(), out.data());
  EXPECT_EQ(out, (std::vector<float>{0.0f, 0.0f, 3.0f, 6.0f, 6.0f, 6.0f}));
}

TEST(Relu6S8, ClampsBetweenZeroPointAndSix) {
  // scale 0.05, zp -20: 0 -> -20, 6 -> -20 + 120 = 100.
  const std::vector<int8_t> in = {-128, -21, -20, 0, 100, 101, 127};
  std::vector<int8_t> out(in.size());
  eb_act_params p{};
  p.count = static_cast<int32_t>(in.size());
  p.in_zp = p.out_zp = -20;
  p.q_min = -20;
  p.q_max = 100;
  eb_relu6_s8(&p, in.data(), out.data());
  EXPECT_EQ(out, (std::vector<int8_t>{-20, -20, -20, 0, 100, 100, 100}));
}
