// Editing helpers shared by the graph passes: who reads and writes each tensor, rewiring an op away while
// keeping the graph's output names, erasing ops, and taking private copies of shared constants.
//
// Invariants the passes keep: ops stay topologically ordered, every tensor has at most one writer, and a
// graph output keeps its tensor (hence its name); a removed op's output is re-produced by the op that
// remains. Tensors nobody references any more are left for remove_unused_tensors to compact.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "ir/graph.h"

namespace eb {

// For each tensor, the indices of the ops that read it (an op reading it twice is listed once), in order.
std::vector<std::vector<int>> ConsumersByTensor(const Graph& graph);
// For each tensor, the index of the op that writes it, or -1 (constants, graph inputs, unwritten).
std::vector<int> ProducersByTensor(const Graph& graph);

bool IsGraphOutput(const Graph& graph, int tensor);
bool IsGraphInput(const Graph& graph, int tensor);

// Makes every op input that reads `from` read `to` instead (graph outputs are not touched).
void ReplaceUses(Graph& graph, int from, int to);

// Rewires the graph so that op `op_index`, whose output `out` holds exactly the values of its input `in`
// (same dtype, shape and quantisation), can be erased. Readers of `out` read `in`; if `out` is a graph
// output, the op that writes `in` writes `out` instead, so the output keeps its name. Returns false, and
// changes nothing, where that is impossible (`out` is a graph output and `in` is a constant, a graph
// input or a graph output). The caller then erases the op.
bool BypassOp(Graph& graph, size_t op_index, int in, int out);

// Erases the ops marked true (ops keep their relative order).
void EraseOps(Graph& graph, const std::vector<bool>& erase);

// Appends a tensor and returns its index.
int AddTensor(Graph& graph, Tensor tensor);

// The index of a constant that only input `slot` of op `op_index` reads: the tensor itself when no other
// op input or graph output reads it, else a fresh copy wired into that slot. Edit the result in place.
int OwnConstant(Graph& graph, size_t op_index, size_t slot);

// Float32 contents of a constant.
std::span<float> FloatData(Tensor& t);
std::span<const float> FloatData(const Tensor& t);

// The values of a constant float32 operand broadcast along the last axis of `out_shape`: a scalar or a
// tensor whose dims are all 1 except a last dim of 1 or C = out_shape.back(), of rank <= out_shape's.
// Returns C values (a single value repeated), or nothing when the operand is not of that form.
std::optional<std::vector<float>> ChannelValues(const Tensor& operand, const std::vector<int32_t>& out_shape);

// Reads a constant int32/int64 operand (paddings, permutations, shapes); false if `t` is not one.
bool ReadIntConstant(const Tensor& t, std::vector<int64_t>* values);

// The names of `t` for messages: "'conv1/out' [1,8,8,16]".
std::string TensorLabel(const Tensor& t);

// True for CONV_2D, DEPTHWISE_CONV_2D and FULLY_CONNECTED.
bool IsWeightedOp(OpType t);

// Input `slot` of op `op` as a tensor index, or -1 when absent.
inline int InputOf(const Op& op, size_t slot) { return slot < op.inputs.size() ? op.inputs[slot] : -1; }

}  // namespace eb
