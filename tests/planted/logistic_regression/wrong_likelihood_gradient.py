"""WRONG: the gradient of the log-likelihood, y - sigmoid(z), for the loss's sigmoid(z) - y."""
from planted.logistic_regression import _lr
from planted.logistic_regression._lr import fit, predict, predict_proba, sigmoid

__all__ = ["sigmoid", "loss_and_grad", "fit", "predict_proba", "predict"]
EXPECT = "the gradient of the log-likelihood"


def loss_and_grad(w, b, X, y, l2=0.0):
    return _lr.loss_and_grad(w, b, X, y, l2, ascent=True)
