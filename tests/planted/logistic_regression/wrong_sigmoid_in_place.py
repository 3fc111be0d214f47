"""WRONG: a masked sigmoid written into z itself: the caller's array is overwritten."""
import numpy as np

from planted.logistic_regression._lr import fit, floating, loss_and_grad, predict, predict_proba

__all__ = ["sigmoid", "loss_and_grad", "fit", "predict_proba", "predict"]
EXPECT = "modified its input `z` in place"


def sigmoid(z):
    z = floating(z)  # the same array when z is already float
    pos = z >= 0
    z[pos] = 1 / (1 + np.exp(-z[pos]))
    e = np.exp(z[~pos])
    z[~pos] = e / (1 + e)
    return z
