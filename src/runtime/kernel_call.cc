#include "runtime/kernel_call.h"

#include <cstring>

namespace eb {

namespace {

CallArg ConstArray(CScalar elem, const void* data, size_t bytes) {
  CallArg a;
  a.kind = CallArg::Kind::kConstArray;
  a.elem = elem;
  a.bytes.resize(bytes);
  if (bytes) std::memcpy(a.bytes.data(), data, bytes);
  return a;
}

}  // namespace

CallArg CallArg::Const(const std::vector<int32_t>& v) { return ConstArray(CScalar::kI32, v.data(), v.size() * 4); }

CallArg CallArg::Const(const std::vector<int16_t>& v) { return ConstArray(CScalar::kI16, v.data(), v.size() * 2); }

CallArg CallArg::Const(const std::vector<int8_t>& v) { return ConstArray(CScalar::kI8, v.data(), v.size()); }

size_t CScalarSize(CScalar t) {
  switch (t) {
    case CScalar::kI8: case CScalar::kU8: return 1;
    case CScalar::kI16: case CScalar::kU16: return 2;
    case CScalar::kI32: case CScalar::kF32: case CScalar::kEnum: return 4;
    case CScalar::kI64: case CScalar::kF64: return 8;
  }
  return 0;
}

const char* CScalarName(CScalar t) {
  switch (t) {
    case CScalar::kI8: return "int8_t";
    case CScalar::kU8: return "uint8_t";
    case CScalar::kI16: return "int16_t";
    case CScalar::kU16: return "uint16_t";
    case CScalar::kI32: return "int32_t";
    case CScalar::kI64: return "int64_t";
    case CScalar::kF32: return "float";
    case CScalar::kF64: return "double";
    case CScalar::kEnum: return "int";
  }
  return "?";
}

KernelCall DescribeCall(const char* kernel, const char* params_type, std::vector<ParamField> fields,
                        const void* params, size_t params_size) {
  KernelCall call;
  call.kernel = kernel;
  call.params_type = params_type;
  call.fields = std::move(fields);
  call.params.resize(params_size);
  std::memcpy(call.params.data(), params, params_size);
  const auto* base = static_cast<const uint8_t*>(params);
  for (const ParamField& f : call.fields) {
    if (!f.is_pointer) continue;
    int32_t n = 0;
    for (const ParamField& g : call.fields) {
      if (std::strcmp(g.name, f.length_field) == 0) std::memcpy(&n, base + g.offset, sizeof n);
    }
    const int32_t* p = nullptr;
    std::memcpy(&p, base + f.offset, sizeof p);
    call.pointees.emplace_back(f.name, std::vector<int32_t>(p, p + (p ? n : 0)));
  }
  return call;
}

}  // namespace eb
