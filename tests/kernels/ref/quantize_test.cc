// QUANTIZE: float -> int8/uint8 with float division and round half away from zero (ties, clamping,
// a case where float and double division round differently), and the int -> int requantisations.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "quant.h"
#include "quantize.h"

namespace {

eb_quantize_params FloatParams(int count, float scale, int zp) {
  eb_quantize_params p{};
  p.count = count;
  p.scale = scale;
  p.out_zp = zp;
  return p;
}

eb_quantize_params RequantParams(int count, int in_zp, int out_zp, double ratio) {
  eb_quantize_params p{};
  p.count = count;
  p.in_zp = in_zp;
  p.out_zp = out_zp;
  eb_quantize_multiplier(ratio, &p.mult, &p.shift);
  return p;
}

}  // namespace

TEST(QuantizeF32S8, TiesRoundAwayFromZero) {
  const std::vector<float> in = {2.5f, -2.5f, 1.5f, -1.5f, 0.49f, -0.49f, 127.5f, -128.5f, 1000.0f};
  std::vector<int8_t> out(in.size());
  eb_quantize_params p = FloatParams(static_cast<int>(in.size()), 1.0f, 0);
  eb_quantize_f32_s8(&p, in.data(), out.data());
  EXPECT_EQ(out, (std::vector<int8_t>{3, -3, 2, -2, 0, 0, 127, -128, 127}));
}

TEST(QuantizeF32S8, ScaleAndZeroPoint) {
  // scale 0.5, zp -10: 1.25 -> 2.5 -> 3 -> -7; -1.25 -> -3 -> -13; 0.2 -> 0.4 -> 0 -> -10.
  const std::vector<float> in = {1.25f, -1.25f, 0.2f, 100.0f, -100.0f, -59.0f};
  std::vector<int8_t> out(in.size());
  eb_quantize_params p = FloatParams(static_cast<int>(in.size()), 0.5f, -10);
  eb_quantize_f32_s8(&p, in.data(), out.data());
  EXPECT_EQ(out, (std::vector<int8_t>{-7, -13, -10, 127, -128, -128}));
}

TEST(QuantizeF32S8, DividesInFloatLikeTheReference) {
  // 0.25f / 0.1f is exactly 2.5 in float (-> 3) but 2.49999996 in double (-> 2); TFLM divides in float.
  const std::vector<float> in = {0.25f, 0.75f, -0.25f};
  std::vector<int8_t> out(in.size());
  eb_quantize_params p = FloatParams(3, 0.1f, 0);
  eb_quantize_f32_s8(&p, in.data(), out.data());
  EXPECT_EQ(out, (std::vector<int8_t>{3, 8, -3}));
}

TEST(QuantizeF32S8, NonFiniteInputsSaturate) {
  const std::vector<float> in = {INFINITY, -INFINITY, 3e38f, -3e38f, NAN};
  std::vector<int8_t> out(in.size());
  eb_quantize_params p = FloatParams(5, 0.01f, 5);
  eb_quantize_f32_s8(&p, in.data(), out.data());
  EXPECT_EQ(out, (std::vector<int8_t>{127, -128, 127, -128, -128}));
}

TEST(QuantizeF32U8, ZeroPoint128AndClamping) {
  const std::vector<float> in = {-128.0f, -129.0f, 0.0f, 126.5f, 127.4f, 200.0f, -0.5f};
  std::vector<uint8_t> out(in.size());
  eb_quantize_params p = FloatParams(static_cast<int>(in.size()), 1.0f, 128);
  eb_quantize_f32_u8(&p, in.data(), out.data());
  EXPECT_EQ(out, (std::vector<uint8_t>{0, 0, 128, 255, 255, 255, 127}));
}

TEST(RequantizeU8S8, EqualScalesShiftBy128) {
  eb_quantize_params p = RequantParams(256, 128, 0, 1.0);
  std::vector<uint8_t> in(256);
  for (int i = 0; i < 256; ++i) in[i] = static_cast<uint8_t>(i);
  std::vector<int8_t> out(256);
  eb_requantize_u8_s8(&p, in.data(), out.data());
  for (int i = 0; i < 256; ++i) {
    ASSERT_EQ(out[i], i - 128) << i;
    ASSERT_EQ(static_cast<uint8_t>(out[i]), in[i] ^ 0x80) << i;  // the reference's fast path
  }
}

TEST(RequantizeS8U8, EqualScalesShiftBy128) {
  eb_quantize_params p = RequantParams(256, 0, 128, 1.0);
  std::vector<int8_t> in(256);
  for (int i = 0; i < 256; ++i) in[i] = static_cast<int8_t>(i - 128);
  std::vector<uint8_t> out(256);
  eb_requantize_s8_u8(&p, in.data(), out.data());
  for (int i = 0; i < 256; ++i) ASSERT_EQ(out[i], i) << i;
}

TEST(RequantizeS8S8, RescalesAndClamps) {
  // ratio 0.25, in_zp 2, out_zp -1: 12 -> 2.5 -> 3 -> 2; -8 -> -2.5 -> -3 -> -4.
  // 127 -> 125 * 0.25 = 31.25, but TFLM's double rounding gives 62.5 -> 63, then 31.5 -> 32; -> 31.
  const std::vector<int8_t> in = {12, -8, 127, 2};
  std::vector<int8_t> out(in.size());
  eb_quantize_params p = RequantParams(4, 2, -1, 0.25);
  eb_requantize_s8_s8(&p, in.data(), out.data());
  EXPECT_EQ(out, (std::vector<int8_t>{2, -4, 31, -1}));
  // ratio 3 saturates both ways.
  const std::vector<int8_t> in2 = {100, -100, 10};
  p = RequantParams(3, 0, 0, 3.0);
  eb_requantize_s8_s8(&p, in2.data(), out.data());
  EXPECT_EQ(std::vector<int8_t>(out.begin(), out.begin() + 3), (std::vector<int8_t>{127, -128, 30}));
}

TEST(RequantizeU8U8, RescalesAndClamps) {
  // ratio 2, both zero points 128: 130 -> 132; 0 -> -256 -> 0; 255 -> 382 -> 255; 100 -> 72.
  const std::vector<uint8_t> in = {130, 0, 255, 100};
  std::vector<uint8_t> out(in.size());
  eb_quantize_params p = RequantParams(4, 128, 128, 2.0);
  eb_requantize_u8_u8(&p, in.data(), out.data());
  EXPECT_EQ(out, (std::vector<uint8_t>{132, 0, 255, 72}));
}

TEST(RequantizeU8S8, DifferentScales) {
  // ratio 0.5, in_zp 100, out_zp 10: 104 -> 2 -> 12; 103 -> 1.5 -> 2 -> 12; 0 -> -50 -> -40.
  const std::vector<uint8_t> in = {104, 103, 0, 255};
  std::vector<int8_t> out(in.size());
  eb_quantize_params p = RequantParams(4, 100, 10, 0.5);
  eb_requantize_u8_s8(&p, in.data(), out.data());
  EXPECT_EQ(out, (std::vector<int8_t>{12, 12, -40, 88}));
}

TEST(RequantizeS16S8, NarrowsWithDoubleRounding) {
  // ratio 2^-8 (multiplier 2^30, shift -7), out_zp 3: 384 -> 192 -> 1.5 -> 2 -> 5; -384 -> -2 -> 1;
  // the int16 ends saturate.
  const std::vector<int16_t> in = {384, -384, 32767, -32768};
  std::vector<int8_t> out(in.size());
  eb_quantize_params p = RequantParams(4, 0, 3, 1.0 / 256);
  eb_requantize_s16_s8(&p, in.data(), out.data());
  EXPECT_EQ(out, (std::vector<int8_t>{5, 1, 127, -125}));
}

TEST(RequantizeS32S8, WrapsTheZeroPointSubtractionLikeTflm) {
  // in_zp -1: INT32_MAX - (-1) wraps to INT32_MIN in TFLM's int32 arithmetic, so it saturates low.
  const std::vector<int32_t> in = {INT32_MAX, 1000, -1000};
  std::vector<int8_t> out(in.size());
  eb_quantize_params p = RequantParams(3, -1, 0, 0.1);
  eb_requantize_s32_s8(&p, in.data(), out.data());
  EXPECT_EQ(out, (std::vector<int8_t>{-128, 100, -100}));
}
