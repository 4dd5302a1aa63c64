// CIFAR-10 binary batches: exact CHW -> HWC conversion of records written here, every error case, and the
// converted test set when scripts/setup.sh has made it.
#include "datasets/cifar10.h"

#include <gtest/gtest.h>

#include "support/temp_dir.h"
#include "support/test_paths.h"

namespace eb {
namespace {

// One record: label, then R, G, B planes where pixel i of channel c holds (i + 64 * c + seed) % 256.
std::vector<uint8_t> Record(uint8_t label, int seed) {
  std::vector<uint8_t> r = {label};
  for (int c = 0; c < 3; ++c) {
    for (int i = 0; i < 1024; ++i) r.push_back(static_cast<uint8_t>((i + 64 * c + seed) % 256));
  }
  return r;
}

std::vector<uint8_t> Batch(const std::vector<std::pair<uint8_t, int>>& records) {
  std::vector<uint8_t> b;
  for (auto [label, seed] : records) {
    auto r = Record(label, seed);
    b.insert(b.end(), r.begin(), r.end());
  }
  return b;
}

TEST(Cifar10, ConvertsPlanesToHwc) {
  test::TempDir dir;
  dir.Write("test_batch.bin", Batch({{3, 0}, {9, 5}}));
  auto ds = LoadCifar10Dir(dir.path(), Split::kTest);
  ASSERT_TRUE(ds.ok()) << ds.status().message();
  ASSERT_EQ(ds->size(), 2u);
  EXPECT_EQ(ds->labels, (std::vector<uint8_t>{3, 9}));
  EXPECT_EQ(ds->height, 32);
  EXPECT_EQ(ds->width, 32);
  EXPECT_EQ(ds->channels, 3);
  EXPECT_EQ(ds->pixels.size(), 2u * 3072u);
  auto img = ds->image(1);
  // Pixel (row 1, column 2) = plane index 34: R = 39, G = 103, B = 167 (seed 5).
  EXPECT_EQ(img[(1 * 32 + 2) * 3 + 0], 39);
  EXPECT_EQ(img[(1 * 32 + 2) * 3 + 1], 103);
  EXPECT_EQ(img[(1 * 32 + 2) * 3 + 2], 167);
  EXPECT_EQ(ds->class_names[3], "cat");
  EXPECT_EQ(ds->source, dir.file("test_batch.bin"));
}

TEST(Cifar10, TrainSplitConcatenatesFiveBatchesInOrder) {
  test::TempDir dir;
  for (int i = 1; i <= 5; ++i) dir.Write("data_batch_" + std::to_string(i) + ".bin", Batch({{uint8_t(i), i}}));
  auto ds = LoadCifar10Dir(dir.path(), Split::kTrain);
  ASSERT_TRUE(ds.ok()) << ds.status().message();
  EXPECT_EQ(ds->labels, (std::vector<uint8_t>{1, 2, 3, 4, 5}));
  EXPECT_EQ(ds->image(4)[0], 5);  // R of pixel 0, seed 5
  EXPECT_EQ(ds->split, Split::kTrain);
}

TEST(Cifar10, TruncatedBatch) {
  test::TempDir dir;
  auto b = Batch({{1, 0}, {2, 0}});
  b.pop_back();
  dir.Write("test_batch.bin", b);
  EXPECT_EQ(LoadCifar10Dir(dir.path(), Split::kTest).status().message(),
            dir.file("test_batch.bin") + ": truncated or not a CIFAR-10 batch: 6145 bytes is not a whole number of "
                                         "3073-byte records (1 records and 3072 bytes over)");
}

// One record more than an official batch holds: refused by its size, before a byte is read (sparse file).
TEST(Cifar10, OversizedBatchIsRefusedUnread) {
  test::TempDir dir;
  const std::string path = dir.Write("test_batch.bin", {});
  std::filesystem::resize_file(path, 10001 * 3073);
  EXPECT_EQ(LoadCifar10Dir(dir.path(), Split::kTest).status().message(),
            path + ": holds 30733073 bytes, but a CIFAR-10 batch (10,000 records of 3073 bytes) holds at most 30730000");
}

TEST(Cifar10, EmptyBatch) {
  test::TempDir dir;
  dir.Write("test_batch.bin", {});
  EXPECT_EQ(LoadCifar10Dir(dir.path(), Split::kTest).status().message(),
            dir.file("test_batch.bin") + ": the file is empty (a CIFAR-10 batch holds 3073-byte records)");
}

TEST(Cifar10, LabelOutOfRange) {
  test::TempDir dir;
  dir.Write("test_batch.bin", Batch({{1, 0}, {10, 0}}));
  EXPECT_EQ(LoadCifar10Dir(dir.path(), Split::kTest).status().message(),
            dir.file("test_batch.bin") + ": record 1 has label 10; CIFAR-10 labels are 0..9");
}

TEST(Cifar10, MissingDirectoryAndFiles) {
  EXPECT_EQ(LoadCifar10Dir("/nonexistent/c10", Split::kTest).status().message(), "/nonexistent/c10: no such directory");
  test::TempDir dir;
  for (int i : {1, 2, 4, 5}) dir.Write("data_batch_" + std::to_string(i) + ".bin", Batch({{0, 0}}));
  EXPECT_EQ(LoadCifar10Dir(dir.path(), Split::kTrain).status().message(),
            dir.file("data_batch_3.bin") + ": no such file (a CIFAR-10 directory in the official binary format "
                                           "holds data_batch_1.bin .. data_batch_5.bin and test_batch.bin)");
}

// The shared JPEG test copy converted to the binary format: 10,000 images, 1,000 per class.
TEST(Cifar10, ConvertedTestSet) {
  const std::string dir = test::Cifar10BinDir();
  if (dir.empty()) GTEST_SKIP() << "build/data/cifar10 not converted (scripts/setup.sh does it)";
  auto ds = LoadCifar10Dir(dir, Split::kTest);
  ASSERT_TRUE(ds.ok()) << ds.status().message();
  ASSERT_EQ(ds->size(), 10000u);
  std::vector<int> per_class(10);
  for (uint8_t l : ds->labels) ++per_class[l];
  EXPECT_EQ(per_class, std::vector<int>(10, 1000));
  // Classes interleaved like the official batches: record i is file i / 10 of class i % 10 (files sorted).
  // Accuracy over the first N images (tests/eval) relies on this order.
  for (size_t i = 0; i < ds->size(); ++i) ASSERT_EQ(ds->labels[i], i % 10) << "record " << i;
}

}  // namespace
}  // namespace eb
