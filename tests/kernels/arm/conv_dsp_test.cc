// The Cortex-M DSP variants of the int8 CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED kernels against
// their references, on seeded random geometries, zero points, per-channel requantisation, clamps and
// channel counts that are not multiples of four. On the host the DSP instructions are the exact
// portable C of arm_dsp.h; on the target the firmware tests compare the real instructions end to end.
#include <gtest/gtest.h>

#include <climits>
#include <cstdint>
#include <random>
#include <vector>

#include "arm_dsp.h"
#include "conv2d.h"
#include "depthwise_conv2d.h"
#include "fully_connected.h"
#include "quant.h"
#include "kernels/kernel_test_util.h"

namespace {

using eb::test::RandomConvGeometry;
using eb::test::RandomRequant;
using eb::test::Requant;
using eb::test::RandomI8;
using eb::test::RqTable;
using eb::test::Scratch;
using eb::test::Uniform;

// The DSP CONV_2D as prepare runs it: the whole-image kernel where it applies, else the patch kernel with the
// filter padded to whole groups and, with `table`, the channels' gathered constants when every channel has them.
// Returns false when neither applies (prepare takes the reference).
bool ConvDsp(const eb_conv_params& p, const std::vector<int8_t>& in, const std::vector<int8_t>& filter,
             const int32_t* bias, const Requant& r, bool table, std::vector<int8_t>& out) {
  if (eb_conv2d_image_applies(&p)) {
    eb_conv2d_s8_image_dsp(&p, in.data(), filter.data(), bias, r.mult.data(), r.shift.data(), out.data());
    return true;
  }
  if (!eb_conv2d_dsp_applies(&p)) return false;
  std::vector<int8_t> fpad(static_cast<size_t>(p.out_c * eb_conv2d_dsp_taps(&p)));
  eb_conv2d_s8_dsp_filter(&p, filter.data(), fpad.data());
  const std::vector<int32_t> tbl = table ? RqTable(bias, r.mult, r.shift, p.q_min, p.q_max) : std::vector<int32_t>{};
  Scratch scratch(eb_conv2d_dsp_scratch_bytes(&p));
  if (tbl.empty()) {
    eb_conv2d_s8_dsp(&p, in.data(), fpad.data(), bias, r.mult.data(), r.shift.data(), nullptr, scratch.data(),
                     out.data());
  } else {
    eb_conv2d_s8_dsp(&p, in.data(), fpad.data(), nullptr, nullptr, nullptr, tbl.data(), scratch.data(), out.data());
  }
  return true;
}

// The DSP DEPTHWISE_CONV_2D as prepare runs it (the NHWC kernels; the plane and row kernels have their own tests).
bool DepthwiseDsp(const eb_conv_params& p, const std::vector<int8_t>& in, const std::vector<int8_t>& filter,
                  const int32_t* bias, const Requant& r, bool table, std::vector<int8_t>& out) {
  if (p.depth_multiplier == 1) {
    const std::vector<int32_t> tbl = table ? RqTable(bias, r.mult, r.shift, p.q_min, p.q_max) : std::vector<int32_t>{};
    Scratch scratch(eb_depthwise_dsp_scratch_bytes(&p));
    if (tbl.empty()) {
      eb_depthwise_conv2d_s8_dsp(&p, in.data(), filter.data(), bias, r.mult.data(), r.shift.data(), nullptr,
                                 scratch.data(), out.data());
    } else {
      eb_depthwise_conv2d_s8_dsp(&p, in.data(), filter.data(), nullptr, nullptr, nullptr, tbl.data(), scratch.data(),
                                 out.data());
    }
    return true;
  }
  if (!eb_depthwise_dsp_m4_applies(&p)) return false;
  eb_depthwise_conv2d_s8_dsp_m4(&p, in.data(), filter.data(), bias, r.mult.data(), r.shift.data(), out.data());
  return true;
}


TEST(ArmDsp, PortableInstructionsMatchTheirDefinitions) {
  const int32_t x = static_cast<int32_t>(0x80FF7F01u);  // bytes 0x01, 0x7F, 0xFF, 0x80
  EXPECT_EQ(static_cast<uint32_t>(eb_sxtb16(x)), 0xFFFF0001u);        // (1, -1)
  EXPECT_EQ(static_cast<uint32_t>(eb_sxtb16_ror8(x)), 0xFF80007Fu);   // (127, -128)
  EXPECT_EQ(static_cast<uint32_t>(eb_sxtab16(eb_pack16x2(128), x)), 0x007F0081u);  // (129, 127)
  EXPECT_EQ(eb_smlad(eb_sxtb16(x), eb_sxtb16_ror8(x), 10), 10 + 1 * 127 + (-1) * (-128));
  EXPECT_EQ(eb_smlabb(eb_sxtb16(x), eb_sxtb16_ror8(x), 0), 127);
  EXPECT_EQ(eb_smlatt(eb_sxtb16(x), eb_sxtb16_ror8(x), 0), 128);
  EXPECT_EQ(eb_requantize_inline(12345, 1518500250, -3), 1091);
}

// gemmlowp's SaturatingRoundingDoublingHighMul as its definition reads: nudge by half of 2^31 with the
// product's sign, then divide truncating toward zero. quant.c computes it with one rounding shift.
int32_t DoublingHighMulAsDefined(int32_t a, int32_t b) {
  if (a == INT32_MIN && b == INT32_MIN) return INT32_MAX;
  const int64_t ab = static_cast<int64_t>(a) * b;
  const int64_t nudge = ab >= 0 ? (int64_t{1} << 30) : 1 - (int64_t{1} << 30);
  return static_cast<int32_t>((ab + nudge) / (int64_t{1} << 31));
}

TEST(ArmDsp, DoublingHighMulEqualsItsDefinition) {
  const int32_t edges[] = {INT32_MIN, INT32_MIN + 1, -(1 << 30), -65536, -3, -1, 0, 1, 3, 65536, 1 << 30,
                           INT32_MAX - 1, INT32_MAX};
  for (int32_t a : edges) {
    for (int32_t b : edges) ASSERT_EQ(eb_sat_rounding_doubling_high_mul(a, b), DoublingHighMulAsDefined(a, b)) << a << " " << b;
  }
  std::mt19937 rng(11);
  std::uniform_int_distribution<int32_t> any(INT32_MIN, INT32_MAX);
  for (int i = 0; i < 200000; ++i) {
    const int32_t a = any(rng) >> (i % 31), b = any(rng);
    ASSERT_EQ(eb_sat_rounding_doubling_high_mul(a, b), DoublingHighMulAsDefined(a, b)) << a << " " << b;
  }
}

// The inlined requantisations must equal the reference (quant.c) everywhere, including the saturating
// and tie cases.
TEST(ArmDsp, InlineRequantizeEqualsReference) {
  const int32_t edges[] = {INT32_MIN, INT32_MIN + 1, -(1 << 30), -65536, -257, -1, 0, 1, 255, 65536, 1 << 30,
                           INT32_MAX - 1, INT32_MAX};
  const int32_t multipliers[] = {INT32_MIN, INT32_MIN + 1, -(1 << 30), 1 << 30, 1073741825, 1518500250, INT32_MAX};
  for (int32_t x : edges) {
    for (int32_t m : multipliers) {
      for (int32_t shift = -31; shift <= 1; ++shift) {
        ASSERT_EQ(eb_requantize_inline(x, m, shift), eb_multiply_by_quantized_multiplier(x, m, shift))
            << x << " * " << m << " shift " << shift;
        ASSERT_EQ(eb_requantize_elementwise(x, m, shift), eb_multiply_by_quantized_multiplier(x, m, shift))
            << x << " * " << m << " shift " << shift;
      }
    }
  }
  std::mt19937 rng(7);
  std::uniform_int_distribution<int32_t> any(INT32_MIN, INT32_MAX), shifts(-31, 8);
  for (int i = 0; i < 200000; ++i) {
    const int32_t x = any(rng) >> (i % 24), m = any(rng), shift = shifts(rng);
    ASSERT_EQ(eb_requantize_inline(x, m, shift), eb_multiply_by_quantized_multiplier(x, m, shift))
        << x << " * " << m << " shift " << shift;
    ASSERT_EQ(eb_requantize_elementwise(x, m, shift), eb_multiply_by_quantized_multiplier(x, m, shift))
        << x << " * " << m << " shift " << shift;
  }
}

TEST(ConvDsp, Conv2DMatchesReferenceOnRandomGeometries) {
  std::mt19937 rng(2024);
  for (int trial = 0; trial < 300; ++trial) {
    const eb_conv_params p = RandomConvGeometry(rng, false);
    const auto in = RandomI8(rng, static_cast<size_t>(p.batch * p.in_h * p.in_w * p.in_c));
    const auto filter = RandomI8(rng, static_cast<size_t>(p.out_c * p.k_h * p.k_w * p.in_c));
    const Requant r = RandomRequant(rng, p.out_c, trial % 2 == 1);
    const int32_t* bias = trial % 5 == 0 ? nullptr : r.bias.data();
    const size_t n = static_cast<size_t>(p.batch * p.out_h * p.out_w * p.out_c);
    std::vector<int8_t> want(n);
    eb_conv2d_s8_ref(&p, in.data(), filter.data(), bias, r.mult.data(), r.shift.data(), want.data());
    for (const bool table : {false, true}) {
      std::vector<int8_t> got(n, 0x55);
      ASSERT_TRUE(ConvDsp(p, in, filter, bias, r, table, got));
      ASSERT_EQ(got, want) << "trial " << trial << " in " << p.in_h << "x" << p.in_w << "x" << p.in_c << " k " << p.k_h
                           << "x" << p.k_w << " out_c " << p.out_c << (table ? " table" : "");
    }
  }
}

// Pointwise (1x1, unpadded) convolutions take a 2-pixel x 2-channel path.
TEST(ConvDsp, Conv2D1x1MatchesReference) {
  std::mt19937 rng(11);
  for (int trial = 0; trial < 200; ++trial) {
    eb_conv_params p = RandomConvGeometry(rng, false);
    p.k_h = p.k_w = 1;
    p.pad_top = p.pad_left = 0;
    p.in_c = Uniform(rng, 1, 40);
    p.out_h = (p.in_h - 1) / p.stride_h + 1;
    p.out_w = (p.in_w - 1) / p.stride_w + 1;
    const auto in = RandomI8(rng, static_cast<size_t>(p.batch * p.in_h * p.in_w * p.in_c));
    const auto filter = RandomI8(rng, static_cast<size_t>(p.out_c * p.in_c));
    const Requant r = RandomRequant(rng, p.out_c, trial % 2 == 1);
    const size_t n = static_cast<size_t>(p.batch * p.out_h * p.out_w * p.out_c);
    std::vector<int8_t> want(n);
    eb_conv2d_s8_ref(&p, in.data(), filter.data(), r.bias.data(), r.mult.data(), r.shift.data(), want.data());
    for (const bool table : {false, true}) {
      std::vector<int8_t> got(n, 0x55);
      ASSERT_TRUE(ConvDsp(p, in, filter, r.bias.data(), r, table, got));
      ASSERT_EQ(got, want) << "trial " << trial << " pixels " << p.batch * p.out_h * p.out_w << " in_c " << p.in_c;
    }
  }
}

TEST(ConvDsp, DepthwiseMatchesReferenceOnRandomGeometries) {
  std::mt19937 rng(7);
  for (int trial = 0; trial < 300; ++trial) {
    const eb_conv_params p = RandomConvGeometry(rng, true);
    const auto in = RandomI8(rng, static_cast<size_t>(p.batch * p.in_h * p.in_w * p.in_c));
    const auto filter = RandomI8(rng, static_cast<size_t>(p.k_h * p.k_w * p.out_c));
    const Requant r = RandomRequant(rng, p.out_c, trial % 2 == 1);
    const int32_t* bias = trial % 5 == 0 ? nullptr : r.bias.data();
    const size_t n = static_cast<size_t>(p.batch * p.out_h * p.out_w * p.out_c);
    std::vector<int8_t> want(n);
    eb_depthwise_conv2d_s8_ref(&p, in.data(), filter.data(), bias, r.mult.data(), r.shift.data(), want.data());
    for (const bool table : {false, true}) {
      std::vector<int8_t> got(n, 0x55);
      if (!DepthwiseDsp(p, in, filter, bias, r, table, got)) continue;  // other multipliers: the reference
      ASSERT_EQ(got, want) << "trial " << trial << " channels " << p.in_c << " multiplier " << p.depth_multiplier;
    }
  }
}

TEST(ConvDsp, FullyConnectedMatchesReferenceOnRandomShapes) {
  std::mt19937 rng(99);
  int wide = 0;
  for (int trial = 0; trial < 300; ++trial) {
    eb_fc_params p{};
    p.batch = Uniform(rng, 1, 3);
    p.in_depth = Uniform(rng, 1, 70);
    p.out_depth = Uniform(rng, 1, trial % 3 == 0 ? 40 : 11);  // 16 rows and more: the widened-input loop
    p.in_zp = Uniform(rng, -128, 127);
    p.out_zp = Uniform(rng, -128, 127);
    p.filter_zp = trial % 10 == 0 ? Uniform(rng, -3, 3) : 0;  // non-zero: prepare takes the reference
    p.per_channel = trial % 2;
    p.q_min = Uniform(rng, -128, 0);
    p.q_max = Uniform(rng, 0, 127);
    const auto in = RandomI8(rng, static_cast<size_t>(p.batch * p.in_depth));
    const auto filter = RandomI8(rng, static_cast<size_t>(p.out_depth * p.in_depth));
    const Requant r = RandomRequant(rng, p.out_depth);
    const int32_t* bias = trial % 7 == 0 ? nullptr : r.bias.data();
    const size_t n = static_cast<size_t>(p.batch * p.out_depth);
    std::vector<int8_t> want(n), got(n, 0x55);
    eb_fully_connected_s8_ref(&p, in.data(), filter.data(), bias, r.mult.data(), r.shift.data(), want.data());
    ASSERT_EQ(eb_fully_connected_dsp_applies(&p) != 0, p.filter_zp == 0);
    if (!eb_fully_connected_dsp_applies(&p)) continue;
    eb_fully_connected_s8_dsp(&p, in.data(), filter.data(), bias, r.mult.data(), r.shift.data(), got.data());
    ASSERT_EQ(got, want) << "trial " << trial;
    if (!eb_fully_connected_dsp_wide_applies(&p)) continue;
    ++wide;
    std::vector<int8_t> got_wide(n, 0x55);
    Scratch scratch(eb_fully_connected_dsp_wide_scratch_bytes(&p));
    eb_fully_connected_s8_dsp_wide(&p, in.data(), filter.data(), bias, r.mult.data(), r.shift.data(), scratch.data(),
                                   got_wide.data());
    ASSERT_EQ(got_wide, want) << "trial " << trial << ", widened input";
  }
  EXPECT_GT(wide, 30);
}

// The DSP CONV_2D's special shapes: more output channels than one 64-channel block of the C path (and an odd
// count), a filter covering the whole image (done as a fully connected layer), taps not a multiple of four (a
// padded filter). A 3x3 depthwise over a larger image takes its interior path.
void ExpectConvMatches(const eb_conv_params& p, std::mt19937& rng, const char* what) {
  const auto in = RandomI8(rng, static_cast<size_t>(p.batch * p.in_h * p.in_w * p.in_c));
  const auto filter = RandomI8(rng, static_cast<size_t>(p.out_c * p.k_h * p.k_w * p.in_c));
  for (const bool usual : {false, true}) {
    const Requant r = RandomRequant(rng, p.out_c, usual);
    const size_t n = static_cast<size_t>(p.batch * p.out_h * p.out_w * p.out_c);
    std::vector<int8_t> want(n), got(n, 0x55);
    eb_conv2d_s8_ref(&p, in.data(), filter.data(), r.bias.data(), r.mult.data(), r.shift.data(), want.data());
    ASSERT_TRUE(ConvDsp(p, in, filter, r.bias.data(), r, true, got)) << what;
    EXPECT_EQ(got, want) << what << (usual ? ", usual requantisation" : "");
  }
}

eb_conv_params Geometry(int32_t in_hw, int32_t in_c, int32_t out_c, int32_t k, int32_t pad, std::mt19937& rng) {
  eb_conv_params p{};
  p.batch = 2;
  p.in_h = p.in_w = in_hw;
  p.in_c = in_c;
  p.out_c = out_c;
  p.k_h = p.k_w = k;
  p.stride_h = p.stride_w = 1;
  p.dil_h = p.dil_w = 1;
  p.pad_top = p.pad_left = pad;
  p.out_h = p.out_w = in_hw + 2 * pad - k + 1;
  p.depth_multiplier = 1;
  p.in_zp = Uniform(rng, -128, 127);
  p.out_zp = Uniform(rng, -128, 127);
  p.q_min = -128;
  p.q_max = 127;
  return p;
}

TEST(ConvDsp, Conv2DSpecialShapesMatchReference) {
  std::mt19937 rng(5);
  ExpectConvMatches(Geometry(5, 8, 131, 3, 1, rng), rng, "131 output channels: three blocks, odd");
  ExpectConvMatches(Geometry(7, 64, 10, 7, 0, rng), rng, "7x7x64 filter over a 7x7 image");
  ExpectConvMatches(Geometry(6, 13, 5, 6, 0, rng), rng, "whole image with 13 channels");
  ExpectConvMatches(Geometry(6, 3, 17, 3, 1, rng), rng, "3 channels: taps across groups, padded to 28");
  ExpectConvMatches(Geometry(3, 16, 256, 1, 0, rng), rng, "256 output channels");
  ExpectConvMatches(Geometry(5, 4, 130, 3, 1, rng), rng, "130 output channels");
  ExpectConvMatches(Geometry(4, 170, 3, 3, 1, rng), rng, "1530 taps, padded to 1532: the most the kernel takes");
  // More taps than that: prepare takes the reference.
  const eb_conv_params big = Geometry(4, 200, 3, 3, 1, rng);
  EXPECT_FALSE(eb_conv2d_dsp_applies(&big));
  EXPECT_FALSE(eb_conv2d_image_applies(&big));
  EXPECT_EQ(eb_conv2d_dsp_taps(&big), 1800);
}

TEST(ConvDsp, Depthwise3x3InteriorMatchesReference) {
  std::mt19937 rng(6);
  for (int32_t c : {4, 12, 14, 40}) {
    eb_conv_params p = Geometry(8, c, c, 3, 1, rng);
    const auto in = RandomI8(rng, static_cast<size_t>(p.batch * p.in_h * p.in_w * p.in_c));
    const auto filter = RandomI8(rng, static_cast<size_t>(p.k_h * p.k_w * p.out_c));
    const Requant r = RandomRequant(rng, p.out_c, c != 14);
    const size_t n = static_cast<size_t>(p.batch * p.out_h * p.out_w * p.out_c);
    std::vector<int8_t> want(n);
    eb_depthwise_conv2d_s8_ref(&p, in.data(), filter.data(), r.bias.data(), r.mult.data(), r.shift.data(), want.data());
    for (const bool table : {false, true}) {
      std::vector<int8_t> got(n, 0x55);
      ASSERT_TRUE(DepthwiseDsp(p, in, filter, r.bias.data(), r, table, got));
      EXPECT_EQ(got, want) << c << " channels" << (table ? ", table" : "");
    }
  }
}

}  // namespace
