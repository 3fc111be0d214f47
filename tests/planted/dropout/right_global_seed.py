"""RIGHT: the CS231n way: np.random.seed when a seed is given, np.random.rand, a boolean mask in the
cache and the division by p done in the backward too."""
import numpy as np


def dropout_forward(x, dropout_param):
    p, mode = dropout_param["p"], dropout_param["mode"]
    if p <= 0 or p > 1:
        raise ValueError("p must be in (0, 1]")
    if "seed" in dropout_param:
        np.random.seed(dropout_param["seed"])
    if mode == "train":
        keep = np.random.rand(*x.shape) < p
        out = np.where(keep, x / np.asarray(p, dtype=x.dtype if x.dtype.kind == "f" else np.float64), 0)
        return out.astype(x.dtype if x.dtype.kind == "f" else np.float64), (keep, p, mode)
    if mode == "test":
        return np.array(x, copy=True), (None, p, mode)
    raise ValueError(f"bad mode {mode}")


def dropout_backward(dout, cache):
    keep, p, mode = cache
    if mode == "test":
        return dout
    return np.where(keep, dout / np.asarray(p, dtype=dout.dtype), 0).astype(dout.dtype)
