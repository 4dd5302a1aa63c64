"""Shared code for the reference-network training scripts (dense1, conv3dense1, mobilenetv2).

Contents:
  - dataset readers: MNIST IDX (.gz) from ../shared/data/mnist, CIFAR-10 binary batches
    (written by scripts/cifar10_to_bin.py);
  - Keras-style parameter counting (BatchNorm moving mean/variance counted) and MAC counting;
  - a seeded, resumable training loop with a checkpoint per epoch;
  - evaluation, ONNX export (opset 13, input "input", dynamic batch, softmax inside the graph),
    a small NumPy ONNX interpreter that checks the exported file against PyTorch, and the
    results/predictions writers.

Import this module before torch (it sets OMP_WAIT_POLICY=PASSIVE, see below).
Run the scripts with Debian's interpreter and OpenBLAS (Debian's torch defaults to the reference BLAS):
    LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-pthread /usr/bin/python3 models/train/<name>.py
"""

import argparse
import gzip
import hashlib
import json
import os
import platform
import random
import struct
import time
import warnings

# Before torch loads libgomp: with the default (active) wait policy, OpenMP threads spin at
# barriers, and on this shared 2-core machine a second runnable process makes 2-thread training
# 10-20x slower (measured: MobileNetV2 26 ms vs 1.4 ms CPU per image). Import common before torch.
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn as nn
import torch.nn.functional as F

TRAIN_DIR = os.path.dirname(os.path.abspath(__file__))
MODELS_DIR = os.path.dirname(TRAIN_DIR)
REPO_DIR = os.path.dirname(MODELS_DIR)
DEFAULT_SHARED = os.path.join(os.path.dirname(REPO_DIR), "shared")
DEFAULT_CIFAR_BIN = os.path.join(REPO_DIR, "build", "data", "cifar10-bin")
CHECKPOINT_DIR = os.path.join(TRAIN_DIR, "checkpoints")
RESULTS_DIR = os.path.join(TRAIN_DIR, "results")
OPENBLAS_DIR = "/usr/lib/x86_64-linux-gnu/openblas-pthread"

ONNX_OPSET = 13


# --------------------------------------------------------------------------- setup

def base_arg_parser(description, epochs, batch_size, lr, seed=1):
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--epochs", type=int, default=epochs)
    p.add_argument("--batch-size", type=int, default=batch_size)
    p.add_argument("--lr", type=float, default=lr)
    p.add_argument("--seed", type=int, default=seed)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--resume", action="store_true",
                   help="continue from models/train/checkpoints/<name>.pt")
    p.add_argument("--shared", default=DEFAULT_SHARED, help="path to shared/")
    p.add_argument("--out-onnx", default=None, help="default: models/<name>.onnx")
    p.add_argument("--limit-train", type=int, default=0,
                   help="train on only the first N training images (smoke tests)")
    p.add_argument("--time-batches", type=int, default=0,
                   help="only time this many training batches, then exit (no files written)")
    return p


def setup(seed, threads):
    """Seeds every generator and asks for deterministic kernels."""
    torch.set_num_threads(threads)
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    torch.use_deterministic_algorithms(True, warn_only=True)
    blas = os.environ.get("LD_LIBRARY_PATH", "")
    if OPENBLAS_DIR not in blas:
        print(f"note: LD_LIBRARY_PATH does not name {OPENBLAS_DIR}; "
              "Debian's torch may run on the slow reference BLAS")


def environment_info(threads):
    cpu = platform.processor()
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return {
        "torch": torch.__version__,
        "numpy": np.__version__,
        "python": platform.python_version(),
        "cpu": cpu,
        "threads": threads,
        "ld_library_path": os.environ.get("LD_LIBRARY_PATH", ""),
        "omp_wait_policy": os.environ.get("OMP_WAIT_POLICY", ""),
        "blas_note": "Debian python3-torch with OpenBLAS (pthread) via LD_LIBRARY_PATH",
    }


# --------------------------------------------------------------------------- datasets

def _read_idx_gz(path):
    with gzip.open(path, "rb") as f:
        data = f.read()
    zero, dtype_code, ndim = struct.unpack(">HBB", data[:4])
    if zero != 0 or dtype_code != 0x08:
        raise ValueError(f"{path}: not an unsigned-byte IDX file")
    dims = struct.unpack(">" + "I" * ndim, data[4:4 + 4 * ndim])
    arr = np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * ndim)
    if arr.size != int(np.prod(dims)):
        raise ValueError(f"{path}: size mismatch")
    return arr.reshape(dims)


def load_mnist(shared, split):
    """Returns (images uint8 [N,28,28], labels uint8 [N]) in file order; split 'train' or 'test'."""
    prefix = "train" if split == "train" else "t10k"
    d = os.path.join(shared, "data", "mnist")
    images = _read_idx_gz(os.path.join(d, f"{prefix}-images-idx3-ubyte.gz"))
    labels = _read_idx_gz(os.path.join(d, f"{prefix}-labels-idx1-ubyte.gz"))
    assert images.shape[0] == labels.shape[0]
    return images.copy(), labels.copy()


def load_cifar10_bin(bin_dir, split):
    """Returns (images uint8 [N,3,32,32] (planar RGB), labels uint8 [N]) in file order."""
    names = ([f"data_batch_{i}.bin" for i in range(1, 6)] if split == "train"
             else ["test_batch.bin"])
    recs = []
    for n in names:
        path = os.path.join(bin_dir, n)
        if not os.path.exists(path):
            raise FileNotFoundError(f"{path} missing: run scripts/cifar10_to_bin.py first")
        recs.append(np.fromfile(path, dtype=np.uint8).reshape(-1, 3073))
    recs = np.concatenate(recs)
    return recs[:, 1:].reshape(-1, 3, 32, 32).copy(), recs[:, 0].copy()


# --------------------------------------------------------------------------- counting

def count_params_keras(model):
    """Parameters counted the way Keras' model.summary() does: every weight, bias, BN gamma and
    beta, plus BN moving mean and moving variance (num_batches_tracked is not a weight)."""
    trainable = sum(p.numel() for p in model.parameters())
    bn_stats = 0
    for m in model.modules():
        if isinstance(m, nn.modules.batchnorm._BatchNorm) and m.track_running_stats:
            bn_stats += m.running_mean.numel() + m.running_var.numel()
    return {"total": trainable + bn_stats, "trainable": trainable, "non_trainable": bn_stats}


def count_macs(model, input_shape):
    """Multiply-accumulates of one image (batch 1) in Conv2d and Linear layers."""
    macs = [0]

    def conv_hook(m, inp, out):
        kh, kw = m.kernel_size
        macs[0] += out.numel() * (m.in_channels // m.groups) * kh * kw

    def linear_hook(m, inp, out):
        macs[0] += out.numel() * m.in_features

    hooks = []
    for m in model.modules():
        if isinstance(m, nn.Conv2d):
            hooks.append(m.register_forward_hook(conv_hook))
        elif isinstance(m, nn.Linear):
            hooks.append(m.register_forward_hook(linear_hook))
    was_training = model.training
    model.eval()
    with torch.no_grad():
        model(torch.zeros(1, *input_shape))
    model.train(was_training)
    for h in hooks:
        h.remove()
    return macs[0]


# --------------------------------------------------------------------------- training

def epoch_generator(seed, epoch):
    """One generator per epoch, so a resumed run draws the same shuffles and augmentations."""
    g = torch.Generator()
    g.manual_seed(seed * 100003 + epoch)
    return g


@torch.no_grad()
def predict(model, x, prepare, batch_size=1000):
    """Class indices for every row of x (uint8 tensor), in order."""
    model.eval()
    out = []
    for i in range(0, x.shape[0], batch_size):
        out.append(model(prepare(x[i:i + batch_size])).argmax(1))
    return torch.cat(out)


def checkpoint_path(name):
    return os.path.join(CHECKPOINT_DIR, f"{name}.pt")


def save_checkpoint(name, state):
    os.makedirs(CHECKPOINT_DIR, exist_ok=True)
    path = checkpoint_path(name)
    torch.save(state, path + ".tmp")
    os.replace(path + ".tmp", path)


def train(name, model, args, x_train, y_train, x_test, y_test, prepare, make_optimizer,
          augment=None, label_smoothing=0.0, eval_every=1, log_every=0):
    """Seeded, resumable training.

    prepare(uint8 batch) -> float model input; augment(uint8 batch, generator) -> uint8 batch.
    make_optimizer(model, steps_per_epoch, epochs) -> (optimizer, scheduler stepped per batch or None).
    Checkpoints after every epoch; with args.resume it continues from the last one.
    Returns (history list, training wall seconds accumulated across runs).
    """
    if args.limit_train:
        x_train, y_train = x_train[:args.limit_train], y_train[:args.limit_train]
    n = x_train.shape[0]
    steps = n // args.batch_size  # drop the ragged last batch: constant batch statistics
    opt, sched = make_optimizer(model, steps, args.epochs)
    start_epoch, history, wall = 0, [], 0.0
    if args.resume and os.path.exists(checkpoint_path(name)):
        ck = torch.load(checkpoint_path(name))
        model.load_state_dict(ck["model"])
        opt.load_state_dict(ck["optimizer"])
        if sched is not None and ck.get("scheduler") is not None:
            sched.load_state_dict(ck["scheduler"])
        start_epoch, history, wall = ck["epoch"], ck["history"], ck["wall_s"]
        torch.set_rng_state(ck["torch_rng"])
        print(f"resumed {name} after epoch {start_epoch} ({wall:.0f} s trained so far)")
    elif args.resume:
        print(f"no checkpoint for {name}; starting from scratch")

    y_train_t = torch.as_tensor(y_train, dtype=torch.long)
    for epoch in range(start_epoch, args.epochs):
        t0 = time.time()
        model.train()
        g = epoch_generator(args.seed, epoch)
        perm = torch.randperm(n, generator=g)
        total_loss, correct, seen = 0.0, 0, 0
        for step in range(steps):
            idx = perm[step * args.batch_size:(step + 1) * args.batch_size]
            xb = x_train[idx]
            if augment is not None:
                xb = augment(xb, g)
            yb = y_train_t[idx]
            logits = model(prepare(xb))
            loss = F.cross_entropy(logits, yb, label_smoothing=label_smoothing)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            if sched is not None:
                sched.step()
            total_loss += loss.item() * yb.numel()
            correct += (logits.argmax(1) == yb).sum().item()
            seen += yb.numel()
            if args.time_batches and step + 1 >= args.time_batches:
                dt = time.time() - t0
                print(f"timing: {step + 1} batches of {args.batch_size} in {dt:.1f} s "
                      f"= {dt / (step + 1):.3f} s/batch; full epoch ({steps} batches) "
                      f"~ {dt / (step + 1) * steps:.0f} s")
                return None, dt
            if log_every and (step + 1) % log_every == 0:
                print(f"  epoch {epoch + 1} step {step + 1}/{steps} loss {total_loss / seen:.4f} "
                      f"acc {correct / seen:.4f} {time.time() - t0:.0f} s", flush=True)
        train_s = time.time() - t0
        wall += train_s
        entry = {"epoch": epoch + 1, "train_loss": total_loss / seen,
                 "train_acc": correct / seen, "epoch_s": round(train_s, 2),
                 "lr": opt.param_groups[0]["lr"]}
        if (epoch + 1) % eval_every == 0 or epoch + 1 == args.epochs:
            t1 = time.time()
            pred = predict(model, x_test, prepare)
            entry["test_acc"] = (pred == torch.as_tensor(y_test, dtype=torch.long)).float().mean().item()
            entry["eval_s"] = round(time.time() - t1, 2)
        history.append(entry)
        print(json.dumps(entry), flush=True)
        save_checkpoint(name, {
            "model": model.state_dict(), "optimizer": opt.state_dict(),
            "scheduler": sched.state_dict() if sched is not None else None,
            "epoch": epoch + 1, "history": history, "wall_s": wall,
            "torch_rng": torch.get_rng_state(), "args": vars(args),
        })
    return history, wall


# --------------------------------------------------------------------------- export

class WithSoftmax(nn.Module):
    """The exported graph ends in Softmax, as the Keras models do."""

    def __init__(self, net):
        super().__init__()
        self.net = net

    def forward(self, x):
        return torch.softmax(self.net(x), dim=1)


def _fold_pads_into_conv(model_proto):
    """Replaces each zero-valued constant Pad (spatial dims only) that feeds only a Conv with
    that Conv's `pads` attribute, so Keras-style asymmetric 'same' padding becomes
    Conv pads=[top, left, bottom, right] (e.g. [0, 0, 1, 1])."""
    import onnx
    from onnx import numpy_helper
    g = model_proto.graph
    inits = {i.name: i for i in g.initializer}
    consts = {}
    for node in g.node:
        if node.op_type == "Constant":
            consts[node.output[0]] = numpy_helper.to_array(node.attribute[0].t)
    for name, t in inits.items():
        consts.setdefault(name, numpy_helper.to_array(t))
    consumers = {}
    for node in g.node:
        for i in node.input:
            consumers.setdefault(i, []).append(node)
    removed = []
    for node in list(g.node):
        if node.op_type != "Pad":
            continue
        mode = [a.s for a in node.attribute if a.name == "mode"]
        if mode and mode[0] not in (b"constant",):
            continue
        if len(node.input) < 2 or node.input[1] not in consts:
            continue
        if len(node.input) > 2 and node.input[2] and float(consts.get(node.input[2], 1)) != 0.0:
            continue
        pads = [int(v) for v in consts[node.input[1]]]
        if len(pads) != 8 or any(pads[i] for i in (0, 1, 4, 5)):
            continue  # pads batch or channel dims
        users = consumers.get(node.output[0], [])
        if len(users) != 1 or users[0].op_type != "Conv" or users[0].input[0] != node.output[0]:
            continue
        conv = users[0]
        old = [a for a in conv.attribute if a.name == "pads"]
        prev = list(old[0].ints) if old else [0, 0, 0, 0]
        new = [prev[0] + pads[2], prev[1] + pads[3], prev[2] + pads[6], prev[3] + pads[7]]
        for a in old:
            conv.attribute.remove(a)
        conv.attribute.append(onnx.helper.make_attribute("pads", new))
        conv.input[0] = node.input[0]
        g.node.remove(node)
        removed.append(node)
    # Drop constants no longer used.
    used = {i for n in g.node for i in n.input}
    for node in list(g.node):
        if node.op_type == "Constant" and node.output[0] not in used:
            g.node.remove(node)
    for init in list(g.initializer):
        if init.name not in used:
            g.initializer.remove(init)
    return len(removed)


def _pad_symbolic(g, input, padding, mode, value):
    """aten::pad (what F.pad / nn.ZeroPad2d trace to); constant mode only."""
    from torch.onnx import symbolic_helper
    if symbolic_helper._parse_arg(mode, "s") != "constant":
        raise ValueError("export: only constant padding is supported")
    return _constant_pad_symbolic(g, input, padding, value)


def _constant_pad_symbolic(g, input, padding, value):
    """aten::constant_pad_nd with a constant pads tensor. The stock opset-11+ symbolic builds the
    pads at run time (ConstantOfShape, Concat, a step -1 Slice that constant folding cannot fold);
    a plain constant keeps the graph simple and lets _fold_pads_into_conv merge it into the Conv."""
    from torch.onnx import symbolic_helper
    pad = symbolic_helper._get_const(padding, "is", "padding")
    val = symbolic_helper._maybe_get_const(value, "f")
    if not isinstance(val, (int, float)):
        raise ValueError("constant_pad_nd: pad value must be a constant")
    rank = symbolic_helper._get_tensor_rank(input)
    if rank is None or len(pad) % 2 or len(pad) // 2 > rank:
        raise ValueError("constant_pad_nd: needs a known rank and an even pad list")
    # PyTorch lists (begin, end) pairs from the last dim backwards; ONNX lists all begins, then ends.
    begins, ends = [0] * rank, [0] * rank
    for i in range(len(pad) // 2):
        begins[rank - 1 - i], ends[rank - 1 - i] = pad[2 * i], pad[2 * i + 1]
    pads = g.op("Constant", value_t=torch.tensor(begins + ends, dtype=torch.int64))
    fill = g.op("Constant", value_t=torch.tensor(float(val), dtype=torch.float32))
    return g.op("Pad", input, pads, fill, mode_s="constant")


def preprocess_metadata(preprocessing):
    """The model's preprocessing as edgebench reads it from metadata_props["edgebench.preprocess"]
    (real = (pixel * scale - mean[c]) / std[c]); None when the default (pixel / 255) applies."""
    if "mean_rgb" not in preprocessing:
        return None
    return json.dumps({"scale": 1.0 / 255.0, "mean": list(preprocessing["mean_rgb"]),
                       "std": list(preprocessing["std_rgb"])}, separators=(",", ":"))


def export_onnx(net, path, input_shape, output_name="probabilities", preprocess=None):
    """Exports net (+ Softmax) to ONNX opset 13 with input "input" [N, *input_shape], a dynamic
    batch dimension, and BatchNormalization kept as its own op (not folded into Conv), so the
    file holds exactly the Keras parameter count. `preprocess` (JSON text) is recorded as the
    metadata_props entry "edgebench.preprocess", so every tool feeds the model the same inputs.
    Returns the onnx ModelProto."""
    import onnx
    wrapped = WithSoftmax(net).eval()
    dummy = torch.zeros(1, *input_shape)
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    tmp = path + ".tmp"
    # PRESERVE with a model in eval mode exports inference semantics; silence the warning about
    # constant folding in training mode, which does not apply.
    warnings.filterwarnings("ignore", message=".*constant folding be turned off.*")
    torch.onnx.register_custom_op_symbolic("aten::constant_pad_nd", _constant_pad_symbolic,
                                           ONNX_OPSET)
    torch.onnx.register_custom_op_symbolic("aten::pad", _pad_symbolic, ONNX_OPSET)
    torch.onnx.export(
        wrapped, dummy, tmp, opset_version=ONNX_OPSET,
        input_names=["input"], output_names=[output_name],
        dynamic_axes={"input": {0: "N"}, output_name: {0: "N"}},
        training=torch.onnx.TrainingMode.PRESERVE,  # model is in eval mode; keeps BN nodes
        do_constant_folding=True)
    m = onnx.load(tmp)
    os.remove(tmp)
    folded = _fold_pads_into_conv(m)
    m.producer_name = "edgebench models/train (torch.onnx)"
    if preprocess is not None:
        entry = m.metadata_props.add()
        entry.key, entry.value = "edgebench.preprocess", preprocess
    onnx.checker.check_model(m)
    onnx.save(m, path)
    print(f"exported {path} (folded {folded} Pad ops into Conv pads)")
    return m


def onnx_param_count(model_proto):
    """Elements in float initializers (weights, biases, BN tensors)."""
    from onnx import TensorProto
    return sum(int(np.prod(t.dims)) for t in model_proto.graph.initializer
               if t.data_type == TensorProto.FLOAT)


# --------------------------------------------------------------------------- NumPy ONNX check

def _np_conv(x, w, b, strides, pads, group, dilations):
    n, c, h, wd = x.shape
    m, cg, kh, kw = w.shape
    x = np.pad(x, ((0, 0), (0, 0), (pads[0], pads[2]), (pads[1], pads[3])))
    sh, sw = strides
    dh, dw = dilations
    oh = (x.shape[2] - (dh * (kh - 1) + 1)) // sh + 1
    ow = (x.shape[3] - (dw * (kw - 1) + 1)) // sw + 1
    out = np.zeros((n, m, oh, ow), dtype=np.float64)
    mg = m // group
    for gi in range(group):
        xs = x[:, gi * cg:(gi + 1) * cg]
        ws = w[gi * mg:(gi + 1) * mg].astype(np.float64)
        for i in range(kh):
            for j in range(kw):
                patch = xs[:, :, i * dh:i * dh + sh * (oh - 1) + 1:sh,
                           j * dw:j * dw + sw * (ow - 1) + 1:sw]
                out[:, gi * mg:(gi + 1) * mg] += np.einsum("nchw,mc->nmhw", patch, ws[:, :, i, j])
    if b is not None:
        out += b.reshape(1, -1, 1, 1)
    return out


def run_onnx_numpy(model_proto, x):
    """A small float64 reference interpreter for the ops these scripts export. Used to check
    the exported file (including the Pad folding) against PyTorch."""
    from onnx import numpy_helper
    env = {t.name: numpy_helper.to_array(t).astype(np.float64) if t.data_type == 1
           else numpy_helper.to_array(t) for t in model_proto.graph.initializer}
    env[model_proto.graph.input[0].name] = x.astype(np.float64)
    for node in model_proto.graph.node:
        a = {at.name: onnx_attr(at) for at in node.attribute}
        ins = [env[i] if i else None for i in node.input]
        op = node.op_type
        if op == "Constant":
            out = numpy_helper.to_array(node.attribute[0].t)
        elif op == "Conv":
            w = ins[1]
            k = w.shape[2:]
            out = _np_conv(ins[0], w, ins[2] if len(ins) > 2 else None,
                           a.get("strides", [1, 1]), a.get("pads", [0, 0, 0, 0]),
                           a.get("group", 1), a.get("dilations", [1, 1]))
            assert a.get("kernel_shape", list(k)) == list(k)
        elif op == "Pad":
            p = [int(v) for v in ins[1]]
            r = len(p) // 2
            out = np.pad(ins[0], [(p[i], p[i + r]) for i in range(r)])
        elif op == "BatchNormalization":
            xx, s, bb, mean, var = ins
            sh = (1, -1, 1, 1)
            out = (xx - mean.reshape(sh)) / np.sqrt(var.reshape(sh) + a.get("epsilon", 1e-5)) \
                * s.reshape(sh) + bb.reshape(sh)
        elif op == "Relu":
            out = np.maximum(ins[0], 0)
        elif op == "Clip":
            lo = ins[1] if len(ins) > 1 and ins[1] is not None else -np.inf
            hi = ins[2] if len(ins) > 2 and ins[2] is not None else np.inf
            out = np.clip(ins[0], lo, hi)
        elif op == "Add":
            out = ins[0] + ins[1]
        elif op in ("GlobalAveragePool",):
            out = ins[0].mean(axis=(2, 3), keepdims=True)
        elif op == "ReduceMean":
            out = ins[0].mean(axis=tuple(a["axes"]), keepdims=bool(a.get("keepdims", 1)))
        elif op == "Flatten":
            ax = a.get("axis", 1)
            out = ins[0].reshape(int(np.prod(ins[0].shape[:ax])), -1)
        elif op == "Reshape":
            shape = [int(v) for v in ins[1]]
            shape = [ins[0].shape[i] if v == 0 else v for i, v in enumerate(shape)]
            out = ins[0].reshape(shape)
        elif op == "Gemm":
            A = ins[0].T if a.get("transA", 0) else ins[0]
            B = ins[1].T if a.get("transB", 0) else ins[1]
            out = a.get("alpha", 1.0) * (A @ B)
            if len(ins) > 2 and ins[2] is not None:
                out = out + a.get("beta", 1.0) * ins[2]
        elif op == "MatMul":
            out = ins[0] @ ins[1]
        elif op == "Softmax":
            ax = a.get("axis", -1)
            e = np.exp(ins[0] - ins[0].max(axis=ax, keepdims=True))
            out = e / e.sum(axis=ax, keepdims=True)
        else:
            raise NotImplementedError(f"numpy check: op {op}")
        env[node.output[0]] = out
    return env[model_proto.graph.output[0].name]


def onnx_attr(at):
    from onnx import helper
    return helper.get_attribute_value(at)


def check_onnx_against_torch(model_proto, net, x_float, atol=1e-4):
    """Runs the first images through the exported file (NumPy, float64) and through PyTorch;
    returns the max absolute difference of the probabilities (asserts it is below atol)."""
    net.eval()
    with torch.no_grad():
        ref = torch.softmax(net(x_float), dim=1).double().numpy()
    got = run_onnx_numpy(model_proto, x_float.numpy())
    diff = float(np.abs(got - ref).max())
    agree = float((got.argmax(1) == ref.argmax(1)).mean())
    print(f"ONNX (NumPy float64) vs PyTorch on {x_float.shape[0]} images: max |diff| {diff:.2e}, "
          f"argmax agreement {agree:.3f}")
    assert diff < atol, f"exported ONNX disagrees with PyTorch: {diff}"
    return diff


# --------------------------------------------------------------------------- results

def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def write_predictions(name, pred):
    os.makedirs(RESULTS_DIR, exist_ok=True)
    path = os.path.join(RESULTS_DIR, f"{name}_predictions.bin")
    pred.to(torch.uint8).numpy().tofile(path)
    return path


def write_results(name, results):
    os.makedirs(RESULTS_DIR, exist_ok=True)
    path = os.path.join(RESULTS_DIR, f"{name}.json")
    with open(path, "w") as f:
        json.dump(results, f, indent=2)
        f.write("\n")
    print(f"wrote {path}")
    return path


def finish(name, net, args, history, wall, x_test, y_test, prepare, input_shape,
           recipe, preprocessing, dataset, architecture, expected_params=None):
    """Final evaluation, ONNX export and check, predictions file and results json."""
    counts = count_params_keras(net)
    if expected_params is not None:
        assert counts["total"] == expected_params, (counts, expected_params)
    macs = count_macs(net, input_shape)
    t0 = time.time()
    pred = predict(net, x_test, prepare)
    eval_s = time.time() - t0
    y = torch.as_tensor(y_test, dtype=torch.long)
    correct = int((pred == y).sum())
    acc = correct / len(y)
    onnx_path = args.out_onnx or os.path.join(MODELS_DIR, f"{name}.onnx")
    proto = export_onnx(net, onnx_path, input_shape, preprocess=preprocess_metadata(preprocessing))
    onnx_params = onnx_param_count(proto)
    diff = check_onnx_against_torch(proto, net, prepare(x_test[:16]))
    pred_path = write_predictions(name, pred)
    results = {
        "name": name,
        "dataset": dataset,
        "architecture": architecture,
        "test_accuracy": acc,
        "test_correct": correct,
        "test_images": len(y),
        "params": counts["total"],
        "params_trainable": counts["trainable"],
        "params_non_trainable_bn_stats": counts["non_trainable"],
        "params_in_onnx_float_initializers": onnx_params,
        "macs_per_image": macs,
        "train_wall_s": round(wall, 1),
        "epoch_s_mean": round(sum(h["epoch_s"] for h in history) / len(history), 1),
        "epochs": args.epochs,
        "train_images_used": args.limit_train or "all",
        "batch_size": args.batch_size,
        "seed": args.seed,
        "recipe": recipe,
        "preprocessing": preprocessing,
        "onnx": {
            "path": os.path.relpath(onnx_path, REPO_DIR),
            "sha256": sha256_file(onnx_path),
            "opset": ONNX_OPSET,
            "input": {"name": "input", "shape": ["N", *input_shape], "dtype": "float32",
                      "layout": "NCHW"},
            "output": {"name": "probabilities", "shape": ["N", 10], "dtype": "float32",
                       "note": "softmax included in the graph"},
            "numpy_reference_max_abs_diff_vs_torch": diff,
        },
        "predictions": {
            "path": os.path.relpath(pred_path, REPO_DIR),
            "format": "one uint8 class index per test image, in the dataset's file order",
            "sha256": sha256_file(pred_path),
        },
        "eval_s": round(eval_s, 2),
        "environment": environment_info(args.threads),
        "history": history,
    }
    write_results(name, results)
    print(f"{name}: test accuracy {acc:.4f} ({correct}/{len(y)}), params {counts['total']}, "
          f"MACs {macs}, train wall {wall:.0f} s")
    return results
