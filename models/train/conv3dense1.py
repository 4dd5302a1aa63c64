#!/usr/bin/python3
"""Conv3Dense1: the seed appendix's Keras CNN, translated to PyTorch and trained on MNIST.

Keras original (28x28x1 input):
    Conv2D(32, 3x3, strides 2, padding 'same', relu)    -> 14x14x32     320 params
    Conv2D(64, 3x3, strides 2, padding 'same', relu)    ->  7x7x64   18,496 params
    Conv2D(32, 7x7 (= input/4), padding 'valid', relu)  ->  1x1x32  100,384 params
    Flatten -> Dense(10, softmax)                                       330 params
    total 119,530 parameters, 1,060,288 MACs per image.

Keras 'same' with stride 2 on an even input pads asymmetrically: 0 rows/columns before and 1 after
(pad total = 1, before = total // 2). PyTorch's Conv2d only pads symmetrically, so each stride-2
conv is ZeroPad2d((0, 1, 0, 1)) + Conv2d(padding=0); the export folds the Pad into the Conv, which
appears in the ONNX file as Conv pads=[0, 0, 1, 1].

Run (from the repository root):
    LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-pthread nice -n 10 \
        /usr/bin/python3 models/train/conv3dense1.py [--resume]
Writes models/conv3dense1.onnx, models/train/results/conv3dense1.json and
conv3dense1_predictions.bin; checkpoints go to models/train/checkpoints/conv3dense1.pt.
"""

import sys

import common  # first: sets OMP_WAIT_POLICY before torch loads

import torch
import torch.nn as nn

NAME = "conv3dense1"
PARAMS = 119530


class Conv3Dense1(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.ZeroPad2d((0, 1, 0, 1)),               # Keras 'same', stride 2, even input
            nn.Conv2d(1, 32, 3, stride=2), nn.ReLU(inplace=True),
            nn.ZeroPad2d((0, 1, 0, 1)),
            nn.Conv2d(32, 64, 3, stride=2), nn.ReLU(inplace=True),
            nn.Conv2d(64, 32, 7), nn.ReLU(inplace=True),  # 'valid', 7 = 28 / 4
        )
        self.flatten = nn.Flatten()   # 1x1x32: NCHW and NHWC flatten orders agree
        self.dense = nn.Linear(32, 10)
        for m in self.modules():      # Keras defaults: glorot uniform kernels, zero biases
            if isinstance(m, (nn.Conv2d, nn.Linear)):
                nn.init.xavier_uniform_(m.weight)
                nn.init.zeros_(m.bias)

    def forward(self, x):
        return self.dense(self.flatten(self.features(x)))  # logits; Softmax added at export


def prepare(xb):
    return xb.float().div_(255.0).unsqueeze(1)


def main():
    p = common.base_arg_parser(__doc__.split("\n")[0], epochs=12, batch_size=128, lr=2e-3)
    p.add_argument("--weight-decay", type=float, default=1e-4)
    args = p.parse_args()
    common.setup(args.seed, args.threads)
    x_train, y_train = common.load_mnist(args.shared, "train")
    x_test, y_test = common.load_mnist(args.shared, "test")
    x_train, x_test = torch.from_numpy(x_train), torch.from_numpy(x_test)

    net = Conv3Dense1()
    assert common.count_params_keras(net)["total"] == PARAMS

    def make_optimizer(model, steps, epochs):
        opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=args.weight_decay)
        sched = torch.optim.lr_scheduler.OneCycleLR(
            opt, max_lr=args.lr, total_steps=steps * epochs, pct_start=0.15)
        return opt, sched

    history, wall = common.train(NAME, net, args, x_train, y_train, x_test, y_test,
                                 prepare, make_optimizer)
    if history is None:
        return 0
    common.finish(
        NAME, net, args, history, wall, x_test, y_test, prepare, (1, 28, 28),
        recipe={"optimizer": "AdamW (betas 0.9, 0.999), weight decay %g" % args.weight_decay,
                "schedule": "OneCycle (cosine), max lr %g, 15%% warm-up, stepped per batch" % args.lr,
                "loss": "cross-entropy on logits (softmax only in the exported graph)",
                "augmentation": "none",
                "init": "glorot uniform kernels, zero biases (Keras defaults)"},
        preprocessing={"input": "MNIST uint8 pixels", "scale": "1/255", "offset": 0.0,
                       "range": [0.0, 1.0], "layout_at_onnx_boundary": "NCHW [N,1,28,28]",
                       "source": "shared/data/mnist IDX (train 60,000 / t10k 10,000)"},
        dataset="MNIST",
        architecture="Conv(32,3x3,s2,same)+ReLU -> Conv(64,3x3,s2,same)+ReLU -> "
                     "Conv(32,7x7,valid)+ReLU -> Flatten -> Dense(32->10) -> Softmax; "
                     "'same' = Keras asymmetric padding (0 before, 1 after), Conv pads=[0,0,1,1]",
        expected_params=PARAMS)
    return 0


if __name__ == "__main__":
    sys.exit(main())
