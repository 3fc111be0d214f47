"""WRONG: the loss is a mean but the gradient is not divided by N."""
from planted.softmax_loss._clf import loss_and_grad

EXPECT = "divide both the loss and its gradient by N"


def softmax_loss(W, X, y, reg):
    return loss_and_grad(W, X, y, reg, divide_grad=False)
