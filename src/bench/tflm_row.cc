#include "bench/tflm_row.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "bench/cortex_m4_row.h"
#include "core/strings.h"

namespace eb {

std::string CompareWithEdgebench(const std::vector<uint8_t>& out, const std::vector<uint8_t>& edgebench,
                                 bool float32) {
  if (edgebench.empty()) return "no edgebench outputs to compare with";
  if (out.size() != edgebench.size()) {
    return Format("OUTPUTS DIFFER FROM EDGEBENCH'S: %zu bytes against edgebench's %zu", out.size(), edgebench.size());
  }
  if (float32 && out.size() % sizeof(float) == 0 && out != edgebench) {
    // Different kernels round float sums differently; the bytes say nothing, the largest difference does.
    size_t differ = 0;
    double worst = 0;
    for (size_t i = 0; i < out.size(); i += sizeof(float)) {
      float a, b;
      std::memcpy(&a, out.data() + i, sizeof(float));
      std::memcpy(&b, edgebench.data() + i, sizeof(float));
      differ += a != b;
      worst = std::max(worst, std::fabs(static_cast<double>(a) - static_cast<double>(b)));
    }
    return Format("float outputs within %.2g of edgebench's (%zu of %zu values differ)", worst, differ,
                  out.size() / sizeof(float));
  }
  size_t differ = 0;
  for (size_t i = 0; i < out.size(); ++i) differ += out[i] != edgebench[i];
  return differ == 0 ? std::string("outputs identical to edgebench's")
                     : Format("%zu of %zu output bytes differ from edgebench's", differ, out.size());
}

Status MeasureTflmRow(const std::vector<uint8_t>& tflite, const std::vector<uint8_t>& input,
                      const std::vector<uint8_t>& edgebench_outputs, const std::string& tflm_dir, BenchRow& row,
                      bool float32_outputs) {
  TflmFirmwareOptions o;
  o.tflm_dir = tflm_dir;
  return MeasureTflmRow(tflite, input, edgebench_outputs, o, row, float32_outputs);
}

Status MeasureTflmRow(const std::vector<uint8_t>& tflite, const std::vector<uint8_t>& input,
                      const std::vector<uint8_t>& edgebench_outputs, const TflmFirmwareOptions& options,
                      BenchRow& row, bool float32_outputs) {
  row.hardware = CortexM4HardwareName(options.clock_mhz);
  row.engine = kTflmEngine;
  row.threads = 1;
  row.model_bytes = static_cast<int64_t>(tflite.size());
  TflmFirmwareOptions o = options;
  if (!row.model.empty()) o.name = row.model;
  TflmFailure failure = TflmFailure::kNone;
  auto run = RunTflmOnCortexM4(tflite, input, o, &failure);
  if (!run.ok()) {
    if (failure == TflmFailure::kTool) return run.status();
    row.note = "skipped: " + run.status().message();
    return Status::Ok();
  }
  row.instructions = static_cast<int64_t>(run->emulation.instructions);
  row.cycles = static_cast<int64_t>(run->emulation.cycles);
  row.flash_bytes = static_cast<int64_t>(run->image.flash_bytes());
  row.ram_bytes = static_cast<int64_t>(run->image.ram_bytes());
  row.arena_bytes = run->arena_bytes;
  LatencyStats one;
  one.n = 1;
  one.median = one.p90 = one.p99 = one.min = one.max = one.mean = run->micros();
  row.batch1_us = one;
  row.note = Format("emulator estimate (zero-wait-state memory): %s cycles, %s instructions; arena %s bytes "
                    "(arena_used_bytes %s); ",
                    WithThousands(*row.cycles).c_str(), WithThousands(*row.instructions).c_str(),
                    WithThousands(run->arena_bytes).c_str(), WithThousands(run->arena_used_bytes).c_str());
  row.note += CompareWithEdgebench(run->outputs(), edgebench_outputs, float32_outputs);
  return Status::Ok();
}

}  // namespace eb
