"""WRONG: db is the mean of dout over the batch instead of the sum."""
from planted.affine._layer import backward, forward

EXPECT = "a SUM of dout over the batch axis 0"

affine_forward = forward


def affine_backward(dout, cache):
    return backward(dout, cache, db=lambda dout: dout.mean(axis=0))
