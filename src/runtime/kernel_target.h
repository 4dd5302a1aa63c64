// What a runtime is prepared for: the machine whose kernels it picks, and on the host the x86-64 ISA level.
//
// Each op chooses its kernel variant once, at prepare time, for this target. `host` may take the x86-64
// SIMD variants (src/kernels/x86) up to `isa`; `cortex-m4` and `c` take only kernels an MCU compiles (the
// portable C and Cortex-M variants), which is what codegen and firmware prepare for, so an x86 kernel can
// never reach generated C.
#pragma once

#include <string>

#include "core/status.h"

namespace eb {

enum class TargetKind { kHost, kCortexM4, kC };

// x86-64 levels, each including the ones before it. kRef: no SIMD variant (the portable kernels).
enum class Isa { kRef, kAvx2, kAvx512, kAvx512Vnni };

struct KernelTarget {
  TargetKind kind = TargetKind::kHost;
  Isa isa = Isa::kRef;

  // This CPU at its best level, or at the level EB_ISA names (ref|avx2|avx512|avx512vnni) when set and valid.
  // An EB_ISA above what the CPU has is an error that Host(forced) reports; Host() then falls back to the
  // CPU's level.
  static KernelTarget Host();
  // This CPU at a forced level; an error if the CPU lacks it.
  static Result<KernelTarget> Host(Isa forced);
  static KernelTarget CortexM4() { return {TargetKind::kCortexM4, Isa::kRef}; }
  static KernelTarget C() { return {TargetKind::kC, Isa::kRef}; }

  bool simd(Isa level) const { return kind == TargetKind::kHost && isa >= level && level != Isa::kRef; }
  // "host (avx512vnni)", "cortex-m4", "c"
  std::string Describe() const;
};

// The best level this CPU and OS support (CPUID, XCR0).
Isa DetectIsa();
const char* IsaName(Isa isa);
Result<Isa> ParseIsa(const std::string& name);
// "host", "cortex-m4", "c" -> a target (host at `isa`, or at Host()'s level when isa is empty).
Result<KernelTarget> ParseKernelTarget(const std::string& kind, const std::string& isa = "");

}  // namespace eb
