// ONNX op converters, one function per ONNX operator, grouped by file:
//   onnx_conv.cc        Conv, ConvTranspose, MaxPool, AveragePool, GlobalAveragePool, BatchNormalization
//   onnx_elementwise.cc Add, Sub, Mul, Div, Relu, Sigmoid, Tanh, HardSwish, LeakyRelu, Clip, Cast,
//                       Identity, Dropout
//   onnx_matmul.cc      Gemm, MatMul
//   onnx_shape.cc       Flatten, Reshape, Transpose, Concat, Squeeze, Unsqueeze, Pad, Slice, Constant, and the
//                       shape computations folded at import (Shape, Gather)
//   onnx_reduce.cc      Softmax, ReduceMean, ReduceSum, ReduceMax
//   onnx_elementwise.cc also Sqrt, Log, Exp, Reciprocal, Pow, Max, Min (float32)
// Each reads the current node of the context, checks its attributes and operands, and emits IR ops
// (or a folded constant) for its outputs.
#pragma once

#include <map>
#include <string>

#include "importers/onnx/onnx_context.h"

namespace eb::onnx_import {

using Converter = Status (*)(Context&);

// Every supported op type of the default domain -> its converter.
const std::map<std::string, Converter>& Converters();

#define EB_ONNX_CONVERTERS(X)                                                                          \
  X(Conv) X(ConvTranspose) X(MaxPool) X(AveragePool) X(GlobalAveragePool) X(BatchNormalization)       \
  X(Add) X(Sub) X(Mul) X(Div) X(Relu) X(Sigmoid) X(Tanh) X(HardSwish) X(LeakyRelu) X(Clip) X(Cast)    \
  X(Identity) X(Dropout)                                                                               \
  X(Gemm) X(MatMul)                                                                                    \
  X(Flatten) X(Reshape) X(Transpose) X(Concat) X(Squeeze) X(Unsqueeze) X(Pad) X(Constant) X(Shape)     \
  X(Gather) X(Slice)                                                                                   \
  X(Softmax) X(ReduceMean) X(ReduceSum) X(ReduceMax)                                                  \
  X(Sqrt) X(Log) X(Exp) X(Reciprocal) X(Pow) X(Max) X(Min)

#define EB_DECLARE_CONVERTER(op) Status Convert##op(Context& ctx);
EB_ONNX_CONVERTERS(EB_DECLARE_CONVERTER)
#undef EB_DECLARE_CONVERTER

// Shared by converters of several files.
// Checks that input k is a float32 tensor (edgebench computes these ops in float32).
Status ExpectFloat(Context& ctx, size_t k, const char* role);
// Checks that input k is a constant (an initializer or folded), naming the role.
Status ExpectConstant(Context& ctx, size_t k, const char* role);
// Refuses to fold a constant of `shape` and type `t` above 64 MiB (a hostile file could ask for more).
Status CheckFoldSize(Context& ctx, const std::vector<int32_t>& shape, DType t);
// numpy broadcasting of two ONNX shapes; false if they do not broadcast.
bool BroadcastShapes(const std::vector<int32_t>& a, const std::vector<int32_t>& b, std::vector<int32_t>* out);

}  // namespace eb::onnx_import
