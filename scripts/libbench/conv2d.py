"""Benchmarks of the conv2d reference against torch.nn.functional.conv2d (see scripts/bench_references.py).

Sizes are those of the kata's graded benchmarks (katas/conv2d/test_conv2d.py), in float64, the
kata's default dtype. The driver limits torch to one thread.
"""
from __future__ import annotations

import numpy as np
import torch
import torch.nn.functional as F

import conv2d as ref  # solutions/ is on sys.path (scripts/bench_references.py, kata bench)

SIZES = [  # (label, x shape, w shape, stride, pad)
    ("N=8 C=3 32x32 F=16 3x3 pad 1", (8, 3, 32, 32), (16, 3, 3, 3), 1, 1),
    ("N=16 C=16 32x32 F=32 3x3 pad 1", (16, 16, 32, 32), (32, 16, 3, 3), 1, 1),
    ("N=8 C=3 32x32 F=16 5x5 stride 2 pad 2", (8, 3, 32, 32), (16, 3, 5, 5), 2, 2),
]


def benchmarks() -> list[dict]:
    out = []
    for label, x_shape, w_shape, stride, pad in SIZES:
        rng = np.random.default_rng(0)
        x, w = rng.standard_normal(x_shape), rng.standard_normal(w_shape)
        b = rng.standard_normal(w_shape[0])
        param = {"stride": stride, "pad": pad}
        dout = rng.standard_normal(ref.conv_forward(x, w, b, param)[0].shape)
        tx, tw, tb = (torch.from_numpy(a) for a in (x, w, b))
        gx, gw, gb = (torch.from_numpy(a).requires_grad_() for a in (x, w, b))
        tdout = torch.from_numpy(dout)

        def torch_forward_backward(gx=gx, gw=gw, gb=gb, tdout=tdout, stride=stride, pad=pad):
            y = F.conv2d(gx, gw, gb, stride=stride, padding=pad)
            return torch.autograd.grad(y, (gx, gw, gb), tdout)

        out.append({"name": f"conv_forward {label}",
                    "reference": lambda x=x, w=w, b=b, param=param: ref.conv_forward(x, w, b, param),
                    "library": lambda tx=tx, tw=tw, tb=tb, stride=stride, pad=pad: F.conv2d(
                        tx, tw, tb, stride=stride, padding=pad),
                    "library_name": "torch.nn.functional.conv2d"})
        out.append({"name": f"conv_forward + conv_backward {label}",
                    "reference": lambda x=x, w=w, b=b, param=param, dout=dout: ref.conv_backward(
                        dout, ref.conv_forward(x, w, b, param)[1]),
                    "library": torch_forward_backward,
                    "library_name": "torch.nn.functional.conv2d + autograd"})
    return out

