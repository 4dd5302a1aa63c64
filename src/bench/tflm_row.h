// A benchmark row for the TensorFlow Lite Micro + CMSIS-NN peer on the Cortex-M4 target: the .tflite file
// as TFLM firmware (targets/cortex_m4/tflm_firmware.h) run once in the same emulator and cycle model as
// edgebench's firmware, so its cycles, flash and RAM compare with edgebench's rows directly. As there,
// one run is the measurement (instruction counts are exact): median = min = max = cycles / clock.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "bench/result.h"
#include "core/status.h"
#include "targets/cortex_m4/tflm_firmware.h"

namespace eb {

// The row's engine name.
inline constexpr const char* kTflmEngine = "TFLite Micro + CMSIS-NN";

// Runs `input` (batch 1, every input's bytes) through TFLM firmware built around `tflite` with the library
// in `tflm_dir` (scripts/build_tflm.sh's build/peers/tflm) and fills the row's hardware, engine, batch-1
// latency, cycles, instructions, flash, RAM, arena and model bytes. The note compares the outputs with
// `edgebench_outputs` (how many bytes differ). A peer that is not built, a model that does not fit or that
// TFLM refuses gives a row whose note starts "skipped: " and says why; only failing tools are errors.
// row.model, when set, names the model in messages.
// float32_outputs: the outputs are float32 values, compared as numbers (the largest difference).
Status MeasureTflmRow(const std::vector<uint8_t>& tflite, const std::vector<uint8_t>& input,
                      const std::vector<uint8_t>& edgebench_outputs, const std::string& tflm_dir, BenchRow& row,
                      bool float32_outputs = false);

// The same with every option (memory map, clock, work folder); `options.tflm_dir` names the library.
Status MeasureTflmRow(const std::vector<uint8_t>& tflite, const std::vector<uint8_t>& input,
                      const std::vector<uint8_t>& edgebench_outputs, const TflmFirmwareOptions& options,
                      BenchRow& row, bool float32_outputs = false);

// The note's comparison of TFLM's output bytes with edgebench's: "outputs identical to edgebench's",
// "N of M output bytes differ from edgebench's", or the two sizes when they differ. Float32 outputs:
// "float outputs within 2.4e-07 of edgebench's (3 of 10 values differ)".
std::string CompareWithEdgebench(const std::vector<uint8_t>& tflm_outputs, const std::vector<uint8_t>& edgebench_outputs,
                                 bool float32 = false);

}  // namespace eb
