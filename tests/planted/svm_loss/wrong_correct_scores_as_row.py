"""WRONG: subtracts x[range(N), y] as a row [N] instead of a column [N, 1]."""
import numpy as np

from planted.svm_loss._hinge import hinge

EXPECT = "make it a column [N, 1]"


def svm_loss(x, y):
    return hinge(x, y, column=False)
