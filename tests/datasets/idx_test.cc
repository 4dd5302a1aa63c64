// IDX reader: exact parses of small files written here (plain and gzip), every error case, and the real
// MNIST and Fashion-MNIST files.
#include "datasets/idx.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>

#include "datasets/dataset_spec.h"
#include "support/temp_dir.h"
#include "support/test_paths.h"

namespace eb {
namespace {

// An IDX file of unsigned bytes: 00 00 08 rank, big-endian dims, data.
std::vector<uint8_t> Idx(const std::vector<uint32_t>& dims, const std::vector<uint8_t>& data) {
  std::vector<uint8_t> b = {0, 0, 0x08, static_cast<uint8_t>(dims.size())};
  for (uint32_t d : dims) {
    for (int s = 24; s >= 0; s -= 8) b.push_back(static_cast<uint8_t>(d >> s));
  }
  b.insert(b.end(), data.begin(), data.end());
  return b;
}

std::string WriteGzip(const std::string& path, const std::vector<uint8_t>& bytes) {
  gzFile f = gzopen(path.c_str(), "wb");
  gzwrite(f, bytes.data(), static_cast<unsigned>(bytes.size()));
  gzclose(f);
  return path;
}

std::vector<uint8_t> Iota(size_t n) {
  std::vector<uint8_t> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = static_cast<uint8_t>(i * 7);
  return v;
}

TEST(Idx, ParsesDimensionsAndData) {
  auto a = ParseIdx(Idx({2, 3, 4}, Iota(24)), "x");
  ASSERT_TRUE(a.ok()) << a.status().message();
  EXPECT_EQ(a->dims, (std::vector<int64_t>{2, 3, 4}));
  EXPECT_EQ(a->data, Iota(24));
}

TEST(Idx, ReadsPlainAndGzipFilesAlike) {
  test::TempDir dir;
  const auto bytes = Idx({3, 2, 2}, Iota(12));
  auto plain = ReadIdx(dir.Write("a-idx3-ubyte", bytes));
  auto gz = ReadIdx(WriteGzip(dir.file("a-idx3-ubyte.gz"), bytes));
  ASSERT_TRUE(plain.ok()) << plain.status().message();
  ASSERT_TRUE(gz.ok()) << gz.status().message();
  EXPECT_EQ(plain->dims, gz->dims);
  EXPECT_EQ(plain->data, Iota(12));
  EXPECT_EQ(gz->data, Iota(12));
}

TEST(Idx, BadMagic) {
  auto bytes = Idx({1}, {5});
  bytes[1] = 0x12;
  auto a = ParseIdx(bytes, "f.idx");
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.status().message(), "f.idx: bad IDX magic number 00 12 08 01 (an IDX file starts with 00 00)");
}

TEST(Idx, UnsupportedElementType) {
  auto bytes = Idx({1}, {5});
  bytes[2] = 0x0D;  // float
  EXPECT_EQ(ParseIdx(bytes, "f").status().message(),
            "f: IDX element type 0x0d is not supported (only 0x08, unsigned byte)");
}

TEST(Idx, TooShortAndTruncatedHeader) {
  EXPECT_EQ(ParseIdx({0, 0}, "f").status().message(),
            "f: 2 bytes is too short for an IDX header (4 bytes of magic number)");
  EXPECT_EQ(ParseIdx({0, 0, 8, 3, 0, 0, 0, 2, 0}, "f").status().message(),
            "f: truncated: the IDX header of rank 3 needs 16 bytes, the file has 9");
}

TEST(Idx, TruncatedBody) {
  auto bytes = Idx({10, 28, 28}, Iota(7840));
  bytes.resize(bytes.size() - 1);
  EXPECT_EQ(ParseIdx(bytes, "f").status().message(),
            "f: truncated: the header says [10,28,28] = 7840 bytes of data, the file has 7839");
}

TEST(Idx, HugeDimensionsDoNotOverflow) {
  EXPECT_EQ(ParseIdx(Idx({0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFF}, {1, 2}), "f").status().message(),
            "f: truncated: the header says [4294967295,4294967295,4294967295] = 9223372036854775807 bytes of data, "
            "the file has 2");
}

TEST(Idx, TrailingBytes) {
  auto bytes = Idx({2}, {1, 2});
  bytes.push_back(3);
  EXPECT_EQ(ParseIdx(bytes, "f").status().message(),
            "f: 1 unexpected bytes after the 2 bytes of data that the header [2] describes");
}

TEST(Idx, TruncatedGzipIsAnErrorNotACrash) {
  test::TempDir dir;
  const std::string full = WriteGzip(dir.file("full.gz"), Idx({100, 10, 10}, Iota(10000)));
  auto gz = test::ReadBytes(full);
  gz.resize(gz.size() / 2);
  auto a = ReadIdx(dir.Write("cut.gz", gz));
  EXPECT_EQ(a.status().message(), dir.file("cut.gz") + ": cannot decompress: unexpected end of file");
}

TEST(Idx, MissingFile) {
  EXPECT_EQ(ReadIdx("/nonexistent/x-idx1-ubyte").status().message(), "/nonexistent/x-idx1-ubyte: no such file");
}

// A directory in MNIST's layout holding `n_images` images of 2x3 and `labels`.
void WriteMnistDir(const test::TempDir& dir, uint32_t n_images, const std::vector<uint8_t>& labels) {
  WriteGzip(dir.file("t10k-images-idx3-ubyte.gz"), Idx({n_images, 2, 3}, Iota(n_images * 6)));
  dir.Write("t10k-labels-idx1-ubyte", Idx({static_cast<uint32_t>(labels.size())}, labels));
}

TEST(Idx, MnistDirectoryFromMixedPlainAndGzipFiles) {
  test::TempDir dir;
  WriteMnistDir(dir, 3, {4, 0, 9});
  auto ds = LoadMnistDir(dir.path(), Split::kTest, "mnist");
  ASSERT_TRUE(ds.ok()) << ds.status().message();
  EXPECT_EQ(ds->size(), 3u);
  EXPECT_EQ(ds->height, 2);
  EXPECT_EQ(ds->width, 3);
  EXPECT_EQ(ds->channels, 1);
  EXPECT_EQ(ds->labels, (std::vector<uint8_t>{4, 0, 9}));
  EXPECT_EQ(std::vector<uint8_t>(ds->image(2).begin(), ds->image(2).end()),
            (std::vector<uint8_t>{84, 91, 98, 105, 112, 119}));
  EXPECT_EQ(ds->class_names[9], "9");
}

TEST(Idx, LabelAndImageCountMismatch) {
  test::TempDir dir;
  WriteMnistDir(dir, 3, {4, 0});
  EXPECT_EQ(LoadMnistDir(dir.path(), Split::kTest, "mnist").status().message(),
            dir.file("t10k-images-idx3-ubyte.gz") + " holds 3 images but " + dir.file("t10k-labels-idx1-ubyte") +
                " holds 2 labels");
}

TEST(Idx, LabelOutOfRange) {
  test::TempDir dir;
  WriteMnistDir(dir, 2, {4, 10});
  EXPECT_EQ(LoadMnistDir(dir.path(), Split::kTest, "mnist").status().message(),
            dir.file("t10k-labels-idx1-ubyte") + ": label 10 of image 1 is not a class (0..9)");
}

// A file longer than its header describes is refused once one byte more has been read: here 2 MiB of
// zeros after a [2] label file, plain and gzip-compressed (the reader never holds more than the 14 bytes).
TEST(Idx, ReadStopsWhereTheHeaderSaysTheDataEnds) {
  test::TempDir dir;
  auto bytes = Idx({2}, {1, 2});
  bytes.resize(bytes.size() + (2u << 20), 0);
  const std::string plain = dir.Write("long-idx1-ubyte", bytes);
  const std::string gz = WriteGzip(dir.file("long-idx1-ubyte.gz"), bytes);
  for (const std::string& path : {plain, gz}) {
    EXPECT_EQ(ReadIdx(path).status().message(),
              path + ": holds more than the 10 bytes (uncompressed) that its IDX header describes");
  }
  EXPECT_EQ(ReadMaybeGzip(gz, 1000).status().message(),
            gz + ": holds more than 1000 bytes (uncompressed), but it may hold at most 1000");
}

TEST(Idx, ImagesWithTheWrongRank) {
  test::TempDir dir;
  dir.Write("t10k-images-idx3-ubyte", Idx({2, 6}, Iota(12)));
  dir.Write("t10k-labels-idx1-ubyte", Idx({2}, {1, 2}));
  EXPECT_EQ(LoadMnistDir(dir.path(), Split::kTest, "mnist").status().message(),
            dir.file("t10k-images-idx3-ubyte") + ": an image file has 3 dimensions [N,rows,cols], this one [2,6]");
}

TEST(Idx, MissingDirectoryAndMissingFiles) {
  EXPECT_EQ(LoadMnistDir("/nonexistent/mnist", Split::kTest, "mnist").status().message(),
            "/nonexistent/mnist: no such directory");
  test::TempDir dir;
  EXPECT_EQ(LoadMnistDir(dir.path(), Split::kTrain, "mnist").status().message(),
            dir.path() + ": has neither train-images-idx3-ubyte.gz nor train-images-idx3-ubyte (the IDX files of "
                         "MNIST's original release)");
}

// Values read from the published files with Python's gzip module.
TEST(Idx, RealMnistTestSet) {
  if (!test::HaveShared()) GTEST_SKIP() << "no ../shared";
  auto ds = LoadMnistDir(test::SharedPath("data/mnist"), Split::kTest, "mnist");
  ASSERT_TRUE(ds.ok()) << ds.status().message();
  ASSERT_EQ(ds->size(), 10000u);
  EXPECT_EQ(ds->pixels.size(), 7840000u);
  EXPECT_EQ(ds->height, 28);
  EXPECT_EQ(ds->width, 28);
  EXPECT_EQ(std::vector<uint8_t>(ds->labels.begin(), ds->labels.begin() + 10),
            (std::vector<uint8_t>{7, 2, 1, 0, 4, 1, 4, 9, 5, 9}));
  EXPECT_EQ(ds->labels[9999], 6);
  auto img = ds->image(0);
  // Row 7 of the first digit (a 7) starts its top bar: columns 6..11 = 84 185 159 151 60 36.
  EXPECT_EQ(std::vector<uint8_t>(img.begin() + 7 * 28 + 6, img.begin() + 7 * 28 + 12),
            (std::vector<uint8_t>{84, 185, 159, 151, 60, 36}));
  EXPECT_EQ(img[12 * 28 + 19], 255);
  int64_t sum = 0;
  for (uint8_t v : img) sum += v;
  EXPECT_EQ(sum, 18454);
  sum = 0;
  for (uint8_t v : ds->image(9999)) sum += v;
  EXPECT_EQ(sum, 41833);
  int64_t ones = 0;
  for (uint8_t l : ds->labels) ones += l == 1;
  EXPECT_EQ(ones, 1135);
}

TEST(Idx, RealMnistTrainSetThroughTheSpec) {
  if (!test::HaveShared()) GTEST_SKIP() << "no ../shared";
  auto spec = ParseDatasetSpec("mnist:" + test::SharedPath("data/mnist") + ":train");
  ASSERT_TRUE(spec.ok()) << spec.status().message();
  auto ds = LoadDataset(spec.value());
  ASSERT_TRUE(ds.ok()) << ds.status().message();
  ASSERT_EQ(ds->size(), 60000u);
  EXPECT_EQ(ds->split, Split::kTrain);
  EXPECT_EQ(std::vector<uint8_t>(ds->labels.begin(), ds->labels.begin() + 5), (std::vector<uint8_t>{5, 0, 4, 1, 9}));
  int64_t sum = 0;
  for (uint8_t v : ds->image(0)) sum += v;
  EXPECT_EQ(sum, 27525);
}

TEST(Idx, FashionMnistFromTheDebianPackage) {
  if (!std::filesystem::is_directory(kDebianFashionMnistDir)) GTEST_SKIP() << "dataset-fashion-mnist not installed";
  auto ds = LoadDataset(ParseDatasetSpec("fashion-mnist").value());
  ASSERT_TRUE(ds.ok()) << ds.status().message();
  ASSERT_EQ(ds->size(), 10000u);
  EXPECT_EQ(ds->kind, "fashion-mnist");
  EXPECT_EQ(std::vector<uint8_t>(ds->labels.begin(), ds->labels.begin() + 5), (std::vector<uint8_t>{9, 2, 1, 1, 6}));
  EXPECT_EQ(ds->class_names[9], "Ankle boot");
  EXPECT_EQ(ds->image(0)[215], 3);
  EXPECT_EQ(ds->image(0)[219], 7);
  int64_t sum = 0;
  for (uint8_t v : ds->image(0)) sum += v;
  EXPECT_EQ(sum, 33456);
  std::vector<int> per_class(10);
  for (uint8_t l : ds->labels) ++per_class[l];
  EXPECT_EQ(per_class, std::vector<int>(10, 1000));
}

}  // namespace
}  // namespace eb
