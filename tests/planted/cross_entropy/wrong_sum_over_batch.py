"""WRONG: sums the per-example losses instead of taking their mean."""
import numpy as np

from planted.cross_entropy._ce import binary_cross_entropy, cross_entropy as _ce

EXPECT = "MEAN over the N examples"


def cross_entropy(logits, targets):
    return _ce(logits, targets, reduce=np.sum)
