"""RIGHT: x flattened to rows [M, D], then plain Python loops per row (np.var for the variance), the
backward written from the chain rule entry by entry."""
import math

import numpy as np


def _rows(x, *params):
    if x.ndim == 0 or x.shape[-1] == 0:
        raise ValueError("x needs a feature axis of size D > 0")
    if any(np.shape(p) != (x.shape[-1],) for p in params):
        raise ValueError("gamma and beta must have shape [D]")
    return x.reshape(-1, x.shape[-1])


def layernorm_forward(x, gamma, beta, eps=1e-5):
    rows = _rows(x, gamma, beta)
    dtype = x.dtype if x.dtype.kind == "f" else np.dtype(np.float64)
    out, x_hat, std = np.empty(rows.shape, dtype), np.empty(rows.shape, dtype), []
    for i, row in enumerate(rows):
        mean = row.mean()
        s = math.sqrt(float(np.var(row)) + eps)
        std.append(s)
        for j in range(len(row)):
            x_hat[i, j] = (row[j] - mean) / s
            out[i, j] = gamma[j] * x_hat[i, j] + beta[j]
    return out.reshape(x.shape), (x.shape, x_hat, gamma, std)


def layernorm_backward(dout, cache):
    shape, x_hat, gamma, std = cache
    d = shape[-1]
    douts = dout.reshape(-1, d)
    dx = np.empty_like(douts)
    dgamma, dbeta = np.zeros(d, dout.dtype), np.zeros(d, dout.dtype)
    for i, (row, xh) in enumerate(zip(douts, x_hat)):
        dgamma += row * xh
        dbeta += row
        g = row * gamma  # dL/dx_hat
        g_sum, gx_sum = g.sum(), (g * xh).sum()
        for j in range(d):
            dx[i, j] = (g[j] - g_sum / d - xh[j] * gx_sum / d) / std[i]
    return dx.reshape(shape), dgamma, dbeta


def rmsnorm_forward(x, gamma, eps=1e-6):
    rows = _rows(x, gamma)
    dtype = x.dtype if x.dtype.kind == "f" else np.dtype(np.float64)
    out, rms = np.empty(rows.shape, dtype), []
    for i, row in enumerate(rows):
        r = math.sqrt(sum(float(v) * float(v) for v in row) / len(row) + eps)
        rms.append(r)
        for j in range(len(row)):
            out[i, j] = gamma[j] * row[j] / r
    return out.reshape(x.shape), (x.shape, rows.astype(dtype), gamma, rms)


def rmsnorm_backward(dout, cache):
    shape, rows, gamma, rms = cache
    d = shape[-1]
    douts = dout.reshape(-1, d)
    dx, dgamma = np.empty_like(douts), np.zeros(d, dout.dtype)
    for i, (row, x) in enumerate(zip(douts, rows)):
        r = rms[i]
        dgamma += row * x / r
        gx = float((row * gamma * x).sum())
        for j in range(d):
            # d(x_j / r)/dx_k = delta_jk / r - x_j x_k / (D r^3)
            dx[i, j] = row[j] * gamma[j] / r - x[j] * gx / (d * r ** 3)
    return dx.reshape(shape), dgamma
