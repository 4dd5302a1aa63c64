// Memory planner: tensor lifetimes in, offsets in one arena out.
//
// Every non-constant tensor lives from the op that writes it (graph inputs: from the start) to the last
// op that reads it (graph outputs: to the end). Tensors are placed largest first at the lowest offset
// that overlaps no already-placed tensor alive at the same time. Pure views (RESHAPE, SQUEEZE,
// EXPAND_DIMS) share their input's bytes, so they cost neither memory nor a copy. The same plan serves
// the host runtime and generated firmware, so the arena size is known before anything runs.
#pragma once

#include <cstdint>
#include <vector>

#include "ir/graph.h"

namespace eb {

constexpr int64_t kArenaAlignment = 16;

struct MemoryPlan {
  std::vector<int64_t> offset;   // per tensor: byte offset in the arena, -1 for constants/unused
  std::vector<int> alias_of;     // per tensor: the tensor whose bytes it shares (itself if none)
  int64_t arena_bytes = 0;
};

// Returns true for ops whose output is a reinterpretation of the input's bytes.
bool IsViewOp(OpType t);

MemoryPlan PlanMemory(const Graph& graph);

}  // namespace eb
