// CONV_2D with the prepare-time 16-bit filter against the reference, bit for bit. Pointwise: random pixel
// counts (a last triple of one or two pixels), input channels 8 to 256 (every entry point of the unrolled
// group sequence that a multiple of 8 gives), output channel pairs up to 256 channels, zero points, dead
// channels, shifts up to 31. Gathered patches: random kernels, strides, dilations, paddings and channel
// counts (taps not a multiple of four). And the layers that prepare must leave to other kernels.
#include <gtest/gtest.h>

#include <climits>
#include <cstdint>
#include <random>
#include <vector>

#include "conv2d.h"
#include "kernels/kernel_test_util.h"

namespace {

using eb::test::Pointwise;
using eb::test::RandomConvGeometry;
using eb::test::RandomI8;
using eb::test::Uniform;

TEST(ConvPointwise16, MatchesReferenceOnRandomShapes) {
  std::mt19937 rng(71);
  for (int trial = 0; trial < 100; ++trial) {
    eb_conv_params p = Pointwise(Uniform(rng, 1, 2), Uniform(rng, 1, 5), Uniform(rng, 1, 5), 8 * Uniform(rng, 1, 32),
                                 2 * (trial % 8 == 0 ? Uniform(rng, 60, 128) : Uniform(rng, 1, 12)));
    p.in_zp = Uniform(rng, -128, 127);
    p.out_zp = Uniform(rng, -128, 127);
    const std::vector<int8_t> in = RandomI8(rng, static_cast<size_t>(p.batch * p.in_h * p.in_w * p.in_c));
    const std::vector<int8_t> filter = RandomI8(rng, static_cast<size_t>(p.out_c * p.in_c), -127, 127);
    std::vector<int32_t> bias, mult, shift;
    for (int32_t c = 0; c < p.out_c; ++c) {
      bias.push_back(Uniform(rng, -40000, 40000));
      mult.push_back(Uniform(rng, 0, 15) == 0 ? 0 : Uniform(rng, (1 << 30) + 1, INT32_MAX));
      shift.push_back(Uniform(rng, -31, -2));
    }
    const int32_t* b = trial % 5 == 0 ? nullptr : bias.data();
    std::vector<int16_t> wf(filter.size());
    std::vector<int32_t> rq(static_cast<size_t>(p.out_c) * 4 + 2);
    ASSERT_EQ(eb_conv2d_pw16_prepare(&p, filter.data(), b, mult.data(), shift.data(), wf.data(), rq.data()), 1);
    const size_t n = static_cast<size_t>(p.batch * p.out_h * p.out_w * p.out_c);
    std::vector<int8_t> want(n), got(n, 0x55), got_dsp(n, 0x55);
    eb_conv2d_s8_ref(&p, in.data(), filter.data(), b, mult.data(), shift.data(), want.data());
    ASSERT_TRUE(eb_conv2d_pw16_applies(&p));
    eb::test::Scratch scratch(eb_conv2d_pw16_scratch_bytes(&p));
    eb_conv2d_s8_pw16_ref(&p, in.data(), wf.data(), rq.data(), scratch.data(), got.data());
    eb_conv2d_s8_pw16(&p, in.data(), wf.data(), rq.data(), scratch.data(), got_dsp.data());
    ASSERT_EQ(got, want) << "trial " << trial << " pixels " << p.batch * p.in_h * p.in_w << " in_c " << p.in_c
                         << " out_c " << p.out_c;
    ASSERT_EQ(got_dsp, want) << "trial " << trial;
  }
}

TEST(ConvGathered16, MatchesReferenceOnRandomGeometries) {
  std::mt19937 rng(73);
  for (int trial = 0; trial < 300; ++trial) {
    eb_conv_params p = RandomConvGeometry(rng, false);
    p.out_c = 2 * Uniform(rng, 1, 9);
    p.q_min = -128;
    p.q_max = 127;
    const int32_t k = p.k_h * p.k_w * p.in_c;
    const std::vector<int8_t> in = RandomI8(rng, static_cast<size_t>(p.batch * p.in_h * p.in_w * p.in_c));
    const std::vector<int8_t> filter = RandomI8(rng, static_cast<size_t>(p.out_c * k), -127, 127);
    std::vector<int32_t> bias, mult, shift;
    for (int32_t c = 0; c < p.out_c; ++c) {
      bias.push_back(Uniform(rng, -40000, 40000));
      mult.push_back(Uniform(rng, 0, 15) == 0 ? 0 : Uniform(rng, (1 << 30) + 1, INT32_MAX));
      shift.push_back(Uniform(rng, -20, -2));
    }
    std::vector<int16_t> wf(static_cast<size_t>(eb_conv2d_w16_filter_len(&p)));
    ASSERT_EQ(wf.size() % 4, 0u);
    std::vector<int32_t> rq(static_cast<size_t>(p.out_c) * 4 + 2);
    ASSERT_EQ(eb_conv2d_g16_prepare(&p, filter.data(), bias.data(), mult.data(), shift.data(), wf.data(), rq.data()), 1);
    const size_t n = static_cast<size_t>(p.batch * p.out_h * p.out_w * p.out_c);
    std::vector<int8_t> want(n), got(n, 0x55), got_dsp(n, 0x55);
    eb_conv2d_s8_ref(&p, in.data(), filter.data(), bias.data(), mult.data(), shift.data(), want.data());
    ASSERT_TRUE(eb_conv2d_g16_applies(&p));
    eb::test::Scratch scratch(eb_conv2d_g16_scratch_bytes(&p));
    eb_conv2d_s8_g16_ref(&p, in.data(), wf.data(), rq.data(), scratch.data(), got.data());
    eb_conv2d_s8_g16(&p, in.data(), wf.data(), rq.data(), scratch.data(), got_dsp.data());
    ASSERT_EQ(got, want) << "trial " << trial << " k " << p.k_h << "x" << p.k_w << " in_c " << p.in_c;
    ASSERT_EQ(got_dsp, want) << "trial " << trial;
  }
}

TEST(ConvPointwise16, PrepareLeavesOtherLayersToOtherKernels) {
  std::mt19937 rng(72);
  const eb_conv_params base = Pointwise(1, 3, 3, 16, 8);
  const std::vector<int8_t> filter = RandomI8(rng, 258 * 264);
  std::vector<int32_t> mult(258, (1 << 30) + 5), shift(258, -8);
  std::vector<int16_t> wf(filter.size());
  std::vector<int32_t> rq(258 * 4 + 2);
  auto takes = [&](const eb_conv_params& p) {
    return eb_conv2d_pw16_prepare(&p, filter.data(), nullptr, mult.data(), shift.data(), wf.data(), rq.data());
  };
  EXPECT_EQ(takes(base), 1);
  eb_conv_params p = base;
  p.in_c = 264;  // past the unrolled group sequence
  EXPECT_EQ(takes(p), 0);
  p = base;
  p.out_c = 258;  // past the channels the kernel's constants are laid out for
  EXPECT_EQ(takes(p), 0);
  EXPECT_FALSE(eb_conv2d_pw16_applies(&p));
  p = base;
  p.out_c = 7;  // channels go in pairs
  EXPECT_EQ(takes(p), 0);
  p = base;
  p.k_h = p.k_w = 3;  // not pointwise: the gathered kernel's, up to 256 taps
  EXPECT_EQ(takes(p), 0);
  EXPECT_FALSE(eb_conv2d_pw16_applies(&p));
  EXPECT_TRUE(eb_conv2d_g16_applies(&p));
  EXPECT_EQ(eb_conv2d_g16_prepare(&p, filter.data(), nullptr, mult.data(), shift.data(), wf.data(), rq.data()), 1);
  p.in_c = 29;  // 261 taps
  EXPECT_FALSE(eb_conv2d_g16_applies(&p));
  EXPECT_EQ(eb_conv2d_g16_prepare(&p, filter.data(), nullptr, mult.data(), shift.data(), wf.data(), rq.data()), 0);
  p = base;
  p.q_max = 100;  // a clamp short of the int8 range
  EXPECT_EQ(takes(p), 0);
  mult[2] = 1 << 29;  // needs the general requantisation
  EXPECT_EQ(takes(base), 0);
}

}  // namespace
