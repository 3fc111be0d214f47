"""RIGHT: CS231n-style staged backward through a computation graph (mean, centre, variance, sqrt,
invert, scale), with x reshaped to [M, D] and np.einsum for the sums."""
import numpy as np


def _flat(x, *params):
    if x.ndim == 0 or x.shape[-1] == 0:
        raise ValueError("x needs a feature axis of size D > 0")
    for p in params:
        if p.shape != x.shape[-1:]:
            raise ValueError("gamma and beta must have shape [D]")
    if x.dtype.kind != "f":
        x = x.astype(np.float64)
    return x.reshape(-1, x.shape[-1])


def layernorm_forward(x, gamma, beta, eps=1e-5):
    xf = _flat(x, gamma, beta)  # [M, D]
    d = xf.shape[1]
    mu = np.einsum("md->m", xf)[:, None] / d
    xc = xf - mu
    var = np.einsum("md,md->m", xc, xc)[:, None] / d
    sq = np.sqrt(var + eps)
    inv = 1 / sq
    x_hat = xc * inv
    out = gamma * x_hat + beta
    return out.reshape(x.shape), (x.shape, xc, sq, inv, x_hat, gamma)


def layernorm_backward(dout, cache):
    shape, xc, sq, inv, x_hat, gamma = cache
    d = shape[-1]
    df = dout.reshape(-1, d)
    dbeta = np.einsum("md->d", df)
    dgamma = np.einsum("md,md->d", df, x_hat)
    dx_hat = df * gamma
    dinv = np.einsum("md,md->m", dx_hat, xc)[:, None]
    dxc = dx_hat * inv
    dsq = -dinv / sq ** 2
    dvar = dsq / (2 * sq)
    dxc = dxc + 2 * xc * dvar / d
    dmu = -np.einsum("md->m", dxc)[:, None]
    dx = dxc + dmu / d
    return dx.reshape(shape), dgamma, dbeta


def rmsnorm_forward(x, gamma, eps=1e-6):
    xf = _flat(x, gamma)
    d = xf.shape[1]
    ms = np.einsum("md,md->m", xf, xf)[:, None] / d
    r = np.sqrt(ms + eps)
    inv = 1 / r
    out = gamma * (xf * inv)
    return out.reshape(x.shape), (x.shape, xf, r, inv, gamma)


def rmsnorm_backward(dout, cache):
    shape, xf, r, inv, gamma = cache
    d = shape[-1]
    df = dout.reshape(-1, d)
    dgamma = np.einsum("md,md->d", df, xf * inv)
    dy = df * gamma  # gradient with respect to x * inv
    dinv = np.einsum("md,md->m", dy, xf)[:, None]
    dr = -dinv / r ** 2
    dms = dr / (2 * r)
    dx = dy * inv + 2 * xf * dms / d
    return dx.reshape(shape), dgamma
