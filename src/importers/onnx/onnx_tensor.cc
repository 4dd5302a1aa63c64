// TensorProto -> IR tensor. The typed repeated fields store narrow integer types and float16 bits in
// int32_data, unsigned 32/64-bit types in uint64_data; raw_data is little-endian, as on every host we
// build for.
#include "importers/onnx/onnx_tensor.h"

#include <cstring>

#include "core/strings.h"

namespace eb {
namespace {

constexpr int kMaxRank = 8;
constexpr int64_t kMaxElements = int64_t{1} << 31;

template <class Dst, class Src>
void StoreAll(const Src& values, std::vector<uint8_t>* out) {
  out->resize(static_cast<size_t>(values.size()) * sizeof(Dst));
  Dst* d = reinterpret_cast<Dst*>(out->data());
  for (int i = 0; i < values.size(); ++i) d[i] = static_cast<Dst>(values.Get(i));
}

}  // namespace

std::optional<DType> DTypeFromOnnx(int32_t t) {
  switch (t) {
    case onnx::TensorProto::FLOAT: return DType::kF32;
    case onnx::TensorProto::FLOAT16: return DType::kF16;
    case onnx::TensorProto::INT8: return DType::kI8;
    case onnx::TensorProto::UINT8: return DType::kU8;
    case onnx::TensorProto::INT16: return DType::kI16;
    case onnx::TensorProto::INT32: return DType::kI32;
    case onnx::TensorProto::INT64: return DType::kI64;
    case onnx::TensorProto::BOOL: return DType::kBool;
    default: return std::nullopt;
  }
}

int32_t OnnxTypeOf(DType t) {
  switch (t) {
    case DType::kF32: return onnx::TensorProto::FLOAT;
    case DType::kF16: return onnx::TensorProto::FLOAT16;
    case DType::kI8: return onnx::TensorProto::INT8;
    case DType::kU8: return onnx::TensorProto::UINT8;
    case DType::kI16: return onnx::TensorProto::INT16;
    case DType::kI32: return onnx::TensorProto::INT32;
    case DType::kI64: return onnx::TensorProto::INT64;
    case DType::kBool: return onnx::TensorProto::BOOL;
  }
  return onnx::TensorProto::UNDEFINED;
}

std::string OnnxTypeName(int32_t t) {
  if (onnx::TensorProto::DataType_IsValid(t)) {
    return onnx::TensorProto::DataType_Name(static_cast<onnx::TensorProto::DataType>(t));
  }
  return Format("type %d", t);
}

Result<Tensor> TensorFromOnnx(const onnx::TensorProto& proto, const std::string& where) {
  Tensor out;
  out.name = proto.name();
  out.is_constant = true;
  const auto dtype = DTypeFromOnnx(proto.data_type());
  if (!dtype) {
    return Status::Error(Format("%s has element type %s, which is not supported", where.c_str(),
                                OnnxTypeName(proto.data_type()).c_str()));
  }
  out.dtype = *dtype;
  if (proto.dims_size() > kMaxRank) return Status::Error(Format("%s has rank %d, above 8", where.c_str(), proto.dims_size()));
  int64_t n = 1;
  for (int64_t d : proto.dims()) {
    if (d < 0 || d > kMaxElements) {
      return Status::Error(Format("%s has dimension %lld", where.c_str(), static_cast<long long>(d)));
    }
    n *= d;
    if (n > kMaxElements) return Status::Error(where + " is too large (more than 2^31 elements)");
    out.shape.push_back(static_cast<int32_t>(d));
  }
  if (proto.data_location() == onnx::TensorProto::EXTERNAL || proto.external_data_size() > 0) {
    return Status::Error(where + " keeps its data in an external file, which is not supported");
  }
  if (proto.has_segment()) return Status::Error(where + " is segmented, which is not supported");
  const size_t elem = DTypeSize(out.dtype);
  if (proto.has_raw_data()) {
    const std::string& raw = proto.raw_data();
    if (raw.size() != static_cast<size_t>(n) * elem) {
      return Status::Error(Format("%s: raw_data holds %zu bytes, but %s of %s needs %lld", where.c_str(), raw.size(),
                                  ShapeString(out.shape).c_str(), std::string(DTypeName(out.dtype)).c_str(),
                                  static_cast<long long>(n) * static_cast<long long>(elem)));
    }
    out.data.assign(raw.begin(), raw.end());
    return out;
  }
  int64_t count = 0;
  switch (out.dtype) {
    case DType::kF32: count = proto.float_data_size(); StoreAll<float>(proto.float_data(), &out.data); break;
    case DType::kI64: count = proto.int64_data_size(); StoreAll<int64_t>(proto.int64_data(), &out.data); break;
    case DType::kI32: count = proto.int32_data_size(); StoreAll<int32_t>(proto.int32_data(), &out.data); break;
    case DType::kI16: count = proto.int32_data_size(); StoreAll<int16_t>(proto.int32_data(), &out.data); break;
    case DType::kF16: count = proto.int32_data_size(); StoreAll<uint16_t>(proto.int32_data(), &out.data); break;
    case DType::kI8: count = proto.int32_data_size(); StoreAll<int8_t>(proto.int32_data(), &out.data); break;
    case DType::kU8: count = proto.int32_data_size(); StoreAll<uint8_t>(proto.int32_data(), &out.data); break;
    case DType::kBool:
      count = proto.int32_data_size();
      out.data.resize(static_cast<size_t>(count));
      for (int i = 0; i < proto.int32_data_size(); ++i) out.data[static_cast<size_t>(i)] = proto.int32_data(i) != 0;
      break;
  }
  if (count != n) {
    return Status::Error(Format("%s holds %lld values, but shape %s needs %lld", where.c_str(),
                                static_cast<long long>(count), ShapeString(out.shape).c_str(),
                                static_cast<long long>(n)));
  }
  return out;
}

}  // namespace eb
