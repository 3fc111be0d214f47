"""A correct affine layer with knobs, so each planted mistake is one changed knob."""
import numpy as np


def forward(x, w, b, flatten=lambda x: x.reshape(x.shape[0], -1)):
    return flatten(x) @ w + b, (x, w)


def backward(dout, cache, dx_shape=True, db=lambda dout: dout.sum(axis=0), flat_for_dw=True):
    x, w = cache
    x_flat = x.reshape(x.shape[0], -1)
    dx = dout @ w.T
    dx = dx.reshape(x.shape) if dx_shape else dx
    dw = (x_flat if flat_for_dw else x).T @ dout
    return dx, dw, db(dout)
