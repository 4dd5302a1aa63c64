// PyTorch as a peer engine: peers/pytorch/runner.py interprets the .onnx model with torch.nn.functional,
// traces and freezes it to TorchScript and times it with the same protocol as edgebench and the ONNX
// Runtime peer. It runs under Debian's python3-torch and python3-onnx, so under /usr/bin/python3.
#pragma once

#include <string>

#include "bench/onnxruntime_peer.h"
#include "core/status.h"

namespace eb {

// The interpreter the runner needs (the one python3-torch is installed for).
inline constexpr const char* kPyTorchPython = "/usr/bin/python3";

// Fails with a message saying why when the peer cannot run (no torch or onnx module, model refused),
// so callers can skip it with a note.
Result<PeerTiming> RunPyTorchPeer(const std::string& peer_dir, const PeerRequest& request);

}  // namespace eb
