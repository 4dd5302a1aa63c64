// TFLM's fixed-point requantisation written out the long way (gemmlowp's SaturatingRoundingDoublingHighMul,
// RoundingDivideByPOT and MultiplyByQuantizedMultiplier as the reference defines them), for kernel tests to
// compare against an evaluation that shares no code with the kernels.
#pragma once

#include <algorithm>
#include <cstdint>

namespace eb::test {

inline int32_t TflmHighMul(int32_t a, int32_t b) {
  if (a == INT32_MIN && b == INT32_MIN) return INT32_MAX;
  const int64_t ab = static_cast<int64_t>(a) * b;
  const int64_t nudge = ab >= 0 ? (int64_t{1} << 30) : 1 - (int64_t{1} << 30);
  return static_cast<int32_t>((ab + nudge) / (int64_t{1} << 31));  // truncates toward zero
}

inline int32_t TflmDivPot(int32_t x, int exponent) {
  const int32_t mask = static_cast<int32_t>((int64_t{1} << exponent) - 1);
  const int32_t remainder = x & mask, threshold = (mask >> 1) + (x < 0 ? 1 : 0);
  return (x >> exponent) + (remainder > threshold ? 1 : 0);
}

// x * (1 << left) wraps like the targets' int32 multiply.
inline int32_t TflmMbqm(int32_t x, int32_t multiplier, int32_t shift) {
  const int left = std::max(shift, 0), right = std::max(-shift, 0);
  const int32_t shifted = static_cast<int32_t>(static_cast<uint32_t>(x) * (uint32_t{1} << left));
  return TflmDivPot(TflmHighMul(shifted, multiplier), right);
}

}  // namespace eb::test
