// TFLite flatbuffer -> IR. Verify first, then read with every index and size checked.
#include "importers/tflite/tflite_importer.h"

#include <flatbuffers/flatbuffers.h>

#include <cmath>
#include <cstring>
#include <limits>

#include "core/file_util.h"
#include "core/strings.h"
#include "passes/dequantize_hybrid_weights.h"
#include "tflite_subset_generated.h"

namespace eb {
namespace {

// Refuse absurd sizes early: a hostile file may claim huge shapes.
constexpr int kMaxRank = 8;
constexpr int64_t kMaxTensorElements = int64_t{1} << 31;

std::optional<DType> MapType(tfl::TensorType t) {
  switch (t) {
    case tfl::TensorType::FLOAT32: return DType::kF32;
    case tfl::TensorType::FLOAT16: return DType::kF16;
    case tfl::TensorType::INT32: return DType::kI32;
    case tfl::TensorType::UINT8: return DType::kU8;
    case tfl::TensorType::INT64: return DType::kI64;
    case tfl::TensorType::BOOL: return DType::kBool;
    case tfl::TensorType::INT16: return DType::kI16;
    case tfl::TensorType::INT8: return DType::kI8;
    default: return std::nullopt;
  }
}

Activation MapActivation(tfl::ActivationFunctionType a, bool* ok) {
  switch (a) {
    case tfl::ActivationFunctionType::NONE: return Activation::kNone;
    case tfl::ActivationFunctionType::RELU: return Activation::kRelu;
    case tfl::ActivationFunctionType::RELU_N1_TO_1: return Activation::kReluN1To1;
    case tfl::ActivationFunctionType::RELU6: return Activation::kRelu6;
    case tfl::ActivationFunctionType::TANH: return Activation::kTanh;
    default: *ok = false; return Activation::kNone;
  }
}

Padding MapPadding(tfl::Padding p) { return p == tfl::Padding::SAME ? Padding::kSame : Padding::kValid; }

class Importer {
 public:
  Importer(const tfl::Model* model, std::string origin) : model_(model), origin_(std::move(origin)) {}

  Result<Graph> Run() {
    graph_.name = origin_;
    const auto* subgraphs = model_->subgraphs();
    if (!subgraphs || subgraphs->size() == 0) return Fail("the model has no subgraph");
    const tfl::SubGraph* sg = subgraphs->Get(0);
    if (!sg) return Fail("subgraph 0 is missing");
    // Operators first: a model built around custom operators (TFLM's Signal library) is refused naming them,
    // not the first unusual tensor type they exchange.
    EB_RETURN_IF_ERROR(CheckOperatorsSupported(sg));
    EB_RETURN_IF_ERROR(ReadTensors(sg));
    EB_RETURN_IF_ERROR(ReadIndexList(sg->inputs(), "subgraph input", &graph_.inputs, false));
    EB_RETURN_IF_ERROR(ReadIndexList(sg->outputs(), "subgraph output", &graph_.outputs, false));
    if (graph_.inputs.empty()) return Fail("the subgraph has no inputs");
    if (graph_.outputs.empty()) return Fail("the subgraph has no outputs");
    EB_RETURN_IF_ERROR(ReadOperators(sg));
    ReadMetadata();
    return std::move(graph_);
  }

 private:
  Status Fail(const std::string& what) const { return Status::Error(origin_ + ": " + what); }

  // Keeps the model's "edgebench.*" metadata entries (text we wrote); other runtimes' entries are binary.
  void ReadMetadata() {
    const auto* entries = model_->metadata();
    const auto* buffers = model_->buffers();
    if (!entries || !buffers) return;
    for (const tfl::Metadata* m : *entries) {
      if (!m->name() || m->name()->str().rfind("edgebench.", 0) != 0 || m->buffer() >= buffers->size()) continue;
      const tfl::Buffer* b = buffers->Get(m->buffer());
      if (!b || !b->data()) continue;
      graph_.metadata[m->name()->str()] = std::string(b->data()->begin(), b->data()->end());
    }
  }

  Status ReadTensors(const tfl::SubGraph* sg) {
    const auto* tensors = sg->tensors();
    if (!tensors) return Fail("the subgraph has no tensor list");
    const auto* buffers = model_->buffers();
    for (flatbuffers::uoffset_t i = 0; i < tensors->size(); ++i) {
      const tfl::Tensor* t = tensors->Get(i);
      Tensor out;
      out.name = t->name() ? t->name()->str() : Format("tensor%u", i);
      const std::string where = Format("tensor %u '%s'", i, out.name.c_str());
      auto dtype = MapType(t->type());
      if (!dtype) {
        return Fail(Format("%s has unsupported element type %d", where.c_str(), static_cast<int>(t->type())));
      }
      out.dtype = *dtype;
      if (t->shape()) {
        if (t->shape()->size() > kMaxRank) return Fail(where + " has rank above 8");
        int64_t elements = 1;
        for (int32_t d : *t->shape()) {
          if (d < 0) return Fail(Format("%s has a negative (dynamic) dimension %d", where.c_str(), d));
          out.shape.push_back(d);
          elements *= d;
          if (elements > kMaxTensorElements) return Fail(where + " is too large");
        }
      }
      EB_RETURN_IF_ERROR(ReadQuant(t, where, &out));
      const uint32_t buffer_index = t->buffer();
      // TFLM gives a variable tensor arena memory and resets it, ignoring any initial data.
      out.is_variable = t->is_variable();
      if (buffer_index != 0 && !out.is_variable) {
        if (!buffers || buffer_index >= buffers->size()) {
          return Fail(Format("%s refers to buffer %u, but the model has %u buffers", where.c_str(),
                             buffer_index, buffers ? buffers->size() : 0));
        }
        const tfl::Buffer* b = buffers->Get(buffer_index);
        if (b && (b->offset() != 0 || b->size() != 0)) {
          return Fail(where + " keeps its data outside the flatbuffer (offset/size buffers are not supported)");
        }
        if (b && b->data() && b->data()->size() > 0) {
          const int64_t expected = out.num_bytes();
          if (static_cast<int64_t>(b->data()->size()) != expected) {
            return Fail(Format("%s: buffer %u holds %u bytes, but shape %s of %s needs %lld", where.c_str(),
                               buffer_index, b->data()->size(), ShapeString(out.shape).c_str(),
                               std::string(DTypeName(out.dtype)).c_str(), static_cast<long long>(expected)));
          }
          out.is_constant = true;
          out.data.assign(b->data()->begin(), b->data()->end());
        }
      }
      graph_.tensors.push_back(std::move(out));
    }
    return Status::Ok();
  }

  Status ReadQuant(const tfl::Tensor* t, const std::string& where, Tensor* out) {
    const tfl::QuantizationParameters* q = t->quantization();
    if (!q || !q->scale() || q->scale()->size() == 0) return Status::Ok();
    const auto* scale = q->scale();
    const auto* zp = q->zero_point();
    if (zp && zp->size() != scale->size()) {
      return Fail(Format("%s has %u scales but %u zero points", where.c_str(), scale->size(), zp->size()));
    }
    // The spec bounds zero points by the element type and scales are finite, non-negative reals;
    // refusing anything else here keeps hostile values out of the integer arithmetic of the kernels.
    int64_t zp_lo = INT32_MIN, zp_hi = INT32_MAX;
    if (out->dtype == DType::kI8) zp_lo = -128, zp_hi = 127;
    if (out->dtype == DType::kU8) zp_lo = 0, zp_hi = 255;
    if (out->dtype == DType::kI16) zp_lo = -32768, zp_hi = 32767;
    for (flatbuffers::uoffset_t k = 0; k < scale->size(); ++k) {
      const float sc = scale->Get(k);
      // A vector of int64 may sit at a 4-byte boundary in a hostile file (the flatbuffers Verifier checks only
      // its length's alignment): read each zero point byte-wise.
      int64_t z = 0;
      if (zp) std::memcpy(&z, zp->Data() + static_cast<size_t>(k) * sizeof(int64_t), sizeof(int64_t));
      if (!std::isfinite(sc) || sc < 0) {
        return Fail(Format("%s has an invalid quantisation scale %g", where.c_str(), static_cast<double>(sc)));
      }
      if (z < zp_lo || z > zp_hi) {
        return Fail(Format("%s has zero point %lld outside the range of %s", where.c_str(), static_cast<long long>(z),
                           std::string(DTypeName(out->dtype)).c_str()));
      }
      out->quant.scale.push_back(sc);
      out->quant.zero_point.push_back(z);
    }
    out->quant.axis = q->quantized_dimension();
    // Converters copy the filter's quantized_dimension onto its 1-D bias (person_detect's bias says axis 3);
    // TFLM ignores the field there, the scales simply following the tensor's only axis.
    if (scale->size() > 1 && out->shape.size() == 1 && out->shape[0] == static_cast<int32_t>(scale->size())) {
      out->quant.axis = 0;
    }
    if (scale->size() > 1) {
      const int axis = out->quant.axis;
      if (axis < 0 || axis >= static_cast<int>(out->shape.size()) ||
          out->shape[static_cast<size_t>(axis)] != static_cast<int32_t>(scale->size())) {
        return Fail(Format("%s has %u per-axis scales along axis %d, which does not match shape %s",
                           where.c_str(), scale->size(), axis, ShapeString(out->shape).c_str()));
      }
    }
    return Status::Ok();
  }

  Status ReadIndexList(const flatbuffers::Vector<int32_t>* list, const char* what, std::vector<int>* out,
                       bool allow_absent) {
    if (!list) return Status::Ok();
    for (int32_t idx : *list) {
      if (idx == -1 && allow_absent) {
        out->push_back(-1);
        continue;
      }
      if (idx < 0 || idx >= static_cast<int32_t>(graph_.tensors.size())) {
        return Fail(Format("%s refers to tensor %d, but the subgraph has %zu tensors", what, idx,
                           graph_.tensors.size()));
      }
      out->push_back(idx);
    }
    return Status::Ok();
  }

  // Files written before code 127 existed set only the byte; newer ones set both. Take the larger.
  static int BuiltinCode(const tfl::OperatorCode* code) {
    return std::max<int>(code->builtin_code(), code->deprecated_builtin_code());
  }

  // Every unsupported operator is named at once, so a user sees the whole gap, not the first op of it.
  Status CheckOperatorsSupported(const tfl::SubGraph* sg) const {
    const auto* ops = sg->operators();
    if (!ops) return Status::Ok();
    const auto* codes = model_->operator_codes();
    std::vector<std::string> unsupported;
    for (flatbuffers::uoffset_t i = 0; i < ops->size(); ++i) {
      const tfl::Operator* op = ops->Get(i);
      if (!codes || op->opcode_index() >= codes->size()) {
        return Fail(Format("operator %u uses opcode index %u, but the model has %u operator codes", i,
                           op->opcode_index(), codes ? codes->size() : 0));
      }
      const tfl::OperatorCode* code = codes->Get(op->opcode_index());
      const int builtin = BuiltinCode(code);
      if (OpFromTfliteCode(builtin)) continue;
      std::string name = TfliteBuiltinName(builtin);
      if (builtin == 32 && code->custom_code()) name = "CUSTOM '" + code->custom_code()->str() + "'";
      if (name.empty()) name = "an unknown operator";
      unsupported.push_back(Format("%s (builtin code %d) at operator index %u", name.c_str(), builtin, i));
    }
    if (unsupported.size() == 1) return Fail("unsupported operator " + unsupported[0]);
    if (!unsupported.empty()) {
      std::string list;
      for (const std::string& u : unsupported) list += (list.empty() ? "" : "; ") + u;
      return Fail(Format("%zu unsupported operators: %s", unsupported.size(), list.c_str()));
    }
    return Status::Ok();
  }

  Status ReadOperators(const tfl::SubGraph* sg) {
    const auto* ops = sg->operators();
    if (!ops) return Status::Ok();
    const auto* codes = model_->operator_codes();
    for (flatbuffers::uoffset_t i = 0; i < ops->size(); ++i) {
      const tfl::Operator* op = ops->Get(i);
      const auto type = OpFromTfliteCode(BuiltinCode(codes->Get(op->opcode_index())));
      Op out{*type, {}, {}, {}};
      const std::string label = Format("operator %u (%s)", i, std::string(OpName(*type)).c_str());
      EB_RETURN_IF_ERROR(ReadIndexList(op->inputs(), (label + " input").c_str(), &out.inputs, true));
      EB_RETURN_IF_ERROR(ReadIndexList(op->outputs(), (label + " output").c_str(), &out.outputs, false));
      EB_RETURN_IF_ERROR(ReadOptions(op, label, &out));
      graph_.ops.push_back(std::move(out));
    }
    return Status::Ok();
  }

  // Reads the builtin options of one operator; absent options mean the format's defaults.
  Status ReadOptions(const tfl::Operator* op, const std::string& label, Op* out) {
    OpAttrs& a = out->attrs;
    bool ok = true;
    auto wrong = [&](const char* expected) {
      return Fail(Format("%s carries options of type %d, expected %s", label.c_str(),
                         static_cast<int>(op->builtin_options_type()), expected));
    };
    auto has = [&](tfl::BuiltinOptions t) {
      return op->builtin_options_type() == t && op->builtin_options() != nullptr;
    };
    const bool none = op->builtin_options_type() == tfl::BuiltinOptions::NONE;
    switch (out->type) {
      case OpType::kConv2D: {
        if (!has(tfl::BuiltinOptions::Conv2DOptions)) return wrong("Conv2DOptions");
        const auto* o = op->builtin_options_as_Conv2DOptions();
        a.padding = MapPadding(o->padding());
        a.stride_w = o->stride_w();
        a.stride_h = o->stride_h();
        a.dilation_w = o->dilation_w_factor();
        a.dilation_h = o->dilation_h_factor();
        a.activation = MapActivation(o->fused_activation_function(), &ok);
        break;
      }
      case OpType::kDepthwiseConv2D: {
        if (!has(tfl::BuiltinOptions::DepthwiseConv2DOptions)) return wrong("DepthwiseConv2DOptions");
        const auto* o = op->builtin_options_as_DepthwiseConv2DOptions();
        a.padding = MapPadding(o->padding());
        a.stride_w = o->stride_w();
        a.stride_h = o->stride_h();
        a.depth_multiplier = o->depth_multiplier();
        a.dilation_w = o->dilation_w_factor();
        a.dilation_h = o->dilation_h_factor();
        a.activation = MapActivation(o->fused_activation_function(), &ok);
        break;
      }
      case OpType::kTransposeConv: {
        if (!has(tfl::BuiltinOptions::TransposeConvOptions)) return wrong("TransposeConvOptions");
        const auto* o = op->builtin_options_as_TransposeConvOptions();
        a.padding = MapPadding(o->padding());
        a.stride_w = o->stride_w();
        a.stride_h = o->stride_h();
        a.activation = MapActivation(o->fused_activation_function(), &ok);
        break;
      }
      case OpType::kAveragePool2D:
      case OpType::kMaxPool2D: {
        if (!has(tfl::BuiltinOptions::Pool2DOptions)) return wrong("Pool2DOptions");
        const auto* o = op->builtin_options_as_Pool2DOptions();
        a.padding = MapPadding(o->padding());
        a.stride_w = o->stride_w();
        a.stride_h = o->stride_h();
        a.filter_w = o->filter_width();
        a.filter_h = o->filter_height();
        a.activation = MapActivation(o->fused_activation_function(), &ok);
        break;
      }
      case OpType::kFullyConnected: {
        if (none) break;
        if (!has(tfl::BuiltinOptions::FullyConnectedOptions)) return wrong("FullyConnectedOptions");
        const auto* o = op->builtin_options_as_FullyConnectedOptions();
        if (o->weights_format() != 0) {
          return Fail(label + " uses a shuffled weights format, which is not supported");
        }
        a.activation = MapActivation(o->fused_activation_function(), &ok);
        a.keep_num_dims = o->keep_num_dims();
        break;
      }
      case OpType::kSoftmax: {
        if (none) break;
        if (!has(tfl::BuiltinOptions::SoftmaxOptions)) return wrong("SoftmaxOptions");
        a.beta = op->builtin_options_as_SoftmaxOptions()->beta();
        break;
      }
      case OpType::kConcatenation: {
        if (!has(tfl::BuiltinOptions::ConcatenationOptions)) return wrong("ConcatenationOptions");
        const auto* o = op->builtin_options_as_ConcatenationOptions();
        a.axis = o->axis();
        a.activation = MapActivation(o->fused_activation_function(), &ok);
        break;
      }
      case OpType::kAdd:
        if (none) break;
        if (!has(tfl::BuiltinOptions::AddOptions)) return wrong("AddOptions");
        a.activation = MapActivation(op->builtin_options_as_AddOptions()->fused_activation_function(), &ok);
        break;
      case OpType::kSub:
        if (none) break;
        if (!has(tfl::BuiltinOptions::SubOptions)) return wrong("SubOptions");
        a.activation = MapActivation(op->builtin_options_as_SubOptions()->fused_activation_function(), &ok);
        break;
      case OpType::kMul:
        if (none) break;
        if (!has(tfl::BuiltinOptions::MulOptions)) return wrong("MulOptions");
        a.activation = MapActivation(op->builtin_options_as_MulOptions()->fused_activation_function(), &ok);
        break;
      case OpType::kDiv:
        if (none) break;
        if (!has(tfl::BuiltinOptions::DivOptions)) return wrong("DivOptions");
        a.activation = MapActivation(op->builtin_options_as_DivOptions()->fused_activation_function(), &ok);
        break;
      case OpType::kLeakyRelu:
        if (none) break;
        if (!has(tfl::BuiltinOptions::LeakyReluOptions)) return wrong("LeakyReluOptions");
        a.alpha = op->builtin_options_as_LeakyReluOptions()->alpha();
        break;
      case OpType::kBatchMatMul:
        if (has(tfl::BuiltinOptions::BatchMatMulOptions) && (op->builtin_options_as_BatchMatMulOptions()->adj_x() ||
                                                             op->builtin_options_as_BatchMatMulOptions()->adj_y())) {
          return Fail(label + " transposes an operand (adj_x/adj_y), which is not supported");
        }
        break;
      case OpType::kReshape:
        if (has(tfl::BuiltinOptions::ReshapeOptions) && op->builtin_options_as_ReshapeOptions()->new_shape()) {
          const auto* s = op->builtin_options_as_ReshapeOptions()->new_shape();
          a.new_shape.assign(s->begin(), s->end());
        }
        break;
      case OpType::kSqueeze:
        if (has(tfl::BuiltinOptions::SqueezeOptions) && op->builtin_options_as_SqueezeOptions()->squeeze_dims()) {
          const auto* s = op->builtin_options_as_SqueezeOptions()->squeeze_dims();
          a.squeeze_dims.assign(s->begin(), s->end());
        }
        break;
      case OpType::kUnidirectionalSequenceLstm: {
        if (!has(tfl::BuiltinOptions::UnidirectionalSequenceLSTMOptions)) {
          return wrong("UnidirectionalSequenceLSTMOptions");
        }
        const auto* o = op->builtin_options_as_UnidirectionalSequenceLSTMOptions();
        a.activation = MapActivation(o->fused_activation_function(), &ok);
        a.cell_clip = o->cell_clip();
        a.time_major = o->time_major();
        if (o->diagonal_recurrent_tensors()) return Fail(label + " has diagonal recurrent weights, which are not supported");
        break;
      }
      case OpType::kSvdf: {
        if (!has(tfl::BuiltinOptions::SVDFOptions)) return wrong("SVDFOptions");
        const auto* o = op->builtin_options_as_SVDFOptions();
        a.rank = o->rank();
        a.activation = MapActivation(o->fused_activation_function(), &ok);
        break;
      }
      case OpType::kStridedSlice: {
        if (none) break;
        if (!has(tfl::BuiltinOptions::StridedSliceOptions)) return wrong("StridedSliceOptions");
        const auto* o = op->builtin_options_as_StridedSliceOptions();
        a.begin_mask = o->begin_mask();
        a.end_mask = o->end_mask();
        a.ellipsis_mask = o->ellipsis_mask();
        a.new_axis_mask = o->new_axis_mask();
        a.shrink_axis_mask = o->shrink_axis_mask();
        a.offset = o->offset();
        break;
      }
      case OpType::kMean:
      case OpType::kSum:
      case OpType::kReduceMax:
        if (has(tfl::BuiltinOptions::ReducerOptions)) {
          a.keep_dims = op->builtin_options_as_ReducerOptions()->keep_dims();
        }
        break;
      default:
        break;  // ops without options of their own
    }
    if (!ok) return Fail(label + " has an unsupported fused activation");
    return Status::Ok();
  }

  const tfl::Model* model_;
  std::string origin_;
  Graph graph_;
};

}  // namespace

Result<Graph> ImportTflite(const uint8_t* data, size_t size, const std::string& origin) {
  if (size == 0) return Status::Error(origin + ": the file is empty");
  if (size < 8) return Status::Error(Format("%s: %zu bytes is too short for a TFLite file", origin.c_str(), size));
  if (std::memcmp(data + 4, "TFL3", 4) != 0) {
    std::string found;
    for (int i = 4; i < 8; ++i) found += (data[i] >= 32 && data[i] < 127) ? static_cast<char>(data[i]) : '?';
    return Status::Error(origin + ": not a TFLite file (file identifier is '" + found + "', expected 'TFL3')");
  }
  if (size >= static_cast<size_t>(std::numeric_limits<int32_t>::max())) {
    return Status::Error(origin + ": files of 2 GB and more are not supported");
  }
  // Depth and table limits bound the work a hostile file can ask of the verifier.
  flatbuffers::Verifier verifier(data, size, /*max_depth=*/64, /*max_tables=*/1000000);
  if (!tfl::VerifyModelBuffer(verifier)) {
    return Status::Error(origin + ": the TFLite flatbuffer is corrupt or truncated (verification failed)");
  }
  Result<Graph> graph = Importer(tfl::GetModel(data), origin).Run();
  if (!graph.ok()) return graph;
  // Hybrid models (float activations, int8 weights) load as float32 with the weights dequantised once, so
  // every runtime and target sees a plain float32 graph.
  const Result<int> hybrid = DequantizeHybridWeights(graph.value());
  if (!hybrid.ok()) return hybrid.status();
  return graph;
}

Result<Graph> ImportTfliteFile(const std::string& path) {
  auto bytes = ReadFileBytes(path);
  if (!bytes.ok()) return bytes.status();
  return ImportTflite(bytes->data(), bytes->size(), path);
}

}  // namespace eb
