// STRIDED_SLICE: TFLM's per-axis index rules (negative indices, clamping both ways, begin/end masks, shrink)
// worked by hand; the kernel on forward and backward strides for 1-, 2-, 4- and 8-byte elements; and random
// slices of random shapes against a direct index computation.
#include <gtest/gtest.h>

#include <cstring>
#include <random>
#include <vector>

#include "strided_slice.h"

namespace {

struct Axis {
  int32_t begin, count;
  bool operator==(const Axis&) const = default;
};

Axis Resolve(int32_t dim, int32_t start, int32_t stop, int32_t stride, int begin_mask = 0, int end_mask = 0,
             int shrink = 0) {
  Axis a{};
  eb_strided_slice_axis(dim, start, stop, stride, begin_mask, end_mask, shrink, &a.begin, &a.count);
  return a;
}

eb_strided_slice_params Params(std::vector<int32_t> dims, std::vector<int32_t> begin, std::vector<int32_t> count,
                               std::vector<int32_t> step, int elem_size) {
  eb_strided_slice_params p{};
  p.rank = static_cast<int32_t>(dims.size());
  p.elem_size = elem_size;
  for (size_t d = 0; d < dims.size(); ++d) {
    p.in_dims[d] = dims[d];
    p.begin[d] = begin[d];
    p.count[d] = count[d];
    p.step[d] = step[d];
  }
  return p;
}

}  // namespace

TEST(StridedSliceAxis, ForwardIndices) {
  EXPECT_EQ(Resolve(10, 2, 8, 3), (Axis{2, 2}));     // 2, 5
  EXPECT_EQ(Resolve(10, 2, 9, 3), (Axis{2, 3}));     // 2, 5, 8
  EXPECT_EQ(Resolve(10, -3, 10, 1), (Axis{7, 3}));   // negative begin counts from the end
  EXPECT_EQ(Resolve(10, 1, -1, 1), (Axis{1, 8}));    // negative end too
  EXPECT_EQ(Resolve(10, -20, 50, 4), (Axis{0, 3}));  // both clamped to [0, 10]: 0, 4, 8
  EXPECT_EQ(Resolve(10, 6, 3, 1), (Axis{6, 0}));     // end before begin: empty
  EXPECT_EQ(Resolve(10, 12, 20, 1), (Axis{10, 0}));  // begin past the end: empty
}

TEST(StridedSliceAxis, BackwardIndices) {
  EXPECT_EQ(Resolve(10, 8, 2, -2), (Axis{8, 3}));    // 8, 6, 4
  EXPECT_EQ(Resolve(10, -1, -11, -1), (Axis{9, 10}));  // -11 + 10 = -1 clamps to -1: through index 0
  EXPECT_EQ(Resolve(10, 50, -50, -3), (Axis{9, 4}));   // clamped to [-1, 9]: 9, 6, 3, 0
  EXPECT_EQ(Resolve(10, -20, 0, -1), (Axis{-1, 0}));   // begin clamps to -1: empty (ONNX would say 0)
  EXPECT_EQ(Resolve(10, 2, 5, -1), (Axis{2, 0}));
}

TEST(StridedSliceAxis, MasksOverrideTheIndices) {
  EXPECT_EQ(Resolve(10, 7, 9, 1, 1, 0), (Axis{0, 9}));    // begin_mask: from 0
  EXPECT_EQ(Resolve(10, 7, 0, 1, 0, 1), (Axis{7, 3}));    // end_mask: to 10
  EXPECT_EQ(Resolve(10, 0, 5, -1, 1, 0), (Axis{9, 4}));   // backward begin_mask: from 9
  EXPECT_EQ(Resolve(10, 3, 5, -1, 0, 1), (Axis{3, 4}));   // backward end_mask: through 0
  EXPECT_EQ(Resolve(10, 0, 0, 2, 1, 1), (Axis{0, 5}));
}

TEST(StridedSliceAxis, ShrinkTakesOneElementWhateverTheEnd) {
  EXPECT_EQ(Resolve(10, 4, 0, 1, 0, 0, 1), (Axis{4, 1}));
  EXPECT_EQ(Resolve(10, -1, 0, 1, 0, 1, 1), (Axis{9, 1}));  // end_mask does not matter
  EXPECT_EQ(Resolve(10, 10, 11, 1, 0, 0, 1), (Axis{10, 0}));  // past the end: nothing (prepare refuses it)
  EXPECT_EQ(Resolve(10, 4, 5, -1, 0, 0, 1), (Axis{4, 0}));    // backward: TFLM's loop never enters
}

TEST(StridedSlice, Int16RowsAndColumns) {
  // [3, 4] -> rows 2, 0 backwards, columns 1 and 3.
  const std::vector<int16_t> in = {0, 1, 2, 3, 10, 11, 12, 13, 20, 21, 22, 23};
  std::vector<int16_t> out(4, -1);
  const auto p = Params({3, 4}, {2, 1}, {2, 2}, {-2, 2}, 2);
  eb_strided_slice(&p, in.data(), out.data());
  EXPECT_EQ(out, (std::vector<int16_t>{21, 23, 1, 3}));
}

TEST(StridedSlice, ContiguousRowsOfFloats) {
  // [2, 3, 2] -> [1, 2, 2]: batch 1, rows 1..2, every column (the inner copy is one memcpy per row).
  std::vector<float> in(12);
  for (int i = 0; i < 12; ++i) in[i] = static_cast<float>(i) + 0.5f;
  std::vector<float> out(4);
  const auto p = Params({2, 3, 2}, {1, 1, 0}, {1, 2, 2}, {1, 1, 1}, 4);
  eb_strided_slice(&p, in.data(), out.data());
  EXPECT_EQ(out, (std::vector<float>{8.5f, 9.5f, 10.5f, 11.5f}));
}

TEST(StridedSlice, BytesAndInt64Backwards) {
  const std::vector<int8_t> b = {1, 2, 3, 4, 5};
  std::vector<int8_t> bo(3);
  const auto p1 = Params({5}, {4}, {3}, {-2}, 1);
  eb_strided_slice(&p1, b.data(), bo.data());
  EXPECT_EQ(bo, (std::vector<int8_t>{5, 3, 1}));
  const std::vector<int64_t> w = {int64_t{1} << 40, -7, 9, int64_t{-1} << 50};
  std::vector<int64_t> wo(4);
  const auto p2 = Params({4}, {3}, {4}, {-1}, 8);
  eb_strided_slice(&p2, w.data(), wo.data());
  EXPECT_EQ(wo, (std::vector<int64_t>{int64_t{-1} << 50, 9, -7, int64_t{1} << 40}));
}

TEST(StridedSlice, EmptyAxisWritesNothing) {
  const std::vector<int32_t> in = {1, 2, 3, 4};
  std::vector<int32_t> out = {-9};
  const auto p = Params({2, 2}, {0, 0}, {0, 2}, {1, 1}, 4);
  eb_strided_slice(&p, in.data(), out.data());
  EXPECT_EQ(out[0], -9);
}

TEST(StridedSlice, RandomSlicesMatchDirectIndexing) {
  std::mt19937 rng(45);
  std::uniform_int_distribution<int> rank_d(1, EB_MAX_DIMS), dim_d(1, 5), idx_d(-7, 7), stride_d(-3, 3), bit(0, 1);
  const int sizes[] = {1, 2, 4, 8};
  for (int trial = 0; trial < 300; ++trial) {
    const int rank = rank_d(rng);
    const int es = sizes[trial % 4];
    std::vector<int32_t> dims(rank), begin(rank), count(rank), step(rank);
    int64_t n_in = 1, n_out = 1;
    for (int d = 0; d < rank; ++d) {
      dims[d] = dim_d(rng);
      int32_t stride = 0;
      while (stride == 0) stride = stride_d(rng);
      step[d] = stride;
      eb_strided_slice_axis(dims[d], idx_d(rng), idx_d(rng), stride, bit(rng), bit(rng), 0, &begin[d], &count[d]);
      n_in *= dims[d];
      n_out *= count[d];
    }
    std::vector<uint8_t> in(static_cast<size_t>(n_in) * es);
    for (auto& v : in) v = static_cast<uint8_t>(rng());
    std::vector<uint8_t> out(static_cast<size_t>(n_out) * es + 1, 0xAB);
    const auto p = Params(dims, begin, count, step, es);
    eb_strided_slice(&p, in.data(), out.data());
    ASSERT_EQ(out.back(), 0xAB) << "wrote past the output, trial " << trial;
    for (int64_t o = 0; o < n_out; ++o) {
      int64_t rest = o, src = 0, mul = 1;
      for (int d = rank - 1; d >= 0; --d) {
        const int64_t k = rest % count[d];
        rest /= count[d];
        const int64_t i = begin[d] + k * step[d];
        ASSERT_TRUE(i >= 0 && i < dims[d]) << "trial " << trial;
        src += i * mul;
        mul *= dims[d];
      }
      ASSERT_EQ(std::memcmp(&out[o * es], &in[src * es], es), 0) << "trial " << trial << " element " << o;
    }
  }
}
