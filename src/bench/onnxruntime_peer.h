// ONNX Runtime as a peer engine, run through the Node runner in peers/onnxruntime with the same protocol
// as edgebench's own timing (warm-up, N timed runs, a monotonic clock around the inference call only).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"

namespace eb {

struct PeerTiming {
  std::string runtime;            // "onnxruntime-node 1.30.0"
  std::vector<double> samples_us; // whole-batch times
  std::optional<double> overhead_us;  // median call time of an identity model of the same input
  // Output 0 as the runner describes it ("float32", "int8"; its batch-1 shape in --all-outputs mode);
  // empty when the runner does not say.
  std::string output_type;
  std::vector<int64_t> output_shape;
};

struct PeerRequest {
  std::string model;       // .onnx file
  std::string inputs;      // raw batch-1 inputs back to back, in the model's input type
  int batch = 1;
  int samples = 1000;
  int warmup = 100;
  int threads = 1;
  bool overhead = false;   // also time an identity model (the binding's per-call cost)
  double max_seconds = 0;  // stop timing after this long (at least 10 samples); 0 = no cap
  // When set: no timing; every batch-1 input is run once and output 0 of each run is written to this
  // file back to back, in the model's output type (bench/peer_outputs.h reads it back).
  std::string all_outputs;
};

// Fails with a message saying why when the peer cannot run (no node, runner not installed, model refused),
// so callers can skip it with a note.
Result<PeerTiming> RunOnnxRuntimePeer(const std::string& peer_dir, const PeerRequest& request);

}  // namespace eb
