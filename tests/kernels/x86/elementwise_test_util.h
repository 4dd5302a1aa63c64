// Shared by the tests of the x86 pooling, softmax, mean and ADD/MUL variants: a variant's function table, a
// runner that calls it with its tasks split several ways, random pool geometries and float comparisons.
#ifndef EB_TESTS_KERNELS_X86_ELEMENTWISE_TEST_UTIL_H
#define EB_TESTS_KERNELS_X86_ELEMENTWISE_TEST_UTIL_H

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <random>
#include <type_traits>
#include <vector>

#include "cpu_x86.h"
#include "kernels/kernel_test_util.h"
#include "activation.h"
#include "pool.h"
#include "x86_variant.h"

namespace eb::test {

// One variant's exported functions; In is `const void *` or, for binary ops, `const void *const *`.
template <typename P, typename In>
struct EwVariant {
  const char* name;
  int (*has_isa)();
  int (*applies)(const P*);
  size_t (*packed_bytes)(const P*);
  void (*pack)(const P*, const void*, const void*, const int32_t*, const int32_t*, void*);
  int32_t (*tasks)(const P*);
  size_t (*scratch_bytes)(const P*);
  void (*run)(const P*, In, const void*, void*, void*, int32_t, int32_t);
};

#define EB_EW_VARIANT(stem, isa_check) \
  {#stem, isa_check, stem##_applies, stem##_packed_bytes, stem##_pack, stem##_tasks, stem##_scratch_bytes, stem##_run}

// 64-byte aligned buffer of at least one byte (so that a variant given 0 bytes still gets a valid pointer).
struct AlignedBuffer {
  explicit AlignedBuffer(size_t bytes) {
    const size_t n = (bytes + EB_X86_ALIGN - 1) / EB_X86_ALIGN * EB_X86_ALIGN;
    ptr = std::aligned_alloc(EB_X86_ALIGN, n == 0 ? EB_X86_ALIGN : n);
  }
  ~AlignedBuffer() { std::free(ptr); }
  AlignedBuffer(const AlignedBuffer&) = delete;
  AlignedBuffer& operator=(const AlignedBuffer&) = delete;
  void* ptr;
};

// The task splits every test runs: the whole call at once, two and three contiguous ranges, and every task
// alone in reverse order (proving the tasks independent of each other and of the order they run in).
enum class Split { kWhole, kHalves, kThirds, kReverse };
inline constexpr Split kSplits[] = {Split::kWhole, Split::kHalves, Split::kThirds, Split::kReverse};

inline const char* SplitName(Split s) {
  switch (s) {
    case Split::kWhole: return "whole";
    case Split::kHalves: return "halves";
    case Split::kThirds: return "thirds";
    case Split::kReverse: return "reverse";
  }
  return "?";
}

// Packs (a no-op for these variants, called anyway as the runtime would) and runs variant v over its tasks cut
// as `split` says, each range with its own scratch. `out` is pre-filled by the caller.
template <typename P, typename In>
void RunVariant(const EwVariant<P, In>& v, const P& p, In in, void* out, Split split) {
  AlignedBuffer packed(v.packed_bytes(&p));
  v.pack(&p, nullptr, nullptr, nullptr, nullptr, packed.ptr);
  const int32_t tasks = v.tasks(&p);
  ASSERT_GE(tasks, 1);
  ASSERT_LE(tasks, 64);
  AlignedBuffer scratch(v.scratch_bytes(&p));
  auto range = [&](int32_t b, int32_t e) {
    if (b < e) v.run(&p, in, packed.ptr, out, scratch.ptr, b, e);
  };
  switch (split) {
    case Split::kWhole: range(0, tasks); break;
    case Split::kHalves: range(0, tasks / 2); range(tasks / 2, tasks); break;
    case Split::kThirds:
      range(0, tasks / 3);
      range(tasks / 3, 2 * tasks / 3);
      range(2 * tasks / 3, tasks);
      break;
    case Split::kReverse:
      for (int32_t t = tasks - 1; t >= 0; --t) range(t, t + 1);
      break;
  }
}

// Bit-equal floats, any two NaNs counting as equal (their payloads depend on operand order).
inline bool SameFloat(float a, float b) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
  uint32_t ua, ub;
  std::memcpy(&ua, &a, 4);
  std::memcpy(&ub, &b, 4);
  return ua == ub;
}

// Uniform floats in [lo, hi]; with `specials`, about one in 40 is NaN, +-inf or -0.
inline std::vector<float> RandomF32(std::mt19937& rng, size_t n, float lo, float hi, bool specials) {
  std::uniform_real_distribution<float> d(lo, hi);
  std::vector<float> v(n);
  for (float& x : v) {
    x = d(rng);
    if (specials && Uniform(rng, 0, 39) == 0) {
      const float s[] = {NAN, INFINITY, -INFINITY, -0.0f, 0.0f};
      x = s[Uniform(rng, 0, 4)];
    }
  }
  return v;
}

// A random pool: batch 1..3 (33 one time in eight), images up to 9 x 9, 1..70 channels, windows up to 4 x 4,
// strides up to 3, any padding that keeps a tap in every window; float clamp none, ReLU, ReLU6 or random, and
// a random int8 clamp (the whole range half the time).
inline eb_pool_params RandomPool(std::mt19937& rng) {
  for (;;) {
    eb_pool_params p{};
    p.batch = Uniform(rng, 0, 7) == 0 ? 33 : Uniform(rng, 1, 3);
    p.in_h = Uniform(rng, 1, 9);
    p.in_w = Uniform(rng, 1, 9);
    p.channels = Uniform(rng, 1, 70);
    p.k_h = Uniform(rng, 1, 4);
    p.k_w = Uniform(rng, 1, 4);
    p.stride_h = Uniform(rng, 1, 3);
    p.stride_w = Uniform(rng, 1, 3);
    p.pad_top = Uniform(rng, 0, p.k_h - 1);
    p.pad_left = Uniform(rng, 0, p.k_w - 1);
    const int32_t pad_bottom = Uniform(rng, 0, p.k_h - 1), pad_right = Uniform(rng, 0, p.k_w - 1);
    p.out_h = (p.in_h + p.pad_top + pad_bottom - p.k_h) / p.stride_h + 1;
    p.out_w = (p.in_w + p.pad_left + pad_right - p.k_w) / p.stride_w + 1;
    if (p.out_h <= 0 || p.out_w <= 0) continue;
    // The last window must start inside the image (prepare's guarantee of at least one tap).
    if ((p.out_h - 1) * p.stride_h - p.pad_top >= p.in_h || (p.out_w - 1) * p.stride_w - p.pad_left >= p.in_w) continue;
    switch (Uniform(rng, 0, 3)) {
      case 0: p.act_min = -INFINITY; p.act_max = INFINITY; break;
      case 1: p.act_min = 0.0f; p.act_max = INFINITY; break;
      case 2: p.act_min = 0.0f; p.act_max = 6.0f; break;
      default: p.act_min = -1.5f; p.act_max = 2.5f; break;
    }
    if (Uniform(rng, 0, 1) == 0) {
      p.q_min = -128;
      p.q_max = 127;
    } else {
      p.q_min = Uniform(rng, -128, 0);
      p.q_max = Uniform(rng, p.q_min, 127);
    }
    return p;
  }
}

inline size_t PoolInElems(const eb_pool_params& p) {
  return static_cast<size_t>(p.batch) * p.in_h * p.in_w * p.channels;
}
inline size_t PoolOutElems(const eb_pool_params& p) {
  return static_cast<size_t>(p.batch) * p.out_h * p.out_w * p.channels;
}


// Runs pool variant v on p and `in` with every split, comparing each output with `want` (bit-exact; floats
// by SameFloat). Outputs start filled with a pattern no kernel writes by chance.
template <typename T>
void ExpectPoolMatches(const EwVariant<eb_pool_params, const void*>& v, const eb_pool_params& p,
                       const std::vector<T>& in, const std::vector<T>& want) {
  for (Split split : kSplits) {
    std::vector<T> got(want.size());
    std::memset(got.data(), 0x7B, got.size() * sizeof(T));
    RunVariant(v, p, static_cast<const void*>(in.data()), got.data(), split);
    size_t bad = 0, first = 0;
    for (size_t i = 0; i < want.size(); ++i) {
      bool same;
      if constexpr (std::is_same_v<T, float>) {
        same = SameFloat(got[i], want[i]);
      } else {
        same = got[i] == want[i];
      }
      if (!same && bad++ == 0) first = i;
    }
    EXPECT_EQ(bad, 0u) << v.name << " split " << SplitName(split) << ": batch " << p.batch << " " << p.in_h << "x"
                       << p.in_w << "x" << p.channels << " window " << p.k_h << "x" << p.k_w << " stride "
                       << p.stride_h << "," << p.stride_w << " pad " << p.pad_top << "," << p.pad_left
                       << "; first mismatch at " << first << ": " << +got[first] << " vs " << +want[first];
  }
}


// ---- RELU / RELU6 (relu*_direct_test.cc) ----

// Runs activation variant v on p.count elements of `in` with every split and compares with `ref` bit for bit
// (floats by SameFloat). The output buffer is one element longer than count and its last element must survive.
template <typename T>
void ExpectActMatches(const EwVariant<eb_act_params, const void*>& v, void (*ref)(const eb_act_params*, const T*, T*),
                      const eb_act_params& p, const std::vector<T>& in) {
  ASSERT_TRUE(v.applies(&p)) << v.name;
  const size_t n = static_cast<size_t>(p.count);
  std::vector<T> want(n + 1);
  ref(&p, in.data(), want.data());
  for (Split split : kSplits) {
    std::vector<T> got(n + 1);
    std::memset(got.data(), 0x5B, got.size() * sizeof(T));
    want[n] = got[n];
    RunVariant(v, p, static_cast<const void*>(in.data()), got.data(), split);
    size_t bad = 0, first = 0;
    for (size_t i = 0; i <= n; ++i) {
      bool same;
      if constexpr (std::is_same_v<T, float>) {
        same = SameFloat(got[i], want[i]);
      } else {
        same = got[i] == want[i];
      }
      if (!same && bad++ == 0) first = i;
    }
    EXPECT_EQ(bad, 0u) << v.name << " split " << SplitName(split) << ": count " << p.count << " zp " << p.in_zp << ","
                       << p.out_zp << " rq " << p.in_mult << "/" << p.in_left_shift << " clamp " << p.q_min << ".."
                       << p.q_max << "; first mismatch at " << first << ": " << +got[first] << " vs " << +want[first];
  }
}

// Random counts: 0..70 (vector tails), up to 5,000, and a few of 100,000 (many tasks).
inline int32_t RandomActCount(std::mt19937& rng, int iter) {
  if (iter % 10 == 9) return Uniform(rng, 90000, 110000);
  return iter % 2 == 0 ? Uniform(rng, 0, 70) : Uniform(rng, 71, 5000);
}

}  // namespace eb::test

#endif
