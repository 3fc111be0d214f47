"""WRONG: adds reg * sum(W * W) to the loss but forgets its gradient."""
from planted.softmax_loss._clf import loss_and_grad

EXPECT = "its gradient is 2 * reg * W"


def softmax_loss(W, X, y, reg):
    return loss_and_grad(W, X, y, reg, reg_grad=0.0)
