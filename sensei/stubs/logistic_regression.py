"""Kata: logistic regression, trained by gradient descent. Read katas/logistic_regression/README.md,
then fill in the functions.

Grade yourself with:  pytest katas/logistic_regression
"""
import numpy as np


def sigmoid(z: np.ndarray) -> np.ndarray:
    """1 / (1 + e^-z), elementwise.

    z: any shape. Returns an array of z's shape, values in [0, 1], z's float dtype (integer z gives
    float64). No overflow and no NaN for any finite z (|z| = 1e4 included): it is graded under
    np.errstate(over="raise"), where an exp() that overflows raises FloatingPointError.
    """
    raise NotImplementedError


def loss_and_grad(w: np.ndarray, b: float, X: np.ndarray, y: np.ndarray,
                  l2: float = 0.0) -> tuple[float, np.ndarray, float]:
    """The loss of a logistic regression model and its gradients.

    w: [D], b: a float, X: [N, D], y: [N] labels in [0, 1] (0/1 as int, bool or float; soft labels
    use the same formula). With z = X w + b:
        loss = mean_i(log(1 + e^{z_i}) - y_i z_i) + (l2 / 2) * ||w||^2     (finite for every finite z)
        dw = X^T (sigmoid(z) - y) / N + l2 * w     ([D], X's float dtype)
        db = mean(sigmoid(z) - y)                  (a float: the bias is never regularised)
    Returns (loss, dw, db). Graded under np.errstate(over="raise").
    Raises ValueError when X is not 2-D, len(w) != D, len(y) != N, N = 0 or l2 < 0.
    """
    raise NotImplementedError


def fit(X: np.ndarray, y: np.ndarray, lr: float = 0.1, steps: int = 100,
        l2: float = 0.0) -> tuple[np.ndarray, float]:
    """Full-batch gradient descent on loss_and_grad, from w = 0 (X's float dtype), b = 0.0.

    Each of the `steps` steps evaluates loss_and_grad at the current (w, b), then sets
    w = w - lr * dw and b = b - lr * db, both from that one evaluation. steps = 0 returns the zeros.
    Returns (w [D], b float).
    Raises ValueError when X is not 2-D, len(y) != N, N = 0, l2 < 0, steps < 0 or lr <= 0.
    """
    raise NotImplementedError


def predict_proba(w: np.ndarray, b: float, X: np.ndarray) -> np.ndarray:
    """sigmoid(X w + b): [N], the probability of class 1 for each row, X's float dtype.

    Raises ValueError when X is not 2-D, len(w) != D or N = 0.
    """
    raise NotImplementedError


def predict(w: np.ndarray, b: float, X: np.ndarray) -> np.ndarray:
    """[N] int64: 1 where X w + b > 0, else 0 (a probability of exactly 0.5 predicts 0).

    Raises ValueError when X is not 2-D, len(w) != D or N = 0.
    """
    raise NotImplementedError
