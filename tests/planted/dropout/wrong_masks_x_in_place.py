"""WRONG: applies the mask with x *= mask, changing the caller's array."""
import numpy as np

EXPECT = "modified its input `x` in place"


def dropout_forward(x, dropout_param):
    p, mode = dropout_param["p"], dropout_param["mode"]
    if not 0 < p <= 1 or mode not in ("train", "test"):
        raise ValueError("bad dropout_param")
    if mode == "test":
        return x, None
    mask = (np.random.default_rng(dropout_param.get("seed")).random(x.shape) < p) / p
    if x.dtype.kind == "f":
        x *= mask.astype(x.dtype)
        return x, mask.astype(x.dtype)
    return x * mask, mask


def dropout_backward(dout, cache):
    return dout.copy() if cache is None else dout * cache
