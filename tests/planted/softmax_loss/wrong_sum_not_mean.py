"""WRONG: sums the data loss and its gradient over the N examples instead of averaging."""
import numpy as np

from planted.softmax_loss._clf import loss_and_grad

EXPECT = "divide both the loss and its gradient by N"


def softmax_loss(W, X, y, reg):
    return loss_and_grad(W, X, y, reg, reduce_loss=np.sum, divide_grad=False)
