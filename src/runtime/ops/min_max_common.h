// Prepare shared by MAXIMUM and MINIMUM: broadcasting, any of float32, int8, uint8, int16, int32, int64.
#pragma once

#include "binary.h"
#include "runtime/kernel_call.h"
#include "runtime/op_context.h"

namespace eb {

// One kernel per element type; the op compares raw values.
template <class T>
using MinMaxKernel = Kernel<void(const eb_binary_params*, const T*, const T*, T*)>;
struct MinMaxKernels {
  MinMaxKernel<float> f32;
  MinMaxKernel<int8_t> s8;
  MinMaxKernel<uint8_t> u8;
  MinMaxKernel<int16_t> s16;
  MinMaxKernel<int32_t> s32;
  MinMaxKernel<int64_t> s64;
};

// Checks types and shapes and emits the kernel. Quantised inputs must share the output's quantisation,
// since the comparison is made on raw values.
Status PrepareMinMax(OpContext& ctx, const MinMaxKernels& k);

}  // namespace eb
