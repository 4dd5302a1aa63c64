// Round trip: every shared model, imported, written by the TFLite writer and read back, gives an identical
// graph and identical outputs on its golden inputs.
#include "exporters/tflite/tflite_writer.h"

#include <gtest/gtest.h>

#include <cstring>

#include "importers/tflite/tflite_importer.h"
#include "runtime/runtime.h"
#include "support/test_paths.h"

namespace eb {
namespace {

// Runs a graph once on `input` (all inputs' bytes, concatenated) and returns all output bytes.
std::vector<uint8_t> RunOnce(const Graph& g, const std::vector<uint8_t>& input) {
  auto rt = Runtime::Create(g);
  EXPECT_TRUE(rt.ok()) << rt.status().message();
  if (!rt.ok()) return {};
  Runtime& r = *rt.value();
  size_t off = 0;
  for (size_t i = 0; i < g.inputs.size(); ++i) {
    const size_t n = static_cast<size_t>(r.input_tensor(i).num_bytes());
    if (off + n <= input.size()) std::memcpy(r.input(i), input.data() + off, n);
    off += n;
  }
  r.Invoke();
  std::vector<uint8_t> out;
  for (size_t i = 0; i < g.outputs.size(); ++i) {
    out.insert(out.end(), r.output(i), r.output(i) + r.output_tensor(i).num_bytes());
  }
  return out;
}

TEST(TfliteWriter, RoundTripsEverySharedModel) {
  if (!test::HaveShared()) GTEST_SKIP() << "../shared is not beside the checkout";
  int models = 0;
  for (const std::string& path : test::SharedTfliteModels()) {
    SCOPED_TRACE(path);
    auto original = ImportTfliteFile(path);
    ASSERT_TRUE(original.ok()) << original.status().message();
    auto bytes = ExportTflite(original.value());
    ASSERT_TRUE(bytes.ok()) << bytes.status().message();
    auto back = ImportTflite(bytes->data(), bytes->size(), "round-trip");
    ASSERT_TRUE(back.ok()) << back.status().message();
    const Graph& a = original.value();
    const Graph& b = back.value();
    ASSERT_EQ(a.tensors.size(), b.tensors.size());
    for (size_t t = 0; t < a.tensors.size(); ++t) EXPECT_EQ(a.tensors[t], b.tensors[t]) << "tensor " << t;
    ASSERT_EQ(a.ops.size(), b.ops.size());
    for (size_t i = 0; i < a.ops.size(); ++i) EXPECT_EQ(a.ops[i], b.ops[i]) << "operator " << i;
    EXPECT_EQ(a.inputs, b.inputs);
    EXPECT_EQ(a.outputs, b.outputs);
    // Outputs on a golden input where one exists, else on a seeded pattern of the right size.
    const std::string stem = std::filesystem::path(path).stem().string();
    std::vector<uint8_t> input = test::ReadBytes(test::SharedPath("golden/" + stem + "/input_0.bin"));
    if (input.empty()) {
      int64_t n = 0;
      for (int t : a.inputs) n += a.tensor(t).num_bytes();
      input.resize(static_cast<size_t>(n));
      for (size_t k = 0; k < input.size(); ++k) input[k] = static_cast<uint8_t>((k * 37) % 251);
      // Clearing the top bits of every fourth byte keeps float32 inputs finite (no NaN/inf exponent).
      for (size_t k = 3; k < input.size(); k += 4) input[k] &= 0x3f;
    }
    EXPECT_EQ(RunOnce(a, input), RunOnce(b, input));
    ++models;
  }
  EXPECT_EQ(models, 11);  // every .tflite under ../shared/models/tflite
}

TEST(TfliteWriter, KeepsMetadataAndWritesAtomically) {
  Graph g;
  g.name = "tiny";
  Tensor in;
  in.name = "x";
  in.shape = {1, 3};
  Tensor out = in;
  out.name = "y";
  g.tensors = {in, out};
  g.inputs = {0};
  g.outputs = {1};
  g.ops.push_back(Op{OpType::kRelu, {0}, {1}, {}});
  g.metadata["edgebench.preprocess"] = R"({"scale":0.00392156862745098})";
  const std::string path = testing::TempDir() + "/eb_writer_tiny.tflite";
  ASSERT_TRUE(ExportTfliteFile(g, path).ok());
  EXPECT_FALSE(std::filesystem::exists(path + ".partial"));
  auto back = ImportTfliteFile(path);
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(back->metadata.at("edgebench.preprocess"), R"({"scale":0.00392156862745098})");
  EXPECT_EQ(back->ops[0], g.ops[0]);
  const Status bad = ExportTfliteFile(g, "/nonexistent-dir/x.tflite");
  EXPECT_EQ(bad.message(), "/nonexistent-dir/x.tflite: cannot create the output file");
  std::filesystem::remove(path);
}

// STRIDED_SLICE's options travel through the writer and the importer field by field (TFLite's ids).
TEST(TfliteWriter, RoundTripsStridedSliceOptions) {
  Graph g;
  g.name = "slice";
  Tensor in;
  in.name = "x";
  in.shape = {4, 6};
  Tensor idx;
  idx.dtype = DType::kI32;
  idx.shape = {2};
  idx.is_constant = true;
  idx.data.assign(8, 0);
  Tensor begin = idx, end = idx, strides = idx;
  begin.name = "begin";
  end.name = "end";
  strides.name = "strides";
  strides.data = {1, 0, 0, 0, 2, 0, 0, 0};
  Tensor out = in;
  out.name = "y";
  out.shape = {3};
  g.tensors = {in, begin, end, strides, out};
  g.inputs = {0};
  g.outputs = {4};
  OpAttrs a;
  a.begin_mask = 2;
  a.end_mask = 3;
  a.ellipsis_mask = 4;
  a.new_axis_mask = 8;
  a.shrink_axis_mask = 1;
  a.offset = true;
  g.ops.push_back(Op{OpType::kStridedSlice, {0, 1, 2, 3}, {4}, a});
  auto bytes = ExportTflite(g);
  ASSERT_TRUE(bytes.ok()) << bytes.status().message();
  auto back = ImportTflite(bytes->data(), bytes->size(), "round-trip");
  ASSERT_TRUE(back.ok()) << back.status().message();
  ASSERT_EQ(back->ops.size(), 1u);
  EXPECT_EQ(back->ops[0], g.ops[0]);
}

}  // namespace
}  // namespace eb
