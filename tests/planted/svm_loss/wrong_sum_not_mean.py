"""WRONG: sums the loss and gradient over N instead of averaging."""
import numpy as np

from planted.svm_loss._hinge import hinge

EXPECT = "divide both the loss and the gradient by N"


def svm_loss(x, y):
    return hinge(x, y, reduce=np.sum)
