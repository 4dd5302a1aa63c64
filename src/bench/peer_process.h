// Shared plumbing of the peer engines: each peer is a runner script that prints one JSON object
// ({runtime, samples_us[, overhead_us][, output: {type, shape}]}); this runs it and reads that object back.
#pragma once

#include <string>

#include "bench/onnxruntime_peer.h"
#include "core/status.h"

namespace eb {

// Single-quotes `s` for /bin/sh.
std::string ShellQuote(const std::string& s);

// Runs `command` (stderr folded into stdout) and parses the runner's JSON; `what` names the peer in
// errors ("the PyTorch runner failed: <its last output>").
Result<PeerTiming> RunPeerCommand(const std::string& command, const std::string& what);

}  // namespace eb
