// A self-contained HTML report (no scripts, no network): the tables plus inline SVG plots of latency per
// engine and variant, and accuracy against model size.
#pragma once

#include <string>

#include "bench/result.h"

namespace eb {

std::string HtmlReport(const BenchRun& run);

}  // namespace eb
