"""WRONG: np.where(z >= 0, 1 / (1 + exp(-z)), exp(z) / (1 + exp(z))): np.where computes both branches, so both
overflow somewhere."""
import numpy as np

from planted.logistic_regression._lr import fit, floating, loss_and_grad, predict, predict_proba

__all__ = ["sigmoid", "loss_and_grad", "fit", "predict_proba", "predict"]
EXPECT = "np.where computes both"


def sigmoid(z):
    z = floating(z)
    return np.where(z >= 0, 1 / (1 + np.exp(-z)), np.exp(z) / (1 + np.exp(z)))
