"""WRONG: normalises over the batch (axis 0) instead of over the classes."""
from planted.cross_entropy._ce import binary_cross_entropy, cross_entropy as _ce, log_softmax

EXPECT = "not over the batch"


def cross_entropy(logits, targets):
    return _ce(logits, targets, log_probs=log_softmax(logits, axis=0))
