#include "bench/pytorch_peer.h"

#include <cstdlib>
#include <filesystem>

#include "bench/peer_process.h"
#include "core/strings.h"

namespace eb {

Result<PeerTiming> RunPyTorchPeer(const std::string& peer_dir, const PeerRequest& r) {
  namespace fs = std::filesystem;
  const std::string runner = (fs::path(peer_dir) / "runner.py").string();
  if (!fs::exists(runner)) return Status::Error(runner + " is missing");
  const std::string probe = Format("%s -c 'import torch, onnx' >/dev/null 2>&1", kPyTorchPython);
  if (std::system(probe.c_str()) != 0) {
    return Status::Error(Format("%s cannot import torch and onnx (scripts/setup.sh installs python3-torch "
                         "and python3-onnx)", kPyTorchPython));
  }
  std::string cmd = Format(
      "%s %s --model %s --input %s --batch %d --samples %d --warmup %d --threads %d --overhead %d --max-seconds %g",
      kPyTorchPython, ShellQuote(runner).c_str(), ShellQuote(r.model).c_str(), ShellQuote(r.inputs).c_str(),
      r.batch, r.samples, r.warmup, r.threads, r.overhead ? 1 : 0, r.max_seconds);
  if (!r.all_outputs.empty()) cmd += " --all-outputs " + ShellQuote(r.all_outputs);
  return RunPeerCommand(cmd, "the PyTorch runner");
}

}  // namespace eb
