"""WRONG: integer labels used as they are: sigmoid(z) - y is float64, so dw is float64 for float32 X."""
from planted.logistic_regression import _lr
from planted.logistic_regression._lr import fit, predict, predict_proba, sigmoid

__all__ = ["sigmoid", "loss_and_grad", "fit", "predict_proba", "predict"]
EXPECT = "integer (or float64) labels make sigmoid(z) - y float64"


def loss_and_grad(w, b, X, y, l2=0.0):
    return _lr.loss_and_grad(w, b, X, y, l2, cast_y=False)
