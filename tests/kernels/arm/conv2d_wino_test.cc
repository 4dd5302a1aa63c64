// The Winograd F(2x2, 3x3) CONV_2D against the reference, bit for bit: random 3x3 stride-1 geometries
// (padding or none, odd output sizes, batches), zero points, per-channel requantisation and clamps. On the
// host the DSP instructions are the exact portable C of arm_dsp.h; the firmware tests run the assembly.
#include <gtest/gtest.h>

#include <climits>
#include <cstdint>
#include <random>
#include <vector>

#include "conv2d.h"
#include "kernels/kernel_test_util.h"

namespace {

using eb::test::RandomI8;
using eb::test::Uniform;

TEST(ConvWino, MatchesReferenceOnRandomGeometries) {
  std::mt19937 rng(33);
  int compared = 0, tabled = 0;
  for (int trial = 0; trial < 120; ++trial) {
    eb_conv_params p{};
    p.batch = Uniform(rng, 1, 2);
    p.in_h = Uniform(rng, 2, 9);
    p.in_w = Uniform(rng, 2, 9);
    p.in_c = 8 * Uniform(rng, 1, 8);
    p.out_c = 2 * Uniform(rng, 1, 5);
    p.k_h = p.k_w = 3;
    p.stride_h = p.stride_w = p.dil_h = p.dil_w = 1;
    p.pad_top = Uniform(rng, 0, 1);
    p.pad_left = Uniform(rng, 0, 1);
    p.out_h = p.in_h + 2 * p.pad_top - 2;
    p.out_w = p.in_w + 2 * p.pad_left - 2;
    p.depth_multiplier = 1;
    if (!eb_conv2d_wino_applies(&p)) continue;
    p.in_zp = Uniform(rng, -128, 127);
    p.out_zp = Uniform(rng, -128, 127);
    p.q_min = trial % 3 ? -128 : Uniform(rng, -128, 0);
    p.q_max = trial % 3 ? 127 : Uniform(rng, 0, 127);
    const auto in = RandomI8(rng, static_cast<size_t>(p.batch * p.in_h * p.in_w * p.in_c));
    // Extreme filters now and then: every weight -128 gives the largest transformed values.
    const auto filter = trial % 10 == 0 ? std::vector<int8_t>(static_cast<size_t>(p.out_c * 9 * p.in_c), -128)
                                        : RandomI8(rng, static_cast<size_t>(p.out_c * 9 * p.in_c));
    std::vector<int32_t> bias, mult, shift;
    for (int32_t c = 0; c < p.out_c; ++c) {
      bias.push_back(Uniform(rng, -20000, 20000));
      mult.push_back(Uniform(rng, (1 << 30) + 1, INT32_MAX));
      shift.push_back(Uniform(rng, -14, 0));
    }
    std::vector<int16_t> u(static_cast<size_t>(eb_conv2d_wino_filter_len(&p)));
    eb_conv2d_s8_wino_filter(&p, filter.data(), u.data());
    const size_t n = static_cast<size_t>(p.batch * p.out_h * p.out_w * p.out_c);
    std::vector<int8_t> want(n), got(n, 0x55);
    const int32_t* b = trial % 4 == 0 ? nullptr : bias.data();
    eb_conv2d_s8_ref(&p, in.data(), filter.data(), b, mult.data(), shift.data(), want.data());
    eb::test::Scratch scratch(eb_conv2d_wino_scratch_bytes(&p));
    eb_conv2d_s8_wino(&p, in.data(), u.data(), b, mult.data(), shift.data(), nullptr, scratch.data(), got.data());
    ASSERT_EQ(got, want) << "trial " << trial << " in " << p.in_h << "x" << p.in_w << "x" << p.in_c << " pad "
                         << p.pad_top << "," << p.pad_left << " out_c " << p.out_c;
    // With the channels' constants gathered at prepare (when every channel has them) in place of the others.
    const std::vector<int32_t> tbl = eb::test::RqTable(b, mult, shift, p.q_min, p.q_max);
    if (!tbl.empty()) {
      std::vector<int8_t> got_tbl(n, 0x55);
      eb_conv2d_s8_wino(&p, in.data(), u.data(), nullptr, nullptr, nullptr, tbl.data(), scratch.data(), got_tbl.data());
      ASSERT_EQ(got_tbl, want) << "trial " << trial << " with the table";
      ++tabled;
    }
    ++compared;
  }
  EXPECT_GT(compared, 80);  // the random geometries mostly qualify
  EXPECT_GT(tabled, 10);
}

TEST(ConvWino, AppliesOnlyToItsGeometry) {
  eb_conv_params p{};
  p.batch = 1;
  p.in_h = p.in_w = 8;
  p.in_c = 16;
  p.out_c = 16;
  p.k_h = p.k_w = 3;
  p.stride_h = p.stride_w = p.dil_h = p.dil_w = 1;
  p.out_h = p.out_w = 6;
  EXPECT_TRUE(eb_conv2d_wino_applies(&p));
  eb_conv_params q = p;
  q.stride_w = 2;
  EXPECT_FALSE(eb_conv2d_wino_applies(&q));
  q = p;
  q.in_c = 12;  // not a multiple of 8
  EXPECT_FALSE(eb_conv2d_wino_applies(&q));
  q = p;
  q.in_c = 72;  // past the channels the kernel takes
  EXPECT_FALSE(eb_conv2d_wino_applies(&q));
  q = p;
  q.out_c = 15;
  EXPECT_FALSE(eb_conv2d_wino_applies(&q));
  q = p;
  q.k_w = 5;
  EXPECT_FALSE(eb_conv2d_wino_applies(&q));
}

}  // namespace
