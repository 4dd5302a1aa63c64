// Prepare shared by the broadcasting binary ops ADD, SUB and MUL.
#pragma once

#include "binary.h"
#include "runtime/op_context.h"
#include "runtime/x86_variant_table.h"

namespace eb {

using BinaryF32Kernel = Kernel<void(const eb_binary_params*, const float*, const float*, float*)>;
using BinaryS8Kernel = Kernel<void(const eb_binary_params*, const int8_t*, const int8_t*, int8_t*)>;
using BinaryS16Kernel = Kernel<void(const eb_binary_params*, const int16_t*, const int16_t*, int16_t*)>;

// The int8 rescaling scheme differs per op (ADD and SUB rescale both inputs to a common scale, MUL multiplies).
enum class BinaryKind { kAdd, kSub, kMul };

// Host variants take both inputs as one array.
using BinaryVariant = X86Variant<eb_binary_params, const void* const*>;

// Validates shapes (numpy broadcasting) and types, fills the parameters and emits the float32, int8 or int16
// kernel. `f32_x86`, `s8_x86`: host variants, best first (one whose applies() declines the broadcast is
// skipped). `s16`: the int16 kernel of ADD and SUB (TFLM's int16x8 scheme: zero points 0, left shift 15);
// without one int16 is refused.
Status PrepareBinary(OpContext& ctx, BinaryKind kind, BinaryF32Kernel f32, BinaryS8Kernel s8,
                     std::span<const BinaryVariant> f32_x86 = {}, std::span<const BinaryVariant> s8_x86 = {},
                     BinaryS16Kernel s16 = {nullptr, nullptr});

}  // namespace eb
