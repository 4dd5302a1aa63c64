// The host runtime: a planned graph turned into a flat list of resolved kernel calls.
//
// Create() validates every op (shapes, dtypes, quantisation), computes all kernel parameters, places
// tensors in one arena and resolves every pointer. Invoke() then only walks the list: it allocates
// nothing and checks nothing.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "core/status.h"
#include "ir/graph.h"
#include "planner/planner.h"
#include "runtime/kernel_call.h"
#include "runtime/kernel_target.h"
#include "runtime/mcu_select.h"
#include "runtime/op_context.h"
#include "runtime/thread_pool.h"

namespace eb {

struct RuntimeOptions {
  // Which kernels ops may pick: the host CPU (x86 SIMD variants up to its ISA level, EB_ISA honoured),
  // or an MCU target whose kernels generated C runs (cortex-m4, c).
  KernelTarget target = KernelTarget::Host();
  // Threads one kernel call may split its work over (a persistent pool; 1: the calling thread only).
  int threads = 1;
};

class Runtime {
 public:
  // Takes its own copy of the graph, so constant data stays where the resolved calls point.
  static Result<std::unique_ptr<Runtime>> Create(Graph graph, RuntimeOptions options = {});

  const Graph& graph() const { return graph_; }
  const MemoryPlan& plan() const { return plan_; }

  // Bytes of graph input/output i (row-major, the tensor's dtype), valid for the Runtime's life.
  uint8_t* input(size_t i) { return TensorData(graph_.inputs[i]); }
  const uint8_t* output(size_t i) const { return TensorData(graph_.outputs[i]); }
  const Tensor& input_tensor(size_t i) const { return graph_.tensor(graph_.inputs[i]); }
  const Tensor& output_tensor(size_t i) const { return graph_.tensor(graph_.outputs[i]); }

  const RuntimeOptions& options() const { return options_; }

  // Sets every variable tensor (state kept across invocations) to its reset value, as a fresh interpreter has
  // it; Create() does this once. Call it between independent inputs of a stateful model (SVDF, LSTM).
  void ResetVariables();

  // Runs the graph once on the current input bytes.
  void Invoke() {
    for (const auto& step : steps_) step();
  }
  // Invoke() that also adds each step's time (nanoseconds, steady clock) to step_ns[i] (calls() order).
  void InvokeProfiled(std::vector<double>& step_ns);

  // One entry per step, in order: the kernel call as data (for the C emitter). A step an op emitted as a
  // bare host callable has an entry with described() == false.
  const std::vector<KernelCall>& calls() const { return calls_; }

  uint8_t* TensorData(int t);
  const uint8_t* TensorData(int t) const;

  // MCU targets: per op, the rows of its variant table it could take (empty for ops without one), the row the
  // runtime chose (-1: the table's own, see mcu_select.h), and the estimated flash of the firmware.
  const std::vector<std::vector<McuCandidate>>& mcu_candidates() const { return mcu_candidates_; }
  const std::vector<int>& mcu_choice() const { return mcu_choice_; }
  const McuFlashEstimate& mcu_flash() const { return mcu_flash_; }

 private:
  Runtime() = default;
  // Both passes of prepare (measure scratch, plan, emit) with the current MCU choices.
  Status Prepare(PrepareEnv& env);
  RuntimeOptions options_;
  std::unique_ptr<ThreadPool> pool_;
  Graph graph_;
  MemoryPlan plan_;
  std::unique_ptr<uint8_t[]> arena_storage_;
  uint8_t* arena_ = nullptr;
  std::vector<std::function<void()>> steps_;
  std::vector<KernelCall> calls_;
  std::vector<std::vector<McuCandidate>> mcu_candidates_;
  std::vector<int> mcu_choice_;
  McuFlashEstimate mcu_flash_;
};

}  // namespace eb
