// Report formats: exact Markdown and CSV lines, JSON round trip, self-contained HTML.
#include <gtest/gtest.h>

#include "report/html_report.h"
#include "report/json_report.h"
#include "report/table_report.h"

namespace eb {
namespace {

BenchRun SampleRun() {
  BenchRun run;
  run.suite = "seed";
  run.date = "2026-11-24T12:00:00Z";
  run.machine = "Test CPU";
  run.cpu_flags = {"avx2", "avx512f"};
  run.edgebench_version = "0.1.0";
  run.samples = 4;
  run.rounds = 3;
  BenchRow a;
  a.model = "Dense1";
  a.variant = "float32";
  a.engine = "edgebench";
  a.hardware = "host";
  a.data_type = "float32";
  a.batch1_us = Summarize({1.0, 2.0, 3.0, 4.0});
  a.batch1_us->round_medians = {2.5, 3.1, 2.9};
  a.batch32_us = Summarize({0.25, 0.5});
  a.model_bytes = 31400;
  a.weight_bytes = 31400;
  a.arena_bytes = 3200;
  a.accuracy = 0.9262;
  a.accuracy_samples = 10000;
  BenchRow b = a;
  b.engine = "onnxruntime-node 1.30.0";  // float32, as a peer runs it: edgebench's row gets a ratio to it
  b.data_type = "int8";
  b.batch32_us.reset();
  b.arena_bytes = 0;
  b.accuracy = 0.9251;
  b.accuracy_delta = -0.0011;
  b.note = "peer, same protocol";
  BenchRow c = a;
  c.variant = "int8";
  c.engine = "edgebench C";
  c.hardware = "cortex-m4 @168 MHz (emulated)";
  c.batch1_us = Summarize({60.5});
  c.batch32_us.reset();
  c.accuracy.reset();
  c.accuracy_samples = 0;
  c.flash_bytes = 20480;
  c.ram_bytes = 9216;
  c.cycles = 10164;
  c.instructions = 8000;
  BenchRow t = c;  // the same model and variant under TFLite Micro: the Cortex-M4 row's yardstick
  t.engine = "TFLite Micro + CMSIS-NN";
  t.cycles = 20328;
  t.flash_bytes = 10240;
  run.rows = {a, b, c, t};
  return run;
}

TEST(Report, MarkdownRowsAreExact) {
  const std::string md = MarkdownReport(SampleRun());
  EXPECT_NE(md.find("| host | edgebench | float32 | 1 | 30.7 KB / 3.1 KB | 2.50 | 0.38 | 1.00× / – | – | 92.62 | – |  |\n"),
            std::string::npos) << md;
  EXPECT_NE(md.find("| host | onnxruntime-node 1.30.0 | int8 | 1 | 30.7 KB / – | 2.50 | – | – | – | 92.51 | -0.11 | "
                    "peer, same protocol |\n"), std::string::npos) << md;
  EXPECT_NE(md.find("| cortex-m4 @168 MHz (emulated) | edgebench C | float32 | 1 | 30.7 KB / 3.1 KB; flash 20.0 KB / "
                    "RAM 9.0 KB | 60.50 | – | – | 0.50× / 2.00× | – | – |  |\n"), std::string::npos) << md;
  EXPECT_NE(md.find("### Dense1\n"), std::string::npos);
  EXPECT_NE(md.find("— up to 4 timed samples per cell in each of 3 rounds, the fastest round's median shown\n"),
            std::string::npos) << md;
}

TEST(Report, CsvHasOneLinePerRow) {
  const std::string csv = CsvReport(SampleRun());
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 5);
  EXPECT_NE(csv.find("Dense1,float32,edgebench,host,float32,1,2.500,3.700,3.970,1.000,4.000,1.291,0.375,"), std::string::npos)
      << csv;
  EXPECT_NE(csv.find(",31400,31400,0,0,0,,0.925100,10000,-0.001100,\"peer, same protocol\"\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find(",31400,31400,3200,20480,9216,10164,,0,,\n"), std::string::npos) << csv;
}

TEST(Report, JsonRoundTrips) {
  const BenchRun run = SampleRun();
  auto back = BenchRunFromJson(BenchRunToJson(run), "x.json");
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(BenchRunToJson(back.value()), BenchRunToJson(run));
  EXPECT_FALSE(back->rows[1].batch32_us.has_value());
  EXPECT_EQ(back->rounds, 3);
  EXPECT_EQ(back->rows[0].batch1_us->round_medians, (std::vector<double>{2.5, 3.1, 2.9}));
  EXPECT_EQ(back->rows[2].cycles, 10164);
  EXPECT_EQ(back->rows[2].flash_bytes, 20480);
  EXPECT_FALSE(back->rows[0].cycles.has_value());
  auto bad = BenchRunFromJson(nlohmann::json{{"schema", "other"}}, "y.json");
  EXPECT_EQ(bad.status().message(), "y.json: not an edgebench result file (schema 'other', expected 'edgebench-bench/1')");
}

// A --profile run: the kernels edgebench ran on in the header, a per-layer table, and both back from JSON.
TEST(Report, ProfileAndKernelsAreReportedAndRoundTrip) {
  BenchRun run = SampleRun();
  run.edgebench_kernels = "host (avx512vnni)";
  run.rows[0].profile = {LayerTime{0, "FULLY_CONNECTED", "eb_fully_connected_f32_gemm_avx512", 0.3},
                         LayerTime{1, "SOFTMAX", "eb_softmax_f32", 0.1}};
  const std::string md = MarkdownReport(run);
  EXPECT_NE(md.find(" — edgebench kernels: host (avx512vnni) — up to 4 timed"), std::string::npos) << md;
  EXPECT_NE(md.find("#### Dense1 float32 (0.40 µs in all)\n"), std::string::npos) << md;
  EXPECT_NE(md.find("| 0 | FULLY_CONNECTED | eb_fully_connected_f32_gemm_avx512 | 0.30 | 75.0 % |\n"), std::string::npos)
      << md;
  EXPECT_NE(md.find("| 1 | SOFTMAX | eb_softmax_f32 | 0.10 | 25.0 % |\n"), std::string::npos) << md;
  auto back = BenchRunFromJson(BenchRunToJson(run), "x.json");
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(BenchRunToJson(back.value()), BenchRunToJson(run));
  EXPECT_EQ(back->edgebench_kernels, "host (avx512vnni)");
  ASSERT_EQ(back->rows[0].profile.size(), 2u);
  EXPECT_EQ(back->rows[0].profile[0].kernel, "eb_fully_connected_f32_gemm_avx512");
}

TEST(Report, HtmlIsSelfContainedWithPlots) {
  const std::string html = HtmlReport(SampleRun());
  EXPECT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_GE(std::count(html.begin(), html.end(), '<') - std::count(html.begin(), html.end(), '>'), 0);
  EXPECT_NE(html.find("<svg"), std::string::npos);
  EXPECT_NE(html.find("Accuracy against model size"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("src="), std::string::npos);  // nothing to fetch
}

}  // namespace
}  // namespace eb
