"""WRONG: decides hard vs soft targets by the dtype (float = soft), not by the number of dimensions."""
import numpy as np

from planted.cross_entropy._ce import binary_cross_entropy, log_softmax

EXPECT = "targets.ndim decides"


def cross_entropy(logits, targets):
    log_probs = log_softmax(logits)
    if targets.dtype.kind == "f":
        return -np.mean(np.sum(targets * log_probs, axis=1))
    return -np.mean(log_probs[np.arange(len(targets)), targets])
