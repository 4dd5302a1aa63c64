// ONNX element types and TensorProto contents -> IR tensors. Used by the importer for initializers and
// Constant nodes, and by the conformance tests for the .pb files of the ONNX backend test data.
#pragma once

#include <onnx/onnx_pb.h>

#include <optional>
#include <string>

#include "core/status.h"
#include "ir/tensor.h"

namespace eb {

// The IR type of an ONNX TensorProto.DataType, if edgebench has one (FLOAT, FLOAT16, INT8, UINT8, INT16,
// INT32, INT64, BOOL).
std::optional<DType> DTypeFromOnnx(int32_t onnx_type);

// "FLOAT", "DOUBLE", ... for messages ("type 42" when unknown).
std::string OnnxTypeName(int32_t onnx_type);

// The ONNX data type of an IR type.
int32_t OnnxTypeOf(DType t);

// Converts a TensorProto (raw_data or the typed repeated fields) into a constant IR tensor named after
// it. Checks the type, the dims (non-negative, rank <= 8, at most 2^31 elements) and that the data holds
// exactly one value per element; refuses external and segmented data. `where` prefixes errors.
Result<Tensor> TensorFromOnnx(const onnx::TensorProto& proto, const std::string& where);

}  // namespace eb
