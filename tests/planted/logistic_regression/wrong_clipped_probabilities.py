"""WRONG: p clipped to [1e-15, 1 - 1e-15] before the log: finite, but a logit of -1000 on y = 1 costs 34.5."""
from planted.logistic_regression import _lr
from planted.logistic_regression._lr import fit, predict, predict_proba, sigmoid

__all__ = ["sigmoid", "loss_and_grad", "fit", "predict_proba", "predict"]
EXPECT = "p clipped to [1e-15, 1 - 1e-15]"


def loss_and_grad(w, b, X, y, l2=0.0):
    return _lr.loss_and_grad(w, b, X, y, l2, clip_p=1e-15)
