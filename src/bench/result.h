// One measured row of a benchmark, the unit every report format is made of.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "bench/stats.h"

namespace eb {

// One step of an edgebench inference and its median time (a per-layer profile).
struct LayerTime {
  int op = 0;              // operator index in the model
  std::string op_name;     // "CONV_2D"
  std::string kernel;      // the kernel that ran it, e.g. "eb_conv2d_s8_gemm_avx512vnni"
  double us = 0;           // median µs over the profiled runs
};

struct BenchRow {
  std::string model;        // "Dense1"
  std::string variant;      // "float32", "float16", "int8", "pruned-50%"
  std::string engine;       // "edgebench", "onnxruntime-node 1.30.0"
  std::string hardware;     // "host x86-64 (AVX-512)" or "cortex-m4 @168 MHz (emulated)"
  std::string data_type;    // the model's input/compute type as users read it
  int threads = 1;
  // Latency per sample in µs at batch 1 and at batch 32 (batch time / 32); absent when not measured.
  std::optional<LatencyStats> batch1_us;
  std::optional<LatencyStats> batch32_us;
  int64_t model_bytes = 0;     // the model file as deployed
  int64_t weight_bytes = 0;    // constant tensors
  int64_t arena_bytes = 0;     // planned activation memory (0 when the engine does not say)
  // Firmware targets (0 / absent on the host): flash = text + data, RAM = data + bss (arena and stack
  // included); cycles and instructions of the timed window, from the emulator.
  int64_t flash_bytes = 0;
  int64_t ram_bytes = 0;
  std::optional<int64_t> cycles;
  std::optional<int64_t> instructions;
  std::optional<double> accuracy;        // top-1 in [0, 1] on `accuracy_samples` images
  int accuracy_samples = 0;
  std::optional<double> accuracy_delta;  // against the float32 original of the same model
  std::string note;            // why something is missing, or a caveat
  std::vector<LayerTime> profile;  // edgebench host rows with --profile: batch 1, one entry per step
};

struct BenchRun {
  std::string suite;
  std::string date;            // ISO 8601, UTC
  std::string machine;         // CPU model name
  std::vector<std::string> cpu_flags;  // the SIMD flags that matter here
  std::string edgebench_version;
  std::string edgebench_kernels;  // what edgebench's host rows were prepared for: "host (avx512vnni)"
  int samples = 0;             // timed samples per measurement (per round)
  int rounds = 1;              // rounds per cell; the fastest round's statistics are shown
  std::vector<BenchRow> rows;
};

}  // namespace eb
