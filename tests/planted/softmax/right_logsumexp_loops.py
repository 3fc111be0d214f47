"""RIGHT: log-sum-exp with np.logaddexp.reduce, and a Python loop over the slices."""
import numpy as np


def log_softmax(x, axis=-1):
    x = np.asarray(x)
    x = x if x.dtype.kind == "f" else x.astype(np.float64)
    moved = np.moveaxis(x, axis, -1)
    out = np.empty_like(moved)
    for idx in np.ndindex(*moved.shape[:-1]):
        row = moved[idx]
        out[idx] = row - np.logaddexp.reduce(row)
    return np.moveaxis(out, -1, axis)


def softmax(x, axis=-1):
    return np.exp(log_softmax(x, axis))
