#include "bench/peer_cell.h"

#include <algorithm>
#include <cstring>
#include <optional>

#include "bench/litert_peer.h"
#include "bench/onnxruntime_peer.h"
#include "bench/peer_outputs.h"
#include "bench/pytorch_peer.h"
#include "core/strings.h"
#include "eval/accuracy.h"

namespace eb {
namespace {

Result<PeerTiming> RunPeer(const std::string& engine, const std::string& root, const PeerRequest& req) {
  if (engine == "pytorch") return RunPyTorchPeer(root + "/peers/pytorch", req);
  if (engine == "onnxruntime") return RunOnnxRuntimePeer(root + "/peers/onnxruntime", req);
  if (engine == "litert") return RunLiteRtPeer(root + "/peers/litert", req);
  return Status::Error("unknown peer engine '" + engine + "'");
}

// Top-1 accuracy of the peer on the scoring images, its agreement with edgebench's predictions, and for
// quantised outputs how many outputs differ from edgebench's (TFLite Micro's) bit for bit.
void ScorePeer(const std::string& engine, const std::string& peer_dir, const std::string& model,
               const ScoringSet& s, BenchRow& row) {
  auto out = RunPeerOutputs(engine, peer_dir, model, s.file->path());
  auto top1 = out.ok() ? Top1Labels(out.value()) : Result<std::vector<uint8_t>>(out.status());
  if (!top1.ok()) {
    AddNote(row.note, "no accuracy: " + top1.status().message());
    return;
  }
  row.accuracy = LabelAgreement(top1.value(), s.labels);
  row.accuracy_samples = static_cast<int>(std::min(top1->size(), s.labels.size()));
  AddNote(row.note, Format("top-1 equal to edgebench's on %.2f %% of %d images",
                           100.0 * LabelAgreement(top1.value(), s.edgebench_top1), row.accuracy_samples));
  if (out->dtype == "float32" || s.edgebench_output0.empty()) return;
  auto diff = CompareQuantizedOutputs(out.value(), s.edgebench_output0);
  if (!diff.ok()) {
    AddNote(row.note, "outputs not compared: " + diff.status().message());
  } else if (diff->differing_outputs == 0) {
    AddNote(row.note, "int8 outputs bit-identical to TFLite Micro's");
  } else {
    AddNote(row.note, Format("int8 outputs differ from TFLite Micro's on %zu of %zu images (%zu of %zu values, "
                             "at most %d steps)", diff->differing_outputs, out->count, diff->differing_values,
                             diff->values, diff->max_step));
  }
}

}  // namespace

Result<ScoringSet> MakeScoringSet(const Graph& one, const Dataset& ds, const Preprocess& pp, size_t limit,
                                  const RuntimeOptions& runtime) {
  ScoringSet s;
  const size_t n = limit ? std::min(limit, ds.size()) : ds.size();
  auto inputs = MakeInputs(one.tensor(one.inputs[0]), &ds, pp, n);
  if (!inputs.ok()) return inputs.status();
  s.inputs = std::move(inputs.value());
  s.labels.assign(ds.labels.begin(), ds.labels.begin() + static_cast<std::ptrdiff_t>(n));
  auto rt = Runtime::Create(one, runtime);
  if (!rt.ok()) return rt.status();
  const Tensor& out0 = rt.value()->output_tensor(0);
  const size_t out_bytes = static_cast<size_t>(out0.num_bytes());
  const bool quantised = out0.dtype != DType::kF32;
  for (size_t i = 0; i < n; ++i) {
    std::memcpy(rt.value()->input(0), s.inputs.bytes.data() + i * s.inputs.sample_bytes, s.inputs.sample_bytes);
    rt.value()->Invoke();
    const uint8_t* o = rt.value()->output(0);
    s.edgebench_top1.push_back(static_cast<uint8_t>(ArgMax(out0, o)));
    if (quantised) s.edgebench_output0.insert(s.edgebench_output0.end(), o, o + out_bytes);
  }
  s.file = std::make_shared<TempFile>("scoring-inputs.bin", s.inputs.bytes);
  return s;
}

void RunPeerCell(const PeerCell& peer, const InputSet& inputs, const Suite& suite, const RunnerOptions& options,
                 BenchRow& row) {
  row.engine = peer.engine;
  row.accuracy.reset();
  row.accuracy_delta.reset();
  row.arena_bytes = 0;
  const TempFile in("inputs.bin", inputs.bytes);
  for (int b : suite.batches) {
    auto model = peer.model_at_batch(b);
    if (!model.ok()) {
      AddNote(row.note, Format("batch %d not measured: %s", b, model.status().message().c_str()));
      continue;
    }
    std::string runtime;
    std::optional<double> overhead_us;
    auto stats_b = FastestRound(suite.rounds, [&](int r) -> Result<LatencyStats> {
      if (options.progress) {
        options.progress(Format("%s %s %s batch %d round %d/%d", row.model.c_str(), row.variant.c_str(),
                                peer.engine.c_str(), b, r + 1, suite.rounds));
      }
      // The binding overhead (an identity model) is measured once, in the first batch-1 round.
      PeerRequest req{model.value(), in.path(), b, suite.samples, suite.warmup, suite.threads, b == 1 && r == 0,
                      suite.max_seconds / suite.rounds, {}};
      auto t = RunPeer(peer.engine, options.root, req);
      if (!t.ok()) return t.status();
      runtime = t->runtime;
      if (t->overhead_us) overhead_us = t->overhead_us;
      for (double& v : t->samples_us) v /= b;
      return Summarize(std::move(t->samples_us));
    });
    if (!stats_b.ok()) {
      row.note = "skipped: " + stats_b.status().message();
      break;
    }
    row.engine = runtime;
    if (overhead_us) AddNote(row.note, Format("binding overhead %.1f µs/call (identity model)", *overhead_us));
    if (b == 1 || b == 32) (b == 1 ? row.batch1_us : row.batch32_us) = stats_b.value();
    if (stats_b->n < static_cast<size_t>(suite.samples)) {
      AddNote(row.note, Format("batch %d: %zu samples (time cap)", b, stats_b->n));
    }
  }
  if (!peer.scoring || !row.batch1_us) return;
  if (options.progress) options.progress(Format("%s %s %s accuracy", row.model.c_str(), row.variant.c_str(),
                                                peer.engine.c_str()));
  auto model = peer.model_at_batch(1);
  if (model.ok()) ScorePeer(peer.engine, options.root + "/peers/" + peer.engine, model.value(), *peer.scoring, row);
}

}  // namespace eb
