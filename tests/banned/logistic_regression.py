"""BANNED (a correct solution that uses what its kata bans, so it fails with the one banned line): torch: the loss is binary_cross_entropy_with_logits (mean) plus (l2 / 2) * ||w||^2, the gradients
by autograd; numpy in and out."""
import numpy as np
import torch

torch.set_num_threads(1)  # tiny ops: threads cost more than they save


def _dtype(*arrays):
    dtype = np.result_type(*(np.asarray(a).dtype for a in arrays))
    return dtype if dtype.kind == "f" else np.dtype(np.float64)


def _check(w, X, y=None, l2=0.0):
    X = np.asarray(X)
    if X.ndim != 2 or len(X) == 0:
        raise ValueError("X must be [N, D], N >= 1")
    if w is not None and np.shape(w) != (X.shape[1],):
        raise ValueError("len(w) != D")
    if y is not None and np.shape(y) != (len(X),):
        raise ValueError("len(y) != N")
    if l2 < 0:
        raise ValueError("l2 < 0")


def sigmoid(z):
    z = np.asarray(z)
    return torch.sigmoid(torch.from_numpy(z.astype(_dtype(z)))).numpy()


def loss_and_grad(w, b, X, y, l2=0.0):
    _check(w, X, y, l2)
    dtype = torch.from_numpy(np.zeros(0, _dtype(X, w))).dtype
    wt = torch.tensor(np.asarray(w), dtype=dtype, requires_grad=True)
    bt = torch.tensor(float(b), dtype=dtype, requires_grad=True)
    z = torch.from_numpy(np.asarray(X)).to(dtype) @ wt + bt
    target = torch.from_numpy(np.asarray(y)).to(dtype)
    loss = torch.nn.functional.binary_cross_entropy_with_logits(z, target) + l2 / 2 * (wt * wt).sum()
    loss.backward()
    return loss.item(), wt.grad.numpy(), bt.grad.item()


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
    return sigmoid(np.asarray(X) @ np.asarray(w) + b)


def predict(w, b, X):
    _check(w, X)
    return (np.asarray(X) @ np.asarray(w) + b > 0).astype(np.int64)
