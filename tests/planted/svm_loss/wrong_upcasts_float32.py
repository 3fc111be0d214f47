"""WRONG: dx built as float64 (np.zeros(x.shape)) for float32 scores."""
import numpy as np

from planted.svm_loss._hinge import hinge

EXPECT = "float32 in, float32 out"


def svm_loss(x, y):
    return hinge(x, y, grad_dtype=np.float64)
