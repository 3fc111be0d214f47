"""WRONG: log-sum-exp of the shifted logits, log(sum(exp(x - max))), minus the UNshifted target logit:
the max is never added back, so every row's loss is too low by its max."""
import numpy as np

from planted.cross_entropy._ce import binary_cross_entropy

EXPECT = "add the max back"


def cross_entropy(logits, targets):
    x = np.asarray(logits, dtype=np.float64)
    lse = np.log(np.sum(np.exp(x - x.max(axis=1, keepdims=True)), axis=1))  # the max is not added back
    if targets.ndim == 1:
        return np.mean(lse - x[np.arange(len(x)), targets])
    return np.mean(lse - np.sum(targets * x, axis=1))
