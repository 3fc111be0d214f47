"""WRONG: the textbook sigmoid 1 / (1 + exp(-z)): exp(-z) overflows for z << 0."""
import numpy as np

from planted.logistic_regression._lr import fit, floating, loss_and_grad, predict, predict_proba

__all__ = ["sigmoid", "loss_and_grad", "fit", "predict_proba", "predict"]
EXPECT = "an exp() overflowed"


def sigmoid(z):
    z = floating(z)
    return 1 / (1 + np.exp(-z))
