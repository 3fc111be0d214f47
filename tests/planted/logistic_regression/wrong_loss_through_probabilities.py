"""WRONG: the loss through the probabilities, -(y log p + (1 - y) log(1 - p)): inf (or NaN) once p rounds to
0 or 1."""
from planted.logistic_regression import _lr
from planted.logistic_regression._lr import fit, predict, predict_proba, sigmoid

__all__ = ["sigmoid", "loss_and_grad", "fit", "predict_proba", "predict"]
EXPECT = "the loss through the probabilities"


def loss_and_grad(w, b, X, y, l2=0.0):
    return _lr.loss_and_grad(w, b, X, y, l2, through_p=True)
