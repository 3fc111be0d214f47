"""WRONG: clips p to [1e-7, 1 - 1e-7] (the Keras way) instead of clamping the logs at -100."""
import numpy as np

from planted.cross_entropy._ce import cross_entropy

EXPECT = "not p at some epsilon"


def binary_cross_entropy(probs, targets):
    p = np.clip(probs, 1e-7, 1 - 1e-7)
    return -np.mean(targets * np.log(p) + (1 - targets) * np.log(1 - p))
