"""A correct LayerNorm / RMSNorm with knobs, so each planted mistake is one changed knob."""
import numpy as np


def check(x, *params, validate_shape=True):
    if x.ndim == 0 or x.shape[-1] == 0:
        raise ValueError("x needs a feature axis of size D > 0")
    for p in params:
        if validate_shape and np.shape(p) != (x.shape[-1],):
            raise ValueError("gamma and beta must be [D]")


def layernorm_forward(x, gamma, beta, eps=1e-5, *, ddof=0, eps_outside=False, axis=-1, one_pass=False,
                      validate_shape=True, upcast=False):
    check(x, gamma, beta, validate_shape=validate_shape)
    if upcast or x.dtype.kind != "f":
        x = x.astype(np.float64)
    mu = x.mean(axis=axis, keepdims=True)
    if one_pass:
        var = (x ** 2).mean(axis=axis, keepdims=True) - mu ** 2
    else:
        var = x.var(axis=axis, ddof=ddof, keepdims=True)
    std = np.sqrt(var) + eps if eps_outside else np.sqrt(var + eps)
    x_hat = (x - mu) / std
    return gamma * x_hat + beta, (x_hat, gamma, std)


def layernorm_backward(dout, cache, *, paths=True, axis0=False, zeros_accumulator=False):
    x_hat, gamma, std = cache
    lead = (0,) if axis0 else tuple(range(dout.ndim - 1))
    d = dout.shape[-1]
    dbeta, dgamma = dout.sum(axis=lead), (dout * x_hat).sum(axis=lead)
    if zeros_accumulator:  # float64 accumulators: upcasts float32
        dgamma, dbeta = np.zeros(d) + dgamma, np.zeros(d) + dbeta
    g = dout * gamma
    if paths:
        dx = (d * g - g.sum(-1, keepdims=True) - x_hat * (g * x_hat).sum(-1, keepdims=True)) / (d * std)
    else:
        dx = g / std
    return dx, dgamma, dbeta


def rmsnorm_forward(x, gamma, eps=1e-6, *, centred=False, one_plus=False, validate_shape=True):
    check(x, gamma, validate_shape=validate_shape)
    if x.dtype.kind != "f":
        x = x.astype(np.float64)
    if centred:
        x = x - x.mean(axis=-1, keepdims=True)
    rms = np.sqrt((x * x).mean(axis=-1, keepdims=True) + eps)
    scale = 1 + gamma if one_plus else gamma
    return scale * x / rms, (x, scale, rms)


def rmsnorm_backward(dout, cache, *, through_rms=True, axis0=False):
    x, gamma, rms = cache
    lead = (0,) if axis0 else tuple(range(dout.ndim - 1))
    dgamma = (dout * x / rms).sum(axis=lead)
    g = dout * gamma
    dx = g / rms
    if through_rms:
        dx = dx - x * (g * x).mean(axis=-1, keepdims=True) / rms ** 3
    return dx, dgamma
