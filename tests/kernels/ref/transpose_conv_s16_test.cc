// TRANSPOSE_CONV int16x8: hand-worked scatters (the int64 bias, the int64 requantisation's rounding, an int16 bias
// widened) and seeded random geometries against a literal scatter in exact arithmetic.
#include "transpose_conv_s16.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

#include "kernels/kernel_test_util.h"
#include "kernels/ref/int16x8_reference.h"

namespace eb {
namespace {

TEST(TransposeConvS16, ScattersAndRequantisesInInt64) {
  // 2x1 input, 2x1 filter, stride 2 over a 4x1 output: each input pixel covers two output rows of its own.
  eb_transpose_conv_params p{};
  p.batch = 1;
  p.in_h = 2;
  p.in_w = p.out_w = p.k_w = 1;
  p.in_c = 1;
  p.out_c = 2;
  p.out_h = 4;
  p.k_h = 2;
  p.stride_h = 2;
  p.stride_w = 1;
  p.q_min = -32768;
  p.q_max = 32767;
  const int16_t in[] = {-3, 30000};
  const int8_t filter[] = {1, 2, /* oc 1 */ -128, 127};
  const int64_t bias[] = {0, int64_t{1} << 35};
  const int32_t mult[] = {1 << 30, 1 << 30};
  const int32_t shift[] = {0, -8};  // 0.5 and 2^-9
  std::vector<int16_t> out(8);
  eb_transpose_conv_s16(&p, in, filter, bias, mult, shift, out.data());
  // oc 0: -3, -6, 30000, 60000 halved, ties upward: -1, -3, 15000, 30000.
  // oc 1: 384, -381, -3840000, 3810000, each plus 2^35 (kept whole), over 512: about 2^26, clamped.
  EXPECT_EQ(out, (std::vector<int16_t>{-1, 32767, -3, 32767, 15000, 32767, 30000, 32767}));

  // An int16 bias, widened. oc 0 gains 1: -2 / 2 = -1, -5 / 2 = -2.5 -> -2, 15000.5 -> 15001, 30000.5 -> 30001.
  // oc 1 gains 1000: 1384 / 512 = 2.70 -> 3, 619 / 512 = 1.21 -> 1, -3839000 / 512 = -7498.05 -> -7498,
  // 3811000 / 512 = 7443.36 -> 7443.
  const int16_t bias16[] = {1, 1000};
  eb_transpose_conv_s16_b16(&p, in, filter, bias16, mult, shift, out.data());
  EXPECT_EQ(out, (std::vector<int16_t>{-1, 3, -2, 1, 15001, -7498, 30001, 7443}));
}

TEST(TransposeConvS16, RandomGeometriesMatchTheScatter) {
  std::mt19937 rng(6716);
  for (int iter = 0; iter < 300; ++iter) {
    eb_transpose_conv_params p{};
    p.batch = test::Uniform(rng, 1, 2);
    p.in_h = test::Uniform(rng, 1, 5);
    p.in_w = test::Uniform(rng, 1, 5);
    p.in_c = test::Uniform(rng, 1, 6);
    p.out_c = test::Uniform(rng, 1, 5);
    p.k_h = test::Uniform(rng, 1, 5);
    p.k_w = test::Uniform(rng, 1, 5);
    p.stride_h = test::Uniform(rng, 1, 3);
    p.stride_w = test::Uniform(rng, 1, 3);
    p.out_h = test::Uniform(rng, 1, (p.in_h + 1) * p.stride_h + p.k_h);
    p.out_w = test::Uniform(rng, 1, (p.in_w + 1) * p.stride_w + p.k_w);
    p.pad_top = test::Uniform(rng, 0, p.k_h - 1);
    p.pad_left = test::Uniform(rng, 0, p.k_w - 1);
    p.q_min = iter % 4 == 0 ? test::Uniform(rng, -32768, 0) : -32768;
    p.q_max = iter % 5 == 0 ? test::Uniform(rng, 0, 32767) : 32767;
    std::vector<int16_t> in(static_cast<size_t>(p.batch) * p.in_h * p.in_w * p.in_c);
    for (int16_t& v : in) v = static_cast<int16_t>(test::Uniform(rng, -32768, 32767));
    const std::vector<int8_t> filter = test::RandomI8(rng, static_cast<size_t>(p.out_c) * p.k_h * p.k_w * p.in_c);
    std::vector<int64_t> bias64;
    std::vector<int16_t> bias16;
    std::vector<int32_t> mult, shift;
    for (int32_t oc = 0; oc < p.out_c; ++oc) {
      bias64.push_back(static_cast<int64_t>(test::Uniform(rng, -(1 << 30), 1 << 30)) * test::Uniform(rng, 1, 256));
      bias16.push_back(static_cast<int16_t>(test::Uniform(rng, -32768, 32767)));
      mult.push_back(test::Uniform(rng, 0, 9) == 0 ? 0 : test::Uniform(rng, 1 << 30, INT32_MAX));
      shift.push_back(test::Uniform(rng, -22, 7));
    }
    const int bias_kind = iter % 3;  // none, int64, int16
    std::vector<int16_t> out(static_cast<size_t>(p.batch) * p.out_h * p.out_w * p.out_c);
    if (bias_kind == 2) {
      eb_transpose_conv_s16_b16(&p, in.data(), filter.data(), bias16.data(), mult.data(), shift.data(), out.data());
    } else {
      eb_transpose_conv_s16(&p, in.data(), filter.data(), bias_kind == 1 ? bias64.data() : nullptr, mult.data(),
                            shift.data(), out.data());
    }
    std::vector<int64_t> acc(out.size(), 0);
    for (int32_t b = 0; b < p.batch; ++b)
      for (int32_t y = 0; y < p.in_h; ++y)
        for (int32_t x = 0; x < p.in_w; ++x)
          for (int32_t ic = 0; ic < p.in_c; ++ic)
            for (int32_t ky = 0; ky < p.k_h; ++ky)
              for (int32_t kx = 0; kx < p.k_w; ++kx)
                for (int32_t oc = 0; oc < p.out_c; ++oc) {
                  const int32_t oy = y * p.stride_h - p.pad_top + ky, ox = x * p.stride_w - p.pad_left + kx;
                  if (oy < 0 || oy >= p.out_h || ox < 0 || ox >= p.out_w) continue;
                  acc[((static_cast<size_t>(b) * p.out_h + oy) * p.out_w + ox) * p.out_c + oc] +=
                      int64_t{in[((static_cast<size_t>(b) * p.in_h + y) * p.in_w + x) * p.in_c + ic]} *
                      filter[((static_cast<size_t>(oc) * p.k_h + ky) * p.k_w + kx) * p.in_c + ic];
                }
    for (size_t o = 0; o < out.size(); ++o) {
      const size_t oc = o % static_cast<size_t>(p.out_c);
      const int64_t sum = acc[o] + (bias_kind == 1 ? bias64[oc] : bias_kind == 2 ? bias16[oc] : 0);
      const int32_t want = std::min(std::max(test::RescaleS64(sum, mult[oc], shift[oc]), p.q_min), p.q_max);
      ASSERT_EQ(out[o], want) << "iteration " << iter << " output " << o;
    }
  }
}

}  // namespace
}  // namespace eb
