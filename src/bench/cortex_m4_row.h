// A benchmark row on the Cortex-M4 target: the model as firmware (generated C, arm-none-eabi-gcc, the
// STM32F4 memory map) run once in the emulator. Instruction counts are exact and the same on every run,
// so one run is the measurement: its cycle estimate at the clock is the latency (median = min = max).
// Rows say they are emulator estimates (zero-wait-state memory). A model that does not fit gets a row
// whose note gives its sizes against the limits, not an error.
#pragma once

#include <cstdint>
#include <vector>

#include "bench/result.h"
#include "core/status.h"
#include "runtime/runtime.h"
#include "targets/cortex_m4/firmware_run.h"

namespace eb {

// "cortex-m4 @168 MHz (emulated)"
std::string CortexM4HardwareName(double clock_mhz);

// The target a Cortex-M4 row's runtime is prepared for: the build's DSP kernels and flash size, and how to trade
// flash for cycles (kSpeed: the fastest layouts that fit the flash; kSize: int8 filters everywhere).
KernelTarget CortexM4RowTarget(const FirmwareRunOptions& options, McuOptimize optimize);

// Whether two runtimes prepared for the Cortex-M4 call the same kernels with the same constants (one row then
// stands for both optimisation goals).
bool SameMcuCalls(const Runtime& a, const Runtime& b);

// Runs `input` (batch 1, every input's bytes) on the firmware built from `rt`'s graph and fills the
// row's hardware, engine (which names --optimize size when rt was prepared for it), batch-1 latency, cycles,
// instructions, flash, RAM and arena. Fails only when
// the tools themselves fail (no cross compiler, emulator error); a model too large for the target, or
// firmware whose outputs differ from the host engine's, is reported in the row's note.
Status MeasureCortexM4Row(Runtime& rt, const std::vector<uint8_t>& input, const FirmwareRunOptions& options,
                          BenchRow& row);

}  // namespace eb
