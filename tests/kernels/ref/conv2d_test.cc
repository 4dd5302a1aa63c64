// CONV_2D: hand-checked cases (padding, stride, dilation, channel layout, zero points, per-channel
// requantisation, clamping) and seeded random geometries against a naive implementation that pads the
// input explicitly.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "conv2d.h"
#include "quant.h"

namespace {

constexpr float kInf = INFINITY;

// Single-channel, single-batch geometry; the rest of the fields are the identity (no clamp, zero points 0).
eb_conv_params Geometry(int32_t in_h, int32_t in_w, int32_t k_h, int32_t k_w, int32_t stride, int32_t dil,
                        int32_t pad, int32_t out_h, int32_t out_w) {
  eb_conv_params p{};
  p.batch = 1;
  p.in_h = in_h;
  p.in_w = in_w;
  p.in_c = 1;
  p.out_h = out_h;
  p.out_w = out_w;
  p.out_c = 1;
  p.k_h = k_h;
  p.k_w = k_w;
  p.stride_h = p.stride_w = stride;
  p.dil_h = p.dil_w = dil;
  p.pad_top = p.pad_left = pad;
  p.depth_multiplier = 1;
  p.act_min = -kInf;
  p.act_max = kInf;
  p.q_min = -128;
  p.q_max = 127;
  return p;
}

// 5x5 image whose pixel (y, x) is 5y + x + offset.
template <typename T>
std::vector<T> Ramp5x5(int offset) {
  std::vector<T> v;
  for (int y = 0; y < 5; ++y)
    for (int x = 0; x < 5; ++x) v.push_back(static_cast<T>(5 * y + x + offset));
  return v;
}

TEST(Conv2d, F32ValidWithBiasAndClamp) {
  eb_conv_params p = Geometry(3, 3, 2, 2, 1, 1, 0, 2, 2);
  p.act_max = 70.0f;
  const std::vector<float> in = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  const std::vector<float> filter = {1, 2, 3, 4};
  const float bias[] = {0.5f};
  std::vector<float> out(4);
  eb_conv2d_f32(&p, in.data(), filter.data(), bias, out.data());
  // 1*1 + 2*2 + 4*3 + 5*4 = 37, then 47, 67, 77 (clamped to 70).
  EXPECT_EQ(out, (std::vector<float>{37.5f, 47.5f, 67.5f, 70.0f}));
}

TEST(Conv2d, F32SamePaddingSkipsOutsideTaps) {
  const eb_conv_params p = Geometry(3, 3, 3, 3, 1, 1, 1, 3, 3);
  const std::vector<float> in = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  const std::vector<float> ones(9, 1.0f);
  std::vector<float> out(9);
  eb_conv2d_f32(&p, in.data(), ones.data(), nullptr, out.data());
  // Each output is the sum of the in-image part of its 3x3 neighbourhood.
  EXPECT_EQ(out, (std::vector<float>{12, 21, 16, 27, 45, 33, 24, 39, 28}));
}

TEST(Conv2d, F32Stride2WithPadding) {
  const eb_conv_params p = Geometry(5, 5, 3, 3, 2, 1, 1, 3, 3);
  const std::vector<float> in = Ramp5x5<float>(0);
  const std::vector<float> ones(9, 1.0f);
  std::vector<float> out(9);
  eb_conv2d_f32(&p, in.data(), ones.data(), nullptr, out.data());
  // Output (0,0) covers rows/cols {0,1}: 0 + 1 + 5 + 6 = 12; (1,1) covers {1,2,3}^2: 108.
  EXPECT_EQ(out, (std::vector<float>{12, 27, 24, 63, 108, 81, 72, 117, 84}));
}

TEST(Conv2d, F32Dilation2) {
  const eb_conv_params p = Geometry(5, 5, 2, 2, 1, 2, 0, 3, 3);
  const std::vector<float> in = Ramp5x5<float>(0);
  const std::vector<float> filter = {1, 10, 100, 1000};
  std::vector<float> out(9);
  eb_conv2d_f32(&p, in.data(), filter.data(), nullptr, out.data());
  // Output (0,0) = in(0,0) + 10 in(0,2) + 100 in(2,0) + 1000 in(2,2) = 0 + 20 + 1000 + 12000.
  EXPECT_EQ(out, (std::vector<float>{13020, 14131, 15242, 18575, 19686, 20797, 24130, 25241, 26352}));
}

TEST(Conv2d, F32FilterIsOhwiAndBatchesAreIndependent) {
  eb_conv_params p = Geometry(1, 2, 1, 2, 1, 1, 0, 1, 1);
  p.batch = 2;
  p.in_c = 3;
  p.out_c = 2;
  // Two images of 1x2 pixels with 3 channels each.
  const std::vector<float> in = {1, 2, 3, 4, 5, 6, /* batch 1 */ 0, 0, 1, 0, 0, 2};
  // oc 0 picks channel 0 of pixel 0 and channel 2 of pixel 1; oc 1 weighs every (kx, ic) by a power of 10.
  const std::vector<float> filter = {1, 0, 0, 0, 0, 1, /* oc 1 */ 1, 10, 100, 1000, 10000, 100000};
  std::vector<float> out(4);
  eb_conv2d_f32(&p, in.data(), filter.data(), nullptr, out.data());
  EXPECT_EQ(out, (std::vector<float>{7, 654321, 2, 200100}));
}

TEST(Conv2d, S8ZeroPointsBiasAndPerChannelMultipliers) {
  eb_conv_params p = Geometry(2, 2, 2, 2, 1, 1, 0, 1, 1);
  p.out_c = 2;
  p.in_zp = 1;
  p.out_zp = -5;
  const std::vector<int8_t> in = {3, 5, -1, 9};  // minus in_zp: 2, 4, -2, 8
  const std::vector<int8_t> filter = {1, 1, 1, 1, /* oc 1 */ 1, -1, 2, 0};
  const int32_t bias[] = {10, -4};
  const int32_t mult[] = {1 << 30, 1 << 30};  // 0.5 and 2.0
  const int32_t shift[] = {0, 2};
  std::vector<int8_t> out(2);
  eb_conv2d_s8(&p, in.data(), filter.data(), bias, mult, shift, out.data());
  // oc 0: (12 + 10) * 0.5 - 5 = 6; oc 1: (2 - 4 - 4 - 4) * 2 - 5 = -25.
  EXPECT_EQ(out, (std::vector<int8_t>{6, -25}));
}

TEST(Conv2d, S8PaddingActsAsInputZeroPointAndTiesRoundAway) {
  eb_conv_params p = Geometry(2, 2, 3, 3, 1, 1, 1, 2, 2);
  p.in_zp = 10;
  p.out_zp = 3;
  const std::vector<int8_t> in = {12, 14, 16, 18};  // minus in_zp: 2, 4, 6, 8
  const std::vector<int8_t> filter = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  const int32_t mult[] = {1 << 30};  // 0.25
  const int32_t shift[] = {-1};
  std::vector<int8_t> out(4);
  eb_conv2d_s8(&p, in.data(), filter.data(), nullptr, mult, shift, out.data());
  // Accumulators 154, 134, 94, 74; a quarter of each ends in .5 and rounds up: 39, 34, 24, 19; plus 3.
  EXPECT_EQ(out, (std::vector<int8_t>{42, 37, 27, 22}));
}

TEST(Conv2d, S8Stride2Dilation2) {
  const eb_conv_params p = Geometry(5, 5, 2, 2, 2, 2, 0, 2, 2);
  const std::vector<int8_t> in = Ramp5x5<int8_t>(-12);
  const std::vector<int8_t> filter = {1, -1, 2, 1};
  const int32_t mult[] = {1 << 30};  // 1.0
  const int32_t shift[] = {1};
  std::vector<int8_t> out(4);
  eb_conv2d_s8(&p, in.data(), filter.data(), nullptr, mult, shift, out.data());
  // Output (0,0) = in(0,0) - in(0,2) + 2 in(2,0) + in(2,2) = -12 + 10 - 4 + 0.
  EXPECT_EQ(out, (std::vector<int8_t>{-6, 0, 24, 30}));
}

TEST(Conv2d, S8SaturatesAndAppliesFusedClamp) {
  eb_conv_params p = Geometry(1, 1, 1, 1, 1, 1, 0, 1, 1);
  p.out_c = 3;
  p.in_zp = -100;
  const std::vector<int8_t> in = {100};  // minus in_zp: 200
  const std::vector<int8_t> filter = {127, -128, 1};
  const int32_t mult[] = {1 << 30, 1 << 30, 1 << 30};  // 1.0, 1.0, 0.5
  const int32_t shift[] = {1, 1, 0};
  std::vector<int8_t> out(3);
  eb_conv2d_s8(&p, in.data(), filter.data(), nullptr, mult, shift, out.data());
  EXPECT_EQ(out, (std::vector<int8_t>{127, -128, 100}));

  // A fused ReLU with out_zp -20 clamps at -20 from below.
  p.out_zp = -20;
  p.q_min = -20;
  eb_conv2d_s8(&p, in.data(), filter.data(), nullptr, mult, shift, out.data());
  EXPECT_EQ(out, (std::vector<int8_t>{127, -20, 80}));
}

// ---- Random geometries against a naive implementation ----

struct RandomCase {
  eb_conv_params p;
  int32_t pad_bottom, pad_right;
};

RandomCase RandomGeometry(std::mt19937& rng) {
  auto uni = [&rng](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  for (;;) {
    RandomCase c{};
    eb_conv_params& p = c.p;
    p.batch = uni(1, 2);
    p.in_h = uni(1, 9);
    p.in_w = uni(1, 9);
    p.in_c = uni(1, 5);
    p.out_c = uni(1, 5);
    p.k_h = uni(1, 4);
    p.k_w = uni(1, 4);
    p.stride_h = uni(1, 3);
    p.stride_w = uni(1, 3);
    p.dil_h = uni(1, 3);
    p.dil_w = uni(1, 3);
    p.depth_multiplier = 1;
    const int32_t eff_h = (p.k_h - 1) * p.dil_h + 1;
    const int32_t eff_w = (p.k_w - 1) * p.dil_w + 1;
    p.pad_top = uni(0, eff_h - 1);
    p.pad_left = uni(0, eff_w - 1);
    c.pad_bottom = uni(0, eff_h - 1);
    c.pad_right = uni(0, eff_w - 1);
    const int32_t span_h = p.in_h + p.pad_top + c.pad_bottom - eff_h;
    const int32_t span_w = p.in_w + p.pad_left + c.pad_right - eff_w;
    if (span_h < 0 || span_w < 0) continue;
    p.out_h = span_h / p.stride_h + 1;
    p.out_w = span_w / p.stride_w + 1;
    return c;
  }
}

// Copies the input into a larger buffer whose border (the padding on all four sides) holds `fill`.
template <typename T>
std::vector<T> PadInput(const RandomCase& c, const std::vector<T>& in, T fill, int32_t* ph, int32_t* pw) {
  const eb_conv_params& p = c.p;
  *ph = p.pad_top + p.in_h + c.pad_bottom;
  *pw = p.pad_left + p.in_w + c.pad_right;
  std::vector<T> padded(static_cast<size_t>(p.batch) * *ph * *pw * p.in_c, fill);
  for (int32_t b = 0; b < p.batch; ++b)
    for (int32_t y = 0; y < p.in_h; ++y)
      for (int32_t x = 0; x < p.in_w; ++x)
        for (int32_t ic = 0; ic < p.in_c; ++ic)
          padded[((static_cast<size_t>(b) * *ph + y + p.pad_top) * *pw + x + p.pad_left) * p.in_c + ic] =
              in[((static_cast<size_t>(b) * p.in_h + y) * p.in_w + x) * p.in_c + ic];
  return padded;
}

// Calls fn(output index, padded-input index, filter index) for every tap of every output, border included.
template <typename Fn>
void ForEachTap(const eb_conv_params& p, int32_t ph, int32_t pw, Fn fn) {
  for (int32_t b = 0; b < p.batch; ++b)
    for (int32_t oy = 0; oy < p.out_h; ++oy)
      for (int32_t ox = 0; ox < p.out_w; ++ox)
        for (int32_t oc = 0; oc < p.out_c; ++oc)
          for (int32_t ky = 0; ky < p.k_h; ++ky)
            for (int32_t kx = 0; kx < p.k_w; ++kx)
              for (int32_t ic = 0; ic < p.in_c; ++ic) {
                const size_t y = static_cast<size_t>(oy) * p.stride_h + static_cast<size_t>(ky) * p.dil_h;
                const size_t x = static_cast<size_t>(ox) * p.stride_w + static_cast<size_t>(kx) * p.dil_w;
                const size_t pi = ((b * static_cast<size_t>(ph) + y) * pw + x) * p.in_c + ic;
                const size_t fi = ((static_cast<size_t>(oc) * p.k_h + ky) * p.k_w + kx) * p.in_c + ic;
                const size_t oi = ((static_cast<size_t>(b) * p.out_h + oy) * p.out_w + ox) * p.out_c + oc;
                fn(oi, pi, fi);
              }
}

size_t OutCount(const eb_conv_params& p) {
  return static_cast<size_t>(p.batch) * p.out_h * p.out_w * p.out_c;
}

TEST(Conv2d, F32RandomGeometriesMatchNaiveDouble) {
  std::mt19937 rng(20240601);
  std::uniform_real_distribution<float> val(-1.0f, 1.0f);
  for (int iter = 0; iter < 200; ++iter) {
    RandomCase c = RandomGeometry(rng);
    eb_conv_params& p = c.p;
    p.act_min = iter % 3 == 0 ? 0.0f : -kInf;
    p.act_max = iter % 5 == 0 ? 0.5f : kInf;
    std::vector<float> in(static_cast<size_t>(p.batch) * p.in_h * p.in_w * p.in_c);
    std::vector<float> filter(static_cast<size_t>(p.out_c) * p.k_h * p.k_w * p.in_c);
    std::vector<float> bias(p.out_c);
    for (float& v : in) v = val(rng);
    for (float& v : filter) v = val(rng);
    for (float& v : bias) v = val(rng);
    const bool use_bias = iter % 4 != 1;

    int32_t ph = 0, pw = 0;
    const std::vector<float> padded = PadInput(c, in, 0.0f, &ph, &pw);
    std::vector<double> sum(OutCount(p), 0.0), mag(OutCount(p), 0.0);
    ForEachTap(p, ph, pw, [&](size_t oi, size_t pi, size_t fi) {
      sum[oi] += static_cast<double>(padded[pi]) * filter[fi];
      mag[oi] += std::fabs(static_cast<double>(padded[pi]) * filter[fi]);
    });

    std::vector<float> out(OutCount(p), NAN);
    eb_conv2d_f32(&p, in.data(), filter.data(), use_bias ? bias.data() : nullptr, out.data());
    for (size_t i = 0; i < out.size(); ++i) {
      const double b = use_bias ? bias[i % p.out_c] : 0.0;
      const double want = std::fmin(std::fmax(sum[i] + b, p.act_min), p.act_max);
      ASSERT_NEAR(out[i], want, 1e-5 * (mag[i] + std::fabs(b)) + 1e-6) << "case " << iter << " output " << i;
    }
  }
}

TEST(Conv2d, S8RandomGeometriesMatchNaive) {
  std::mt19937 rng(777);
  auto uni = [&rng](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  size_t unsaturated = 0, total = 0;
  for (int iter = 0; iter < 200; ++iter) {
    RandomCase c = RandomGeometry(rng);
    eb_conv_params& p = c.p;
    p.in_zp = uni(-128, 127);
    p.out_zp = uni(-128, 127);
    p.q_min = iter % 3 == 0 ? p.out_zp : -128;  // sometimes a fused ReLU
    p.q_max = 127;
    std::vector<int8_t> in(static_cast<size_t>(p.batch) * p.in_h * p.in_w * p.in_c);
    std::vector<int8_t> filter(static_cast<size_t>(p.out_c) * p.k_h * p.k_w * p.in_c);
    std::vector<int32_t> bias(p.out_c), mult(p.out_c), shift(p.out_c);
    for (int8_t& v : in) v = static_cast<int8_t>(uni(-128, 127));
    for (int8_t& v : filter) v = static_cast<int8_t>(uni(-127, 127));
    for (int32_t& v : bias) v = uni(-20000, 20000);
    // Per-channel scales around 0.01 / sqrt(taps), spread 25x, so outputs mostly land inside int8.
    const double taps = static_cast<double>(p.k_h) * p.k_w * p.in_c;
    for (int32_t oc = 0; oc < p.out_c; ++oc) {
      const double scale = 0.01 / std::sqrt(taps) * std::exp(std::uniform_real_distribution<double>(-1.6, 1.6)(rng));
      eb_quantize_multiplier(scale, &mult[oc], &shift[oc]);
    }
    const bool use_bias = iter % 4 != 1;

    int32_t ph = 0, pw = 0;
    const std::vector<int8_t> padded = PadInput(c, in, static_cast<int8_t>(p.in_zp), &ph, &pw);
    std::vector<int32_t> acc(OutCount(p), 0);
    ForEachTap(p, ph, pw, [&](size_t oi, size_t pi, size_t fi) {
      acc[oi] += static_cast<int32_t>(filter[fi]) * (static_cast<int32_t>(padded[pi]) - p.in_zp);
    });

    std::vector<int8_t> out(OutCount(p), 0);
    eb_conv2d_s8(&p, in.data(), filter.data(), use_bias ? bias.data() : nullptr, mult.data(), shift.data(),
                 out.data());
    for (size_t i = 0; i < out.size(); ++i) {
      const int32_t oc = static_cast<int32_t>(i % p.out_c);
      const int32_t a = acc[i] + (use_bias ? bias[oc] : 0);
      const int32_t q = eb_multiply_by_quantized_multiplier(a, mult[oc], shift[oc]) + p.out_zp;
      const int32_t want = std::min(std::max(q, p.q_min), p.q_max);
      ASSERT_EQ(out[i], want) << "case " << iter << " output " << i;
      unsaturated += want > p.q_min && want < p.q_max;
      ++total;
    }
  }
  // The comparison means something only if most outputs are not pinned at the clamp.
  EXPECT_GT(unsaturated, total / 2);
}

}  // namespace
