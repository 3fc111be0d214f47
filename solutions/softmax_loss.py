"""Reference solution for the softmax_loss kata: a linear softmax classifier's loss and gradient."""
from __future__ import annotations

import numpy as np


def softmax_loss(W: np.ndarray, X: np.ndarray, y: np.ndarray, reg: float) -> tuple[float, np.ndarray]:
    """Mean cross-entropy of softmax(X @ W) plus reg * sum(W * W), and its gradient on W."""
    n = X.shape[0]
    rows = np.arange(n)
    scores = X @ W  # [N, C]
    # Shift each row by its max: softmax is unchanged and exp() cannot overflow.
    scores -= np.max(scores, axis=1, keepdims=True)  # in place: scores is our own array
    exp = np.exp(scores)
    sum_exp = np.sum(exp, axis=1)  # [N]
    # -log p_y = log(sum exp) - score_y: never log(p), which is log(0) when p_y underflows.
    loss = np.mean(np.log(sum_exp) - scores[rows, y]) + reg * np.sum(W * W)

    # d(-log p_y)/d scores = p - onehot(y); the mean over N divides it by N.
    dscores = exp / sum_exp[:, None]  # [N, C] probabilities
    dscores[rows, y] -= 1
    dscores /= n
    dW = X.T @ dscores + 2 * reg * W  # [D, N] @ [N, C] -> [D, C]; d(reg * W^2) = 2 reg W
    return loss, dW
