// Ops describe their kernel calls as data (OpContext::Call): the field tables tile every params struct,
// and every step of every shared model has a description that matches what the host runs.
#include "runtime/kernel_call.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>

#include "importers/load_model.h"
#include "runtime/kernel_params.h"
#include "runtime/runtime.h"
#include "support/test_paths.h"

namespace eb {
namespace {

// The fields, in offset order, must leave no gap larger than alignment padding: a field missing from a
// table shows up as a hole.
template <class P>
void ExpectFieldsTile() {
  std::vector<ParamField> f = ParamsInfo<P>::Fields();
  std::sort(f.begin(), f.end(), [](const ParamField& a, const ParamField& b) { return a.offset < b.offset; });
  size_t end = 0;
  for (const ParamField& x : f) {
    const size_t size = x.is_pointer ? sizeof(void*) : CScalarSize(x.type) * static_cast<size_t>(x.count);
    const size_t align = x.is_pointer ? alignof(void*) : CScalarSize(x.type);
    const size_t expected = (end + align - 1) / align * align;
    EXPECT_EQ(x.offset, expected) << ParamsInfo<P>::kName << "." << x.name << " (a field before it is missing?)";
    end = x.offset + size;
  }
  EXPECT_EQ((end + alignof(P) - 1) / alignof(P) * alignof(P), sizeof(P)) << ParamsInfo<P>::kName << ": trailing field missing";
}

TEST(KernelParams, FieldTablesTileEveryStruct) {
  ForEachParamsInfo([]<class P>() { ExpectFieldsTile<P>(); });
}

TEST(KernelCall, CArgTypes) {
  EXPECT_STREQ(CArgType<const int8_t*>(), "const int8_t *");
  EXPECT_STREQ(CArgType<float*>(), "float *");
  EXPECT_STREQ(CArgType<const void*>(), "const void *");
  EXPECT_STREQ(CArgType<const void* const*>(), "const void *const *");
}

TEST(KernelCall, EverySharedModelIsDescribed) {
  if (!test::HaveShared()) GTEST_SKIP() << "no ../shared";
  for (const std::string& path : test::SharedTfliteModels()) {
    auto g = LoadModel(path);
    ASSERT_TRUE(g.ok()) << g.status().message();
    auto rt = Runtime::Create(std::move(*g), {KernelTarget::CortexM4()});
    ASSERT_TRUE(rt.ok()) << rt.status().message();
    const Runtime& r = **rt;
    ASSERT_FALSE(r.calls().empty()) << path;
    for (const KernelCall& c : r.calls()) {
      EXPECT_TRUE(c.described()) << path << ": " << r.graph().OpLabel(c.op_index);
      EXPECT_TRUE(c.kernel.starts_with("eb_")) << c.kernel;
      EXPECT_FALSE(c.params.empty());
      for (const CallArg& a : c.args) EXPECT_FALSE(a.c_type.empty()) << c.kernel;
    }
  }
}

TEST(KernelCall, ConvDescriptionCarriesItsParamsAndRequantisation) {
  if (!test::HaveShared()) GTEST_SKIP() << "no ../shared";
  auto rt = Runtime::Create(*LoadModel(test::SharedPath("models/tflite/mlperf-tiny/kws_ref_model.tflite")), {KernelTarget::CortexM4()});
  ASSERT_TRUE(rt.ok());
  // The 10x4 first layer takes the 16-bit-filter kernel: its call carries the widened filter and the
  // requantisation table that prepare made, in place of the filter, bias, multipliers and shifts.
  const KernelCall& c = (*rt)->calls()[0];
  EXPECT_EQ(c.kernel, "eb_conv2d_s8_g16");
  EXPECT_EQ(c.params_type, "eb_conv_params");
  ASSERT_EQ(c.params.size(), sizeof(eb_conv_params));
  eb_conv_params p;
  std::memcpy(&p, c.params.data(), sizeof p);
  EXPECT_EQ(p.in_h, 49);
  EXPECT_EQ(p.in_w, 10);
  EXPECT_EQ(p.out_c, 64);
  ASSERT_EQ(c.args.size(), 5u);
  EXPECT_EQ(c.args[0].kind, CallArg::Kind::kTensor);
  EXPECT_EQ(c.args[1].kind, CallArg::Kind::kConstArray);  // 64 filters of 10 x 4 taps, 16-bit
  EXPECT_EQ(c.args[1].bytes.size(), 64 * 40 * sizeof(int16_t));
  EXPECT_EQ(c.args[2].kind, CallArg::Kind::kConstArray);  // 4 words a channel and 2 of padding
  EXPECT_EQ(c.args[2].bytes.size(), (64 * 4 + 2) * sizeof(int32_t));
  // The patch of a pixel triple (6 words a group of 4 taps), its outputs when partial (3 x 64 bytes) and the three
  // pixels' gathered taps (3 x (40 + 4)): the kernel's scratch, which the planner placed in the arena.
  EXPECT_EQ(c.args[3].kind, CallArg::Kind::kScratch);
  EXPECT_EQ(c.args[3].c_type, "void *");
  EXPECT_EQ(eb_conv2d_g16_scratch_bytes(&p), 10 * 24 + 3 * 64 + 3 * 44);
  EXPECT_GE((*rt)->plan().scratch_offset[0], 0);
  EXPECT_EQ(c.args[4].c_type, "int8_t *");
}

}  // namespace
}  // namespace eb
