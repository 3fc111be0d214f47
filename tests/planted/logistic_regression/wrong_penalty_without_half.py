"""WRONG: the penalty l2 * ||w||^2 (gradient 2 * l2 * w), not the statement's (l2 / 2) * ||w||^2."""
from planted.logistic_regression import _lr
from planted.logistic_regression._lr import fit, predict, predict_proba, sigmoid

__all__ = ["sigmoid", "loss_and_grad", "fit", "predict_proba", "predict"]
EXPECT = "without the 1/2"


def loss_and_grad(w, b, X, y, l2=0.0):
    return _lr.loss_and_grad(w, b, X, y, l2, l2_factor=1.0)
