// Trading flash for cycles across layers on an MCU target (McuOptions): the firmware's flash estimated at prepare,
// and the layers whose fast layouts give way to their int8-filter variant when it does not fit.
//
// Flash = the constants the calls read (weights in their layouts, tables, params: what the C emitter prints as
// const arrays) + code: a base for the harness, startup and C library, the code of each distinct kernel, and of
// each group of helpers some kernels share (the 16-bit SMLAD loop of the pointwise and gathered convolutions).
// The code sizes are those of arm-none-eabi-gcc -O2 -mcpu=cortex-m4: each kernel with the helpers only it calls
// (nm and the call graph of built firmware). The estimate is within 2 KB of the built image on the MLPerf Tiny
// models; the firmware build still checks the real image against the flash size.
//
// Speed (the default): every layer starts with its fastest row (the table's first that applies). While the
// estimate exceeds the budget, layers switch to their first int8-filter row, in order of the most bytes saved per
// estimated cycle lost; cycles per layer are its multiply-accumulates times the row's cycles per MAC, a model
// calibrated on the emulator (each table row states its figure). Size: int8-filter rows everywhere. Either way a
// firmware that cannot fit is an error that names the sizes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/status.h"
#include "ir/graph.h"
#include "runtime/kernel_call.h"
#include "runtime/kernel_target.h"
#include "runtime/mcu_candidate.h"

namespace eb {

// The harness, startup code, C library routines and the calls' glue that every firmware has.
constexpr int64_t kMcuBaseCodeBytes = 3000;
// The code of a kernel outside the variant tables (pooling, ADD, SOFTMAX, ...), each counted once.
constexpr int64_t kMcuOtherKernelCodeBytes = 800;

struct McuFlashEstimate {
  int64_t constant_bytes = 0;
  int64_t code_bytes = 0;
  int64_t total() const { return constant_bytes + code_bytes; }
};

// Bytes of constant data the calls read (flash on an MCU): the constant tensors passed (each once), prepare-time
// arrays, params structs and their pointees. The C emitter's CountConstantBytes.
int64_t CallConstantBytes(const Graph& graph, const std::vector<KernelCall>& calls);

// The firmware's flash for `calls`; `candidates` (per op, from the measuring pass) give the table kernels' code.
McuFlashEstimate EstimateMcuFlash(const Graph& graph, const std::vector<KernelCall>& calls,
                                  const std::vector<std::vector<McuCandidate>>& candidates);

// The candidate each op took: the one of row choice[op], or the preferred one (choice -1); null for ops without
// a table.
const McuCandidate* TakenCandidate(const std::vector<McuCandidate>& candidates, int choice);

// Speed mode: starting from `choice` (per op, -1: preferred), switches layers to their first int8-filter
// candidate, most bytes saved per estimated cycle lost first, until the switched layers' savings reach
// excess_bytes. Returns the new choices; `switched` (when given) receives the ops switched, in order.
std::vector<int> SwitchToInt8Filters(const std::vector<std::vector<McuCandidate>>& candidates,
                                     const std::vector<int>& choice, int64_t excess_bytes,
                                     std::vector<size_t>* switched = nullptr);

// "speed: 16-bit or Winograd layouts in 18 of 28 layers; flash estimate 474,400 bytes (constants 454,012 + code
// 20,388) of 1,048,576": what an MCU target chose, for the CLI.
std::string McuLayoutSummary(const McuOptions& options, const std::vector<std::vector<McuCandidate>>& candidates,
                             const std::vector<int>& choice, const McuFlashEstimate& flash);

// The error for a firmware whose estimate exceeds the budget with the layers it may change already int8.
// has_layouts: some layer had a choice of layouts (otherwise the message names none).
Status McuFlashError(const std::string& model, const McuFlashEstimate& e, int64_t budget_bytes, bool size_mode,
                     bool has_layouts = true);

}  // namespace eb
