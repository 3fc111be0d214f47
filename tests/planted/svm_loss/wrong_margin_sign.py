"""WRONG: uses s_y - s_j + 1 (the sign of the score difference flipped)."""
import numpy as np

from planted.svm_loss._hinge import hinge

EXPECT = "positive when the wrong class scores too HIGH"


def svm_loss(x, y):
    return hinge(x, y, sign=-1)
