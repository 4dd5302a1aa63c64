// The TRANSPOSE x86 variants for 4-byte elements against eb_transpose, bit for bit: NCHW <-> NHWC and every 2-D
// transpose on random shapes (edge tiles of every size, size-1 dims anywhere, batches to 33), random permutations of
// rank 1..6 (those the variants take must match; the ones they decline must not reduce to a copy or a batched 2-D
// transpose), real layout changes at batch 1 and 32, every task split; other element sizes declined.
#include <gtest/gtest.h>

#include <algorithm>
#include <numeric>
#include <sstream>

#include "elementwise_s8_x86.h"
#include "elementwise_x86_util.h"
#include "kernels/x86/elementwise_test_util.h"
#include "transpose.h"

namespace {

using eb::test::EwVariant;
using eb::test::Uniform;
using Elem = int32_t;

const EwVariant<eb_transpose_params, const void*> kVariants[] = {
    EB_EW_VARIANT(eb_transpose_x32_direct_avx2, eb_cpu_has_avx2),
    EB_EW_VARIANT(eb_transpose_x32_direct_avx512, eb_cpu_has_avx512),
};

eb_transpose_params Make(const std::vector<int32_t>& dims, const std::vector<int32_t>& perm) {
  eb_transpose_params p{};
  p.rank = static_cast<int32_t>(dims.size());
  for (size_t i = 0; i < dims.size(); ++i) {
    p.in_dims[i] = dims[i];
    p.perm[i] = perm[i];
  }
  p.elem_size = 4;
  return p;
}

std::string Text(const eb_transpose_params& p) {
  std::ostringstream o;
  o << "dims";
  for (int i = 0; i < p.rank; ++i) o << " " << p.in_dims[i];
  o << " perm";
  for (int i = 0; i < p.rank; ++i) o << " " << p.perm[i];
  return o.str();
}

void ExpectMatches(const EwVariant<eb_transpose_params, const void*>& v, const eb_transpose_params& p, std::mt19937& rng) {
  ASSERT_TRUE(v.applies(&p)) << Text(p);
  size_t n = 1;
  for (int i = 0; i < p.rank; ++i) n *= static_cast<size_t>(p.in_dims[i]);
  std::vector<Elem> in(n);
  for (Elem& x : in) x = static_cast<Elem>(rng());
  std::vector<Elem> want(n + 1, static_cast<Elem>(0x5C5C5C5C));
  eb_transpose(&p, in.data(), want.data());
  for (eb::test::Split split : eb::test::kSplits) {
    std::vector<Elem> got(n + 1, static_cast<Elem>(0x5C5C5C5C));
    eb::test::RunVariant(v, p, static_cast<const void*>(in.data()), got.data(), split);
    size_t bad = 0, first = 0;
    for (size_t i = 0; i <= n; ++i) {
      if (got[i] != want[i] && bad++ == 0) first = i;
    }
    EXPECT_EQ(bad, 0u) << v.name << " split " << eb::test::SplitName(split) << ": " << Text(p) << "; first mismatch at "
                       << first;
  }
}

int32_t Dim(std::mt19937& rng) {
  const int k = Uniform(rng, 0, 9);
  return k == 0 ? 1 : k == 1 ? Uniform(rng, 17, 70) : Uniform(rng, 1, 20);
}

class TransposeX32Direct : public ::testing::TestWithParam<int> {};

TEST_P(TransposeX32Direct, LayoutChangesOnRandomShapes) {
  const auto& v = kVariants[GetParam()];
  if (!v.has_isa()) GTEST_SKIP() << "CPU lacks the ISA of " << v.name;
  std::mt19937 rng(8950 + GetParam());
  for (int iter = 0; iter < 60; ++iter) {
    const int32_t n = Uniform(rng, 0, 7) == 0 ? 33 : Uniform(rng, 1, 3);
    const std::vector<int32_t> d = {n, Dim(rng), Dim(rng), Dim(rng)};
    ExpectMatches(v, Make(d, {0, 2, 3, 1}), rng);  // NCHW -> NHWC
    ExpectMatches(v, Make(d, {0, 3, 1, 2}), rng);  // NHWC -> NCHW
    ExpectMatches(v, Make({d[1], d[2]}, {1, 0}), rng);
    ExpectMatches(v, Make({n, d[1], d[2]}, {0, 2, 1}), rng);
    ExpectMatches(v, Make(d, {0, 1, 2, 3}), rng);  // a copy
  }
}

TEST_P(TransposeX32Direct, RandomPermutations) {
  const auto& v = kVariants[GetParam()];
  if (!v.has_isa()) GTEST_SKIP() << "CPU lacks the ISA of " << v.name;
  std::mt19937 rng(8970 + GetParam());
  int taken = 0;
  for (int iter = 0; iter < 300; ++iter) {
    const int rank = Uniform(rng, 1, 6);
    std::vector<int32_t> d(static_cast<size_t>(rank)), perm(static_cast<size_t>(rank));
    for (int32_t& x : d) x = Uniform(rng, 0, 2) == 0 ? 1 : Uniform(rng, 1, rank > 4 ? 4 : 9);
    std::iota(perm.begin(), perm.end(), 0);
    std::shuffle(perm.begin(), perm.end(), rng);
    const eb_transpose_params p = Make(d, perm);
    if (v.applies(&p)) {
      ++taken;
      ExpectMatches(v, p, rng);
    } else {
      int64_t b, r, c;
      EXPECT_EQ(eb_x86_transpose_shape(&p, &b, &r, &c), 0) << Text(p);
    }
  }
  EXPECT_GT(taken, 100);
}

TEST_P(TransposeX32Direct, RealLayoutChanges) {
  const auto& v = kVariants[GetParam()];
  if (!v.has_isa()) GTEST_SKIP() << "CPU lacks the ISA of " << v.name;
  std::mt19937 rng(8990);
  for (int32_t batch : {1, 32}) {
    ExpectMatches(v, Make({batch, 3, 32, 32}, {0, 2, 3, 1}), rng);
    ExpectMatches(v, Make({batch, 16, 16, 24}, {0, 3, 1, 2}), rng);
    ExpectMatches(v, Make({batch, 4, 4, 96}, {0, 3, 1, 2}), rng);
  }
}

TEST_P(TransposeX32Direct, DeclinesOtherElementSizesAndForms) {
  const auto& v = kVariants[GetParam()];
  if (!v.has_isa()) GTEST_SKIP() << "CPU lacks the ISA of " << v.name;
  eb_transpose_params p = Make({2, 3, 4, 5}, {0, 2, 1, 3});
  EXPECT_FALSE(v.applies(&p));
  p = Make({2, 3, 4}, {2, 0, 1});
  p.elem_size = 2;
  EXPECT_FALSE(v.applies(&p));
}

INSTANTIATE_TEST_SUITE_P(Isa, TransposeX32Direct, ::testing::Values(0, 1),
                         [](const auto& info) { return std::string(info.param == 0 ? "avx2" : "avx512"); });

}  // namespace
