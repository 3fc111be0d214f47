"""RIGHT: the tables and the rotation in numpy (float64), tensors in and out; the pairs taken with
np.split and turned with the sin/cos formulas written out."""
import numpy as np
import torch


def _check(d):
    if d < 2 or d % 2:
        raise ValueError("odd d or d < 2")


def _angles(positions, d, base):
    _check(d)
    theta = np.power(float(base), -np.arange(0, d, 2, dtype=np.float64) / d)
    return np.outer(np.asarray(positions, dtype=np.float64), theta)  # [L, d/2]


def rope_tables(positions, d, base=10000.0):
    a = _angles(positions.numpy(), d, base)
    return torch.from_numpy(np.tile(np.cos(a), 2)), torch.from_numpy(np.tile(np.sin(a), 2))


def rotate_half(x):
    _check(x.shape[-1])
    x1, x2 = torch.tensor_split(x, 2, dim=-1)
    return torch.cat((x2.neg(), x1), dim=-1)


def apply_rope(x, offset=0, base=10000.0):
    if x.ndim < 2:
        raise ValueError("x must be [..., L, d]")
    L, d = x.shape[-2:]
    a = _angles(np.arange(offset, offset + L), d, base)
    c, s = np.cos(a), np.sin(a)
    xn = x.detach().numpy().astype(np.float64)
    u, v = np.split(xn, 2, axis=-1)
    out = np.concatenate([u * c - v * s, u * s + v * c], axis=-1)
    return torch.from_numpy(out).to(x.dtype if x.is_floating_point() else torch.float64)
