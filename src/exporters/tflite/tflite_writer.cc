#include "exporters/tflite/tflite_writer.h"

#include <flatbuffers/flatbuffers.h>

#include <algorithm>

#include "core/file_util.h"
#include "tflite_subset_generated.h"

namespace eb {
namespace {

namespace fb = flatbuffers;

tfl::TensorType ToTflite(DType t) {
  switch (t) {
    case DType::kF32: return tfl::TensorType::FLOAT32;
    case DType::kF16: return tfl::TensorType::FLOAT16;
    case DType::kI8: return tfl::TensorType::INT8;
    case DType::kU8: return tfl::TensorType::UINT8;
    case DType::kI16: return tfl::TensorType::INT16;
    case DType::kI32: return tfl::TensorType::INT32;
    case DType::kI64: return tfl::TensorType::INT64;
    case DType::kBool: return tfl::TensorType::BOOL;
  }
  return tfl::TensorType::FLOAT32;
}

tfl::ActivationFunctionType ToTflite(Activation a) {
  switch (a) {
    case Activation::kNone: return tfl::ActivationFunctionType::NONE;
    case Activation::kRelu: return tfl::ActivationFunctionType::RELU;
    case Activation::kReluN1To1: return tfl::ActivationFunctionType::RELU_N1_TO_1;
    case Activation::kRelu6: return tfl::ActivationFunctionType::RELU6;
    case Activation::kTanh: return tfl::ActivationFunctionType::TANH;
  }
  return tfl::ActivationFunctionType::NONE;
}

tfl::Padding ToTflite(Padding p) { return p == Padding::kSame ? tfl::Padding::SAME : tfl::Padding::VALID; }

// The builtin options table of one op, or none for ops without options.
std::pair<tfl::BuiltinOptions, fb::Offset<void>> BuildOptions(fb::FlatBufferBuilder& b, const Op& op,
                                                               const Graph& g) {
  const OpAttrs& a = op.attrs;
  using O = tfl::BuiltinOptions;
  switch (op.type) {
    case OpType::kConv2D:
      return {O::Conv2DOptions, tfl::CreateConv2DOptions(b, ToTflite(a.padding), a.stride_w, a.stride_h,
                                                         ToTflite(a.activation), a.dilation_w, a.dilation_h).Union()};
    case OpType::kDepthwiseConv2D:
      return {O::DepthwiseConv2DOptions,
              tfl::CreateDepthwiseConv2DOptions(b, ToTflite(a.padding), a.stride_w, a.stride_h, a.depth_multiplier,
                                                ToTflite(a.activation), a.dilation_w, a.dilation_h).Union()};
    case OpType::kTransposeConv:
      return {O::TransposeConvOptions, tfl::CreateTransposeConvOptions(b, ToTflite(a.padding), a.stride_w, a.stride_h,
                                                                       ToTflite(a.activation)).Union()};
    case OpType::kAveragePool2D:
    case OpType::kMaxPool2D:
      return {O::Pool2DOptions, tfl::CreatePool2DOptions(b, ToTflite(a.padding), a.stride_w, a.stride_h, a.filter_w,
                                                         a.filter_h, ToTflite(a.activation)).Union()};
    case OpType::kFullyConnected:
      return {O::FullyConnectedOptions,
              tfl::CreateFullyConnectedOptions(b, ToTflite(a.activation), 0, a.keep_num_dims).Union()};
    case OpType::kSoftmax:
      return {O::SoftmaxOptions, tfl::CreateSoftmaxOptions(b, a.beta).Union()};
    case OpType::kUnidirectionalSequenceLstm:
      return {O::UnidirectionalSequenceLSTMOptions,
              tfl::CreateUnidirectionalSequenceLSTMOptions(b, ToTflite(a.activation), a.cell_clip, 0.0f, a.time_major)
                  .Union()};
    case OpType::kSvdf:
      return {O::SVDFOptions, tfl::CreateSVDFOptions(b, a.rank, ToTflite(a.activation)).Union()};
    case OpType::kConcatenation:
      return {O::ConcatenationOptions, tfl::CreateConcatenationOptions(b, a.axis, ToTflite(a.activation)).Union()};
    case OpType::kAdd:
      return {O::AddOptions, tfl::CreateAddOptions(b, ToTflite(a.activation)).Union()};
    case OpType::kSub:
      return {O::SubOptions, tfl::CreateSubOptions(b, ToTflite(a.activation)).Union()};
    case OpType::kMul:
      return {O::MulOptions, tfl::CreateMulOptions(b, ToTflite(a.activation)).Union()};
    case OpType::kReshape:
      // The target shape travels as the output tensor's shape (and the shape operand, if any); the
      // option is written only when the model had one.
      if (a.new_shape.empty()) return {O::NONE, 0};
      return {O::ReshapeOptions, tfl::CreateReshapeOptions(b, b.CreateVector(a.new_shape)).Union()};
    case OpType::kSqueeze:
      return {O::SqueezeOptions, tfl::CreateSqueezeOptions(b, b.CreateVector(a.squeeze_dims)).Union()};
    case OpType::kStridedSlice:
      return {O::StridedSliceOptions,
              tfl::CreateStridedSliceOptions(b, a.begin_mask, a.end_mask, a.ellipsis_mask, a.new_axis_mask,
                                             a.shrink_axis_mask, a.offset)
                  .Union()};
    case OpType::kMean:
    case OpType::kSum:
    case OpType::kReduceMax:
      return {O::ReducerOptions, tfl::CreateReducerOptions(b, a.keep_dims).Union()};
    case OpType::kPad: return {O::PadOptions, tfl::CreatePadOptions(b).Union()};
    case OpType::kTranspose: return {O::TransposeOptions, tfl::CreateTransposeOptions(b).Union()};
    case OpType::kExpandDims: return {O::ExpandDimsOptions, tfl::CreateExpandDimsOptions(b).Union()};
    case OpType::kQuantize: return {O::QuantizeOptions, tfl::CreateQuantizeOptions(b).Union()};
    case OpType::kDequantize: return {O::DequantizeOptions, tfl::CreateDequantizeOptions(b).Union()};
    case OpType::kHardSwish: return {O::HardSwishOptions, tfl::CreateHardSwishOptions(b).Union()};
    case OpType::kDiv:
      return {O::DivOptions, tfl::CreateDivOptions(b, ToTflite(a.activation)).Union()};
    case OpType::kLeakyRelu:
      return {O::LeakyReluOptions, tfl::CreateLeakyReluOptions(b, a.alpha).Union()};
    case OpType::kMaximum:
    case OpType::kMinimum:
      return {O::MaximumMinimumOptions, tfl::CreateMaximumMinimumOptions(b).Union()};
    case OpType::kPadV2: return {O::PadV2Options, tfl::CreatePadV2Options(b).Union()};
    case OpType::kBatchMatMul: return {O::BatchMatMulOptions, tfl::CreateBatchMatMulOptions(b).Union()};
    case OpType::kCast: {
      const DType in = op.inputs.empty() || op.inputs[0] < 0 ? DType::kF32 : g.tensor(op.inputs[0]).dtype;
      const DType out = op.outputs.empty() ? DType::kF32 : g.tensor(op.outputs[0]).dtype;
      return {O::CastOptions, tfl::CreateCastOptions(b, ToTflite(in), ToTflite(out)).Union()};
    }
    default:
      return {O::NONE, 0};
  }
}

}  // namespace

Result<std::vector<uint8_t>> ExportTflite(const Graph& graph) {
  fb::FlatBufferBuilder b(1 << 16);
  // Buffer 0 is the format's empty sentinel; each constant tensor gets its own buffer after it.
  std::vector<fb::Offset<tfl::Buffer>> buffers = {tfl::CreateBuffer(b)};
  std::vector<fb::Offset<tfl::Tensor>> tensors;
  for (const Tensor& t : graph.tensors) {
    uint32_t buffer = 0;
    if (t.is_constant) {
      // Weight data is read in place by runtimes: align it for any element type and SIMD loads.
      b.ForceVectorAlignment(t.data.size(), sizeof(uint8_t), 16);
      buffers.push_back(tfl::CreateBuffer(b, b.CreateVector(t.data)));
      buffer = static_cast<uint32_t>(buffers.size() - 1);
    }
    fb::Offset<tfl::QuantizationParameters> q = 0;
    if (!t.quant.empty()) {
      q = tfl::CreateQuantizationParameters(b, 0, 0, b.CreateVector(t.quant.scale), b.CreateVector(t.quant.zero_point),
                                            t.quant.axis);
    }
    tensors.push_back(tfl::CreateTensor(b, b.CreateVector(t.shape), ToTflite(t.dtype), buffer,
                                        b.CreateString(t.name), q, t.is_variable));
  }
  std::vector<int> codes;  // TFLite builtin code per operator-code index
  std::vector<fb::Offset<tfl::Operator>> ops;
  for (const Op& op : graph.ops) {
    const int code = OpTfliteCode(op.type);
    auto it = std::find(codes.begin(), codes.end(), code);
    const uint32_t index = static_cast<uint32_t>(it - codes.begin());
    if (it == codes.end()) codes.push_back(code);
    const auto [type, options] = BuildOptions(b, op, graph);
    ops.push_back(tfl::CreateOperator(b, index, b.CreateVector(op.inputs), b.CreateVector(op.outputs), type, options));
  }
  std::vector<fb::Offset<tfl::OperatorCode>> op_codes;
  for (int code : codes) {
    // Old readers look only at the byte; codes above 127 do not fit it and use the placeholder 127.
    op_codes.push_back(tfl::CreateOperatorCode(b, static_cast<int8_t>(std::min(code, 127)), 0, 1, code));
  }
  std::vector<fb::Offset<tfl::Metadata>> metadata;
  for (const auto& [name, value] : graph.metadata) {
    buffers.push_back(tfl::CreateBuffer(b, b.CreateVector(reinterpret_cast<const uint8_t*>(value.data()), value.size())));
    metadata.push_back(tfl::CreateMetadata(b, b.CreateString(name), static_cast<uint32_t>(buffers.size() - 1)));
  }
  auto subgraph = tfl::CreateSubGraph(b, b.CreateVector(tensors), b.CreateVector(graph.inputs),
                                      b.CreateVector(graph.outputs), b.CreateVector(ops), b.CreateString("main"));
  auto model = tfl::CreateModel(b, 3, b.CreateVector(op_codes), b.CreateVector(&subgraph, 1),
                                b.CreateString("edgebench"), b.CreateVector(buffers), 0,
                                metadata.empty() ? 0 : b.CreateVector(metadata));
  tfl::FinishModelBuffer(b, model);
  if (b.GetSize() >= static_cast<size_t>(INT32_MAX)) return Status::Error("the model is too large for a .tflite file");
  return std::vector<uint8_t>(b.GetBufferPointer(), b.GetBufferPointer() + b.GetSize());
}

Status ExportTfliteFile(const Graph& graph, const std::string& path) {
  auto bytes = ExportTflite(graph);
  if (!bytes.ok()) return bytes.status();
  return WriteFileAtomically(path, bytes->data(), bytes->size());
}

}  // namespace eb
