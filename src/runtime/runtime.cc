#include "runtime/runtime.h"

#include <cstring>

#include "core/strings.h"
#include "passes/dequantize_hybrid_weights.h"
#include "runtime/ops/registry.h"

namespace eb {
namespace {

constexpr size_t kArenaBaseAlignment = 64;  // a cache line; also covers every SIMD width we use
// Edge models need kilobytes to megabytes; a bigger plan means a hostile or mistaken file.
constexpr int64_t kMaxArenaBytes = int64_t{1} << 30;

Status ValidateGraph(const Graph& g) {
  for (int t : g.inputs) {
    if (g.tensor(t).is_constant) return Status::Error(g.name + ": graph input '" + g.tensor(t).name + "' is constant");
  }
  // Every non-constant tensor an op reads must be a graph input or written by an earlier op.
  std::vector<bool> ready(g.tensors.size(), false);
  for (int t : g.inputs) ready[static_cast<size_t>(t)] = true;
  for (size_t t = 0; t < g.tensors.size(); ++t) ready[t] = ready[t] || g.tensors[t].is_constant;
  for (size_t i = 0; i < g.ops.size(); ++i) {
    for (int t : g.ops[i].inputs) {
      if (t >= 0 && !ready[static_cast<size_t>(t)]) {
        return Status::Error(g.name + ": " + g.OpLabel(i) + " reads tensor '" + g.tensor(t).name +
                             "' before anything writes it");
      }
    }
    for (int t : g.ops[i].outputs) {
      if (g.tensor(t).is_constant || ready[static_cast<size_t>(t)]) {
        return Status::Error(g.name + ": " + g.OpLabel(i) + " writes tensor '" + g.tensor(t).name +
                             "', which is constant, a graph input or written before");
      }
      ready[static_cast<size_t>(t)] = true;
    }
  }
  for (int t : g.outputs) {
    if (!ready[static_cast<size_t>(t)]) {
      return Status::Error(g.name + ": graph output '" + g.tensor(t).name + "' is never written");
    }
  }
  return Status::Ok();
}

}  // namespace

Result<std::unique_ptr<Runtime>> Runtime::Create(Graph graph) {
  EB_RETURN_IF_ERROR(ValidateGraph(graph));
  // Hybrid models (float activations, int8 weights) run as float32 with weights dequantised once.
  const auto hybrid = DequantizeHybridWeights(graph);
  if (!hybrid.ok()) return hybrid.status();
  std::unique_ptr<Runtime> rt(new Runtime());
  rt->graph_ = std::move(graph);
  rt->plan_ = PlanMemory(rt->graph_);
  if (rt->plan_.arena_bytes > kMaxArenaBytes) {
    return Status::Error(Format("%s: the planned arena needs %lld bytes, more than the %lld this runtime allows",
                                rt->graph_.name.c_str(), static_cast<long long>(rt->plan_.arena_bytes),
                                static_cast<long long>(kMaxArenaBytes)));
  }
  const size_t bytes = static_cast<size_t>(rt->plan_.arena_bytes) + kArenaBaseAlignment;
  rt->arena_storage_.reset(new uint8_t[bytes]);
  // Touch every page now, so no page fault lands inside a timed inference.
  std::memset(rt->arena_storage_.get(), 0, bytes);
  const auto base = reinterpret_cast<uintptr_t>(rt->arena_storage_.get());
  rt->arena_ = rt->arena_storage_.get() + ((kArenaBaseAlignment - base % kArenaBaseAlignment) % kArenaBaseAlignment);
  Runtime* self = rt.get();
  for (size_t i = 0; i < rt->graph_.ops.size(); ++i) {
    OpContext ctx(rt->graph_, i, [self](int t) { return self->TensorData(t); }, &rt->steps_, &rt->calls_);
    EB_RETURN_IF_ERROR(PrepareOp(ctx));
  }
  return rt;
}

uint8_t* Runtime::TensorData(int t) {
  Tensor& tensor = graph_.tensor(t);
  if (tensor.is_constant) return tensor.data.data();
  const int64_t off = plan_.offset[static_cast<size_t>(t)];
  return off < 0 ? nullptr : arena_ + off;
}

const uint8_t* Runtime::TensorData(int t) const { return const_cast<Runtime*>(this)->TensorData(t); }

}  // namespace eb
