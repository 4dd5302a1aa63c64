// What an op's prepare function sees: the op, its tensors and their resolved memory, and a place to
// emit the kernel call that Invoke() will run.
//
// Call() is the preferred way to emit: it runs an MCU kernel (src/kernels/ref, arm) on the host and also records
// the call as data (kernel name, params struct, arguments), which the C emitter turns into generated
// firmware. Emit() takes a bare callable instead; such an op runs on the host but has no C description.
#pragma once

#include <array>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "core/status.h"
#include "core/strings.h"
#include "ir/graph.h"
#include "runtime/kernel_params.h"
#include "runtime/kernel_target.h"
#include "runtime/mcu_candidate.h"
#include "runtime/thread_pool.h"

namespace eb {

// How the runtime prepares for a target: what it may pick, and on how many threads a call may run.
struct PrepareEnv {
  KernelTarget target = KernelTarget::C();
  ThreadPool* pool = nullptr;  // null: one thread
  // Measuring: the runtime's first pass, which only asks each op for its scratch bytes before the planner
  // places them. Ops validate and choose as usual, but Call() and Emit() add nothing and nothing is packed.
  bool measuring = false;
  uint8_t* scratch = nullptr;  // emitting: this op's scratch buffer in the arena (placed by the planner)
  int64_t scratch_bytes = 0;   // measuring: the largest request of this op, filled by RequestScratch
  // MCU variant tables (mcu_variant_table.h). Measuring: where the op lists the rows it could take (null: not
  // collected). Both passes: the row the runtime chose for the op (-1: the table's own choice).
  std::vector<McuCandidate>* mcu_candidates = nullptr;
  int mcu_choice = -1;
  int threads() const { return pool ? pool->threads() : 1; }
};

class OpContext {
 public:
  // `calls`, when given, receives one KernelCall per emitted step (described or not). `env` may be null:
  // the portable target, one thread.
  OpContext(const Graph& graph, size_t index, std::function<uint8_t*(int)> data,
            std::vector<std::function<void()>>* steps, std::vector<KernelCall>* calls = nullptr,
            PrepareEnv* env = nullptr)
      : graph_(graph), index_(index), op_(graph.ops[index]), data_(std::move(data)), steps_(steps), calls_(calls),
        env_(env ? env : &default_env_) {}

  const KernelTarget& target() const { return env_->target; }
  bool measuring() const { return env_->measuring; }
  ThreadPool* pool() const { return env_->pool; }
  int threads() const { return env_->threads(); }
  // Scratch for this op's kernel: `bytes` for each thread (rounded up to the scratch alignment). While
  // measuring it records the need and returns null; when emitting it returns the planner's buffer.
  uint8_t* RequestScratch(int64_t bytes_per_thread);
  int64_t ScratchStride(int64_t bytes_per_thread) const;
  // The scratch argument of a Call() (one thread): records `bytes` while measuring; the op's buffer when emitting
  // (CallArg::Scratch), or NULL for 0 bytes.
  CallArg CallScratch(int64_t bytes);
  PrepareEnv& env() { return *env_; }
  // Adds a host-only step named `kernel` (an x86 variant): run on the host, refused by the C emitter.
  void EmitHost(const char* kernel, std::function<void()> step);

  const Graph& graph() const { return graph_; }
  const Op& op() const { return op_; }
  const OpAttrs& attrs() const { return op_.attrs; }
  size_t num_inputs() const { return op_.inputs.size(); }
  size_t num_outputs() const { return op_.outputs.size(); }
  // True if input k exists and is not an absent optional input.
  bool has_input(size_t k) const { return k < op_.inputs.size() && op_.inputs[k] >= 0; }
  const Tensor& input(size_t k) const { return graph_.tensor(op_.inputs[k]); }
  const Tensor& output(size_t k = 0) const { return graph_.tensor(op_.outputs[k]); }

  // Memory of input k / output k, as the element type the kernel takes. Absent inputs give nullptr.
  template <class T>
  const T* in(size_t k) const {
    return has_input(k) ? reinterpret_cast<const T*>(data_(op_.inputs[k])) : nullptr;
  }
  template <class T>
  T* out(size_t k = 0) const {
    return reinterpret_cast<T*>(data_(op_.outputs[k]));
  }

  // Adds a host-only step for this op. The callable owns whatever parameters it needs.
  void Emit(std::function<void()> step);

  // Arguments of Call(): input k (NULL when an absent optional input), output k, all inputs as an
  // array of pointers, and CallArg::Const(vector) for arrays computed at prepare time.
  CallArg In(size_t k) const { return CallArg::Tensor(has_input(k) ? op_.inputs[k] : -1); }
  CallArg Out(size_t k = 0) const { return CallArg::Tensor(op_.outputs[k]); }
  CallArg Inputs() const { return CallArg::TensorList(op_.inputs); }

  // Adds the call kernel(&params, args...) for this op: resolved now for the host, and described as
  // data for code generation. `params` is copied (pointer fields get their own copy of the pointees).
  template <class P, class... A>
  void Call(Kernel<void(const P*, A...)> kernel, const P& params, std::array<CallArg, sizeof...(A)> args) {
    if (measuring()) return;
    struct State {
      P p;
      std::array<void*, sizeof...(A)> ptrs{};
      KernelCall call;  // owns the constant arrays and pointees the host call reads
      std::vector<std::vector<const void*>> lists;  // pointer arrays of kTensorList arguments
    };
    auto st = std::make_shared<State>();
    st->p = params;
    st->call = DescribeCall(kernel.name, ParamsInfo<P>::kName, ParamsInfo<P>::Fields(), &params, sizeof(P));
    st->call.op_index = index_;
    constexpr std::array<const char*, sizeof...(A)> kTypes = {CArgType<A>()...};
    for (size_t i = 0; i < args.size(); ++i) args[i].c_type = kTypes[i];
    st->call.args.assign(args.begin(), args.end());
    ResolveCall(&st->call, &st->p, st->ptrs.data(), &st->lists);
    if (calls_) calls_->push_back(st->call);
    steps_->push_back([st, fn = kernel.fn] { Invoke(fn, &st->p, st->ptrs.data(), std::index_sequence_for<A...>{}); });
  }

  // "model.tflite: operator 3 (CONV_2D): <what>"
  Status Error(const std::string& what) const {
    return Status::Error(graph_.name + ": " + graph_.OpLabel(index_) + ": " + what);
  }
  // Checks the counts of inputs (min..max, counting absent optional ones) and outputs.
  Status ExpectArity(size_t min_in, size_t max_in, size_t outputs) const;
  // Checks that tensor `t` has dtype `want`; `role` names it ("input", "filter", ...).
  Status ExpectType(const Tensor& t, DType want, const char* role) const;
  // Checks that the output shape is `want`.
  Status ExpectOutputShape(const std::vector<int32_t>& want, size_t k = 0) const;
  // Checks that a tensor has the given rank.
  Status ExpectRank(const Tensor& t, size_t rank, const char* role) const;
  // Checks that a tensor carries per-tensor quantisation (one scale > 0).
  Status ExpectPerTensorQuant(const Tensor& t, const char* role) const;

 private:
  template <class P, class... A, size_t... I>
  static void Invoke(void (*fn)(const P*, A...), const P* p, void* const* ptrs, std::index_sequence<I...>) {
    fn(p, static_cast<A>(ptrs[I])...);
  }
  // Resolves every argument of `call` to host memory (ptrs[i]) and points the pointer fields of
  // `params` at the call's own copies of their contents.
  void ResolveCall(KernelCall* call, void* params, void** ptrs, std::vector<std::vector<const void*>>* lists) const;

  const Graph& graph_;
  size_t index_;
  const Op& op_;
  std::function<uint8_t*(int)> data_;
  std::vector<std::function<void()>>* steps_;
  std::vector<KernelCall>* calls_;
  PrepareEnv default_env_;
  PrepareEnv* env_;
};

}  // namespace eb
