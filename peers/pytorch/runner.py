#!/usr/bin/python3
"""PyTorch peer for `edgebench bench`: the same protocol as peers/onnxruntime/runner.mjs.

The .onnx model is interpreted node by node with torch.nn.functional (weights become tensors once),
the result is traced to TorchScript and frozen, then timed: warm-up runs, N timed runs with a
monotonic clock (time.perf_counter_ns) around the forward call only, threads via torch.set_num_threads.

Usage: /usr/bin/python3 runner.py --model M.onnx --input DATA.bin --batch B --samples N [--warmup W]
       [--threads T] [--outputs OUT.bin] [--overhead 0|1] [--max-seconds S]
       /usr/bin/python3 runner.py --model M.onnx --input DATA.bin --all-outputs OUT.bin
DATA.bin holds raw float32 input tensors of batch 1, one after another; runs cycle through them, B at a
time; --max-seconds stops the timed runs early (after at least 10). Prints one JSON object: {runtime, threads, batch, input, samples_us[, overhead_us]}. With
--overhead 1 it also times an identity module on the same input (the per-call cost of the binding).
--all-outputs runs every input in DATA.bin once at batch 1, untimed, and writes output 0 of each run back
to back as float32; the JSON then says {outputs, output}.
Runs under Debian's python3-torch and python3-onnx (/usr/bin/python3).
"""
import argparse
import json
import sys
import time
import warnings

import numpy as np
import onnx
from onnx import numpy_helper
import torch
import torch.nn.functional as F


def attrs_of(node):
    return {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}


def conv_padding(a, rank):
    pads = list(a.get('pads', [0] * (2 * rank)))
    if a.get('auto_pad', b'NOTSET') not in (b'NOTSET', 'NOTSET', b'VALID', 'VALID'):
        raise ValueError('auto_pad SAME is not supported by the PyTorch peer')
    return pads


class OnnxModule(torch.nn.Module):
    """Evaluates the ONNX graph's nodes in order with torch operators."""

    def __init__(self, model):
        super().__init__()
        g = model.graph
        self.consts = {}
        for init in g.initializer:
            self.consts[init.name] = torch.from_numpy(numpy_helper.to_array(init).copy())
        init_names = set(self.consts)
        self.input_name = [i.name for i in g.input if i.name not in init_names][0]
        self.output_name = g.output[0].name
        self.nodes = list(g.node)

    def value(self, env, name):
        return env[name] if name in env else self.consts[name]

    def forward(self, x):
        env = {self.input_name: x}
        for n in self.nodes:
            a = attrs_of(n)
            ins = [self.value(env, i) if i else None for i in n.input]
            env[n.output[0]] = self.run_node(n.op_type, a, ins)
        return env[self.output_name]

    def run_node(self, op, a, ins):
        if op == 'Conv':
            x, w = ins[0], ins[1]
            b = ins[2] if len(ins) > 2 else None
            rank = w.dim() - 2
            pads = conv_padding(a, rank)
            if pads[:rank] != pads[rank:]:
                x = F.pad(x, [p for i in reversed(range(rank)) for p in (pads[i], pads[i + rank])])
                pads = [0] * (2 * rank)
            fn = F.conv2d if rank == 2 else F.conv1d
            return fn(x, w, b, stride=a.get('strides', [1] * rank), padding=pads[:rank],
                      dilation=a.get('dilations', [1] * rank), groups=a.get('group', 1))
        if op == 'Gemm':
            x, w = ins[0], ins[1]
            if a.get('transA', 0):
                x = x.t()
            if not a.get('transB', 0):
                w = w.t()
            y = F.linear(x, w) * a.get('alpha', 1.0)
            if len(ins) > 2 and ins[2] is not None:
                y = y + ins[2] * a.get('beta', 1.0)
            return y
        if op == 'MatMul':
            return torch.matmul(ins[0], ins[1])
        if op == 'Add':
            return ins[0] + ins[1]
        if op == 'Sub':
            return ins[0] - ins[1]
        if op == 'Mul':
            return ins[0] * ins[1]
        if op == 'Div':
            return ins[0] / ins[1]
        if op == 'Relu':
            return F.relu(ins[0])
        if op == 'Sigmoid':
            return torch.sigmoid(ins[0])
        if op == 'Tanh':
            return torch.tanh(ins[0])
        if op == 'Clip':
            lo = ins[1] if len(ins) > 1 and ins[1] is not None else a.get('min')
            hi = ins[2] if len(ins) > 2 and ins[2] is not None else a.get('max')
            lo = float(lo) if lo is not None else None
            hi = float(hi) if hi is not None else None
            if lo == 0.0 and hi == 6.0:
                return F.relu6(ins[0])
            return torch.clamp(ins[0], lo, hi)
        if op == 'BatchNormalization':
            x, scale, bias, mean, var = ins[:5]
            return F.batch_norm(x, mean, var, scale, bias, False, 0.0, a.get('epsilon', 1e-5))
        if op == 'GlobalAveragePool':
            return torch.mean(ins[0], dim=[2, 3], keepdim=True)
        if op == 'ReduceMean':
            axes = a.get('axes', list(range(ins[0].dim())))
            return torch.mean(ins[0], dim=list(axes), keepdim=bool(a.get('keepdims', 1)))
        if op == 'MaxPool' or op == 'AveragePool':
            k = a['kernel_shape']
            pads = conv_padding(a, len(k))
            if pads[:len(k)] != pads[len(k):]:
                raise ValueError(op + ' with asymmetric padding is not supported by the PyTorch peer')
            s = a.get('strides', [1] * len(k))
            if op == 'MaxPool':
                return F.max_pool2d(ins[0], k, s, pads[:len(k)], ceil_mode=bool(a.get('ceil_mode', 0)))
            return F.avg_pool2d(ins[0], k, s, pads[:len(k)], ceil_mode=bool(a.get('ceil_mode', 0)),
                                count_include_pad=bool(a.get('count_include_pad', 0)))
        if op == 'Flatten':
            axis = a.get('axis', 1)
            return torch.flatten(ins[0], axis) if axis > 0 else ins[0].reshape(1, -1)
        if op == 'Reshape':
            shape = [int(d) for d in ins[1].tolist()]
            shape = [ins[0].shape[i] if d == 0 else d for i, d in enumerate(shape)]
            return ins[0].reshape(shape)
        if op == 'Transpose':
            return ins[0].permute(list(a.get('perm', reversed(range(ins[0].dim())))))
        if op == 'Concat':
            return torch.cat([t for t in ins if t is not None], dim=a['axis'])
        if op == 'Softmax':
            return F.softmax(ins[0], dim=a.get('axis', -1))
        if op == 'Pad':
            pads = [int(p) for p in (ins[1].tolist() if len(ins) > 1 else a['pads'])]
            r = len(pads) // 2
            value = float(ins[2]) if len(ins) > 2 and ins[2] is not None else 0.0
            mode = a.get('mode', b'constant')
            mode = mode.decode() if isinstance(mode, bytes) else mode
            torch_pads = [p for i in reversed(range(r)) for p in (pads[i], pads[i + r])]
            return F.pad(ins[0], torch_pads, mode=mode, value=value) if mode == 'constant' else \
                F.pad(ins[0], torch_pads, mode=mode)
        if op == 'Identity' or op == 'Dropout':
            return ins[0]
        if op == 'Constant':
            return torch.from_numpy(numpy_helper.to_array(a['value']).copy())
        raise ValueError(f'operator {op} is not supported by the PyTorch peer')


class Identity(torch.nn.Module):
    def forward(self, x):
        return x.clone()


def script(module, example):
    """Traces to TorchScript, then freezes and optimises for inference where this torch allows."""
    with torch.no_grad():
        traced = torch.jit.trace(module.eval(), example, check_trace=False)
        try:
            return torch.jit.optimize_for_inference(torch.jit.freeze(traced.eval())), 'frozen'
        except Exception:  # older torch or an op the optimiser rejects: the traced module still runs
            return traced, 'traced'


def time_calls(fn, batches, warmup, samples, max_seconds=0.0):
    with torch.no_grad():
        for i in range(warmup):
            fn(batches[i % len(batches)])
        out = []
        first = None
        deadline = time.perf_counter_ns() + int(max_seconds * 1e9)
        for i in range(samples):
            if max_seconds > 0 and i >= 10 and time.perf_counter_ns() > deadline:
                break
            feeds = batches[i % len(batches)]
            t0 = time.perf_counter_ns()
            y = fn(feeds)
            t1 = time.perf_counter_ns()
            out.append((t1 - t0) / 1000.0)
            if i == 0:
                first = y
    return out, first


def write_all_outputs(module, raw, count, dims, path):
    """Runs every batch-1 input once through the scripted module and writes output 0 of each."""
    shape = [1] + dims[1:]
    per_sample = int(np.prod(dims[1:]))
    inputs = [torch.from_numpy(raw[i * per_sample:(i + 1) * per_sample].reshape(shape).copy()) for i in range(count)]
    scripted, how = script(module, inputs[0])
    outs = []
    with torch.no_grad():
        for x in inputs:
            outs.append(scripted(x).contiguous().numpy().astype(np.float32))
    np.concatenate([o.reshape(-1) for o in outs]).tofile(path)
    result = {'runtime': f'pytorch {torch.__version__.split("+")[0]} torchscript ({how})',
              'threads': torch.get_num_threads(), 'batch': 1,
              'input': {'name': module.input_name, 'type': 'float32', 'shape': shape},
              'output': {'type': 'float32', 'shape': list(outs[0].shape)}, 'outputs': count, 'samples_us': []}
    sys.stdout.write(json.dumps(result) + '\n')


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--model', required=True)
    p.add_argument('--input', required=True)
    p.add_argument('--batch', type=int, default=1)
    p.add_argument('--samples', type=int, default=1000)
    p.add_argument('--warmup', type=int, default=100)
    p.add_argument('--threads', type=int, default=1)
    p.add_argument('--outputs')
    p.add_argument('--overhead', type=int, default=0)
    p.add_argument('--max-seconds', type=float, default=0.0)
    p.add_argument('--all-outputs')
    args = p.parse_args()
    warnings.filterwarnings('ignore')  # TracerWarnings for constants folded on purpose
    torch.set_num_threads(args.threads)
    torch.set_num_interop_threads(1)

    model = onnx.load(args.model)
    module = OnnxModule(model)
    inp = [i for i in model.graph.input if i.name == module.input_name][0]
    if inp.type.tensor_type.elem_type != onnx.TensorProto.FLOAT:
        raise ValueError('the PyTorch peer runs float32-input models only')
    dims = [d.dim_value if d.dim_value > 0 else 1 for d in inp.type.tensor_type.shape.dim]
    per_sample = int(np.prod(dims[1:]))
    raw = np.fromfile(args.input, dtype=np.float32)
    count = raw.size // per_sample
    if count < 1:
        raise ValueError(f'{args.input} holds less than one input of {per_sample} elements')
    if args.all_outputs:
        write_all_outputs(module, raw, count, dims, args.all_outputs)
        return
    distinct = max(1, min(64, count // args.batch or 1))
    batches = []
    for b in range(distinct):
        rows = [raw[((b * args.batch + k) % count) * per_sample:][:per_sample] for k in range(args.batch)]
        batches.append(torch.from_numpy(np.stack(rows).reshape([args.batch] + dims[1:]).copy()))

    scripted, how = script(module, batches[0])
    samples, first = time_calls(scripted, batches, args.warmup, args.samples, args.max_seconds)
    result = {'runtime': f'pytorch {torch.__version__.split("+")[0]} torchscript ({how})',
              'threads': args.threads, 'batch': args.batch,
              'input': {'name': module.input_name, 'type': 'float32', 'shape': [args.batch] + dims[1:]},
              'samples_us': samples}
    if args.overhead:
        ident, _ = script(Identity(), batches[0])
        ov, _ = time_calls(ident, batches, min(args.warmup, 100), min(args.samples, 2000))
        result['overhead_us'] = float(np.median(ov))
    if args.outputs and first is not None:
        first.contiguous().numpy().astype(np.float32).tofile(args.outputs)
    sys.stdout.write(json.dumps(result) + '\n')


if __name__ == '__main__':
    try:
        main()
    except Exception as e:  # one line for the bench note, like the ORT runner
        sys.stderr.write(f'pytorch peer: {e}\n')
        sys.exit(1)
