// The IR graph: tensors, ops in execution order, graph inputs and outputs.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "ir/op.h"
#include "ir/tensor.h"

namespace eb {

struct Graph {
  std::string name;            // where it came from (file path), for messages
  std::vector<Tensor> tensors;
  std::vector<Op> ops;         // topologically ordered
  std::vector<int> inputs;
  std::vector<int> outputs;
  // Free-form facts carried with the model (e.g. "edgebench.preprocess": how raw data becomes the input).
  std::map<std::string, std::string> metadata;

  const Tensor& tensor(int i) const { return tensors[static_cast<size_t>(i)]; }
  Tensor& tensor(int i) { return tensors[static_cast<size_t>(i)]; }
  // "op 3 (CONV_2D)" for messages.
  std::string OpLabel(size_t op_index) const;
};

}  // namespace eb
