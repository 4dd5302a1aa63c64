// report.html's charts from synthetic runs: which charts appear for which rows, their exact headings,
// axis ticks and titles, bar and point names, ratios, escaping, and nothing drawn where there is no data.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "core/strings.h"
#include "report/html_report.h"

namespace eb {
namespace {

const char* kCortex = "cortex-m4 @168 MHz (emulated)";
const char* kEbC = "edgebench C (arm-none-eabi-gcc -O2, DSP kernels)";
const char* kTflm = "TFLite Micro + CMSIS-NN";

LatencyStats Median(double us) {
  LatencyStats s;
  s.n = 1;
  s.median = s.p90 = s.p99 = s.min = s.max = s.mean = us;
  return s;
}

BenchRow Host(const std::string& model, const std::string& variant, const std::string& engine, double b1,
              std::optional<double> b32, int64_t bytes, std::optional<double> acc) {
  BenchRow r;
  r.model = model;
  r.variant = variant;
  r.engine = engine;
  r.hardware = "host x86-64";
  r.data_type = variant;
  r.batch1_us = Median(b1);
  if (b32) r.batch32_us = Median(*b32);
  r.model_bytes = bytes;
  r.accuracy = acc;
  r.accuracy_samples = acc ? 10000 : 0;
  return r;
}

BenchRow Firmware(const std::string& engine, const std::string& variant, int64_t cycles, int64_t flash,
                  const std::string& note) {
  BenchRow r;
  r.model = "Dense1";
  r.variant = variant;
  r.engine = engine;
  r.hardware = kCortex;
  r.data_type = variant;
  r.cycles = cycles;
  r.batch1_us = Median(static_cast<double>(cycles) / 168.0);
  r.flash_bytes = flash;
  r.ram_bytes = 9216;
  r.model_bytes = 8000;
  r.note = note;
  return r;
}

BenchRun FullRun() {
  BenchRun run;
  run.suite = "seed";
  run.date = "2026-11-24T12:00:00Z";
  run.machine = "Test CPU";
  run.edgebench_version = "0.1.0";
  run.samples = 10;
  run.rows = {
      Host("Dense1", "float32", "edgebench", 2.5, 0.25, 31400, 0.9262),
      Host("Dense1", "float32", "onnxruntime-node 1.30.0", 3.0, 0.5, 31500, 0.9261),
      Host("Dense1", "float32", "pytorch 2.6.0", 12.0, 30.0, 31500, 0.9260),
      Host("Dense1", "float32", "litert-wasm 1.0", 4.0, 0.8, 31800, 0.9262),
      Host("Dense1", "float16", "litert-wasm 1.0", 5.0, std::nullopt, 16200, 0.9259),
      Host("Dense1", "int8", "edgebench", 1.5, 0.3, 8000, 0.9249),
      Host("Dense1", "int8", "litert-wasm 1.0", 3.5, 0.9, 8000, 0.9248),
      Host("MobileNetV2", "float32", "edgebench", 900, 700, 9400000, 0.8512),
      Firmware(kEbC, "int8", 900000, 580608, "speed: fastest layouts within 1024 KB"),
      Firmware(kEbC, "int8", 1100000, 300000, "size: int8 filters everywhere"),
      Firmware(kTflm, "int8", 2000000, 320512, "emulator estimate"),
  };
  run.rows.back().accuracy = 0.9249;
  run.rows.back().accuracy_samples = 500;
  BenchRow skipped = Firmware(kTflm, "float32", 0, 0, "skipped: TFLM has no float32 CONV_2D here");
  skipped.cycles.reset();
  skipped.batch1_us.reset();
  run.rows.push_back(skipped);
  // 15 profiled layers, layer k taking k + 1 µs: the top 12 are layers 14..3, "other" sums 1 + 2 + 3.
  for (int k = 0; k < 15; ++k) {
    run.rows[0].profile.push_back({k, k % 2 ? "CONV_2D" : "FULLY_CONNECTED", Format("eb_kernel_%d", k), k + 1.0});
  }
  return run;
}

// The part of `html` from `from` up to the next "<h3>" or "<h2>" (the one chart under that heading).
std::string Chart(const std::string& html, const std::string& from) {
  const size_t a = html.find(from);
  if (a == std::string::npos) return "";
  const size_t end = std::min(html.find("<h3>", a + from.size()), html.find("<h2>", a + from.size()));
  return html.substr(a, end == std::string::npos ? std::string::npos : end - a);
}

size_t Count(const std::string& s, const std::string& what) {
  size_t n = 0;
  for (size_t p = s.find(what); p != std::string::npos; p = s.find(what, p + 1)) ++n;
  return n;
}

TEST(HtmlReport, EveryChartAppearsForItsRowsAndNothingIsFetched) {
  const std::string html = HtmlReport(FullRun());
  // Dense1: batch 1, batch 32, Cortex-M4; MobileNetV2: batch 1, batch 32; the scatter; one profile.
  EXPECT_EQ(Count(html, "<svg "), 7u);
  EXPECT_EQ(Count(html, "</svg>"), 7u);
  for (const char* h : {"<h2>Latency on the host</h2>", "<h2>Cortex-M4</h2>", "<h2>Accuracy</h2>",
                        "<h2>Per-layer time</h2>", "<h3>Dense1 — host latency, batch 1</h3>",
                        "<h3>Dense1 — host latency, batch 32, per sample</h3>",
                        "<h3>MobileNetV2 — host latency, batch 1</h3>",
                        "<h3>Dense1 — Cortex-M4: cycles and flash per runtime</h3>",
                        "<h3>Accuracy against model size</h3>"}) {
    EXPECT_NE(html.find(h), std::string::npos) << h;
  }
  EXPECT_EQ(html.find("<h3>MobileNetV2 — Cortex-M4"), std::string::npos);
  EXPECT_EQ(html.find("http"), std::string::npos);
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("src="), std::string::npos);
  EXPECT_EQ(html.find("href"), std::string::npos);
  EXPECT_EQ(html.find("url("), std::string::npos);
}

TEST(HtmlReport, LatencyChartsGroupEveryHostEngineByVariant) {
  const std::string html = HtmlReport(FullRun());
  const std::string b1 = Chart(html, "<h3>Dense1 — host latency, batch 1</h3>");
  // Group headings in the order the variants first appear, then one bar per host row.
  const size_t f32 = b1.find("font-weight='bold'>float32</text>"), f16 = b1.find("font-weight='bold'>float16</text>"),
               i8 = b1.find("font-weight='bold'>int8</text>");
  ASSERT_NE(f32, std::string::npos);
  ASSERT_NE(f16, std::string::npos);
  ASSERT_NE(i8, std::string::npos);
  EXPECT_LT(f32, f16);
  EXPECT_LT(f16, i8);
  for (const char* engine : {"edgebench", "onnxruntime-node 1.30.0", "pytorch 2.6.0", "litert-wasm 1.0"}) {
    EXPECT_NE(b1.find(std::string("text-anchor='end'>") + engine + "</text>"), std::string::npos) << engine;
  }
  EXPECT_EQ(Count(b1, "<rect "), 7u);
  EXPECT_NE(b1.find(">2.50 µs</text>"), std::string::npos);
  EXPECT_NE(b1.find("<title>litert-wasm 1.0: 5.00 µs</title>"), std::string::npos);
  EXPECT_EQ(b1.find("edgebench C"), std::string::npos);  // firmware rows have their own chart
  // 1.5 .. 12 µs is linear, 0 to 15 in steps of 5.
  for (const char* t : {">0</text>", ">5</text>", ">10</text>", ">15</text>"}) {
    EXPECT_NE(b1.find(std::string("font-size='11'") + t), std::string::npos) << t;
  }
  EXPECT_NE(b1.find(">median µs</text>"), std::string::npos);

  // Batch 32 spans 0.25 .. 30 µs, so whole decades on a log axis; float16 has no batch-32 cell.
  const std::string b32 = Chart(html, "<h3>Dense1 — host latency, batch 32, per sample</h3>");
  EXPECT_EQ(Count(b32, "<rect "), 6u);
  EXPECT_EQ(b32.find(">float16</text>"), std::string::npos);
  for (const char* t : {">0.1</text>", ">1</text>", ">10</text>", ">100</text>"}) {
    EXPECT_NE(b32.find(std::string("font-size='11'") + t), std::string::npos) << t;
  }
  EXPECT_NE(b32.find(">median µs per sample (batch time / 32) (log scale)</text>"), std::string::npos);
}

TEST(HtmlReport, CortexM4ChartShowsCyclesAndFlashSideBySideWithRatios) {
  const std::string html = HtmlReport(FullRun());
  const std::string c = Chart(html, "<h3>Dense1 — Cortex-M4: cycles and flash per runtime</h3>");
  EXPECT_NE(c.find(">cycles per inference</text>"), std::string::npos);
  EXPECT_NE(c.find(">flash (text + data)</text>"), std::string::npos);
  EXPECT_NE(c.find(">million cycles</text>"), std::string::npos);
  EXPECT_NE(c.find(">KB</text>"), std::string::npos);
  // Two edgebench rows of one variant are told apart by their notes' heads.
  const std::string speed = std::string(kEbC) + " · speed", size = std::string(kEbC) + " · size";
  EXPECT_NE(c.find("text-anchor='end'>" + speed + "</text>"), std::string::npos) << c;
  EXPECT_NE(c.find("text-anchor='end'>" + size + "</text>"), std::string::npos);
  EXPECT_NE(c.find(std::string("text-anchor='end'>") + kTflm + "</text>"), std::string::npos);
  EXPECT_EQ(Count(c, "<rect "), 6u);  // three rows, two panels
  EXPECT_NE(c.find(">900,000 (5.36 ms) · 0.45× TFLM</text>"), std::string::npos);
  EXPECT_NE(c.find(">567.0 KB · 1.81× TFLM</text>"), std::string::npos);
  EXPECT_NE(c.find(">1,100,000 (6.55 ms) · 0.55× TFLM</text>"), std::string::npos);
  EXPECT_NE(c.find(">293.0 KB · 0.94× TFLM</text>"), std::string::npos);
  EXPECT_NE(c.find(">2,000,000 (11.90 ms)</text>"), std::string::npos);
  EXPECT_NE(c.find(">" + speed + " / TFLite Micro + CMSIS-NN, int8: 0.45× the cycles, 1.81× the flash</text>"),
            std::string::npos);
  EXPECT_NE(c.find(">" + size + " / TFLite Micro + CMSIS-NN, int8: 0.55× the cycles, 0.94× the flash</text>"),
            std::string::npos);
  // Cycles 0..2 M in steps of 0.5 M, flash 0..600 KB in steps of 200, both linear.
  for (const char* t : {">0.5</text>", ">1.5</text>", ">2</text>", ">200</text>", ">600</text>"}) {
    EXPECT_NE(c.find(std::string("font-size='11'") + t), std::string::npos) << t;
  }
  EXPECT_EQ(c.find("log scale"), std::string::npos);
  // The row TFLM could not run is named under the chart with its reason, and has no bar.
  EXPECT_NE(c.find("<p class='note'>Not drawn: TFLite Micro + CMSIS-NN · float32 — skipped: TFLM has no float32 "
                   "CONV_2D here</p>"),
            std::string::npos);
  EXPECT_EQ(c.find(">float32</text>"), std::string::npos);
}

TEST(HtmlReport, CortexM4ChartFallsBackToMicrosecondsWithoutCycles) {
  BenchRun run;
  BenchRow a = Firmware(kEbC, "int8", 840000, 20480, "");
  a.cycles.reset();  // 5000 µs
  run.rows = {a};
  const std::string html = HtmlReport(run);
  const std::string c = Chart(html, "<h3>Dense1 — Cortex-M4: time and flash per runtime</h3>");
  ASSERT_FALSE(c.empty()) << html;
  EXPECT_NE(c.find(">time per inference</text>"), std::string::npos);
  EXPECT_NE(c.find(">ms</text>"), std::string::npos);
  EXPECT_NE(c.find(">5000 µs</text>"), std::string::npos);
  EXPECT_NE(c.find(">20.0 KB</text>"), std::string::npos);
  EXPECT_EQ(c.find("TFLM"), std::string::npos);  // no peer, no ratio
}

TEST(HtmlReport, AccuracyScatterHasTickedLabelledAxesAndNamedPoints) {
  const std::string html = HtmlReport(FullRun());
  const std::string s = Chart(html, "<h3>Accuracy against model size</h3>");
  // 7.8 KB .. 9,180 KB: log x over 1 .. 10,000 KB.
  EXPECT_NE(s.find(">model size in KB (log scale)</text>"), std::string::npos);
  EXPECT_NE(s.find("rotate(-90)' text-anchor='middle'>top-1 accuracy (%)</text>"), std::string::npos);
  for (const char* t : {">1</text>", ">10</text>", ">100</text>", ">1,000</text>", ">10,000</text>"}) {
    EXPECT_NE(s.find(std::string("font-size='11'") + t), std::string::npos) << t;
  }
  // 85.12 .. 92.62 % padded by 0.6: 84 .. 94 in steps of 2.
  for (const char* t : {">84</text>", ">86</text>", ">92</text>", ">94</text>"}) {
    EXPECT_NE(s.find(std::string("text-anchor='end' font-size='11'") + t), std::string::npos) << t;
  }
  EXPECT_EQ(s.find("text-anchor='end' font-size='11'>96</text>"), std::string::npos);
  for (const char* name : {"Dense1 float32 edgebench", "Dense1 float32 pytorch 2.6.0", "Dense1 float16 litert-wasm 1.0",
                           "Dense1 int8 litert-wasm 1.0", "MobileNetV2 float32 edgebench"}) {
    EXPECT_NE(s.find(std::string("font-size='11'>") + name + "</text>"), std::string::npos) << name;
  }
  EXPECT_NE(s.find("<title>Dense1 int8 edgebench: 92.49 % top-1 on 10000 samples, 7.8 KB</title>"), std::string::npos);
  EXPECT_NE(s.find("font-size='11'>Dense1 int8 TFLite Micro + CMSIS-NN · cortex-m4 @168 MHz (emulated)</text>"),
            std::string::npos);
  EXPECT_EQ(Count(s, "<title>"), 9u);  // one per row with accuracy: eight host rows, one firmware row
  // Legend: every engine, then every variant's marker.
  for (const char* entry : {"edgebench", "onnxruntime-node 1.30.0", "pytorch 2.6.0", "litert-wasm 1.0",
                            "TFLite Micro + CMSIS-NN", "float32", "float16", "int8"}) {
    EXPECT_NE(s.find(std::string("'>") + entry + "</text>"), std::string::npos) << entry;
  }
}

TEST(HtmlReport, ProfileChartShowsTheSlowestLayersAndTheRest) {
  const std::string html = HtmlReport(FullRun());
  const std::string p =
      Chart(html, "<h3>Dense1 float32 — edgebench per-layer time (host x86-64, 15 layers, 120.00 µs in all)</h3>");
  ASSERT_FALSE(p.empty()) << html;
  EXPECT_EQ(Count(p, "<rect "), 13u);
  EXPECT_NE(p.find(">#14 FULLY_CONNECTED · eb_kernel_14</text>"), std::string::npos);
  EXPECT_NE(p.find(">15.00 µs · 12.5 %</text>"), std::string::npos);
  EXPECT_NE(p.find(">#3 CONV_2D · eb_kernel_3</text>"), std::string::npos);
  EXPECT_EQ(p.find("eb_kernel_2<"), std::string::npos);
  EXPECT_NE(p.find(">other (3 layers)</text>"), std::string::npos);
  EXPECT_NE(p.find(">6.00 µs · 5.0 %</text>"), std::string::npos);
  EXPECT_LT(p.find("eb_kernel_14"), p.find("eb_kernel_13"));  // slowest first
  EXPECT_NE(p.find(">median µs per layer, batch 1</text>"), std::string::npos);
}

TEST(HtmlReport, NamesAreEscaped) {
  BenchRun run;
  run.suite = "s<1>";
  run.rows = {Host("Net<&>\"'", "float32", "peer <x> & 'y'", 1.0, std::nullopt, 2048, 0.5)};
  run.rows[0].profile = {{0, "OP<1>", "k&", 1.0}};
  const std::string html = HtmlReport(run);
  EXPECT_NE(html.find("<h3>Net&lt;&amp;&gt;&quot;&#39; — host latency, batch 1</h3>"), std::string::npos);
  EXPECT_NE(html.find(">peer &lt;x&gt; &amp; &#39;y&#39;</text>"), std::string::npos);
  EXPECT_NE(html.find(">Net&lt;&amp;&gt;&quot;&#39; float32 peer &lt;x&gt; &amp; &#39;y&#39;</text>"), std::string::npos);
  EXPECT_NE(html.find(">#0 OP&lt;1&gt; · k&amp;</text>"), std::string::npos);
  EXPECT_NE(html.find("<title>edgebench — s&lt;1&gt;</title>"), std::string::npos);
  for (const char* raw : {"<&>", "<x>", "<1>", "k&<"}) EXPECT_EQ(html.find(raw), std::string::npos) << raw;
}

TEST(HtmlReport, NothingIsDrawnForAbsentData) {
  BenchRun run;
  BenchRow skipped = Host("Dense1", "float32", "pytorch 2.6.0", 1.0, std::nullopt, 31400, std::nullopt);
  skipped.batch1_us.reset();
  skipped.note = "skipped: no torch";
  BenchRow fw = Firmware(kTflm, "int8", 0, 0, "does not fit: arena 300 KB");
  fw.cycles.reset();
  fw.batch1_us.reset();
  run.rows = {skipped, fw};
  const std::string html = HtmlReport(run);
  EXPECT_EQ(html.find("<svg"), std::string::npos);
  EXPECT_EQ(html.find("<h2>Latency"), std::string::npos);
  EXPECT_EQ(html.find("<h2>Cortex-M4"), std::string::npos);
  EXPECT_EQ(html.find("<h2>Accuracy"), std::string::npos);
  EXPECT_EQ(html.find("<h2>Per-layer"), std::string::npos);
  EXPECT_EQ(html.find("Not drawn"), std::string::npos);
  EXPECT_NE(html.find("skipped: no torch"), std::string::npos);  // the table still says why

  // Host rows alone: only the latency charts.
  run.rows = {Host("Dense1", "float32", "edgebench", 2.0, std::nullopt, 31400, std::nullopt)};
  const std::string host = HtmlReport(run);
  EXPECT_EQ(Count(host, "<svg "), 1u);
  EXPECT_NE(host.find("<h3>Dense1 — host latency, batch 1</h3>"), std::string::npos);
  EXPECT_EQ(host.find("host latency, batch 32"), std::string::npos);
}

}  // namespace
}  // namespace eb
