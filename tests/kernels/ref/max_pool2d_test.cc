// MAX_POOL_2D against hand-worked windows: an all-negative image shows padding taps are skipped (a zero
// pad would win every border window), plus clamping, and a naive pool on seeded random shapes.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

#include "max_pool2d.h"

namespace {

eb_pool_params Params(int batch, int h, int w, int c, int k, int stride, int pad, int out_h, int out_w) {
  eb_pool_params p{};
  p.batch = batch;
  p.in_h = h;
  p.in_w = w;
  p.channels = c;
  p.k_h = k;
  p.k_w = k;
  p.stride_h = stride;
  p.stride_w = stride;
  p.pad_top = pad;
  p.pad_left = pad;
  p.out_h = out_h;
  p.out_w = out_w;
  p.act_min = -INFINITY;
  p.act_max = INFINITY;
  p.q_min = -128;
  p.q_max = 127;
  return p;
}

// -5 -3 -9
// -1 -7 -2
// -8 -6 -4
const int8_t kNegImage[9] = {-5, -3, -9, -1, -7, -2, -8, -6, -4};

}  // namespace

TEST(MaxPool2dS8, SamePaddingNeverPoolsThePad) {
  eb_pool_params p = Params(1, 3, 3, 1, 3, 1, 1, 3, 3);
  std::vector<int8_t> out(9);
  eb_max_pool2d_s8(&p, kNegImage, out.data());
  EXPECT_EQ(out, (std::vector<int8_t>{-1, -1, -2, -1, -1, -2, -1, -1, -2}));
}

TEST(MaxPool2dS8, ClampsAndStridesOverChannels) {
  // 1x2x4x2, 2x2 window stride 2: two windows, two channels each.
  const std::vector<int8_t> in = {120, -128, 3, -128, 4, -128, 5, -128,  //
                                  6, -128, 7, -128, 8, -128, 9, -127};
  eb_pool_params p = Params(1, 2, 4, 2, 2, 2, 0, 1, 2);
  p.q_min = -100;
  p.q_max = 50;
  std::vector<int8_t> out(4);
  eb_max_pool2d_s8(&p, in.data(), out.data());
  EXPECT_EQ(out, (std::vector<int8_t>{50, -100, 9, -100}));
  p.q_min = -128;
  p.q_max = 127;
  eb_max_pool2d_s8(&p, in.data(), out.data());
  EXPECT_EQ(out, (std::vector<int8_t>{120, -128, 9, -127}));
}

TEST(MaxPool2dF32, SamePaddingAndClamp) {
  std::vector<float> in(9);
  for (int i = 0; i < 9; ++i) in[i] = kNegImage[i] * 0.5f;
  eb_pool_params p = Params(1, 3, 3, 1, 3, 1, 1, 3, 3);
  std::vector<float> out(9);
  eb_max_pool2d_f32(&p, in.data(), out.data());
  EXPECT_EQ(out, (std::vector<float>{-0.5f, -0.5f, -1.0f, -0.5f, -0.5f, -1.0f, -0.5f, -0.5f, -1.0f}));
  p.act_min = -0.75f;
  p.act_max = -0.6f;
  eb_max_pool2d_f32(&p, in.data(), out.data());
  EXPECT_EQ(out, (std::vector<float>{-0.6f, -0.6f, -0.75f, -0.6f, -0.6f, -0.75f, -0.6f, -0.6f, -0.75f}));
}

TEST(MaxPool2d, MatchesNaivePoolOnRandomShapes) {
  std::mt19937 rng(77);
  auto uni = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  for (int trial = 0; trial < 200; ++trial) {
    const int batch = uni(1, 2), h = uni(1, 9), w = uni(1, 9), c = uni(1, 5);
    const int k = uni(1, 4), stride = uni(1, 3);
    const int out_h = (h + stride - 1) / stride, out_w = (w + stride - 1) / stride;
    const int pad_h = std::max(0, ((out_h - 1) * stride + k - h) / 2);
    const int pad_w = std::max(0, ((out_w - 1) * stride + k - w) / 2);
    eb_pool_params p = Params(batch, h, w, c, k, stride, 0, out_h, out_w);
    p.pad_top = pad_h;
    p.pad_left = pad_w;
    p.q_min = uni(-128, -20);
    p.q_max = uni(20, 127);
    p.act_min = p.q_min * 0.5f;
    p.act_max = p.q_max * 0.5f;
    const size_t n_in = static_cast<size_t>(batch) * h * w * c;
    const size_t n_out = static_cast<size_t>(batch) * out_h * out_w * c;
    std::vector<int8_t> in8(n_in);
    std::vector<float> inf(n_in);
    for (size_t i = 0; i < n_in; ++i) {
      in8[i] = static_cast<int8_t>(uni(-128, 127));
      inf[i] = in8[i] * 0.5f;
    }
    std::vector<int8_t> out8(n_out);
    std::vector<float> outf(n_out);
    eb_max_pool2d_s8(&p, in8.data(), out8.data());
    eb_max_pool2d_f32(&p, inf.data(), outf.data());
    size_t o = 0;
    for (int b = 0; b < batch; ++b)
      for (int oy = 0; oy < out_h; ++oy)
        for (int ox = 0; ox < out_w; ++ox)
          for (int ch = 0; ch < c; ++ch, ++o) {
            int m = -1000;
            for (int ky = 0; ky < k; ++ky)
              for (int kx = 0; kx < k; ++kx) {
                const int y = oy * stride - pad_h + ky, x = ox * stride - pad_w + kx;
                if (y < 0 || y >= h || x < 0 || x >= w) continue;
                m = std::max(m, static_cast<int>(in8[((static_cast<size_t>(b) * h + y) * w + x) * c + ch]));
              }
            ASSERT_GT(m, -1000);
            const int expected = std::clamp(m, p.q_min, p.q_max);
            ASSERT_EQ(out8[o], expected) << "trial " << trial;
            ASSERT_EQ(outf[o], expected * 0.5f) << "trial " << trial;
          }
  }
}

// Padding of 2 above and left of a 2x2 image: the first window starts two rows and columns outside it and
// holds a single tap. Taps are addressed from the image start, never through a pointer formed before it
// (clang's UBSan reports such a pointer; GCC's does not).
TEST(MaxPool2d, WindowsStartingOutsideTheImageAddressOnlyTapsInside) {
  eb_pool_params p = Params(1, 2, 2, 1, 3, 1, 2, 2, 2);
  const std::vector<int8_t> in_s8 = {1, -2, -3, 4};
  std::vector<int8_t> out_s8(4);
  eb_max_pool2d_s8(&p, in_s8.data(), out_s8.data());
  EXPECT_EQ(out_s8, (std::vector<int8_t>{1, 1, 1, 4}));
  const std::vector<float> in_f32 = {1.0f, -2.0f, -3.0f, 4.0f};
  std::vector<float> out_f32(4);
  eb_max_pool2d_f32(&p, in_f32.data(), out_f32.data());
  EXPECT_EQ(out_f32, (std::vector<float>{1.0f, 1.0f, 1.0f, 4.0f}));
}
