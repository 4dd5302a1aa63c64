// Pass: compaction. Drops the tensors that no op reads or writes and that are neither graph inputs nor
// outputs (what the other passes leave behind), and renumbers the remaining tensors in their old order.
#pragma once

#include "core/status.h"
#include "ir/graph.h"
#include "passes/pass_report.h"

namespace eb {

Status RemoveUnusedTensors(Graph& graph, PassReport* report = nullptr);

}  // namespace eb
