"""WRONG: the penalty on the bias too: (l2 / 2) * b^2 in the loss, l2 * b in db."""
from planted.logistic_regression import _lr
from planted.logistic_regression._lr import fit, predict, predict_proba, sigmoid

__all__ = ["sigmoid", "loss_and_grad", "fit", "predict_proba", "predict"]
EXPECT = "the bias regularised too"


def loss_and_grad(w, b, X, y, l2=0.0):
    return _lr.loss_and_grad(w, b, X, y, l2, l2_bias=True)
