// A kernel call described as data: which C kernel, the contents of its params struct, and what each
// pointer argument refers to (a tensor, a constant array computed at prepare time, a list of tensors).
//
// The host runtime runs the call through a resolved lambda; the C emitter (src/codegen) prints the same
// description as C initialisers and a call statement, so generated firmware and the host engine run the
// same kernels with the same parameters, computed once, by the same prepare code.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace eb {

// A C kernel (src/kernels/ref, arm, x86) together with its C name. Make one with EB_KERNEL(eb_conv2d_s8).
template <class F>
struct Kernel {
  F* fn;
  const char* name;
};
#define EB_KERNEL(fn) (::eb::Kernel<decltype(fn)>{fn, #fn})

// Scalar types that appear in kernel params structs and constant argument arrays.
enum class CScalar { kI8, kU8, kI16, kU16, kI32, kI64, kF32, kF64, kEnum };

// One field of a params struct, found by offsetof. `count` > 1 for arrays. A field of type
// `const int32_t *` (kind kI32 with is_pointer) points to `length_field` elements owned by prepare.
struct ParamField {
  const char* name;
  size_t offset;
  CScalar type;
  int count = 1;
  bool is_pointer = false;
  const char* length_field = nullptr;
  const char* enum_type = nullptr;  // kEnum: the C enum's type name
};

// Specialised (in kernel_params.h) for every params struct a described call may take:
//   static constexpr const char* kName;  static std::vector<ParamField> Fields();
template <class P>
struct ParamsInfo;

// One pointer argument of a kernel call.
struct CallArg {
  // kScratch: the op's scratch buffer, sized at prepare (OpContext::CallScratch) and placed in the arena by the
  // planner (generated C: `arena + offset`).
  enum class Kind { kTensor, kConstArray, kTensorList, kScratch };
  Kind kind = Kind::kTensor;
  int tensor = -1;                  // kTensor: graph tensor index; -1 passes NULL (absent optional input)
  std::vector<int> tensors;         // kTensorList: an array of pointers to these tensors
  CScalar elem = CScalar::kI32;     // kConstArray: element type
  std::vector<uint8_t> bytes;       // kConstArray: contents (host byte order, little endian)
  std::string c_type;               // the kernel's parameter type, e.g. "const int8_t *" (filled by Call)

  static CallArg Tensor(int t) { return CallArg{Kind::kTensor, t, {}, CScalar::kI32, {}, {}}; }
  static CallArg TensorList(std::vector<int> ts) { return CallArg{Kind::kTensorList, -1, std::move(ts), CScalar::kI32, {}, {}}; }
  static CallArg Scratch() { return CallArg{Kind::kScratch, -1, {}, CScalar::kU8, {}, {}}; }
  static CallArg Const(const std::vector<int32_t>& v);
  static CallArg Const(const std::vector<int16_t>& v);
  static CallArg Const(const std::vector<int8_t>& v);
};

struct KernelCall {
  size_t op_index = 0;
  // Empty when the op emitted a bare host lambda that has no C description.
  std::string kernel;
  std::string params_type;
  std::vector<ParamField> fields;
  std::vector<uint8_t> params;      // the params struct's bytes as prepare filled them
  // Contents of pointer fields (by field name), copied when the call was described.
  std::vector<std::pair<std::string, std::vector<int32_t>>> pointees;
  std::vector<CallArg> args;
  // A host-only step (an x86 variant): `kernel` names it, but it has no C description.
  bool host_only = false;

  bool described() const { return !kernel.empty() && !host_only; }
};

template <class>
inline constexpr bool kAlwaysFalse = false;

// The C spelling of a kernel's pointer parameter type ("const int8_t *").
template <class A>
constexpr const char* CArgType() {
#define EB_CARG(T, s)                              \
  if constexpr (std::is_same_v<A, const T*>) {     \
    return "const " s " *";                        \
  } else if constexpr (std::is_same_v<A, T*>) {    \
    return s " *";                                 \
  } else
  EB_CARG(int8_t, "int8_t") EB_CARG(uint8_t, "uint8_t") EB_CARG(int16_t, "int16_t")
  EB_CARG(uint16_t, "uint16_t") EB_CARG(int32_t, "int32_t") EB_CARG(int64_t, "int64_t")
  EB_CARG(float, "float") EB_CARG(void, "void")
  if constexpr (std::is_same_v<A, const void* const*>) {
    return "const void *const *";
  } else {
    static_assert(kAlwaysFalse<A>, "add this kernel argument type to CArgType");
  }
#undef EB_CARG
}

// Builds the description of a call from a params struct (reads pointer fields' contents).
KernelCall DescribeCall(const char* kernel, const char* params_type, std::vector<ParamField> fields,
                        const void* params, size_t params_size);

// Bytes of a CScalar.
size_t CScalarSize(CScalar t);
// "int8_t", "float", ...
const char* CScalarName(CScalar t);

}  // namespace eb
