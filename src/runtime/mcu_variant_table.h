// Tables of MCU kernel variants (src/kernels/ref, arm) and the one place that picks a row, packs its constants and
// emits its call: the MCU counterpart of x86_variant_table.h.
//
// An op's prepare lists its variants for one dtype, best first, ending with the reference (which always applies).
// A row may need the Cortex-M DSP instructions (only a cortex-m4 target with them takes it; the host and `c` take
// the portable rows), may keep the int8 filter or lay it out anew in 16 bits (what --optimize size leaves out), and
// says what it costs: flash for the constants it packs, code, scratch and cycles per multiply-accumulate.
// EmitMcuVariant takes the first row the target allows whose applies() accepts the layer, unless the runtime chose
// another one to fit a flash budget (mcu_select.h); it asks the planner for the row's scratch, packs once and adds
// the call, which the C emitter prints as is: generated firmware runs exactly the variant prepared here.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "runtime/op_context.h"
#include "runtime/ops/op_util.h"

namespace eb {

// What a row packs from: the op's constant weights and its per-channel requantisation.
struct McuWeights {
  const Tensor* filter = nullptr;  // int8
  const Tensor* bias = nullptr;    // int32; null without a bias
  const ChannelRequant* rq = nullptr;
  bool constant = false;           // filter and bias are constants with all their bytes (HasConstantWeights)
  const int32_t* bias_data() const { return bias ? bias->as<int32_t>() : nullptr; }
  int64_t bias_bytes() const { return bias ? static_cast<int64_t>(bias->data.size()) : 0; }
};

template <class P>
struct McuVariant {
  const char* name;       // the kernel's C name, e.g. "eb_conv2d_s8_pw16"
  bool needs_dsp;         // only for a cortex-m4 target with the DSP instructions
  bool int8_filter;       // keeps the int8 filter bytes (a reordering at most); false: 16-bit or Winograd layouts
  double cycles_per_mac;  // the cost model: emulated Cortex-M4 cycles per multiply-accumulate (mcu_select.h)
  int32_t code_bytes;     // the kernel's code and its own helpers in firmware (arm-none-eabi-gcc -O2, nm)
  bool (*applies)(const P&, const McuWeights&);
  // The call's constant arguments in the kernel's order (arrays made here, or the constant tensors as they are).
  std::vector<CallArg> (*pack)(const OpContext&, const P&, const McuWeights&);
  int64_t (*scratch_bytes)(const P&);
  // Bytes of what pack() returns that the firmware keeps in flash (arrays and constant tensors), computed
  // without packing.
  int64_t (*flash_bytes)(const P&, const McuWeights&);
  // Adds the call: the op's tensors around the packed constants and the scratch argument.
  void (*run)(OpContext&, const P&, const std::vector<CallArg>&, const CallArg& scratch);
};

// Whether the target may take row v at all.
template <class P>
bool McuRowAllowed(const KernelTarget& t, const McuVariant<P>& v) {
  return !v.needs_dsp || t.mcu_dsp();
}

// The row EmitMcuVariant takes for this layer on this target: `forced` when the runtime chose one (and the target
// allows it and it applies), else the first row the target allows that applies, with int8 filters only when
// optimising for size.
template <class P>
int PickMcuRow(const KernelTarget& t, std::span<const McuVariant<P>> table, const P& p, const McuWeights& w,
               int forced = -1) {
  if (forced >= 0 && static_cast<size_t>(forced) < table.size() && McuRowAllowed(t, table[forced]) &&
      table[forced].applies(p, w)) {
    return forced;
  }
  const bool size = t.mcu_target() && t.mcu.optimize == McuOptimize::kSize;
  for (size_t i = 0; i < table.size(); ++i) {
    if (McuRowAllowed(t, table[i]) && (!size || table[i].int8_filter) && table[i].applies(p, w)) {
      return static_cast<int>(i);
    }
  }
  return static_cast<int>(table.size()) - 1;  // the reference, which applies to every layer
}

// Picks a row for the layer (macs: its multiply-accumulates, for the cost model), lists every row the target
// allows that applies while measuring, and emits the chosen row's call.
template <class P>
void EmitMcuVariant(OpContext& ctx, std::span<const McuVariant<P>> table, const P& p, const McuWeights& w,
                    int64_t macs) {
  PrepareEnv& env = ctx.env();
  const int row = PickMcuRow(ctx.target(), table, p, w, env.mcu_choice);
  if (ctx.measuring() && env.mcu_candidates) {
    const int preferred = PickMcuRow(ctx.target(), table, p, w);
    for (size_t i = 0; i < table.size(); ++i) {
      const McuVariant<P>& v = table[i];
      if (!McuRowAllowed(ctx.target(), v) || !v.applies(p, w)) continue;
      env.mcu_candidates->push_back({static_cast<int>(i), v.name, v.int8_filter, static_cast<int>(i) == preferred,
                                     v.flash_bytes(p, w), v.code_bytes,
                                     static_cast<double>(macs) * v.cycles_per_mac, macs});
    }
  }
  const McuVariant<P>& v = table[static_cast<size_t>(row)];
  const CallArg scratch = ctx.CallScratch(v.scratch_bytes(p));
  if (ctx.measuring()) return;
  v.run(ctx, p, v.pack(ctx, p, w), scratch);
}

// Flash of a row's constant tensors as the firmware holds them (the filter, the bias).
inline int64_t TensorBytes(const Tensor* t) { return t ? static_cast<int64_t>(t->data.size()) : 0; }

}  // namespace eb
