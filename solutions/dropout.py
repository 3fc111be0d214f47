"""Reference solution for the dropout kata: inverted dropout, forward and backward."""
from __future__ import annotations

import numpy as np


def dropout_forward(x: np.ndarray, dropout_param: dict) -> tuple[np.ndarray, tuple]:
    """Train: keep each unit with probability p and scale it by 1/p. Test: the identity."""
    p, mode = dropout_param["p"], dropout_param["mode"]
    if not 0 < p <= 1:
        raise ValueError(f"p is the probability of keeping a unit: 0 < p <= 1, got {p}")
    if mode == "test":
        return x.copy(), (mode, None)
    if mode != "train":
        raise ValueError(f"dropout_param['mode'] must be 'train' or 'test', not {mode!r}")
    dtype = x.dtype if x.dtype.kind == "f" else np.dtype(np.float64)  # integer x gives float64
    rng = np.random.default_rng(dropout_param.get("seed"))  # no seed: fresh entropy each call
    # Inverted dropout: scaling by 1/p now keeps E[out] = x, so test mode needs no scaling.
    mask = (rng.random(x.shape) < p).astype(dtype) / dtype.type(p)  # in x's dtype: no upcast
    return x * mask, (mode, mask)


def dropout_backward(dout: np.ndarray, cache: tuple) -> np.ndarray:
    """dx through the forward's own mask (test mode: dx = dout)."""
    mode, mask = cache
    return dout.copy() if mode == "test" else dout * mask
