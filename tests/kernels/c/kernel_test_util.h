// Seeded random values for the C kernel tests.
#ifndef EB_TESTS_KERNELS_C_KERNEL_TEST_UTIL_H
#define EB_TESTS_KERNELS_C_KERNEL_TEST_UTIL_H

#include <cstdint>
#include <random>
#include <vector>

namespace eb::test {

inline int Uniform(std::mt19937& rng, int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); }

inline std::vector<int8_t> RandomI8(std::mt19937& rng, size_t n, int lo = -128, int hi = 127) {
  std::vector<int8_t> v(n);
  for (int8_t& x : v) x = static_cast<int8_t>(Uniform(rng, lo, hi));
  return v;
}

}  // namespace eb::test

#endif
