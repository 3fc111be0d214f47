"""WRONG: computes in float32 whatever the input (as code written for torch's default dtype does), so
float64 input gets a float32-accurate loss, returned as a np.float32."""
import numpy as np

from planted.cross_entropy import _ce

EXPECT = "compute in the inputs' dtype"


def _float32(a):
    a = np.asarray(a)
    return a.astype(np.float32) if a.dtype.kind == "f" or a.ndim == 2 else a


def cross_entropy(logits, targets):
    return np.float32(_ce.cross_entropy(_float32(logits), _float32(targets)))


def binary_cross_entropy(probs, targets):
    return np.float32(_ce.binary_cross_entropy(_float32(probs), _float32(targets)))
