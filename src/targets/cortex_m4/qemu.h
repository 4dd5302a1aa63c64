// The cross-check: the same firmware ELF under qemu-system-arm's netduinoplus2 machine (an STM32F405:
// 1 MB flash, 128 KB SRAM at 0x20000000). Inputs and outputs go through the harness's semihosting.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "targets/cortex_m4/harness_output.h"

namespace eb {

// True when qemu-system-arm is installed.
bool HaveQemuArm();

// Runs `elf_path` with `input` as input.bin (in a scratch folder) and returns what the harness printed.
Result<HarnessReport> RunInQemu(const std::string& elf_path, const std::vector<uint8_t>& input,
                                double timeout_seconds = 120);

}  // namespace eb
