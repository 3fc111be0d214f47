"""WRONG: the old CS231n convention 0.5 * reg * sum(W * W), gradient reg * W (self-consistent, not the contract)."""
from planted.softmax_loss._clf import loss_and_grad

EXPECT = "no 0.5 in front"


def softmax_loss(W, X, y, reg):
    return loss_and_grad(W, X, y, reg, reg_loss=0.5, reg_grad=1.0)
