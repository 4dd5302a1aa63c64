// The JSON result file of a benchmark run, and reading it back (for `edgebench compare`).
//
// Schema (version 1): {"schema": "edgebench-bench/1", "suite", "date", "machine", "cpu_flags": [...],
// "edgebench_version", "samples", "rounds", "rows": [{"model", "variant", "engine", "hardware", "data_type",
// "threads", "batch1_us": STATS|null, "batch32_us": STATS|null, "model_bytes", "weight_bytes",
// "arena_bytes", "accuracy": number|null, "accuracy_samples", "accuracy_delta": number|null, "note"}]}
// with STATS = {"n", "median", "p90", "p99", "min", "max", "mean", "stdev"[, "round_medians": [...]]} in
// microseconds per sample: the fastest round's statistics, and every round's median when there were
// several. Firmware rows add "firmware": {"flash_bytes", "ram_bytes", "cycles", "instructions"}. Files without
// "rounds" (older runs) read as one round.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "bench/result.h"
#include "core/status.h"

namespace eb {

nlohmann::json BenchRunToJson(const BenchRun& run);
Result<BenchRun> BenchRunFromJson(const nlohmann::json& j, const std::string& origin);

}  // namespace eb
