"""WRONG: soft labels ignored: each soft row is turned into its most likely class (argmax)."""
import numpy as np

from planted.cross_entropy._ce import binary_cross_entropy, cross_entropy as _ce

EXPECT = "soft labels weigh EVERY class"


def cross_entropy(logits, targets):
    if targets.ndim == 2:
        targets = np.argmax(targets, axis=1)
    return _ce(logits, targets)
