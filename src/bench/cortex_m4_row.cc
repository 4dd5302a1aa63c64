#include "bench/cortex_m4_row.h"

#include "codegen/c_emitter.h"
#include "core/strings.h"
#include "targets/cortex_m4/firmware_build.h"

namespace eb {

std::string CortexM4HardwareName(double clock_mhz) { return Format("cortex-m4 @%g MHz (emulated)", clock_mhz); }

Status MeasureCortexM4Row(Runtime& rt, const std::vector<uint8_t>& input, const FirmwareRunOptions& options,
                          BenchRow& row) {
  row.hardware = CortexM4HardwareName(options.clock_mhz);
  row.engine = Format("edgebench C (arm-none-eabi-gcc %s%s)", options.config.opt.c_str(),
                      options.config.dsp ? ", DSP kernels" : ", reference kernels");
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
  row.note = run->matches_host()
                 ? Format("emulator estimate (zero-wait-state memory): %s cycles, %s instructions; outputs "
                          "identical to the host engine",
                          WithThousands(*row.cycles).c_str(), WithThousands(*row.instructions).c_str())
                 : "FIRMWARE OUTPUTS DIFFER FROM THE HOST ENGINE";
  return Status::Ok();
}

}  // namespace eb
