#!/usr/bin/python3
"""MobileNetV2 (width 1.0) on CIFAR-10 at 32x32, as the seed defines it with Keras:

    base = tf.keras.applications.MobileNetV2(input_shape=(32, 32, 3), alpha=1.0,
                                             include_top=False, weights=None)
    x = GlobalAveragePooling2D()(base.output); out = Dense(10, activation='softmax')(x)

2,270,794 parameters counted the Keras way (2,236,682 trainable + 34,112 BatchNorm moving
mean/variance); convolutions have no bias; 6,124,928 MACs per image.

Layer by layer it follows keras.applications.MobileNetV2: stem Conv 3x3/2 (32) + BN + ReLU6,
17 inverted-residual blocks (t, c, n, s) = (1,16,1,1) (6,24,2,2) (6,32,3,2) (6,64,4,2) (6,96,3,1)
(6,160,3,2) (6,320,1,1) (block 0 has no expansion conv), Conv 1x1 (1280) + BN + ReLU6, global
average pool, Dense(1280 -> 10), Softmax. Spatial sizes 32 -> 16 -> 16 -> 8 -> 4 -> 2 -> 2 -> 1 -> 1.

Padding (the Keras convention, kept on purpose): every stride-2 3x3 conv (the stem and the
depthwise convs of blocks 1, 3, 6, 13) is preceded by ZeroPadding2D(correct_pad) and runs 'valid'.
On these even inputs (32, 16, 8, 4, 2) that is 0 rows/columns before and 1 after, whereas PyTorch /
torchvision pad 1 on both sides. Here it is ZeroPad2d((0, 1, 0, 1)) + Conv2d(padding=0); the export
folds it into Conv pads=[0, 0, 1, 1]. Stride-1 depthwise convs are 'same' = symmetric padding 1.
BatchNorm epsilon is Keras' 1e-3; its momentum is PyTorch's 0.1 (Keras uses 0.999, too slow for a
short schedule). There is no dropout (Keras' model has none).

Training: CIFAR-10 binary batches from scripts/cifar10_to_bin.py (default build/data/cifar10-bin),
per-channel mean/std normalisation (recorded in the results json), random crop 32 from the
zero-padded 40x40 image + horizontal flip, SGD (Nesterov momentum 0.9) with OneCycle, label
smoothing 0.1, weight decay on conv/dense weights only.

Run (from the repository root); --resume continues after the last finished epoch:
    /usr/bin/python3 scripts/cifar10_to_bin.py
    LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-pthread setsid nohup nice -n 19 \
        /usr/bin/python3 models/train/mobilenetv2.py [--resume] \
        > models/train/checkpoints/mobilenetv2.log 2>&1 &
Writes models/mobilenetv2.onnx, models/train/results/mobilenetv2.json and
mobilenetv2_predictions.bin; checkpoints go to models/train/checkpoints/mobilenetv2.pt.
"""

import sys

import common  # first: sets OMP_WAIT_POLICY before torch loads

import torch
import torch.nn as nn
import torch.nn.functional as F

NAME = "mobilenetv2"
PARAMS = 2270794
BN_EPS = 1e-3

# Mean and std of the converted training set (pixels / 255), per channel R, G, B; computed by
# channel_stats() on build/data/cifar10-bin and fixed here so the preprocessing is a constant.
MEAN = (0.4913, 0.4821, 0.4465)
STD = (0.2452, 0.2428, 0.2606)


def _make_divisible(v, divisor=8):
    new_v = max(divisor, int(v + divisor / 2) // divisor * divisor)
    if new_v < 0.9 * v:
        new_v += divisor
    return new_v


class ConvBN(nn.Sequential):
    """Conv (no bias) + BN (+ ReLU6). Stride 2 uses Keras' asymmetric zero pad (0 before, 1 after)."""

    def __init__(self, cin, cout, kernel, stride=1, groups=1, relu6=True):
        layers = []
        if kernel > 1 and stride == 2:
            layers.append(nn.ZeroPad2d((0, 1, 0, 1)))
            padding = 0
        else:
            padding = kernel // 2  # Keras 'same' with stride 1 (odd kernel) is symmetric
        layers += [nn.Conv2d(cin, cout, kernel, stride, padding, groups=groups, bias=False),
                   nn.BatchNorm2d(cout, eps=BN_EPS)]
        if relu6:
            layers.append(nn.ReLU6(inplace=True))
        super().__init__(*layers)


class InvertedResidual(nn.Module):
    def __init__(self, cin, cout, stride, expansion):
        super().__init__()
        hidden = cin * expansion
        layers = []
        if expansion != 1:
            layers.append(ConvBN(cin, hidden, 1))                       # expand
        layers.append(ConvBN(hidden, hidden, 3, stride, groups=hidden))  # depthwise
        layers.append(ConvBN(hidden, cout, 1, relu6=False))             # project (linear)
        self.block = nn.Sequential(*layers)
        self.residual = stride == 1 and cin == cout

    def forward(self, x):
        y = self.block(x)
        return x + y if self.residual else y


class MobileNetV2(nn.Module):
    SETTINGS = ((1, 16, 1, 1), (6, 24, 2, 2), (6, 32, 3, 2), (6, 64, 4, 2),
                (6, 96, 3, 1), (6, 160, 3, 2), (6, 320, 1, 1))

    def __init__(self, num_classes=10, alpha=1.0):
        super().__init__()
        cin = _make_divisible(32 * alpha)
        layers = [ConvBN(3, cin, 3, stride=2)]
        for t, c, n, s in self.SETTINGS:
            cout = _make_divisible(c * alpha)
            for i in range(n):
                layers.append(InvertedResidual(cin, cout, s if i == 0 else 1, t))
                cin = cout
        last = _make_divisible(1280 * alpha) if alpha > 1.0 else 1280
        layers.append(ConvBN(cin, last, 1))
        self.features = nn.Sequential(*layers)
        self.classifier = nn.Linear(last, num_classes)
        for m in self.modules():  # torchvision's initialisation (trains better than glorot here)
            if isinstance(m, nn.Conv2d):
                nn.init.kaiming_normal_(m.weight, mode="fan_out")
            elif isinstance(m, nn.BatchNorm2d):
                nn.init.ones_(m.weight)
                nn.init.zeros_(m.bias)
            elif isinstance(m, nn.Linear):
                nn.init.normal_(m.weight, 0, 0.01)
                nn.init.zeros_(m.bias)

    def forward(self, x):
        x = self.features(x)
        x = x.mean(dim=(2, 3))          # GlobalAveragePooling2D (exports as ReduceMean)
        return self.classifier(x)       # logits; Softmax is added at export


def torchvision_param_count():
    """Cross-check: torchvision's MobileNetV2 (num_classes=10) has the same backbone shapes."""
    import torchvision
    return common.count_params_keras(torchvision.models.mobilenet_v2(num_classes=10))["total"]


def channel_stats(x_uint8):
    x = x_uint8.float().div_(255.0)
    return x.mean(dim=(0, 2, 3)).tolist(), x.std(dim=(0, 2, 3)).tolist()


_MEAN_T = torch.tensor(MEAN).view(1, 3, 1, 1)
_STD_T = torch.tensor(STD).view(1, 3, 1, 1)


def prepare(xb):
    return (xb.float().div_(255.0) - _MEAN_T) / _STD_T


def augment(xb, g):
    """Random crop 32x32 from the zero-padded 40x40 image, then a horizontal flip (p = 0.5)."""
    n = xb.shape[0]
    padded = F.pad(xb, (4, 4, 4, 4))
    off = torch.randint(0, 9, (n, 2), generator=g)
    flip = torch.rand(n, generator=g) < 0.5
    out = torch.empty_like(xb)
    for i in range(n):
        dy, dx = int(off[i, 0]), int(off[i, 1])
        crop = padded[i, :, dy:dy + 32, dx:dx + 32]
        out[i] = crop.flip(-1) if flip[i] else crop
    return out


def main():
    p = common.base_arg_parser(__doc__.split("\n")[0], epochs=50, batch_size=128, lr=0.1)
    p.add_argument("--data", default=common.DEFAULT_CIFAR_BIN,
                   help="CIFAR-10 binary directory (default: %(default)s)")
    p.add_argument("--weight-decay", type=float, default=5e-4)
    p.add_argument("--label-smoothing", type=float, default=0.1)
    p.add_argument("--eval-every", type=int, default=2)
    p.add_argument("--no-channels-last", dest="channels_last", action="store_false",
                   help="train in NCHW (about 4x slower here than channels-last)")
    args = p.parse_args()
    common.setup(args.seed, args.threads)
    x_train, y_train = common.load_cifar10_bin(args.data, "train")
    x_test, y_test = common.load_cifar10_bin(args.data, "test")
    x_train, x_test = torch.from_numpy(x_train), torch.from_numpy(x_test)
    mean, std = channel_stats(x_train)
    print("training-set channel mean", [round(v, 4) for v in mean],
          "std", [round(v, 4) for v in std], "(constants used:", MEAN, STD, ")")

    net = MobileNetV2()
    counts = common.count_params_keras(net)
    assert counts["total"] == PARAMS, counts
    tv = torchvision_param_count()
    assert tv == PARAMS, tv
    print(f"params {counts} (torchvision mobilenet_v2(num_classes=10) counts {tv})")
    if args.channels_last:
        net = net.to(memory_format=torch.channels_last)

    def make_optimizer(model, steps, epochs):
        decay, no_decay = [], []
        for name, prm in model.named_parameters():
            (decay if prm.ndim > 1 else no_decay).append(prm)  # no decay on BN and biases
        opt = torch.optim.SGD([{"params": decay, "weight_decay": args.weight_decay},
                               {"params": no_decay, "weight_decay": 0.0}],
                              lr=args.lr, momentum=0.9, nesterov=True)
        sched = torch.optim.lr_scheduler.OneCycleLR(
            opt, max_lr=args.lr, total_steps=steps * epochs, pct_start=0.15,
            div_factor=10.0, final_div_factor=100.0)
        return opt, sched

    prep = prepare
    if args.channels_last:
        prep = lambda xb: prepare(xb).contiguous(memory_format=torch.channels_last)  # noqa: E731
    history, wall = common.train(NAME, net, args, x_train, y_train, x_test, y_test, prep,
                                 make_optimizer, augment=augment,
                                 label_smoothing=args.label_smoothing,
                                 eval_every=args.eval_every, log_every=50)
    if history is None:
        return 0
    net = net.to(memory_format=torch.contiguous_format)
    common.finish(
        NAME, net, args, history, wall, x_test, y_test, prepare, (3, 32, 32),
        recipe={"optimizer": "SGD, Nesterov momentum 0.9, weight decay %g on conv/dense weights "
                             "(none on BN and biases)" % args.weight_decay,
                "schedule": "OneCycle (cosine), max lr %g, start lr max/10, 15%% warm-up, "
                            "final lr max/1000, stepped per batch" % args.lr,
                "loss": "cross-entropy with label smoothing %g" % args.label_smoothing,
                "augmentation": "random crop 32x32 from zero-padded 40x40 (pad 4), "
                                "horizontal flip p=0.5",
                "batchnorm": "eps 1e-3 (Keras), momentum 0.1 (PyTorch convention)",
                "init": "kaiming normal fan_out convs, BN 1/0, dense N(0, 0.01)",
                "dropout": "none",
                "memory_format": "channels_last" if args.channels_last else "NCHW",
                "test_eval_every_epochs": args.eval_every},
        preprocessing={"input": "CIFAR-10 uint8 RGB", "scale": "1/255",
                       "mean_rgb": list(MEAN), "std_rgb": list(STD),
                       "formula": "x = (pixel / 255 - mean[c]) / std[c]",
                       "measured_train_mean_rgb": [round(v, 5) for v in mean],
                       "measured_train_std_rgb": [round(v, 5) for v in std],
                       "layout_at_onnx_boundary": "NCHW [N,3,32,32], channels R, G, B",
                       "source": "CIFAR-10 binary files converted by scripts/cifar10_to_bin.py "
                                 "from shared/data/cifar10 (JPEG re-encoded copy)"},
        dataset="CIFAR-10 (JPEG copy, converted to the official binary format)",
        architecture="keras.applications.MobileNetV2(alpha=1.0, include_top=False, 32x32x3) "
                     "+ GlobalAveragePooling + Dense(1280->10) + Softmax; Keras asymmetric "
                     "'same' padding for stride-2 3x3 convs (Conv pads=[0,0,1,1])",
        expected_params=PARAMS)
    return 0


if __name__ == "__main__":
    sys.exit(main())
