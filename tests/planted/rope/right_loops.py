"""RIGHT: brute force from the definition: a 2x2 rotation matrix per pair and per position, in loops
over Python floats (math.cos, math.sin)."""
import math

import torch


def _check(d):
    if d < 2 or d % 2:
        raise ValueError("d must be even and at least 2")


def rope_tables(positions, d, base=10000.0):
    _check(d)
    rows_cos, rows_sin = [], []
    for p in positions.tolist():
        angles = [p * base ** (-2 * j / d) for j in range(d // 2)]
        rows_cos.append([math.cos(a) for a in angles] * 2)
        rows_sin.append([math.sin(a) for a in angles] * 2)
    return (torch.tensor(rows_cos, dtype=torch.float64).reshape(len(rows_cos), d),
            torch.tensor(rows_sin, dtype=torch.float64).reshape(len(rows_sin), d))


def rotate_half(x):
    d = x.shape[-1]
    _check(d)
    out = torch.empty_like(x)
    for j in range(d // 2):
        out[..., j] = -x[..., j + d // 2]
        out[..., j + d // 2] = x[..., j]
    return out


def apply_rope(x, offset=0, base=10000.0):
    if len(x.shape) < 2:
        raise ValueError("x must have at least 2 axes")
    *lead, L, d = x.shape
    _check(d)
    dtype = x.dtype if x.is_floating_point() else torch.float64
    rows = x.to(torch.float64).reshape(math.prod(lead), L, d).tolist()
    for block in rows:
        for i, row in enumerate(block):
            for j in range(d // 2):
                a = (offset + i) * base ** (-2 * j / d)
                c, s = math.cos(a), math.sin(a)
                u, v = row[j], row[j + d // 2]
                row[j], row[j + d // 2] = c * u - s * v, s * u + c * v  # [[c, -s], [s, c]] @ (u, v)
    return torch.tensor(rows, dtype=torch.float64).reshape(*lead, L, d).to(dtype)
