"""Reference solution for the layernorm kata: LayerNorm and RMSNorm over the last axis, forward and backward."""
from __future__ import annotations

import numpy as np


def _check(x: np.ndarray, **params: np.ndarray) -> None:
    if x.ndim == 0:
        raise ValueError("x must have at least one axis (the features, last)")
    d = x.shape[-1]
    if d == 0:
        raise ValueError("x has no features (D = 0): there is nothing to normalise")
    for name, p in params.items():
        # Exactly [D]: a [1] or scalar gamma would broadcast and hide a wrong parameter.
        if np.shape(p) != (d,):
            raise ValueError(f"{name} must have shape ({d},), not {np.shape(p)}")


def _row_dot(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """sum(a * b) over the last axis, kept as [..., 1], without building the product."""
    return np.einsum("...d,...d->...", a, b)[..., None]


def layernorm_forward(x: np.ndarray, gamma: np.ndarray, beta: np.ndarray,
                      eps: float = 1e-5) -> tuple[np.ndarray, tuple]:
    """out = gamma * (x - mean) / sqrt(var + eps) + beta, statistics over the last axis."""
    _check(x, gamma=gamma, beta=beta)
    if x.dtype.kind != "f":
        x = x.astype(np.float64)  # integer x gives float64
    d = x.shape[-1]
    mu = x.mean(axis=-1, keepdims=True)  # [..., 1]
    xc = x - mu
    # The biased variance (divide by D), from the centred x: E[x^2] - E[x]^2 would cancel
    # catastrophically for rows with a large mean and a small spread.
    var = _row_dot(xc, xc) / d  # [..., 1]
    inv_std = 1 / np.sqrt(var + eps)  # eps inside the root: finite for a constant row
    x_hat = xc
    x_hat *= inv_std  # in place: xc is our own array
    out = x_hat * gamma
    out += beta
    return out, (x_hat, gamma, inv_std)


def layernorm_backward(dout: np.ndarray, cache: tuple) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Gradients of layernorm_forward: dx [..., D], dgamma [D], dbeta [D]."""
    x_hat, gamma, inv_std = cache
    d = x_hat.shape[-1]
    # dgamma and dbeta sum over every leading axis: all rows at once as [M, D] (x may be [D] or [B, T, D]).
    dout_rows = dout.reshape(-1, d)
    dbeta = dout_rows.sum(axis=0)
    dgamma = np.einsum("md,md->d", dout_rows, x_hat.reshape(-1, d))
    g = dout * gamma  # the gradient with respect to x_hat
    # x reaches x_hat directly, through the row mean and through the row variance:
    # dx = (g - mean(g) - x_hat * mean(g * x_hat)) / std, means over the row. In place, to spare passes.
    dx = x_hat * (_row_dot(g, x_hat) / d)
    np.subtract(g, dx, out=dx)
    dx -= g.mean(axis=-1, keepdims=True)
    dx *= inv_std
    return dx, dgamma, dbeta


def rmsnorm_forward(x: np.ndarray, gamma: np.ndarray, eps: float = 1e-6) -> tuple[np.ndarray, tuple]:
    """out = gamma * x / sqrt(mean(x**2) + eps) over the last axis: no centring, no beta."""
    _check(x, gamma=gamma)
    if x.dtype.kind != "f":
        x = x.astype(np.float64)
    d = x.shape[-1]
    inv_rms = 1 / np.sqrt(_row_dot(x, x) / d + eps)  # [..., 1]
    x_hat = x * inv_rms
    return gamma * x_hat, (x_hat, gamma, inv_rms)


def rmsnorm_backward(dout: np.ndarray, cache: tuple) -> tuple[np.ndarray, np.ndarray]:
    """Gradients of rmsnorm_forward: dx [..., D], dgamma [D]."""
    x_hat, gamma, inv_rms = cache
    d = x_hat.shape[-1]
    dgamma = np.einsum("md,md->d", dout.reshape(-1, d), x_hat.reshape(-1, d))  # over every leading axis
    g = dout * gamma
    # 1/rms depends on every x of the row: its path adds -x_hat * mean(g * x_hat) (no mean path here).
    dx = x_hat * (_row_dot(g, x_hat) / d)
    np.subtract(g, dx, out=dx)
    dx *= inv_rms
    return dx, dgamma
