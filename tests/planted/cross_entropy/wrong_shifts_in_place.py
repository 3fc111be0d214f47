"""WRONG: subtracts the max in place (logits -= ...), changing the caller's array."""
import numpy as np

from planted.cross_entropy._ce import binary_cross_entropy, cross_entropy as _ce

EXPECT = "modified its input `logits` in place"


def cross_entropy(logits, targets):
    logits -= np.max(logits, axis=1, keepdims=True)
    return _ce(logits, targets)
