// Shared by the ADD and MUL x86 variant tests: random shapes for each broadcast pattern the variants take (and
// some they decline), and the comparison against the reference with every task split.
#ifndef EB_TESTS_KERNELS_X86_BINARY_F32_TEST_UTIL_H
#define EB_TESTS_KERNELS_X86_BINARY_F32_TEST_UTIL_H

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "binary.h"
#include "kernels/x86/elementwise_test_util.h"

namespace eb::test {

using BinaryVariant = EwVariant<eb_binary_params, const void* const*>;
using BinaryRef = void (*)(const eb_binary_params*, const float*, const float*, float*);

enum class Pattern { kSame, kScalar1, kScalar2, kRow1, kRow2, kDeclined };

inline std::string ShapeText(const std::vector<int32_t>& d) {
  std::string s = "[";
  for (size_t i = 0; i < d.size(); ++i) s += (i ? "," : "") + std::to_string(d[i]);
  return s + "]";
}

// A full shape of rank 1..4: leading dims 1..9 (sometimes 1, sometimes 33 for a batch), last dim 1..70.
inline std::vector<int32_t> RandomFullShape(std::mt19937& rng, int32_t min_last) {
  std::vector<int32_t> d(static_cast<size_t>(Uniform(rng, 1, 4)));
  for (size_t i = 0; i + 1 < d.size(); ++i) d[i] = Uniform(rng, 0, 9) == 0 ? 33 : Uniform(rng, 1, 9);
  d.back() = Uniform(rng, min_last, 70);
  return d;
}

// The two input shapes of pattern `pat`.
inline void RandomShapes(std::mt19937& rng, Pattern pat, std::vector<int32_t>* a, std::vector<int32_t>* b) {
  switch (pat) {
    case Pattern::kSame:
      *a = RandomFullShape(rng, 1);
      *b = *a;
      return;
    case Pattern::kScalar1:
    case Pattern::kScalar2: {
      std::vector<int32_t> full = RandomFullShape(rng, 1);
      std::vector<int32_t> one(static_cast<size_t>(Uniform(rng, 0, static_cast<int>(full.size()))), 1);
      *a = pat == Pattern::kScalar1 ? one : full;
      *b = pat == Pattern::kScalar1 ? full : one;
      return;
    }
    case Pattern::kRow1:
    case Pattern::kRow2: {
      std::vector<int32_t> full = RandomFullShape(rng, 2);
      std::vector<int32_t> row(static_cast<size_t>(Uniform(rng, 1, static_cast<int>(full.size()))), 1);
      row.back() = full.back();
      *a = pat == Pattern::kRow1 ? row : full;
      *b = pat == Pattern::kRow1 ? full : row;
      return;
    }
    case Pattern::kDeclined: {
      // Both inputs broadcast ([n, 1] with [1, m]), or a middle dim does ([2, 1, c] with [2, h, c]).
      const int32_t n = Uniform(rng, 2, 9), m = Uniform(rng, 2, 9), c = Uniform(rng, 2, 9);
      if (Uniform(rng, 0, 1) == 0) {
        *a = {n, 1};
        *b = {1, m};
      } else {
        *a = {n, 1, c};
        *b = {n, m, c};
      }
      return;
    }
  }
}

inline size_t Elems(const std::vector<int32_t>& d) {
  size_t n = 1;
  for (int32_t x : d) n *= static_cast<size_t>(x);
  return n;
}

// Random clamps: none, ReLU, ReLU6, ReLU_N1_TO_1.
inline void RandomFloatClamp(std::mt19937& rng, eb_binary_params* p) {
  const float lo[] = {-INFINITY, 0.0f, 0.0f, -1.0f}, hi[] = {INFINITY, INFINITY, 6.0f, 1.0f};
  const int k = Uniform(rng, 0, 3);
  p->act_min = lo[k];
  p->act_max = hi[k];
}

// Checks variant v against `ref` on inputs of shapes a and b (which must broadcast), bit for bit, every split.
inline void ExpectBinaryMatches(const BinaryVariant& v, BinaryRef ref, std::mt19937& rng, const std::vector<int32_t>& a,
                                const std::vector<int32_t>& b, bool specials) {
  eb_binary_params p{};
  ASSERT_EQ(eb_binary_broadcast(&p, static_cast<int>(a.size()), a.data(), static_cast<int>(b.size()), b.data()), 0);
  RandomFloatClamp(rng, &p);
  ASSERT_TRUE(v.applies(&p)) << ShapeText(a) << " " << ShapeText(b);
  const auto in1 = RandomF32(rng, Elems(a), -4.0f, 4.0f, specials);
  const auto in2 = RandomF32(rng, Elems(b), -4.0f, 4.0f, specials);
  size_t n = 1;
  for (int32_t d = 0; d < p.rank; ++d) n *= static_cast<size_t>(p.out_dims[d]);
  std::vector<float> want(n);
  ref(&p, in1.data(), in2.data(), want.data());
  const void* const ins[2] = {in1.data(), in2.data()};
  for (Split split : kSplits) {
    std::vector<float> got(n, -7.0f);
    RunVariant(v, p, static_cast<const void* const*>(ins), got.data(), split);
    size_t bad = 0, first = 0;
    for (size_t i = 0; i < n; ++i) {
      if (!SameFloat(got[i], want[i]) && bad++ == 0) first = i;
    }
    EXPECT_EQ(bad, 0u) << v.name << " split " << SplitName(split) << ": " << ShapeText(a) << " with " << ShapeText(b)
                       << "; first mismatch at " << first << ": " << got[first] << " vs " << want[first];
  }
}

// The random part of the ADD and MUL tests: 40 cases of every pattern the variants take, and declines for the rest.
inline void ExpectBinaryVariantMatches(const BinaryVariant& v, BinaryRef ref, uint32_t seed) {
  std::mt19937 rng(seed);
  for (Pattern pat : {Pattern::kSame, Pattern::kScalar1, Pattern::kScalar2, Pattern::kRow1, Pattern::kRow2}) {
    for (int iter = 0; iter < 40; ++iter) {
      std::vector<int32_t> a, b;
      RandomShapes(rng, pat, &a, &b);
      ExpectBinaryMatches(v, ref, rng, a, b, iter % 2 == 0);
    }
  }
  for (int iter = 0; iter < 10; ++iter) {
    std::vector<int32_t> a, b;
    RandomShapes(rng, Pattern::kDeclined, &a, &b);
    eb_binary_params p{};
    ASSERT_EQ(eb_binary_broadcast(&p, static_cast<int>(a.size()), a.data(), static_cast<int>(b.size()), b.data()), 0);
    p.act_min = -INFINITY;
    p.act_max = INFINITY;
    EXPECT_FALSE(v.applies(&p)) << ShapeText(a) << " with " << ShapeText(b);
  }
}

}  // namespace eb::test

#endif
