#include "bench/onnxruntime_peer.h"

#include <cstdio>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "core/strings.h"

namespace eb {
namespace {

std::string Quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

}  // namespace

Result<PeerTiming> RunOnnxRuntimePeer(const std::string& peer_dir, const PeerRequest& r) {
  namespace fs = std::filesystem;
  if (!fs::exists(fs::path(peer_dir) / "node_modules" / "onnxruntime-node")) {
    return Status::Error("onnxruntime-node is not installed in " + peer_dir + " (scripts/setup.sh installs it)");
  }
  if (std::system("command -v node >/dev/null 2>&1") != 0) return Status::Error("node is not on PATH");
  const std::string cmd = Format("node %s --model %s --input %s --batch %d --samples %d --warmup %d --threads %d 2>&1",
                                 Quote((fs::path(peer_dir) / "runner.mjs").string()).c_str(), Quote(r.model).c_str(),
                                 Quote(r.inputs).c_str(), r.batch, r.samples, r.warmup, r.threads);
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return Status::Error("cannot start node");
  std::string out;
  char buf[65536];
  for (size_t n; (n = fread(buf, 1, sizeof buf, p)) > 0;) out.append(buf, n);
  const int rc = pclose(p);
  if (rc != 0) {
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
    return Status::Error("the ONNX Runtime runner failed: " + out);
  }
  try {
    const auto j = nlohmann::json::parse(out.substr(out.find('{')));
    PeerTiming t;
    t.runtime = j.at("runtime").get<std::string>();
    t.samples_us = j.at("samples_us").get<std::vector<double>>();
    return t;
  } catch (const std::exception& e) {
    return Status::Error(std::string("the ONNX Runtime runner printed no result: ") + e.what());
  }
}

}  // namespace eb
