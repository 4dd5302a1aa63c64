// The SIMD int8 requantisation helpers (requant_avx2.h, requant_avx512.h, through their array forms in
// requant_x86.h) against eb_requantize_s8, bit for bit: every shift the reference accepts with the
// multiplier's edges (0, 2^30, 2^30 + 1, 2^31 - 1, and INT32_MIN for the doubling multiply's saturation),
// random multipliers, sums at the int32 edges and random ones, both paths, random zero points and clamps,
// lengths that leave a partial vector.
#include <gtest/gtest.h>

#include <climits>
#include <cstdint>
#include <random>
#include <vector>

#include "cpu_x86.h"
#include "kernels/kernel_test_util.h"
#include "quant.h"
#include "requant_x86.h"

namespace {

using eb::test::Uniform;

using RequantFn = void (*)(const int32_t*, int32_t, const int32_t*, const int32_t*, int, int32_t, int32_t, int32_t,
                           int8_t*);

int32_t RandomSum(std::mt19937& rng) {
  static const int32_t kEdges[] = {INT32_MIN, INT32_MIN + 1, -1, 0, 1, INT32_MAX - 1, INT32_MAX, 1 << 30, -(1 << 30)};
  switch (Uniform(rng, 0, 3)) {
    case 0:
      return kEdges[Uniform(rng, 0, 8)];
    case 1:
      return Uniform(rng, -300000, 300000);
    case 2:
      return Uniform(rng, -200, 200);
    default:
      return static_cast<int32_t>(rng());
  }
}

int32_t RandomMultiplier(std::mt19937& rng, bool usual) {
  if (usual) return Uniform(rng, 0, 3) == 0 ? INT32_MAX : Uniform(rng, (1 << 30) + 1, INT32_MAX);
  static const int32_t kEdges[] = {0, 1 << 30, (1 << 30) + 1, INT32_MAX, INT32_MIN};
  return Uniform(rng, 0, 1) == 0 ? kEdges[Uniform(rng, 0, 4)] : Uniform(rng, 1 << 30, INT32_MAX);
}

void CheckAgainstReference(RequantFn fn, uint32_t seed) {
  std::mt19937 rng(seed);
  for (int trial = 0; trial < 3000; ++trial) {
    const bool usual = trial % 2 == 0;
    const int32_t n = Uniform(rng, 1, 40);
    std::vector<int32_t> acc(n), mult(n), shift(n);
    for (int32_t i = 0; i < n; ++i) {
      acc[i] = RandomSum(rng);
      mult[i] = RandomMultiplier(rng, usual);
      shift[i] = usual ? Uniform(rng, -31, -2) : Uniform(rng, -31, 30);
    }
    const int32_t zp = Uniform(rng, -128, 127);
    const bool full = trial % 3 != 0;
    const int32_t lo = full ? -128 : Uniform(rng, -128, 0);
    const int32_t hi = full ? 127 : Uniform(rng, lo, 127);
    for (int general = 0; general < 2; ++general) {
      std::vector<int8_t> got(n + 1, 0x55);
      fn(acc.data(), n, mult.data(), shift.data(), general, zp, lo, hi, got.data());
      for (int32_t i = 0; i < n; ++i) {
        ASSERT_EQ(got[i], eb_requantize_s8(acc[i], mult[i], shift[i], zp, lo, hi))
            << "trial " << trial << " general " << general << " acc " << acc[i] << " mult " << mult[i] << " shift "
            << shift[i];
      }
      ASSERT_EQ(got[n], 0x55) << "wrote past n";
    }
  }
}

// Every shift from -31 to 30 with each edge multiplier against every edge sum, eight lanes of one pair each.
void CheckEveryShift(RequantFn fn) {
  const int32_t sums[] = {INT32_MIN, INT32_MIN + 1, -65536, -3, -2, -1, 0, 1, 2, 3, 65536, INT32_MAX - 1, INT32_MAX};
  const int32_t mults[] = {0, 1 << 30, (1 << 30) + 1, 1518500250, INT32_MAX, INT32_MIN};
  for (int32_t shift = -31; shift <= 30; ++shift) {
    for (int32_t m : mults) {
      const int32_t n = 13;
      std::vector<int32_t> mult(n, m), sh(n, shift);
      std::vector<int8_t> got(n);
      for (int general = 0; general < 2; ++general) {
        fn(sums, n, mult.data(), sh.data(), general, 0, -128, 127, got.data());
        for (int32_t i = 0; i < n; ++i) {
          ASSERT_EQ(got[i], eb_requantize_s8(sums[i], m, shift, 0, -128, 127))
              << "sum " << sums[i] << " mult " << m << " shift " << shift << " general " << general;
        }
      }
    }
  }
}

TEST(RequantX86, Avx2MatchesReference) {
  if (!eb_cpu_has_avx2()) GTEST_SKIP() << "CPU lacks AVX2";
  CheckEveryShift(eb_requant_s8_avx2);
  CheckAgainstReference(eb_requant_s8_avx2, 71);
}

TEST(RequantX86, Avx512MatchesReference) {
  if (!eb_cpu_has_avx512()) GTEST_SKIP() << "CPU lacks AVX-512";
  CheckEveryShift(eb_requant_s8_avx512);
  CheckAgainstReference(eb_requant_s8_avx512, 72);
}

}  // namespace
