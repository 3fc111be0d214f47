"""WRONG: the row statistics without keepdims=True (shape [N]): a crash for N != D, the columns for N == D."""
import numpy as np

from planted.layernorm import _norm

EXPECT = "keepdims=True"


def layernorm_forward(x, gamma, beta, eps=1e-5):
    _norm.check(x, gamma, beta)
    mu = x.mean(axis=-1)
    std = np.sqrt(x.var(axis=-1) + eps)
    x_hat = (x - mu) / std
    return gamma * x_hat + beta, (x_hat, gamma, std)


def layernorm_backward(dout, cache):
    x_hat, gamma, std = cache
    lead = tuple(range(dout.ndim - 1))
    g = dout * gamma
    dx = (g - g.mean(-1) - x_hat * (g * x_hat).mean(-1)) / std
    return dx, (dout * x_hat).sum(axis=lead), dout.sum(axis=lead)


def rmsnorm_forward(x, gamma, eps=1e-6):
    return _norm.rmsnorm_forward(x, gamma, eps)


def rmsnorm_backward(dout, cache):
    return _norm.rmsnorm_backward(dout, cache)
