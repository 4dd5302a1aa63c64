// DEPTHWISE_CONV_2D int16x8: hand-worked cases (channel layout with a depth multiplier, the int64 requantisation's
// rounding, an int64 bias) and seeded random geometries against a naive per-channel convolution in exact
// arithmetic.
#include "depthwise_conv2d_s16.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

#include "kernels/kernel_test_util.h"
#include "kernels/ref/int16x8_reference.h"

namespace eb {
namespace {

TEST(DepthwiseConv2dS16, EachOutputChannelReadsItsInputChannel) {
  // 1x2 image of 2 channels, 1x2 filter, depth multiplier 2: output channel oc reads input channel oc / 2.
  eb_conv_params p{};
  p.batch = 1;
  p.in_h = 1;
  p.in_w = 2;
  p.in_c = 2;
  p.out_h = p.out_w = 1;
  p.out_c = 4;
  p.k_h = 1;
  p.k_w = 2;
  p.stride_h = p.stride_w = p.dil_h = p.dil_w = 1;
  p.depth_multiplier = 2;
  p.q_min = -32768;
  p.q_max = 32767;
  const std::vector<int16_t> in = {1000, -30000, 3, 20000};  // pixel 0: (1000, -30000), pixel 1: (3, 20000)
  // [1][1][2][4]: tap 0 then tap 1, four output channels each.
  const std::vector<int8_t> filter = {1, 2, 3, 4, /* tap 1 */ -1, 1, 10, -128};
  const int64_t bias[] = {0, 5, -1, int64_t{1} << 36};
  const int32_t mult[] = {1 << 30, 1 << 30, 1 << 30, 1 << 30};
  const int32_t shift[] = {1, -1, -8, -27};  // 1.0, 0.25, 2^-9, 2^-28
  std::vector<int16_t> out(4);
  eb_depthwise_conv2d_s16(&p, in.data(), filter.data(), bias, mult, shift, out.data());
  // oc 0: 1000 - 3 = 997. oc 1: (2000 + 3 + 5) / 4 = 502. oc 2: (-90000 + 200000 - 1) / 512 = 214.84 -> 215.
  // oc 3: (-120000 - 2560000 + 2^36) / 2^28 = 255.99 -> 256.
  EXPECT_EQ(out, (std::vector<int16_t>{997, 502, 215, 256}));
}

TEST(DepthwiseConv2dS16, TiesRoundUpwardOnceNotAwayFromZero) {
  eb_conv_params p = test::Depthwise3x3(1, 1, 1, 1, 1, 1, 1);  // 3x3 over one pixel: only the centre tap
  p.q_min = -32768;
  p.q_max = 32767;
  const int16_t in[] = {-3};
  const std::vector<int8_t> filter = {0, 0, 0, 0, 1, 0, 0, 0, 0};
  const int32_t mult[] = {1 << 30};  // 0.5
  const int32_t shift[] = {0};
  int16_t out = 0;
  eb_depthwise_conv2d_s16(&p, in, filter.data(), nullptr, mult, shift, &out);
  EXPECT_EQ(out, -1);  // -1.5 ties upward
}

TEST(DepthwiseConv2dS16, RandomGeometriesMatchTheNaiveForm) {
  std::mt19937 rng(1616);
  for (int iter = 0; iter < 300; ++iter) {
    eb_conv_params p = test::RandomConvGeometry(rng, true);
    p.in_zp = p.out_zp = 0;
    p.q_min = test::Uniform(rng, 0, 3) == 0 ? test::Uniform(rng, -32768, 0) : -32768;
    p.q_max = test::Uniform(rng, 0, 3) == 0 ? test::Uniform(rng, 0, 32767) : 32767;
    std::vector<int16_t> in(static_cast<size_t>(p.batch) * p.in_h * p.in_w * p.in_c);
    for (int16_t& v : in) v = static_cast<int16_t>(test::Uniform(rng, -32768, 32767));
    const std::vector<int8_t> filter = test::RandomI8(rng, static_cast<size_t>(p.k_h) * p.k_w * p.out_c);
    std::vector<int64_t> bias;
    std::vector<int32_t> mult, shift;
    for (int32_t oc = 0; oc < p.out_c; ++oc) {
      bias.push_back(static_cast<int64_t>(test::Uniform(rng, -(1 << 30), 1 << 30)) * test::Uniform(rng, 1, 256));
      mult.push_back(test::Uniform(rng, 0, 9) == 0 ? 0 : test::Uniform(rng, 1 << 30, INT32_MAX));
      shift.push_back(test::Uniform(rng, -22, 7));
    }
    const bool with_bias = iter % 3 != 0;
    std::vector<int16_t> out(static_cast<size_t>(p.batch) * p.out_h * p.out_w * p.out_c);
    eb_depthwise_conv2d_s16(&p, in.data(), filter.data(), with_bias ? bias.data() : nullptr, mult.data(),
                            shift.data(), out.data());
    size_t i = 0;
    for (int32_t b = 0; b < p.batch; ++b)
      for (int32_t oy = 0; oy < p.out_h; ++oy)
        for (int32_t ox = 0; ox < p.out_w; ++ox)
          for (int32_t oc = 0; oc < p.out_c; ++oc, ++i) {
            const int32_t ic = oc / p.depth_multiplier;
            int64_t acc = with_bias ? bias[static_cast<size_t>(oc)] : 0;
            for (int32_t ky = 0; ky < p.k_h; ++ky)
              for (int32_t kx = 0; kx < p.k_w; ++kx) {
                const int32_t y = oy * p.stride_h - p.pad_top + ky * p.dil_h;
                const int32_t x = ox * p.stride_w - p.pad_left + kx * p.dil_w;
                if (y < 0 || y >= p.in_h || x < 0 || x >= p.in_w) continue;  // zero padding
                acc += int64_t{in[((static_cast<size_t>(b) * p.in_h + y) * p.in_w + x) * p.in_c + ic]} *
                       filter[(static_cast<size_t>(ky) * p.k_w + kx) * p.out_c + oc];
              }
            const int32_t want = test::RescaleS64(acc, mult[static_cast<size_t>(oc)], shift[static_cast<size_t>(oc)]);
            ASSERT_EQ(out[i], static_cast<int16_t>(std::min(std::max(want, p.q_min), p.q_max)))
                << "iteration " << iter << " output " << i;
          }
  }
}

}  // namespace
}  // namespace eb
