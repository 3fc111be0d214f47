"""WRONG: dx = dout @ w without the transpose (shapes [N, M] @ [D, M] do not fit)."""
from planted.affine._layer import forward

EXPECT = "dout times the transpose of w"

affine_forward = forward


def affine_backward(dout, cache):
    x, w = cache
    x_flat = x.reshape(x.shape[0], -1)
    return (dout @ w).reshape(x.shape), x_flat.T @ dout, dout.sum(axis=0)
