// What the GEMM variant tests (conv2d/fully_connected, f32/s8) share: the variant's row of x86_variant.h
// functions, the CPU check, a buffer ASan can bound, and one pack + every task split of a call.
#ifndef EB_TESTS_KERNELS_X86_GEMM_TEST_UTIL_H_
#define EB_TESTS_KERNELS_X86_GEMM_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

namespace eb::test {

// One variant's functions; P is the reference's params struct.
template <typename P>
struct GemmVariant {
  const char* name;
  int (*cpu)();
  const char* isa;
  int (*applies)(const P*);
  size_t (*packed_bytes)(const P*);
  void (*pack)(const P*, const void*, const void*, const int32_t*, const int32_t*, void*);
  int32_t (*tasks)(const P*);
  size_t (*scratch_bytes)(const P*);
  void (*run)(const P*, const void*, const void*, void*, void*, int32_t, int32_t);
};

// A suite over a variant table; a variant whose ISA the CPU lacks is skipped with a message.
template <typename P>
class GemmVariantTest : public ::testing::TestWithParam<GemmVariant<P>> {
 protected:
  void SetUp() override {
    if (!this->GetParam().cpu()) GTEST_SKIP() << "CPU lacks " << this->GetParam().isa;
  }
};

template <typename P>
std::string GemmVariantName(const ::testing::TestParamInfo<GemmVariant<P>>& info) {
  return std::string(info.param.name);
}

// A 64-byte aligned buffer of exactly the asked size (rounded up to 64), so ASan sees overruns.
struct Aligned {
  explicit Aligned(size_t bytes) : p(std::aligned_alloc(64, (bytes + 63) / 64 * 64 + 64)) {}
  ~Aligned() { std::free(p); }
  Aligned(const Aligned&) = delete;
  Aligned& operator=(const Aligned&) = delete;
  void* p;
};

inline std::vector<float> RandomF32(std::mt19937& rng, size_t n) {
  std::uniform_real_distribution<float> d(-1.0f, 1.0f);
  std::vector<float> v(n);
  for (float& x : v) x = d(rng);
  return v;
}

// Packs once, then runs the call's tasks in one, two and three ranges and one at a time in reverse order (each
// range its own scratch), into n outputs initialised to fill followed by 16 sentinels. check(split, got, tasks)
// checks the n outputs (and may ASSERT); the sentinels must be untouched.
template <typename P, typename T, typename CheckFn>
void RunEverySplit(const GemmVariant<P>& v, const P& p, const void* in, const void* filter, const void* bias,
                   const int32_t* mult, const int32_t* shift, size_t n, T fill, T sentinel, CheckFn check) {
  Aligned packed(v.packed_bytes(&p));
  v.pack(&p, filter, bias, mult, shift, packed.p);
  const int32_t tasks = v.tasks(&p);
  ASSERT_GE(tasks, 1);
  ASSERT_LE(tasks, 64);
  const size_t scratch_bytes = v.scratch_bytes(&p);
  Aligned s0(scratch_bytes), s1(scratch_bytes), s2(scratch_bytes);
  void* scratch[3] = {s0.p, s1.p, s2.p};
  for (int split = 0; split < 4; ++split) {
    std::vector<T> got(n + 16, fill);
    for (size_t i = n; i < n + 16; ++i) got[i] = sentinel;
    if (split < 3) {
      const int parts = split + 1;
      for (int part = 0; part < parts; ++part) {
        const int32_t b = tasks * part / parts, e = tasks * (part + 1) / parts;
        v.run(&p, in, packed.p, got.data(), scratch[part], b, e);
      }
    } else {
      for (int32_t t = tasks - 1; t >= 0; --t) v.run(&p, in, packed.p, got.data(), scratch[t % 3], t, t + 1);
    }
    check(split, got, tasks);
    if (::testing::Test::HasFatalFailure()) return;
    for (size_t i = n; i < n + 16; ++i) ASSERT_EQ(got[i], sentinel) << v.name << " wrote past the output";
  }
}

}  // namespace eb::test

#endif  // EB_TESTS_KERNELS_X86_GEMM_TEST_UTIL_H_
