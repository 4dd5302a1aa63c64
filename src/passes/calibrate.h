// Int8 calibration: runs a float32 graph over sample images and turns each activation tensor's observed
// values into a quantisation range.
//
// Every non-constant float32 tensor is made a graph output of a private copy, so the planner keeps it
// alive and its values can be read after each invoke. Min/max needs one pass over the samples; the
// percentile and MSE methods need a second pass that fills a 2048-bin histogram per tensor over the
// min/max range found by the first.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "core/status.h"
#include "datasets/dataset.h"
#include "datasets/preprocess.h"
#include "ir/graph.h"

namespace eb {

enum class RangeMethod { kMinMax, kPercentile, kMse };

// The range of one tensor; `valid` is false for tensors calibration did not observe (constants,
// non-float tensors).
struct TensorRange {
  bool valid = false;
  float min = 0.0f, max = 0.0f;
};

// `n` image indices of `ds`, class-balanced (round robin over classes, each class's images shuffled with
// `seed`). Fails when n is 0 or larger than the dataset.
Result<std::vector<size_t>> BalancedSample(const Dataset& ds, size_t n, uint64_t seed = 1);

// Ranges for every tensor of `graph` (indexed like graph.tensors), from the images `indices` of `ds`
// preprocessed with `pp` into graph input 0. `percentile` is used by kPercentile only.
Result<std::vector<TensorRange>> CalibrateRanges(const Graph& graph, const Dataset& ds,
                                                 const std::vector<size_t>& indices, const Preprocess& pp,
                                                 RangeMethod method, double percentile = 99.99);

}  // namespace eb
