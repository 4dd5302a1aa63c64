#include "datasets/cifar10.h"

#include <filesystem>

#include "core/file_util.h"
#include "core/strings.h"

namespace eb {

const std::vector<std::string>& Cifar10ClassNames() {
  static const std::vector<std::string> kNames = {"airplane", "automobile", "bird",  "cat",  "deer",
                                                  "dog",      "frog",       "horse", "ship", "truck"};
  return kNames;
}

Status AppendCifar10Batch(const std::string& path, Dataset& ds) {
  if (!std::filesystem::is_regular_file(path)) return Status::Error(path + ": no such file");
  // An official batch holds 10,000 records; a larger file is refused before it is read.
  auto bytes = ReadFileBytes(path, static_cast<int64_t>(kCifar10BatchRecords * kCifar10RecordBytes),
                             "a CIFAR-10 batch (10,000 records of 3073 bytes) holds at most");
  if (!bytes.ok()) return bytes.status();
  const std::vector<uint8_t>& b = bytes.value();
  if (b.empty()) return Status::Error(path + ": the file is empty (a CIFAR-10 batch holds 3073-byte records)");
  if (b.size() % kCifar10RecordBytes != 0) {
    return Status::Error(Format("%s: truncated or not a CIFAR-10 batch: %zu bytes is not a whole number of "
                                "3073-byte records (%zu records and %zu bytes over)",
                                path.c_str(), b.size(), b.size() / kCifar10RecordBytes,
                                b.size() % kCifar10RecordBytes));
  }
  const size_t n = b.size() / kCifar10RecordBytes;
  constexpr size_t kPlane = kCifar10Side * kCifar10Side;
  const size_t first = ds.labels.size();
  ds.labels.resize(first + n);
  ds.pixels.resize((first + n) * 3 * kPlane);
  for (size_t r = 0; r < n; ++r) {
    const uint8_t* rec = b.data() + r * kCifar10RecordBytes;
    if (rec[0] >= Cifar10ClassNames().size()) {
      return Status::Error(Format("%s: record %zu has label %d; CIFAR-10 labels are 0..9", path.c_str(), r, rec[0]));
    }
    ds.labels[first + r] = rec[0];
    uint8_t* hwc = ds.pixels.data() + (first + r) * 3 * kPlane;
    for (size_t i = 0; i < kPlane; ++i) {
      for (size_t c = 0; c < 3; ++c) hwc[i * 3 + c] = rec[1 + c * kPlane + i];
    }
  }
  return Status::Ok();
}

Result<Dataset> LoadCifar10Dir(const std::string& dir, Split split) {
  namespace fs = std::filesystem;
  if (!fs::is_directory(dir)) return Status::Error(dir + ": no such directory");
  std::vector<std::string> files;
  if (split == Split::kTest) {
    files.push_back((fs::path(dir) / "test_batch.bin").string());
  } else {
    for (int i = 1; i <= 5; ++i) files.push_back((fs::path(dir) / Format("data_batch_%d.bin", i)).string());
  }
  Dataset ds;
  ds.kind = "cifar10";
  ds.split = split;
  ds.height = ds.width = kCifar10Side;
  ds.channels = 3;
  ds.class_names = Cifar10ClassNames();
  for (const std::string& f : files) {
    if (!fs::is_regular_file(f)) {
      return Status::Error(Format("%s: no such file (a CIFAR-10 directory in the official binary format holds "
                                  "data_batch_1.bin .. data_batch_5.bin and test_batch.bin)",
                                  f.c_str()));
    }
    EB_RETURN_IF_ERROR(AppendCifar10Batch(f, ds));
    ds.source += (ds.source.empty() ? "" : " ") + f;
  }
  if (files.size() > 1) ds.source = (fs::path(dir) / "data_batch_{1..5}.bin").string();
  return ds;
}

}  // namespace eb
