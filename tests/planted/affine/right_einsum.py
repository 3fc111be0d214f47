"""RIGHT: np.einsum over an explicitly flattened x, gradients by einsum too."""
import numpy as np


def affine_forward(x, w, b):
    n, d = x.shape[0], int(np.prod(x.shape[1:]))
    x2 = np.reshape(x, (n, d))
    return np.einsum("nd,dm->nm", x2, w) + b, (x.shape, x2, w)


def affine_backward(dout, cache):
    shape, x2, w = cache
    dx = np.einsum("nm,dm->nd", dout, w).reshape(shape)
    dw = np.einsum("nd,nm->dm", x2, dout)
    db = np.einsum("nm->m", dout)
    return dx, dw, db
