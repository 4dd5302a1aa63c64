// CONCATENATION along the first, a middle and the last axis, with byte counts as prepare computes them.
#include <gtest/gtest.h>

#include <vector>

#include "concatenation.h"

TEST(Concatenation, FirstAxisAppends) {
  // [2,2] ++ [1,2] along axis 0: outer 1.
  const std::vector<int8_t> a = {1, 2, 3, 4}, b = {5, 6};
  const int32_t bytes[] = {4, 2};
  const void *inputs[] = {a.data(), b.data()};
  eb_concat_params p{2, 1, bytes};
  std::vector<int8_t> out(6);
  eb_concatenation(&p, inputs, out.data());
  EXPECT_EQ(out, (std::vector<int8_t>{1, 2, 3, 4, 5, 6}));
}

TEST(Concatenation, MiddleAxisInterleavesRows) {
  // [2,1,2] ++ [2,2,2] ++ [2,1,2] along axis 1 (int8): outer 2, inner 2.
  const std::vector<int8_t> a = {1, 2, 3, 4};
  const std::vector<int8_t> b = {10, 11, 12, 13, 14, 15, 16, 17};
  const std::vector<int8_t> c = {-1, -2, -3, -4};
  const int32_t bytes[] = {2, 4, 2};
  const void *inputs[] = {a.data(), b.data(), c.data()};
  eb_concat_params p{3, 2, bytes};
  std::vector<int8_t> out(16);
  eb_concatenation(&p, inputs, out.data());
  EXPECT_EQ(out, (std::vector<int8_t>{1, 2, 10, 11, 12, 13, -1, -2,  //
                                      3, 4, 14, 15, 16, 17, -3, -4}));
}

TEST(Concatenation, LastAxisFloat) {
  // [2,2] ++ [2,3] along axis 1 (float): outer 2, rows of 8 and 12 bytes.
  const std::vector<float> a = {1, 2, 3, 4}, b = {0.5f, 0.25f, 0.125f, -1, -2, -3};
  const int32_t bytes[] = {8, 12};
  const void *inputs[] = {a.data(), b.data()};
  eb_concat_params p{2, 2, bytes};
  std::vector<float> out(10);
  eb_concatenation(&p, inputs, out.data());
  EXPECT_EQ(out, (std::vector<float>{1, 2, 0.5f, 0.25f, 0.125f, 3, 4, -1, -2, -3}));
}
