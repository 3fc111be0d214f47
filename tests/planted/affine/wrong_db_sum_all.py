"""WRONG: db sums dout over every axis, giving one number instead of [M]."""
import numpy as np

from planted.affine._layer import backward, forward

EXPECT = "db has shape ()"

affine_forward = forward


def affine_backward(dout, cache):
    return backward(dout, cache, db=np.sum)
