#include "passes/pass_report.h"

#include "core/strings.h"
#include "ir/stats.h"

namespace eb {

GraphSize MeasureSize(const Graph& graph) {
  const GraphStats s = ComputeStats(graph);
  return GraphSize{static_cast<int64_t>(graph.ops.size()), static_cast<int64_t>(graph.tensors.size()),
                   s.parameters, s.weight_bytes, s.macs};
}

std::string SizeChangeText(const GraphSize& before, const GraphSize& after) {
  std::string out;
  auto field = [&](const char* name, int64_t a, int64_t b) {
    if (a == b) return;
    out += (out.empty() ? "" : ", ") + std::string(name) + " " + WithThousands(a) + " -> " + WithThousands(b);
  };
  field("operators", before.ops, after.ops);
  field("tensors", before.tensors, after.tensors);
  field("parameters", before.parameters, after.parameters);
  field("weight bytes", before.weight_bytes, after.weight_bytes);
  field("MACs", before.macs, after.macs);
  return out.empty() ? "no size change" : out;
}

std::string PassReport::Summary() const {
  return Format("%s: %d change%s; %s", pass.c_str(), changes, changes == 1 ? "" : "s",
                SizeChangeText(before, after).c_str());
}

PassRecorder::PassRecorder(PassReport* out, std::string_view pass, const Graph& graph) : out_(out) {
  report_.pass = std::string(pass);
  report_.before = MeasureSize(graph);
}

void PassRecorder::Change(std::string line, int count) {
  report_.changes += count;
  report_.details.push_back(std::move(line));
}

void PassRecorder::Skip(std::string line) { report_.details.push_back("skipped: " + line); }

void PassRecorder::Note(std::string line) { report_.details.push_back(std::move(line)); }

Status PassRecorder::Finish(const Graph& graph) {
  report_.after = MeasureSize(graph);
  if (out_) *out_ = report_;
  return Status::Ok();
}

}  // namespace eb
