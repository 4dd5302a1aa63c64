#include "bench/onnxruntime_peer.h"

#include <cstdlib>
#include <filesystem>

#include "bench/peer_process.h"
#include "core/strings.h"

namespace eb {

Result<PeerTiming> RunOnnxRuntimePeer(const std::string& peer_dir, const PeerRequest& r) {
  namespace fs = std::filesystem;
  if (!fs::exists(fs::path(peer_dir) / "node_modules" / "onnxruntime-node")) {
    return Status::Error("onnxruntime-node is not installed in " + peer_dir + " (scripts/setup.sh installs it)");
  }
  if (std::system("command -v node >/dev/null 2>&1") != 0) return Status::Error("node is not on PATH");
  std::string cmd = Format(
      "node %s --model %s --input %s --batch %d --samples %d --warmup %d --threads %d --overhead %d --max-seconds %g",
      ShellQuote((fs::path(peer_dir) / "runner.mjs").string()).c_str(), ShellQuote(r.model).c_str(),
      ShellQuote(r.inputs).c_str(), r.batch, r.samples, r.warmup, r.threads, r.overhead ? 1 : 0, r.max_seconds);
  if (!r.all_outputs.empty()) cmd += " --all-outputs " + ShellQuote(r.all_outputs);
  return RunPeerCommand(cmd, "the ONNX Runtime runner");
}

}  // namespace eb
