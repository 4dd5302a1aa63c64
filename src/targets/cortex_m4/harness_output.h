// The firmware harness's console protocol (firmware/cortex-m4/main.c), read back by the emulators:
//   EB_OUTPUT <hex>   output bytes (several lines concatenate)
//   EB_CYCLES <n>     DWT->CYCCNT cycles of the timed window (0 where the DWT does not count)
//   EB_STACK <n>      stack high-water mark in bytes
//   EB_ERROR <text>, EB_FAULT <text>   failures
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"

namespace eb {

struct HarnessReport {
  std::vector<uint8_t> outputs;
  int64_t dwt_cycles = -1;
  int64_t stack_bytes = -1;
  std::vector<std::string> errors;  // EB_ERROR and EB_FAULT lines, as printed
};

// Reads the protocol lines out of a console transcript (other lines are ignored).
Result<HarnessReport> ParseHarnessOutput(const std::string& console);

}  // namespace eb
