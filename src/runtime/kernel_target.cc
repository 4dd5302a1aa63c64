#include "runtime/kernel_target.h"

#include <cstdlib>

#ifdef EB_HAVE_X86_KERNELS
#include "cpu_x86.h"
#endif

namespace eb {

Isa DetectIsa() {
#ifdef EB_HAVE_X86_KERNELS
  if (eb_cpu_has_avx512vnni()) return Isa::kAvx512Vnni;
  if (eb_cpu_has_avx512()) return Isa::kAvx512;
  if (eb_cpu_has_avx2()) return Isa::kAvx2;
#endif
  return Isa::kRef;
}

const char* IsaName(Isa isa) {
  switch (isa) {
    case Isa::kRef: return "ref";
    case Isa::kAvx2: return "avx2";
    case Isa::kAvx512: return "avx512";
    case Isa::kAvx512Vnni: return "avx512vnni";
  }
  return "?";
}

Result<Isa> ParseIsa(const std::string& name) {
  for (Isa i : {Isa::kRef, Isa::kAvx2, Isa::kAvx512, Isa::kAvx512Vnni}) {
    if (name == IsaName(i)) return i;
  }
  return Status::Error("unknown ISA level '" + name + "' (expected ref, avx2, avx512 or avx512vnni)");
}

Result<KernelTarget> KernelTarget::Host(Isa forced) {
  const Isa have = DetectIsa();
  if (forced > have) {
    return Status::Error(std::string("this CPU cannot run ISA level ") + IsaName(forced) + " (it has " +
                         IsaName(have) + ")");
  }
  return KernelTarget{TargetKind::kHost, forced, {}};
}

KernelTarget KernelTarget::Host() {
  if (const char* env = std::getenv("EB_ISA"); env && *env) {
    const Result<Isa> isa = ParseIsa(env);
    if (isa.ok()) {
      const Result<KernelTarget> t = Host(isa.value());
      if (t.ok()) return t.value();
    }
  }
  return KernelTarget{TargetKind::kHost, DetectIsa(), {}};
}

std::string KernelTarget::Describe() const {
  if (kind == TargetKind::kHost) return std::string("host (") + IsaName(isa) + ")";
  std::string s = kind == TargetKind::kCortexM4 ? "cortex-m4" : "c";
  std::string notes;
  auto note = [&](const std::string& n) { notes += (notes.empty() ? "" : ", ") + n; };
  if (mcu.optimize == McuOptimize::kSize) note("size");
  if (mcu.flash_bytes > 0) note("flash " + std::to_string((mcu.flash_bytes + 1023) / 1024) + " KB");
  if (kind == TargetKind::kCortexM4 && !mcu.dsp) note("no DSP");
  return notes.empty() ? s : s + " (" + notes + ")";
}

const char* McuOptimizeName(McuOptimize o) { return o == McuOptimize::kSize ? "size" : "speed"; }

Result<McuOptimize> ParseMcuOptimize(const std::string& name) {
  if (name == "speed") return McuOptimize::kSpeed;
  if (name == "size") return McuOptimize::kSize;
  return Status::Error("unknown optimisation goal '" + name + "' (expected speed or size)");
}

Result<KernelTarget> ParseKernelTarget(const std::string& kind, const std::string& isa) {
  if (kind == "cortex-m4") return KernelTarget::CortexM4();
  if (kind == "c") return KernelTarget::C();
  if (kind != "host") return Status::Error("unknown kernel target '" + kind + "' (expected host, cortex-m4 or c)");
  if (isa.empty()) return KernelTarget::Host();
  const Result<Isa> level = ParseIsa(isa);
  if (!level.ok()) return level.status();
  return KernelTarget::Host(level.value());
}

}  // namespace eb
