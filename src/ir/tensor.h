// Tensors of the IR: NHWC shape, element type, affine quantisation, optional constant data.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "ir/dtype.h"

namespace eb {

// Affine quantisation: real = scale * (q - zero_point). One entry = per-tensor; more = per-axis along
// `axis` (one entry per index of that dimension). Empty = not quantised.
struct Quant {
  std::vector<float> scale;
  std::vector<int64_t> zero_point;
  int axis = 0;

  bool empty() const { return scale.empty(); }
  bool per_axis() const { return scale.size() > 1; }
  bool operator==(const Quant&) const = default;
};

struct Tensor {
  std::string name;
  DType dtype = DType::kF32;
  std::vector<int32_t> shape;     // NHWC for images; [] is a scalar
  Quant quant;
  bool is_constant = false;
  std::vector<uint8_t> data;      // constant contents (row-major), empty otherwise
  // State kept across invocations (SVDF's activation state, LSTM's hidden and cell state): lives for the
  // whole run in its own arena bytes, reset by Runtime::ResetVariables to 0 (int8: its zero point), as TFLM does.
  bool is_variable = false;

  int64_t num_elements() const;
  int64_t num_bytes() const { return num_elements() * static_cast<int64_t>(DTypeSize(dtype)); }
  bool operator==(const Tensor&) const = default;
  template <class T>
  const T* as() const { return reinterpret_cast<const T*>(data.data()); }
};

// The byte a variable tensor is filled with on reset: TFLM's rule, the zero point for int8 and 0 otherwise.
inline int VariableResetByte(const Tensor& t) {
  return t.dtype == DType::kI8 && !t.quant.zero_point.empty() ? static_cast<int>(t.quant.zero_point[0]) & 0xff : 0;
}

}  // namespace eb
