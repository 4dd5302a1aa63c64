// Seed-style tables (Hardware | Engine | Data type | Memory | Median µs batch 1 | per-sample µs batch 32 |
// accuracy | Δ accuracy) as Markdown, for stdout and results.md, and the same rows as CSV.
#pragma once

#include <string>

#include "bench/result.h"

namespace eb {

// One Markdown table per model, preceded by the run's conditions.
std::string MarkdownReport(const BenchRun& run);

// One line per row with every measured field (header included).
std::string CsvReport(const BenchRun& run);

// "12.3 KB", "1.45 MB"
std::string HumanBytes(int64_t bytes);

}  // namespace eb
