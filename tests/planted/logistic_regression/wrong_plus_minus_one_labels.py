"""WRONG: labels mapped to -1/+1, loss log(1 + exp(-s z)) with s = 2y - 1: right for 0/1 labels, wrong for
soft labels."""
from planted.logistic_regression import _lr
from planted.logistic_regression._lr import fit, predict, predict_proba, sigmoid

__all__ = ["sigmoid", "loss_and_grad", "fit", "predict_proba", "predict"]
EXPECT = "labels mapped to -1/+1"


def loss_and_grad(w, b, X, y, l2=0.0):
    return _lr.loss_and_grad(w, b, X, y, l2, pm1=True)
