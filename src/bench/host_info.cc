#include "bench/host_info.h"

#include <ctime>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

namespace eb {

HostInfo ReadHostInfo() {
  HostInfo h;
  h.logical_cpus = static_cast<int>(std::thread::hardware_concurrency());
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  std::set<std::string> present;
  while (std::getline(in, line)) {
    const auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    const std::string key = line.substr(0, line.find_last_not_of(" \t", colon - 1) + 1);
    const std::string value = colon + 2 <= line.size() ? line.substr(colon + 2) : "";
    if (key == "model name" && h.cpu.empty()) h.cpu = value;
    if (key == "flags" && present.empty()) {
      std::istringstream words(value);
      for (std::string w; words >> w;) present.insert(w);
    }
  }
  for (const char* f : {"sse4_2", "avx", "avx2", "fma", "avx512f", "avx512bw", "avx512_vnni", "avx_vnni"}) {
    if (present.count(f)) h.flags.push_back(f);
  }
  if (h.cpu.empty()) h.cpu = "unknown CPU";
  return h;
}

std::string UtcNow() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace eb
