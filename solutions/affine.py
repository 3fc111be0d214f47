"""Reference solution for the affine kata: a fully connected layer, forward and backward."""
from __future__ import annotations

import numpy as np


def affine_forward(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, tuple]:
    """out = x_flat @ w + b, where each example of x is flattened to a row of D = d1*...*dk."""
    # Flatten with w's D rather than -1: also works for an empty batch (N = 0).
    x_flat = x.reshape(x.shape[0], w.shape[0])  # [N, d1, ..., dk] -> [N, D]
    out = x_flat @ w + b  # [N, D] @ [D, M] + [M] -> [N, M]
    return out, (x, w)


def affine_backward(dout: np.ndarray, cache: tuple) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gradients of the forward: dx (x's shape), dw [D, M], db [M]."""
    x, w = cache
    dx = (dout @ w.T).reshape(x.shape)  # [N, M] @ [M, D] -> [N, D] -> x's shape
    dw = x.reshape(x.shape[0], w.shape[0]).T @ dout  # [D, N] @ [N, M] -> [D, M]
    db = dout.sum(axis=0)  # b is added to every example: its gradient sums over N
    return dx, dw, db
