// Straightforward forms of TFLM's two requantisations, for the int16x8 kernel tests: exact integer arithmetic
// (__int128, no wrapping tricks), written from the definitions rather than from quant.h.
#ifndef EB_TESTS_KERNELS_REF_INT16X8_REFERENCE_H
#define EB_TESTS_KERNELS_REF_INT16X8_REFERENCE_H

#include <cstdint>

namespace eb::test {

// floor(n / 2^s) for s >= 0.
inline __int128 FloorDivPot(__int128 n, int s) {
  const __int128 d = static_cast<__int128>(1) << s;
  __int128 q = n / d;
  if (n % d != 0 && n < 0) q -= 1;
  return q;
}

// The 64-bit MultiplyByQuantizedMultiplier: x times the multiplier rounded to its top 15 bits, divided by
// 2^(15 - shift), ties upward; the low 32 bits of the result.
inline int32_t RescaleS64(int64_t x, int32_t multiplier, int32_t shift) {
  const int64_t reduced = multiplier >= 0x7FFF0000 ? 0x7FFF : (static_cast<int64_t>(multiplier) + 32768) / 65536;
  const int s = 15 - shift;
  const __int128 q = FloorDivPot(static_cast<__int128>(x) * reduced + (static_cast<__int128>(1) << (s - 1)), s);
  return static_cast<int32_t>(static_cast<uint32_t>(static_cast<uint64_t>(q)));
}

// The 32-bit one (double rounding): x * 2^left (wrapping), times the multiplier over 2^31 rounded to nearest with
// ties upward and saturated (only INT32_MIN * INT32_MIN overflows), then divided by 2^right, ties away from zero.
inline int32_t RescaleS32(int32_t x, int32_t multiplier, int32_t shift) {
  const int left = shift > 0 ? shift : 0, right = shift > 0 ? 0 : -shift;
  const int32_t a = static_cast<int32_t>(static_cast<uint32_t>(x) << left);
  const __int128 high = a == INT32_MIN && multiplier == INT32_MIN
                            ? INT32_MAX
                            : FloorDivPot(static_cast<__int128>(a) * multiplier + (static_cast<__int128>(1) << 30), 31);
  if (right == 0) return static_cast<int32_t>(high);
  const __int128 mag = FloorDivPot((high < 0 ? -high : high) + (static_cast<__int128>(1) << (right - 1)), right);
  return static_cast<int32_t>(high < 0 ? -mag : mag);
}

}  // namespace eb::test

#endif
