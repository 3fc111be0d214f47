"""Reference solution for the maxpool kata: a max-pooling layer's forward and backward pass."""
from __future__ import annotations

import numpy as np


def _offset_views(a: np.ndarray, ph: int, pw: int, stride: int, out_h: int, out_w: int) -> list[np.ndarray]:
    """One strided view per position (di, dj) inside the window, in row-major order:
    view_k[n, c, i, j] = a[n, c, i * stride + di, j * stride + dj], with k = di * pw + dj."""
    return [a[:, :, di:di + stride * out_h:stride, dj:dj + stride * out_w:stride]  # [N, C, H', W']
            for di in range(ph) for dj in range(pw)]


def max_pool_forward(x: np.ndarray, pool_param: dict) -> tuple[np.ndarray, tuple]:
    """Max over each pool_height x pool_width window of x [N, C, H, W]: out [N, C, H', W']."""
    ph, pw, stride = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    _, _, H, W = x.shape
    if ph > H or pw > W:
        raise ValueError(f"a {ph}x{pw} pool does not fit a {H}x{W} input")
    # Floor division: a partial window at the end is dropped, as in torch.
    out_h, out_w = 1 + (H - ph) // stride, 1 + (W - pw) // stride
    views = _offset_views(x, ph, pw, stride, out_h, out_w)
    # Running max over the ph * pw positions, remembering which position k holds it.
    out = views[0].copy()  # a copy: with a 1x1 pool, views[0] would be x itself
    argmax = np.zeros(out.shape, dtype=np.intp)  # [N, C, H', W']
    for k, view in enumerate(views[1:], start=1):
        better = view > out  # strict: a tie keeps the earlier max, the first in row-major order
        out = np.where(better, view, out)
        argmax = np.where(better, k, argmax)
    return out, (x.shape, argmax, ph, pw, stride)


def max_pool_backward(dout: np.ndarray, cache: tuple) -> np.ndarray:
    """dx [N, C, H, W]: each window's gradient goes to the position of its (first) max."""
    x_shape, argmax, ph, pw, stride = cache
    N, C, out_h, out_w = dout.shape
    # Where each window's max sits in x: row i*stride + k // pw, column j*stride + k % pw.
    rows = np.arange(out_h)[:, None] * stride + argmax // pw  # [N, C, H', W']
    cols = np.arange(out_w) * stride + argmax % pw
    n, c = np.arange(N)[:, None, None, None], np.arange(C)[:, None, None]
    flat = np.ravel_multi_index((n, c, rows, cols), x_shape)
    # Overlapping windows can share a max, and then their gradients add up: bincount sums repeated
    # indices (dx.flat[flat] += dout would keep only one of them).
    dx = np.bincount(flat.ravel(), weights=dout.ravel(), minlength=int(np.prod(x_shape)))
    return dx.reshape(x_shape).astype(dout.dtype, copy=False)
