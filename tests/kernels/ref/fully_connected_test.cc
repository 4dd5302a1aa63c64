// FULLY_CONNECTED: hand-checked cases (bias, clamp, zero points including the filter's, per-tensor versus
// per-channel requantisation, saturation) and seeded random shapes against a naive implementation.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "fully_connected.h"
#include "quant.h"

namespace {

constexpr float kInf = INFINITY;

eb_fc_params Shape(int32_t batch, int32_t in_depth, int32_t out_depth) {
  eb_fc_params p{};
  p.batch = batch;
  p.in_depth = in_depth;
  p.out_depth = out_depth;
  p.act_min = -kInf;
  p.act_max = kInf;
  p.q_min = -128;
  p.q_max = 127;
  return p;
}

TEST(FullyConnected, F32BiasAndClamp) {
  eb_fc_params p = Shape(2, 3, 2);
  const std::vector<float> in = {1, 2, 3, /* row 1 */ -1, 0, 1};
  const std::vector<float> filter = {1, 1, 1, /* out 1 */ 0.5f, -1, 2};
  const float bias[] = {0.25f, -1.0f};
  std::vector<float> out(4);
  eb_fully_connected_f32(&p, in.data(), filter.data(), nullptr, out.data());
  EXPECT_EQ(out, (std::vector<float>{6.0f, 4.5f, 0.0f, 1.5f}));

  // With bias and a ReLU6 clamp: 6.25 -> 6, 3.5, 0.25, 0.5.
  p.act_min = 0.0f;
  p.act_max = 6.0f;
  eb_fully_connected_f32(&p, in.data(), filter.data(), bias, out.data());
  EXPECT_EQ(out, (std::vector<float>{6.0f, 3.5f, 0.25f, 0.5f}));
}

TEST(FullyConnected, S8PerTensorWithAllZeroPoints) {
  eb_fc_params p = Shape(1, 3, 2);
  p.in_zp = -2;
  p.filter_zp = 1;
  p.out_zp = 5;
  const std::vector<int8_t> in = {3, -2, 8};                          // minus in_zp: 5, 0, 10
  const std::vector<int8_t> filter = {2, 7, -1, /* out 1 */ 11, 1, 4};  // minus filter_zp: 1 6 -2 / 10 0 3
  const int32_t bias[] = {4, -3};
  const int32_t mult[] = {1 << 30};  // 0.5
  const int32_t shift[] = {0};
  std::vector<int8_t> out(2);
  eb_fully_connected_s8(&p, in.data(), filter.data(), bias, mult, shift, out.data());
  // Accumulators -15 + 4 = -11 and 80 - 3 = 77. Halved: -5.5 -> -5 (the doubling high multiply rounds a
  // negative tie up, as gemmlowp does) and 38.5 -> 39; plus 5.
  EXPECT_EQ(out, (std::vector<int8_t>{0, 44}));
}

TEST(FullyConnected, S8PerChannelUsesOneMultiplierPerOutput) {
  eb_fc_params p = Shape(1, 2, 3);
  const std::vector<int8_t> in = {10, 20};
  const std::vector<int8_t> filter = {1, 1, /* out 1 */ 1, 1, /* out 2 */ 3, -1};  // accumulators 30, 30, 10
  const int32_t mult[] = {1 << 30, 1 << 30, 1 << 30};  // 0.5, 0.25, 2.0
  const int32_t shift[] = {0, -1, 2};
  std::vector<int8_t> out(3);

  p.per_channel = 1;
  eb_fully_connected_s8(&p, in.data(), filter.data(), nullptr, mult, shift, out.data());
  EXPECT_EQ(out, (std::vector<int8_t>{15, 8, 20}));  // 7.5 rounds to 8

  // Per-tensor reads only the first entry.
  p.per_channel = 0;
  eb_fully_connected_s8(&p, in.data(), filter.data(), nullptr, mult, shift, out.data());
  EXPECT_EQ(out, (std::vector<int8_t>{15, 15, 5}));
}

TEST(FullyConnected, S8SaturatesAndAppliesFusedClamp) {
  eb_fc_params p = Shape(1, 1, 3);
  p.in_zp = -128;
  const std::vector<int8_t> in = {127};  // minus in_zp: 255
  const std::vector<int8_t> filter = {127, -128, 1};
  const int32_t mult[] = {1 << 30};  // 1.0
  const int32_t shift[] = {1};
  std::vector<int8_t> out(3);
  eb_fully_connected_s8(&p, in.data(), filter.data(), nullptr, mult, shift, out.data());
  EXPECT_EQ(out, (std::vector<int8_t>{127, -128, 127}));

  p.q_min = -10;
  p.q_max = 50;
  eb_fully_connected_s8(&p, in.data(), filter.data(), nullptr, mult, shift, out.data());
  EXPECT_EQ(out, (std::vector<int8_t>{50, -10, 50}));
}

TEST(FullyConnected, F32RandomShapesMatchNaiveDouble) {
  std::mt19937 rng(99);
  auto uni = [&rng](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  std::uniform_real_distribution<float> val(-1.0f, 1.0f);
  for (int iter = 0; iter < 200; ++iter) {
    eb_fc_params p = Shape(uni(1, 4), uni(1, 64), uni(1, 16));
    if (iter % 3 == 0) p.act_min = 0.0f;
    std::vector<float> in(static_cast<size_t>(p.batch) * p.in_depth);
    std::vector<float> filter(static_cast<size_t>(p.out_depth) * p.in_depth);
    std::vector<float> bias(p.out_depth);
    for (float& v : in) v = val(rng);
    for (float& v : filter) v = val(rng);
    for (float& v : bias) v = val(rng);
    const bool use_bias = iter % 4 != 1;

    std::vector<float> out(static_cast<size_t>(p.batch) * p.out_depth, NAN);
    eb_fully_connected_f32(&p, in.data(), filter.data(), use_bias ? bias.data() : nullptr, out.data());
    for (int32_t b = 0; b < p.batch; ++b)
      for (int32_t o = 0; o < p.out_depth; ++o) {
        double sum = use_bias ? bias[o] : 0.0, mag = std::fabs(sum);
        for (int32_t d = 0; d < p.in_depth; ++d) {
          const double t = static_cast<double>(in[b * p.in_depth + d]) * filter[o * p.in_depth + d];
          sum += t;
          mag += std::fabs(t);
        }
        const double want = std::fmax(sum, p.act_min);
        ASSERT_NEAR(out[b * p.out_depth + o], want, 1e-5 * mag + 1e-6) << "case " << iter;
      }
  }
}

TEST(FullyConnected, S8RandomShapesMatchNaive) {
  std::mt19937 rng(2718);
  auto uni = [&rng](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  size_t unsaturated = 0, total = 0;
  for (int iter = 0; iter < 200; ++iter) {
    eb_fc_params p = Shape(uni(1, 4), uni(1, 64), uni(1, 16));
    p.per_channel = iter % 2;
    p.in_zp = uni(-128, 127);
    p.filter_zp = p.per_channel ? 0 : uni(-20, 20);
    p.out_zp = uni(-128, 127);
    if (iter % 3 == 0) p.q_min = p.out_zp;  // fused ReLU
    std::vector<int8_t> in(static_cast<size_t>(p.batch) * p.in_depth);
    std::vector<int8_t> filter(static_cast<size_t>(p.out_depth) * p.in_depth);
    std::vector<int32_t> bias(p.out_depth), mult(p.out_depth), shift(p.out_depth);
    for (int8_t& v : in) v = static_cast<int8_t>(uni(-128, 127));
    for (int8_t& v : filter) v = static_cast<int8_t>(uni(-127, 127));
    for (int32_t& v : bias) v = uni(-20000, 20000);
    // Scales around 0.01 / sqrt(depth), spread 25x; per-tensor uses entry 0 only.
    for (int32_t o = 0; o < p.out_depth; ++o) {
      const double scale =
          0.01 / std::sqrt(static_cast<double>(p.in_depth)) * std::exp(std::uniform_real_distribution<double>(-1.6, 1.6)(rng));
      eb_quantize_multiplier(scale, &mult[o], &shift[o]);
    }
    const bool use_bias = iter % 4 != 1;

    std::vector<int8_t> out(static_cast<size_t>(p.batch) * p.out_depth, 0);
    eb_fully_connected_s8(&p, in.data(), filter.data(), use_bias ? bias.data() : nullptr, mult.data(),
                          shift.data(), out.data());
    for (int32_t b = 0; b < p.batch; ++b)
      for (int32_t o = 0; o < p.out_depth; ++o) {
        int32_t acc = use_bias ? bias[o] : 0;
        for (int32_t d = 0; d < p.in_depth; ++d)
          acc += (filter[o * p.in_depth + d] - p.filter_zp) * (in[b * p.in_depth + d] - p.in_zp);
        const int32_t q = p.per_channel ? o : 0;
        const int32_t r = eb_multiply_by_quantized_multiplier(acc, mult[q], shift[q]) + p.out_zp;
        const int32_t want = std::min(std::max(r, p.q_min), p.q_max);
        ASSERT_EQ(out[b * p.out_depth + o], want) << "case " << iter;
        unsaturated += want > p.q_min && want < p.q_max;
        ++total;
      }
  }
  // The comparison means something only if most outputs are not pinned at the clamp.
  EXPECT_GT(unsaturated, total / 2);
}

}  // namespace
