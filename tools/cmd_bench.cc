// `edgebench bench [SUITE]`: the benchmark matrix with seed-style tables, and JSON/CSV/Markdown/HTML results.
// `edgebench compare A.json B.json`: two runs side by side, as ratios.
#include <algorithm>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <iostream>

#include "bench/runner.h"
#include "bench/suite.h"
#include "cli_util.h"
#include "commands.h"
#include "core/file_util.h"
#include "core/strings.h"
#include "report/html_report.h"
#include "report/json_report.h"
#include "report/table_report.h"

namespace eb::cli {
namespace {

struct BenchOptions {
  std::string suite = "seed";
  std::string out;
  std::string shared;
  int samples = 0;
  double max_seconds = 0;
  int rounds = 0;
  int accuracy_limit = -1;
  std::string target = "all";
  bool quiet = false;
  bool profile = false;
  int threads = 0;
  std::string optimize = "both";
  int64_t flash_kb = 1024;
  EngineFlags engine;
};

Status WriteText(const std::string& path, const std::string& text) {
  return WriteFileAtomically(path, reinterpret_cast<const uint8_t*>(text.data()), text.size());
}

void RunBench(const BenchOptions& o) {
  const std::string root = EB_SOURCE_DIR;
  const std::string shared = o.shared.empty() ? root + "/../shared" : o.shared;
  Suite suite = Check(LoadSuite(o.suite, root, shared));
  if (o.samples > 0) suite.samples = o.samples;
  if (o.max_seconds > 0) suite.max_seconds = o.max_seconds;
  if (o.rounds > 0) suite.rounds = o.rounds;
  if (o.accuracy_limit >= 0) suite.accuracy_limit = o.accuracy_limit;
  if (o.threads > 0) suite.threads = o.threads;
  SelectTarget(suite, o.target);
  const std::string out = o.out.empty() ? "bench-results/" + suite.name : o.out;
  std::error_code ec;
  std::filesystem::create_directories(out, ec);
  if (ec) Fail(Status::Error(out + ": cannot create the results directory: " + ec.message()));

  const bool tty = isatty(STDERR_FILENO) && !o.quiet;
  RunnerOptions ro;
  ro.root = root;
  ro.host_target = o.engine.options().target;
  ro.profile = o.profile;
  ro.mcu_speed = o.optimize != "size";
  ro.mcu_size = o.optimize != "speed";
  ro.mcu_flash_bytes = o.flash_kb * 1024;
  if (tty) ro.progress = [](const std::string& s) { std::fprintf(stderr, "\r\033[K%s", s.c_str()); };
  if (!o.quiet) {
    ro.log = [tty](const std::string& s) { std::fprintf(stderr, "%s%s\n", tty ? "\r\033[K" : "", s.c_str()); };
  }
  std::fprintf(stderr, "bench: suite '%s', %zu models, up to %d samples per cell (cap %g s) in %d round(s), batches",
               suite.name.c_str(), suite.models.size(), suite.samples, suite.max_seconds, suite.rounds);
  for (int b : suite.batches) std::fprintf(stderr, " %d", b);
  std::fprintf(stderr, ", %d thread(s), edgebench on %s\n", suite.threads, ro.host_target.Describe().c_str());
  BenchRun run = Check(RunSuite(suite, ro));
  const std::string md = MarkdownReport(run);
  std::cout << md;
  for (const auto& [name, text] :
       {std::pair<std::string, std::string>{"results.json", BenchRunToJson(run).dump(2) + "\n"},
        {"results.csv", CsvReport(run)}, {"results.md", md}, {"report.html", HtmlReport(run)}}) {
    Status s = WriteText(out + "/" + name, text);
    if (!s.ok()) Fail(s);
  }
  std::fprintf(stderr, "bench: wrote %s/{results.json,results.csv,results.md,report.html}\n", out.c_str());
}

struct CompareOptions {
  std::string a, b;
};

void RunCompare(const CompareOptions& o) {
  auto load = [](const std::string& path) {
    auto bytes = Check(ReadFileBytes(path));
    nlohmann::json j;
    try {
      j = nlohmann::json::parse(bytes.begin(), bytes.end());
    } catch (const nlohmann::json::exception& e) {
      Fail(Status::Error(path + ": not valid JSON: " + e.what()));
    }
    return Check(BenchRunFromJson(j, path));
  };
  const BenchRun a = load(o.a), b = load(o.b);
  std::printf("A: %s (%s, %s)\nB: %s (%s, %s)\n\n", o.a.c_str(), a.date.c_str(), a.machine.c_str(), o.b.c_str(),
              b.date.c_str(), b.machine.c_str());
  std::printf("| Model | Variant | Engine | A median µs b1 | B median µs b1 | B/A | A µs/sample b32 | B µs/sample b32 | B/A | "
              "A acc %% | B acc %% |\n|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
  auto cell = [](const std::optional<LatencyStats>& s) { return s ? Format("%.2f", s->median) : std::string("–"); };
  auto ratio = [](const std::optional<LatencyStats>& x, const std::optional<LatencyStats>& y) {
    return x && y && x->median > 0 ? Format("%.2f", y->median / x->median) : std::string("–");
  };
  auto acc = [](const std::optional<double>& v) { return v ? Format("%.2f", *v * 100) : std::string("–"); };
  for (const BenchRow& ra : a.rows) {
    for (const BenchRow& rb : b.rows) {
      if (ra.model != rb.model || ra.variant != rb.variant || ra.engine != rb.engine || ra.hardware != rb.hardware) continue;
      std::printf("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", ra.model.c_str(), ra.variant.c_str(),
                  ra.engine.c_str(), cell(ra.batch1_us).c_str(), cell(rb.batch1_us).c_str(),
                  ratio(ra.batch1_us, rb.batch1_us).c_str(), cell(ra.batch32_us).c_str(), cell(rb.batch32_us).c_str(),
                  ratio(ra.batch32_us, rb.batch32_us).c_str(), acc(ra.accuracy).c_str(), acc(rb.accuracy).c_str());
    }
  }
}

}  // namespace

void AddBench(CLI::App& app) {
  auto o = std::make_shared<BenchOptions>();
  CLI::App* cmd = app.add_subcommand(
      "bench", "Run a benchmark suite: latency (median of many samples at batch 1 and 32), memory and accuracy, "
               "for edgebench and peer runtimes in the same run. Prints seed-style tables and writes "
               "results.json, results.csv, results.md and report.html.");
  cmd->add_option("suite", o->suite, "A built-in suite (seed, mlperf-tiny) or a suite JSON file")
      ->capture_default_str();
  cmd->add_option("--out,-o", o->out, "Results directory (default bench-results/<suite>)");
  cmd->add_option("--samples", o->samples, "Timed samples per cell (default: the suite's, 10,000 for seed)")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--max-seconds", o->max_seconds, "Time cap per cell; the results state the samples taken")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--rounds", o->rounds,
                  "Rounds per cell (default: the suite's, 3): each a fresh runtime or peer process with "
                  "max-seconds / rounds; the fastest round's median is reported, every round's in results.json")
      ->check(CLI::PositiveNumber);
  cmd->add_option("--accuracy-limit", o->accuracy_limit, "Images scored per model (0 = whole test set)")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--shared", o->shared, "The shared data folder (default: ../shared beside the source tree)");
  cmd->add_option("--target", o->target,
                  "host: the suite's engines on this machine (edgebench, ONNX Runtime, PyTorch, TensorFlow Lite); "
                  "cortex-m4: every model and variant as Cortex-M4 firmware (STM32F4 memory map, 168 MHz) in the "
                  "emulator, edgebench's and TensorFlow Lite Micro + CMSIS-NN's, cycles and flash/RAM (estimates, "
                  "zero-wait-state memory); all: both")
      ->check(CLI::IsMember({"host", "cortex-m4", "all"}))
      ->capture_default_str();
  cmd->add_flag("--quiet,-q", o->quiet, "No progress or per-cell lines on stderr");
  cmd->add_flag("--profile", o->profile,
                "Also time every layer of edgebench's host rows at batch 1 (a per-layer table in results.md and "
                "results.json)");
  cmd->add_option("--threads", o->threads,
                  "Threads for every engine (default: the suite's, 1); edgebench splits each kernel call over them")
      ->check(CLI::Range(1, 256));
  cmd->add_option("--optimize", o->optimize,
                  "edgebench's Cortex-M4 rows: speed (per layer the fastest kernel layouts that fit --flash-kb), "
                  "size (int8 filters everywhere) or both (default: a size row too where its kernels differ)")
      ->check(CLI::IsMember({"speed", "size", "both"}))
      ->capture_default_str();
  cmd->add_option("--flash-kb", o->flash_kb, "Flash of the Cortex-M4 part in KB (default 1024, an STM32F405/F407)")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  o->engine.Add(cmd, /*threads=*/false);
  cmd->callback([o] { RunBench(*o); });

  auto c = std::make_shared<CompareOptions>();
  CLI::App* cmp = app.add_subcommand("compare", "Compare two results.json files: medians side by side and B/A ratios.");
  cmp->add_option("a", c->a, "Baseline results.json")->required();
  cmp->add_option("b", c->b, "Results.json to compare against the baseline")->required();
  cmp->callback([c] { RunCompare(*c); });
}

}  // namespace eb::cli
