#include "bench/cortex_m4_row.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "codegen/c_emitter.h"
#include "core/strings.h"
#include "targets/cortex_m4/firmware_build.h"

namespace eb {

std::string CortexM4HardwareName(double clock_mhz) { return Format("cortex-m4 @%g MHz (emulated)", clock_mhz); }

KernelTarget CortexM4RowTarget(const FirmwareRunOptions& options, McuOptimize optimize) {
  return KernelTarget::CortexM4(
      {.dsp = options.config.dsp, .optimize = optimize, .flash_bytes = options.config.flash_bytes});
}

bool SameMcuCalls(const Runtime& a, const Runtime& b) {
  if (a.calls().size() != b.calls().size()) return false;
  for (size_t i = 0; i < a.calls().size(); ++i) {
    const KernelCall &x = a.calls()[i], &y = b.calls()[i];
    if (x.kernel != y.kernel || x.args.size() != y.args.size()) return false;
    for (size_t k = 0; k < x.args.size(); ++k) {
      if (x.args[k].kind != y.args[k].kind || x.args[k].tensor != y.args[k].tensor || x.args[k].bytes != y.args[k].bytes) {
        return false;
      }
    }
  }
  return true;
}

Status MeasureCortexM4Row(Runtime& rt, const std::vector<uint8_t>& input, const FirmwareRunOptions& options,
                          BenchRow& row) {
  row.hardware = CortexM4HardwareName(options.clock_mhz);
  const bool size = rt.options().target.mcu.optimize == McuOptimize::kSize;
  row.engine = Format("edgebench C (arm-none-eabi-gcc %s%s%s)", options.config.opt.c_str(),
                      options.config.dsp ? ", DSP kernels" : ", reference kernels", size ? ", --optimize size" : "");
  row.threads = 1;
  row.arena_bytes = rt.plan().arena_bytes;
  // Too large for the board is a finding about the model, not a failure of the run.
  const Status fits = CheckCortexM4Budget(rt.plan().arena_bytes, CountConstantBytes(rt.graph(), rt.calls()),
                                          options.config, rt.graph().name);
  if (!fits.ok()) {
    row.note = "does not fit: " + fits.message();
    return Status::Ok();
  }
  auto run = RunOnCortexM4(rt, input, options);
  if (!run.ok()) return run.status();
  row.instructions = static_cast<int64_t>(run->emulation.instructions);
  row.cycles = static_cast<int64_t>(run->emulation.cycles);
  row.flash_bytes = static_cast<int64_t>(run->image.flash_bytes());
  row.ram_bytes = static_cast<int64_t>(run->image.ram_bytes());
  LatencyStats one;
  one.n = 1;
  one.median = one.p90 = one.p99 = one.min = one.max = one.mean = run->micros();
  row.batch1_us = one;
  row.note = Format("emulator estimate (zero-wait-state memory): %s cycles, %s instructions; ",
                    WithThousands(*row.cycles).c_str(), WithThousands(*row.instructions).c_str());
  if (run->matches_host()) {
    row.note += "outputs identical to the host engine";
    return Status::Ok();
  }
  // Integer kernels must match exactly. Float ones may differ in the last bits where a kernel calls the C
  // library (newlib's expf in SOFTMAX is not glibc's), so float outputs state the largest difference.
  double max_diff = 0;
  bool all_float = true;
  size_t off = 0;
  for (size_t i = 0; i < rt.graph().outputs.size(); ++i) {
    const Tensor& t = rt.output_tensor(i);
    const size_t n = static_cast<size_t>(t.num_bytes());
    if (t.dtype != DType::kF32 || off + n > run->outputs().size()) {
      all_float = false;
      break;
    }
    for (size_t k = 0; k + 4 <= n; k += 4) {
      float a, b;
      std::memcpy(&a, run->outputs().data() + off + k, 4);
      std::memcpy(&b, run->host_outputs.data() + off + k, 4);
      max_diff = std::max(max_diff, static_cast<double>(std::fabs(a - b)));
    }
    off += n;
  }
  row.note += all_float ? Format("float outputs within %.2g of the host engine's (C library math differs)", max_diff)
                        : "FIRMWARE OUTPUTS DIFFER FROM THE HOST ENGINE";
  return Status::Ok();
}

}  // namespace eb
