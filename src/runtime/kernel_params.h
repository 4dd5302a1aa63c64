// Field tables of the C kernels' params structs, so a described kernel call can be printed as C
// designated initialisers. Every params struct passed to OpContext::Call needs one here; a missing
// field is caught by tests/runtime/kernel_params_test.cc (the fields must tile the struct).
#pragma once

#include <cstddef>
#include <type_traits>
#include <vector>

#include "activation.h"
#include "batch_matmul.h"
#include "binary.h"
#include "cast.h"
#include "concatenation.h"
#include "conv2d.h"
#include "copy.h"
#include "dequantize.h"
#include "fully_connected.h"
#include "leaky_relu.h"
#include "mean.h"
#include "pad.h"
#include "pool.h"
#include "quantize.h"
#include "runtime/kernel_call.h"
#include "softmax.h"
#include "strided_slice.h"
#include "svdf.h"
#include "unidirectional_sequence_lstm.h"
#include "transpose.h"
#include "transpose_conv.h"

namespace eb {

template <class T>
constexpr CScalar ScalarOf() {
  if constexpr (std::is_enum_v<T>) return CScalar::kEnum;
  else if constexpr (std::is_same_v<T, int8_t>) return CScalar::kI8;
  else if constexpr (std::is_same_v<T, uint8_t>) return CScalar::kU8;
  else if constexpr (std::is_same_v<T, int16_t>) return CScalar::kI16;
  else if constexpr (std::is_same_v<T, uint16_t>) return CScalar::kU16;
  else if constexpr (std::is_same_v<T, int32_t>) return CScalar::kI32;
  else if constexpr (std::is_same_v<T, int64_t>) return CScalar::kI64;
  else if constexpr (std::is_same_v<T, float>) return CScalar::kF32;
  else if constexpr (std::is_same_v<T, double>) return CScalar::kF64;
  else static_assert(kAlwaysFalse<T>, "add this field type to ScalarOf");
}

template <class F>
ParamField MakeField(const char* name, size_t offset, const char* length_field = nullptr,
                     const char* enum_type = nullptr) {
  ParamField f{name, offset, CScalar::kI32};
  if constexpr (std::is_array_v<F>) {
    f.type = ScalarOf<std::remove_extent_t<F>>();
    f.count = static_cast<int>(std::extent_v<F>);
  } else if constexpr (std::is_pointer_v<F>) {
    static_assert(std::is_same_v<F, const int32_t*>, "pointer fields must be const int32_t *");
    f.is_pointer = true;
    f.length_field = length_field;
  } else {
    f.type = ScalarOf<F>();
  }
  f.enum_type = enum_type;
  return f;
}

#define EB_FIELD(f) MakeField<decltype(T::f)>(#f, offsetof(T, f))
#define EB_POINTER_FIELD(f, len) MakeField<decltype(T::f)>(#f, offsetof(T, f), #len)
#define EB_ENUM_FIELD(f, E) MakeField<decltype(T::f)>(#f, offsetof(T, f), nullptr, #E)
#define EB_PARAMS_INFO(Type, ...)                                    \
  template <>                                                        \
  struct ParamsInfo<Type> {                                          \
    static constexpr const char* kName = #Type;                      \
    static std::vector<ParamField> Fields() {                        \
      using T = Type;                                                \
      return {__VA_ARGS__};                                          \
    }                                                                \
  };

EB_PARAMS_INFO(eb_act_params, EB_FIELD(count), EB_FIELD(in_zp), EB_FIELD(out_zp), EB_FIELD(in_mult),
               EB_FIELD(in_left_shift), EB_FIELD(range_radius), EB_FIELD(q_min), EB_FIELD(q_max),
               EB_FIELD(reluish_mult), EB_FIELD(output_mult), EB_FIELD(reluish_exp), EB_FIELD(output_exp))
EB_PARAMS_INFO(eb_binary_params, EB_FIELD(rank), EB_FIELD(out_dims), EB_FIELD(in1_strides), EB_FIELD(in2_strides),
               EB_FIELD(act_min), EB_FIELD(act_max), EB_FIELD(in1_zp), EB_FIELD(in2_zp), EB_FIELD(out_zp),
               EB_FIELD(q_min), EB_FIELD(q_max), EB_FIELD(left_shift), EB_FIELD(in1_mult), EB_FIELD(in1_shift),
               EB_FIELD(in2_mult), EB_FIELD(in2_shift), EB_FIELD(out_mult), EB_FIELD(out_shift))
EB_PARAMS_INFO(eb_batch_matmul_params, EB_FIELD(batch_rank), EB_FIELD(batch_dims), EB_FIELD(lhs_strides),
               EB_FIELD(rhs_strides), EB_FIELD(m), EB_FIELD(k), EB_FIELD(n))
EB_PARAMS_INFO(eb_cast_params, EB_FIELD(count), EB_ENUM_FIELD(from, eb_elem_type), EB_ENUM_FIELD(to, eb_elem_type))
EB_PARAMS_INFO(eb_concat_params, EB_FIELD(num_inputs), EB_FIELD(outer), EB_POINTER_FIELD(copy_bytes, num_inputs))
EB_PARAMS_INFO(eb_conv_params, EB_FIELD(batch), EB_FIELD(in_h), EB_FIELD(in_w), EB_FIELD(in_c), EB_FIELD(out_h),
               EB_FIELD(out_w), EB_FIELD(out_c), EB_FIELD(k_h), EB_FIELD(k_w), EB_FIELD(stride_h),
               EB_FIELD(stride_w), EB_FIELD(dil_h), EB_FIELD(dil_w), EB_FIELD(pad_top), EB_FIELD(pad_left),
               EB_FIELD(depth_multiplier), EB_FIELD(act_min), EB_FIELD(act_max), EB_FIELD(in_zp),
               EB_FIELD(out_zp), EB_FIELD(q_min), EB_FIELD(q_max))
EB_PARAMS_INFO(eb_copy_params, EB_FIELD(bytes))
EB_PARAMS_INFO(eb_dequantize_params, EB_FIELD(count), EB_FIELD(scale), EB_FIELD(zp))
EB_PARAMS_INFO(eb_fc_params, EB_FIELD(batch), EB_FIELD(in_depth), EB_FIELD(out_depth), EB_FIELD(act_min),
               EB_FIELD(act_max), EB_FIELD(in_zp), EB_FIELD(filter_zp), EB_FIELD(out_zp), EB_FIELD(q_min),
               EB_FIELD(q_max), EB_FIELD(per_channel))
EB_PARAMS_INFO(eb_leaky_relu_params, EB_FIELD(count), EB_FIELD(alpha), EB_FIELD(in_zp), EB_FIELD(out_zp),
               EB_FIELD(identity_mult), EB_FIELD(identity_shift), EB_FIELD(alpha_mult), EB_FIELD(alpha_shift))
EB_PARAMS_INFO(eb_mean_params, EB_FIELD(outer), EB_FIELD(reduced), EB_FIELD(inner), EB_FIELD(in_zp),
               EB_FIELD(out_zp), EB_FIELD(mult), EB_FIELD(shift))
EB_PARAMS_INFO(eb_pad_params, EB_FIELD(rank), EB_FIELD(in_dims), EB_FIELD(before), EB_FIELD(after),
               EB_FIELD(elem_size), EB_FIELD(pad_value))
EB_PARAMS_INFO(eb_pool_params, EB_FIELD(batch), EB_FIELD(in_h), EB_FIELD(in_w), EB_FIELD(channels),
               EB_FIELD(out_h), EB_FIELD(out_w), EB_FIELD(k_h), EB_FIELD(k_w), EB_FIELD(stride_h),
               EB_FIELD(stride_w), EB_FIELD(pad_top), EB_FIELD(pad_left), EB_FIELD(act_min), EB_FIELD(act_max),
               EB_FIELD(q_min), EB_FIELD(q_max))
EB_PARAMS_INFO(eb_quantize_params, EB_FIELD(count), EB_FIELD(scale), EB_FIELD(in_zp), EB_FIELD(out_zp),
               EB_FIELD(mult), EB_FIELD(shift))
EB_PARAMS_INFO(eb_softmax_params, EB_FIELD(outer), EB_FIELD(depth), EB_FIELD(beta), EB_FIELD(in_mult),
               EB_FIELD(in_left_shift), EB_FIELD(diff_min))
EB_PARAMS_INFO(eb_svdf_params, EB_FIELD(batch), EB_FIELD(input_size), EB_FIELD(num_filters), EB_FIELD(num_units),
               EB_FIELD(rank), EB_FIELD(memory_size), EB_FIELD(act_min), EB_FIELD(act_max), EB_FIELD(input_zp),
               EB_FIELD(state_zp), EB_FIELD(output_zp), EB_FIELD(mult1), EB_FIELD(shift1), EB_FIELD(mult2),
               EB_FIELD(shift2))
EB_PARAMS_INFO(eb_strided_slice_params, EB_FIELD(rank), EB_FIELD(in_dims), EB_FIELD(begin), EB_FIELD(count),
               EB_FIELD(step), EB_FIELD(elem_size))
EB_PARAMS_INFO(eb_lstm_params, EB_FIELD(time_major), EB_FIELD(batch), EB_FIELD(time_steps), EB_FIELD(input_size),
               EB_FIELD(state_size), EB_FIELD(cell_tanh), EB_FIELD(cell_clip), EB_FIELD(input_zp), EB_FIELD(hidden_zp),
               EB_FIELD(in_mult), EB_FIELD(in_shift), EB_FIELD(rec_mult), EB_FIELD(rec_shift), EB_FIELD(forget_mult),
               EB_FIELD(forget_shift), EB_FIELD(input_mult), EB_FIELD(input_shift), EB_FIELD(output_mult),
               EB_FIELD(output_shift), EB_FIELD(quantized_cell_clip), EB_FIELD(tanh_mult), EB_FIELD(tanh_left_shift))
EB_PARAMS_INFO(eb_transpose_params, EB_FIELD(rank), EB_FIELD(in_dims), EB_FIELD(perm), EB_FIELD(elem_size))
EB_PARAMS_INFO(eb_transpose_conv_params, EB_FIELD(batch), EB_FIELD(in_h), EB_FIELD(in_w), EB_FIELD(in_c),
               EB_FIELD(out_h), EB_FIELD(out_w), EB_FIELD(out_c), EB_FIELD(k_h), EB_FIELD(k_w), EB_FIELD(stride_h),
               EB_FIELD(stride_w), EB_FIELD(pad_top), EB_FIELD(pad_left), EB_FIELD(act_min), EB_FIELD(act_max),
               EB_FIELD(in_zp), EB_FIELD(out_zp), EB_FIELD(q_min), EB_FIELD(q_max))

#undef EB_FIELD
#undef EB_POINTER_FIELD
#undef EB_ENUM_FIELD
#undef EB_PARAMS_INFO

// Every described params type, for tests that check the field tables.
template <class Fn>
void ForEachParamsInfo(Fn&& fn) {
  fn.template operator()<eb_act_params>();
  fn.template operator()<eb_binary_params>();
  fn.template operator()<eb_batch_matmul_params>();
  fn.template operator()<eb_cast_params>();
  fn.template operator()<eb_concat_params>();
  fn.template operator()<eb_conv_params>();
  fn.template operator()<eb_copy_params>();
  fn.template operator()<eb_dequantize_params>();
  fn.template operator()<eb_fc_params>();
  fn.template operator()<eb_leaky_relu_params>();
  fn.template operator()<eb_mean_params>();
  fn.template operator()<eb_pad_params>();
  fn.template operator()<eb_pool_params>();
  fn.template operator()<eb_quantize_params>();
  fn.template operator()<eb_softmax_params>();
  fn.template operator()<eb_svdf_params>();
  fn.template operator()<eb_lstm_params>();
  fn.template operator()<eb_strided_slice_params>();
  fn.template operator()<eb_transpose_params>();
  fn.template operator()<eb_transpose_conv_params>();
}

}  // namespace eb
