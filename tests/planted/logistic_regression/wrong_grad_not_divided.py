"""WRONG: the loss is a mean, but dw and db are sums over the N examples."""
from planted.logistic_regression import _lr
from planted.logistic_regression._lr import fit, predict, predict_proba, sigmoid

__all__ = ["sigmoid", "loss_and_grad", "fit", "predict_proba", "predict"]
EXPECT = "dw and db not divided by N"


def loss_and_grad(w, b, X, y, l2=0.0):
    return _lr.loss_and_grad(w, b, X, y, l2, grad_over_n=False)
