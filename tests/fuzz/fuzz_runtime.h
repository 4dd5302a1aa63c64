// What every harness does with a graph an importer accepted: prepare it as generated C would (the portable
// kernels) and as the host engine would (x86 variants at this CPU's level), and run each once when its
// planned arena is small enough that a run stays quick.
#pragma once

#include <cstdint>
#include <cstring>

#include "ir/graph.h"
#include "runtime/runtime.h"

namespace eb::fuzz {

// Larger plans are valid but only slow the fuzzer down (Create touches every arena page).
constexpr int64_t kMaxCreateBytes = int64_t{64} << 20;
constexpr int64_t kMaxInvokeArenaBytes = int64_t{4} << 20;

// An upper bound of the arena: every non-constant tensor at once (no reuse, no scratch).
inline int64_t ActivationBytes(const Graph& g) {
  int64_t sum = 0;
  for (const Tensor& t : g.tensors) {
    if (!t.is_constant) sum += t.num_bytes();
    if (sum > kMaxCreateBytes) break;
  }
  return sum;
}

// Inputs get a fixed pattern like `run --random`: floats in [-1, 1), other types any byte.
inline void FillInputs(Runtime& rt) {
  uint32_t x = 2463534242u;
  for (size_t i = 0; i < rt.graph().inputs.size(); ++i) {
    const Tensor& t = rt.input_tensor(i);
    uint8_t* p = rt.input(i);
    const int64_t n = t.num_elements();
    for (int64_t k = 0; k < (t.dtype == DType::kF32 ? n : t.num_bytes()); ++k) {
      x ^= x << 13;
      x ^= x >> 17;
      x ^= x << 5;
      if (t.dtype == DType::kF32) {
        const float v = static_cast<float>(x >> 8) / 8388608.0f - 1.0f;
        std::memcpy(p + 4 * k, &v, 4);
      } else {
        p[k] = static_cast<uint8_t>(x >> 24);
      }
    }
  }
}

inline void CreateAndInvoke(const Graph& graph) {
  if (ActivationBytes(graph) > kMaxCreateBytes) return;
  for (const KernelTarget& target : {KernelTarget::C(), KernelTarget::Host()}) {
    auto rt = Runtime::Create(graph, RuntimeOptions{.target = target});
    if (!rt.ok() || (*rt)->plan().arena_bytes > kMaxInvokeArenaBytes) continue;
    FillInputs(**rt);
    (*rt)->Invoke();
  }
}

}  // namespace eb::fuzz
