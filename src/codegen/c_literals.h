// C99 spellings of values: exact float literals, integer literals, constant array definitions and
// params-struct field initialisers.
#pragma once

#include <cstddef>
#include <string>

#include "runtime/kernel_call.h"

namespace eb {

// A float literal that reads back as exactly `v` ("0.5f", "-INFINITY", "NAN").
std::string FloatLiteral(float v);
// A double literal that reads back as exactly `v`.
std::string DoubleLiteral(double v);
// One value of type `t` read from `p` (little endian), as a C literal.
std::string ScalarLiteral(CScalar t, const void* p);
// `static const <type> <name>[n] EB_ALIGNED(4) = {...};` for `bytes` bytes of `t` values (an empty array
// gets one zero element: C has no zero-length arrays).
std::string CArrayDefinition(const std::string& name, CScalar t, const void* data, size_t bytes);
// The initialiser of one params field read from `p` ("3", "{1, 2, 0}", "(eb_elem_type)1").
std::string FieldInitialiser(const ParamField& f, const void* p);

}  // namespace eb
