// TensorFlow Lite (LiteRT) as a peer engine: npm @litertjs/core (TFLite's runtime compiled to WebAssembly,
// XNNPACK on the CPU, one thread) run through the Node runner in peers/litert with the same protocol as
// edgebench's own timing and the ONNX Runtime peer. It runs the very .tflite files edgebench writes.
//
// LiteRT's compiled models keep the shapes a file declares (no input resizing), so a batch other than the
// file's is run on a copy written at that batch (passes/set_batch_size.h, then edgebench's exporter), and
// the binding overhead is timed on a one-RESHAPE model of the same input shape and type, also written by
// edgebench's exporter.
#pragma once

#include <string>

#include "bench/onnxruntime_peer.h"
#include "core/status.h"
#include "ir/graph.h"

namespace eb {

// A graph with one RESHAPE from `input` (shape, dtype, quantisation) to a tensor of the same shape: what
// a runtime does for a model that computes nothing, so its call time is the binding's per-call cost.
Graph IdentityLikeGraph(const Tensor& input);

// `graph` at batch `batch`, ready to export: SetBatchSize, then every RESHAPE's target shape (its option
// and its constant shape input) set to its output's new shape, which SetBatchSize leaves as it was.
Result<Graph> GraphAtBatch(const Graph& graph, int batch);

// Fails with a message saying why when the peer cannot run (no node, package not installed, model
// refused), so callers can skip it with a note. request.model is a .tflite file at any batch.
Result<PeerTiming> RunLiteRtPeer(const std::string& peer_dir, const PeerRequest& request);

}  // namespace eb
