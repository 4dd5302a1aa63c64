#include "ir/op.h"

namespace eb {

std::string_view OpName(OpType t) {
  switch (t) {
#define EB_OP(id, name, code, int8, int16) case OpType::k##id: return name;
#include "ir/ops.inc"
#undef EB_OP
  }
  return "?";
}

int OpTfliteCode(OpType t) {
  switch (t) {
#define EB_OP(id, name, code, int8, int16) case OpType::k##id: return code;
#include "ir/ops.inc"
#undef EB_OP
  }
  return -1;
}

bool OpHasInt8Kernel(OpType t) {
  switch (t) {
#define EB_OP(id, name, code, int8, int16) case OpType::k##id: return int8 != 0;
#include "ir/ops.inc"
#undef EB_OP
  }
  return false;
}

bool OpHasInt16Kernel(OpType t) {
  switch (t) {
#define EB_OP(id, name, code, int8, int16) case OpType::k##id: return int16 != 0;
#include "ir/ops.inc"
#undef EB_OP
  }
  return false;
}

std::optional<OpType> OpFromTfliteCode(int code) {
  switch (code) {
#define EB_OP(id, name, c, int8, int16) case c: return OpType::k##id;
#include "ir/ops.inc"
#undef EB_OP
    default: return std::nullopt;
  }
}

std::string_view ActivationName(Activation a) {
  switch (a) {
    case Activation::kNone: return "NONE";
    case Activation::kRelu: return "RELU";
    case Activation::kReluN1To1: return "RELU_N1_TO_1";
    case Activation::kRelu6: return "RELU6";
    case Activation::kTanh: return "TANH";
  }
  return "?";
}

}  // namespace eb
