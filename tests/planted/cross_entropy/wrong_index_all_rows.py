"""WRONG: picks the targets with log_probs[:, targets], an [N, N] array, and averages it."""
import numpy as np

from planted.cross_entropy._ce import binary_cross_entropy, cross_entropy as _ce, log_softmax

EXPECT = "Index with two arrays"


def cross_entropy(logits, targets):
    if np.ndim(targets) == 2:
        return _ce(logits, targets)
    return -np.mean(log_softmax(logits)[:, targets])
