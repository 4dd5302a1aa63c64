// Top-1 accuracy of a model over a labelled image dataset.
//
// Each image is preprocessed into graph input 0 (see datasets/preprocess.h), the runtime is invoked, and
// the prediction is the argmax of output 0 (the first maximum on ties, like numpy.argmax). Quantised
// outputs are compared as stored integers: their scale is positive, so the order is the real order.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/status.h"
#include "datasets/dataset.h"
#include "datasets/preprocess.h"
#include "runtime/runtime.h"

namespace eb {

struct EvalOptions {
  size_t limit = 0;  // evaluate only the first `limit` images; 0 = all
  // Called after each image with (done, total); may be empty.
  std::function<void(size_t, size_t)> progress;
};

struct EvalResult {
  size_t images = 0;
  size_t correct = 0;
  int num_classes = 0;
  std::vector<uint8_t> predictions;  // one per evaluated image
  std::vector<int64_t> confusion;    // num_classes x num_classes, [label][prediction]
  double seconds = 0;                // wall time of preprocessing + inference

  double top1() const { return images ? static_cast<double>(correct) / static_cast<double>(images) : 0.0; }
  int64_t count(int label, int predicted) const {
    return confusion[static_cast<size_t>(label) * static_cast<size_t>(num_classes) + static_cast<size_t>(predicted)];
  }
  int64_t class_images(int label) const;
  // Correct / images of that class (0 when the class has no images).
  double class_accuracy(int label) const;
};

// Index of the first largest element of an output tensor (float32, int8, uint8, int16 or int32).
size_t ArgMax(const Tensor& t, const uint8_t* data);

// Runs `rt` over `ds`. Fails (before running anything) when the input does not fit the images or
// output 0 does not have exactly one value per class.
Result<EvalResult> Evaluate(Runtime& rt, const Dataset& ds, const Preprocess& pp, const EvalOptions& options = {});

}  // namespace eb
