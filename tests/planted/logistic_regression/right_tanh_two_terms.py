"""RIGHT: sigmoid as (1 + tanh(z / 2)) / 2 (tanh never overflows); the loss as y * softplus(-z) +
(1 - y) * softplus(z) with softplus(t) = max(t, 0) + log1p(exp(-|t|)); predict from p > 0.5; fit updating
w and b as separate statements after one evaluation."""
import numpy as np


def _float(a):
    a = np.asarray(a)
    return a if a.dtype.kind == "f" else a.astype(np.float64)


def _softplus(t):
    return np.maximum(t, 0) + np.log1p(np.exp(-np.abs(t)))


def _logits(w, b, X):
    X = np.asarray(X)
    if X.ndim != 2 or X.shape[0] == 0 or np.shape(w) != (X.shape[1],):
        raise ValueError("X must be [N, D] (N >= 1) and w [D]")
    return _float(X @ w + b)


def sigmoid(z):
    z = _float(z)
    return (1 + np.tanh(z / 2)) / 2


def loss_and_grad(w, b, X, y, l2=0.0):
    z = _logits(w, b, X)
    if np.shape(y) != z.shape or l2 < 0:
        raise ValueError("y must be [N] and l2 >= 0")
    y = np.asarray(y, dtype=z.dtype)
    data = np.mean(y * _softplus(-z) + (1 - y) * _softplus(z))
    r = (1 - y) * sigmoid(z) - y * sigmoid(-z)  # = sigmoid(z) - y
    w = np.asarray(w)
    return float(data + l2 / 2 * np.sum(w * w)), np.asarray(X).T @ r / len(z) + l2 * w, float(r.mean())


def fit(X, y, lr=0.1, steps=100, l2=0.0):
    X = np.asarray(X)
    if X.ndim != 2 or steps < 0 or lr <= 0:
        raise ValueError("X must be 2-D, steps >= 0, lr > 0")
    w = np.zeros(X.shape[1], dtype=_float(X[:0]).dtype)
    b = 0.0
    loss_and_grad(w, b, X, y, l2)  # checks the inputs, also when steps = 0
    for _ in range(steps):
        _, dw, db = loss_and_grad(w, b, X, y, l2)
        w = w - lr * dw
        b = b - lr * db
    return w, b


def predict_proba(w, b, X):
    return sigmoid(_logits(w, b, X))


def predict(w, b, X):
    return (predict_proba(w, b, X) > 0.5).astype(np.int64)
