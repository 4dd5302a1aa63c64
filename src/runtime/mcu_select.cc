#include "runtime/mcu_select.h"

#include <algorithm>
#include <map>
#include <set>

#include "core/strings.h"

namespace eb {
namespace {

// Helpers that several table kernels call, counted once per firmware when any of them is used.
struct SharedCode {
  const char* what;
  int64_t bytes;
  std::vector<std::string> kernels;
};
const std::vector<SharedCode>& SharedCodeGroups() {
  static const std::vector<SharedCode> groups = {
      // eb_pw16_pairs (its 64-group unrolled sequence), its portable loop and the patch helper.
      {"the 16-bit SMLAD loop", 6350, {"eb_conv2d_s8_pw16", "eb_conv2d_s8_g16"}},
  };
  return groups;
}

std::string Bytes(int64_t b) { return WithThousands(b) + " bytes"; }

}  // namespace

int64_t CallConstantBytes(const Graph& graph, const std::vector<KernelCall>& calls) {
  std::set<int> used;
  int64_t bytes = 0;
  for (const KernelCall& call : calls) {
    bytes += static_cast<int64_t>(call.params.size());
    for (const auto& [field, values] : call.pointees) bytes += static_cast<int64_t>(values.size() * sizeof(int32_t));
    for (const CallArg& a : call.args) {
      if (a.kind == CallArg::Kind::kConstArray) bytes += static_cast<int64_t>(a.bytes.size());
      if (a.kind == CallArg::Kind::kTensor && a.tensor >= 0 && graph.tensor(a.tensor).is_constant) used.insert(a.tensor);
      for (int t : a.tensors) {
        if (t >= 0 && graph.tensor(t).is_constant) used.insert(t);
      }
    }
  }
  for (int t : used) bytes += static_cast<int64_t>(graph.tensor(t).data.size());
  return bytes;
}

McuFlashEstimate EstimateMcuFlash(const Graph& graph, const std::vector<KernelCall>& calls,
                                  const std::vector<std::vector<McuCandidate>>& candidates) {
  std::map<std::string, int64_t> table_code;
  for (const auto& op : candidates) {
    for (const McuCandidate& c : op) table_code[c.name] = c.code_bytes;
  }
  McuFlashEstimate e;
  e.constant_bytes = CallConstantBytes(graph, calls);
  e.code_bytes = kMcuBaseCodeBytes;
  std::set<std::string> kernels;
  for (const KernelCall& call : calls) {
    if (call.kernel.empty() || !kernels.insert(call.kernel).second) continue;
    const auto it = table_code.find(call.kernel);
    e.code_bytes += it != table_code.end() ? it->second : kMcuOtherKernelCodeBytes;
  }
  for (const SharedCode& g : SharedCodeGroups()) {
    if (std::any_of(g.kernels.begin(), g.kernels.end(), [&](const std::string& k) { return kernels.count(k) > 0; })) {
      e.code_bytes += g.bytes;
    }
  }
  return e;
}

const McuCandidate* TakenCandidate(const std::vector<McuCandidate>& candidates, int choice) {
  for (const McuCandidate& c : candidates) {
    if (choice >= 0 ? c.row == choice : c.preferred) return &c;
  }
  return nullptr;
}

std::vector<int> SwitchToInt8Filters(const std::vector<std::vector<McuCandidate>>& candidates,
                                     const std::vector<int>& choice, int64_t excess_bytes,
                                     std::vector<size_t>* switched) {
  struct Move {
    size_t op;
    int row;
    int64_t saved;
    double lost;
  };
  std::vector<Move> moves;
  for (size_t op = 0; op < candidates.size(); ++op) {
    const McuCandidate* now = TakenCandidate(candidates[op], choice[op]);
    if (!now || now->int8_filter) continue;
    // The table's first int8-filter row: the fastest of them, the one --optimize size takes.
    const auto alt = std::find_if(candidates[op].begin(), candidates[op].end(),
                                  [](const McuCandidate& c) { return c.int8_filter; });
    if (alt == candidates[op].end() || alt->flash_bytes >= now->flash_bytes) continue;
    moves.push_back({op, alt->row, now->flash_bytes - alt->flash_bytes, std::max(0.0, alt->cycles - now->cycles)});
  }
  // Most bytes per cycle first (a move that loses nothing first of all); ties: more bytes, then the earlier op.
  std::sort(moves.begin(), moves.end(), [](const Move& a, const Move& b) {
    const double ra = a.saved / (a.lost + 1.0), rb = b.saved / (b.lost + 1.0);
    if (ra != rb) return ra > rb;
    if (a.saved != b.saved) return a.saved > b.saved;
    return a.op < b.op;
  });
  std::vector<int> out = choice;
  int64_t saved = 0;
  for (const Move& m : moves) {
    if (saved >= excess_bytes) break;
    out[m.op] = m.row;
    saved += m.saved;
    if (switched) switched->push_back(m.op);
  }
  return out;
}

std::string McuLayoutSummary(const McuOptions& options, const std::vector<std::vector<McuCandidate>>& candidates,
                             const std::vector<int>& choice, const McuFlashEstimate& flash) {
  int layers = 0, wide = 0;
  for (size_t op = 0; op < candidates.size(); ++op) {
    const McuCandidate* c = TakenCandidate(candidates[op], choice[op]);
    if (!c) continue;
    ++layers;
    wide += c->int8_filter ? 0 : 1;
  }
  std::string s = McuOptimizeName(options.optimize);
  s += wide == 0 ? Format(": int8 filters in all %d layers", layers)
                 : Format(": 16-bit or Winograd layouts in %d of %d layers", wide, layers);
  s += Format("; flash estimate %s bytes (constants %s + code %s)", WithThousands(flash.total()).c_str(),
              WithThousands(flash.constant_bytes).c_str(), WithThousands(flash.code_bytes).c_str());
  if (options.flash_bytes > 0) s += " of " + WithThousands(options.flash_bytes);
  return s;
}

Status McuFlashError(const std::string& model, const McuFlashEstimate& e, int64_t budget_bytes, bool size_mode,
                     bool has_layouts) {
  const char* how = !has_layouts ? ""
                    : size_mode  ? " with int8 filters everywhere (--optimize size)"
                                 : " even with every layer's int8-filter variant";
  return Status::Error(Format("%s does not fit the flash budget: the firmware needs about %s (constants %s + code "
                              "%s)%s, the budget is %s (--flash-kb %lld)",
                              model.c_str(), Bytes(e.total()).c_str(), WithThousands(e.constant_bytes).c_str(),
                              WithThousands(e.code_bytes).c_str(), how, Bytes(budget_bytes).c_str(),
                              static_cast<long long>(budget_bytes / 1024)));
}

}  // namespace eb
