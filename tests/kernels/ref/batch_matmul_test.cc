// BATCH_MATMUL: a hand-worked 2-D product, shape errors at prepare, and broadcast batch dims checked
// against a naive triple loop on seeded random shapes.
#include "batch_matmul.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

TEST(BatchMatMul, TwoByThreeTimesThreeByTwo) {
  eb_batch_matmul_params p{};
  const int32_t a_dims[] = {2, 3}, b_dims[] = {3, 2};
  ASSERT_EQ(eb_batch_matmul_prepare(&p, 2, a_dims, 2, b_dims), 0);
  EXPECT_EQ(p.batch_rank, 0);
  EXPECT_EQ(eb_batch_matmul_batches(&p), 1);
  const std::vector<float> a = {1, 2, 3, 4, 5, 6}, b = {7, 8, 9, 10, 11, 12};
  std::vector<float> out(4);
  eb_batch_matmul_f32(&p, a.data(), b.data(), out.data());
  EXPECT_EQ(out, (std::vector<float>{58, 64, 139, 154}));
}

TEST(BatchMatMul, RejectsMismatchedShapes) {
  eb_batch_matmul_params p{};
  const int32_t a[] = {2, 3}, b[] = {4, 2};
  EXPECT_EQ(eb_batch_matmul_prepare(&p, 2, a, 2, b), -1);  // K 3 vs 4
  const int32_t a3[] = {2, 2, 3}, b3[] = {3, 3, 2};
  EXPECT_EQ(eb_batch_matmul_prepare(&p, 3, a3, 3, b3), -1);  // batch 2 vs 3
  const int32_t v[] = {3};
  EXPECT_EQ(eb_batch_matmul_prepare(&p, 1, v, 2, b), -1);  // rank 1
}

TEST(BatchMatMul, BroadcastBatchesMatchNaiveProduct) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> val(-2.0f, 2.0f);
  // (lhs dims, rhs dims): batch broadcasting on either side and rank differences.
  const std::vector<std::pair<std::vector<int32_t>, std::vector<int32_t>>> cases = {
      {{2, 3, 4}, {2, 4, 5}}, {{1, 2, 3, 4}, {1, 2, 4, 3}}, {{3, 2, 4}, {4, 2}},
      {{2, 1, 3, 2}, {4, 2, 5}}, {{5, 1, 1}, {1, 1, 6}}};
  for (const auto& [ad, bd] : cases) {
    eb_batch_matmul_params p{};
    ASSERT_EQ(eb_batch_matmul_prepare(&p, (int)ad.size(), ad.data(), (int)bd.size(), bd.data()), 0);
    size_t na = 1, nb = 1;
    for (int32_t d : ad) na *= d;
    for (int32_t d : bd) nb *= d;
    std::vector<float> a(na), b(nb);
    for (float& x : a) x = val(rng);
    for (float& x : b) x = val(rng);
    const int32_t batches = eb_batch_matmul_batches(&p);
    std::vector<float> out(static_cast<size_t>(batches * p.m * p.n));
    eb_batch_matmul_f32(&p, a.data(), b.data(), out.data());
    // Naive: decompose each output batch index into per-dim indices, map to each input (index 0 where 1).
    const int br = p.batch_rank;
    for (int32_t bi = 0; bi < batches; ++bi) {
      std::vector<int32_t> idx(br);
      for (int d = br - 1, r = bi; d >= 0; --d) {
        idx[d] = r % p.batch_dims[d];
        r /= p.batch_dims[d];
      }
      auto offset = [&](const std::vector<int32_t>& dims, int32_t mat) {
        const int rb = (int)dims.size() - 2;
        int64_t off = 0;
        for (int d = 0; d < rb; ++d) {
          const int32_t dim = dims[d];
          off = off * dim + (dim == 1 ? 0 : idx[d + (br - rb)]);
        }
        return off * mat;
      };
      const float* am = a.data() + offset(ad, p.m * p.k);
      const float* bm = b.data() + offset(bd, p.k * p.n);
      for (int32_t i = 0; i < p.m; ++i) {
        for (int32_t j = 0; j < p.n; ++j) {
          float acc = 0.0f;
          for (int32_t k = 0; k < p.k; ++k) acc += am[i * p.k + k] * bm[k * p.n + j];
          EXPECT_EQ(out[(bi * p.m + i) * p.n + j], acc) << "case " << ad.size() << "x" << bd.size() << " batch " << bi;
        }
      }
    }
  }
}
