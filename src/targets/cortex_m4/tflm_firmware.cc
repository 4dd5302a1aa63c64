#include "targets/cortex_m4/tflm_firmware.h"

#include <flatbuffers/flatbuffers.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "codegen/c_project.h"
#include "codegen/embedded_files.h"
#include "core/file_util.h"
#include "core/strings.h"
#include "core/subprocess.h"
#include "importers/tflite/tflite_importer.h"
#include "tflite_subset_generated.h"

namespace eb {
namespace {

namespace fs = std::filesystem;

// Builtin operator code -> MicroMutableOpResolver method (without "Add"), for every builtin the resolver
// of the TFLM commit in ../shared/peers offers (its micro_mutable_op_resolver.h). Codes are facts of the
// TFLite schema.
struct ResolverEntry {
  int code;
  const char* method;
};
constexpr ResolverEntry kResolverMethods[] = {
    {0, "Add"}, {1, "AveragePool2D"}, {2, "Concatenation"}, {3, "Conv2D"}, {4, "DepthwiseConv2D"},
    {5, "DepthToSpace"}, {6, "Dequantize"}, {7, "EmbeddingLookup"}, {8, "Floor"}, {9, "FullyConnected"},
    {11, "L2Normalization"}, {12, "L2Pool2D"}, {14, "Logistic"}, {17, "MaxPool2D"}, {18, "Mul"}, {19, "Relu"},
    {21, "Relu6"}, {22, "Reshape"}, {23, "ResizeBilinear"}, {25, "Softmax"}, {26, "SpaceToDepth"}, {27, "Svdf"},
    {28, "Tanh"}, {34, "Pad"}, {36, "Gather"}, {37, "BatchToSpaceNd"}, {38, "SpaceToBatchNd"}, {39, "Transpose"},
    {40, "Mean"}, {41, "Sub"}, {42, "Div"}, {43, "Squeeze"}, {44, "UnidirectionalSequenceLSTM"},
    {45, "StridedSlice"}, {47, "Exp"}, {49, "Split"}, {50, "LogSoftmax"}, {53, "Cast"}, {54, "Prelu"},
    {55, "Maximum"}, {56, "ArgMax"}, {57, "Minimum"}, {58, "Less"}, {59, "Neg"}, {60, "PadV2"}, {61, "Greater"},
    {62, "GreaterEqual"}, {63, "LessEqual"}, {65, "Slice"}, {66, "Sin"}, {67, "TransposeConv"}, {70, "ExpandDims"},
    {71, "Equal"}, {72, "NotEqual"}, {73, "Log"}, {74, "Sum"}, {75, "Sqrt"}, {76, "Rsqrt"}, {77, "Shape"},
    {79, "ArgMin"}, {82, "ReduceMax"}, {83, "Pack"}, {84, "LogicalOr"}, {86, "LogicalAnd"}, {87, "LogicalNot"},
    {88, "Unpack"}, {89, "ReduceMin"}, {90, "FloorDiv"}, {92, "Square"}, {93, "ZerosLike"}, {94, "Fill"},
    {95, "FloorMod"}, {97, "ResizeNearestNeighbor"}, {98, "LeakyRelu"}, {99, "SquaredDifference"},
    {100, "MirrorPad"}, {101, "Abs"}, {102, "SplitV"}, {104, "Ceil"}, {105, "ReverseV2"}, {106, "AddN"},
    {107, "GatherNd"}, {108, "Cos"}, {111, "Elu"}, {114, "Quantize"}, {116, "Round"}, {117, "HardSwish"},
    {118, "If"}, {119, "While"}, {123, "SelectV2"}, {126, "BatchMatMul"}, {128, "CumSum"}, {129, "CallOnce"},
    {130, "BroadcastTo"}, {140, "ReduceAll"}, {142, "VarHandle"}, {143, "ReadVariable"}, {144, "AssignVariable"},
    {145, "BroadcastArgs"}, {151, "DynamicUpdateSlice"},
};

// The probing link: a memory map large enough for any model here, so the first run always reaches
// AllocateTensors() and the link always succeeds, giving the firmware's real code and data sizes.
constexpr int64_t kProbeFlashBytes = 16 << 20;
constexpr int64_t kProbeRamBytes = 8 << 20;
constexpr int64_t kProbeArenaBytes = 4 << 20;

std::string Kb(int64_t bytes) { return Format("%s bytes (%.1f KB)", WithThousands(bytes).c_str(), bytes / 1024.0); }

std::string BuiltinLabel(int code) {
  const std::string name = TfliteBuiltinName(code);
  return name.empty() ? Format("builtin code %d", code) : name;
}

int64_t ElementBytes(tfl::TensorType t) {
  switch (t) {
    case tfl::TensorType::FLOAT32: case tfl::TensorType::INT32: return 4;
    case tfl::TensorType::FLOAT16: case tfl::TensorType::INT16: return 2;
    case tfl::TensorType::UINT8: case tfl::TensorType::INT8: case tfl::TensorType::BOOL: return 1;
    case tfl::TensorType::INT64: case tfl::TensorType::FLOAT64: case tfl::TensorType::COMPLEX64: return 8;
    default: return 0;
  }
}

const tfl::Model* VerifiedModel(const std::vector<uint8_t>& tflite) {
  flatbuffers::Verifier v(tflite.data(), tflite.size());
  return tfl::VerifyModelBuffer(v) ? tfl::GetModel(tflite.data()) : nullptr;
}

// The bytes of the first subgraph's inputs, as the harness reads them; -1 when a type or shape is unknown.
int64_t InputBytes(const tfl::Model* m) {
  if (!m->subgraphs() || m->subgraphs()->size() == 0) return -1;
  const tfl::SubGraph* sg = m->subgraphs()->Get(0);
  if (!sg->inputs() || !sg->tensors()) return -1;
  int64_t total = 0;
  for (const int32_t idx : *sg->inputs()) {
    if (idx < 0 || static_cast<uint32_t>(idx) >= sg->tensors()->size()) return -1;
    const tfl::Tensor* t = sg->tensors()->Get(static_cast<uint32_t>(idx));
    int64_t n = ElementBytes(t->type());
    if (n == 0) return -1;
    if (t->shape()) {
      for (const int32_t d : *t->shape()) {
        if (d < 0 || d > (1 << 30)) return -1;
        n *= d;
      }
    }
    total += n;
  }
  return total;
}

// The library's flags as scripts/build_tflm.sh recorded them ("all files: ...", "C++ files: ...",
// "includes (relative to src/): ...").
struct TflmFlags {
  std::vector<std::string> common, cxx, includes;
};

std::vector<std::string> Words(const std::string& s) {
  std::istringstream in(s);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

std::vector<std::string> ArchFlags(const std::vector<std::string>& flags) {
  std::vector<std::string> out;
  for (const std::string& f : flags) {
    if (f.starts_with("-mcpu=") || f.starts_with("-mfpu=") || f.starts_with("-mfloat-abi=") || f == "-mthumb") {
      out.push_back(f);
    }
  }
  return out;
}

Result<TflmFlags> ReadTflmFlags(const std::string& tflm_dir, const CortexM4Config& c) {
  const std::string path = tflm_dir + "/FLAGS.txt";
  std::ifstream in(path);
  TflmFlags f;
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with("all files: ")) f.common = Words(line.substr(11));
    if (line.starts_with("C++ files: ")) f.cxx = Words(line.substr(11));
    if (line.starts_with("includes (relative to src/): ")) f.includes = Words(line.substr(29));
  }
  if (f.common.empty() || f.cxx.empty() || f.includes.empty()) {
    return Status::Error(path + ": no 'all files', 'C++ files' or 'includes' line; rebuild with scripts/build_tflm.sh");
  }
  // The harness and edgebench's start-up code must agree with the library on the calling convention.
  if (ArchFlags(f.common) != ArchFlags(CortexM4CompileFlags(c))) {
    return Status::Error(path + ": the library was built for other -mcpu/-mfpu/-mfloat-abi flags than edgebench's "
                         "firmware; rebuild it with scripts/build_tflm.sh");
  }
  return f;
}

std::string ModelDataHeader(const std::vector<TflmOp>& ops) {
  std::string h =
      "// Generated by edgebench: the .tflite file (model_data.cc, in flash) and its builtin operators.\n"
      "#ifndef EB_TFLM_MODEL_DATA_H\n#define EB_TFLM_MODEL_DATA_H\n\n"
      "#include \"tensorflow/lite/micro/micro_mutable_op_resolver.h\"\n\n"
      "extern const unsigned char eb_tflm_model[];\nextern const unsigned int eb_tflm_model_bytes;\n\n";
  h += Format("#define EB_TFLM_NUM_OPS %zu\n\n", std::max<size_t>(ops.size(), 1));
  h += "// Exactly the model's operators, so the firmware links only their kernels.\n";
  h += "inline bool EbTflmAddOps(tflite::MicroMutableOpResolver<EB_TFLM_NUM_OPS>& r) {\n  return true";
  for (const TflmOp& op : ops) h += "\n         && r.Add" + op.method + "() == kTfLiteOk  /* " + op.name + " */";
  h += ";\n}\n\n#endif\n";
  return h;
}

std::string ModelDataSource(const std::vector<uint8_t>& tflite) {
  // Without TFLM's headers, so that only the harness pays for parsing them.
  std::string s = "// Generated by edgebench: the .tflite file. Its flatbuffer needs at most 16-byte alignment.\n"
                  "extern const unsigned char eb_tflm_model[];\nextern const unsigned int eb_tflm_model_bytes;\n\n"
                  "alignas(16) const unsigned char eb_tflm_model[] = {";
  s.reserve(s.size() + tflite.size() * 5 + tflite.size() / 4 + 200);
  for (size_t i = 0; i < tflite.size(); ++i) {
    if (i % 20 == 0) s += "\n ";
    s += Format(" %u,", static_cast<unsigned>(tflite[i]));
  }
  s += "\n};\nconst unsigned int eb_tflm_model_bytes = sizeof(eb_tflm_model);\n";
  return s;
}

std::string ArenaSource(int64_t bytes, bool probe_only) {
  return Format("/* Generated by edgebench: TFLM's arena and whether this firmware only probes its size. */\n"
                "#include <stdint.h>\n\n"
                "__attribute__((aligned(16))) uint8_t eb_tflm_arena[%lld];\n"
                "const uint32_t eb_tflm_arena_bytes = %lldu;\n"
                "const uint32_t eb_tflm_probe_only = %du;\n",
                static_cast<long long>(bytes), static_cast<long long>(bytes), probe_only ? 1 : 0);
}

// Writes firmware/tflm/*: the embedded copy, or the one in `harness_dir`.
Status WriteHarness(const std::string& harness_dir, const std::string& dest) {
  std::error_code ec;
  fs::create_directories(dest, ec);
  if (!harness_dir.empty()) {
    fs::copy(harness_dir, dest, fs::copy_options::recursive | fs::copy_options::overwrite_existing, ec);
    if (ec) return Status::Error(harness_dir + ": cannot copy the TFLM harness: " + ec.message());
    return Status::Ok();
  }
  bool any = false;
  for (const EmbeddedFile& f : EmbeddedFiles()) any |= std::string_view(f.path).starts_with("firmware/tflm/");
  if (!any) {
    return Status::Error("this edgebench binary does not embed the TFLM harness (firmware/tflm/: CMakeLists.txt's "
                         "EB_EMBEDDED_FILES)");
  }
  return WriteEmbeddedFiles("firmware/tflm/", dest);
}

class TflmBuild {
 public:
  TflmBuild(const TflmFirmwareOptions& o, std::string dir) : o_(o), dir_(std::move(dir)) {}

  // Writes the project and compiles everything but the arena.
  Status Prepare(const std::vector<uint8_t>& tflite, const std::vector<TflmOp>& ops, const TflmFlags& flags) {
    EB_RETURN_IF_ERROR(WriteEmbeddedFiles("firmware/cortex-m4/", dir_ + "/firmware"));
    EB_RETURN_IF_ERROR(WriteHarness(o_.harness_dir, dir_ + "/tflm"));
    EB_RETURN_IF_ERROR(WriteTextFile(dir_ + "/model_data.h", ModelDataHeader(ops)));
    EB_RETURN_IF_ERROR(WriteTextFile(dir_ + "/model_data.cc", ModelDataSource(tflite)));
    const std::string src = fs::absolute(o_.tflm_dir).string() + "/src/";
    std::vector<std::string> cxx = {CxxCompiler()};
    cxx.insert(cxx.end(), flags.common.begin(), flags.common.end());
    cxx.insert(cxx.end(), flags.cxx.begin(), flags.cxx.end());
    for (const std::string& inc : flags.includes) cxx.push_back(inc.starts_with("-I") ? "-I" + src + inc.substr(2) : inc);
    cxx.insert(cxx.end(), {"-I.", "-Ifirmware", "-c"});
    for (const char* f : {"tflm/main.cc", "model_data.cc"}) {
      std::vector<std::string> argv = cxx;
      argv.insert(argv.end(), {f, "-o", fs::path(f).stem().string() + ".o"});
      EB_RETURN_IF_ERROR(Run(argv, "compiling the TFLM harness"));
    }
    // edgebench's own start-up, semihosting and timing code, compiled as edgebench's firmware compiles it.
    for (const char* f : {"firmware/startup.c", "firmware/semihost.c", "firmware/bench.c"}) {
      EB_RETURN_IF_ERROR(CompileC(f));
    }
    return Status::Ok();
  }

  // Links firmware.elf with an arena of `arena` bytes for a memory map of `flash` / `ram` bytes.
  Result<FirmwareImage> Link(int64_t arena, bool probe_only, int64_t flash, int64_t ram, bool* overflowed) {
    *overflowed = false;
    EB_RETURN_IF_ERROR(WriteTextFile(dir_ + "/arena.c", ArenaSource(arena, probe_only)));
    EB_RETURN_IF_ERROR(CompileC("arena.c"));
    CortexM4Config c = o_.config;
    c.flash_bytes = flash;
    c.ram_bytes = ram;
    std::vector<std::string> argv = {CxxCompiler()};
    for (const std::string& f : ArchFlags(CortexM4CompileFlags(c))) argv.push_back(f);
    for (const char* obj : {"startup.o", "semihost.o", "bench.o", "arena.o", "main.o", "model_data.o"}) argv.push_back(obj);
    argv.push_back(fs::absolute(o_.tflm_dir).string() + "/libtflm_cmsisnn.a");
    for (const std::string& f : CortexM4LinkFlags(c)) argv.push_back(f);
    argv.insert(argv.end(), {"-o", "firmware.elf"});
    auto run = RunProcess(argv, dir_);
    if (!run.ok()) return run.status();
    if (run->exit_code != 0) {
      *overflowed = run->output.find("overflowed by") != std::string::npos;
      return Status::Error(dir_ + ": linking the TFLM firmware failed:\n" + Trimmed(run->output));
    }
    FirmwareImage img;
    img.elf_path = dir_ + "/firmware.elf";
    img.compile_log = run->output;
    auto bytes = ReadFileBytes(img.elf_path);
    if (!bytes.ok()) return bytes.status();
    auto elf = ParseElf32(*bytes, img.elf_path);
    if (!elf.ok()) return elf.status();
    img.sizes = elf->Sizes();
    elf_ = std::move(*elf);
    return img;
  }

  const Elf32Image& elf() const { return elf_; }

 private:
  // The C++ driver next to the configured C compiler (arm-none-eabi-gcc -> arm-none-eabi-g++).
  std::string CxxCompiler() const {
    const std::string& cc = o_.config.cc;
    return cc.ends_with("gcc") ? cc.substr(0, cc.size() - 3) + "g++" : cc;
  }

  Status CompileC(const std::string& file) {
    std::vector<std::string> argv = {o_.config.cc};
    for (const std::string& f : CortexM4CompileFlags(o_.config)) argv.push_back(f);
    argv.insert(argv.end(), {"-c", file, "-o", fs::path(file).stem().string() + ".o"});
    return Run(argv, "compiling " + file);
  }

  Status Run(const std::vector<std::string>& argv, const std::string& what) {
    auto run = RunProcess(argv, dir_);
    if (!run.ok()) return run.status();
    if (run->exit_code != 0) return Status::Error(dir_ + ": " + what + " failed:\n" + Trimmed(run->output));
    return Status::Ok();
  }

  static std::string Trimmed(const std::string& log) { return log.size() > 4000 ? log.substr(0, 4000) + "\n..." : log; }

  const TflmFirmwareOptions& o_;
  std::string dir_;
  Elf32Image elf_;
};

// The value of the console's "<tag> <n>" line, or -1.
int64_t ConsoleValue(const std::string& console, const std::string& tag) {
  const size_t at = console.find(tag + " ");
  if (at == std::string::npos) return -1;
  int64_t v = -1;
  const char* p = console.data() + at + tag.size() + 1;
  std::from_chars(p, console.data() + console.size(), v);
  return v;
}

// TFLM's own refusal ("EB_ERROR tflm: ...") out of an emulator error, if that is what it was.
std::string TflmRefusal(const std::string& message) {
  const std::string tag = "EB_ERROR tflm: ";
  const size_t at = message.find(tag);
  if (at == std::string::npos) return {};
  const size_t end = message.find('\n', at);
  return message.substr(at + tag.size(), end == std::string::npos ? std::string::npos : end - at - tag.size());
}

Result<EmulationResult> Emulate(const Elf32Image& elf, const std::vector<uint8_t>& input, EmulatorOptions eo,
                                int64_t flash, int64_t ram) {
  eo.flash_bytes = static_cast<uint32_t>(flash);
  eo.ram_bytes = static_cast<uint32_t>(ram);
  return EmulateCortexM4(elf, input, eo);
}

Result<TflmFirmwareRun> BuildAndRun(const std::vector<uint8_t>& tflite, const std::vector<uint8_t>& input,
                                    const TflmFirmwareOptions& o, const std::string& dir, TflmFailure* fail) {
  auto tool = [&](Status s) {
    *fail = TflmFailure::kTool;
    return s;
  };
  auto refused = [&](const std::string& why) {
    Status s = Status::Error("TFLite Micro cannot run " + o.name + ": " + why);
    *fail = TflmFailure::kRefused;
    return s;
  };
  auto too_big = [&](const std::string& why) {
    Status s = Status::Error(o.name + " does not fit the Cortex-M4 target under TFLite Micro: " + why);
    *fail = TflmFailure::kDoesNotFit;
    return s;
  };

  TflmFirmwareRun run;
  run.clock_mhz = o.clock_mhz;
  run.model_bytes = static_cast<int64_t>(tflite.size());
  auto ops = TflmModelOps(tflite);
  if (!ops.ok()) return refused(ops.status().message());
  for (const TflmOp& op : *ops) run.ops.push_back(op.name);
  const int64_t in_bytes = InputBytes(VerifiedModel(tflite));
  if (in_bytes >= 0 && static_cast<int64_t>(input.size()) != in_bytes) {
    return tool(Status::Error(Format("the input holds %zu bytes, %s's inputs need %lld", input.size(), o.name.c_str(),
                                     static_cast<long long>(in_bytes))));
  }
  if (run.model_bytes > o.config.flash_bytes) {
    return too_big(Format("the .tflite file alone needs %s of flash, the limit is %s (--flash-kb)",
                          Kb(run.model_bytes).c_str(), Kb(o.config.flash_bytes).c_str()));
  }
  auto flags = ReadTflmFlags(o.tflm_dir, o.config);
  if (!flags.ok()) return tool(flags.status());

  TflmBuild build(o, dir);
  if (Status s = build.Prepare(tflite, *ops, *flags); !s.ok()) return tool(s);
  bool overflowed = false;
  auto probe = build.Link(kProbeArenaBytes, true, kProbeFlashBytes, kProbeRamBytes, &overflowed);
  if (!probe.ok()) {
    // A kernel the resolver names but this library lacks shows up as an undefined Register_ function.
    const std::string& log = probe.status().message();
    static const std::regex kMissing("undefined reference to `(tflite::Register_[A-Za-z0-9_]+)");
    std::smatch match;
    if (std::regex_search(log, match, kMissing)) return refused("this TFLM build has no " + match[1].str());
    return tool(probe.status());
  }
  auto probed = Emulate(build.elf(), {}, o.emulator, kProbeFlashBytes, kProbeRamBytes);
  if (!probed.ok()) {
    const std::string why = TflmRefusal(probed.status().message());
    if (!why.empty()) return refused(why + Format(" with a %s arena", Kb(kProbeArenaBytes).c_str()));
    return refused("its firmware failed while allocating tensors: " + probed.status().message());
  }
  run.arena_used_bytes = ConsoleValue(probed->console, "EB_ARENA");
  run.arena_bytes = ConsoleValue(probed->console, "EB_ARENA_MIN");
  if (run.arena_used_bytes <= 0 || run.arena_bytes < run.arena_used_bytes) {
    return tool(Status::Error(dir + ": the TFLM harness did not report EB_ARENA and EB_ARENA_MIN"));
  }

  // The probe has the same code and data as the final firmware; only the arena differs.
  const int64_t flash = static_cast<int64_t>(probe->flash_bytes());
  const int64_t other_ram = static_cast<int64_t>(probe->ram_bytes()) - kProbeArenaBytes - o.config.stack_bytes;
  if (flash > o.config.flash_bytes) {
    return too_big(Format("its firmware needs %s of flash (the .tflite file %s + TFLM, its kernels and the harness "
                          "%s), the limit is %s (--flash-kb)",
                          Kb(flash).c_str(), WithThousands(run.model_bytes).c_str(),
                          WithThousands(flash - run.model_bytes).c_str(), Kb(o.config.flash_bytes).c_str()));
  }
  const int64_t ram = run.arena_bytes + o.config.stack_bytes + other_ram;
  if (ram > o.config.ram_bytes) {
    return too_big(Format("it needs %s of RAM (arena %s + stack %s + TFLM and the harness %s), the limit is %s "
                          "(--ram-kb)",
                          Kb(ram).c_str(), WithThousands(run.arena_bytes).c_str(),
                          WithThousands(o.config.stack_bytes).c_str(), WithThousands(other_ram).c_str(),
                          Kb(o.config.ram_bytes).c_str()));
  }

  auto image = build.Link(run.arena_bytes, false, o.config.flash_bytes, o.config.ram_bytes, &overflowed);
  if (!image.ok()) {
    if (overflowed) return too_big(image.status().message());
    return tool(image.status());
  }
  run.image = std::move(*image);
  auto emu = Emulate(build.elf(), input, o.emulator, o.config.flash_bytes, o.config.ram_bytes);
  if (!emu.ok()) {
    const std::string why = TflmRefusal(emu.status().message());
    return refused(why.empty() ? "its firmware failed: " + emu.status().message() : why);
  }
  run.emulation = std::move(*emu);
  if (ConsoleValue(run.emulation.console, "EB_ARENA") != run.arena_used_bytes) {
    return tool(Status::Error(Format("%s: TFLM used %lld arena bytes in the final firmware, %lld when probed", dir.c_str(),
                                     static_cast<long long>(ConsoleValue(run.emulation.console, "EB_ARENA")),
                                     static_cast<long long>(run.arena_used_bytes))));
  }
  if (run.stack_bytes() >= o.config.stack_bytes) {
    return too_big(Format("its firmware overflowed its %lld-byte stack reserve (all of it was used); reserve more "
                          "with --stack-kb", static_cast<long long>(o.config.stack_bytes)));
  }
  return run;
}

}  // namespace

Status CheckTflmLibrary(const std::string& tflm_dir) {
  for (const char* f : {"libtflm_cmsisnn.a", "FLAGS.txt", "src/tflite-micro/tensorflow/lite/micro/micro_interpreter.h"}) {
    if (!fs::is_regular_file(tflm_dir + "/" + f)) {
      return Status::Error("TFLite Micro is not built: " + tflm_dir + "/" + f +
                           " is missing (scripts/build_tflm.sh builds it from ../shared/peers/tflm-cmsisnn-src.tar.gz)");
    }
  }
  return Status::Ok();
}

Result<std::vector<TflmOp>> TflmModelOps(const std::vector<uint8_t>& tflite) {
  const tfl::Model* m = VerifiedModel(tflite);
  if (!m) return Status::Error("not a valid .tflite file (the flatbuffer does not verify)");
  std::vector<TflmOp> ops;
  if (!m->operator_codes()) return ops;
  for (const tfl::OperatorCode* c : *m->operator_codes()) {
    // Files written before code 127 existed set only the byte; newer ones set both. Take the larger.
    const int code = std::max<int>(c->builtin_code(), c->deprecated_builtin_code());
    if (code == 32) {
      return Status::Error("it uses the custom operator '" + (c->custom_code() ? c->custom_code()->str() : "") +
                           "', which the harness does not register");
    }
    const auto* e = std::find_if(std::begin(kResolverMethods), std::end(kResolverMethods),
                                 [&](const ResolverEntry& r) { return r.code == code; });
    if (e == std::end(kResolverMethods)) {
      return Status::Error("TFLite Micro has no kernel for " + BuiltinLabel(code));
    }
    if (std::none_of(ops.begin(), ops.end(), [&](const TflmOp& op) { return op.code == code; })) {
      ops.push_back({code, BuiltinLabel(code), e->method});
    }
  }
  return ops;
}

Result<TflmFirmwareRun> RunTflmOnCortexM4(const std::vector<uint8_t>& tflite, const std::vector<uint8_t>& input,
                                          const TflmFirmwareOptions& o, TflmFailure* failure) {
  if (failure) *failure = TflmFailure::kNone;
  if (Status s = CheckTflmLibrary(o.tflm_dir); !s.ok()) {
    if (failure) *failure = TflmFailure::kLibraryMissing;
    return s;
  }
  if (!ProgramExists(o.config.cc)) {
    if (failure) *failure = TflmFailure::kTool;
    return Status::Error(o.config.cc + " was not found; install Debian's gcc-arm-none-eabi, libnewlib-arm-none-eabi "
                         "and libstdc++-arm-none-eabi-newlib (scripts/setup.sh does)");
  }
  static std::atomic<int> counter{0};
  const bool temporary = o.work_dir.empty();
  const std::string dir = temporary ? (fs::temp_directory_path() / ("edgebench_tflm_" + std::to_string(getpid()) + "_" +
                                                                    std::to_string(counter++))).string()
                                    : o.work_dir;
  struct Cleanup {
    std::string p;
    bool on;
    ~Cleanup() {
      std::error_code e;
      if (on) fs::remove_all(p, e);
    }
  } cleanup{dir, temporary};
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) {
    if (failure) *failure = TflmFailure::kTool;
    return Status::Error(dir + ": cannot create the folder: " + ec.message());
  }
  TflmFailure fail = TflmFailure::kNone;
  auto run = BuildAndRun(tflite, input, o, dir, &fail);
  if (failure && !run.ok()) *failure = fail;
  return run;
}

}  // namespace eb
