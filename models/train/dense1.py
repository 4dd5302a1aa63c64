#!/usr/bin/python3
"""Dense1: the seed's smallest reference network, trained on MNIST.

    input float32 [N,1,28,28] (pixels / 255) -> Flatten -> Dense(784 -> 10) -> Softmax
    7,850 parameters (7,840 weights + 10 biases), 7,840 MACs per image.

Run (from the repository root):
    LD_LIBRARY_PATH=/usr/lib/x86_64-linux-gnu/openblas-pthread nice -n 10 \
        /usr/bin/python3 models/train/dense1.py [--resume]
Writes models/dense1.onnx, models/train/results/dense1.json and dense1_predictions.bin;
checkpoints go to models/train/checkpoints/dense1.pt.
"""

import sys

import common  # first: sets OMP_WAIT_POLICY before torch loads

import torch
import torch.nn as nn

NAME = "dense1"
PARAMS = 7850


class Dense1(nn.Module):
    def __init__(self):
        super().__init__()
        self.flatten = nn.Flatten()
        self.dense = nn.Linear(28 * 28, 10)
        # Keras defaults: glorot_uniform kernel, zero bias.
        nn.init.xavier_uniform_(self.dense.weight)
        nn.init.zeros_(self.dense.bias)

    def forward(self, x):
        return self.dense(self.flatten(x))  # logits; Softmax is added at export


def prepare(xb):
    return xb.float().div_(255.0).unsqueeze(1)


def main():
    p = common.base_arg_parser(__doc__.split("\n")[0], epochs=20, batch_size=64, lr=1e-3)
    args = p.parse_args()
    common.setup(args.seed, args.threads)
    x_train, y_train = common.load_mnist(args.shared, "train")
    x_test, y_test = common.load_mnist(args.shared, "test")
    x_train, x_test = torch.from_numpy(x_train.copy()), torch.from_numpy(x_test.copy())

    net = Dense1()
    assert common.count_params_keras(net)["total"] == PARAMS

    def make_optimizer(model, steps, epochs):
        opt = torch.optim.Adam(model.parameters(), lr=args.lr)
        sched = torch.optim.lr_scheduler.OneCycleLR(
            opt, max_lr=args.lr, total_steps=steps * epochs, pct_start=0.1)
        return opt, sched

    history, wall = common.train(NAME, net, args, x_train, y_train, x_test, y_test,
                                 prepare, make_optimizer)
    if history is None:
        return 0
    common.finish(
        NAME, net, args, history, wall, x_test, y_test, prepare, (1, 28, 28),
        recipe={"optimizer": "Adam (betas 0.9, 0.999), no weight decay",
                "schedule": "OneCycle (cosine), max lr %g, 10%% warm-up, stepped per batch" % args.lr,
                "loss": "cross-entropy on logits (softmax only in the exported graph)",
                "augmentation": "none",
                "init": "glorot uniform weights, zero bias (Keras defaults)"},
        preprocessing={"input": "MNIST uint8 pixels", "scale": "1/255", "offset": 0.0,
                       "range": [0.0, 1.0], "layout_at_onnx_boundary": "NCHW [N,1,28,28]",
                       "source": "shared/data/mnist IDX (train 60,000 / t10k 10,000)"},
        dataset="MNIST",
        architecture="Flatten -> Dense(784->10) -> Softmax",
        expected_params=PARAMS)
    return 0


if __name__ == "__main__":
    sys.exit(main())
