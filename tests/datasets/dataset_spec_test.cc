// Dataset specs as written on the command line.
#include "datasets/dataset_spec.h"

#include <gtest/gtest.h>

namespace eb {
namespace {

TEST(DatasetSpec, KindAndDirectoryDefaultToTheTestSplit) {
  auto s = ParseDatasetSpec("mnist:../shared/data/mnist");
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->kind, "mnist");
  EXPECT_EQ(s->dir, "../shared/data/mnist");
  EXPECT_FALSE(s->split.has_value());
}

TEST(DatasetSpec, SplitSuffix) {
  auto s = ParseDatasetSpec("cifar10:/data/c10:train");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->dir, "/data/c10");
  EXPECT_EQ(s->split, Split::kTrain);
  s = ParseDatasetSpec("mnist:a:b:test");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->dir, "a:b");  // only a final ":train"/":test" is a split
  EXPECT_EQ(s->split, Split::kTest);
}

TEST(DatasetSpec, FashionMnistDefaultsToTheDebianPackage) {
  auto s = ParseDatasetSpec("fashion-mnist");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->dir, "/usr/share/datasets/fashion-mnist");
  s = ParseDatasetSpec("fashion-mnist:train");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->dir, "/usr/share/datasets/fashion-mnist");
  EXPECT_EQ(s->split, Split::kTrain);
}

TEST(DatasetSpec, Errors) {
  EXPECT_EQ(ParseDatasetSpec("imagenet:/x").status().message(),
            "unknown dataset kind 'imagenet' in 'imagenet:/x' (known: mnist:DIR, fashion-mnist[:DIR] (default "
            "/usr/share/datasets/fashion-mnist), cifar10:DIR (official binary format); add :train for the training "
            "split)");
  EXPECT_EQ(ParseDatasetSpec("cifar10").status().message(), "dataset 'cifar10' names no directory: write cifar10:DIR");
  EXPECT_EQ(ParseDatasetSpec("mnist:train").status().message(),
            "dataset 'mnist:train' names no directory: write mnist:DIR");
  EXPECT_EQ(ParseSplit("val").status().message(), "unknown split 'val' (test or train)");
}

TEST(DatasetSpec, LoadNamesTheMissingDirectory) {
  EXPECT_EQ(LoadDataset(ParseDatasetSpec("cifar10:/nonexistent/c10").value()).status().message(),
            "/nonexistent/c10: no such directory");
  EXPECT_EQ(LoadDataset(ParseDatasetSpec("fashion-mnist:/nonexistent/f").value()).status().message(),
            "/nonexistent/f: no such directory");
}

}  // namespace
}  // namespace eb
