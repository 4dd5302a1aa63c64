// FULLY_CONNECTED int16x8: hand-worked cases (per-tensor and per-channel requantisation, an int64 bias beyond
// int32, the int64 requantisation's rounding, the clamp) and seeded random layers against the naive sums in exact
// arithmetic.
#include "fully_connected_s16.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

#include "kernels/kernel_test_util.h"
#include "kernels/ref/int16x8_reference.h"

namespace eb {
namespace {

eb_fc_params Params(int32_t batch, int32_t in_depth, int32_t out_depth, int32_t per_channel) {
  eb_fc_params p{};
  p.batch = batch;
  p.in_depth = in_depth;
  p.out_depth = out_depth;
  p.q_min = -32768;
  p.q_max = 32767;
  p.per_channel = per_channel;
  return p;
}

TEST(FullyConnectedS16, PerTensorRowsShareOneRescale) {
  const eb_fc_params p = Params(2, 3, 2, 0);
  const std::vector<int16_t> in = {100, 200, -300, /* row 1 */ 32767, -32768, 1};
  const std::vector<int8_t> filter = {1, 2, 3, /* out 1 */ -128, -128, 127};
  const int64_t bias[] = {1, int64_t{1} << 32};
  const int32_t mult[] = {1 << 30};  // 0.25
  const int32_t shift[] = {-1};
  std::vector<int16_t> out(4);
  eb_fully_connected_s16(&p, in.data(), filter.data(), bias, mult, shift, out.data());
  // Row 0: (100 + 400 - 900 + 1) / 4 = -99.75 -> -100; (-12800 - 25600 - 38100 + 2^32) / 4 = 1073722699 (the
  // bias is not cut to 32 bits) clamps to 32767. Row 1: (32767 - 65536 + 3 + 1) / 4 = -8191.25 -> -8191;
  // (-4194176 + 4194304 + 127 + 2^32) / 4 clamps too.
  EXPECT_EQ(out, (std::vector<int16_t>{-100, 32767, -8191, 32767}));
}

TEST(FullyConnectedS16, PerChannelRowsHaveTheirOwnRescaleAndClamp) {
  eb_fc_params p = Params(1, 2, 3, 1);
  p.q_min = -1000;
  p.q_max = 1000;
  const std::vector<int16_t> in = {3, -5};
  const std::vector<int8_t> filter = {1, 1, /* 1 */ 2, 0, /* 2 */ -100, 100};
  const int32_t mult[] = {1 << 30, 1 << 30, 1 << 30};
  const int32_t shift[] = {-1, 0, 1};  // 0.25, 0.5, 1.0
  std::vector<int16_t> out(3);
  eb_fully_connected_s16(&p, in.data(), filter.data(), nullptr, mult, shift, out.data());
  // -2 / 4 = -0.5 ties upward to 0; 6 / 2 = 3; -300 - 500 = -800, inside the clamp until it is raised to -700.
  EXPECT_EQ(out, (std::vector<int16_t>{0, 3, -800}));
  p.q_min = -700;
  eb_fully_connected_s16(&p, in.data(), filter.data(), nullptr, mult, shift, out.data());
  EXPECT_EQ(out[2], -700);
}

TEST(FullyConnectedS16, RandomLayersMatchTheNaiveSums) {
  std::mt19937 rng(1664);
  for (int iter = 0; iter < 300; ++iter) {
    eb_fc_params p = Params(test::Uniform(rng, 1, 4), test::Uniform(rng, 1, 70), test::Uniform(rng, 1, 20), iter % 2);
    if (iter % 5 == 0) p.q_min = test::Uniform(rng, -32768, 0);
    if (iter % 7 == 0) p.q_max = test::Uniform(rng, 0, 32767);
    std::vector<int16_t> in(static_cast<size_t>(p.batch) * p.in_depth);
    for (int16_t& v : in) v = static_cast<int16_t>(test::Uniform(rng, -32768, 32767));
    const std::vector<int8_t> filter = test::RandomI8(rng, static_cast<size_t>(p.out_depth) * p.in_depth);
    const size_t rescales = p.per_channel ? static_cast<size_t>(p.out_depth) : 1;
    std::vector<int64_t> bias;
    std::vector<int32_t> mult, shift;
    for (int32_t o = 0; o < p.out_depth; ++o) {
      bias.push_back(static_cast<int64_t>(test::Uniform(rng, -(1 << 30), 1 << 30)) * test::Uniform(rng, 1, 256));
    }
    for (size_t q = 0; q < rescales; ++q) {
      mult.push_back(test::Uniform(rng, 0, 9) == 0 ? 0 : test::Uniform(rng, 1 << 30, INT32_MAX));
      shift.push_back(test::Uniform(rng, -24, 7));
    }
    const bool with_bias = iter % 3 != 0;
    std::vector<int16_t> out(static_cast<size_t>(p.batch) * p.out_depth);
    eb_fully_connected_s16(&p, in.data(), filter.data(), with_bias ? bias.data() : nullptr, mult.data(), shift.data(),
                           out.data());
    for (int32_t b = 0; b < p.batch; ++b)
      for (int32_t o = 0; o < p.out_depth; ++o) {
        int64_t acc = with_bias ? bias[static_cast<size_t>(o)] : 0;
        for (int32_t i = 0; i < p.in_depth; ++i) {
          acc += int64_t{in[static_cast<size_t>(b) * p.in_depth + i]} * filter[static_cast<size_t>(o) * p.in_depth + i];
        }
        const size_t q = p.per_channel ? static_cast<size_t>(o) : 0;
        const int32_t want = std::min(std::max(test::RescaleS64(acc, mult[q], shift[q]), p.q_min), p.q_max);
        ASSERT_EQ(out[static_cast<size_t>(b) * p.out_depth + o], want) << "iteration " << iter;
      }
  }
}

}  // namespace
}  // namespace eb
