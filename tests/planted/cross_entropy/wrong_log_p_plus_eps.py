"""WRONG: -log(softmax(x) + 1e-7): the epsilon that "avoids log(0)" changes every term."""
import numpy as np

from planted.cross_entropy._ce import binary_cross_entropy, cross_entropy as _ce, log_softmax

EXPECT = "no epsilon inside the log"


def cross_entropy(logits, targets):
    return _ce(logits, targets, log_probs=np.log(np.exp(log_softmax(logits)) + 1e-7))
