// The edgebench CLI's `info` and `run` as a user runs them: exact text and JSON facts, golden output bytes,
// determinism of --random, and errors that exit 1 with one clear message and leave no output file behind.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include <nlohmann/json.hpp>

#include "runtime/kernel_target.h"
#include "support/temp_dir.h"
#include "support/test_paths.h"

namespace eb {
namespace {

struct CliResult {
  int status = -1;  // exit status; -1 if the process did not exit normally (a crash)
  std::string out, err;
};

std::string Slurp(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

// Single-quotes a word for /bin/sh.
std::string Q(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

// Runs `edgebench <args>` (each already quoted where needed), capturing stdout and stderr.
// `env`: assignments put before the command ("EB_ISA=avx2").
CliResult Cli(const std::string& args, const std::string& env = "") {
  test::TempDir capture;
  const std::string cmd = (env.empty() ? "" : env + " ") + Q(EB_CLI_PATH) + " " + args + " >" + Q(capture.file("out")) + " 2>" +
                          Q(capture.file("err")) + " </dev/null";
  const int raw = std::system(cmd.c_str());
  CliResult r;
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  r.out = Slurp(capture.file("out"));
  r.err = Slurp(capture.file("err"));
  return r;
}

std::string Vww() { return test::SharedPath("models/tflite/mlperf-tiny/vww_96_int8.tflite"); }
std::string VwwGolden(const std::string& file) { return test::SharedPath("golden/vww_96_int8/" + file); }

bool HasLine(const std::string& text, const std::string& pattern) {
  std::istringstream in(text);
  const std::regex re(pattern);
  for (std::string line; std::getline(in, line);) {
    if (std::regex_match(line, re)) return true;
  }
  return false;
}

// Nothing at `path`, and no "<path>.partial" left by an interrupted atomic write.
bool NoFile(const std::string& path) {
  return !std::filesystem::exists(path) && !std::filesystem::exists(path + ".partial");
}

#define REQUIRE_SHARED() \
  if (!test::HaveShared()) GTEST_SKIP() << "../shared is not beside the checkout"

// ---------------------------------------------------------------------------------------------------
// info

TEST(Cli, InfoTextListsOpsAndArena) {
  REQUIRE_SHARED();
  const CliResult r = Cli("info " + Q(Vww()));
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.err, "");
  EXPECT_TRUE(HasLine(r.out, R"(Model +.*vww_96_int8\.tflite \(333,288 bytes\))")) << r.out;
  EXPECT_TRUE(HasLine(r.out, R"(Input 0 +'input_1_int8' int8 \[1,96,96,3\] scale=0\.00392156886 zero_point=-128)"))
      << r.out;
  EXPECT_TRUE(HasLine(r.out, R"(Output 0 +'Identity_int8' int8 \[1,2\] scale=0\.00390625 zero_point=-128)")) << r.out;
  EXPECT_TRUE(HasLine(r.out, R"(Operators +31)")) << r.out;
  EXPECT_TRUE(HasLine(r.out, R"( +CONV_2D +14)")) << r.out;
  EXPECT_TRUE(HasLine(r.out, R"( +DEPTHWISE_CONV_2D +13)")) << r.out;
  EXPECT_TRUE(HasLine(r.out, R"( +AVERAGE_POOL_2D +1)")) << r.out;
  EXPECT_TRUE(HasLine(r.out, R"( +RESHAPE +1)")) << r.out;
  EXPECT_TRUE(HasLine(r.out, R"( +FULLY_CONNECTED +1)")) << r.out;
  EXPECT_TRUE(HasLine(r.out, R"( +SOFTMAX +1)")) << r.out;
  EXPECT_TRUE(HasLine(r.out, R"(Parameters +210,850)")) << r.out;
  EXPECT_TRUE(HasLine(r.out, R"(MACs +7,489,664)")) << r.out;
  EXPECT_TRUE(HasLine(r.out, R"(Arena +64,512 bytes.*)")) << r.out;
}

TEST(Cli, InfoJsonParsesWithTheFacts) {
  REQUIRE_SHARED();
  const CliResult r = Cli("info --json " + Q(Vww()));
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.err, "");
  const nlohmann::json j = nlohmann::json::parse(r.out);  // throws (fails the test) on anything but JSON
  EXPECT_EQ(j.at("arena_bytes").get<int64_t>(), 64512);
  // The host engine's plan holds the activations too, plus its kernels' scratch.
  EXPECT_GE(j.at("host").at("arena_bytes").get<int64_t>(), 64512);
  EXPECT_EQ(j.at("host").at("target").get<std::string>(), KernelTarget::Host().Describe());
  EXPECT_EQ(j.at("operators").get<int>(), 31);
  EXPECT_EQ(j.at("macs").get<int64_t>(), 7489664);
  EXPECT_EQ(j.at("parameters").get<int64_t>(), 210850);
  EXPECT_EQ(j.at("weight_bytes").get<int64_t>(), 219064);
  EXPECT_EQ(j.at("file_bytes").get<int64_t>(), 333288);
  const nlohmann::json want_hist = nlohmann::json::parse(R"([
    {"op": "CONV_2D", "count": 14}, {"op": "DEPTHWISE_CONV_2D", "count": 13},
    {"op": "AVERAGE_POOL_2D", "count": 1}, {"op": "RESHAPE", "count": 1},
    {"op": "FULLY_CONNECTED", "count": 1}, {"op": "SOFTMAX", "count": 1}])");
  EXPECT_EQ(j.at("op_histogram"), want_hist);
  ASSERT_EQ(j.at("inputs").size(), 1u);
  EXPECT_EQ(j["inputs"][0].at("dtype"), "int8");
  EXPECT_EQ(j["inputs"][0].at("shape"), nlohmann::json::parse("[1,96,96,3]"));
  EXPECT_EQ(j["inputs"][0]["quantization"].at("zero_point"), nlohmann::json::parse("[-128]"));
  ASSERT_EQ(j.at("outputs").size(), 1u);
  EXPECT_EQ(j["outputs"][0].at("shape"), nlohmann::json::parse("[1,2]"));
}

TEST(Cli, InfoOnMissingModel) {
  const CliResult r = Cli("info /nonexistent/edgebench/model.tflite");
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "edgebench: error: /nonexistent/edgebench/model.tflite: no such file\n");
}

// ---------------------------------------------------------------------------------------------------
// run

TEST(Cli, RunGoldenInputWritesExactlyTheGoldenOutput) {
  REQUIRE_SHARED();
  test::TempDir dir;
  for (const char* sample : {"0", "1", "15"}) {
    const std::string out = dir.file(std::string("out_") + sample + ".bin");
    const CliResult r = Cli("run " + Q(Vww()) + " --input " + Q(VwwGolden(std::string("input_") + sample + ".bin")) +
                            " --output " + Q(out) + " -q");
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_EQ(r.out, "");  // -q: nothing on stdout
    EXPECT_EQ(r.err, "");
    const auto got = test::ReadBytes(out);
    const auto want = test::ReadBytes(VwwGolden(std::string("output_") + sample + ".bin"));
    ASSERT_EQ(want.size(), 2u);
    EXPECT_EQ(got, want) << "sample " << sample;
    EXPECT_FALSE(std::filesystem::exists(out + ".partial"));
  }
}

// Every ISA level this CPU has, and two threads, write TFLM's golden bytes; a level it lacks, or a bad name
// in --isa or EB_ISA, is a clear error.
TEST(Cli, RunAtEveryIsaLevelAndThreadCount) {
  REQUIRE_SHARED();
  test::TempDir dir;
  const std::string out = dir.file("out.bin");
  const auto want = test::ReadBytes(VwwGolden("output_1.bin"));
  for (Isa isa : {Isa::kRef, Isa::kAvx2, Isa::kAvx512, Isa::kAvx512Vnni}) {
    for (const char* threads : {"1", "2"}) {
      const CliResult r = Cli("run " + Q(Vww()) + " --input " + Q(VwwGolden("input_1.bin")) + " --output " + Q(out) +
                              " -q --isa " + IsaName(isa) + " --threads " + threads);
      if (isa > DetectIsa()) {
        EXPECT_EQ(r.status, 1);
        EXPECT_EQ(r.err, std::string("edgebench: error: this CPU cannot run ISA level ") + IsaName(isa) +
                             " (it has " + IsaName(DetectIsa()) + ")\n");
        continue;
      }
      ASSERT_EQ(r.status, 0) << r.err;
      EXPECT_EQ(test::ReadBytes(out), want) << IsaName(isa) << " " << threads;
    }
  }
  const CliResult env = Cli("run " + Q(Vww()) + " --random 1 -q", "EB_ISA=avx9");
  EXPECT_EQ(env.status, 1);
  EXPECT_EQ(env.err, "edgebench: error: EB_ISA: unknown ISA level 'avx9' (expected ref, avx2, avx512 or avx512vnni)\n");
  const CliResult flag = Cli("run " + Q(Vww()) + " --random 1 -q --isa avx9");
  EXPECT_NE(flag.status, 0);
  EXPECT_NE(flag.err.find("--isa: avx9 not in {ref,avx2,avx512,avx512vnni}"), std::string::npos) << flag.err;
}

TEST(Cli, RunPrintsOutputsAndWhatItWrote) {
  REQUIRE_SHARED();
  test::TempDir dir;
  const std::string out = dir.file("out.bin");
  const CliResult r = Cli("run " + Q(Vww()) + " -i " + Q(VwwGolden("input_0.bin")) + " -o " + Q(out));
  ASSERT_EQ(r.status, 0) << r.err;
  const auto want = test::ReadBytes(VwwGolden("output_0.bin"));
  ASSERT_EQ(want.size(), 2u);
  const std::string values = "  values: " + std::to_string(static_cast<int8_t>(want[0])) + " " +
                             std::to_string(static_cast<int8_t>(want[1]));
  EXPECT_TRUE(HasLine(r.out, R"(Output 0 'Identity_int8' int8 \[1,2\] scale=0\.00390625 zero_point=-128)")) << r.out;
  EXPECT_NE(r.out.find("\n" + values + "\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("\nWrote 2 bytes to " + out + "\n"), std::string::npos) << r.out;
}

TEST(Cli, RunRandomIsDeterministic) {
  REQUIRE_SHARED();
  test::TempDir dir;
  const std::string model = test::SharedPath("models/tflite/mlperf-tiny/ad01_fp32.tflite");  // 640 float outputs
  std::vector<std::vector<uint8_t>> outs;
  for (const char* run : {"a", "b"}) {
    const std::string out = dir.file(std::string(run) + ".bin");
    const CliResult r = Cli("run " + Q(model) + " --random 1 -o " + Q(out) + " -q");
    ASSERT_EQ(r.status, 0) << r.err;
    outs.push_back(test::ReadBytes(out));
  }
  ASSERT_EQ(outs[0].size(), 640u * 4u);
  EXPECT_EQ(outs[0], outs[1]);
  // Another seed gives other inputs, hence other outputs.
  const std::string other = dir.file("seed2.bin");
  ASSERT_EQ(Cli("run " + Q(model) + " --random 2 -o " + Q(other) + " -q").status, 0);
  EXPECT_NE(test::ReadBytes(other), outs[0]);
  // The same for an int8 model.
  const std::string v1 = dir.file("v1.bin"), v2 = dir.file("v2.bin");
  ASSERT_EQ(Cli("run " + Q(Vww()) + " --random 1 -o " + Q(v1) + " -q").status, 0);
  ASSERT_EQ(Cli("run " + Q(Vww()) + " --random 1 -o " + Q(v2) + " -q").status, 0);
  EXPECT_EQ(test::ReadBytes(v1).size(), 2u);
  EXPECT_EQ(test::ReadBytes(v1), test::ReadBytes(v2));
}

TEST(Cli, RunWrongInputSizeNamesBothByteCountsAndWritesNothing) {
  REQUIRE_SHARED();
  test::TempDir dir;
  auto in = test::ReadBytes(VwwGolden("input_0.bin"));
  ASSERT_EQ(in.size(), 27648u);
  in.pop_back();
  const std::string input = dir.Write("short.bin", in);
  const std::string out = dir.file("out.bin");
  const CliResult r = Cli("run " + Q(Vww()) + " --input " + Q(input) + " --output " + Q(out));
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "edgebench: error: " + input +
                       ": holds 27647 bytes, but the model's inputs (int8 [1,96,96,3] scale=0.00392156886 "
                       "zero_point=-128) need 27648\n");
  EXPECT_TRUE(NoFile(out));
}

TEST(Cli, RunErrorLeavesAnExistingOutputFileAlone) {
  REQUIRE_SHARED();
  test::TempDir dir;
  const std::string input = dir.Write("big.bin", std::vector<uint8_t>(27649, 0));
  const std::string out = dir.Write("out.bin", {'k', 'e', 'e', 'p'});
  const CliResult r = Cli("run " + Q(Vww()) + " --input " + Q(input) + " --output " + Q(out));
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("holds 27649 bytes"), std::string::npos) << r.err;
  EXPECT_EQ(test::ReadBytes(out), (std::vector<uint8_t>{'k', 'e', 'e', 'p'}));
  EXPECT_FALSE(std::filesystem::exists(out + ".partial"));
}

// Inputs are read with the model's size as the bound: /dev/zero (endless) and a 3 GiB file (sparse here) end
// in one clear error at once, never in a read of the whole file (which took 36 s and 4 GiB, or forever).
TEST(Cli, RunRefusesEndlessAndOversizedInputsBeforeReadingThem) {
  REQUIRE_SHARED();
  test::TempDir dir;
  const std::string huge = dir.Write("huge.bin", {});
  std::filesystem::resize_file(huge, uint64_t{3} << 30);
  const std::string want =
      " bytes, but the model's inputs (int8 [1,96,96,3] scale=0.00392156886 zero_point=-128) need 27648\n";
  for (const std::string& input : {std::string("/dev/zero"), huge}) {
    const auto t0 = std::chrono::steady_clock::now();
    const CliResult r = Cli("run " + Q(Vww()) + " --input " + Q(input));
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    EXPECT_EQ(r.status, 1);
    EXPECT_EQ(r.err, "edgebench: error: " + input +
                         (input == huge ? ": holds 3221225472" : ": holds more than 27648") + want);
    EXPECT_LT(s, 10.0) << input;  // well under a second unloaded; the bound only guards against a full read
  }
  const CliResult f = Cli("firmware " + Q(Vww()) + " --input /dev/zero");
  EXPECT_EQ(f.status, 1);
  EXPECT_EQ(f.err, "edgebench: error: /dev/zero: holds more than 27648 bytes, but the model's inputs need 27648\n");
}

TEST(Cli, RunMissingModel) {
  test::TempDir dir;
  const std::string out = dir.file("out.bin");
  const std::string model = dir.file("absent.tflite");
  const CliResult r = Cli("run " + Q(model) + " --random 1 --output " + Q(out));
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "edgebench: error: " + model + ": no such file\n");
  EXPECT_TRUE(NoFile(out));
}

TEST(Cli, RunTruncatedModel) {
  REQUIRE_SHARED();
  test::TempDir dir;
  auto bytes = test::ReadBytes(Vww());
  bytes.resize(bytes.size() / 2);
  const std::string model = dir.Write("half.tflite", bytes);
  const std::string out = dir.file("out.bin");
  const CliResult r = Cli("run " + Q(model) + " --random 1 --output " + Q(out));
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "edgebench: error: " + model + ": the TFLite flatbuffer is corrupt or truncated (verification failed)\n");
  EXPECT_TRUE(NoFile(out));
}

TEST(Cli, RunEmptyAndForeignModelFiles) {
  test::TempDir dir;
  const std::string empty = dir.Write("empty.tflite", {});
  const std::string out = dir.file("out.bin");
  CliResult r = Cli("run " + Q(empty) + " --random 1 --output " + Q(out));
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err, "edgebench: error: " + empty + ": the file is empty\n");
  EXPECT_TRUE(NoFile(out));
  const std::string text = dir.Write("notes.tflite", std::vector<uint8_t>(64, 'x'));
  r = Cli("run " + Q(text) + " --random 1 --output " + Q(out));
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err, "edgebench: error: " + text + ": not a TFLite file (file identifier is 'xxxx', expected 'TFL3')\n");
  EXPECT_TRUE(NoFile(out));
}

TEST(Cli, RunMissingInputFile) {
  REQUIRE_SHARED();
  test::TempDir dir;
  const std::string input = dir.file("absent.bin");
  const std::string out = dir.file("out.bin");
  const CliResult r = Cli("run " + Q(Vww()) + " --input " + Q(input) + " --output " + Q(out));
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err, "edgebench: error: " + input + ": cannot open the file\n");
  EXPECT_TRUE(NoFile(out));
}

TEST(Cli, RunNeedsExactlyOneInputSource) {
  REQUIRE_SHARED();
  test::TempDir dir;
  const std::string out = dir.file("out.bin");
  CliResult r = Cli("run " + Q(Vww()) + " --output " + Q(out));
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err, "edgebench: error: give exactly one of --input FILE and --random SEED\n");
  EXPECT_TRUE(NoFile(out));
  r = Cli("run " + Q(Vww()) + " --random 1 --input " + Q(VwwGolden("input_0.bin")) + " --output " + Q(out));
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.err, "edgebench: error: give exactly one of --input FILE and --random SEED\n");
  EXPECT_TRUE(NoFile(out));
}

TEST(Cli, RunNegativeSeedIsAUsageError) {
  REQUIRE_SHARED();
  test::TempDir dir;
  const std::string out = dir.file("out.bin");
  const CliResult r = Cli("run " + Q(Vww()) + " --random -3 --output " + Q(out));
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.status, -1);
  EXPECT_EQ(r.err.rfind("--random: Value -3 not in range", 0), 0u) << r.err;
  EXPECT_TRUE(NoFile(out));
}

// ---------------------------------------------------------------------------------------------------
// usage

TEST(Cli, HelpForEachVerb) {
  const CliResult run = Cli("run --help");
  EXPECT_EQ(run.status, 0);
  for (const char* flag : {"--input", "--random", "--output", "--quiet", "model"}) {
    EXPECT_NE(run.out.find(flag), std::string::npos) << flag << " missing from:\n" << run.out;
  }
  const CliResult info = Cli("info --help");
  EXPECT_EQ(info.status, 0);
  for (const char* flag : {"--json", "--tensors", "model"}) {
    EXPECT_NE(info.out.find(flag), std::string::npos) << flag << " missing from:\n" << info.out;
  }
  const CliResult eval = Cli("eval --help");
  EXPECT_EQ(eval.status, 0);
  EXPECT_NE(eval.out.find("--dataset"), std::string::npos) << eval.out;
  const CliResult top = Cli("--help");
  EXPECT_EQ(top.status, 0);
  for (const char* verb : {"info", "run", "eval"}) {
    EXPECT_NE(top.out.find(verb), std::string::npos) << verb << " missing from:\n" << top.out;
  }
}

TEST(Cli, UsageErrorsExitNonZero) {
  CliResult r = Cli("");
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.status, -1);
  EXPECT_NE(r.err.find("A subcommand is required"), std::string::npos) << r.err;
  r = Cli("run");
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.status, -1);
  EXPECT_NE(r.err.find("model is required"), std::string::npos) << r.err;
  r = Cli("info --no-such-flag " + Q(Vww()));
  EXPECT_NE(r.status, 0);
  EXPECT_NE(r.status, -1);
  EXPECT_EQ(r.out, "");
}

TEST(Cli, Version) {
  const CliResult r = Cli("--version");
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out, "edgebench 0.1.0\n");
}

}  // namespace
}  // namespace eb
