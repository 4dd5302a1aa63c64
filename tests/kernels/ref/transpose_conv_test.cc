// TRANSPOSE_CONV float32 and int8: hand-worked scatters (stride, SAME padding's dropped taps, TFLM's summation
// order, zero points, per-channel requantisation) and seeded random geometries against a literal scatter, the way
// TFLM's reference computes it.
#include "transpose_conv.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "kernels/kernel_test_util.h"
#include "kernels/ref/int16x8_reference.h"

namespace eb {
namespace {

// One image, one channel in and out, a 1-row filter of k_w taps over a 1-row input.
eb_transpose_conv_params Row(int32_t in_w, int32_t k_w, int32_t stride, int32_t pad, int32_t out_w) {
  eb_transpose_conv_params p{};
  p.batch = 1;
  p.in_h = p.out_h = p.k_h = 1;
  p.in_w = in_w;
  p.out_w = out_w;
  p.in_c = p.out_c = 1;
  p.k_w = k_w;
  p.stride_h = 1;
  p.stride_w = stride;
  p.pad_left = pad;
  p.act_min = -INFINITY;
  p.act_max = INFINITY;
  p.q_min = -128;
  p.q_max = 127;
  return p;
}

TEST(TransposeConv, F32EachInputScattersTheFilterAtItsStride) {
  const eb_transpose_conv_params p = Row(2, 3, 2, 0, 5);
  const float in[] = {1, 10};
  const float filter[] = {1, 2, 3};
  const float bias[] = {0.5f};
  std::vector<float> out(5);
  eb_transpose_conv_f32(&p, in, filter, bias, out.data());
  // 1 * (1, 2, 3) at 0 and 10 * (1, 2, 3) at 2, overlapping at 2.
  EXPECT_EQ(out, (std::vector<float>{1.5f, 2.5f, 13.5f, 20.5f, 30.5f}));
}

TEST(TransposeConv, F32PaddingDropsTheTapsOutsideTheOutput) {
  // 4 taps, stride 2, an output of 4: SAME pads 1, so the first input's window starts at -1 and the second's ends
  // at 4, one tap each falling outside.
  eb_transpose_conv_params p = Row(2, 4, 2, 1, 4);
  p.act_max = 25.0f;
  const float in[] = {1, 10};
  const float filter[] = {1, 2, 3, 4};
  std::vector<float> out(4);
  eb_transpose_conv_f32(&p, in, filter, nullptr, out.data());
  // 2, 3 + 10, 4 + 20, 30; the last two clamped at 25.
  EXPECT_EQ(out, (std::vector<float>{2, 13, 24, 25}));
}

TEST(TransposeConv, F32SumsInTflmScatterOrder) {
  // Two input pixels of three channels reach the one output: TFLM adds pixel by pixel, channel by channel, so
  // 1e8 + 1 rounds back to 1e8 before -1e8 cancels it. Cancelling first would leave 1.
  eb_transpose_conv_params p = Row(2, 2, 1, 1, 1);
  p.in_c = 3;
  const float in[] = {1e8f, 1.0f, -1e8f, /* pixel 1 */ 1.0f, 0.0f, 0.0f};
  const float filter[] = {0, 0, 0, /* tap 1 */ 1, 1, 1};
  float out = -1.0f;
  // Output 0 takes tap 1 of pixel 0 (pad 1) and tap 0 of pixel 1: 1e8 + 1 - 1e8 + 0 = 0 in float.
  eb_transpose_conv_f32(&p, in, filter, nullptr, &out);
  EXPECT_EQ(out, 0.0f);
}

TEST(TransposeConv, S8ZeroPointsPerChannelRescaleAndTheWholeRange) {
  eb_transpose_conv_params p = Row(2, 2, 1, 0, 3);
  p.out_c = 2;
  p.in_zp = -3;
  p.out_zp = 10;
  const int8_t in[] = {2, 7};  // minus in_zp: 5, 10
  const int8_t filter[] = {1, 2, /* oc 1 */ -128, 127};
  const int32_t bias[] = {1, -2};
  const int32_t mult[] = {1 << 30, 1 << 30};  // 0.5 and 1.0
  const int32_t shift[] = {0, 1};
  std::vector<int8_t> out(6);
  eb_transpose_conv_s8(&p, in, filter, bias, mult, shift, out.data());
  // oc 0: 5, 10 + 10, 20 -> +1 -> 6, 21, 21 -> halves 3, 11 (10.5 rounds up), 11 -> +10.
  // oc 1: -640, 635 - 1280, 1270 -> -2 -> saturate at -128, -128 and 127.
  EXPECT_EQ(out, (std::vector<int8_t>{13, -128, 21, -128, 21, 127}));
}

// ---- Random geometries against a literal scatter ----

eb_transpose_conv_params RandomGeometry(std::mt19937& rng) {
  eb_transpose_conv_params p{};
  p.batch = test::Uniform(rng, 1, 2);
  p.in_h = test::Uniform(rng, 1, 6);
  p.in_w = test::Uniform(rng, 1, 6);
  p.in_c = test::Uniform(rng, 1, 6);
  p.out_c = test::Uniform(rng, 1, 5);
  p.k_h = test::Uniform(rng, 1, 5);
  p.k_w = test::Uniform(rng, 1, 5);
  p.stride_h = test::Uniform(rng, 1, 3);
  p.stride_w = test::Uniform(rng, 1, 3);
  // Usually the size a converter gives (the transposed VALID or SAME convolution), sometimes any other.
  auto size = [&](int32_t in, int32_t k, int32_t s, int32_t* pad) {
    const int kind = test::Uniform(rng, 0, 2);
    const int32_t out = kind == 0 ? (in - 1) * s + k : kind == 1 ? in * s : test::Uniform(rng, 1, (in + 1) * s + k);
    const int32_t total = std::max((in - 1) * s + k - out, 0);
    *pad = kind == 0 ? 0 : total / 2;
    return out;
  };
  p.out_h = size(p.in_h, p.k_h, p.stride_h, &p.pad_top);
  p.out_w = size(p.in_w, p.k_w, p.stride_w, &p.pad_left);
  return p;
}

// TFLM's loop nest: every input element adds value * filter over its window, in input order.
template <typename Acc, typename Fn>
std::vector<Acc> Scatter(const eb_transpose_conv_params& p, Fn product) {
  std::vector<Acc> acc(static_cast<size_t>(p.batch) * p.out_h * p.out_w * p.out_c, Acc{0});
  for (int32_t b = 0; b < p.batch; ++b)
    for (int32_t y = 0; y < p.in_h; ++y)
      for (int32_t x = 0; x < p.in_w; ++x)
        for (int32_t ic = 0; ic < p.in_c; ++ic)
          for (int32_t ky = 0; ky < p.k_h; ++ky)
            for (int32_t kx = 0; kx < p.k_w; ++kx)
              for (int32_t oc = 0; oc < p.out_c; ++oc) {
                const int32_t oy = y * p.stride_h - p.pad_top + ky, ox = x * p.stride_w - p.pad_left + kx;
                if (oy < 0 || oy >= p.out_h || ox < 0 || ox >= p.out_w) continue;
                const size_t i = ((static_cast<size_t>(b) * p.in_h + y) * p.in_w + x) * p.in_c + ic;
                const size_t f = ((static_cast<size_t>(oc) * p.k_h + ky) * p.k_w + kx) * p.in_c + ic;
                acc[((static_cast<size_t>(b) * p.out_h + oy) * p.out_w + ox) * p.out_c + oc] += product(i, f);
              }
  return acc;
}

TEST(TransposeConv, F32RandomGeometriesMatchTheScatterBitForBit) {
  std::mt19937 rng(6701);
  std::uniform_real_distribution<float> val(-1.0f, 1.0f);
  for (int iter = 0; iter < 300; ++iter) {
    eb_transpose_conv_params p = RandomGeometry(rng);
    p.act_min = iter % 3 == 0 ? 0.0f : -INFINITY;
    p.act_max = iter % 5 == 0 ? 0.75f : INFINITY;
    std::vector<float> in(static_cast<size_t>(p.batch) * p.in_h * p.in_w * p.in_c);
    std::vector<float> filter(static_cast<size_t>(p.out_c) * p.k_h * p.k_w * p.in_c), bias(p.out_c);
    for (float& v : in) v = val(rng);
    for (float& v : filter) v = val(rng);
    for (float& v : bias) v = val(rng);
    const bool with_bias = iter % 2 == 0;
    std::vector<float> out(static_cast<size_t>(p.batch) * p.out_h * p.out_w * p.out_c);
    eb_transpose_conv_f32(&p, in.data(), filter.data(), with_bias ? bias.data() : nullptr, out.data());
    const std::vector<float> want = Scatter<float>(p, [&](size_t i, size_t f) { return in[i] * filter[f]; });
    for (size_t o = 0; o < out.size(); ++o) {
      const float v = want[o] + (with_bias ? bias[o % static_cast<size_t>(p.out_c)] : 0.0f);
      ASSERT_EQ(out[o], std::min(std::max(v, p.act_min), p.act_max)) << "iteration " << iter << " output " << o;
    }
  }
}

TEST(TransposeConv, S8RandomGeometriesMatchTheScatter) {
  std::mt19937 rng(6708);
  for (int iter = 0; iter < 300; ++iter) {
    eb_transpose_conv_params p = RandomGeometry(rng);
    p.in_zp = test::Uniform(rng, -128, 127);
    p.out_zp = test::Uniform(rng, -128, 127);
    p.q_min = -128;
    p.q_max = 127;
    const std::vector<int8_t> in = test::RandomI8(rng, static_cast<size_t>(p.batch) * p.in_h * p.in_w * p.in_c);
    const std::vector<int8_t> filter = test::RandomI8(rng, static_cast<size_t>(p.out_c) * p.k_h * p.k_w * p.in_c);
    const test::Requant rq = test::RandomRequant(rng, p.out_c);
    const bool with_bias = iter % 2 == 0;
    std::vector<int8_t> out(static_cast<size_t>(p.batch) * p.out_h * p.out_w * p.out_c);
    eb_transpose_conv_s8(&p, in.data(), filter.data(), with_bias ? rq.bias.data() : nullptr, rq.mult.data(),
                         rq.shift.data(), out.data());
    const std::vector<int64_t> sums = Scatter<int64_t>(p, [&](size_t i, size_t f) {
      return int64_t{in[i] - p.in_zp} * filter[f];
    });
    for (size_t o = 0; o < out.size(); ++o) {
      const size_t oc = o % static_cast<size_t>(p.out_c);
      const int64_t acc = sums[o] + (with_bias ? rq.bias[oc] : 0);
      const int32_t v = test::RescaleS32(static_cast<int32_t>(acc), rq.mult[oc], rq.shift[oc]) + p.out_zp;
      ASSERT_EQ(out[o], std::min(std::max(v, p.q_min), p.q_max)) << "iteration " << iter << " output " << o;
    }
  }
}

}  // namespace
}  // namespace eb
