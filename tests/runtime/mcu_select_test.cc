// Trading flash for cycles on an MCU target (src/runtime/mcu_select.h): which layers give up their fast layouts
// first, what --optimize size takes, and the errors when a model cannot fit the budget.
#include "runtime/mcu_select.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "importers/load_model.h"
#include "runtime/runtime.h"
#include "support/test_paths.h"

namespace eb {
namespace {

McuCandidate Row(int row, bool int8_filter, bool preferred, int64_t flash, double cycles) {
  return {row, int8_filter ? "int8" : "wide", int8_filter, preferred, flash, 1000, cycles, 100};
}

// Op 0 has no int8 alternative, op 1 saves 500 bytes for 50 cycles, op 2 saves 1,000 bytes for 1,000 cycles, op 3
// is int8 already: op 1 gives way first (most bytes per cycle lost), op 2 next, the others never.
std::vector<std::vector<McuCandidate>> FourOps() {
  return {{Row(0, false, true, 4000, 10)},
          {Row(0, false, true, 1000, 100), Row(2, true, false, 500, 150)},
          {Row(1, false, true, 2000, 100), Row(3, true, false, 1000, 1100)},
          {Row(1, true, true, 300, 40)}};
}

TEST(McuSelect, LayersGiveUpTheirFastLayoutsMostBytesPerCycleFirst) {
  const auto c = FourOps();
  const std::vector<int> start(4, -1);
  std::vector<size_t> switched;
  EXPECT_EQ(SwitchToInt8Filters(c, start, 0, &switched), start);
  EXPECT_TRUE(switched.empty());
  EXPECT_EQ(SwitchToInt8Filters(c, start, 400, &switched), (std::vector<int>{-1, 2, -1, -1}));
  EXPECT_EQ(switched, (std::vector<size_t>{1}));
  switched.clear();
  EXPECT_EQ(SwitchToInt8Filters(c, start, 600, &switched), (std::vector<int>{-1, 2, 3, -1}));
  EXPECT_EQ(switched, (std::vector<size_t>{1, 2}));
  // More than every switch saves: all that can switch do, the rest stays.
  EXPECT_EQ(SwitchToInt8Filters(c, start, 1 << 20), (std::vector<int>{-1, 2, 3, -1}));
  // An op already switched is not counted again.
  switched.clear();
  EXPECT_EQ(SwitchToInt8Filters(c, {-1, 2, -1, -1}, 600, &switched), (std::vector<int>{-1, 2, 3, -1}));
  EXPECT_EQ(switched, (std::vector<size_t>{2}));
}

TEST(McuSelect, TakenCandidateIsTheChosenRowOrThePreferredOne) {
  const auto c = FourOps();
  EXPECT_EQ(TakenCandidate(c[1], -1)->row, 0);
  EXPECT_EQ(TakenCandidate(c[1], 2)->row, 2);
  EXPECT_EQ(TakenCandidate({}, -1), nullptr);
}

TEST(McuSelect, FlashErrorNamesTheSizesAndTheFlag) {
  const McuFlashEstimate e{271400, 5200};
  EXPECT_EQ(McuFlashError("ad.tflite", e, 256000, false).message(),
            "ad.tflite does not fit the flash budget: the firmware needs about 276,600 bytes (constants 271,400 + "
            "code 5,200) even with every layer's int8-filter variant, the budget is 256,000 bytes (--flash-kb 250)");
  EXPECT_NE(McuFlashError("ad.tflite", e, 256000, true).message().find("with int8 filters everywhere (--optimize size)"),
            std::string::npos);
  EXPECT_EQ(McuFlashError("f.tflite", e, 256000, false, /*has_layouts=*/false).message(),
            "f.tflite does not fit the flash budget: the firmware needs about 276,600 bytes (constants 271,400 + "
            "code 5,200), the budget is 256,000 bytes (--flash-kb 250)");
}

TEST(McuSelect, OptimizeNamesParse) {
  EXPECT_EQ(*ParseMcuOptimize("speed"), McuOptimize::kSpeed);
  EXPECT_EQ(*ParseMcuOptimize("size"), McuOptimize::kSize);
  EXPECT_EQ(ParseMcuOptimize("fast").status().message(), "unknown optimisation goal 'fast' (expected speed or size)");
  EXPECT_EQ(KernelTarget::CortexM4({.dsp = true, .optimize = McuOptimize::kSize, .flash_bytes = 512 * 1024}).Describe(),
            "cortex-m4 (size, flash 512 KB)");
}

class McuSelectModel : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!test::HaveShared()) GTEST_SKIP() << "no ../shared";
    auto g = LoadModel(test::SharedPath("models/tflite/mlperf-tiny/ad01_int8.tflite"));
    ASSERT_TRUE(g.ok()) << g.status().message();
    graph_ = std::move(*g);
  }
  Result<std::unique_ptr<Runtime>> Prepare(McuOptimize goal, int64_t flash_kb) {
    return Runtime::Create(graph_, {KernelTarget::CortexM4({.dsp = true, .optimize = goal, .flash_bytes = flash_kb * 1024})});
  }
  static int WideLayers(const Runtime& rt) {
    int wide = 0;
    for (size_t op = 0; op < rt.mcu_candidates().size(); ++op) {
      const McuCandidate* c = TakenCandidate(rt.mcu_candidates()[op], rt.mcu_choice()[op]);
      wide += c && !c->int8_filter ? 1 : 0;
    }
    return wide;
  }
  Graph graph_;
};

// AD's ten FULLY_CONNECTED layers: with 1 MB all but one take 16-bit filters (566 KB), size keeps int8 filters in
// all (277 KB), and a 512 KB budget keeps the fast layouts where they cost the least flash per cycle.
TEST_F(McuSelectModel, TheFlashBudgetDecidesLayerByLayer) {
  auto speed = Prepare(McuOptimize::kSpeed, 1024);
  auto size = Prepare(McuOptimize::kSize, 1024);
  auto half = Prepare(McuOptimize::kSpeed, 512);
  ASSERT_TRUE(speed.ok() && size.ok() && half.ok());
  EXPECT_EQ(WideLayers(**speed), 9);
  EXPECT_EQ(WideLayers(**size), 0);
  const int wide = WideLayers(**half);
  EXPECT_GT(wide, 0);
  EXPECT_LT(wide, 9);
  EXPECT_EQ((*size)->mcu_flash().total(), 277220);
  EXPECT_GT((*speed)->mcu_flash().total(), 512 * 1024);
  EXPECT_LE((*half)->mcu_flash().total(), 512 * 1024);
  EXPECT_GT((*half)->mcu_flash().total(), (*size)->mcu_flash().total());
  // Every goal computes the same bytes.
  std::vector<std::vector<uint8_t>> outs;
  for (Runtime* rt : {speed->get(), size->get(), half->get()}) {
    for (int64_t i = 0; i < rt->input_tensor(0).num_bytes(); ++i) rt->input(0)[i] = static_cast<uint8_t>(i * 37 + 11);
    rt->Invoke();
    outs.emplace_back(rt->output(0), rt->output(0) + rt->output_tensor(0).num_bytes());
  }
  EXPECT_EQ(outs[0], outs[1]);
  EXPECT_EQ(outs[0], outs[2]);
}

TEST_F(McuSelectModel, AModelThatCannotFitIsAnError) {
  auto speed = Prepare(McuOptimize::kSpeed, 250);
  ASSERT_FALSE(speed.ok());
  EXPECT_EQ(speed.status().message(),
            graph_.name + " does not fit the flash budget: the firmware needs about 277,220 bytes (constants "
            "271,400 + code 5,820) even with every layer's int8-filter variant, the budget is 256,000 bytes "
            "(--flash-kb 250)");
  auto size = Prepare(McuOptimize::kSize, 250);
  ASSERT_FALSE(size.ok());
  EXPECT_NE(size.status().message().find("(--optimize size)"), std::string::npos);
}

}  // namespace
}  // namespace eb
