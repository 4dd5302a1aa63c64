// TRANSPOSE: a hand-listed 2x3x4 permutation, NHWC <-> NCHW, every element size, and a naive
// index-decomposition transpose on seeded random ranks 1..6 and permutations.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <numeric>
#include <random>
#include <vector>

#include "transpose.h"

namespace {

eb_transpose_params Params(std::vector<int32_t> dims, std::vector<int32_t> perm, int elem_size) {
  eb_transpose_params p{};
  p.rank = static_cast<int32_t>(dims.size());
  for (size_t d = 0; d < dims.size(); ++d) {
    p.in_dims[d] = dims[d];
    p.perm[d] = perm[d];
  }
  p.elem_size = elem_size;
  return p;
}

}  // namespace

TEST(Transpose, ThreeDimsPerm201) {
  // in[a][b][c] = 12a + 4b + c, shape [2,3,4]; out shape [4,2,3], out[c][a][b] = in[a][b][c].
  std::vector<int8_t> in(24);
  std::iota(in.begin(), in.end(), 0);
  eb_transpose_params p = Params({2, 3, 4}, {2, 0, 1}, 1);
  std::vector<int8_t> out(24);
  eb_transpose(&p, in.data(), out.data());
  EXPECT_EQ(out, (std::vector<int8_t>{0, 4, 8, 12, 16, 20, 1, 5, 9, 13, 17, 21,  //
                                      2, 6, 10, 14, 18, 22, 3, 7, 11, 15, 19, 23}));
}

TEST(Transpose, NhwcToNchwFloat) {
  // 1x2x2x3 (HW = 2x2, C = 3) -> 1x3x2x2.
  const std::vector<float> in = {0, 100, 200, 1, 101, 201, 2, 102, 202, 3, 103, 203};
  eb_transpose_params p = Params({1, 2, 2, 3}, {0, 3, 1, 2}, 4);
  std::vector<float> out(12);
  eb_transpose(&p, in.data(), out.data());
  EXPECT_EQ(out, (std::vector<float>{0, 1, 2, 3, 100, 101, 102, 103, 200, 201, 202, 203}));
}

TEST(Transpose, MatrixInt16AndInt64) {
  const std::vector<int16_t> m16 = {1, 2, 3, -4, -5, -6};  // 2x3
  eb_transpose_params p = Params({2, 3}, {1, 0}, 2);
  std::vector<int16_t> o16(6);
  eb_transpose(&p, m16.data(), o16.data());
  EXPECT_EQ(o16, (std::vector<int16_t>{1, -4, 2, -5, 3, -6}));

  const std::vector<int64_t> m64 = {1LL << 40, 2, 3, -(1LL << 50)};  // 2x2
  p = Params({2, 2}, {1, 0}, 8);
  std::vector<int64_t> o64(4);
  eb_transpose(&p, m64.data(), o64.data());
  EXPECT_EQ(o64, (std::vector<int64_t>{1LL << 40, 3, 2, -(1LL << 50)}));
}

TEST(Transpose, IdentityPermCopies) {
  std::vector<int32_t> in(30);
  std::iota(in.begin(), in.end(), -7);
  eb_transpose_params p = Params({2, 3, 5}, {0, 1, 2}, 4);
  std::vector<int32_t> out(30);
  eb_transpose(&p, in.data(), out.data());
  EXPECT_EQ(out, in);
}

TEST(Transpose, MatchesNaiveTransposeOnRandomShapes) {
  std::mt19937 rng(4242);
  auto uni = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  const int sizes[] = {1, 2, 4, 8};
  for (int trial = 0; trial < 300; ++trial) {
    const int rank = uni(1, EB_MAX_DIMS);
    const int es = sizes[uni(0, 3)];
    std::vector<int32_t> dims(rank), perm(rank);
    size_t n = 1;
    for (int d = 0; d < rank; ++d) {
      dims[d] = uni(1, rank > 4 ? 3 : 5);
      n *= dims[d];
    }
    std::iota(perm.begin(), perm.end(), 0);
    std::shuffle(perm.begin(), perm.end(), rng);
    std::vector<uint8_t> in(n * es), out(n * es);
    for (auto &b : in) b = static_cast<uint8_t>(uni(0, 255));
    eb_transpose_params p = Params(dims, perm, es);
    eb_transpose(&p, in.data(), out.data());
    std::vector<size_t> in_stride(rank);
    size_t s = 1;
    for (int d = rank - 1; d >= 0; --d) {
      in_stride[d] = s;
      s *= dims[d];
    }
    for (size_t o = 0; o < n; ++o) {
      size_t rem = o, src = 0;
      for (int i = rank - 1; i >= 0; --i) {
        const size_t out_dim = dims[perm[i]];
        src += (rem % out_dim) * in_stride[perm[i]];
        rem /= out_dim;
      }
      ASSERT_EQ(std::memcmp(&out[o * es], &in[src * es], es), 0) << "trial " << trial << " element " << o;
    }
  }
}
