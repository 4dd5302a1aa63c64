// MINIMUM: element-wise, broadcast both ways, int8 raw values (no rescaling), int64 beyond 2^32.
#include "minimum.h"

#include <gtest/gtest.h>

#include <vector>

namespace {

eb_binary_params Broadcast(std::vector<int32_t> da, std::vector<int32_t> db) {
  eb_binary_params p{};
  EXPECT_EQ(eb_binary_broadcast(&p, (int)da.size(), da.data(), (int)db.size(), db.data()), 0);
  return p;
}

}  // namespace

TEST(MinimumF32, ElementWise) {
  const auto p = Broadcast({4}, {4});
  const std::vector<float> a = {1, 5, 5, 8}, b = {3, 2, 5, 4};
  std::vector<float> out(4);
  eb_minimum_f32(&p, a.data(), b.data(), out.data());
  EXPECT_EQ(out, (std::vector<float>{1, 2, 5, 4}));
}

TEST(MinimumF32, BroadcastsAScalarBound) {
  // [2,3] against a [1] bound, as ONNX Clip with one bound.
  const auto p = Broadcast({2, 3}, {1});
  const std::vector<float> a = {-2, 1, 7, -5, 9, 0}, b = {4};
  std::vector<float> out(6);
  eb_minimum_f32(&p, a.data(), b.data(), out.data());
  EXPECT_EQ(out, (std::vector<float>{-2, 1, 4, -5, 4, 0}));
}

TEST(MinimumS8, ComparesRawValues) {
  const auto p = Broadcast({4}, {1});
  const std::vector<int8_t> a = {-128, -3, 1, 0}, b = {-2};
  std::vector<int8_t> out(4);
  eb_minimum_s8(&p, a.data(), b.data(), out.data());
  EXPECT_EQ(out, (std::vector<int8_t>{-128, -3, -2, -2}));
}

TEST(MinimumS64, WideValues) {
  const auto p = Broadcast({2}, {2});
  const std::vector<int64_t> a = {int64_t{1} << 40, -7}, b = {(int64_t{1} << 40) + 1, 5};
  std::vector<int64_t> out(2);
  eb_minimum_s64(&p, a.data(), b.data(), out.data());
  EXPECT_EQ(out, (std::vector<int64_t>{int64_t{1} << 40, -7}));
}
