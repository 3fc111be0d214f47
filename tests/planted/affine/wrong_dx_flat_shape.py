"""WRONG: dx is returned flattened, [N, D], instead of x's shape [N, d1, ..., dk]."""
from planted.affine._layer import backward, forward

EXPECT = "dx has x's shape"

affine_forward = forward


def affine_backward(dout, cache):
    return backward(dout, cache, dx_shape=False)
