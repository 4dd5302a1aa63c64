#include "runtime/runtime.h"

#include <algorithm>
#include <chrono>
#include <cstring>

#include "core/strings.h"
#include "dequantize.h"
#include "runtime/ops/op_util.h"
#include "runtime/mcu_select.h"
#include "runtime/ops/registry.h"

namespace eb {
namespace {

constexpr size_t kArenaBaseAlignment = 64;  // a cache line; also covers every SIMD width we use
// Edge models need kilobytes to megabytes; a bigger plan means a hostile or mistaken file.
constexpr int64_t kMaxArenaBytes = int64_t{1} << 30;
constexpr int kMaxThreads = 256;

Status ValidateGraph(const Graph& g) {
  for (int t : g.inputs) {
    if (g.tensor(t).is_constant) return Status::Error(g.name + ": graph input '" + g.tensor(t).name + "' is constant");
  }
  // Every non-constant tensor an op reads must be a graph input, state (a variable, reset before the first
  // inference) or written by an earlier op.
  std::vector<bool> ready(g.tensors.size(), false);
  for (int t : g.inputs) ready[static_cast<size_t>(t)] = true;
  for (size_t t = 0; t < g.tensors.size(); ++t) {
    ready[t] = ready[t] || g.tensors[t].is_constant || g.tensors[t].is_variable;
  }
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

// On the host, float16 weights are converted to float32 once, here: the output of a DEQUANTIZE of a constant
// float16 tensor becomes a constant that its consumers read (and the x86 variants pack), so no call converts
// weights and the arena holds no float32 copy. MCU targets keep the per-call conversion, which keeps the
// weights' half-size form in flash. A graph output keeps its op (it must land in the arena).
void ConvertConstantFloat16(Graph& g) {
  for (const Op& op : g.ops) {
    if (op.type != OpType::kDequantize || op.inputs.size() != 1 || op.outputs.size() != 1 || op.inputs[0] < 0) continue;
    const Tensor& in = g.tensor(op.inputs[0]);
    Tensor& out = g.tensor(op.outputs[0]);
    if (in.dtype != DType::kF16 || !HasConstantData(in) || out.dtype != DType::kF32 || out.shape != in.shape) continue;
    if (std::find(g.outputs.begin(), g.outputs.end(), op.outputs[0]) != g.outputs.end()) continue;
    eb_dequantize_params p{};
    p.count = static_cast<int32_t>(in.num_elements());
    out.data.resize(static_cast<size_t>(out.num_bytes()));
    eb_dequantize_f16_f32(&p, reinterpret_cast<const uint16_t*>(in.data.data()), reinterpret_cast<float*>(out.data.data()));
    out.is_constant = true;
  }
}

}  // namespace

Result<std::unique_ptr<Runtime>> Runtime::Create(Graph graph, RuntimeOptions options) {
  EB_RETURN_IF_ERROR(ValidateGraph(graph));
  if (options.threads < 1 || options.threads > kMaxThreads) {
    return Status::Error(Format("%d threads requested; 1 to %d are supported", options.threads, kMaxThreads));
  }
  std::unique_ptr<Runtime> rt(new Runtime());
  rt->options_ = options;
  rt->graph_ = std::move(graph);
  if (options.target.kind == TargetKind::kHost) ConvertConstantFloat16(rt->graph_);
  if (options.threads > 1) rt->pool_ = std::make_unique<ThreadPool>(options.threads);
  PrepareEnv env{options.target, rt->pool_.get()};
  const size_t ops = rt->graph_.ops.size();
  rt->mcu_candidates_.assign(ops, {});
  rt->mcu_choice_.assign(ops, -1);
  EB_RETURN_IF_ERROR(rt->Prepare(env));
  // An MCU target with a flash budget: while the estimate exceeds it, layers give up their fast layouts (speed)
  // until it fits; what still does not fit (or size's int8 filters) is an error naming the sizes.
  const McuOptions& mcu = options.target.mcu;
  if (options.target.mcu_target() && mcu.flash_bytes > 0) {
    rt->mcu_flash_ = EstimateMcuFlash(rt->graph_, rt->calls_, rt->mcu_candidates_);
    while (rt->mcu_flash_.total() > mcu.flash_bytes && mcu.optimize == McuOptimize::kSpeed) {
      std::vector<int> next =
          SwitchToInt8Filters(rt->mcu_candidates_, rt->mcu_choice_, rt->mcu_flash_.total() - mcu.flash_bytes);
      if (next == rt->mcu_choice_) break;
      rt->mcu_choice_ = std::move(next);
      EB_RETURN_IF_ERROR(rt->Prepare(env));
      rt->mcu_flash_ = EstimateMcuFlash(rt->graph_, rt->calls_, rt->mcu_candidates_);
    }
    if (rt->mcu_flash_.total() > mcu.flash_bytes) {
      const bool has_layouts = std::any_of(rt->mcu_candidates_.begin(), rt->mcu_candidates_.end(),
                                           [](const std::vector<McuCandidate>& c) { return c.size() > 1; });
      return McuFlashError(rt->graph_.name, rt->mcu_flash_, mcu.flash_bytes, mcu.optimize == McuOptimize::kSize,
                           has_layouts);
    }
  } else if (options.target.mcu_target()) {
    rt->mcu_flash_ = EstimateMcuFlash(rt->graph_, rt->calls_, rt->mcu_candidates_);
  }
  return rt;
}

Status Runtime::Prepare(PrepareEnv& env) {
  steps_.clear();
  calls_.clear();
  auto data = [this](int t) { return TensorData(t); };
  // Kernels that need scratch (the x86 and MCU variants) say how much in a first pass, so the planner can place
  // it beside the activations: no kernel keeps a buffer of its own or on the stack. The MCU tables also list the
  // rows each layer could take.
  std::vector<int64_t> scratch(graph_.ops.size(), 0);
  env.measuring = true;
  for (size_t i = 0; i < graph_.ops.size(); ++i) {
    env.scratch_bytes = 0;
    mcu_candidates_[i].clear();
    env.mcu_candidates = &mcu_candidates_[i];
    env.mcu_choice = mcu_choice_[i];
    OpContext ctx(graph_, i, data, &steps_, nullptr, &env);
    EB_RETURN_IF_ERROR(PrepareOp(ctx));
    scratch[i] = env.scratch_bytes;
  }
  env.measuring = false;
  env.mcu_candidates = nullptr;
  plan_ = PlanMemory(graph_, scratch);
  if (plan_.arena_bytes > kMaxArenaBytes) {
    return Status::Error(Format("%s: the planned arena needs %lld bytes, more than the %lld this runtime allows",
                                graph_.name.c_str(), static_cast<long long>(plan_.arena_bytes),
                                static_cast<long long>(kMaxArenaBytes)));
  }
  const size_t bytes = static_cast<size_t>(plan_.arena_bytes) + kArenaBaseAlignment;
  arena_storage_.reset(new uint8_t[bytes]);
  // Touch every page now, so no page fault lands inside a timed inference.
  std::memset(arena_storage_.get(), 0, bytes);
  const auto base = reinterpret_cast<uintptr_t>(arena_storage_.get());
  arena_ = arena_storage_.get() + ((kArenaBaseAlignment - base % kArenaBaseAlignment) % kArenaBaseAlignment);
  for (size_t i = 0; i < graph_.ops.size(); ++i) {
    const int64_t off = i < plan_.scratch_offset.size() ? plan_.scratch_offset[i] : -1;
    env.scratch = off < 0 ? nullptr : arena_ + off;
    env.mcu_choice = mcu_choice_[i];
    OpContext ctx(graph_, i, data, &steps_, &calls_, &env);
    EB_RETURN_IF_ERROR(PrepareOp(ctx));
  }
  ResetVariables();
  return Status::Ok();
}

void Runtime::ResetVariables() {
  for (size_t t = 0; t < graph_.tensors.size(); ++t) {
    const Tensor& tensor = graph_.tensors[t];
    uint8_t* p = tensor.is_variable ? TensorData(static_cast<int>(t)) : nullptr;
    if (p) std::memset(p, VariableResetByte(tensor), static_cast<size_t>(tensor.num_bytes()));
  }
}

void Runtime::InvokeProfiled(std::vector<double>& step_ns) {
  step_ns.resize(steps_.size(), 0.0);
  for (size_t i = 0; i < steps_.size(); ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    steps_[i]();
    const auto t1 = std::chrono::steady_clock::now();
    step_ns[i] += std::chrono::duration<double, std::nano>(t1 - t0).count();
  }
}

uint8_t* Runtime::TensorData(int t) {
  Tensor& tensor = graph_.tensor(t);
  if (tensor.is_constant) return tensor.data.data();
  const int64_t off = plan_.offset.empty() ? -1 : plan_.offset[static_cast<size_t>(t)];
  return off < 0 || !arena_ ? nullptr : arena_ + off;
}

const uint8_t* Runtime::TensorData(int t) const { return const_cast<Runtime*>(this)->TensorData(t); }

}  // namespace eb
