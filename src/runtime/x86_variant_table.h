// Tables of x86-64 kernel variants (src/kernels/x86, the contract in x86_variant.h) and the one place that
// picks a row, packs its weights and emits its call.
//
// An op's prepare lists its variants for one dtype, best first; PickX86Variant takes the first row whose
// ISA the target has and whose applies() accepts the params. EmitX86Call packs once (into a 64-byte aligned
// blob the step owns), asks the planner for the row's scratch (per thread) and adds a host step that splits
// the row's tasks over the runtime's thread pool. Rows are only compiled in on x86-64 builds.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <span>
#include <vector>

#include "runtime/op_context.h"

namespace eb {

// In: how run() takes its input, `const void *` or, for ops with several inputs, `const void *const *`.
template <class P, class In = const void*>
struct X86Variant {
  const char* name;  // the kernel's C name, e.g. "eb_conv2d_s8_gemm_avx512vnni"
  Isa isa;
  int (*applies)(const P*);
  size_t (*packed_bytes)(const P*);
  void (*pack)(const P*, const void* filter, const void* bias, const int32_t* mult, const int32_t* shift,
               void* packed);
  int32_t (*tasks)(const P*);
  size_t (*scratch_bytes)(const P*);
  void (*run)(const P*, In in, const void* packed, void* out, void* scratch, int32_t begin, int32_t end);
};

// A row for the variant whose functions are eb_<stem>_applies, ... eb_<stem>_run.
#define EB_X86_ROW(P, stem, level) EB_X86_ROW_IN(P, const void*, stem, level)
#define EB_X86_ROW_IN(P, In, stem, level)                                                                  \
  ::eb::X86Variant<P, In> {                                                                                \
    "eb_" #stem, ::eb::Isa::level, eb_##stem##_applies, eb_##stem##_packed_bytes, eb_##stem##_pack,         \
        eb_##stem##_tasks, eb_##stem##_scratch_bytes, eb_##stem##_run                                      \
  }

template <class P, class In, size_t N>
const X86Variant<P, In>* PickX86Variant(const OpContext& ctx, std::span<const X86Variant<P, In>, N> table, const P& p) {
  for (const X86Variant<P, In>& v : table) {
    if (ctx.target().simd(v.isa) && v.applies(&p)) return &v;
  }
  return nullptr;
}

// What a packed call reads: the weights it packs (null where the op has none) and its tensors.
struct X86Operands {
  const void* filter = nullptr;
  const void* bias = nullptr;
  const int32_t* mult = nullptr;
  const int32_t* shift = nullptr;
  const void* in = nullptr;         // the input tensor (ops with one input)
  std::vector<const void*> inputs = {};  // ops with several inputs: passed as `const void *const *`
  void* out = nullptr;
};

template <class P, class In>
void EmitX86Call(OpContext& ctx, const X86Variant<P, In>& v, const P& p, const X86Operands& ops) {
  const auto scratch_bytes = static_cast<int64_t>(v.scratch_bytes(&p));
  uint8_t* scratch = ctx.RequestScratch(scratch_bytes);
  if (ctx.measuring()) return;
  struct State {
    P p;
    const X86Variant<P, In>* v;
    std::vector<const void*> inputs;
    const void* in;
    void* out;
    uint8_t* scratch;
    int64_t stride;
    int32_t tasks;
    std::unique_ptr<uint8_t, decltype(&std::free)> packed{nullptr, &std::free};
  };
  auto st = std::make_shared<State>();
  st->p = p;
  st->v = &v;
  st->inputs = ops.inputs;
  st->in = st->inputs.empty() ? ops.in : static_cast<const void*>(st->inputs.data());
  st->out = ops.out;
  st->scratch = scratch;
  st->stride = ctx.ScratchStride(scratch_bytes);
  st->tasks = v.tasks(&p);
  if (const size_t bytes = v.packed_bytes(&p); bytes > 0) {
    const size_t rounded = (bytes + 63) / 64 * 64;
    st->packed.reset(static_cast<uint8_t*>(std::aligned_alloc(64, rounded)));
    v.pack(&p, ops.filter, ops.bias, ops.mult, ops.shift, st->packed.get());
  }
  ThreadPool* pool = ctx.pool();
  ctx.EmitHost(v.name, [st, pool] {
    const State& s = *st;
    if (pool && s.tasks > 1) {
      pool->Run(
          s.tasks,
          [](const void* c, int32_t b, int32_t e, int thread) {
            const State& t = *static_cast<const State*>(c);
            t.v->run(&t.p, static_cast<In>(t.in), t.packed.get(), t.out, t.scratch ? t.scratch + t.stride * thread : nullptr, b, e);
          },
          &s);
    } else {
      s.v->run(&s.p, static_cast<In>(s.in), s.packed.get(), s.out, s.scratch, 0, s.tasks);
    }
  });
}

// Picks and emits in one: true when a row took the op.
template <class P, class In, size_t N>
bool TryX86(OpContext& ctx, std::span<const X86Variant<P, In>, N> table, const P& p, const X86Operands& ops) {
  const X86Variant<P, In>* v = PickX86Variant(ctx, table, p);
  if (!v) return false;
  EmitX86Call(ctx, *v, p, ops);
  return true;
}

}  // namespace eb
