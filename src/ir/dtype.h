// Element types of IR tensors.
#pragma once

#include <cstddef>
#include <string_view>

namespace eb {

enum class DType { kF32, kF16, kI8, kU8, kI16, kI32, kI64, kBool };

// Bytes per element.
size_t DTypeSize(DType t);
// "float32", "int8", ... (the names users see in `info` and error messages).
std::string_view DTypeName(DType t);
// True for the integer types that carry affine quantisation in models (int8, uint8, int16).
bool IsQuantizedType(DType t);

}  // namespace eb
