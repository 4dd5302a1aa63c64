// DEQUANTIZE: affine int -> float (computed in double, rounded once), and IEEE half decoding checked on
// named values and exhaustively against ldexp.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <vector>

#include "dequantize.h"

TEST(DequantizeS8F32, ScaleAndZeroPoint) {
  const std::vector<int8_t> in = {-128, -3, 0, 127};
  std::vector<float> out(in.size());
  eb_dequantize_params p{4, 0.5, -3};
  eb_dequantize_s8_f32(&p, in.data(), out.data());
  EXPECT_EQ(out, (std::vector<float>{-62.5f, 0.0f, 1.5f, 65.0f}));
}

TEST(DequantizeS8F32, ProductIsTakenInDouble) {
  // 0.1 * 9 in double rounds to 0x3F666666 (0.899999976f); the float product 0.1f * 9.0f is
  // 0x3F666667 (0.900000036f).
  const std::vector<int8_t> in = {9};
  std::vector<float> out(1);
  eb_dequantize_params p{1, 0.1, 0};
  eb_dequantize_s8_f32(&p, in.data(), out.data());
  uint32_t bits;
  std::memcpy(&bits, &out[0], 4);
  EXPECT_EQ(bits, 0x3F666666u);
}

TEST(DequantizeU8F32, ZeroPoint128) {
  const std::vector<uint8_t> in = {0, 128, 255};
  std::vector<float> out(in.size());
  eb_dequantize_params p{3, 0.25, 128};
  eb_dequantize_u8_f32(&p, in.data(), out.data());
  EXPECT_EQ(out, (std::vector<float>{-32.0f, 0.0f, 31.75f}));
}

TEST(DequantizeS16F32, FullRange) {
  const std::vector<int16_t> in = {-32768, 1, 32767};
  std::vector<float> out(in.size());
  eb_dequantize_params p{3, 1.0 / 1024, 0};
  eb_dequantize_s16_f32(&p, in.data(), out.data());
  EXPECT_EQ(out, (std::vector<float>{-32.0f, 0.0009765625f, 31.9990234375f}));
}

TEST(DequantizeF16F32, NamedValues) {
  const std::vector<uint16_t> in = {0x3C00, 0xC000, 0x0001, 0x03FF, 0x0400, 0x7BFF,
                                    0x3555, 0x7C00, 0xFC00, 0x0000, 0x8000, 0x8001};
  std::vector<float> out(in.size());
  eb_dequantize_params p{static_cast<int32_t>(in.size()), 0.0, 0};
  eb_dequantize_f16_f32(&p, in.data(), out.data());
  EXPECT_EQ(out[0], 1.0f);
  EXPECT_EQ(out[1], -2.0f);
  EXPECT_EQ(out[2], 5.9604644775390625e-8f);  // 2^-24, the smallest subnormal
  EXPECT_EQ(out[3], 1023 * 5.9604644775390625e-8f);  // the largest subnormal
  EXPECT_EQ(out[4], 6.103515625e-5f);  // 2^-14, the smallest normal
  EXPECT_EQ(out[5], 65504.0f);
  EXPECT_EQ(out[6], 0.333251953125f);  // (1 + 341/1024) / 4
  EXPECT_EQ(out[7], INFINITY);
  EXPECT_EQ(out[8], -INFINITY);
  EXPECT_EQ(out[9], 0.0f);
  EXPECT_FALSE(std::signbit(out[9]));
  EXPECT_EQ(out[10], 0.0f);
  EXPECT_TRUE(std::signbit(out[10]));
  EXPECT_EQ(out[11], -5.9604644775390625e-8f);
}

TEST(DequantizeF16F32, NaNKeepsSignAndPayload) {
  const std::vector<uint16_t> in = {0x7E00, 0xFE00, 0x7C01};
  std::vector<float> out(in.size());
  eb_dequantize_params p{3, 0.0, 0};
  eb_dequantize_f16_f32(&p, in.data(), out.data());
  uint32_t bits[3];
  std::memcpy(bits, out.data(), sizeof bits);
  EXPECT_EQ(bits[0], 0x7FC00000u);
  EXPECT_EQ(bits[1], 0xFFC00000u);
  EXPECT_EQ(bits[2], 0x7F802000u);  // a signalling NaN stays a NaN (payload kept, not infinity)
}

TEST(DequantizeF16F32, AllFiniteHalvesMatchLdexp) {
  std::vector<uint16_t> in(65536);
  for (int i = 0; i < 65536; ++i) in[i] = static_cast<uint16_t>(i);
  std::vector<float> out(65536);
  eb_dequantize_params p{65536, 0.0, 0};
  eb_dequantize_f16_f32(&p, in.data(), out.data());
  for (int i = 0; i < 65536; ++i) {
    const int exp = (i >> 10) & 0x1F, mant = i & 0x3FF;
    if (exp == 0x1F) {
      ASSERT_TRUE(mant == 0 ? std::isinf(out[i]) : std::isnan(out[i])) << i;
      continue;
    }
    const double mag = exp == 0 ? std::ldexp(mant, -24) : std::ldexp(1024 + mant, exp - 25);
    const double expected = (i & 0x8000) ? -mag : mag;
    ASSERT_EQ(out[i], static_cast<float>(expected)) << std::hex << i;
    ASSERT_EQ(std::signbit(out[i]), (i & 0x8000) != 0) << std::hex << i;
  }
}
