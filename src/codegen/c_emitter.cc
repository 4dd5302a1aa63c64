#include "codegen/c_emitter.h"

#include <algorithm>
#include <cctype>
#include <cinttypes>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <map>
#include <set>

#include "codegen/c_literals.h"
#include "codegen/embedded_files.h"
#include "core/strings.h"
#include "runtime/mcu_select.h"

namespace eb {
namespace {

// Comments must not end early or hide characters; tensor names come from the model file.
std::string CommentSafe(const std::string& s) {
  std::string out;
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '/' && !out.empty() && out.back() == '*') out += ' ';
    out += (u < 32 || u > 126) ? '?' : c;
  }
  return out;
}

// Long tensor names (TFLite joins every fused op's name) are cut for the call comments.
std::string Shortened(const std::string& s, size_t max = 72) {
  return s.size() <= max ? s : s.substr(0, max - 3) + "...";
}

std::string DescribeTensor(const Tensor& t, size_t max_name = std::string::npos) {
  std::string s = Format("'%s' %s %s", Shortened(CommentSafe(t.name), max_name).c_str(), std::string(DTypeName(t.dtype)).c_str(),
                         ShapeString(t.shape).c_str());
  if (t.quant.scale.size() == 1) {
    s += Format(" scale=%.9g zero_point=%lld", static_cast<double>(t.quant.scale[0]),
                static_cast<long long>(t.quant.zero_point[0]));
  } else if (t.quant.per_axis()) {
    s += Format(" per-axis quantised (%zu scales)", t.quant.scale.size());
  }
  return s;
}

CScalar ScalarOfDType(DType t) {
  switch (t) {
    case DType::kF32: return CScalar::kF32;
    case DType::kF16: return CScalar::kU16;
    case DType::kI8: return CScalar::kI8;
    case DType::kU8: return CScalar::kU8;
    case DType::kI16: return CScalar::kI16;
    case DType::kI32: return CScalar::kI32;
    case DType::kI64: return CScalar::kI64;
    case DType::kBool: return CScalar::kU8;
  }
  return CScalar::kU8;
}

// The header that declares `kernel` among the embedded C kernels ("conv2d.h"), and the names of the
// kernel's parameters in that declaration (to name the generated constant arrays after them).
std::string HeaderDeclaring(const std::string& kernel, std::vector<std::string>* param_names) {
  const std::string needle = " " + kernel + "(";
  for (const EmbeddedFile& f : EmbeddedFiles()) {
    const std::string_view path(f.path);
    if (!path.starts_with("src/kernels/") || !path.ends_with(".h")) continue;
    const size_t at = f.text().find(needle);
    if (at == std::string_view::npos) continue;
    const size_t open = at + needle.size(), close = f.text().find(')', open);
    std::string_view params = f.text().substr(open, close == std::string_view::npos ? 0 : close - open);
    param_names->clear();
    while (!params.empty()) {
      const size_t comma = params.find(',');
      std::string_view one = params.substr(0, comma);
      size_t end = one.size();
      while (end > 0 && !(std::isalnum(static_cast<unsigned char>(one[end - 1])) || one[end - 1] == '_')) --end;
      size_t begin = end;
      while (begin > 0 && (std::isalnum(static_cast<unsigned char>(one[begin - 1])) || one[begin - 1] == '_')) --begin;
      param_names->emplace_back(one.substr(begin, end - begin));
      params = comma == std::string_view::npos ? std::string_view() : params.substr(comma + 1);
    }
    return std::string(f.name());
  }
  return {};
}

// The constant tensors the calls read, each once, in index order.
std::set<int> UsedConstants(const Graph& g, const std::vector<KernelCall>& calls) {
  std::set<int> used;
  for (const KernelCall& call : calls) {
    for (const CallArg& a : call.args) {
      if (a.kind == CallArg::Kind::kTensor && a.tensor >= 0 && g.tensor(a.tensor).is_constant) used.insert(a.tensor);
      for (int t : a.tensors) {
        if (t >= 0 && g.tensor(t).is_constant) used.insert(t);
      }
    }
  }
  return used;
}

class Emitter {
 public:
  Emitter(const Graph& g, const MemoryPlan& plan, const std::vector<KernelCall>& calls, const CodegenOptions& o)
      : g_(g), plan_(plan), calls_(calls), o_(o) {}

  Result<GeneratedModel> Run() {
    EB_RETURN_IF_ERROR(Check());
    EmitConstants();
    for (const KernelCall& call : calls_) EB_RETURN_IF_ERROR(EmitCall(call));
    GeneratedModel m;
    m.kernels = kernels_;
    m.arena_bytes = plan_.arena_bytes;
    m.constant_bytes = CountConstantBytes(g_, calls_);
    for (int t : g_.inputs) m.input_bytes += g_.tensor(t).num_bytes();
    for (int t : g_.outputs) m.output_bytes += g_.tensor(t).num_bytes();
    m.header = Header(m);
    m.source = Source(m);
    return m;
  }

 private:
  Status Check() const {
    const std::string& n = o_.name;
    const bool ident = !n.empty() && (std::isalpha(static_cast<unsigned char>(n[0])) || n[0] == '_') &&
                       std::all_of(n.begin(), n.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
    if (!ident) return Status::Error("codegen: the name '" + n + "' is not a C identifier");
    for (const KernelCall& call : calls_) {
      if (!call.described()) {
        return Status::Error(g_.name + ": " + g_.OpLabel(call.op_index) +
                             " runs only on the host (its prepare emits no C kernel call), so it cannot be "
                             "generated as C yet");
      }
    }
    for (const auto& list : {g_.inputs, g_.outputs}) {
      for (int t : list) {
        if (plan_.offset[static_cast<size_t>(t)] < 0) {
          return Status::Error(g_.name + ": graph input/output '" + g_.tensor(t).name +
                               "' is not in the arena (a constant graph output is not supported)");
        }
      }
    }
    return Status::Ok();
  }

  // The C expression for tensor t's memory, as `c_type` ("const int8_t *").
  std::string TensorExpr(int t, const std::string& c_type) const {
    if (t < 0) return "NULL";
    const Tensor& tensor = g_.tensor(t);
    if (tensor.is_constant) return ConstName(t);
    return Format("(%s)(arena + %lld)", c_type.c_str(), static_cast<long long>(plan_.offset[static_cast<size_t>(t)]));
  }

  static std::string ConstName(int t) { return Format("tensor%d", t); }

  // Constant tensors that some call reads, each once.
  void EmitConstants() {
    for (int t : UsedConstants(g_, calls_)) {
      const Tensor& tensor = g_.tensor(t);
      constants_ += Format("/* tensor %d %s */\n", t, DescribeTensor(tensor).c_str());
      constants_ += CArrayDefinition(ConstName(t), ScalarOfDType(tensor.dtype), tensor.data.data(), tensor.data.size());
    }
  }

  Status EmitCall(const KernelCall& call) {
    const std::string prefix = Format("op%zu", call.op_index);
    // Several calls of one op (none today) would get distinct names.
    const int serial = serial_[call.op_index]++;
    const std::string id = serial == 0 ? prefix : Format("%s_%d", prefix.c_str(), serial);
    std::vector<std::string> param_names;
    const std::string header = HeaderDeclaring(call.kernel, &param_names);
    if (header.empty()) {
      return Status::Error(g_.name + ": " + g_.OpLabel(call.op_index) + ": kernel " + call.kernel +
                           " is not declared by any header of the MCU kernels (src/kernels/ref, arm, common)");
    }
    headers_.insert(header);
    if (std::find(kernels_.begin(), kernels_.end(), call.kernel) == kernels_.end()) kernels_.push_back(call.kernel);

    const Op& op = g_.ops[call.op_index];
    std::string& d = definitions_;
    d += Format("/* op %zu %s */\n", call.op_index, std::string(OpName(op.type)).c_str());
    for (const auto& [field, values] : call.pointees) {
      d += CArrayDefinition(id + "_" + field, CScalar::kI32, values.data(), values.size() * sizeof(int32_t));
    }
    d += Format("static const %s %s_params = {\n", call.params_type.c_str(), id.c_str());
    for (const ParamField& f : call.fields) {
      d += Format("    .%s = ", f.name);
      if (f.is_pointer) {
        d += id + "_" + f.name;
      } else {
        d += FieldInitialiser(f, call.params.data() + f.offset);
      }
      d += ",\n";
    }
    d += "};\n";

    std::vector<std::string> exprs;
    for (size_t i = 0; i < call.args.size(); ++i) {
      const CallArg& a = call.args[i];
      switch (a.kind) {
        case CallArg::Kind::kTensor: exprs.push_back(TensorExpr(a.tensor, a.c_type)); break;
        case CallArg::Kind::kConstArray: {
          const std::string name = ArgName(id, param_names, i);
          d += CArrayDefinition(name, a.elem, a.bytes.data(), a.bytes.size());
          exprs.push_back(name);
          break;
        }
        case CallArg::Kind::kScratch: {
          const int64_t off = call.op_index < plan_.scratch_offset.size() ? plan_.scratch_offset[call.op_index] : -1;
          if (off < 0) {
            return Status::Error(g_.name + ": " + g_.OpLabel(call.op_index) + ": kernel " + call.kernel +
                                 " takes a scratch buffer, but the memory plan placed none for this op");
          }
          exprs.push_back(Format("(%s)(arena + %lld)", a.c_type.c_str(), static_cast<long long>(off)));
          break;
        }
        case CallArg::Kind::kTensorList: {
          const std::string name = ArgName(id, param_names, i);
          d += Format("static const void *const %s[%zu] = {", name.c_str(), a.tensors.size());
          for (size_t k = 0; k < a.tensors.size(); ++k) {
            if (k) d += ", ";
            d += TensorExpr(a.tensors[k], "const void *");
          }
          d += "};\n";
          exprs.push_back(name);
          break;
        }
      }
    }
    d += "\n";

    std::string& b = body_;
    b += Format("  /* op %zu %s -> %s */\n", call.op_index, std::string(OpName(op.type)).c_str(),
                op.outputs.empty() ? "" : DescribeTensor(g_.tensor(op.outputs[0]), 48).c_str());
    b += Format("  %s(&%s_params", call.kernel.c_str(), id.c_str());
    for (const std::string& e : exprs) b += ",\n      " + e;
    b += ");\n";
    return Status::Ok();
  }

  // "op3_out_mult": argument i is the kernel's parameter i + 1 (parameter 0 is the params struct).
  static std::string ArgName(const std::string& id, const std::vector<std::string>& params, size_t i) {
    if (i + 1 < params.size() && !params[i + 1].empty()) return id + "_" + params[i + 1];
    return Format("%s_arg%zu", id.c_str(), i);
  }

  std::string Guard() const {
    std::string g;
    for (char c : o_.name) g += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return g;
  }

  std::string Header(const GeneratedModel& m) const {
    const std::string& n = o_.name;
    const std::string N = Guard();
    std::string h;
    h += Format("/* %s: interpreter-free C99 inference, generated by `edgebench codegen`%s%s.\n", n.c_str(),
                o_.source.empty() ? "" : " from ", CommentSafe(o_.source).c_str());
    h += " * One static arena, constant weights, no allocation, no I/O. Not thread-safe: one inference at a time. */\n";
    h += Format("#ifndef %s_MODEL_H\n#define %s_MODEL_H\n\n#include <stdint.h>\n\n", N.c_str(), N.c_str());
    h += "#ifdef __cplusplus\nextern \"C\" {\n#endif\n\n";
    h += Format("#define %s_ARENA_BYTES %lld\n", N.c_str(), static_cast<long long>(m.arena_bytes));
    h += Format("#define %s_NUM_INPUTS %zu\n", N.c_str(), g_.inputs.size());
    h += Format("#define %s_NUM_OUTPUTS %zu\n", N.c_str(), g_.outputs.size());
    h += Format("#define %s_INPUT_BYTES %lld  /* all inputs, concatenated */\n", N.c_str(), static_cast<long long>(m.input_bytes));
    h += Format("#define %s_OUTPUT_BYTES %lld  /* all outputs, concatenated */\n\n", N.c_str(), static_cast<long long>(m.output_bytes));
    for (size_t i = 0; i < g_.inputs.size(); ++i) {
      h += Format("/* input %zu: %s */\n", i, DescribeTensor(g_.tensor(g_.inputs[i])).c_str());
    }
    for (size_t i = 0; i < g_.outputs.size(); ++i) {
      h += Format("/* output %zu: %s */\n", i, DescribeTensor(g_.tensor(g_.outputs[i])).c_str());
    }
    h += "\n/* Runs one inference. `in`: every input's bytes, concatenated in order; `out` receives every output's\n"
         " * bytes, concatenated. Returns 0. */\n";
    h += Format("int %s_run(const void *in, void *out);\n\n", n.c_str());
    h += "/* The same without copies: write input i at _input(i), call _invoke(), read output i at _output(i).\n"
         " * The buffers live in the arena; an output stays valid until the next inference. */\n";
    h += Format("uint8_t *%s_input(int i);\nint32_t %s_input_bytes(int i);\n", n.c_str(), n.c_str());
    h += Format("const uint8_t *%s_output(int i);\nint32_t %s_output_bytes(int i);\n", n.c_str(), n.c_str());
    h += Format("void %s_invoke(void);\n\n", n.c_str());
    h += "/* Sets the model's state (variable tensors such as SVDF's or LSTM's memory) to its initial values, as\n"
         " * before the first inference; a stateful model otherwise carries it from one inference to the next. */\n";
    h += Format("void %s_reset(void);\n\n", n.c_str());
    h += "/* Generic names, so one harness runs any generated model. */\n";
    h += Format("#define EB_MODEL_NAME \"%s\"\n", n.c_str());
    h += Format("#define EB_MODEL_NUM_INPUTS %s_NUM_INPUTS\n#define EB_MODEL_NUM_OUTPUTS %s_NUM_OUTPUTS\n", N.c_str(), N.c_str());
    for (const char* f : {"input", "input_bytes", "output", "output_bytes", "invoke", "reset", "run"}) {
      std::string upper;
      for (const char* c = f; *c; ++c) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(*c)));
      h += Format("#define EB_MODEL_%s %s_%s\n", upper.c_str(), n.c_str(), f);
    }
    h += "\n#ifdef __cplusplus\n}\n#endif\n#endif\n";
    return h;
  }

  bool HasVariables() const {
    return std::any_of(g_.tensors.begin(), g_.tensors.end(), [](const Tensor& t) { return t.is_variable; });
  }

  // The reset of the state tensors (SVDF, LSTM): TFLM's values, set before the first inference and by _reset().
  std::string Variables() const {
    const std::string& n = o_.name;
    std::string s;
    if (HasVariables()) s += "static int variables_ready;\n\n";
    s += Format("void %s_reset(void) {\n", n.c_str());
    for (size_t t = 0; t < g_.tensors.size(); ++t) {
      const Tensor& v = g_.tensors[t];
      if (!v.is_variable || plan_.offset[t] < 0) continue;
      s += Format("  memset(arena + %lld, %d, %lld);  /* %s */\n", static_cast<long long>(plan_.offset[t]),
                  VariableResetByte(v), static_cast<long long>(v.num_bytes()), CommentSafe(v.name).c_str());
    }
    if (HasVariables()) s += "  variables_ready = 1;\n";
    return s + "}\n\n";
  }

  std::string Source(const GeneratedModel& m) const {
    const std::string& n = o_.name;
    std::string s;
    s += Format("/* %s: generated by `edgebench codegen`%s%s. Do not edit.\n", n.c_str(), o_.source.empty() ? "" : " from ",
                CommentSafe(o_.source).c_str());
    s += Format(" * %zu kernel calls, %lld bytes of arena, %lld bytes of constants. */\n", calls_.size(),
                static_cast<long long>(m.arena_bytes), static_cast<long long>(m.constant_bytes));
    s += "#include <math.h>\n#include <stddef.h>\n#include <stdint.h>\n#include <string.h>\n\n";
    s += "#include \"model.h\"\n";
    for (const std::string& h : headers_) s += "#include \"" + h + "\"\n";
    s += "\n#if defined(__GNUC__)\n#define EB_ALIGNED(n) __attribute__((aligned(n)))\n#else\n#define EB_ALIGNED(n)\n#endif\n\n";
    s += Format("/* Activations and kernel scratch at the planner's offsets (%lld bytes, the planned peak). */\n",
                static_cast<long long>(m.arena_bytes));
    s += Format("static uint8_t arena[%lld] EB_ALIGNED(16);\n\n", static_cast<long long>(std::max<int64_t>(m.arena_bytes, 16)));
    s += constants_;
    s += "\n" + definitions_;
    auto table = [&](const char* what, const std::vector<int>& list, bool bytes) {
      s += Format("static const int32_t %s_%s[%zu] = {", what, bytes ? "bytes" : "offsets", list.size());
      for (size_t i = 0; i < list.size(); ++i) {
        const int64_t v = bytes ? g_.tensor(list[i]).num_bytes() : plan_.offset[static_cast<size_t>(list[i])];
        s += Format("%s%lld", i ? ", " : "", static_cast<long long>(v));
      }
      s += "};\n";
    };
    table("input", g_.inputs, false);
    table("input", g_.inputs, true);
    table("output", g_.outputs, false);
    table("output", g_.outputs, true);
    s += Format("\nuint8_t *%s_input(int i) { return arena + input_offsets[i]; }\n", n.c_str());
    s += Format("int32_t %s_input_bytes(int i) { return input_bytes[i]; }\n", n.c_str());
    s += Format("const uint8_t *%s_output(int i) { return arena + output_offsets[i]; }\n", n.c_str());
    s += Format("int32_t %s_output_bytes(int i) { return output_bytes[i]; }\n\n", n.c_str());
    s += Variables();
    s += Format("void %s_invoke(void) {\n", n.c_str());
    if (HasVariables()) s += Format("  if (!variables_ready) %s_reset();\n", n.c_str());
    s += body_ + "}\n\n";
    s += Format("int %s_run(const void *in, void *out) {\n", n.c_str());
    s += "  const uint8_t *src = (const uint8_t *)in;\n  uint8_t *dst = (uint8_t *)out;\n";
    s += Format("  for (int i = 0; i < %zu; ++i) {\n", g_.inputs.size());
    s += "    memcpy(arena + input_offsets[i], src, (size_t)input_bytes[i]);\n    src += input_bytes[i];\n  }\n";
    s += Format("  %s_invoke();\n", n.c_str());
    s += Format("  for (int i = 0; i < %zu; ++i) {\n", g_.outputs.size());
    s += "    memcpy(dst, arena + output_offsets[i], (size_t)output_bytes[i]);\n    dst += output_bytes[i];\n  }\n";
    s += "  return 0;\n}\n";
    return s;
  }

  const Graph& g_;
  const MemoryPlan& plan_;
  const std::vector<KernelCall>& calls_;
  const CodegenOptions& o_;
  std::string constants_, definitions_, body_;
  std::set<std::string> headers_;
  std::vector<std::string> kernels_;
  std::map<size_t, int> serial_;
};

}  // namespace

int64_t CountConstantBytes(const Graph& graph, const std::vector<KernelCall>& calls) {
  return CallConstantBytes(graph, calls);
}

std::string CIdentifierFromPath(const std::string& path) {
  std::string stem = std::filesystem::path(path).stem().string();
  std::string id;
  for (char c : stem) id += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  if (id.empty() || std::isdigit(static_cast<unsigned char>(id[0]))) id = "m_" + id;
  return id;
}

Result<GeneratedModel> EmitC(const Graph& graph, const MemoryPlan& plan, const std::vector<KernelCall>& calls,
                             const CodegenOptions& options) {
  return Emitter(graph, plan, calls, options).Run();
}

Result<GeneratedModel> EmitC(const Runtime& rt, const CodegenOptions& options) {
  if (rt.options().target.kind == TargetKind::kHost) {
    return Status::Error(rt.graph().name + ": the runtime was prepared for the host (" +
                         rt.options().target.Describe() + "); generated C needs one prepared for cortex-m4 or c");
  }
  return EmitC(rt.graph(), rt.plan(), rt.calls(), options);
}

}  // namespace eb
