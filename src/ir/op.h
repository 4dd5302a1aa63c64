// Operators of the IR: type (from ops.inc) and named attributes.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace eb {

enum class OpType {
#define EB_OP(id, name, code, int8, int16) k##id,
#include "ir/ops.inc"
#undef EB_OP
};

inline constexpr int kNumOpTypes = 0
#define EB_OP(id, name, code, int8, int16) +1
#include "ir/ops.inc"
#undef EB_OP
    ;

// "CONV_2D", ...
std::string_view OpName(OpType t);
// The TFLite builtin operator code of an op type.
int OpTfliteCode(OpType t);
// The op type of a TFLite builtin code, if edgebench supports it.
std::optional<OpType> OpFromTfliteCode(int code);
// True when the runtime has int8 kernels for the op (the int8 column of ops.inc).
bool OpHasInt8Kernel(OpType t);
// True when the runtime has int16x8 kernels for the op (the ops.inc column).
bool OpHasInt16Kernel(OpType t);

enum class Activation { kNone, kRelu, kReluN1To1, kRelu6, kTanh };
enum class Padding { kSame, kValid };

std::string_view ActivationName(Activation a);

// Attributes of every op kind, by name. Each op reads only the ones that concern it; defaults are the
// TFLite defaults.
struct OpAttrs {
  Padding padding = Padding::kValid;
  int stride_h = 1, stride_w = 1;
  int dilation_h = 1, dilation_w = 1;
  int depth_multiplier = 1;
  int filter_h = 1, filter_w = 1;      // pooling window
  Activation activation = Activation::kNone;
  bool keep_num_dims = false;          // FULLY_CONNECTED
  bool keep_dims = false;              // MEAN
  int axis = 0;                        // CONCATENATION
  float beta = 1.0f;                   // SOFTMAX
  float alpha = 0.0f;                  // LEAKY_RELU: slope for negative inputs
  int rank = 1;                        // SVDF: filters per unit
  bool time_major = false;             // UNIDIRECTIONAL_SEQUENCE_LSTM: input [time, batch, features]
  float cell_clip = 0.0f;              // UNIDIRECTIONAL_SEQUENCE_LSTM: |cell state| bound, 0: none
  std::vector<int32_t> new_shape;      // RESHAPE (when given as an option)
  std::vector<int32_t> squeeze_dims;   // SQUEEZE
  // STRIDED_SLICE: bit d of a mask concerns input axis d (ellipsis, new_axis and offset are refused).
  int begin_mask = 0, end_mask = 0, ellipsis_mask = 0, new_axis_mask = 0, shrink_axis_mask = 0;
  bool offset = false;

  bool operator==(const OpAttrs&) const = default;
};

struct Op {
  OpType type;
  std::vector<int> inputs;   // tensor indices; -1 = optional input absent
  std::vector<int> outputs;
  OpAttrs attrs;

  bool operator==(const Op&) const = default;
};

}  // namespace eb
