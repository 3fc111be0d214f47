"""WRONG: exp(x) / sum(exp(x)) with no max shift: overflows for large logits."""
import numpy as np

EXPECT = "overflows"


def softmax(x, axis=-1):
    e = np.exp(x)
    return e / e.sum(axis=axis, keepdims=True)


def log_softmax(x, axis=-1):
    return x - np.log(np.exp(x).sum(axis=axis, keepdims=True))
