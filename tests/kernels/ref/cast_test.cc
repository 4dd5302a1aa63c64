// CAST: every (from, to) pair on small values, then the C conversion corner cases: truncation toward
// zero, `!= 0` for bool (including -0.0 and NaN), int -> float rounding, and signed/unsigned wrap.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <vector>

#include "cast.h"

namespace {

constexpr eb_elem_type kAll[] = {EB_ELEM_F32, EB_ELEM_I8,  EB_ELEM_U8,  EB_ELEM_I16,
                                 EB_ELEM_I32, EB_ELEM_I64, EB_ELEM_BOOL};

size_t Size(eb_elem_type t) {
  switch (t) {
    case EB_ELEM_F32: return 4;
    case EB_ELEM_I8: return 1;
    case EB_ELEM_U8: return 1;
    case EB_ELEM_I16: return 2;
    case EB_ELEM_I32: return 4;
    case EB_ELEM_I64: return 8;
    case EB_ELEM_BOOL: return 1;
  }
  return 0;
}

// Writes small non-negative integer v as element i of a buffer of type t.
void Put(eb_elem_type t, std::vector<uint8_t> &buf, int i, int v) {
  uint8_t *d = buf.data() + i * Size(t);
  switch (t) {
    case EB_ELEM_F32: { float x = static_cast<float>(v); std::memcpy(d, &x, 4); break; }
    case EB_ELEM_I8: { int8_t x = static_cast<int8_t>(v); std::memcpy(d, &x, 1); break; }
    case EB_ELEM_U8: case EB_ELEM_BOOL: { uint8_t x = static_cast<uint8_t>(v); std::memcpy(d, &x, 1); break; }
    case EB_ELEM_I16: { int16_t x = static_cast<int16_t>(v); std::memcpy(d, &x, 2); break; }
    case EB_ELEM_I32: { int32_t x = v; std::memcpy(d, &x, 4); break; }
    case EB_ELEM_I64: { int64_t x = v; std::memcpy(d, &x, 8); break; }
  }
}

double Get(eb_elem_type t, const std::vector<uint8_t> &buf, int i) {
  const uint8_t *s = buf.data() + i * Size(t);
  switch (t) {
    case EB_ELEM_F32: { float x; std::memcpy(&x, s, 4); return x; }
    case EB_ELEM_I8: { int8_t x; std::memcpy(&x, s, 1); return x; }
    case EB_ELEM_U8: case EB_ELEM_BOOL: { uint8_t x; std::memcpy(&x, s, 1); return x; }
    case EB_ELEM_I16: { int16_t x; std::memcpy(&x, s, 2); return x; }
    case EB_ELEM_I32: { int32_t x; std::memcpy(&x, s, 4); return x; }
    case EB_ELEM_I64: { int64_t x; std::memcpy(&x, s, 8); return static_cast<double>(x); }
  }
  return -1;
}

template <typename From, typename To>
std::vector<To> Cast(eb_elem_type from, eb_elem_type to, const std::vector<From> &in) {
  std::vector<To> out(in.size());
  eb_cast_params p{static_cast<int32_t>(in.size()), from, to};
  eb_cast(&p, in.data(), out.data());
  return out;
}

}  // namespace

TEST(Cast, EveryPairCarriesSmallValues) {
  const int values[] = {0, 1, 5, 100};
  for (eb_elem_type from : kAll) {
    for (eb_elem_type to : kAll) {
      std::vector<uint8_t> in(4 * Size(from)), out(4 * Size(to), 0xAB);
      for (int i = 0; i < 4; ++i) Put(from, in, i, from == EB_ELEM_BOOL ? values[i] != 0 : values[i]);
      eb_cast_params p{4, from, to};
      eb_cast(&p, in.data(), out.data());
      for (int i = 0; i < 4; ++i) {
        const int expected = (from == EB_ELEM_BOOL || to == EB_ELEM_BOOL) ? values[i] != 0 : values[i];
        ASSERT_EQ(Get(to, out, i), expected) << "from " << from << " to " << to << " element " << i;
      }
    }
  }
}

TEST(Cast, FloatToIntTruncatesTowardZero) {
  const std::vector<float> in = {1.9f, -1.9f, 0.5f, -0.5f, 100.99f, -128.7f};
  EXPECT_EQ((Cast<float, int8_t>(EB_ELEM_F32, EB_ELEM_I8, in)), (std::vector<int8_t>{1, -1, 0, 0, 100, -128}));
  EXPECT_EQ((Cast<float, int32_t>(EB_ELEM_F32, EB_ELEM_I32, in)), (std::vector<int32_t>{1, -1, 0, 0, 100, -128}));
  EXPECT_EQ((Cast<float, int64_t>(EB_ELEM_F32, EB_ELEM_I64, {3e9f, -3e9f})),
            (std::vector<int64_t>{3000000000LL, -3000000000LL}));
}

TEST(Cast, ToBoolIsNotEqualZero) {
  const std::vector<float> f = {0.0f, -0.0f, 0.5f, -2.0f, NAN, 1e-40f};
  EXPECT_EQ((Cast<float, uint8_t>(EB_ELEM_F32, EB_ELEM_BOOL, f)), (std::vector<uint8_t>{0, 0, 1, 1, 1, 1}));
  const std::vector<int16_t> s = {0, -1, 256, -32768};
  EXPECT_EQ((Cast<int16_t, uint8_t>(EB_ELEM_I16, EB_ELEM_BOOL, s)), (std::vector<uint8_t>{0, 1, 1, 1}));
  // 2^32 has a zero low word but is not zero.
  const std::vector<int64_t> l = {0, 1LL << 32};
  EXPECT_EQ((Cast<int64_t, uint8_t>(EB_ELEM_I64, EB_ELEM_BOOL, l)), (std::vector<uint8_t>{0, 1}));
}

TEST(Cast, IntToFloatRoundsToNearestEven) {
  const std::vector<int32_t> in = {16777217, 16777219, -16777217, 7};
  EXPECT_EQ((Cast<int32_t, float>(EB_ELEM_I32, EB_ELEM_F32, in)),
            (std::vector<float>{16777216.0f, 16777220.0f, -16777216.0f, 7.0f}));
  const std::vector<int64_t> big = {(1LL << 40) + 1, -(1LL << 53)};
  EXPECT_EQ((Cast<int64_t, float>(EB_ELEM_I64, EB_ELEM_F32, big)),
            (std::vector<float>{1099511627776.0f, -9007199254740992.0f}));
}

TEST(Cast, IntegerNarrowingWrapsAndSignChangesReinterpret) {
  // Narrowing to a signed type is implementation-defined in C; GCC and Clang (host and arm-none-eabi)
  // define it as modulo 2^n, as TFLM's static_cast gets on the same compilers.
  EXPECT_EQ((Cast<int32_t, int8_t>(EB_ELEM_I32, EB_ELEM_I8, {300, -129, 127})), (std::vector<int8_t>{44, 127, 127}));
  EXPECT_EQ((Cast<int8_t, uint8_t>(EB_ELEM_I8, EB_ELEM_U8, {-1, -128, 5})), (std::vector<uint8_t>{255, 128, 5}));
  EXPECT_EQ((Cast<uint8_t, int16_t>(EB_ELEM_U8, EB_ELEM_I16, {200, 255})), (std::vector<int16_t>{200, 255}));
  EXPECT_EQ((Cast<int8_t, int64_t>(EB_ELEM_I8, EB_ELEM_I64, {-128, 127})), (std::vector<int64_t>{-128, 127}));
  EXPECT_EQ((Cast<uint8_t, float>(EB_ELEM_BOOL, EB_ELEM_F32, {0, 1})), (std::vector<float>{0.0f, 1.0f}));
}
