// The per-channel-rows 3x3 depthwise path against the reference, bit for bit: odd and even widths, SAME and
// VALID padding, batches, channel counts up to 64, zero points, dead channels; and the layers it leaves to
// the NHWC path (a clamp short of int8, narrow rows, too many channels, stride 2).
#include <gtest/gtest.h>

#include <climits>
#include <cstdint>
#include <random>
#include <vector>

#include "depthwise_conv2d.h"
#include "kernels/kernel_test_util.h"

namespace {

using eb::test::Uniform;

eb_conv_params Geometry(int32_t h, int32_t w, int32_t c, int32_t pad) {
  return eb::test::Depthwise3x3(h, w, c, 1, 1, pad, pad);
}

TEST(DepthwiseRows, MatchesReferenceOnRandomGeometries) {
  std::mt19937 rng(55);
  int compared = 0;
  for (int trial = 0; trial < 120; ++trial) {
    eb_conv_params p = Geometry(Uniform(rng, 3, 12), Uniform(rng, 9, 22), 4 * Uniform(rng, 1, 16), Uniform(rng, 0, 1));
    p.batch = Uniform(rng, 1, 2);
    if (!eb_depthwise_rows_applies(&p)) continue;
    p.in_zp = Uniform(rng, -128, 127);
    p.out_zp = Uniform(rng, -128, 127);
    std::vector<int8_t> in(static_cast<size_t>(p.batch * p.in_h * p.in_w * p.in_c));
    for (int8_t& x : in) x = static_cast<int8_t>(Uniform(rng, -128, 127));
    std::vector<int8_t> filter(static_cast<size_t>(9 * p.out_c));
    for (int8_t& x : filter) x = static_cast<int8_t>(Uniform(rng, -128, 127));
    std::vector<int32_t> bias, mult, shift;
    for (int32_t c = 0; c < p.out_c; ++c) {
      bias.push_back(Uniform(rng, -20000, 20000));
      mult.push_back(Uniform(rng, 0, 15) == 0 ? 0 : Uniform(rng, (1 << 30) + 1, INT32_MAX));
      shift.push_back(Uniform(rng, -12, -2));
    }
    const size_t n = static_cast<size_t>(p.batch * p.out_h * p.out_w * p.out_c);
    std::vector<int8_t> want(n), got(n, 0x55);
    const int32_t* b = trial % 5 == 0 ? nullptr : bias.data();
    eb_depthwise_conv2d_s8_ref(&p, in.data(), filter.data(), b, mult.data(), shift.data(), want.data());
    const std::vector<int32_t> tbl = eb::test::RqTable(b, mult, shift, p.q_min, p.q_max);
    ASSERT_FALSE(tbl.empty());
    std::vector<int32_t> w(static_cast<size_t>(5 * p.in_c));
    eb_depthwise_rows_weights(&p, filter.data(), w.data());
    eb::test::Scratch scratch(eb_depthwise_rows_scratch_bytes(&p));
    eb_depthwise_conv2d_s8_rows(&p, in.data(), w.data(), tbl.data(), scratch.data(), got.data());
    ASSERT_EQ(got, want) << "trial " << trial << " " << p.in_h << "x" << p.in_w << "x" << p.in_c << " pad "
                         << p.pad_top;
    ++compared;
  }
  EXPECT_GT(compared, 80);
}

TEST(DepthwiseRows, LeavesOtherLayersToTheNhwcPath) {
  const std::vector<int32_t> mult(8, (1 << 30) + 5), shift(8, -4);
  eb_conv_params p = Geometry(16, 16, 8, 1);
  EXPECT_TRUE(eb_depthwise_rows_applies(&p));
  // A clamp short of the int8 range (not what SSAT gives): no constants table, so prepare does not take the path.
  EXPECT_TRUE(eb::test::RqTable(nullptr, mult, shift, -100, 127).empty());
  eb_conv_params q = Geometry(16, 5, 8, 1);  // rows too narrow to pay
  EXPECT_FALSE(eb_depthwise_rows_applies(&q));
  q = Geometry(16, 16, 6, 1);  // channels not a multiple of 4
  EXPECT_FALSE(eb_depthwise_rows_applies(&q));
  q = Geometry(16, 16, 8, 1);
  q.stride_w = 2;
  EXPECT_FALSE(eb_depthwise_rows_applies(&q));
  q = Geometry(40, 40, 128, 1);  // three transposed rows would not fit the stack budget
  EXPECT_FALSE(eb_depthwise_rows_applies(&q));
}

}  // namespace
