// Runs Cortex-M4 firmware in-process (Debian's libunicorn, an M-profile build of QEMU's Arm core) and
// counts exactly the instructions executed between eb_bench_start() and eb_bench_stop(), with a cycle
// estimate from the Cortex-M4 timing table (cycle_model.h).
//
// Memory map: flash at 0x08000000, SRAM at 0x20000000 (sizes from the options) and the private
// peripheral bus at 0xE0000000 as plain memory (so the FPU enable and the DWT accesses of the firmware
// succeed; the DWT does not count here). Semihosting (BKPT 0xAB) is served in-process: SYS_OPEN/READ of
// "input.bin" read the given input bytes, SYS_WRITE0/WRITE/WRITEC print to the console transcript,
// SYS_EXIT ends the run.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "targets/cortex_m4/cycle_model.h"
#include "targets/cortex_m4/elf32.h"
#include "targets/cortex_m4/harness_output.h"

namespace eb {

struct EmulatorOptions {
  uint32_t flash_bytes = 1024 * 1024;
  uint32_t ram_bytes = 192 * 1024;
  double timeout_seconds = 600;
  // Also count with a hook on every instruction, to check the block-based count (slow; for tests).
  bool count_every_instruction = false;
};

struct FunctionProfile {
  std::string name;
  uint64_t instructions = 0, cycles = 0;
};

struct EmulationResult {
  std::string console;                    // everything the firmware printed
  HarnessReport harness;                  // outputs, stack high-water mark, DWT cycles
  uint64_t program_instructions = 0;      // reset to exit
  uint64_t instructions = 0;              // the timed window: eb_bench_start() entry to eb_bench_stop() entry
  uint64_t cycles = 0;                    // its cycle estimate
  uint64_t taken_branches = 0;            // in the window
  std::array<uint64_t, kNumCostClasses> class_instructions{}, class_cycles{};
  std::vector<FunctionProfile> functions; // the window's cost per function, most cycles first
  // With count_every_instruction: the instructions the per-instruction hook saw in the window, those it did
  // not see because they are conditional instructions of an IT block whose condition failed (the block
  // count includes them: they issue and take a cycle), and any other difference (0 when counting is exact).
  uint64_t instructions_counted_one_by_one = 0;
  uint64_t instructions_condition_failed = 0;
  uint64_t instructions_unexplained = 0;
};

// Emulates `elf` from its reset vector until SYS_EXIT. Fails on a fault, an unexpected exception, a
// timeout, an unsuccessful exit, or missing eb_bench_start/eb_bench_stop symbols.
Result<EmulationResult> EmulateCortexM4(const Elf32Image& elf, const std::vector<uint8_t>& input,
                                        const EmulatorOptions& options);

}  // namespace eb
