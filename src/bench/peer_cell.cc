#include "bench/peer_cell.h"

#include <optional>

#include "bench/onnxruntime_peer.h"
#include "bench/pytorch_peer.h"
#include "core/strings.h"

namespace eb {
namespace {

Result<PeerTiming> RunPeer(const std::string& engine, const std::string& root, const PeerRequest& req) {
  if (engine == "pytorch") return RunPyTorchPeer(root + "/peers/pytorch", req);
  if (engine == "onnxruntime") return RunOnnxRuntimePeer(root + "/peers/onnxruntime", req);
  return Status::Error("unknown peer engine '" + engine + "'");
}

}  // namespace

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
                      suite.max_seconds / suite.rounds};
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
}

}  // namespace eb
