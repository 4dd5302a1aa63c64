// Peers' outputs for accuracy: top-1 labels and int8 differences computed exactly, and the ONNX Runtime
// and PyTorch runners' --all-outputs mode on Dense1 (one float32 output per MNIST image, predictions equal
// to edgebench's). Peers that are not installed are skipped with a note.
#include "bench/peer_outputs.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "bench/peer_process.h"
#include "bench/pytorch_peer.h"
#include "datasets/dataset_spec.h"
#include "eval/accuracy.h"
#include "importers/load_model.h"
#include "runtime/runtime.h"
#include "support/temp_dir.h"
#include "support/test_paths.h"

namespace eb {
namespace {

PeerOutputs Floats(const std::vector<float>& v, size_t per_output) {
  PeerOutputs o;
  o.dtype = "float32";
  o.values_per_output = per_output;
  o.count = v.size() / per_output;
  o.bytes.resize(v.size() * 4);
  std::memcpy(o.bytes.data(), v.data(), o.bytes.size());
  return o;
}

TEST(PeerOutputs, Top1IsTheFirstLargestValue) {
  auto labels = Top1Labels(Floats({0.1f, 0.7f, 0.7f, -1.f, -3.f, -2.f, 5.f, 5.f, 4.f}, 3));
  ASSERT_TRUE(labels.ok()) << labels.status().message();
  EXPECT_EQ(labels.value(), (std::vector<uint8_t>{1, 0, 0}));
  PeerOutputs q;
  q.dtype = "int8";
  q.values_per_output = 4;
  q.count = 2;
  q.bytes = {0x80, 0xff, 0x7f, 0x00, 0x81, 0x80, 0x80, 0x81};  // -128 -1 127 0 | -127 -128 -128 -127
  auto ql = Top1Labels(q);
  ASSERT_TRUE(ql.ok()) << ql.status().message();
  EXPECT_EQ(ql.value(), (std::vector<uint8_t>{2, 0}));
  q.dtype = "uint8";
  EXPECT_EQ(Top1Labels(q).value(), (std::vector<uint8_t>{1, 0}));  // 255 | 129 first
}

TEST(PeerOutputs, Top1RefusesMismatchedBytes) {
  PeerOutputs o = Floats({1, 2, 3, 4}, 2);
  o.count = 3;
  auto labels = Top1Labels(o);
  ASSERT_FALSE(labels.ok());
  EXPECT_EQ(labels.status().message(), "the peer's outputs do not hold 3 float32 outputs");
  o.values_per_output = 300;
  EXPECT_EQ(Top1Labels(o).status().message(), "top-1 labels need 1 to 256 classes, the peer's output has 300 values");
}

TEST(PeerOutputs, QuantizedDifferencesCountBytesOutputsAndSteps) {
  PeerOutputs q;
  q.dtype = "int8";
  q.values_per_output = 3;
  q.count = 3;
  q.bytes = {0x05, 0x80, 0x10, 0x05, 0x06, 0x07, 0x7f, 0x00, 0x00};
  const std::vector<uint8_t> ref = {0x05, 0x80, 0x10, 0x04, 0x06, 0x09, 0x80, 0x00, 0x00};
  auto d = CompareQuantizedOutputs(q, ref);
  ASSERT_TRUE(d.ok()) << d.status().message();
  EXPECT_EQ(d->values, 9u);
  EXPECT_EQ(d->differing_values, 3u);
  EXPECT_EQ(d->differing_outputs, 2u);
  EXPECT_EQ(d->max_step, 255);  // 127 against -128
  EXPECT_EQ(CompareQuantizedOutputs(q, std::vector<uint8_t>(8)).status().message(),
            "the peer wrote 9 output bytes, the reference holds 8");
  EXPECT_EQ(CompareQuantizedOutputs(Floats({1}, 1), std::vector<uint8_t>(4)).status().message(),
            "the peer's outputs are float32, not int8 or uint8");
}

TEST(PeerOutputs, LabelAgreementOverTheShorterList) {
  EXPECT_EQ(LabelAgreement(std::vector<uint8_t>{1, 2, 3, 4}, std::vector<uint8_t>{1, 0, 3, 4, 9}), 0.75);
  EXPECT_EQ(LabelAgreement({}, std::vector<uint8_t>{1}), 0.0);
}

TEST(PeerOutputs, UnknownEngineIsAReason) {
  auto o = RunPeerOutputs("tensorrt", "/nonexistent", "m.onnx", "/nonexistent/in.bin");
  ASSERT_FALSE(o.ok());
  EXPECT_EQ(o.status().message(), "unknown peer engine 'tensorrt' (onnxruntime, pytorch or litert)");
}

TEST(PeerOutputs, RunnersJsonDescribesOutputZero) {
  auto t = RunPeerCommand(
      R"(printf '{"runtime": "fake", "samples_us": [], "output": {"type": "int8", "shape": [1, 10]}}')", "fake");
  ASSERT_TRUE(t.ok()) << t.status().message();
  EXPECT_EQ(t->output_type, "int8");
  EXPECT_EQ(t->output_shape, (std::vector<int64_t>{1, 10}));
}

// Dense1 over the first 200 MNIST test images: one float32 output of 10 per image from the peer, whose
// predictions are edgebench's and whose logits match edgebench's to float32 rounding.
void ExpectAllOutputs(const std::string& engine, const std::string& peer_dir) {
  const std::string model = std::string(EB_SOURCE_DIR) + "/models/dense1.onnx";
  auto g = LoadModel(model);
  ASSERT_TRUE(g.ok()) << g.status().message();
  auto ds = LoadDataset(DatasetSpec{"mnist", test::SharedPath("data/mnist"), Split::kTest});
  ASSERT_TRUE(ds.ok()) << ds.status().message();
  auto rt = Runtime::Create(g.value());
  ASSERT_TRUE(rt.ok()) << rt.status().message();
  auto pp = ResolvePreprocess(g.value(), {});
  ASSERT_TRUE(pp.ok()) << pp.status().message();
  auto filler = InputFiller::Create(rt.value()->input_tensor(0), pp->pp, ds->height, ds->width, ds->channels);
  ASSERT_TRUE(filler.ok()) << filler.status().message();
  constexpr size_t kImages = 200;
  const size_t in_bytes = static_cast<size_t>(rt.value()->input_tensor(0).num_bytes());
  std::vector<uint8_t> inputs(kImages * in_bytes);
  std::vector<float> logits;
  std::vector<uint8_t> want;
  for (size_t i = 0; i < kImages; ++i) {
    filler->Fill(ds->image(i), inputs.data() + i * in_bytes);
    std::memcpy(rt.value()->input(0), inputs.data() + i * in_bytes, in_bytes);
    rt.value()->Invoke();
    const float* y = reinterpret_cast<const float*>(rt.value()->output(0));
    logits.insert(logits.end(), y, y + 10);
    want.push_back(static_cast<uint8_t>(ArgMax(rt.value()->output_tensor(0), rt.value()->output(0))));
  }
  test::TempDir dir;
  auto o = RunPeerOutputs(engine, peer_dir, model, dir.Write("inputs.bin", inputs));
  ASSERT_TRUE(o.ok()) << o.status().message();
  EXPECT_EQ(o->dtype, "float32");
  EXPECT_EQ(o->values_per_output, 10u);
  ASSERT_EQ(o->count, kImages);
  auto labels = Top1Labels(o.value());
  ASSERT_TRUE(labels.ok()) << labels.status().message();
  EXPECT_EQ(labels.value(), want);
  for (size_t i = 0; i < logits.size(); ++i) {
    float v;
    std::memcpy(&v, o->bytes.data() + 4 * i, 4);
    ASSERT_NEAR(v, logits[i], 1e-4f * std::max(1.0f, std::fabs(logits[i]))) << "value " << i;
  }
}

TEST(PeerOutputs, OnnxRuntimeWritesEveryOutput) {
  const std::string dir = std::string(EB_SOURCE_DIR) + "/peers/onnxruntime";
  if (!std::filesystem::exists(dir + "/node_modules/onnxruntime-node")) {
    GTEST_SKIP() << "onnxruntime-node is not installed in peers/onnxruntime (scripts/setup.sh installs it)";
  }
  if (!std::filesystem::is_directory(test::SharedPath("data/mnist"))) GTEST_SKIP() << "../shared/data/mnist is missing";
  ExpectAllOutputs("onnxruntime", dir);
}

TEST(PeerOutputs, PyTorchWritesEveryOutput) {
  const std::string probe = std::string(kPyTorchPython) + " -c 'import torch, onnx' >/dev/null 2>&1";
  if (std::system(probe.c_str()) != 0) GTEST_SKIP() << kPyTorchPython << " cannot import torch and onnx";
  if (!std::filesystem::is_directory(test::SharedPath("data/mnist"))) GTEST_SKIP() << "../shared/data/mnist is missing";
  ExpectAllOutputs("pytorch", std::string(EB_SOURCE_DIR) + "/peers/pytorch");
}

}  // namespace
}  // namespace eb
