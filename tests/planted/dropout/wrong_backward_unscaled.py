"""WRONG: the cache keeps the 0/1 mask, and the backward forgets the 1/p scaling."""
import numpy as np

EXPECT = "the 1/p scaling of the forward is in the gradient too"


def dropout_forward(x, dropout_param):
    p, mode = dropout_param["p"], dropout_param["mode"]
    if not 0 < p <= 1 or mode not in ("train", "test"):
        raise ValueError("bad dropout_param")
    if mode == "test":
        return x.copy(), None
    dtype = x.dtype if x.dtype.kind == "f" else np.float64
    keep = (np.random.default_rng(dropout_param.get("seed")).random(x.shape) < p).astype(dtype)
    return x * keep / p, keep


def dropout_backward(dout, cache):
    return dout.copy() if cache is None else dout * cache
