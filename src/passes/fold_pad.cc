#include "passes/fold_pad.h"

#include <algorithm>

#include "core/strings.h"
#include "passes/graph_rewrite.h"

namespace eb {
namespace {

// Explicit padding of a 4-D NHWC PAD / PADV2 that pads with what convolutions pad with.
struct SpatialPads {
  int64_t top = 0, bottom = 0, left = 0, right = 0;
};

std::optional<SpatialPads> ReadPads(const Graph& g, const Op& pad, std::string* why) {
  if (pad.outputs.size() != 1 || InputOf(pad, 0) < 0 || InputOf(pad, 1) < 0) return std::nullopt;
  const Tensor& in = g.tensor(pad.inputs[0]);
  std::vector<int64_t> p;
  if (in.shape.size() != 4 || !ReadIntConstant(g.tensor(pad.inputs[1]), &p) || p.size() != 8) {
    *why = "paddings are not a constant [4,2]";
    return std::nullopt;
  }
  if (p[0] != 0 || p[1] != 0 || p[6] != 0 || p[7] != 0) {
    *why = "it pads the batch or channel dimension";
    return std::nullopt;
  }
  if (pad.type == OpType::kPadV2) {
    const int v = InputOf(pad, 2);
    const Tensor* value = v >= 0 ? &g.tensor(v) : nullptr;
    bool zero = false;
    if (value && value->is_constant && value->num_elements() == 1 && value->dtype == in.dtype) {
      if (in.dtype == DType::kF32 && value->data.size() == 4) zero = *value->as<float>() == 0.0f;
      if (in.dtype == DType::kI8 && value->data.size() == 1 && !in.quant.empty()) {
        zero = *value->as<int8_t>() == in.quant.zero_point[0];
      }
    }
    if (!zero) {
      *why = "the pad value is not the convolution's implicit zero";
      return std::nullopt;
    }
  }
  return SpatialPads{p[2], p[3], p[4], p[5]};
}

// SAME's leading padding and output size for one dimension.
void Same(int64_t in, int64_t kernel, int64_t stride, int64_t dilation, int64_t* before, int64_t* out) {
  *out = (in + stride - 1) / stride;
  const int64_t effective = (kernel - 1) * dilation + 1;
  *before = std::max<int64_t>((*out - 1) * stride + effective - in, 0) / 2;
}

// Whether convolution `conv`, reading the padded tensor, can read the PAD's input with SAME instead.
bool FoldsExactly(const Graph& g, const Op& conv, const Tensor& unpadded, const SpatialPads& p, std::string* why) {
  if (conv.attrs.padding != Padding::kValid) {
    *why = "the convolution already pads (SAME)";
    return false;
  }
  const Tensor& filter = g.tensor(conv.inputs[1]);
  const Tensor& out = g.tensor(conv.outputs[0]);
  if (filter.shape.size() != 4 || out.shape.size() != 4) return false;
  int64_t before_h, out_h, before_w, out_w;
  Same(unpadded.shape[1], filter.shape[1], conv.attrs.stride_h, conv.attrs.dilation_h, &before_h, &out_h);
  Same(unpadded.shape[2], filter.shape[2], conv.attrs.stride_w, conv.attrs.dilation_w, &before_w, &out_w);
  if (p.top != before_h || p.left != before_w || out.shape[1] != out_h || out.shape[2] != out_w) {
    *why = Format("paddings (top %lld, left %lld, output %dx%d) differ from SAME's (top %lld, left %lld, output "
                  "%lldx%lld)", static_cast<long long>(p.top), static_cast<long long>(p.left), out.shape[1],
                  out.shape[2], static_cast<long long>(before_h), static_cast<long long>(before_w),
                  static_cast<long long>(out_h), static_cast<long long>(out_w));
    return false;
  }
  return true;
}

}  // namespace

Status FoldPad(Graph& graph, PassReport* report) {
  PassRecorder rec(report, "fold_pad", graph);
  std::vector<bool> erase(graph.ops.size(), false);
  const auto consumers = ConsumersByTensor(graph);
  for (size_t i = 0; i < graph.ops.size(); ++i) {
    const Op& pad = graph.ops[i];
    if (pad.type != OpType::kPad && pad.type != OpType::kPadV2) continue;
    const int padded = pad.outputs.empty() ? -1 : pad.outputs[0];
    if (padded < 0) continue;
    // Only convolutions are candidates; report why one is not.
    std::vector<int> convs;
    for (int c : consumers[static_cast<size_t>(padded)]) {
      const Op& op = graph.ops[static_cast<size_t>(c)];
      if ((op.type == OpType::kConv2D || op.type == OpType::kDepthwiseConv2D) && InputOf(op, 0) == padded &&
          InputOf(op, 1) != padded && InputOf(op, 1) >= 0) {
        convs.push_back(c);
      }
    }
    if (convs.empty()) continue;
    std::string why;
    const auto pads = ReadPads(graph, pad, &why);
    if (!pads) {
      rec.Skip(Format("%s: %s", graph.OpLabel(i).c_str(), why.c_str()));
      continue;
    }
    const int unpadded = pad.inputs[0];
    const bool all_zero = pads->top == 0 && pads->bottom == 0 && pads->left == 0 && pads->right == 0;
    for (int c : convs) {
      Op& conv = graph.ops[static_cast<size_t>(c)];
      if (!all_zero && !FoldsExactly(graph, conv, graph.tensor(unpadded), *pads, &why)) {
        rec.Skip(Format("%s into %s: %s", graph.OpLabel(i).c_str(), graph.OpLabel(static_cast<size_t>(c)).c_str(),
                        why.c_str()));
        continue;
      }
      conv.inputs[0] = unpadded;
      if (!all_zero) conv.attrs.padding = Padding::kSame;
      rec.Change(Format("folded %s into %s (padding %s)", graph.OpLabel(i).c_str(),
                        graph.OpLabel(static_cast<size_t>(c)).c_str(), all_zero ? "VALID" : "SAME"));
    }
    bool still_read = IsGraphOutput(graph, padded);
    for (const Op& op : graph.ops) {
      still_read = still_read || std::find(op.inputs.begin(), op.inputs.end(), padded) != op.inputs.end();
    }
    erase[i] = !still_read;
  }
  EraseOps(graph, erase);
  return rec.Finish(graph);
}

}  // namespace eb
