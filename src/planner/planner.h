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
  // Per op: offset of its kernel's scratch buffer (all threads' parts, kScratchAlignment-aligned), -1 if none.
  std::vector<int64_t> scratch_offset;
  int64_t scratch_peak = 0;  // the largest scratch buffer of any op (included in arena_bytes)
};

// Scratch buffers start on a cache line, which covers every SIMD width the kernels use.
constexpr int64_t kScratchAlignment = 64;

// Returns true for ops whose output is a reinterpretation of the input's bytes.
bool IsViewOp(OpType t);

// `op_scratch`, when given, holds per op the scratch bytes its kernel needs while it runs (0: none); each is
// placed like a tensor alive during that op only, so scratch reuses the gaps between activations.
MemoryPlan PlanMemory(const Graph& graph, const std::vector<int64_t>& op_scratch = {});

}  // namespace eb
