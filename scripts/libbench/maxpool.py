"""Benchmarks of the maxpool reference against torch.nn.functional.max_pool2d (see scripts/bench_references.py).

Sizes are those of the kata's graded benchmarks (katas/maxpool/test_maxpool.py), in float64, the
kata's default dtype. The driver limits torch to one thread.
"""
from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F

import maxpool as ref  # solutions/ is on sys.path (scripts/bench_references.py, kata bench)

SIZES = [  # (label, x shape, pool height, pool width, stride)
    ("N=8 C=16 32x32 pool 2x2 stride 2", (8, 16, 32, 32), 2, 2, 2),
    ("N=8 C=16 32x32 pool 3x3 stride 2", (8, 16, 32, 32), 3, 3, 2),
    ("N=16 C=64 16x16 pool 2x2 stride 2", (16, 64, 16, 16), 2, 2, 2),
]


def benchmarks() -> list[dict]:
    out = []
    for label, shape, ph, pw, stride in SIZES:
        rng = np.random.default_rng(0)
        x = rng.standard_normal(shape)
        param = {"pool_height": ph, "pool_width": pw, "stride": stride}
        dout = rng.standard_normal(ref.max_pool_forward(x, param)[0].shape)
        tx, tdout = torch.from_numpy(x), torch.from_numpy(dout)
        gx = torch.from_numpy(x).requires_grad_()

        def torch_forward_backward(gx=gx, tdout=tdout, ph=ph, pw=pw, stride=stride):
            y = F.max_pool2d(gx, (ph, pw), stride=stride)
            return torch.autograd.grad(y, gx, tdout)

        out.append({"name": f"max_pool_forward {label}",
                    "reference": lambda x=x, param=param: ref.max_pool_forward(x, param),
                    "library": lambda tx=tx, ph=ph, pw=pw, stride=stride: F.max_pool2d(tx, (ph, pw), stride=stride),
                    "library_name": "torch.nn.functional.max_pool2d"})
        out.append({"name": f"max_pool_forward + max_pool_backward {label}",
                    "reference": lambda x=x, param=param, dout=dout: ref.max_pool_backward(
                        dout, ref.max_pool_forward(x, param)[1]),
                    "library": torch_forward_backward,
                    "library_name": "torch.nn.functional.max_pool2d + autograd"})
    return out

