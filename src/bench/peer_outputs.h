// Peers' outputs for accuracy: a peer runs every batch-1 input of a file once (its runner's
// --all-outputs mode, untimed) and hands back output 0 of each run; from those bytes come top-1 labels
// (agreement with edgebench's predictions, accuracy on the labels) and, for int8 models, how far its
// outputs are from edgebench's TFLM-exact ones.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/status.h"

namespace eb {

struct PeerOutputs {
  std::string runtime;              // as the runner names itself ("litert-wasm 2.5.3")
  std::string dtype;                // element type of output 0: "float32", "int8" or "uint8"
  size_t values_per_output = 0;     // elements of one batch-1 output 0
  size_t count = 0;                 // inputs run
  std::vector<uint8_t> bytes;       // count outputs back to back, count * values_per_output elements
};

// Runs `engine` ("onnxruntime", "pytorch" or "litert"; its runner lives in `peer_dir`) on `model` (.onnx
// for the first two, .tflite for litert) over every batch-1 input in `inputs_path` (raw, back to back, in
// the model's input type) and returns output 0 of each run. Fails with the reason when the peer cannot
// run or its file does not hold one output per input.
Result<PeerOutputs> RunPeerOutputs(const std::string& engine, const std::string& peer_dir, const std::string& model,
                                   const std::string& inputs_path);

// The index of the first largest value of each output (numpy.argmax's tie rule, as edgebench's eval):
// one label per input, the form of EvalResult::predictions and Dataset::labels. int8/uint8 values are
// compared as stored integers (a positive scale keeps the order). Fails above 256 classes.
Result<std::vector<uint8_t>> Top1Labels(const PeerOutputs& outputs);

// How two runtimes' int8 (or uint8) outputs of the same inputs differ.
struct OutputDifference {
  size_t values = 0;             // elements compared
  size_t differing_values = 0;   // elements not equal
  size_t differing_outputs = 0;  // outputs (inputs) with at least one differing element
  int max_step = 0;              // largest |a - b| in quantisation steps
};

// Compares `peer` with `reference` (the same count and size, e.g. edgebench's outputs of the same inputs)
// element by element; fails when the sizes or types do not match.
Result<OutputDifference> CompareQuantizedOutputs(const PeerOutputs& peer, std::span<const uint8_t> reference);

// Share of positions where `a` and `b` hold the same label, over the shorter of the two (0 when empty):
// top-1 accuracy against Dataset::labels, or agreement with EvalResult::predictions.
double LabelAgreement(std::span<const uint8_t> a, std::span<const uint8_t> b);

}  // namespace eb
