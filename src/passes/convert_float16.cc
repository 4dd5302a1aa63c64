#include "passes/convert_float16.h"

#include <cstring>

#include "core/strings.h"
#include "passes/graph_rewrite.h"

namespace eb {

uint16_t FloatToHalf(float f) {
  uint32_t x;
  std::memcpy(&x, &f, sizeof x);
  const uint16_t sign = static_cast<uint16_t>((x >> 16) & 0x8000u);
  const uint32_t abs = x & 0x7FFFFFFFu;
  if (abs > 0x7F800000u) return static_cast<uint16_t>(sign | 0x7E00u | ((abs >> 13) & 0x3FFu));  // NaN, quiet
  if (abs >= 0x477FF000u) return static_cast<uint16_t>(sign | 0x7C00u);  // >= 65520 (and inf): infinity
  if (abs >= 0x38800000u) {
    // Normal half: re-bias the exponent (127 -> 15), keep 10 mantissa bits, round the 13 dropped ones.
    // A carry out of the mantissa correctly bumps the exponent.
    uint32_t h = ((abs >> 23) - 112u) << 10 | ((abs >> 13) & 0x3FFu);
    const uint32_t rest = abs & 0x1FFFu;
    if (rest > 0x1000u || (rest == 0x1000u && (h & 1u))) ++h;
    return static_cast<uint16_t>(sign | h);
  }
  if (abs <= 0x33000000u) return sign;  // at most 2^-25, half the smallest subnormal: rounds to (even) zero
  // Subnormal half: value / 2^-24 = mantissa_with_leading_one * 2^(exp - 126), exp < 113.
  const uint32_t exp = abs >> 23;
  const uint32_t mant = (abs & 0x7FFFFFu) | 0x800000u;
  const uint32_t shift = 126u - exp;  // 14..24
  uint32_t h = mant >> shift;
  const uint32_t rest = mant & ((1u << shift) - 1u);
  const uint32_t half = 1u << (shift - 1u);
  if (rest > half || (rest == half && (h & 1u))) ++h;  // may round up to the smallest normal, 0x0400
  return static_cast<uint16_t>(sign | h);
}

namespace {

// True if every reader of tensor `t` reads it as the filter of a weighted op.
bool OnlyFilterReaders(const Graph& g, int t) {
  if (IsGraphOutput(g, t)) return false;
  for (const Op& op : g.ops) {
    for (size_t k = 0; k < op.inputs.size(); ++k) {
      if (op.inputs[k] == t && (k != 1 || !IsWeightedOp(op.type))) return false;
    }
  }
  return true;
}

}  // namespace

Status ConvertFloat16(Graph& graph, PassReport* report) {
  PassRecorder rec(report, "convert_float16", graph);
  // first_reader[t]: the op before which tensor t's DEQUANTIZE goes.
  std::vector<int> first_reader(graph.tensors.size(), -1);
  std::vector<int> converted;
  for (size_t i = 0; i < graph.ops.size(); ++i) {
    const Op& op = graph.ops[i];
    if (!IsWeightedOp(op.type) || InputOf(op, 0) < 0 || InputOf(op, 1) < 0) continue;
    const int w = op.inputs[1];
    const Tensor& filter = graph.tensor(w);
    if (graph.tensor(op.inputs[0]).dtype != DType::kF32 || first_reader[static_cast<size_t>(w)] >= 0) continue;
    if (!filter.is_constant || filter.dtype != DType::kF32) continue;
    if (!OnlyFilterReaders(graph, w)) {
      rec.Skip(Format("%s: %s is also read as something other than a filter", graph.OpLabel(i).c_str(),
                      TensorLabel(filter).c_str()));
      continue;
    }
    first_reader[static_cast<size_t>(w)] = static_cast<int>(i);
    converted.push_back(w);
  }
  // Before[i]: DEQUANTIZE ops to insert before op i.
  std::vector<std::vector<Op>> before(graph.ops.size());
  for (int w : converted) {
    Tensor half;
    {
      Tensor& f32 = graph.tensor(w);
      half.name = f32.name + "/float16";
      half.dtype = DType::kF16;
      half.shape = f32.shape;
      half.is_constant = true;
      const auto v = FloatData(f32);
      half.data.resize(v.size() * sizeof(uint16_t));
      for (size_t k = 0; k < v.size(); ++k) {
        const uint16_t h = FloatToHalf(v[k]);
        std::memcpy(half.data.data() + 2 * k, &h, sizeof h);
      }
      rec.Change(Format("%s: %s -> %s bytes", TensorLabel(f32).c_str(), WithThousands(f32.num_bytes()).c_str(),
                        WithThousands(half.num_bytes()).c_str()));
      f32.is_constant = false;
      f32.data.clear();
      f32.data.shrink_to_fit();
    }
    const int h = AddTensor(graph, std::move(half));
    before[static_cast<size_t>(first_reader[static_cast<size_t>(w)])].push_back(Op{OpType::kDequantize, {h}, {w}, {}});
  }
  std::vector<Op> ops;
  ops.reserve(graph.ops.size() + converted.size());
  for (size_t i = 0; i < graph.ops.size(); ++i) {
    for (Op& d : before[i]) ops.push_back(std::move(d));
    ops.push_back(std::move(graph.ops[i]));
  }
  graph.ops = std::move(ops);
  return rec.Finish(graph);
}

}  // namespace eb
