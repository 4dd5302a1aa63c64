// The pointwise CONV_2D with prepare-time interleaved filters and requantisation constants against the
// reference, bit for bit: random pixel counts (odd ones leave a last pixel alone), channel counts (8 to 64
// inputs, up to 260 outputs), zero points, dead channels, per-channel requantisation. A layer whose clamp is short
// of the int8 range, or with a left shift, has no constants table: prepare leaves it to other kernels.
#include <gtest/gtest.h>

#include <climits>
#include <cstdint>
#include <random>
#include <vector>

#include "conv2d.h"
#include "kernels/kernel_test_util.h"

namespace {

using eb::test::Uniform;

TEST(ConvPointwise, MatchesReferenceOnRandomShapes) {
  std::mt19937 rng(44);
  int compared = 0;
  for (int trial = 0; trial < 150; ++trial) {
    const int32_t out_c = 2 * (trial % 10 == 0 ? Uniform(rng, 60, 130) : Uniform(rng, 1, 12));
    eb_conv_params p =
        eb::test::Pointwise(Uniform(rng, 1, 2), Uniform(rng, 1, 5), Uniform(rng, 1, 5), 8 * Uniform(rng, 1, 8), out_c);
    ASSERT_TRUE(eb_conv2d_pw_applies(&p));
    p.in_zp = Uniform(rng, -128, 127);
    p.out_zp = Uniform(rng, -128, 127);
    const bool full = trial % 4 != 0;
    p.q_min = full ? -128 : Uniform(rng, -128, 0);
    p.q_max = full ? 127 : Uniform(rng, 0, 127);
    std::vector<int8_t> in(static_cast<size_t>(p.batch * p.in_h * p.in_w * p.in_c));
    for (int8_t& x : in) x = static_cast<int8_t>(Uniform(rng, -128, 127));
    std::vector<int8_t> filter(static_cast<size_t>(p.out_c * p.in_c));
    for (int8_t& x : filter) x = static_cast<int8_t>(Uniform(rng, -128, 127));
    std::vector<int32_t> bias, mult, shift;
    for (int32_t c = 0; c < p.out_c; ++c) {
      bias.push_back(Uniform(rng, -20000, 20000));
      const bool dead = Uniform(rng, 0, 15) == 0;
      mult.push_back(dead ? 0 : Uniform(rng, (1 << 30) + 1, INT32_MAX));
      shift.push_back(trial % 7 == 0 ? Uniform(rng, -12, 1) : Uniform(rng, -12, -2));
    }
    std::vector<int8_t> fp(filter.size());
    eb_conv2d_s8_pw_filter(&p, filter.data(), fp.data());
    const size_t n = static_cast<size_t>(p.batch * p.out_h * p.out_w * p.out_c);
    std::vector<int8_t> want(n), got(n, 0x55), got_ref(n, 0x55);
    const int32_t* b = trial % 5 == 0 ? nullptr : bias.data();
    const std::vector<int32_t> tbl = eb::test::RqTable(b, mult, shift, p.q_min, p.q_max);
    bool usual = full;
    for (size_t c = 0; c < mult.size(); ++c) usual &= mult[c] == 0 || shift[c] <= -2;
    ASSERT_EQ(tbl.empty(), !usual);
    if (tbl.empty()) continue;
    ++compared;
    eb_conv2d_s8_ref(&p, in.data(), filter.data(), b, mult.data(), shift.data(), want.data());
    eb::test::Scratch scratch(eb_conv2d_pw_scratch_bytes(&p));
    eb_conv2d_s8_pw_dsp(&p, in.data(), fp.data(), tbl.data(), scratch.data(), got.data());
    eb_conv2d_s8_pw_ref(&p, in.data(), fp.data(), tbl.data(), scratch.data(), got_ref.data());
    ASSERT_EQ(got_ref, want) << "trial " << trial;
    ASSERT_EQ(got, want) << "trial " << trial << " pixels " << p.batch * p.in_h * p.in_w << " in_c " << p.in_c
                         << " out_c " << p.out_c;
  }
  EXPECT_GT(compared, 90);
}

TEST(ConvPointwise, AppliesOnlyToItsGeometry) {
  const eb_conv_params p = eb::test::Pointwise(1, 4, 4, 16, 8);
  EXPECT_TRUE(eb_conv2d_pw_applies(&p));
  eb_conv_params q = p;
  q.in_c = 12;
  EXPECT_FALSE(eb_conv2d_pw_applies(&q));
  q = p;
  q.out_c = 7;
  EXPECT_FALSE(eb_conv2d_pw_applies(&q));
  q = p;
  q.stride_h = 2;
  EXPECT_FALSE(eb_conv2d_pw_applies(&q));
  q = p;
  q.pad_left = 1;
  EXPECT_FALSE(eb_conv2d_pw_applies(&q));
  q = p;
  q.in_c = 520;  // past the group loops the kernel unrolls
  EXPECT_FALSE(eb_conv2d_pw_applies(&q));
}

}  // namespace
