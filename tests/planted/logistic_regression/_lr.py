"""A correct logistic regression with knobs, so that each planted mistake changes one thing."""
import numpy as np


def floating(a):
    a = np.asarray(a)
    return a if a.dtype.kind == "f" else a.astype(np.float64)


def checked(w, X, y=None, l2=0.0):
    X = np.asarray(X)
    if X.ndim != 2 or len(X) == 0:
        raise ValueError("X must be [N, D] with N >= 1")
    if w is not None and np.shape(w) != (X.shape[1],):
        raise ValueError("w must be [D]")
    if y is not None and np.shape(y) != (len(X),):
        raise ValueError("y must be [N]")
    if l2 < 0:
        raise ValueError("l2 must be >= 0")
    return X


def sigmoid(z):
    z = floating(z)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1 / (1 + e), e / (1 + e))


def loss_and_grad(w, b, X, y, l2=0.0, *, through_p=False, clip_p=0.0, naive_softplus=False, grad_over_n=True,
                  l2_factor=0.5, l2_bias=False, ascent=False, pm1=False, cast_y=True):
    X = checked(w, X, y, l2)
    w = np.asarray(w)
    z = floating(X @ w + b)
    y = np.asarray(y).astype(z.dtype) if cast_y else np.asarray(y)
    n = len(z)
    p = sigmoid(z)
    if through_p or clip_p:
        q = np.clip(p, clip_p, 1 - clip_p) if clip_p else p
        with np.errstate(divide="ignore", invalid="ignore"):
            data = np.mean(-(y * np.log(q) + (1 - y) * np.log(1 - q)))
    elif naive_softplus:
        data = np.mean(np.log(1 + np.exp(z)) - y * z)
    elif pm1:
        data = np.mean(np.logaddexp(0, -(2 * y - 1) * z))
    else:
        data = np.mean(np.logaddexp(0, z) - y * z)
    loss = data + l2_factor * l2 * np.dot(w, w) + (l2_factor * l2 * b * b if l2_bias else 0.0)
    if pm1:
        s = 2 * y - 1
        r = -s * sigmoid(-s * z)
    else:
        r = p - y
    if ascent:
        r = -r
    scale = n if grad_over_n else 1
    dw = X.T @ r / scale + 2 * l2_factor * l2 * w
    db = np.sum(r) / scale + (2 * l2_factor * l2 * b if l2_bias else 0.0)
    return float(loss), dw, float(db)


def fit(X, y, lr=0.1, steps=100, l2=0.0, *, lg=loss_and_grad, w_first=False, init=None):
    X = checked(None, X, y, l2)
    if steps < 0 or not lr > 0:
        raise ValueError("steps >= 0 and lr > 0")
    dtype = X.dtype if X.dtype.kind == "f" else np.float64
    w = np.zeros(X.shape[1], dtype) if init is None else init(X.shape[1]).astype(dtype)
    b = 0.0
    for _ in range(steps):
        _, dw, db = lg(w, b, X, y, l2)
        if w_first:
            w = w - lr * dw
            b = b - lr * lg(w, b, X, y, l2)[2]
        else:
            w, b = w - lr * dw, b - lr * db
    return w, b


def predict_proba(w, b, X):
    X = checked(w, X)
    return sigmoid(X @ w + b)


def predict(w, b, X, *, ge=False):
    X = checked(w, X)
    z = X @ w + b
    return ((z >= 0) if ge else (z > 0)).astype(np.int64)
