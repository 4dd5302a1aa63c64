// Shared by the ADD and MUL x86 variant tests: random shapes for each broadcast pattern the variants take (and
// some they decline), and the comparison against the reference with every task split.
#ifndef EB_TESTS_KERNELS_X86_BINARY_F32_TEST_UTIL_H
#define EB_TESTS_KERNELS_X86_BINARY_F32_TEST_UTIL_H

#include <gtest/gtest.h>

#include <cmath>
#include <sstream>
#include <string>
#include <vector>

#include "binary.h"
#include "elementwise_x86_util.h"
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


// ---- int8 ADD, SUB and MUL (add_s8_direct_test.cc, sub_s8_direct_test.cc, mul_s8_direct_test.cc) ----

using BinaryS8Ref = void (*)(const eb_binary_params*, const int8_t*, const int8_t*, int8_t*);
enum class S8Op { kAdd, kSub, kMul };

// Quantisation of an int8 binary op. `raw` draws the multipliers and shifts directly (any pair the reference
// accepts: multiplier 0, exactly 2^30 or above, right shifts of 0..31, left shifts up to 30 on the output, and
// ADD/SUB left_shift 0..22 as well as TFLM's 20); otherwise they come from the prepare functions with random
// scales. Zero points are random, the clamp is the whole range or a random sub-range.
inline void RandomS8Quant(std::mt19937& rng, S8Op op, bool raw, eb_binary_params* p) {
  p->in1_zp = Uniform(rng, -128, 127);
  p->in2_zp = Uniform(rng, -128, 127);
  p->out_zp = Uniform(rng, -128, 127);
  if (Uniform(rng, 0, 2) == 0) {
    p->q_min = -128;
    p->q_max = 127;
  } else {
    p->q_min = Uniform(rng, -128, 20);
    p->q_max = Uniform(rng, p->q_min, 127);
  }
  auto mult = [&] {
    const int k = Uniform(rng, 0, 9);
    return k == 0 ? 0 : k == 1 ? (1 << 30) : Uniform(rng, (1 << 30) + 1, INT32_MAX);
  };
  if (!raw) {
    auto scale = [&] { return std::exp(std::uniform_real_distribution<double>(std::log(1e-3), std::log(1.0))(rng)); };
    const double s1 = scale(), s2 = Uniform(rng, 0, 4) == 0 ? s1 : scale(), so = scale();
    switch (op) {
      case S8Op::kAdd: eb_binary_prepare_add_s8(p, s1, s2, so); break;
      case S8Op::kSub:
        eb_binary_prepare_sub_s8(p, static_cast<float>(s1), static_cast<float>(s2), static_cast<float>(so));
        break;
      case S8Op::kMul: eb_binary_prepare_mul_s8(p, s1, s2, so); break;
    }
    return;
  }
  p->left_shift = Uniform(rng, 0, 1) == 0 ? 20 : Uniform(rng, 0, 22);
  p->in1_mult = mult();
  p->in2_mult = mult();
  p->in1_shift = Uniform(rng, 0, 1) == 0 ? Uniform(rng, -3, 0) : Uniform(rng, -31, 0);
  p->in2_shift = Uniform(rng, 0, 1) == 0 ? Uniform(rng, -3, 0) : Uniform(rng, -31, 0);
  p->out_mult = mult();
  p->out_shift = Uniform(rng, 0, 1) == 0 ? Uniform(rng, -25, -2) : Uniform(rng, -31, op == S8Op::kMul ? 30 : 8);
}

inline std::string S8QuantText(const eb_binary_params& p) {
  std::ostringstream o;
  o << "zp " << p.in1_zp << "," << p.in2_zp << "," << p.out_zp << " clamp " << p.q_min << ".." << p.q_max << " L "
    << p.left_shift << " in1 " << p.in1_mult << "/" << p.in1_shift << " in2 " << p.in2_mult << "/" << p.in2_shift
    << " out " << p.out_mult << "/" << p.out_shift;
  return o.str();
}

// Runs v on p (whose shapes and quantisation are set) with every split and compares with `ref` byte for byte.
inline void ExpectBinaryS8Run(const BinaryVariant& v, BinaryS8Ref ref, const eb_binary_params& p,
                              const std::vector<int8_t>& in1, const std::vector<int8_t>& in2, const std::string& what) {
  ASSERT_TRUE(v.applies(&p)) << v.name << " " << what << " " << S8QuantText(p);
  const size_t n = static_cast<size_t>(eb_x86_binary_elems(&p));
  std::vector<int8_t> want(n);
  ref(&p, in1.data(), in2.data(), want.data());
  const void* const ins[2] = {in1.data(), in2.data()};
  for (Split split : kSplits) {
    std::vector<int8_t> got(n, 0x5A);
    RunVariant(v, p, static_cast<const void* const*>(ins), got.data(), split);
    size_t bad = 0, first = 0;
    for (size_t i = 0; i < n; ++i) {
      if (got[i] != want[i] && bad++ == 0) first = i;
    }
    EXPECT_EQ(bad, 0u) << v.name << " split " << SplitName(split) << ": " << what << " " << S8QuantText(p)
                       << "; first mismatch at " << first << ": " << +got[first] << " vs " << +want[first];
  }
}

// Every one of the 65,536 input pairs (as a [256, 256] pair of same-shape inputs), for `sets` quantisations of
// each kind (prepare-made and raw).
inline void ExpectBinaryS8Exhaustive(const BinaryVariant& v, BinaryS8Ref ref, S8Op op, uint32_t seed, int sets) {
  std::mt19937 rng(seed);
  std::vector<int8_t> a(65536), b(65536);
  for (int i = 0; i < 65536; ++i) {
    a[static_cast<size_t>(i)] = static_cast<int8_t>((i >> 8) - 128);
    b[static_cast<size_t>(i)] = static_cast<int8_t>((i & 255) - 128);
  }
  const int32_t dims[2] = {256, 256};
  for (int s = 0; s < 2 * sets; ++s) {
    eb_binary_params p{};
    ASSERT_EQ(eb_binary_broadcast(&p, 2, dims, 2, dims), 0);
    RandomS8Quant(rng, op, s % 2 == 1, &p);
    ExpectBinaryS8Run(v, ref, p, a, b, "all pairs");
  }
}

// Random shapes of every broadcast the variants take (30 of each), random quantisation; declines for the rest.
inline void ExpectBinaryS8VariantMatches(const BinaryVariant& v, BinaryS8Ref ref, S8Op op, uint32_t seed) {
  std::mt19937 rng(seed);
  for (Pattern pat : {Pattern::kSame, Pattern::kScalar1, Pattern::kScalar2, Pattern::kRow1, Pattern::kRow2}) {
    for (int iter = 0; iter < 30; ++iter) {
      std::vector<int32_t> a, b;
      RandomShapes(rng, pat, &a, &b);
      eb_binary_params p{};
      ASSERT_EQ(eb_binary_broadcast(&p, static_cast<int>(a.size()), a.data(), static_cast<int>(b.size()), b.data()), 0);
      RandomS8Quant(rng, op, iter % 3 == 2, &p);
      ExpectBinaryS8Run(v, ref, p, RandomI8(rng, Elems(a)), RandomI8(rng, Elems(b)), ShapeText(a) + " with " + ShapeText(b));
    }
  }
  for (int iter = 0; iter < 10; ++iter) {
    std::vector<int32_t> a, b;
    RandomShapes(rng, Pattern::kDeclined, &a, &b);
    eb_binary_params p{};
    ASSERT_EQ(eb_binary_broadcast(&p, static_cast<int>(a.size()), a.data(), static_cast<int>(b.size()), b.data()), 0);
    RandomS8Quant(rng, op, false, &p);
    EXPECT_FALSE(v.applies(&p)) << ShapeText(a) << " with " << ShapeText(b);
  }
  // Parameters outside int8 (a zero point, a clamp) are declined too.
  eb_binary_params p{};
  const int32_t d[1] = {8};
  ASSERT_EQ(eb_binary_broadcast(&p, 1, d, 1, d), 0);
  RandomS8Quant(rng, op, false, &p);
  p.q_min = 5, p.q_max = 4;
  EXPECT_FALSE(v.applies(&p));
  p.q_min = -128, p.q_max = 127, p.in2_zp = 300;
  EXPECT_FALSE(v.applies(&p));
}

// The residual shapes of MobileNetV2 CIFAR-10 int8 at batch 1 and 32, prepare-made quantisation.
inline void ExpectBinaryS8Residuals(const BinaryVariant& v, BinaryS8Ref ref, S8Op op, uint32_t seed) {
  std::mt19937 rng(seed);
  for (int32_t batch : {1, 32}) {
    for (const std::vector<int32_t>& d : {std::vector<int32_t>{batch, 16, 16, 24}, std::vector<int32_t>{batch, 8, 8, 32},
                                          std::vector<int32_t>{batch, 4, 4, 96}, std::vector<int32_t>{batch, 2, 2, 160}}) {
      eb_binary_params p{};
      ASSERT_EQ(eb_binary_broadcast(&p, 4, d.data(), 4, d.data()), 0);
      RandomS8Quant(rng, op, false, &p);
      ExpectBinaryS8Run(v, ref, p, RandomI8(rng, Elems(d)), RandomI8(rng, Elems(d)), ShapeText(d));
    }
  }
}

}  // namespace eb::test

#endif
