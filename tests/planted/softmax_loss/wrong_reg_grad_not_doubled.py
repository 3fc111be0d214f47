"""WRONG: the penalty's gradient is reg * W instead of 2 * reg * W."""
from planted.softmax_loss._clf import loss_and_grad

EXPECT = "2 * reg * W (the square's 2), not reg * W"


def softmax_loss(W, X, y, reg):
    return loss_and_grad(W, X, y, reg, reg_grad=1.0)
