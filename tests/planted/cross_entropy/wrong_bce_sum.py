"""WRONG: binary_cross_entropy sums over the last axis, then averages: a per-row mean of sums."""
import numpy as np

from planted.cross_entropy._ce import binary_cross_entropy as _bce, cross_entropy

EXPECT = "mean over EVERY entry"


def binary_cross_entropy(probs, targets):
    probs, targets = np.atleast_2d(probs), np.atleast_2d(targets)
    return float(np.mean([_bce(p, t) * len(p) for p, t in zip(probs, targets)]))
