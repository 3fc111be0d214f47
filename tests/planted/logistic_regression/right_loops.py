"""RIGHT: one example at a time with the math module, the two-sided sigmoid and log1p, in float64; the
results cast back to X's float dtype."""
import math

import numpy as np


def _dtype(*arrays):
    dtype = np.result_type(*(np.asarray(a).dtype for a in arrays))
    return dtype if dtype.kind == "f" else np.dtype(np.float64)


def _check(w, X, y=None, l2=0.0):
    if np.ndim(X) != 2 or len(X) == 0:
        raise ValueError("X must be [N, D], N >= 1")
    if w is not None and len(w) != np.shape(X)[1]:
        raise ValueError("len(w) != D")
    if y is not None and len(y) != len(X):
        raise ValueError("len(y) != N")
    if l2 < 0:
        raise ValueError("l2 < 0")


def _sig(t):
    if t >= 0:
        return 1.0 / (1.0 + math.exp(-t))
    e = math.exp(t)
    return e / (1.0 + e)


def _softplus(t):  # log(1 + e^t)
    return max(t, 0.0) + math.log1p(math.exp(-abs(t)))


def _logit(w, b, row):
    return sum(float(wj) * float(xj) for wj, xj in zip(w, row)) + float(b)


def sigmoid(z):
    z = np.asarray(z)
    out = [_sig(float(t)) for t in z.ravel()]
    return np.array(out, dtype=_dtype(z)).reshape(z.shape)


def loss_and_grad(w, b, X, y, l2=0.0):
    _check(w, X, y, l2)
    n, d = len(X), len(w)
    loss, dw, db = 0.0, [0.0] * d, 0.0
    for row, label in zip(X, y):
        t, label = _logit(w, b, row), float(label)
        loss += _softplus(t) - label * t
        r = _sig(t) - label
        for j in range(d):
            dw[j] += r * float(row[j])
        db += r
    penalty = sum(float(wj) ** 2 for wj in w)
    dw = [g / n + l2 * float(wj) for g, wj in zip(dw, w)]
    return loss / n + 0.5 * l2 * penalty, np.array(dw, dtype=_dtype(X, w)), db / n


def fit(X, y, lr=0.1, steps=100, l2=0.0):
    _check(None, X, y, l2)
    if steps < 0 or lr <= 0:
        raise ValueError("steps >= 0 and lr > 0")
    w, b = np.zeros(np.shape(X)[1], dtype=_dtype(X)), 0.0
    for _ in range(steps):
        _, dw, db = loss_and_grad(w, b, X, y, l2)
        w, b = w - lr * dw, b - lr * db
    return w, b


def predict_proba(w, b, X):
    _check(w, X)
    return np.array([_sig(_logit(w, b, row)) for row in X], dtype=_dtype(X, w))


def predict(w, b, X):
    _check(w, X)
    return np.array([1 if _logit(w, b, row) > 0 else 0 for row in X], dtype=np.int64)
