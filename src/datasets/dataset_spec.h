// Dataset specifications as users write them: "mnist:DIR", "fashion-mnist[:DIR]", "cifar10:DIR", each
// with an optional ":train" or ":test" suffix (test is the default).
#pragma once

#include <optional>
#include <string>

#include "core/status.h"
#include "datasets/dataset.h"

namespace eb {

// Where Debian's dataset-fashion-mnist package installs the four IDX files.
constexpr const char* kDebianFashionMnistDir = "/usr/share/datasets/fashion-mnist";

struct DatasetSpec {
  std::string kind;            // "mnist", "fashion-mnist" or "cifar10"
  std::string dir;             // never empty after parsing (fashion-mnist defaults to the Debian path)
  std::optional<Split> split;  // set when the spec names one
};

// One line listing the accepted forms, for help and error messages.
std::string DatasetSpecHelp();

// "mnist:../shared/data/mnist:train" -> {mnist, ../shared/data/mnist, train}. A lone "train"/"test"
// after the kind is a split, not a directory.
Result<DatasetSpec> ParseDatasetSpec(const std::string& text);

// Parses "test" or "train".
Result<Split> ParseSplit(const std::string& text);

// Reads the dataset into memory; the split is spec.split, else `default_split`.
Result<Dataset> LoadDataset(const DatasetSpec& spec, Split default_split = Split::kTest);

}  // namespace eb
