"""WRONG: predict with z >= 0 (p >= 0.5): a logit of exactly 0 predicts 1."""
from planted.logistic_regression import _lr
from planted.logistic_regression._lr import fit, loss_and_grad, predict_proba, sigmoid

__all__ = ["sigmoid", "loss_and_grad", "fit", "predict_proba", "predict"]
EXPECT = "a logit of exactly 0 (p = 0.5) predicts 1"


def predict(w, b, X):
    return _lr.predict(w, b, X, ge=True)
