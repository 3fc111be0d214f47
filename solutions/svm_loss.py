"""Reference solution for the svm_loss kata: the multiclass hinge loss and its gradient on the scores."""
from __future__ import annotations

import numpy as np


def svm_loss(x: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    """Mean over N of sum_{j != y_i} max(0, x[i, j] - x[i, y_i] + 1), and its gradient on x."""
    x = np.asarray(x)
    if x.dtype.kind != "f":
        x = x.astype(np.float64)  # integer scores: float loss and gradient
    n = x.shape[0]
    rows = np.arange(n)
    correct = x[rows, y][:, None]  # [N, 1]: a column, so it is subtracted along each row
    margins = np.maximum(0, x - correct + 1)  # [N, C]
    margins[rows, y] = 0  # the correct class is no margin of its own (it would add 1 per row)
    loss = np.sum(margins) / n

    # A margin counts when it is > 0 (one of exactly 0 adds nothing, and has gradient 0 here).
    # Each counted margin adds +1 to its class and -1 to the correct class.
    dx = (margins > 0).astype(x.dtype)  # [N, C]
    dx[rows, y] -= np.sum(dx, axis=1)  # (-=, not = -sum: no -0.0 in rows with nothing counted)
    dx /= n
    return loss, dx
