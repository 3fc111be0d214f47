"""Kata: the multiclass SVM (hinge) loss and its gradient. Read katas/svm_loss/README.md, then fill in the function.

Grade yourself with:  pytest katas/svm_loss
"""
import numpy as np


def svm_loss(x: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    """Multiclass hinge loss with margin 1, and its gradient on the scores.

    x: [N, C] scores.  y: [N] integer labels in [0, C).
    loss = mean over i of sum over j != y[i] of max(0, x[i, j] - x[i, y[i]] + 1)
    A margin counts (in the loss and the gradient) when it is > 0.
    Returns (loss, dx): one number, and dx = d loss / d x with x's shape [N, C]
    (float dtype kept; integer scores give float64).
    """
    raise NotImplementedError
