"""WRONG: accepts any p and any mode (p = 0 divides by zero, 'eval' runs as train)."""
import numpy as np  # noqa: F401

from planted.dropout._drop import backward, forward

EXPECT = "0 < p <= 1"


def dropout_forward(x, dropout_param):
    return forward(x, dropout_param, validate=False)


def dropout_backward(dout, cache):
    return backward(dout, cache)
