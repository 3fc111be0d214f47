"""Kata: the softmax classifier's loss and gradient. Read katas/softmax_loss/README.md, then fill in the function.

Grade yourself with:  pytest katas/softmax_loss
"""
import numpy as np


def softmax_loss(W: np.ndarray, X: np.ndarray, y: np.ndarray, reg: float) -> tuple[float, np.ndarray]:
    """Loss and gradient of a linear softmax classifier with L2 regularisation.

    W: [D, C] weights.  X: [N, D] examples (one per row).  y: [N] integer labels in [0, C).
    reg: regularisation strength.
    loss = mean over the N examples of -log softmax(X @ W)[i, y[i]]  +  reg * sum(W * W)
    Returns (loss, dW): one number, and dW = d loss / d W with W's shape [D, C] and dtype.
    Stable for large scores (X @ W as large as 1e4).
    """
    raise NotImplementedError
