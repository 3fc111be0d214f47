"""WRONG: fit starts from small random weights (seeded), not from w = 0."""
import numpy as np

from planted.logistic_regression import _lr
from planted.logistic_regression._lr import loss_and_grad, predict, predict_proba, sigmoid

__all__ = ["sigmoid", "loss_and_grad", "fit", "predict_proba", "predict"]
EXPECT = "Start from zeros, never from random values"


def fit(X, y, lr=0.1, steps=100, l2=0.0):
    return _lr.fit(X, y, lr, steps, l2, init=lambda d: np.random.default_rng(0).normal(0.0, 0.01, d))
