#include "passes/quantize_int8.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <map>
#include <optional>

#include "core/strings.h"
#include "passes/graph_rewrite.h"

namespace eb {
namespace {

// Ops whose int8 output takes the input's parameters (the TFLite spec's "same scale/zero_point").
bool SharesInputQuant(OpType t) {
  switch (t) {
    case OpType::kReshape: case OpType::kSqueeze: case OpType::kExpandDims: case OpType::kTranspose:
    case OpType::kMaxPool2D: case OpType::kAveragePool2D: case OpType::kPad: case OpType::kPadV2:
    case OpType::kStridedSlice:
      return true;
    default:
      return false;
  }
}

Quant PerTensor(float scale, int64_t zero_point) { return Quant{{scale}, {zero_point}, 0}; }

// Channel count along `axis` and the number of elements after it.
void AxisGeometry(const Tensor& t, int axis, int64_t* channels, int64_t* inner) {
  *channels = t.shape[static_cast<size_t>(axis)];
  *inner = 1;
  for (size_t d = static_cast<size_t>(axis) + 1; d < t.shape.size(); ++d) *inner *= t.shape[d];
}

// Symmetric int8 weights: one scale per channel along `axis`, or one for all when axis < 0.
void QuantizeWeights(Tensor& w, int axis) {
  const auto v = FloatData(static_cast<const Tensor&>(w));
  int64_t channels = 1, inner = static_cast<int64_t>(v.size());
  if (axis >= 0) AxisGeometry(w, axis, &channels, &inner);
  std::vector<float> max_abs(static_cast<size_t>(channels), 0.0f);
  auto channel = [&](size_t k) { return static_cast<size_t>((static_cast<int64_t>(k) / inner) % channels); };
  for (size_t k = 0; k < v.size(); ++k) max_abs[channel(k)] = std::max(max_abs[channel(k)], std::fabs(v[k]));
  Quant q;
  q.axis = std::max(axis, 0);
  for (float m : max_abs) {
    q.scale.push_back(m > 0 ? m / 127.0f : 1.0f);
    q.zero_point.push_back(0);
  }
  std::vector<uint8_t> data(v.size());
  for (size_t k = 0; k < v.size(); ++k) {
    const float r = std::round(v[k] / q.scale[channel(k)]);
    data[k] = static_cast<uint8_t>(static_cast<int8_t>(std::clamp(r, -127.0f, 127.0f)));
  }
  w.dtype = DType::kI8;
  w.quant = std::move(q);
  w.data = std::move(data);
}

// Int32 (int16x8: int64) bias with scale input_scale * weight_scale[c].
void QuantizeBias(Tensor& b, float input_scale, const Quant& wq, bool wide) {
  const auto v = FloatData(static_cast<const Tensor&>(b));
  Quant q;
  for (float s : wq.scale) {
    q.scale.push_back(input_scale * s);
    q.zero_point.push_back(0);
  }
  const size_t width = wide ? sizeof(int64_t) : sizeof(int32_t);
  std::vector<uint8_t> data(v.size() * width);
  for (size_t k = 0; k < v.size(); ++k) {
    const double s = q.scale[q.scale.size() == 1 ? 0 : k % q.scale.size()];
    const double lim = wide ? 9.2e18 : 2147483647.0;
    const double r = std::clamp(std::round(v[k] / s), -lim, lim);
    if (wide) {
      const int64_t i = static_cast<int64_t>(r);
      std::memcpy(data.data() + k * width, &i, width);
    } else {
      const int32_t i = static_cast<int32_t>(r);
      std::memcpy(data.data() + k * width, &i, width);
    }
  }
  b.dtype = wide ? DType::kI64 : DType::kI32;
  b.quant = std::move(q);
  b.data = std::move(data);
}

// Per-tensor int8 (asymmetric) or int16 (symmetric) contents for a float constant read as an activation (an ADD
// operand).
void QuantizeConstant(Tensor& t, bool int16) {
  const auto v = FloatData(static_cast<const Tensor&>(t));
  float lo = 0, hi = 0;
  for (float x : v) lo = std::min(lo, x), hi = std::max(hi, x);
  t.quant = int16 ? ActivationQuant16(lo, hi) : ActivationQuant(lo, hi);
  const double s = t.quant.scale[0];
  const double zp = static_cast<double>(t.quant.zero_point[0]);
  std::vector<uint8_t> data(v.size() * (int16 ? 2 : 1));
  for (size_t k = 0; k < v.size(); ++k) {
    if (int16) {
      const int16_t q = static_cast<int16_t>(std::clamp(std::round(v[k] / s), -32768.0, 32767.0));
      std::memcpy(data.data() + 2 * k, &q, 2);
    } else {
      data[k] = static_cast<uint8_t>(static_cast<int8_t>(std::clamp(std::round(v[k] / s) + zp, -128.0, 127.0)));
    }
  }
  t.dtype = int16 ? DType::kI16 : DType::kI8;
  t.data = std::move(data);
}

// int16x8: ops without int16 kernels stay float32. Each int16 tensor such an op reads goes through a DEQUANTIZE
// copy, and each tensor it writes that an int16 op reads gets a QUANTIZE copy (with the original's range), so the
// quantiser below sees a graph whose float islands are already fenced. Returns the number of islands.
int FenceFloatIslands(Graph& graph, std::vector<TensorRange>& ranges) {
  const auto quantized_op = [](OpType t) { return OpHasInt16Kernel(t); };
  std::vector<bool> int16(graph.tensors.size(), false);  // will be int16 after quantisation
  for (int t : graph.inputs) int16[static_cast<size_t>(t)] = graph.tensor(t).dtype == DType::kF32;
  std::vector<Op> ops;
  int islands = 0;
  auto copy_of = [&](int t, const char* suffix) {
    Tensor c = graph.tensor(t);
    c.name += suffix;
    const int n = AddTensor(graph, std::move(c));
    int16.resize(graph.tensors.size(), false);
    ranges.resize(graph.tensors.size());
    ranges[static_cast<size_t>(n)] = static_cast<size_t>(t) < ranges.size() ? ranges[static_cast<size_t>(t)] : TensorRange{};
    return n;
  };
  std::map<int, int> quantized_copy;  // float tensor of an island -> its QUANTIZE copy
  for (Op op : graph.ops) {
    const bool q = quantized_op(op.type);
    for (int& t : op.inputs) {
      if (t < 0 || graph.tensor(t).is_constant || graph.tensor(t).dtype != DType::kF32) continue;
      if (!q && int16[static_cast<size_t>(t)]) {
        const int f = copy_of(t, "/float");
        ops.push_back(Op{OpType::kDequantize, {t}, {f}, {}});
        t = f;
      } else if (q && !int16[static_cast<size_t>(t)]) {
        auto it = quantized_copy.find(t);
        if (it == quantized_copy.end()) {
          const int c = copy_of(t, "/int16");
          ops.push_back(Op{OpType::kQuantize, {t}, {c}, {}});
          int16[static_cast<size_t>(c)] = true;
          it = quantized_copy.emplace(t, c).first;
        }
        t = it->second;
      }
    }
    if (!q) ++islands;
    for (int o : op.outputs) int16[static_cast<size_t>(o)] = q && graph.tensor(o).dtype == DType::kF32;
    ops.push_back(std::move(op));
  }
  graph.ops = std::move(ops);
  return islands;
}

std::string QuantText(const Quant& q) {
  if (q.scale.size() == 1) return Format("scale=%g zero_point=%lld", q.scale[0], static_cast<long long>(q.zero_point[0]));
  return Format("%zu per-channel scales (axis %d)", q.scale.size(), q.axis);
}

}  // namespace

Quant ActivationQuant16(float min, float max) {
  const double m = std::max(std::fabs(static_cast<double>(min)), std::fabs(static_cast<double>(max)));
  const double scale = m > 0 ? m / 32767.0 : 1.0 / 32767.0;
  return PerTensor(static_cast<float>(scale), 0);
}

Quant ActivationQuant(float min, float max) {
  const double lo = std::min(0.0f, min), hi = std::max(0.0f, max);
  double scale = (hi - lo) / 255.0;
  if (!(scale > 0)) scale = 1.0 / 255.0;  // an all-zero tensor: any scale represents it
  const double zp = std::clamp(std::round(-128.0 - lo / scale), -128.0, 127.0);
  return PerTensor(static_cast<float>(scale), static_cast<int64_t>(zp));
}

Status QuantizeInt8(Graph& graph, const std::vector<TensorRange>& calibrated, const Int8Options& options,
                    PassReport* report) {
  const bool wide = options.int16x8;
  const char* kind = wide ? "int16x8" : "int8";
  const DType act_type = wide ? DType::kI16 : DType::kI8;
  PassRecorder rec(report, wide ? "quantize_int16x8" : "quantize_int8", graph);
  std::vector<TensorRange> ranges = calibrated;
  if (wide) {
    const int islands = FenceFloatIslands(graph, ranges);
    if (islands > 0) {
      rec.Change(Format("%d ops without int16x8 kernels stay float32 (DEQUANTIZE/QUANTIZE around them)", islands),
                 islands);
    }
  }
  // An op is quantised when it has kernels of the kind; with int16x8, the fenced float islands stay float32.
  const auto quantized_op = [&](OpType t) {
    if (!wide) return OpHasInt8Kernel(t);
    return OpHasInt16Kernel(t) || t == OpType::kQuantize;
  };
  for (size_t i = 0; i < graph.ops.size() && !wide; ++i) {
    if (!OpHasInt8Kernel(graph.ops[i].type)) {
      return Status::Error(Format("int8 quantisation: %s has no int8 kernel", graph.OpLabel(i).c_str()));
    }
  }
  for (int t : graph.inputs) {
    if (graph.tensor(t).dtype != DType::kF32) {
      return Status::Error(Format("%s quantisation needs a float32 model; input %s is %s", kind,
                                  TensorLabel(graph.tensor(t)).c_str(), DTypeName(graph.tensor(t).dtype).data()));
    }
  }

  // Activation parameters, in op order so that shared parameters propagate.
  std::vector<std::optional<Quant>> q(graph.tensors.size());
  auto range_quant = [&](int t, size_t op_index) -> Result<Quant> {
    const TensorRange& r = static_cast<size_t>(t) < ranges.size() ? ranges[static_cast<size_t>(t)] : TensorRange{};
    if (!r.valid) {
      return Status::Error(Format("%s quantisation: %s: no calibrated range for %s", kind, graph.OpLabel(op_index).c_str(),
                                  TensorLabel(graph.tensor(t)).c_str()));
    }
    return wide ? ActivationQuant16(r.min, r.max) : ActivationQuant(r.min, r.max);
  };
  for (int t : graph.inputs) {
    const TensorRange& r = static_cast<size_t>(t) < ranges.size() ? ranges[static_cast<size_t>(t)] : TensorRange{};
    if (!r.valid) {
      return Status::Error(std::string(kind) + " quantisation: no calibrated range for input " + TensorLabel(graph.tensor(t)));
    }
    q[static_cast<size_t>(t)] = wide ? ActivationQuant16(r.min, r.max) : ActivationQuant(r.min, r.max);
  }
  std::vector<bool> quantize_constant(graph.tensors.size(), false);
  for (size_t i = 0; i < graph.ops.size(); ++i) {
    const Op& op = graph.ops[i];
    if (!quantized_op(op.type)) continue;  // a fenced float island (int16x8)
    // A fence's QUANTIZE reads float32 from an island.
    for (size_t k = 0; k < op.inputs.size() && op.type != OpType::kQuantize; ++k) {
      const int t = op.inputs[k];
      if (t < 0 || (IsWeightedOp(op.type) && k >= 1)) continue;
      const Tensor& tensor = graph.tensor(t);
      if (tensor.is_constant && tensor.dtype == DType::kF32) quantize_constant[static_cast<size_t>(t)] = true;
      if (!tensor.is_constant && tensor.dtype == DType::kF32 && !q[static_cast<size_t>(t)]) {
        return Status::Error(Format("%s quantisation: %s reads %s, which no earlier op writes", kind,
                                    graph.OpLabel(i).c_str(), TensorLabel(tensor).c_str()));
      }
    }
    for (int o : op.outputs) {
      if (graph.tensor(o).dtype != DType::kF32) continue;
      std::optional<Quant>& out = q[static_cast<size_t>(o)];
      if (SharesInputQuant(op.type) && q[static_cast<size_t>(op.inputs[0])]) {
        out = q[static_cast<size_t>(op.inputs[0])];
      } else if (!wide && (op.type == OpType::kSoftmax || op.type == OpType::kLogistic)) {
        out = PerTensor(1.0f / 256.0f, -128);
      } else if (!wide && op.type == OpType::kTanh) {
        out = PerTensor(1.0f / 128.0f, 0);
      } else {
        Result<Quant> r = range_quant(o, i);
        if (!r.ok()) return r.status();
        out = r.value();
      }
    }
  }

  // Weights and biases (private copies where shared, since the bias scale depends on the reader).
  for (size_t i = 0; i < graph.ops.size(); ++i) {
    if (!IsWeightedOp(graph.ops[i].type)) continue;
    const int in = InputOf(graph.ops[i], 0);
    if (in < 0 || InputOf(graph.ops[i], 1) < 0 || !q[static_cast<size_t>(in)]) {
      return Status::Error(Format("%s quantisation: %s has no quantisable input", kind, graph.OpLabel(i).c_str()));
    }
    const float in_scale = q[static_cast<size_t>(in)]->scale[0];
    if (!graph.tensor(graph.ops[i].inputs[1]).is_constant || graph.tensor(graph.ops[i].inputs[1]).dtype != DType::kF32) {
      return Status::Error(Format("%s quantisation: %s: the weights must be a float32 constant", kind,
                                  graph.OpLabel(i).c_str()));
    }
    const int w = OwnConstant(graph, i, 1);
    const OpType type = graph.ops[i].type;
    const int axis = type == OpType::kConv2D ? 0 : type == OpType::kDepthwiseConv2D ? 3 : options.per_channel_dense ? 0 : -1;
    const int64_t before = graph.tensor(w).num_bytes();
    QuantizeWeights(graph.tensor(w), axis);
    rec.Change(Format("%s: weights %s -> int8 (%s), %s -> %s bytes", graph.OpLabel(i).c_str(),
                      TensorLabel(graph.tensor(w)).c_str(), QuantText(graph.tensor(w).quant).c_str(),
                      WithThousands(before).c_str(), WithThousands(graph.tensor(w).num_bytes()).c_str()));
    if (InputOf(graph.ops[i], 2) >= 0) {
      const int b = OwnConstant(graph, i, 2);
      if (graph.tensor(b).is_constant && graph.tensor(b).dtype == DType::kF32) {
        QuantizeBias(graph.tensor(b), in_scale, graph.tensor(w).quant, wide);
      }
    }
  }
  q.resize(graph.tensors.size());
  quantize_constant.resize(graph.tensors.size(), false);
  for (size_t t = 0; t < quantize_constant.size(); ++t) {
    if (!quantize_constant[t]) continue;
    QuantizeConstant(graph.tensors[t], wide);
    rec.Change(Format("constant %s -> %s (%s)", TensorLabel(graph.tensors[t]).c_str(), wide ? "int16" : "int8",
                      QuantText(graph.tensors[t].quant).c_str()));
  }

  // Float32 boundary: QUANTIZE after each input, DEQUANTIZE before each output.
  std::vector<Op> prologue, epilogue;
  if (!options.int8_io) {
    auto boundary_copy = [&](int t) {
      Tensor c;
      c.name = graph.tensor(t).name + (wide ? "/int16" : "/int8");
      c.dtype = act_type;
      c.shape = graph.tensor(t).shape;
      c.quant = *q[static_cast<size_t>(t)];
      q[static_cast<size_t>(t)].reset();  // the boundary tensor stays float32
      const int n = AddTensor(graph, std::move(c));
      q.resize(graph.tensors.size());
      return n;
    };
    for (int t : graph.inputs) {
      const int n = boundary_copy(t);
      ReplaceUses(graph, t, n);
      prologue.push_back(Op{OpType::kQuantize, {t}, {n}, {}});
    }
    for (int t : graph.outputs) {
      if (!q[static_cast<size_t>(t)]) continue;  // an input read straight out, already handled
      const int n = boundary_copy(t);
      ReplaceUses(graph, t, n);
      for (Op& op : graph.ops) std::replace(op.outputs.begin(), op.outputs.end(), t, n);
      epilogue.push_back(Op{OpType::kDequantize, {n}, {t}, {}});
    }
  }
  int activations = 0;
  for (size_t t = 0; t < q.size(); ++t) {
    if (!q[t] || graph.tensors[t].is_constant || graph.tensors[t].dtype != DType::kF32) continue;
    graph.tensors[t].dtype = act_type;
    graph.tensors[t].quant = *q[t];
    rec.Note(Format("activation %s: %s", TensorLabel(graph.tensors[t]).c_str(), QuantText(*q[t]).c_str()));
    ++activations;
  }
  rec.Change(Format("%d activation tensors -> %s", activations, wide ? "int16" : "int8"), activations);
  if (!prologue.empty() || !epilogue.empty()) {
    std::vector<Op> ops = std::move(prologue);
    for (Op& op : graph.ops) ops.push_back(std::move(op));
    for (Op& op : epilogue) ops.push_back(std::move(op));
    graph.ops = std::move(ops);
    rec.Change(Format("float32 boundary: %zu QUANTIZE, %zu DEQUANTIZE", graph.inputs.size(), epilogue.size()),
               static_cast<int>(graph.inputs.size() + epilogue.size()));
  }
  return rec.Finish(graph);
}

}  // namespace eb
