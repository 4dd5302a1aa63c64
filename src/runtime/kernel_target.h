// What a runtime is prepared for: the machine whose kernels it picks, and on the host the x86-64 ISA level.
//
// Each op chooses its kernel variant once, at prepare time, for this target. `host` may take the x86-64
// SIMD variants (src/kernels/x86) up to `isa`; `cortex-m4` and `c` take only kernels an MCU compiles (the
// portable C and Cortex-M variants), which is what codegen and firmware prepare for, so an x86 kernel can
// never reach generated C. MCU targets also say how to trade flash for cycles (McuOptions).
#pragma once

#include <cstdint>
#include <string>

#include "core/status.h"

namespace eb {

enum class TargetKind { kHost, kCortexM4, kC };

// x86-64 levels, each including the ones before it. kRef: no SIMD variant (the portable kernels).
enum class Isa { kRef, kAvx2, kAvx512, kAvx512Vnni };

// What an MCU target's variant tables (mcu_variant_table.h) favour. kSpeed: the fastest layouts that keep the
// firmware within flash_bytes (mcu_select.h); kSize: int8 filters everywhere (no 16-bit or Winograd layouts).
enum class McuOptimize { kSpeed, kSize };

struct McuOptions {
  // cortex-m4: the variants that need the DSP instructions (false: the portable ones, for -DEB_NO_DSP builds).
  bool dsp = true;
  McuOptimize optimize = McuOptimize::kSpeed;
  // The firmware's flash (code and constants) that the chosen layouts must fit, estimated at prepare; 0: none.
  int64_t flash_bytes = 0;
};

struct KernelTarget {
  TargetKind kind = TargetKind::kHost;
  Isa isa = Isa::kRef;
  McuOptions mcu;  // cortex-m4 and c

  // This CPU at its best level, or at the level EB_ISA names (ref|avx2|avx512|avx512vnni) when set and valid.
  // An EB_ISA above what the CPU has is an error that Host(forced) reports; Host() then falls back to the
  // CPU's level.
  static KernelTarget Host();
  // This CPU at a forced level; an error if the CPU lacks it.
  static Result<KernelTarget> Host(Isa forced);
  static KernelTarget CortexM4(McuOptions mcu = {}) { return {TargetKind::kCortexM4, Isa::kRef, mcu}; }
  static KernelTarget C(McuOptions mcu = {}) { return {TargetKind::kC, Isa::kRef, mcu}; }

  bool simd(Isa level) const { return kind == TargetKind::kHost && isa >= level && level != Isa::kRef; }
  bool mcu_target() const { return kind == TargetKind::kCortexM4 || kind == TargetKind::kC; }
  // May take the MCU variants that need the Cortex-M DSP instructions.
  bool mcu_dsp() const { return kind == TargetKind::kCortexM4 && mcu.dsp; }
  // "host (avx512vnni)", "cortex-m4", "cortex-m4 (size, flash 512 KB, no DSP)", "c"
  std::string Describe() const;
};

// The best level this CPU and OS support (CPUID, XCR0).
Isa DetectIsa();
const char* IsaName(Isa isa);
Result<Isa> ParseIsa(const std::string& name);
// "speed", "size"
const char* McuOptimizeName(McuOptimize o);
Result<McuOptimize> ParseMcuOptimize(const std::string& name);

// "host", "cortex-m4", "c" -> a target (host at `isa`, or at Host()'s level when isa is empty).
Result<KernelTarget> ParseKernelTarget(const std::string& kind, const std::string& isa = "");

}  // namespace eb
