// What machine a benchmark ran on: CPU model and the SIMD flags that matter for inference.
#pragma once

#include <string>
#include <vector>

namespace eb {

struct HostInfo {
  std::string cpu;                  // "Intel(R) Xeon(R) ..." from /proc/cpuinfo
  std::vector<std::string> flags;   // the subset of sse4_2 avx avx2 fma avx512f avx512bw avx512_vnni avx_vnni present
  int logical_cpus = 0;
};

HostInfo ReadHostInfo();

// Current UTC time as ISO 8601 ("2026-11-24T12:00:00Z").
std::string UtcNow();

}  // namespace eb
