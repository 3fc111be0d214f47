"""WRONG: normalises by np.sum over the whole array (right only for 1-D input)."""
import numpy as np

EXPECT = "Summing the whole array"


def softmax(x, axis=-1):
    e = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return e / np.sum(e)


def log_softmax(x, axis=-1):
    z = x - np.max(x, axis=axis, keepdims=True)
    return z - np.log(np.sum(np.exp(z)))
