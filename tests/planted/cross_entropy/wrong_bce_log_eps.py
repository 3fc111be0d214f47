"""WRONG: log(p + 1e-7) and log(1 - p + 1e-7) instead of clamping each log at -100."""
import numpy as np

from planted.cross_entropy._ce import cross_entropy

EXPECT = "no epsilon inside the log"


def binary_cross_entropy(probs, targets):
    eps = 1e-7
    return -np.mean(targets * np.log(probs + eps) + (1 - targets) * np.log(1 - probs + eps))
