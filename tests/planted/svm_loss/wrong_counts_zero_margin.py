"""WRONG: a margin counts when it is >= 0, so a margin of exactly 0 gets gradient."""
import numpy as np

from planted.svm_loss._hinge import hinge

EXPECT = "a margin counts when it is > 0, not >= 0"


def svm_loss(x, y):
    return hinge(x, y, counts=lambda m: m >= 0)
