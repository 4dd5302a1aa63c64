// C literals print values that read back exactly (floats), and initialisers that C accepts.
#include "codegen/c_literals.h"

#include <gtest/gtest.h>

#include <cfloat>
#include <cmath>
#include <cstdlib>
#include <limits>

namespace eb {
namespace {

float ReadBack(const std::string& literal) {
  std::string s = literal;
  if (!s.empty() && s.back() == 'f') s.pop_back();
  return std::strtof(s.c_str(), nullptr);
}

TEST(CLiterals, FloatsReadBackExactly) {
  for (float v : {0.5f, 1.0f / 3.0f, 6.0f, -2.5e-7f, FLT_MAX, -FLT_MAX, FLT_MIN, FLT_TRUE_MIN, 123456789.0f,
                  0.00392156886f}) {
    const std::string lit = FloatLiteral(v);
    EXPECT_EQ(lit.back(), 'f') << lit;
    EXPECT_EQ(ReadBack(lit), v) << lit;
  }
  EXPECT_EQ(FloatLiteral(6.0f), "6.0f");
  EXPECT_EQ(FloatLiteral(0.0f), "0.0f");
  EXPECT_EQ(FloatLiteral(-0.0f), "-0.0f");
  EXPECT_EQ(FloatLiteral(std::numeric_limits<float>::infinity()), "INFINITY");
  EXPECT_EQ(FloatLiteral(-std::numeric_limits<float>::infinity()), "-INFINITY");
  EXPECT_EQ(FloatLiteral(std::nanf("")), "NAN");
  EXPECT_EQ(DoubleLiteral(0.1), "0.10000000000000001");
  EXPECT_EQ(DoubleLiteral(2.0), "2.0");
}

TEST(CLiterals, IntegerEdges) {
  const int32_t min32 = INT32_MIN;
  const int64_t min64 = INT64_MIN, big = 1234567890123LL;
  EXPECT_EQ(ScalarLiteral(CScalar::kI32, &min32), "(-2147483647 - 1)");
  EXPECT_EQ(ScalarLiteral(CScalar::kI64, &min64), "(-INT64_C(9223372036854775807) - 1)");
  EXPECT_EQ(ScalarLiteral(CScalar::kI64, &big), "INT64_C(1234567890123)");
  const int8_t s8 = -128;
  const uint16_t u16 = 65535;
  EXPECT_EQ(ScalarLiteral(CScalar::kI8, &s8), "-128");
  EXPECT_EQ(ScalarLiteral(CScalar::kU16, &u16), "65535");
}

TEST(CLiterals, ArrayDefinitions) {
  const int8_t v[3] = {1, -2, 3};
  EXPECT_EQ(CArrayDefinition("w", CScalar::kI8, v, 3), "static const int8_t w[3] EB_ALIGNED(4) = {\n    1, -2, 3,\n};\n");
  // C has no zero-length arrays: an empty one gets a single zero.
  EXPECT_EQ(CArrayDefinition("e", CScalar::kI32, nullptr, 0), "static const int32_t e[1] EB_ALIGNED(4) = {0};\n");
}

TEST(CLiterals, FieldInitialisers) {
  const int32_t dims[3] = {1, 96, 3};
  ParamField arr{"dims", 0, CScalar::kI32, 3};
  EXPECT_EQ(FieldInitialiser(arr, dims), "{1, 96, 3}");
  ParamField e{"from", 0, CScalar::kEnum};
  e.enum_type = "eb_elem_type";
  EXPECT_EQ(FieldInitialiser(e, dims), "(eb_elem_type)1");
}

}  // namespace
}  // namespace eb
