// Shared set-up of the broadcasting binary ops: shape alignment, strides and the multipliers of TFLM's
// int8 ADD/SUB/MUL prepare, worked by hand.
#include <gtest/gtest.h>

#include <vector>

#include "binary.h"

namespace {

std::vector<int32_t> v(const int32_t *p, int n) { return std::vector<int32_t>(p, p + n); }

TEST(BinaryBroadcast, TrailingVectorAgainstMatrix) {
  eb_binary_params p{};
  const int32_t a[] = {2, 3}, b[] = {3};
  ASSERT_EQ(eb_binary_broadcast(&p, 2, a, 1, b), 0);
  EXPECT_EQ(p.rank, 2);
  EXPECT_EQ(v(p.out_dims, 2), (std::vector<int32_t>{2, 3}));
  EXPECT_EQ(v(p.in1_strides, 2), (std::vector<int32_t>{3, 1}));
  EXPECT_EQ(v(p.in2_strides, 2), (std::vector<int32_t>{0, 1}));
}

TEST(BinaryBroadcast, ColumnTimesRow) {
  eb_binary_params p{};
  const int32_t a[] = {2, 1}, b[] = {1, 3};
  ASSERT_EQ(eb_binary_broadcast(&p, 2, a, 2, b), 0);
  EXPECT_EQ(v(p.out_dims, 2), (std::vector<int32_t>{2, 3}));
  EXPECT_EQ(v(p.in1_strides, 2), (std::vector<int32_t>{1, 0}));
  EXPECT_EQ(v(p.in2_strides, 2), (std::vector<int32_t>{0, 1}));
}

TEST(BinaryBroadcast, MixedRanksBothWays) {
  eb_binary_params p{};
  const int32_t a[] = {4, 1, 3}, b[] = {2, 1};
  ASSERT_EQ(eb_binary_broadcast(&p, 3, a, 2, b), 0);
  EXPECT_EQ(p.rank, 3);
  EXPECT_EQ(v(p.out_dims, 3), (std::vector<int32_t>{4, 2, 3}));
  EXPECT_EQ(v(p.in1_strides, 3), (std::vector<int32_t>{3, 0, 1}));
  EXPECT_EQ(v(p.in2_strides, 3), (std::vector<int32_t>{0, 1, 0}));
  EXPECT_EQ(eb_binary_row_count(&p), 8);
}

TEST(BinaryBroadcast, ScalarsBecomeRankOne) {
  eb_binary_params p{};
  ASSERT_EQ(eb_binary_broadcast(&p, 0, nullptr, 0, nullptr), 0);
  EXPECT_EQ(p.rank, 1);
  EXPECT_EQ(p.out_dims[0], 1);
  EXPECT_EQ(p.in1_strides[0], 0);
}

TEST(BinaryBroadcast, RejectsIncompatibleShapesAndTooManyDims) {
  eb_binary_params p{};
  const int32_t a[] = {2, 3}, b[] = {2};
  EXPECT_EQ(eb_binary_broadcast(&p, 2, a, 1, b), -1);
  const int32_t big[EB_MAX_DIMS + 1] = {1, 1, 1, 1, 1, 1, 1};
  EXPECT_EQ(eb_binary_broadcast(&p, EB_MAX_DIMS + 1, big, 1, b), -1);
}

TEST(BinaryBroadcast, NextRowWalksOutputInRowMajorOrder) {
  eb_binary_params p{};
  const int32_t a[] = {4, 1, 3}, b[] = {2, 1};
  ASSERT_EQ(eb_binary_broadcast(&p, 3, a, 2, b), 0);
  int32_t idx[EB_MAX_DIMS] = {0};
  int32_t off1 = 0, off2 = 0;
  std::vector<int32_t> o1, o2;
  for (int r = 0; r < eb_binary_row_count(&p); ++r) {
    o1.push_back(off1);
    o2.push_back(off2);
    eb_binary_next_row(&p, idx, &off1, &off2);
  }
  EXPECT_EQ(o1, (std::vector<int32_t>{0, 0, 3, 3, 6, 6, 9, 9}));
  EXPECT_EQ(o2, (std::vector<int32_t>{0, 1, 0, 1, 0, 1, 0, 1}));
}

TEST(BinaryPrepare, AddMultipliers) {
  eb_binary_params p{};
  // Scales 0.5 and 0.25, output 1.0: twice_max = 1, ratios 0.5 and 0.25, output 1 / 2^20.
  eb_binary_prepare_add_s8(&p, 0.5, 0.25, 1.0);
  EXPECT_EQ(p.left_shift, 20);
  EXPECT_EQ(p.in1_mult, 1 << 30);
  EXPECT_EQ(p.in1_shift, 0);
  EXPECT_EQ(p.in2_mult, 1 << 30);
  EXPECT_EQ(p.in2_shift, -1);
  EXPECT_EQ(p.out_mult, 1 << 30);
  EXPECT_EQ(p.out_shift, -19);
}

TEST(BinaryPrepare, SubMultipliers) {
  eb_binary_params p{};
  eb_binary_prepare_sub_s8(&p, 0.5f, 0.25f, 1.0f);
  EXPECT_EQ(p.left_shift, 20);
  EXPECT_EQ(p.in1_mult, 1 << 30);
  EXPECT_EQ(p.in1_shift, 0);
  EXPECT_EQ(p.in2_mult, 1 << 30);
  EXPECT_EQ(p.in2_shift, -1);
  EXPECT_EQ(p.out_mult, 1 << 30);
  EXPECT_EQ(p.out_shift, -19);
}

TEST(BinaryPrepare, SubRoundsRatiosInFloat) {
  // 0.1f / 0.6f is 0.16666665673255920 in float but 0.16666666252745538 in double; the two differ in the
  // 31-bit multiplier, and TFLM's SUB takes the float one.
  eb_binary_params p{};
  eb_binary_prepare_sub_s8(&p, 0.1f, 0.3f, 1.0f);
  EXPECT_EQ(p.in1_mult, 1431655680);  // round(0.16666665673255920 * 2^33), exponent -2
  EXPECT_EQ(p.in1_shift, -2);
  eb_binary_prepare_add_s8(&p, (double)0.1f, (double)0.3f, 1.0);
  EXPECT_EQ(p.in1_mult, 1431655730);  // round(0.16666666252745538 * 2^33)
  EXPECT_EQ(p.in1_shift, -2);
}

TEST(BinaryPrepare, MulMultiplier) {
  eb_binary_params p{};
  eb_binary_prepare_mul_s8(&p, 0.5, 0.5, 0.125);  // real 2.0
  EXPECT_EQ(p.out_mult, 1 << 30);
  EXPECT_EQ(p.out_shift, 2);
}

}  // namespace
