// What an op's prepare function sees: the op, its tensors and their resolved memory, and a place to
// emit the kernel call that Invoke() will run.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/status.h"
#include "core/strings.h"
#include "ir/graph.h"

namespace eb {

class OpContext {
 public:
  OpContext(const Graph& graph, size_t index, std::function<uint8_t*(int)> data,
            std::vector<std::function<void()>>* steps)
      : graph_(graph), index_(index), op_(graph.ops[index]), data_(std::move(data)), steps_(steps) {}

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

  // Adds the kernel call for this op. The callable owns whatever parameters it needs.
  void Emit(std::function<void()> step) { steps_->push_back(std::move(step)); }

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
  const Graph& graph_;
  size_t index_;
  const Op& op_;
  std::function<uint8_t*(int)> data_;
  std::vector<std::function<void()>>* steps_;
};

}  // namespace eb
