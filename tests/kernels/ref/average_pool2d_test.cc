// AVERAGE_POOL_2D against hand-worked windows (border clipping, tie rounding away from zero on both
// signs, clamping) and against a naive double-precision pool on seeded random shapes (channel counts on
// both sides of a multiple of four, windows on both sides of the int8 lane sums' 255 taps).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "average_pool2d.h"

namespace {

eb_pool_params Params(int batch, int h, int w, int c, int k_h, int k_w, int stride, int pad_top, int pad_left,
                      int out_h, int out_w) {
  eb_pool_params p{};
  p.batch = batch;
  p.in_h = h;
  p.in_w = w;
  p.channels = c;
  p.k_h = k_h;
  p.k_w = k_w;
  p.stride_h = stride;
  p.stride_w = stride;
  p.pad_top = pad_top;
  p.pad_left = pad_left;
  p.out_h = out_h;
  p.out_w = out_w;
  p.act_min = -INFINITY;
  p.act_max = INFINITY;
  p.q_min = -128;
  p.q_max = 127;
  return p;
}

}  // namespace

// 3x3 SAME pool on a 3x3 image: corners average 4 taps, edges 6, centre 9. Channel 1 is channel 0
// negated, so every .5 tie shows rounding away from zero on both sides.
TEST(AveragePool2dS8, SamePaddingDividesByTapsInside) {
  const std::vector<int8_t> in = {1, -1, 2, -2, 3, -3, 4, -4, 5, -5, 6, -6, 7, -7, 8, -8, 9, -9};
  eb_pool_params p = Params(1, 3, 3, 2, 3, 3, 1, 1, 1, 3, 3);
  std::vector<int8_t> out(18);
  eb_average_pool2d_s8(&p, in.data(), out.data());
  // Sums / counts: 12/4, 21/6, 16/4, 27/6, 45/9, 33/6, 24/4, 39/6, 28/4.
  const std::vector<int8_t> expected = {3, -3, 4, -4, 4, -4, 5, -5, 5, -5, 6, -6, 6, -6, 7, -7, 7, -7};
  EXPECT_EQ(out, expected);
}

TEST(AveragePool2dS8, CountBasedRoundingOfNegativeSums) {
  // One row of 8, window 1x3 with stride 3: the last window overhangs the right edge, so it holds two.
  //   {-1,-2,-2}: -5/3 = -1.67 -> -2     {-4,0,0}: -4/3 = -1.33 -> -1     {-3,-2}: -2.5 -> -3
  const std::vector<int8_t> in = {-1, -2, -2, -4, 0, 0, -3, -2};
  eb_pool_params p = Params(1, 1, 8, 1, 1, 3, 3, 0, 0, 1, 3);
  std::vector<int8_t> out(3);
  eb_average_pool2d_s8(&p, in.data(), out.data());
  EXPECT_EQ(out, (std::vector<int8_t>{-2, -1, -3}));

  // The brief's pair alone: a 1x2 window over {-3, -2} gives (-5 - 1) / 2 = -3, and {3, 2} gives 3.
  const std::vector<int8_t> pair = {-3, -2, 3, 2};
  eb_pool_params q = Params(1, 1, 4, 1, 1, 2, 2, 0, 0, 1, 2);
  std::vector<int8_t> out2(2);
  eb_average_pool2d_s8(&q, pair.data(), out2.data());
  EXPECT_EQ(out2, (std::vector<int8_t>{-3, 3}));
}

TEST(AveragePool2dS8, LeftPaddingTapIsSkippedNotZero) {
  // pad_left 1: the first window is {pad, -3}: the mean is -3 (one tap), not -1.5.
  const std::vector<int8_t> in = {-3, -2};
  eb_pool_params p = Params(1, 1, 2, 1, 1, 2, 1, 0, 1, 1, 2);
  std::vector<int8_t> out(2);
  eb_average_pool2d_s8(&p, in.data(), out.data());
  EXPECT_EQ(out, (std::vector<int8_t>{-3, -3}));
}

TEST(AveragePool2dS8, ClampsToActivationRange) {
  const std::vector<int8_t> in = {1, -1, 2, -2, 3, -3, 4, -4, 5, -5, 6, -6, 7, -7, 8, -8, 9, -9};
  eb_pool_params p = Params(1, 3, 3, 2, 3, 3, 1, 1, 1, 3, 3);
  p.q_min = -4;
  p.q_max = 5;
  std::vector<int8_t> out(18);
  eb_average_pool2d_s8(&p, in.data(), out.data());
  const std::vector<int8_t> expected = {3, -3, 4, -4, 4, -4, 5, -4, 5, -4, 5, -4, 5, -4, 5, -4, 5, -4};
  EXPECT_EQ(out, expected);
}

TEST(AveragePool2dS8, StrideTwoValidTwoBatches) {
  // 2x4x4x1, 2x2 window stride 2: four disjoint 2x2 blocks per image.
  std::vector<int8_t> in(32);
  for (int i = 0; i < 32; ++i) in[i] = static_cast<int8_t>(i * 5 - 80);
  eb_pool_params p = Params(2, 4, 4, 1, 2, 2, 2, 0, 0, 2, 2);
  std::vector<int8_t> out(8);
  eb_average_pool2d_s8(&p, in.data(), out.data());
  // Block (0,0) of image 0 holds indices 0,1,4,5: values -80,-75,-60,-55, mean -67.5 -> -68.
  // Each block to the right adds 10 to the mean, each block down 40, image 1 adds 80, so image 1's
  // means are the positive ties 12.5, 22.5, 52.5, 62.5, which round up.
  EXPECT_EQ(out, (std::vector<int8_t>{-68, -58, -28, -18, 13, 23, 53, 63}));
}

TEST(AveragePool2dF32, SamePaddingAndClamp) {
  const std::vector<float> in = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  eb_pool_params p = Params(1, 3, 3, 1, 3, 3, 1, 1, 1, 3, 3);
  std::vector<float> out(9);
  eb_average_pool2d_f32(&p, in.data(), out.data());
  EXPECT_EQ(out, (std::vector<float>{3.0f, 3.5f, 4.0f, 4.5f, 5.0f, 5.5f, 6.0f, 6.5f, 7.0f}));
  p.act_min = 3.75f;
  p.act_max = 6.0f;
  eb_average_pool2d_f32(&p, in.data(), out.data());
  EXPECT_EQ(out, (std::vector<float>{3.75f, 3.75f, 4.0f, 4.5f, 5.0f, 5.5f, 6.0f, 6.0f, 6.0f}));
}

TEST(AveragePool2d, MatchesNaivePoolOnRandomShapes) {
  std::mt19937 rng(20240611);
  auto uni = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  for (int trial = 0; trial < 300; ++trial) {
    // Every tenth trial a large window: 144 to 400 taps, on both sides of the 255 up to which the int8 path
    // sums four channels in 16-bit lanes, and half of those all -128 or all 127 (the lanes' extreme sums).
    const bool big = trial % 10 == 0, extreme = trial % 20 == 0;
    const int batch = uni(1, 2), h = big ? uni(16, 20) : uni(1, 9), w = big ? uni(16, 20) : uni(1, 9), c = uni(1, 9);
    const int k_h = big ? uni(12, h) : uni(1, 4), k_w = big ? uni(12, w) : uni(1, 4), stride = uni(1, 3);
    const bool same = uni(0, 1) == 1;
    int out_h, out_w, pad_top = 0, pad_left = 0;
    if (same) {
      out_h = (h + stride - 1) / stride;
      out_w = (w + stride - 1) / stride;
      pad_top = std::max(0, ((out_h - 1) * stride + k_h - h) / 2);
      pad_left = std::max(0, ((out_w - 1) * stride + k_w - w) / 2);
    } else {
      if (k_h > h || k_w > w) continue;
      out_h = (h - k_h) / stride + 1;
      out_w = (w - k_w) / stride + 1;
    }
    eb_pool_params p = Params(batch, h, w, c, k_h, k_w, stride, pad_top, pad_left, out_h, out_w);
    p.q_min = uni(-128, -20);
    p.q_max = uni(20, 127);
    const size_t n_in = static_cast<size_t>(batch) * h * w * c;
    const size_t n_out = static_cast<size_t>(batch) * out_h * out_w * c;
    std::vector<int8_t> in8(n_in);
    std::vector<float> inf(n_in);
    for (size_t i = 0; i < n_in; ++i) {
      in8[i] = static_cast<int8_t>(extreme ? (trial % 40 == 0 ? -128 : 127) : uni(-128, 127));
      inf[i] = static_cast<float>(in8[i]) * 0.25f;
    }
    std::vector<int8_t> out8(n_out);
    std::vector<float> outf(n_out);
    eb_average_pool2d_s8(&p, in8.data(), out8.data());
    eb_average_pool2d_f32(&p, inf.data(), outf.data());
    size_t o = 0;
    for (int b = 0; b < batch; ++b)
      for (int oy = 0; oy < out_h; ++oy)
        for (int ox = 0; ox < out_w; ++ox)
          for (int ch = 0; ch < c; ++ch, ++o) {
            double sum = 0;
            int count = 0;
            for (int ky = 0; ky < k_h; ++ky)
              for (int kx = 0; kx < k_w; ++kx) {
                const int y = oy * stride - pad_top + ky, x = ox * stride - pad_left + kx;
                if (y < 0 || y >= h || x < 0 || x >= w) continue;
                sum += in8[((static_cast<size_t>(b) * h + y) * w + x) * c + ch];
                ++count;
              }
            ASSERT_GT(count, 0);
            const double mean = sum / count;
            const double rounded = std::copysign(std::floor(std::fabs(mean) + 0.5), mean);
            const int expected8 = std::clamp(static_cast<int>(rounded), p.q_min, p.q_max);
            ASSERT_EQ(out8[o], expected8) << "trial " << trial << " index " << o;
            ASSERT_NEAR(outf[o], mean * 0.25, 1e-5) << "trial " << trial << " index " << o;
          }
  }
}

// Padding of 2 above and left of a 2x2 image: the first window holds a single tap, two rows and columns in.
// float32 taps are addressed from the image start, never through a pointer formed before it (clang's UBSan
// reports such a pointer).
TEST(AveragePool2dF32, WindowsStartingOutsideTheImageAddressOnlyTapsInside) {
  eb_pool_params p = Params(1, 2, 2, 1, 3, 3, 1, 2, 2, 2, 2);
  const std::vector<float> in = {1.0f, -2.0f, -3.0f, 4.0f};
  std::vector<float> out(4);
  eb_average_pool2d_f32(&p, in.data(), out.data());
  EXPECT_EQ(out, (std::vector<float>{1.0f, -0.5f, -1.0f, 0.0f}));
}
