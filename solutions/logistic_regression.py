"""Reference solution for the logistic_regression kata: binary logistic regression trained by
full-batch gradient descent, computed through the logits."""
from __future__ import annotations

import numpy as np


def _floating(a) -> np.ndarray:
    a = np.asarray(a)
    return a if a.dtype.kind == "f" else a.astype(np.float64)


def _checked(w, X, y=None, l2: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    X = np.asarray(X)
    if X.ndim != 2:
        raise ValueError(f"X must be 2-D [N, D], got shape {X.shape}")
    if X.shape[0] == 0:
        raise ValueError("X has no rows (N = 0)")
    if w is not None and np.shape(w) != (X.shape[1],):
        raise ValueError(f"w must have shape ({X.shape[1]},) for X of shape {X.shape}, got {np.shape(w)}")
    if y is not None and np.shape(y) != (X.shape[0],):
        raise ValueError(f"y must have shape ({X.shape[0]},), got {np.shape(y)}")
    if l2 < 0:
        raise ValueError(f"l2 must be >= 0, got {l2}")
    return (None if w is None else np.asarray(w)), X


def sigmoid(z: np.ndarray) -> np.ndarray:
    """1 / (1 + e^-z), elementwise, for any z without overflow."""
    z = _floating(z)
    # exp(-|z|) <= 1 never overflows; both branches below use only it, so np.where may evaluate
    # both everywhere. For z < 0, e^z / (1 + e^z) keeps tiny probabilities accurate.
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def loss_and_grad(w: np.ndarray, b: float, X: np.ndarray, y: np.ndarray,
                  l2: float = 0.0) -> tuple[float, np.ndarray, float]:
    """Mean binary cross-entropy on the logits z = X w + b, plus (l2 / 2) ||w||^2; its gradients."""
    w, X = _checked(w, X, y, l2)
    z, y, dw, db = _gradients(w, b, X, y, l2)
    # log(1 + e^z) - y z from the logits: log(sigmoid) is log(0) = -inf once p rounds to 0 or 1.
    loss = np.mean(np.logaddexp(0, z) - y * z) + 0.5 * l2 * np.dot(w, w)
    return float(loss), dw, float(db)


def _gradients(w: np.ndarray, b: float, X: np.ndarray, y: np.ndarray, l2: float):
    """The logits z, the labels in z's dtype, and the gradients (dw, db) at (w, b) (inputs checked)."""
    z = _floating(X @ w + b)  # [N]
    y = np.asarray(y).astype(z.dtype)  # int or bool labels must not upcast float32 (or refuse -y)
    r = sigmoid(z) - y  # [N]: d loss_i / d z_i
    dw = X.T @ r / len(z) + l2 * w  # [D]; the 1/2 of the penalty cancels its square's 2
    db = np.mean(r)  # the bias is not regularised
    return z, y, dw, db


def fit(X: np.ndarray, y: np.ndarray, lr: float = 0.1, steps: int = 100,
        l2: float = 0.0) -> tuple[np.ndarray, float]:
    """Full-batch gradient descent from w = 0, b = 0: `steps` updates of (w, b) together."""
    _, X = _checked(None, X, y, l2)
    if steps < 0:
        raise ValueError(f"steps must be >= 0, got {steps}")
    if not lr > 0:
        raise ValueError(f"lr must be > 0, got {lr}")
    w = np.zeros(X.shape[1], dtype=X.dtype if X.dtype.kind == "f" else np.float64)
    b = 0.0
    for _ in range(steps):  # (the gradients of loss_and_grad, without the loss that no step uses)
        _, _, dw, db = _gradients(w, b, X, y, l2)
        # Both from the same evaluation: db belongs to the old w.
        w, b = w - lr * dw, b - lr * float(db)
    return w, b


def predict_proba(w: np.ndarray, b: float, X: np.ndarray) -> np.ndarray:
    """P(y = 1 | x) for each row of X: [N]."""
    w, X = _checked(w, X)
    return sigmoid(X @ w + b)


def predict(w: np.ndarray, b: float, X: np.ndarray) -> np.ndarray:
    """1 where X w + b > 0, else 0: [N] int64 (a probability of exactly 0.5 predicts 0)."""
    w, X = _checked(w, X)
    # The logit's sign, not p > 0.5: the same decision without rounding p.
    return (X @ w + b > 0).astype(np.int64)
