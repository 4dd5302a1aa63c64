#include "codegen/c_literals.h"

#include <cinttypes>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>

#include "core/strings.h"

namespace eb {
namespace {

template <class T>
T Load(const void* p) {
  T v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

// Appends ".0" when a %g rendering looks like an integer, so a suffix makes it a floating literal.
std::string WithPoint(std::string s) {
  if (s.find_first_of(".eEn") == std::string::npos) s += ".0";
  return s;
}

}  // namespace

std::string FloatLiteral(float v) {
  if (std::isnan(v)) return "NAN";
  if (std::isinf(v)) return v < 0 ? "-INFINITY" : "INFINITY";
  if (v == 0.0f) return std::signbit(v) ? "-0.0f" : "0.0f";
  // Nine significant digits always read back as the same float (FLT_DECIMAL_DIG).
  return WithPoint(Format("%.9g", static_cast<double>(v))) + "f";
}

std::string DoubleLiteral(double v) {
  if (std::isnan(v)) return "NAN";
  if (std::isinf(v)) return v < 0 ? "-INFINITY" : "INFINITY";
  if (v == 0.0) return std::signbit(v) ? "-0.0" : "0.0";
  return WithPoint(Format("%.17g", v));
}

std::string ScalarLiteral(CScalar t, const void* p) {
  switch (t) {
    case CScalar::kI8: return std::to_string(Load<int8_t>(p));
    case CScalar::kU8: return std::to_string(Load<uint8_t>(p));
    case CScalar::kI16: return std::to_string(Load<int16_t>(p));
    case CScalar::kU16: return std::to_string(Load<uint16_t>(p));
    case CScalar::kI32: case CScalar::kEnum: {
      const int32_t v = Load<int32_t>(p);
      // -2147483648 is not an int literal in C (it is minus a too-large constant).
      return v == INT32_MIN ? "(-2147483647 - 1)" : std::to_string(v);
    }
    case CScalar::kI64: {
      const int64_t v = Load<int64_t>(p);
      return v == INT64_MIN ? "(-INT64_C(9223372036854775807) - 1)" : Format("INT64_C(%" PRId64 ")", v);
    }
    case CScalar::kF32: return FloatLiteral(Load<float>(p));
    case CScalar::kF64: return DoubleLiteral(Load<double>(p));
  }
  return "0";
}

std::string CArrayDefinition(const std::string& name, CScalar t, const void* data, size_t bytes) {
  const size_t size = CScalarSize(t);
  const size_t n = bytes / size;
  std::string s = Format("static const %s %s[%zu] EB_ALIGNED(4) = {", CScalarName(t), name.c_str(), n ? n : 1);
  if (n == 0) return s + "0};\n";
  // About 100 columns per line.
  const size_t per_line = size == 1 ? 20 : (t == CScalar::kF32 || t == CScalar::kF64 || t == CScalar::kI64) ? 6 : 10;
  const auto* bytes_in = static_cast<const uint8_t*>(data);
  for (size_t i = 0; i < n; ++i) {
    s += (i % per_line == 0) ? "\n    " : " ";
    s += ScalarLiteral(t, bytes_in + i * size);
    s += ',';
  }
  return s + "\n};\n";
}

std::string FieldInitialiser(const ParamField& f, const void* p) {
  const auto* bytes = static_cast<const uint8_t*>(p);
  auto one = [&](int i) {
    const std::string v = ScalarLiteral(f.type, bytes + static_cast<size_t>(i) * CScalarSize(f.type));
    return f.enum_type ? Format("(%s)%s", f.enum_type, v.c_str()) : v;
  };
  if (f.count == 1) return one(0);
  std::string s = "{";
  for (int i = 0; i < f.count; ++i) {
    if (i) s += ", ";
    s += one(i);
  }
  return s + "}";
}

}  // namespace eb
