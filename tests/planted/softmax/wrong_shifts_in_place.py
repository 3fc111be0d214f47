"""WRONG: subtracts the max in place (x -= ...), changing the caller's array."""
import numpy as np

EXPECT = "modified its input `x` in place"


def softmax(x, axis=-1):
    if x.dtype.kind == "f":
        x -= np.max(x, axis=axis, keepdims=True)
    else:
        x = x - np.max(x, axis=axis, keepdims=True)
    e = np.exp(x)
    return e / e.sum(axis=axis, keepdims=True)


def log_softmax(x, axis=-1):
    z = x - np.max(x, axis=axis, keepdims=True)
    return z - np.log(np.exp(z).sum(axis=axis, keepdims=True))
