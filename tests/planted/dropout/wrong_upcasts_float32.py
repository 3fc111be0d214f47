"""WRONG: builds the mask in float64, so float32 input gives float64 output."""
import numpy as np  # noqa: F401

from planted.dropout._drop import backward, forward

EXPECT = "float64 and upcasts"


def dropout_forward(x, dropout_param):
    return forward(x, dropout_param, dtype=np.float64)


def dropout_backward(dout, cache):
    return backward(dout, cache)
