"""WRONG: the textbook np.mean(np.nan_to_num(-y*log(a) - (1-y)*log(1-a))): inf becomes 1.8e308."""
import numpy as np

from planted.cross_entropy._ce import cross_entropy

EXPECT = "hides the problem instead of fixing it"


def binary_cross_entropy(probs, targets):
    y, a = targets, probs
    with np.errstate(all="ignore"):
        return np.mean(np.nan_to_num(-y * np.log(a) - (1 - y) * np.log(1 - a)))
