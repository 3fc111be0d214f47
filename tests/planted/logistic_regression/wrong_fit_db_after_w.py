"""WRONG: fit updates w first, then takes db at the NEW w."""
from planted.logistic_regression import _lr
from planted.logistic_regression._lr import loss_and_grad, predict, predict_proba, sigmoid

__all__ = ["sigmoid", "loss_and_grad", "fit", "predict_proba", "predict"]
EXPECT = "w updated before db is computed"


def fit(X, y, lr=0.1, steps=100, l2=0.0):
    return _lr.fit(X, y, lr, steps, l2, w_first=True)
