// FULLY_CONNECTED with the prepare-time 16-bit filter against the reference, bit for bit: random row counts
// (a last block padded to five rows), input depths (group counts below, at and past the loop's unrolling),
// batches, zero points, dead rows, per-channel and per-tensor requantisation, with and without a bias; and
// the layers that prepare must leave to the int8 kernel.
#include <gtest/gtest.h>

#include <algorithm>
#include <climits>
#include <cstdint>
#include <random>
#include <vector>

#include "fully_connected.h"
#include "kernels/kernel_test_util.h"

namespace {

using eb::test::RandomI8;
using eb::test::Uniform;

struct Layer {
  eb_fc_params p{};
  std::vector<int8_t> filter;
  std::vector<int32_t> bias, mult, shift;
};

Layer RandomLayer(std::mt19937& rng, int32_t rows, int32_t in_depth, bool per_channel) {
  Layer l;
  l.p.batch = Uniform(rng, 1, 3);
  l.p.in_depth = in_depth;
  l.p.out_depth = rows;
  l.p.in_zp = Uniform(rng, -128, 127);
  l.p.out_zp = Uniform(rng, -128, 127);
  l.p.q_min = -128;
  l.p.q_max = 127;
  l.p.per_channel = per_channel ? 1 : 0;
  l.filter = RandomI8(rng, static_cast<size_t>(rows) * static_cast<size_t>(in_depth), -127, 127);
  for (int32_t o = 0; o < rows; ++o) {
    l.bias.push_back(Uniform(rng, -40000, 40000));
    if (o == 0 || per_channel) {
      const bool dead = per_channel && Uniform(rng, 0, 11) == 0;
      l.mult.push_back(dead ? 0 : Uniform(rng, (1 << 30) + 1, INT32_MAX));
      l.shift.push_back(Uniform(rng, -23, -2));
    }
  }
  return l;
}

TEST(FullyConnectedW16, MatchesReferenceOnRandomLayers) {
  std::mt19937 rng(61);
  for (int trial = 0; trial < 120; ++trial) {
    const int32_t groups = trial % 3 == 0 ? Uniform(rng, 1, 15) : 16 * Uniform(rng, 1, 3) + Uniform(rng, 0, 17);
    /* At least the 1,024 weights from which prepare takes the kernel. */
    const int32_t rows = std::max(trial % 6 == 0 ? Uniform(rng, 100, 140) : Uniform(rng, 16, 41),
                                  (1024 + 4 * groups - 1) / (4 * groups) + Uniform(rng, 0, 4));
    Layer l = RandomLayer(rng, rows, 4 * groups, trial % 4 != 0);
    const size_t padded = static_cast<size_t>(eb_fc_w16_padded_rows(rows));
    ASSERT_EQ(padded % 5, 0u);
    ASSERT_GE(padded, static_cast<size_t>(rows));
    ASSERT_LT(padded, static_cast<size_t>(rows) + 5);
    std::vector<int16_t> wf(padded * static_cast<size_t>(l.p.in_depth));
    std::vector<int32_t> rq(padded * 4);
    const int32_t* bias = trial % 5 == 0 ? nullptr : l.bias.data();
    ASSERT_EQ(eb_fc_w16_prepare(&l.p, l.filter.data(), bias, l.mult.data(), l.shift.data(), wf.data(), rq.data()), 1)
        << "trial " << trial;
    const std::vector<int8_t> in = RandomI8(rng, static_cast<size_t>(l.p.batch * l.p.in_depth));
    const size_t n = static_cast<size_t>(l.p.batch * rows);
    std::vector<int8_t> want(n), got(n, 0x55), got_dsp(n, 0x55);
    eb_fully_connected_s8_ref(&l.p, in.data(), l.filter.data(), bias, l.mult.data(), l.shift.data(), want.data());
    ASSERT_TRUE(eb_fc_w16_applies(&l.p));
    eb::test::Scratch scratch(eb_fc_w16_scratch_bytes(&l.p));
    eb_fully_connected_s8_w16_ref(&l.p, in.data(), wf.data(), rq.data(), scratch.data(), got.data());
    eb_fully_connected_s8_w16(&l.p, in.data(), wf.data(), rq.data(), scratch.data(), got_dsp.data());
    ASSERT_EQ(got, want) << "trial " << trial << " rows " << rows << " in_depth " << l.p.in_depth;
    ASSERT_EQ(got_dsp, want) << "trial " << trial;
  }
}

TEST(FullyConnectedW16, PrepareLeavesOtherLayersToTheInt8Kernel) {
  std::mt19937 rng(62);
  const Layer base = RandomLayer(rng, 20, 64, true);
  std::vector<int16_t> wf(25 * 64);
  std::vector<int32_t> rq(25 * 4);
  auto takes = [&](const Layer& l) {
    return eb_fc_w16_prepare(&l.p, l.filter.data(), l.bias.data(), l.mult.data(), l.shift.data(), wf.data(),
                             rq.data());
  };
  EXPECT_EQ(takes(base), 1);
  Layer l = base;
  l.p.out_depth = 15;  // a small classifier head keeps its int8 filter (half the flash)
  EXPECT_EQ(takes(l), 0);
  l = base;
  l.p.in_depth = 48;  // 960 weights: a toy layer keeps its int8 filter and kernel
  EXPECT_EQ(takes(l), 0);
  l = base;
  l.p.in_depth = 62;  // not whole groups of four inputs
  EXPECT_EQ(takes(l), 0);
  l = base;
  l.p.q_min = -100;  // a clamp short of the int8 range
  EXPECT_EQ(takes(l), 0);
  l = base;
  l.shift[3] = -24;  // r1 = 23: the folded zero point could overflow the high word
  EXPECT_EQ(takes(l), 0);
  l = base;
  l.mult[5] = 1 << 29;  // needs the general requantisation
  EXPECT_EQ(takes(l), 0);
  l = base;
  l.p.filter_zp = 3;
  EXPECT_EQ(takes(l), 0);
  l = base;
  l.p.in_depth = 1028;  // past the inputs the kernel takes
  EXPECT_FALSE(eb_fc_w16_applies(&l.p));
  EXPECT_EQ(takes(l), 0);
}

}  // namespace
