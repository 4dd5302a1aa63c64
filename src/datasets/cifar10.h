// The CIFAR-10 binary format (the "binary version" of the official release).
//
// Each record is 3073 bytes: one label byte (0..9), then the 32x32 red plane, the green plane and the
// blue plane, each row-major. The test split is test_batch.bin, the training split data_batch_1.bin ..
// data_batch_5.bin, 10,000 records each. Images are converted to HWC on load.
#pragma once

#include <string>
#include <vector>

#include "core/status.h"
#include "datasets/dataset.h"

namespace eb {

constexpr int kCifar10Side = 32;
constexpr size_t kCifar10RecordBytes = 1 + 3 * 32 * 32;
constexpr size_t kCifar10BatchRecords = 10000;  // per file of the official binary release

// The ten class names in label order (airplane .. truck).
const std::vector<std::string>& Cifar10ClassNames();

// Appends the records of one batch file to `ds` (whose geometry must already be 32x32x3).
Status AppendCifar10Batch(const std::string& path, Dataset& ds);

// test_batch.bin (test) or data_batch_1..5.bin (train) from `dir`.
Result<Dataset> LoadCifar10Dir(const std::string& dir, Split split);

}  // namespace eb
