// The 3x3 depthwise path over per-channel 16-bit planes against the reference, bit for bit: strides 1 and 2
// across (in either orientation: tall images are transposed), 1 to 3 down, paddings 0 to 2, odd and even
// widths (a last pair's second output computed and dropped), batches, zero points, dead channels; and the
// layers it leaves to the other paths.
#include <gtest/gtest.h>

#include <climits>
#include <cstdint>
#include <random>
#include <vector>

#include "depthwise_conv2d.h"
#include "kernels/kernel_test_util.h"

namespace {

using eb::test::Depthwise3x3;
using eb::test::RandomI8;
using eb::test::Uniform;

TEST(DepthwisePlane, MatchesReferenceOnRandomGeometries) {
  std::mt19937 rng(81);
  int compared = 0;
  for (int trial = 0; trial < 400; ++trial) {
    const bool tall = trial % 3 == 0;
    eb_conv_params p = Depthwise3x3(tall ? Uniform(rng, 12, 28) : Uniform(rng, 3, 14), tall ? Uniform(rng, 3, 6) : Uniform(rng, 3, 28),
                                Uniform(rng, 1, 20), Uniform(rng, 1, 3), Uniform(rng, 1, 2), Uniform(rng, 0, 2),
                                Uniform(rng, 0, 2));
    if (p.out_h <= 0 || p.out_w <= 0 || !eb_depthwise_plane_applies(&p)) continue;
    p.batch = Uniform(rng, 1, 2);
    p.in_zp = Uniform(rng, -128, 127);
    p.out_zp = Uniform(rng, -128, 127);
    const std::vector<int8_t> in = RandomI8(rng, static_cast<size_t>(p.batch * p.in_h * p.in_w * p.in_c));
    const std::vector<int8_t> filter = RandomI8(rng, static_cast<size_t>(9 * p.out_c), -127, 127);
    const eb::test::Requant r = eb::test::RandomRequant(rng, p.out_c, true);
    const std::vector<int32_t>&mult = r.mult, &shift = r.shift;
    const int32_t* b = trial % 5 == 0 ? nullptr : r.bias.data();
    const size_t n = static_cast<size_t>(p.batch * p.out_h * p.out_w * p.out_c);
    std::vector<int8_t> want(n), got(n, 0x55);
    eb_depthwise_conv2d_s8_ref(&p, in.data(), filter.data(), b, mult.data(), shift.data(), want.data());
    const std::vector<int32_t> tbl = eb::test::RqTable(b, mult, shift, p.q_min, p.q_max);
    ASSERT_FALSE(tbl.empty());
    std::vector<int32_t> w(static_cast<size_t>(6 * p.in_c));
    eb_depthwise_plane_weights(&p, filter.data(), w.data());
    eb::test::Scratch scratch(eb_depthwise_plane_scratch_bytes(&p));
    eb_depthwise_conv2d_s8_plane(&p, in.data(), w.data(), tbl.data(), scratch.data(), got.data());
    ASSERT_EQ(got, want) << "trial " << trial << " " << p.in_h << "x" << p.in_w << " stride " << p.stride_h << ","
                         << p.stride_w << " pad " << p.pad_top << "," << p.pad_left;
    ++compared;
  }
  EXPECT_GT(compared, 100);
}

TEST(DepthwisePlane, LeavesOtherLayersToOtherPaths) {
  const eb_conv_params base = Depthwise3x3(25, 5, 8, 1, 1, 1, 1);  // keyword spotting's shape: transposed
  EXPECT_TRUE(eb_depthwise_plane_applies(&base));
  eb_conv_params p = Depthwise3x3(48, 48, 8, 1, 1, 1, 1);  // the plane would not fit 32 x 32
  EXPECT_FALSE(eb_depthwise_plane_applies(&p));
  p = Depthwise3x3(6, 6, 8, 1, 1, 1, 1);  // 36 outputs a channel: the NHWC path is faster
  EXPECT_FALSE(eb_depthwise_plane_applies(&p));
  p = base;
  p.q_max = 100;  // a clamp short of the int8 range
  EXPECT_FALSE(eb_depthwise_plane_applies(&p));
  p = base;
  p.dil_w = 2;
  EXPECT_FALSE(eb_depthwise_plane_applies(&p));
  p = Depthwise3x3(25, 25, 8, 3, 3, 1, 1);  // stride 3 both ways
  EXPECT_FALSE(eb_depthwise_plane_applies(&p));
  p = base;
  p.depth_multiplier = 2;
  p.out_c = 16;
  EXPECT_FALSE(eb_depthwise_plane_applies(&p));
  // A channel that needs the general requantisation: no constants table, so prepare does not take the path.
  std::vector<int32_t> mult(8, (1 << 30) + 7), shift(8, -5);
  EXPECT_EQ(eb::test::RqTable(nullptr, mult, shift, -128, 127).size(), 32u);
  mult[3] = 1 << 29;
  EXPECT_TRUE(eb::test::RqTable(nullptr, mult, shift, -128, 127).empty());
}

}  // namespace
