#!/usr/bin/env python3
"""Writes the ONNX regression inputs of onnx_fuzzer: the smallest models that reproduce what fuzzing found.
Each file is named after what it reproduces; rerun to regenerate (Debian's python3-onnx):
    /usr/bin/python3 tests/fuzz/regressions/make_onnx.py tests/fuzz/regressions/onnx
"""
import os
import sys

from onnx import TensorProto, helper


def model(nodes, inputs, outputs, opset, inits=()):
    g = helper.make_graph(nodes, "regression", inputs, outputs, initializer=list(inits))
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", opset)], producer_name="edgebench-fuzz")
    m.ir_version = 7
    return m.SerializeToString()


def vi(name, elem, shape):
    return helper.make_tensor_value_info(name, elem, shape)


F, B, I64 = TensorProto.FLOAT, TensorProto.BOOL, TensorProto.INT64
cases = {
    # Shape with start past the rank: an empty int64 constant output, copied by a view (eb_copy of 0 bytes
    # from a null pointer).
    "shape_start_past_rank.onnx": model(
        [helper.make_node("Shape", ["x"], ["s"], start=5)], [vi("x", F, [1, 3])], [vi("s", I64, [0])], 15),
    # Dropout on an empty [91,0,12] input: an empty bool mask constant (the same eb_copy).
    "dropout_empty_mask.onnx": model(
        [helper.make_node("Dropout", ["x"], ["y", "z"])], [vi("x", F, [91, 0, 12])],
        [vi("y", F, [91, 0, 12]), vi("z", B, [91, 0, 12])], 13),
    # The fuzzer's mutation of it: opset 7, whose Dropout gives a float32 mask, but z is still declared bool.
    "dropout7_mask_declared_bool.onnx": model(
        [helper.make_node("Dropout", ["x"], ["y", "z"])], [vi("x", F, [91, 0, 12])],
        [vi("y", F, [91, 0, 12]), vi("z", B, [91, 0, 12])], 7),
    # float32 pools with explicit pads: border windows start above and left of the image (pointer overflow).
    "maxpool_explicit_pads.onnx": model(
        [helper.make_node("MaxPool", ["x"], ["y"], kernel_shape=[3, 3], pads=[1, 2, 2, 1], strides=[1, 2])],
        [vi("x", F, [1, 3, 5, 6])], [vi("y", F, [1, 3, 6, 4])], 13),
    "averagepool_explicit_pads.onnx": model(
        [helper.make_node("AveragePool", ["x"], ["y"], kernel_shape=[3, 3], pads=[2, 1, 1, 2], strides=[2, 1])],
        [vi("x", F, [1, 3, 5, 6])], [vi("y", F, [1, 3, 3, 7])], 13),
    # Clip-6 with float bounds far outside an int16 input's range (float-cast-overflow in the importer).
    "clip6_int16_huge_bounds.onnx": model(
        [helper.make_node("Clip", ["x"], ["y"], min=4.25e37, max=-1e30)], [vi("x", TensorProto.INT16, [3, 4])],
        [vi("y", TensorProto.INT16, [3, 4])], 6),
    # A constant Gather whose float indices (the data itself) lie far outside int64's range (float-cast-overflow
    # reading constant integers).
    "gather_float_indices_huge.onnx": model(
        [helper.make_node("Gather", ["w", "w"], ["y"], axis=0)], [vi("x", F, [1])], [vi("y", F, [2, 3, 3])], 13,
        [helper.make_tensor("w", F, [2, 3], [1.11e27, 0.5, -2.0, 0.0, 1.0, 3.0])]),
}

out = sys.argv[1]
os.makedirs(out, exist_ok=True)
for name, data in cases.items():
    with open(os.path.join(out, name), "wb") as f:
        f.write(data)
    print(f"{name}: {len(data)} bytes")
