// What an op's MCU variant table offers while the runtime measures: one entry per row that could take the op,
// so the runtime can trade flash for cycles across layers (mcu_select.h) before it chooses.
#pragma once

#include <cstdint>

namespace eb {

struct McuCandidate {
  int row = 0;                 // index in the op's table
  const char* name = "";       // the row's kernel
  bool int8_filter = true;     // keeps the int8 filter (what --optimize size allows)
  bool preferred = false;      // the row the table itself picks for this target
  int64_t flash_bytes = 0;     // the constants the call reads: packed arrays and the constant tensors it passes
  int64_t code_bytes = 0;      // the kernel's code (Cortex-M4, -O2), counted once per firmware
  double cycles = 0;           // estimate: the op's multiply-accumulates times the row's cycles per MAC
  int64_t macs = 0;            // the op's multiply-accumulates
};

}  // namespace eb
