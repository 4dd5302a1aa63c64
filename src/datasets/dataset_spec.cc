#include "datasets/dataset_spec.h"

#include "datasets/cifar10.h"
#include "datasets/idx.h"

namespace eb {

const char* SplitName(Split s) { return s == Split::kTest ? "test" : "train"; }

std::string DatasetSpecHelp() {
  return std::string("mnist:DIR, fashion-mnist[:DIR] (default ") + kDebianFashionMnistDir +
         "), cifar10:DIR (official binary format); add :train for the training split";
}

Result<Split> ParseSplit(const std::string& text) {
  if (text == "test") return Split::kTest;
  if (text == "train") return Split::kTrain;
  return Status::Error("unknown split '" + text + "' (test or train)");
}

Result<DatasetSpec> ParseDatasetSpec(const std::string& text) {
  const size_t colon = text.find(':');
  DatasetSpec spec;
  spec.kind = text.substr(0, colon);
  std::string rest = colon == std::string::npos ? "" : text.substr(colon + 1);
  if (spec.kind != "mnist" && spec.kind != "fashion-mnist" && spec.kind != "cifar10") {
    return Status::Error("unknown dataset kind '" + spec.kind + "' in '" + text + "' (known: " + DatasetSpecHelp() +
                         ")");
  }
  if (rest == "train" || rest == "test") {
    spec.split = ParseSplit(rest).value();
    rest.clear();
  } else {
    for (const char* s : {"train", "test"}) {
      const std::string suffix = std::string(":") + s;
      if (rest.size() > suffix.size() && rest.ends_with(suffix)) {
        spec.split = ParseSplit(s).value();
        rest.resize(rest.size() - suffix.size());
        break;
      }
    }
  }
  spec.dir = rest;
  if (spec.dir.empty()) {
    if (spec.kind != "fashion-mnist") {
      return Status::Error("dataset '" + text + "' names no directory: write " + spec.kind + ":DIR");
    }
    spec.dir = kDebianFashionMnistDir;
  }
  return spec;
}

Result<Dataset> LoadDataset(const DatasetSpec& spec, Split default_split) {
  const Split split = spec.split.value_or(default_split);
  if (spec.kind == "cifar10") return LoadCifar10Dir(spec.dir, split);
  if (spec.kind == "mnist" || spec.kind == "fashion-mnist") {
    auto ds = LoadMnistDir(spec.dir, split, spec.kind);
    if (!ds.ok() && spec.kind == "fashion-mnist" && spec.dir == kDebianFashionMnistDir) {
      return Status::Error(ds.status().message() + " (install Debian's dataset-fashion-mnist package)");
    }
    return ds;
  }
  return Status::Error("unknown dataset kind '" + spec.kind + "'");
}

}  // namespace eb
