"""WRONG: exp(scores) with no max shift: overflows for large scores."""
from planted.softmax_loss._clf import loss_and_grad

EXPECT = "exp() of a large score overflows"


def softmax_loss(W, X, y, reg):
    return loss_and_grad(W, X, y, reg, shift=False)
