// What a graph pass did: its name, how many rewrites it made, one line per rewrite (and per case it left
// alone, with the reason), and the graph's size before and after. Every pass fills one; the pass manager
// collects them into the optimisation report.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "ir/graph.h"

namespace eb {

// The sizes a pass can change. Parameters, weight bytes and MACs are eb::ComputeStats's.
struct GraphSize {
  int64_t ops = 0;
  int64_t tensors = 0;
  int64_t parameters = 0;
  int64_t weight_bytes = 0;
  int64_t macs = 0;
  bool operator==(const GraphSize&) const = default;
};

GraphSize MeasureSize(const Graph& graph);

// "operators 31 -> 29, weight bytes 864 -> 432": only the fields that differ ("no size change" if none).
std::string SizeChangeText(const GraphSize& before, const GraphSize& after);

struct PassReport {
  std::string pass;                  // the pass's file stem: "fold_batch_norm"
  int changes = 0;                   // rewrites applied (ops folded or removed, tensors converted, ...)
  std::vector<std::string> details;  // one line per rewrite; lines about cases left alone start "skipped"
  GraphSize before, after;

  // "fold_batch_norm: 2 changes; operators 10 -> 8, parameters 120 -> 104"
  std::string Summary() const;
};

// Fills a PassReport for a pass: construct it first, record what happens, and return Finish(graph).
// The caller's report (optional) receives the result.
class PassRecorder {
 public:
  PassRecorder(PassReport* out, std::string_view pass, const Graph& graph);
  // A rewrite: counts `count` changes and records its line.
  void Change(std::string line, int count = 1);
  // A case the pass saw and left alone, with the reason (prefixed "skipped: ").
  void Skip(std::string line);
  // A line that is neither (totals, per-tensor figures).
  void Note(std::string line);
  const PassReport& report() const { return report_; }
  Status Finish(const Graph& graph);

 private:
  PassReport* out_;
  PassReport report_;
};

}  // namespace eb
