// CONV_2D int16x8: hand-worked cases for the two accumulators (int64 with an int64 bias, int32 with an int32 bias
// or none), whose requantisations round differently, and seeded random geometries against a naive convolution of
// an explicitly zero-padded input with the requantisations written out in exact arithmetic.
#include "conv2d_s16.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

#include "kernels/kernel_test_util.h"
#include "kernels/ref/int16x8_reference.h"

namespace eb {
namespace {

// One image, one input and one output channel, no dilation, the whole int16 clamp.
eb_conv_params Geometry(int32_t in_h, int32_t in_w, int32_t k, int32_t stride, int32_t pad, int32_t out_h,
                        int32_t out_w) {
  eb_conv_params p{};
  p.batch = 1;
  p.in_h = in_h;
  p.in_w = in_w;
  p.in_c = p.out_c = 1;
  p.out_h = out_h;
  p.out_w = out_w;
  p.k_h = p.k_w = k;
  p.stride_h = p.stride_w = stride;
  p.dil_h = p.dil_w = 1;
  p.pad_top = p.pad_left = pad;
  p.depth_multiplier = 1;
  p.q_min = -32768;
  p.q_max = 32767;
  return p;
}

TEST(Conv2dS16, TheTwoAccumulatorsRoundAQuarterOfMinusSixApart) {
  const eb_conv_params p = Geometry(2, 2, 2, 1, 0, 1, 1);
  const std::vector<int16_t> in = {1000, -2000, 3000, 4};
  const std::vector<int8_t> filter = {1, 2, 3, -1};  // 1000 - 4000 + 9000 - 4 = 5996
  const int32_t mult[] = {1 << 30};                  // 0.25
  const int32_t shift[] = {-1};
  int16_t out = 0;
  // -6 / 4 = -1.5. The int64 form rounds once, ties upward: -1.
  const int64_t bias64[] = {-6002};
  eb_conv2d_s16(&p, in.data(), filter.data(), bias64, mult, shift, &out);
  EXPECT_EQ(out, -1);
  // The int32 form halves to -3 (ties upward), then halves again with ties away from zero: -2.
  const int32_t bias32[] = {-6002};
  eb_conv2d_s16_acc32(&p, in.data(), filter.data(), bias32, mult, shift, &out);
  EXPECT_EQ(out, -2);
}

TEST(Conv2dS16, Int64BiasKeepsItsHighBits) {
  const eb_conv_params p = Geometry(1, 1, 1, 1, 0, 1, 1);
  const int16_t in[] = {7};
  const int8_t filter[] = {2};
  const int64_t bias[] = {int64_t{1} << 33};
  const int32_t mult[] = {1 << 30};  // 2^-21 in all
  const int32_t shift[] = {-20};
  int16_t out = 0;
  eb_conv2d_s16(&p, in, filter, bias, mult, shift, &out);
  // (2^33 + 14) / 2^21 = 4096.0000067.
  EXPECT_EQ(out, 4096);
}

TEST(Conv2dS16, SamePaddingSkipsOutsideTapsAndClamps) {
  eb_conv_params p = Geometry(2, 2, 3, 1, 1, 2, 2);
  const std::vector<int16_t> in = {100, -200, 300, 400};
  const std::vector<int8_t> filter = {1, 1, 1, 1, 2, 1, 1, 1, 1};  // the centre tap counts twice
  const int32_t mult[] = {1 << 30};                               // 1.0
  const int32_t shift[] = {1};
  std::vector<int16_t> out(4);
  // Every output sees the whole image (600) plus its own pixel once more: 700, 400, 900, 1000.
  eb_conv2d_s16_acc32(&p, in.data(), filter.data(), nullptr, mult, shift, out.data());
  EXPECT_EQ(out, (std::vector<int16_t>{700, 400, 900, 1000}));
  // A fused ReLU6 whose 6.0 is 800 in the output's domain.
  p.q_min = 0;
  p.q_max = 800;
  const int64_t bias[] = {-500};
  eb_conv2d_s16(&p, in.data(), filter.data(), bias, mult, shift, out.data());
  EXPECT_EQ(out, (std::vector<int16_t>{200, 0, 400, 500}));
}

TEST(Conv2dS16, SaturatesAtTheInt16Range) {
  eb_conv_params p = Geometry(1, 1, 1, 1, 0, 1, 1);
  p.out_c = 2;
  const int16_t in[] = {-32768};
  const int8_t filter[] = {-128, 127};  // 4194304 and -4161536
  const int32_t mult[] = {1 << 30, 1 << 30};
  const int32_t shift[] = {-5, -5};    // / 64: 65536 and -65024
  int16_t out[2] = {};
  eb_conv2d_s16(&p, in, filter, nullptr, mult, shift, out);
  EXPECT_EQ(out[0], 32767);
  EXPECT_EQ(out[1], -32768);
}

// ---- Random geometries against the naive form ----

struct Case {
  eb_conv_params p;
  std::vector<int16_t> in;
  std::vector<int8_t> filter;
  std::vector<int32_t> mult, shift;
};

Case RandomCase(std::mt19937& rng) {
  Case c;
  c.p = test::RandomConvGeometry(rng, false);
  eb_conv_params& p = c.p;
  p.in_zp = p.out_zp = 0;
  p.q_min = test::Uniform(rng, 0, 3) == 0 ? test::Uniform(rng, -32768, 0) : -32768;
  p.q_max = test::Uniform(rng, 0, 3) == 0 ? test::Uniform(rng, 0, 32767) : 32767;
  c.in.resize(static_cast<size_t>(p.batch) * p.in_h * p.in_w * p.in_c);
  for (int16_t& v : c.in) v = static_cast<int16_t>(test::Uniform(rng, -32768, 32767));
  c.filter = test::RandomI8(rng, static_cast<size_t>(p.out_c) * p.k_h * p.k_w * p.in_c);
  for (int32_t oc = 0; oc < p.out_c; ++oc) {
    c.mult.push_back(test::Uniform(rng, 0, 9) == 0 ? 0 : test::Uniform(rng, 1 << 30, INT32_MAX));
    c.shift.push_back(test::Uniform(rng, -22, 7));
  }
  return c;
}

// The exact sums of every output over an explicitly zero-padded copy of the input, batch-major NHWC.
std::vector<int64_t> NaiveSums(const Case& c) {
  const eb_conv_params& p = c.p;
  const int32_t ph = p.in_h + 2 * p.k_h * p.dil_h, pw = p.in_w + 2 * p.k_w * p.dil_w;  // room on every side
  std::vector<int64_t> padded(static_cast<size_t>(p.batch) * ph * pw * p.in_c, 0);
  auto at = [&](int32_t b, int32_t y, int32_t x, int32_t ic) -> int64_t& {
    return padded[((static_cast<size_t>(b) * ph + y + p.k_h * p.dil_h) * pw + x + p.k_w * p.dil_w) * p.in_c + ic];
  };
  for (int32_t b = 0; b < p.batch; ++b)
    for (int32_t y = 0; y < p.in_h; ++y)
      for (int32_t x = 0; x < p.in_w; ++x)
        for (int32_t ic = 0; ic < p.in_c; ++ic)
          at(b, y, x, ic) = c.in[((static_cast<size_t>(b) * p.in_h + y) * p.in_w + x) * p.in_c + ic];
  std::vector<int64_t> sums;
  for (int32_t b = 0; b < p.batch; ++b)
    for (int32_t oy = 0; oy < p.out_h; ++oy)
      for (int32_t ox = 0; ox < p.out_w; ++ox)
        for (int32_t oc = 0; oc < p.out_c; ++oc) {
          int64_t s = 0;
          for (int32_t ky = 0; ky < p.k_h; ++ky)
            for (int32_t kx = 0; kx < p.k_w; ++kx)
              for (int32_t ic = 0; ic < p.in_c; ++ic) {
                const int32_t y = oy * p.stride_h - p.pad_top + ky * p.dil_h;
                const int32_t x = ox * p.stride_w - p.pad_left + kx * p.dil_w;
                s += at(b, y, x, ic) * c.filter[((static_cast<size_t>(oc) * p.k_h + ky) * p.k_w + kx) * p.in_c + ic];
              }
          sums.push_back(s);
        }
  return sums;
}

int16_t Clamp(int32_t v, const eb_conv_params& p) {
  return static_cast<int16_t>(std::min(std::max(v, p.q_min), p.q_max));
}

TEST(Conv2dS16, RandomGeometriesMatchTheNaiveInt64Form) {
  std::mt19937 rng(1608);
  for (int iter = 0; iter < 300; ++iter) {
    const Case c = RandomCase(rng);
    const eb_conv_params& p = c.p;
    std::vector<int64_t> bias(static_cast<size_t>(p.out_c));
    for (int64_t& b : bias) {
      b = static_cast<int64_t>(test::Uniform(rng, -(1 << 30), 1 << 30)) * test::Uniform(rng, 1, 512);
    }
    const bool with_bias = iter % 4 != 0;
    std::vector<int16_t> out(static_cast<size_t>(p.batch) * p.out_h * p.out_w * p.out_c);
    eb_conv2d_s16(&p, c.in.data(), c.filter.data(), with_bias ? bias.data() : nullptr, c.mult.data(), c.shift.data(),
                  out.data());
    const std::vector<int64_t> sums = NaiveSums(c);
    for (size_t i = 0; i < out.size(); ++i) {
      const size_t oc = i % static_cast<size_t>(p.out_c);
      const int64_t acc = sums[i] + (with_bias ? bias[oc] : 0);
      ASSERT_EQ(out[i], Clamp(test::RescaleS64(acc, c.mult[oc], c.shift[oc]), p))
          << "iteration " << iter << " output " << i;
    }
  }
}

TEST(Conv2dS16, RandomGeometriesMatchTheNaiveInt32Form) {
  std::mt19937 rng(1632);
  for (int iter = 0; iter < 300; ++iter) {
    const Case c = RandomCase(rng);
    const eb_conv_params& p = c.p;
    std::vector<int32_t> bias(static_cast<size_t>(p.out_c));
    for (int32_t& b : bias) b = test::Uniform(rng, -(1 << 26), 1 << 26);
    const bool with_bias = iter % 4 != 0;
    std::vector<int16_t> out(static_cast<size_t>(p.batch) * p.out_h * p.out_w * p.out_c);
    eb_conv2d_s16_acc32(&p, c.in.data(), c.filter.data(), with_bias ? bias.data() : nullptr, c.mult.data(),
                        c.shift.data(), out.data());
    const std::vector<int64_t> sums = NaiveSums(c);
    for (size_t i = 0; i < out.size(); ++i) {
      const size_t oc = i % static_cast<size_t>(p.out_c);
      const int64_t acc = sums[i] + (with_bias ? bias[oc] : 0);
      ASSERT_GE(acc, INT32_MIN);  // the geometries keep the int32 sum exact
      ASSERT_LE(acc, INT32_MAX);
      ASSERT_EQ(out[i], Clamp(test::RescaleS32(static_cast<int32_t>(acc), c.mult[oc], c.shift[oc]), p))
          << "iteration " << iter << " output " << i;
    }
  }
}

}  // namespace
}  // namespace eb
