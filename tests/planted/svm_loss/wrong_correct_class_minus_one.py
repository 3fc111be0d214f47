"""WRONG: gives the correct class -1 (once) instead of minus the count of counted margins."""
import numpy as np

from planted.svm_loss._hinge import hinge

EXPECT = "minus the NUMBER of margins counted"


def svm_loss(x, y):
    return hinge(x, y, correct_grad='one')
