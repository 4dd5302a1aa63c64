// The LiteRT peer: the Node runner loads the .tflite files `edgebench convert` writes (float32, float16,
// int8 calibrated on MNIST) for Conv3Dense1 and predicts what edgebench predicts on the first 2,000 MNIST
// test images; int8 outputs are compared byte for byte with edgebench's (its host kernels, bit-exact with
// the TFLM-exact reference kernels) and the count of differing bytes is printed. The batch-32 copy and the
// identity-like overhead model are checked on edgebench's own runtime, so that part runs without the peer.
#include "bench/litert_peer.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>

#include "bench/peer_outputs.h"
#include "convert/convert.h"
#include "datasets/dataset_spec.h"
#include "datasets/preprocess.h"
#include "eval/accuracy.h"
#include "exporters/tflite/tflite_writer.h"
#include "importers/load_model.h"
#include "importers/tflite/tflite_importer.h"
#include "runtime/runtime.h"
#include "support/temp_dir.h"
#include "support/test_paths.h"

namespace eb {
namespace {

constexpr size_t kImages = 2000;  // 99.9 % agreement allows 2 differing predictions

std::string LiteRtDir() { return std::string(EB_SOURCE_DIR) + "/peers/litert"; }

// Why the peer cannot run here, or empty when it can.
std::string LiteRtMissing() {
  if (!std::filesystem::exists(LiteRtDir() + "/node_modules/@litertjs/core")) {
    return "@litertjs/core is not installed in peers/litert (scripts/setup.sh runs npm ci there)";
  }
  if (std::system("command -v node >/dev/null 2>&1") != 0) return "node is not on PATH";
  return "";
}

std::string SeedModel(const std::string& name) { return std::string(EB_SOURCE_DIR) + "/models/" + name + ".onnx"; }

// The first `n` MNIST test images preprocessed for `g`'s input, back to back.
std::vector<uint8_t> MnistInputs(const Graph& g, size_t n) {
  auto ds = LoadDataset(DatasetSpec{"mnist", test::SharedPath("data/mnist"), Split::kTest});
  EXPECT_TRUE(ds.ok()) << ds.status().message();
  if (!ds.ok()) return {};
  auto pp = ResolvePreprocess(g, {});
  EXPECT_TRUE(pp.ok()) << pp.status().message();
  const Tensor& in = g.tensor(g.inputs[0]);
  auto filler = InputFiller::Create(in, pp->pp, ds->height, ds->width, ds->channels);
  EXPECT_TRUE(filler.ok()) << filler.status().message();
  if (!pp.ok() || !filler.ok()) return {};
  const size_t bytes = static_cast<size_t>(in.num_bytes());
  std::vector<uint8_t> out(std::min(n, ds->size()) * bytes);
  for (size_t i = 0; i * bytes < out.size(); ++i) filler->Fill(ds->image(i), out.data() + i * bytes);
  return out;
}

// Output 0 of `g` for each input, back to back.
std::vector<uint8_t> RunAll(const Graph& g, const std::vector<uint8_t>& inputs, KernelTarget target) {
  auto rt = Runtime::Create(g, {target});
  EXPECT_TRUE(rt.ok()) << rt.status().message();
  if (!rt.ok()) return {};
  Runtime& r = *rt.value();
  const size_t in_bytes = static_cast<size_t>(r.input_tensor(0).num_bytes());
  const size_t out_bytes = static_cast<size_t>(r.output_tensor(0).num_bytes());
  std::vector<uint8_t> out;
  for (size_t off = 0; off + in_bytes <= inputs.size(); off += in_bytes) {
    std::memcpy(r.input(0), inputs.data() + off, in_bytes);
    r.Invoke();
    out.insert(out.end(), r.output(0), r.output(0) + out_bytes);
  }
  return out;
}

std::vector<uint8_t> Labels(const Graph& g, const std::vector<uint8_t>& outputs) {
  const Tensor& t = g.tensor(g.outputs[0]);
  const size_t n = static_cast<size_t>(t.num_bytes());
  std::vector<uint8_t> labels;
  for (size_t off = 0; off + n <= outputs.size(); off += n) labels.push_back(static_cast<uint8_t>(ArgMax(t, outputs.data() + off)));
  return labels;
}

// Converts Conv3Dense1 as `edgebench convert` would, has LiteRT run the written file over the MNIST
// subset and compares its predictions (and, for int8, its bytes) with edgebench's.
void ExpectLiteRtAgrees(const std::string& variant) {
  SCOPED_TRACE(variant);
  auto g = LoadModel(SeedModel("conv3dense1"));
  ASSERT_TRUE(g.ok()) << g.status().message();
  ConvertOptions co;
  co.optimize.float16 = variant == "float16";
  if (variant == "int8") {
    co.int8 = true;
    co.calib_dataset = "mnist:" + test::SharedPath("data/mnist");
    co.calib_samples = 100;
  }
  auto report = ConvertGraph(g.value(), co);
  ASSERT_TRUE(report.ok()) << report.status().message();
  test::TempDir dir;
  const std::string model = dir.file("conv3dense1-" + variant + ".tflite");
  ASSERT_TRUE(ExportTfliteFile(g.value(), model).ok());
  // edgebench runs the file as written, like the peer does.
  auto written = ImportTfliteFile(model);
  ASSERT_TRUE(written.ok()) << written.status().message();
  const std::vector<uint8_t> inputs = MnistInputs(written.value(), kImages);
  ASSERT_EQ(inputs.size(), kImages * static_cast<size_t>(written->tensor(written->inputs[0]).num_bytes()));
  const bool int8 = variant == "int8";
  // The host kernels give the reference kernels' (TFLM's) int8 bytes exactly and are far quicker in the
  // sanitizer build.
  const std::vector<uint8_t> ours = RunAll(written.value(), inputs, KernelTarget::Host());
  const std::vector<uint8_t> want = Labels(written.value(), ours);
  ASSERT_EQ(want.size(), kImages);

  auto peer = RunPeerOutputs("litert", LiteRtDir(), model, dir.Write("inputs.bin", inputs));
  ASSERT_TRUE(peer.ok()) << peer.status().message();
  EXPECT_EQ(peer->runtime.rfind("litert-wasm ", 0), 0u) << peer->runtime;
  EXPECT_EQ(peer->dtype, int8 ? "int8" : "float32");
  EXPECT_EQ(peer->values_per_output, 10u);
  ASSERT_EQ(peer->count, kImages);
  auto got = Top1Labels(peer.value());
  ASSERT_TRUE(got.ok()) << got.status().message();
  const double agreement = LabelAgreement(got.value(), want);
  std::cout << "[ LiteRT   ] Conv3Dense1 " << variant << ": top-1 agrees with edgebench on " << agreement * 100
            << " % of " << kImages << " MNIST test images\n";
  EXPECT_GE(agreement, 0.999);
  if (int8) {
    auto diff = CompareQuantizedOutputs(peer.value(), ours);
    ASSERT_TRUE(diff.ok()) << diff.status().message();
    EXPECT_EQ(diff->values, kImages * 10);
    // Not asserted to be zero: XNNPACK's int8 rounding is not TFLM's. Reported for the bench's note.
    std::cout << "[ LiteRT   ] Conv3Dense1 int8: " << diff->differing_values << " of " << diff->values
              << " output bytes differ from edgebench's TFLM-exact ones (" << diff->differing_outputs << " of "
              << kImages << " outputs, at most " << diff->max_step << " steps)\n";
    EXPECT_LE(diff->max_step, 127);
  } else {
    // Same arithmetic up to summation order and FMA: logits within a few float32 ulps of their range.
    float worst = 0, range = 0;
    for (size_t i = 0; i < ours.size() / 4; ++i) {
      float a, b;
      std::memcpy(&a, ours.data() + 4 * i, 4);
      std::memcpy(&b, peer->bytes.data() + 4 * i, 4);
      worst = std::max(worst, std::fabs(a - b));
      range = std::max(range, std::fabs(a));
    }
    std::cout << "[ LiteRT   ] Conv3Dense1 " << variant << ": largest logit difference " << worst << " (largest logit "
              << range << ")\n";
    EXPECT_LE(worst, 1e-3f * range);
  }
}

TEST(LiteRtPeer, Float32AgreesWithEdgebench) {
  if (const std::string why = LiteRtMissing(); !why.empty()) GTEST_SKIP() << why;
  if (!std::filesystem::is_directory(test::SharedPath("data/mnist"))) GTEST_SKIP() << "../shared/data/mnist is missing";
  ExpectLiteRtAgrees("float32");
}

TEST(LiteRtPeer, Float16AgreesWithEdgebench) {
  if (const std::string why = LiteRtMissing(); !why.empty()) GTEST_SKIP() << why;
  if (!std::filesystem::is_directory(test::SharedPath("data/mnist"))) GTEST_SKIP() << "../shared/data/mnist is missing";
  ExpectLiteRtAgrees("float16");
}

TEST(LiteRtPeer, Int8AgreesWithEdgebench) {
  if (const std::string why = LiteRtMissing(); !why.empty()) GTEST_SKIP() << why;
  if (!std::filesystem::is_directory(test::SharedPath("data/mnist"))) GTEST_SKIP() << "../shared/data/mnist is missing";
  ExpectLiteRtAgrees("int8");
}

// Batch 32 through a copy written at batch 32, and the binding overhead on the identity-like model.
TEST(LiteRtPeer, TimesBatch32AndTheBindingOverhead) {
  if (const std::string why = LiteRtMissing(); !why.empty()) GTEST_SKIP() << why;
  auto g = LoadModel(SeedModel("dense1"));
  ASSERT_TRUE(g.ok()) << g.status().message();
  test::TempDir dir;
  const std::string model = dir.file("dense1.tflite");
  ASSERT_TRUE(ExportTfliteFile(g.value(), model).ok());
  const size_t bytes = static_cast<size_t>(g->tensor(g->inputs[0]).num_bytes());
  std::vector<uint8_t> inputs(bytes * 3, 0);
  PeerRequest req;
  req.model = model;
  req.inputs = dir.Write("inputs.bin", inputs);
  req.batch = 32;
  req.samples = 25;
  req.warmup = 5;
  req.overhead = true;
  auto t = RunLiteRtPeer(LiteRtDir(), req);
  ASSERT_TRUE(t.ok()) << t.status().message();
  EXPECT_EQ(t->samples_us.size(), 25u);
  ASSERT_TRUE(t->overhead_us.has_value());
  EXPECT_GT(*t->overhead_us, 0.0);
  EXPECT_EQ(t->output_type, "float32");
  EXPECT_EQ(t->output_shape, (std::vector<int64_t>{32, 10}));
}

TEST(LiteRtPeer, RefusesOtherFormatsAndMissingPackages) {
  auto missing = RunLiteRtPeer("/nonexistent/peers/litert", PeerRequest{});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().message(),
            "@litertjs/core is not installed in /nonexistent/peers/litert (scripts/setup.sh installs it)");
  if (const std::string why = LiteRtMissing(); !why.empty()) GTEST_SKIP() << why;
  PeerRequest req;
  req.model = SeedModel("dense1");
  auto onnx = RunLiteRtPeer(LiteRtDir(), req);
  ASSERT_FALSE(onnx.ok());
  EXPECT_EQ(onnx.status().message(), "the LiteRT peer runs .tflite models, not " + SeedModel("dense1"));
}

// The overhead model computes nothing: written, read back and run by edgebench, output = input.
TEST(LiteRtPeer, IdentityLikeGraphCopiesItsInput) {
  Tensor in;
  in.name = "input";
  in.dtype = DType::kI8;
  in.shape = {1, 4, 4, 3};
  in.quant = Quant{{0.5f}, {-3}, 0};
  auto bytes = ExportTflite(IdentityLikeGraph(in));
  ASSERT_TRUE(bytes.ok()) << bytes.status().message();
  auto back = ImportTflite(bytes->data(), bytes->size(), "identity");
  ASSERT_TRUE(back.ok()) << back.status().message();
  ASSERT_EQ(back->ops.size(), 1u);
  EXPECT_EQ(back->ops[0].type, OpType::kReshape);
  EXPECT_EQ(back->tensor(back->outputs[0]).shape, in.shape);
  EXPECT_EQ(back->tensor(back->outputs[0]).quant, in.quant);
  std::vector<uint8_t> x(48);
  for (size_t i = 0; i < x.size(); ++i) x[i] = static_cast<uint8_t>(i * 7 + 1);
  EXPECT_EQ(RunAll(back.value(), x, KernelTarget::C()), x);
}

// The batch-32 copy (RESHAPE targets rewritten) gives each image's batch-1 output, exported and read back.
TEST(LiteRtPeer, GraphAtBatchRunsEveryImageAsAtBatchOne) {
  auto g = LoadModel(SeedModel("conv3dense1"));
  ASSERT_TRUE(g.ok()) << g.status().message();
  auto at = GraphAtBatch(g.value(), 32);
  ASSERT_TRUE(at.ok()) << at.status().message();
  auto bytes = ExportTflite(at.value());
  ASSERT_TRUE(bytes.ok()) << bytes.status().message();
  auto back = ImportTflite(bytes->data(), bytes->size(), "batch 32");
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(back->tensor(back->inputs[0]).shape[0], 32);
  const size_t in1 = static_cast<size_t>(g->tensor(g->inputs[0]).num_bytes());
  std::vector<uint8_t> x(in1 * 32);
  for (size_t i = 0; i < x.size() / 4; ++i) {
    const float v = static_cast<float>((i * 37) % 101) / 101.0f;
    std::memcpy(x.data() + 4 * i, &v, 4);
  }
  const std::vector<uint8_t> one = RunAll(g.value(), x, KernelTarget::C());
  EXPECT_EQ(RunAll(back.value(), x, KernelTarget::C()), one);
}

}  // namespace
}  // namespace eb
