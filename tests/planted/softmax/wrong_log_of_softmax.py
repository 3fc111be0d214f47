"""WRONG: log_softmax as np.log(softmax(x)): -inf where softmax underflows."""
import numpy as np

EXPECT = "log(softmax(x)) is -inf"


def softmax(x, axis=-1):
    e = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def log_softmax(x, axis=-1):
    with np.errstate(divide="ignore"):
        return np.log(softmax(x, axis))
