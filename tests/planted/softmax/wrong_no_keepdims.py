"""WRONG: reduces without keepdims, so the division broadcasts the wrong way (or fails)."""
import numpy as np

EXPECT = "keepdims=True"


def softmax(x, axis=-1):
    e = np.exp(x - np.max(x))
    return e / e.sum(axis=axis)


def log_softmax(x, axis=-1):
    z = x - np.max(x)
    return z - np.log(np.exp(z).sum(axis=axis))
