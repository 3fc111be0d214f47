"""WRONG: sums the correct class's own margin too (1 per example)."""
import numpy as np

from planted.svm_loss._hinge import hinge

EXPECT = "sum over the WRONG classes only"


def svm_loss(x, y):
    return hinge(x, y, skip_correct=False)
