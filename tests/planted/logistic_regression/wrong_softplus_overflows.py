"""WRONG: log(1 + exp(z)) as written: exp(z) overflows for z > 709."""
from planted.logistic_regression import _lr
from planted.logistic_regression._lr import fit, predict, predict_proba, sigmoid

__all__ = ["sigmoid", "loss_and_grad", "fit", "predict_proba", "predict"]
EXPECT = "log(1 + exp(z)) for z >> 0"


def loss_and_grad(w, b, X, y, l2=0.0):
    return _lr.loss_and_grad(w, b, X, y, l2, naive_softplus=True)
